// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the import pipeline: the RFC 4180 reader (with small limits, so that the
// limit paths are reached), the text decoder, the payroll import, the era date parser and the
// retention rule parser. The first byte chooses options; the rest is the input. Any input must give
// a value or a clean error, never a crash, an out-of-bounds access, a limit exceeded, an issue that
// could echo a number, or a rule table that does not survive its own round trip.
#include "services/common/number_validation.h"
#include "services/vault/csv_import.h"
#include "services/vault/csv_reader.h"
#include "services/vault/retention.h"
#include "services/vault/text_encoding.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace mamori;
using namespace mamori::vault;

void require(bool condition)
{
    if (!condition)
        std::abort();
}

// Whether `text` holds a run of ASCII digits that is a valid individual or corporate number.
bool holdsNumber(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] < '0' || text[i] > '9') {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9')
            ++end;
        const std::string_view run = text.substr(i, end - i);
        if (parseIndividualNumber(run).ok() || parseCorporateNumber(run).ok())
            return true;
        i = end;
    }
    return false;
}

void fuzzReader(std::string_view input, std::uint8_t mode)
{
    CsvOptions options;
    options.limits.maxInputBytes = 1 << 16;
    options.limits.maxFieldsPerRecord = 16;
    options.limits.maxFieldBytes = 64;
    options.limits.maxRecords = 64;
    options.skipBlankLines = (mode & 1) != 0;
    options.uniformFieldCount = (mode & 2) != 0;
    options.commentPrefix = (mode & 4) != 0 ? '#' : '\0';
    CsvReader reader(input, options);
    CsvRecord record;
    std::size_t previousLine = 0;
    for (;;) {
        auto next = reader.next(record);
        if (!next.ok()) {
            require(next.code() == ErrorCode::InvalidArgument || next.code() == ErrorCode::TooLarge);
            require(reader.errorPosition().line >= 1);
            // The error stays.
            require(!reader.next(record).ok());
            break;
        }
        if (!next.value())
            break;
        require(record.size() >= 1 && record.size() <= options.limits.maxFieldsPerRecord);
        require(record.line() > previousLine);
        previousLine = record.line();
        for (std::size_t i = 0; i < record.size(); ++i)
            require(record[i].size() <= options.limits.maxFieldBytes);
    }
    require(reader.recordsRead() <= options.limits.maxRecords);
}

void fuzzDecoder(std::string_view input, TextEncoding encoding)
{
    auto decoded = decodeText(input, encoding);
    if (!decoded.ok())
        return;
    require(isValidUtf8(decoded.value().utf8()));
    require(decoded.value().utf8().find('\r') == std::string_view::npos);
    require(decoded.value().encoding() != TextEncoding::Auto);
}

void fuzzImport(std::string_view input, std::uint8_t mode, TextEncoding encoding)
{
    ImportOptions options;
    options.encoding = encoding;
    options.resolveParentsInVault = (mode & 0x40) != 0;
    options.maxRows = 256;
    if ((mode & 0x80) != 0)
        options.today = std::chrono::year{2025} / 1 / 1;
    auto result = parseImport(input, options);
    if (!result.ok()) {
        require(!holdsNumber(result.error().context()));
        return;
    }
    ImportBatch& batch = result.value();
    require(batch.rows.size() <= options.maxRows);
    require(batch.issues.size() <= kMaxImportIssues);
    std::size_t flagged = 0;
    for (const ImportRow& row : batch.rows) {
        require(row.line >= 2);
        flagged += row.hasIssues ? 1 : 0;
        if (row.number)
            require(row.number->size() == kIndividualNumberDigits || row.number->size() == kCorporateNumberDigits);
        require(isValidUtf8(row.name) && isValidUtf8(row.address) && isValidUtf8(row.employeeCode));
    }
    require(batch.validRows().size() == batch.rows.size() - flagged);
    require(batch.allValid() == (flagged == 0 && batch.issues.empty()));
    for (const ImportIssue& issue : batch.issues) {
        require(!holdsNumber(issue.detail));
        require(!holdsNumber(issue.column));
    }
    for (const std::string& column : batch.ignoredColumns)
        require(!holdsNumber(column));
    const std::vector<std::string> missing = batch.parentCodesToResolve;
    batch.markParentsNotFound(missing);
    require(batch.parentCodesToResolve.empty());
}

void fuzzRules(std::string_view input)
{
    auto rules = parseRetentionRules(input);
    if (!rules.ok())
        return;
    const auto again = parseRetentionRules(formatRetentionRules(rules.value()));
    require(again.ok() && again.value() == rules.value());
    DocumentFacts facts;
    facts.taxYear = 2020;
    facts.filedDate = std::chrono::year{2020} / 2 / 29;
    facts.completedDate = std::chrono::year{2021} / 3 / 31;
    for (const RetentionRule& rule : rules.value()) {
        facts.ruleCode = rule.code;
        const auto period = retentionEnd(rule, facts);
        if (period.ok())
            require(std::chrono::sys_days{period.value().firstDisposableDay} >
                    std::chrono::sys_days{period.value().anchorDate});
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::uint8_t mode = data[0];
    const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
    const TextEncoding encodings[] = {TextEncoding::Auto, TextEncoding::Utf8, TextEncoding::Cp932, TextEncoding::Auto};
    const TextEncoding encoding = encodings[(mode >> 3) & 3];

    fuzzReader(input, mode);
    fuzzDecoder(input, encoding);
    fuzzImport(input, mode, encoding);
    fuzzRules(input);
    if (input.size() <= 80) {
        const auto date = parseJapaneseDate(input);
        if (date.ok())
            require(date.value().ok());
    }
    return 0;
}

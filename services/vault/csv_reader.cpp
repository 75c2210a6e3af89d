// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/csv_reader.h"

#include "services/vault/text_encoding.h"

#include <algorithm>
#include <array>

namespace mamori::vault {
namespace {

// Bytes that end an unquoted run: separator, line ends, and the quote (which is an error there).
constexpr std::array<bool, 256> kStops = [] {
    std::array<bool, 256> stops{};
    stops[static_cast<unsigned char>(',')] = true;
    stops[static_cast<unsigned char>('\n')] = true;
    stops[static_cast<unsigned char>('\r')] = true;
    stops[static_cast<unsigned char>('"')] = true;
    return stops;
}();

// Appends to a field that may hold personal data: when the buffer must grow, the old one is wiped
// before it is released.
void appendWiping(std::string& field, std::string_view more)
{
    if (field.size() + more.size() > field.capacity()) {
        std::string bigger;
        bigger.reserve(std::max(field.capacity() * 2, field.size() + more.size()));
        bigger.append(field);
        wipeString(field);
        field.swap(bigger);
    }
    field.append(more);
}

} // namespace

CsvRecord& CsvRecord::operator=(CsvRecord&& other) noexcept
{
    if (this != &other) {
        wipe();
        m_fields = std::move(other.m_fields);
        m_count = other.m_count;
        m_line = other.m_line;
        other.m_fields.clear();
        other.m_count = 0;
    }
    return *this;
}

CsvRecord::~CsvRecord() { wipe(); }

void CsvRecord::wipe() noexcept
{
    for (std::string& field : m_fields)
        wipeString(field);
}

bool CsvRecord::isBlank() const noexcept
{
    for (std::size_t i = 0; i < m_count; ++i) {
        if (!m_fields[i].empty())
            return false;
    }
    return true;
}

void CsvRecord::reset(std::size_t line) noexcept
{
    m_count = 0;
    m_line = line;
}

std::string& CsvRecord::beginField()
{
    if (m_count == m_fields.size())
        m_fields.emplace_back();
    std::string& field = m_fields[m_count++];
    field.clear();
    return field;
}

CsvReader::CsvReader(std::string_view utf8, CsvOptions options) : m_text(utf8), m_options(options) {}

std::size_t CsvReader::columnOf(std::size_t offset, std::size_t lineStart) const noexcept
{
    // Count characters, not bytes: UTF-8 continuation bytes do not start a character.
    std::size_t column = 1;
    const std::size_t end = std::min(offset, m_text.size());
    for (std::size_t i = lineStart; i < end; ++i) {
        if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80)
            ++column;
    }
    return column;
}

Error CsvReader::fail(ErrorCode code, std::size_t offset, std::size_t line, std::size_t lineStart, std::size_t field,
                      std::string_view reason)
{
    m_failed = true;
    m_errorCode = code;
    m_errorPosition = CsvPosition{line, field, columnOf(offset, lineStart)};
    m_errorContext = "CSV line " + std::to_string(line) + ", field " + std::to_string(field) + ", column " +
                     std::to_string(m_errorPosition.column) + ": " + std::string(reason);
    return Error(code, m_errorContext);
}

bool CsvReader::skipIgnoredLines()
{
    // Returns true if there is a record to read at m_pos.
    while (m_pos < m_text.size()) {
        const char c = m_text[m_pos];
        if (m_options.skipBlankLines && c == '\n') {
            ++m_pos;
        } else if (m_options.skipBlankLines && c == '\r' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\n') {
            m_pos += 2;
        } else if (m_options.commentPrefix != '\0' && c == m_options.commentPrefix) {
            const std::size_t newline = m_text.find('\n', m_pos);
            m_pos = newline == std::string_view::npos ? m_text.size() : newline + 1;
        } else {
            return true;
        }
        ++m_line;
        m_lineStart = m_pos;
    }
    return false;
}

Result<bool> CsvReader::next(CsvRecord& record)
{
    if (m_failed)
        return Error(m_errorCode, m_errorContext);
    const CsvLimits& limits = m_options.limits;
    if (m_pos == 0 && m_text.size() > limits.maxInputBytes)
        return fail(ErrorCode::TooLarge, 0, 1, 0, 0,
                    "input of " + std::to_string(m_text.size()) + " bytes exceeds the limit of " +
                        std::to_string(limits.maxInputBytes));
    if (!skipIgnoredLines())
        return false;
    if (m_records == limits.maxRecords)
        return fail(ErrorCode::TooLarge, m_pos, m_line, m_lineStart, 0,
                    "more than " + std::to_string(limits.maxRecords) + " records");

    record.reset(m_line);
    const std::size_t size = m_text.size();
    const char* const text = m_text.data();
    for (;;) {
        const std::size_t fieldNumber = record.size() + 1;
        if (record.size() == limits.maxFieldsPerRecord)
            return fail(ErrorCode::TooLarge, m_pos, m_line, m_lineStart, fieldNumber,
                        "more than " + std::to_string(limits.maxFieldsPerRecord) + " fields in a record");
        std::string& field = record.beginField();

        if (m_pos < size && text[m_pos] == '"') {
            const std::size_t quoteOffset = m_pos;
            const std::size_t quoteLine = m_line;
            const std::size_t quoteLineStart = m_lineStart;
            ++m_pos;
            for (;;) {
                const std::size_t close = m_text.find('"', m_pos);
                if (close == std::string_view::npos)
                    return fail(ErrorCode::InvalidArgument, quoteOffset, quoteLine, quoteLineStart, fieldNumber,
                                "quoted field is not terminated");
                const std::string_view segment = m_text.substr(m_pos, close - m_pos);
                if (field.size() + segment.size() > limits.maxFieldBytes)
                    return fail(ErrorCode::TooLarge, quoteOffset, quoteLine, quoteLineStart, fieldNumber,
                                "field longer than " + std::to_string(limits.maxFieldBytes) + " bytes");
                // Line breaks inside quotes still count as lines of the file.
                for (std::size_t nl = segment.find('\n'); nl != std::string_view::npos;
                     nl = segment.find('\n', nl + 1)) {
                    ++m_line;
                    m_lineStart = m_pos + nl + 1;
                }
                appendWiping(field, segment);
                m_pos = close + 1;
                if (m_pos < size && text[m_pos] == '"') {
                    if (field.size() + 1 > limits.maxFieldBytes)
                        return fail(ErrorCode::TooLarge, quoteOffset, quoteLine, quoteLineStart, fieldNumber,
                                    "field longer than " + std::to_string(limits.maxFieldBytes) + " bytes");
                    appendWiping(field, "\"");
                    ++m_pos;
                    continue;
                }
                break;
            }
            if (m_pos < size && text[m_pos] != ',' && text[m_pos] != '\n' &&
                !(text[m_pos] == '\r' && m_pos + 1 < size && text[m_pos + 1] == '\n'))
                return fail(
                    ErrorCode::InvalidArgument, m_pos, m_line, m_lineStart, fieldNumber,
                    "unexpected character after a closing quote (a quote inside a quoted field must be doubled)");
        } else {
            std::size_t end = m_pos;
            while (end < size && !kStops[static_cast<unsigned char>(text[end])])
                ++end;
            if (end < size && text[end] == '"')
                return fail(ErrorCode::InvalidArgument, end, m_line, m_lineStart, fieldNumber,
                            "quote inside an unquoted field (quote the whole field and double the quote)");
            if (end < size && text[end] == '\r' && !(end + 1 < size && text[end + 1] == '\n'))
                return fail(ErrorCode::InvalidArgument, end, m_line, m_lineStart, fieldNumber,
                            "carriage return that does not end a line, outside quotes");
            if (end - m_pos > limits.maxFieldBytes)
                return fail(ErrorCode::TooLarge, m_pos, m_line, m_lineStart, fieldNumber,
                            "field longer than " + std::to_string(limits.maxFieldBytes) + " bytes");
            if (end - m_pos > field.capacity())
                wipeString(field);
            field.assign(text + m_pos, end - m_pos);
            m_pos = end;
        }

        // Here m_pos is at a separator, a line end or the end of the input.
        if (m_pos < size && text[m_pos] == ',') {
            ++m_pos;
            continue;
        }
        if (m_pos < size) {
            m_pos += text[m_pos] == '\r' ? 2 : 1;
            ++m_line;
            m_lineStart = m_pos;
        }
        break;
    }

    ++m_records;
    if (m_options.uniformFieldCount) {
        if (m_records == 1) {
            m_expectedFields = record.size();
        } else if (record.size() != m_expectedFields) {
            const bool tooMany = record.size() > m_expectedFields;
            return fail(ErrorCode::InvalidArgument, 0, record.line(), 0, std::min(record.size(), m_expectedFields) + 1,
                        std::string(tooMany ? "too many" : "too few") + " fields: " + std::to_string(record.size()) +
                            " where the first record has " + std::to_string(m_expectedFields));
        }
    }
    return true;
}

Result<std::vector<CsvRecord>> readAllCsv(std::string_view utf8, CsvOptions options)
{
    CsvReader reader(utf8, options);
    std::vector<CsvRecord> records;
    for (;;) {
        CsvRecord record;
        MAMORI_ASSIGN_OR_RETURN(const bool more, reader.next(record));
        if (!more)
            break;
        records.push_back(std::move(record));
    }
    return records;
}

} // namespace mamori::vault

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/csv_import.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>

namespace mamori::vault {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

// ---------------------------------------------------------------------------------------------
// UTF-8 helpers. Text reaching them came through decodeText() or is checked first, so it is valid.

// Decodes the code point at `pos` (valid UTF-8 assumed; a stray byte decodes as itself).
char32_t nextCodePoint(std::string_view text, std::size_t& pos) noexcept
{
    const auto byte = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(text[i])); };
    const char32_t lead = byte(pos);
    std::size_t length = 1;
    char32_t value = lead;
    if (lead >= 0xF0) {
        length = 4;
        value = lead & 0x07;
    } else if (lead >= 0xE0) {
        length = 3;
        value = lead & 0x0F;
    } else if (lead >= 0xC0) {
        length = 2;
        value = lead & 0x1F;
    }
    if (length > 1 && text.size() - pos < length) {
        ++pos;
        return lead;
    }
    for (std::size_t i = 1; i < length; ++i)
        value = (value << 6) | (byte(pos + i) & 0x3F);
    pos += length;
    return value;
}

void appendUtf8(std::string& out, char32_t c)
{
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

std::size_t countCodePoints(std::string_view text) noexcept
{
    std::size_t count = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++count;
    }
    return count;
}

bool isSpace(char32_t c) noexcept { return c == U' ' || c == U'\t' || c == U'\u3000'; }

// Removes ASCII spaces, tabs and ideographic spaces at both ends.
std::string_view trim(std::string_view text) noexcept
{
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t pos = begin;
        if (!isSpace(nextCodePoint(text, pos)))
            break;
        begin = pos;
    }
    std::size_t end = text.size();
    while (end > begin) {
        // Step back to the start of the last code point.
        std::size_t start = end - 1;
        while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
            --start;
        std::size_t pos = start;
        if (!isSpace(nextCodePoint(text, pos)))
            break;
        end = start;
    }
    return text.substr(begin, end - begin);
}

// Full-width ASCII (U+FF01-U+FF5E) to ASCII and the ideographic space to a space; everything else
// unchanged. Payroll software on Windows writes codes and dates in either width.
std::string foldWidth(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        char32_t c = nextCodePoint(text, pos);
        if (c >= U'\uFF01' && c <= U'\uFF5E')
            c = c - U'\uFF01' + U'!';
        else if (c == U'\u3000')
            c = U' ';
        appendUtf8(out, c);
    }
    return out;
}

char asciiLower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string asciiLowered(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        c = asciiLower(c);
    return out;
}

// Wipes a temporary copy of a cell when it goes out of scope.
struct WipeOnExit {
    std::string& text;
    ~WipeOnExit() { wipeString(text); }
};

// Hyphens and spaces that may separate the digits of a number (as number_validation.h accepts).
bool isNumberSeparator(char32_t c) noexcept
{
    switch (c) {
    case U' ':
    case U'\u3000':
    case U'-':
    case U'\u2010':
    case U'\u2011':
    case U'\u2012':
    case U'\u2013':
    case U'\u2212':
    case U'\uFF0D':
    case U'\u30FC':
    case U'\uFF70':
        return true;
    default:
        return false;
    }
}

bool isDigitCodePoint(char32_t c) noexcept { return (c >= U'0' && c <= U'9') || (c >= U'\uFF10' && c <= U'\uFF19'); }

// Whether `text` holds, anywhere, a run of digits (possibly grouped by hyphens or spaces) that is a
// valid individual or corporate number. Such a value must not be stored in a plaintext column.
bool containsNumberLike(std::string_view text)
{
    std::size_t pos = 0;
    std::size_t runStart = 0;
    std::size_t runEnd = 0;
    std::size_t digits = 0;
    const auto check = [&]() {
        if (digits != kIndividualNumberDigits && digits != kCorporateNumberDigits)
            return false;
        const std::string_view run = text.substr(runStart, runEnd - runStart);
        return digits == kIndividualNumberDigits ? parseIndividualNumber(run).ok() : parseCorporateNumber(run).ok();
    };
    while (pos < text.size()) {
        const std::size_t start = pos;
        const char32_t c = nextCodePoint(text, pos);
        if (isDigitCodePoint(c)) {
            if (digits == 0)
                runStart = start;
            ++digits;
            runEnd = pos;
        } else if (digits > 0 && isNumberSeparator(c)) {
            continue;
        } else {
            if (check())
                return true;
            digits = 0;
        }
    }
    return check();
}

std::size_t countDigits(std::string_view text) noexcept
{
    std::size_t digits = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (isDigitCodePoint(nextCodePoint(text, pos)))
            ++digits;
    }
    return digits;
}

// ---------------------------------------------------------------------------------------------
// Header and kind aliases (IMPORT_FORMAT.md lists the same).

struct Alias {
    std::string_view text; // after foldWidth and ASCII lower-casing
    ImportField field;
};

constexpr std::array kHeaderAliases{
    Alias{"employee_code", ImportField::EmployeeCode},
    Alias{"employee_id", ImportField::EmployeeCode},
    Alias{"employee_no", ImportField::EmployeeCode},
    Alias{"staff_code", ImportField::EmployeeCode},
    Alias{"payee_code", ImportField::EmployeeCode},
    Alias{"code", ImportField::EmployeeCode},
    Alias{"社員番号", ImportField::EmployeeCode},
    Alias{"社員コード", ImportField::EmployeeCode},
    Alias{"社員no", ImportField::EmployeeCode},
    Alias{"社員no.", ImportField::EmployeeCode},
    Alias{"従業員番号", ImportField::EmployeeCode},
    Alias{"従業員コード", ImportField::EmployeeCode},
    Alias{"職員番号", ImportField::EmployeeCode},
    Alias{"職員コード", ImportField::EmployeeCode},
    Alias{"コード", ImportField::EmployeeCode},
    Alias{"取引先コード", ImportField::EmployeeCode},
    Alias{"支払先コード", ImportField::EmployeeCode},
    Alias{"name", ImportField::Name},
    Alias{"full_name", ImportField::Name},
    Alias{"氏名", ImportField::Name},
    Alias{"名前", ImportField::Name},
    Alias{"氏名(漢字)", ImportField::Name},
    Alias{"漢字氏名", ImportField::Name},
    Alias{"名称", ImportField::Name},
    Alias{"支払先名", ImportField::Name},
    Alias{"name_kana", ImportField::NameKana},
    Alias{"kana", ImportField::NameKana},
    Alias{"フリガナ", ImportField::NameKana},
    Alias{"ふりがな", ImportField::NameKana},
    Alias{"氏名カナ", ImportField::NameKana},
    Alias{"氏名(カナ)", ImportField::NameKana},
    Alias{"氏名フリガナ", ImportField::NameKana},
    Alias{"カナ氏名", ImportField::NameKana},
    Alias{"birth_date", ImportField::BirthDate},
    Alias{"birthdate", ImportField::BirthDate},
    Alias{"date_of_birth", ImportField::BirthDate},
    Alias{"生年月日", ImportField::BirthDate},
    Alias{"address", ImportField::Address},
    Alias{"住所", ImportField::Address},
    Alias{"現住所", ImportField::Address},
    Alias{"所在地", ImportField::Address},
    Alias{"department", ImportField::Department},
    Alias{"dept", ImportField::Department},
    Alias{"部署", ImportField::Department},
    Alias{"所属", ImportField::Department},
    Alias{"部門", ImportField::Department},
    Alias{"所属部署", ImportField::Department},
    Alias{"my_number", ImportField::MyNumber},
    Alias{"mynumber", ImportField::MyNumber},
    Alias{"individual_number", ImportField::MyNumber},
    Alias{"個人番号", ImportField::MyNumber},
    Alias{"マイナンバー", ImportField::MyNumber},
    Alias{"kind", ImportField::Kind},
    Alias{"type", ImportField::Kind},
    Alias{"区分", ImportField::Kind},
    Alias{"種別", ImportField::Kind},
    Alias{"parent_employee_code", ImportField::ParentEmployeeCode},
    Alias{"parent_code", ImportField::ParentEmployeeCode},
    Alias{"扶養元社員番号", ImportField::ParentEmployeeCode},
    Alias{"扶養元従業員番号", ImportField::ParentEmployeeCode},
    Alias{"扶養者社員番号", ImportField::ParentEmployeeCode},
    Alias{"本人社員番号", ImportField::ParentEmployeeCode},
    Alias{"relationship", ImportField::Relationship},
    Alias{"続柄", ImportField::Relationship},
    Alias{"corporate_number", ImportField::CorporateNumber},
    Alias{"法人番号", ImportField::CorporateNumber},
    Alias{"hire_date", ImportField::HireDate},
    Alias{"hired_date", ImportField::HireDate},
    Alias{"入社日", ImportField::HireDate},
    Alias{"入社年月日", ImportField::HireDate},
    Alias{"採用日", ImportField::HireDate},
    Alias{"left_date", ImportField::LeftDate},
    Alias{"end_date", ImportField::LeftDate},
    Alias{"ended_date", ImportField::LeftDate},
    Alias{"退職日", ImportField::LeftDate},
    Alias{"退職年月日", ImportField::LeftDate},
    Alias{"扶養終了日", ImportField::LeftDate},
    Alias{"関係終了日", ImportField::LeftDate},
};

struct KindAlias {
    std::string_view text;
    SubjectKind kind;
};

constexpr std::array kKindAliases{
    KindAlias{"employee", SubjectKind::Employee},     KindAlias{"従業員", SubjectKind::Employee},
    KindAlias{"社員", SubjectKind::Employee},         KindAlias{"本人", SubjectKind::Employee},
    KindAlias{"dependent", SubjectKind::Dependent},   KindAlias{"扶養親族", SubjectKind::Dependent},
    KindAlias{"扶養", SubjectKind::Dependent},        KindAlias{"被扶養者", SubjectKind::Dependent},
    KindAlias{"spouse", SubjectKind::Spouse},         KindAlias{"配偶者", SubjectKind::Spouse},
    KindAlias{"控除対象配偶者", SubjectKind::Spouse}, KindAlias{"源泉控除対象配偶者", SubjectKind::Spouse},
    KindAlias{"payee", SubjectKind::Payee},           KindAlias{"支払先", SubjectKind::Payee},
    KindAlias{"支払調書", SubjectKind::Payee},        KindAlias{"取引先", SubjectKind::Payee},
};

// ---------------------------------------------------------------------------------------------
// Dates.

struct Era {
    std::string_view kanji;
    char letter; // lower case
    std::array<std::string_view, 2> english;
    year_month_day first;
    year_month_day last;
};

// Meiji dates before Meiji 6 (1873) were lunisolar and cannot be converted by arithmetic.
constexpr std::array kEras{
    Era{"明治", 'm', {"meiji", "meiji"}, year{1873} / 1 / 1, year{1912} / 7 / 29},
    Era{"大正", 't', {"taisho", "taishou"}, year{1912} / 7 / 30, year{1926} / 12 / 24},
    Era{"昭和", 's', {"showa", "shouwa"}, year{1926} / 12 / 25, year{1989} / 1 / 7},
    Era{"平成", 'h', {"heisei", "heisei"}, year{1989} / 1 / 8, year{2019} / 4 / 30},
    Era{"令和", 'r', {"reiwa", "reiwa"}, year{2019} / 5 / 1, year{9999} / 12 / 31},
};
constexpr int kMeijiFirstYear = 1868;
constexpr int kMinYear = 1873;
constexpr int kMaxYear = 2999;

class DateScanner {
public:
    explicit DateScanner(std::string_view text) : m_text(text) {}

    bool atEnd() const noexcept { return m_pos == m_text.size(); }
    void skipSpaces()
    {
        while (m_pos < m_text.size() && m_text[m_pos] == ' ')
            ++m_pos;
    }
    bool consume(std::string_view token)
    {
        if (m_text.substr(m_pos, token.size()) != token)
            return false;
        m_pos += token.size();
        return true;
    }
    // Up to maxDigits ASCII digits; returns the count read.
    std::size_t number(int& value, std::size_t maxDigits)
    {
        value = 0;
        std::size_t count = 0;
        while (m_pos < m_text.size() && count < maxDigits && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') {
            value = value * 10 + (m_text[m_pos] - '0');
            ++m_pos;
            ++count;
        }
        return count;
    }
    bool peekDigit() const noexcept { return m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9'; }
    char peek() const noexcept { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
    std::string_view rest() const noexcept { return m_text.substr(m_pos); }
    void advance(std::size_t n) noexcept { m_pos += n; }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
};

Error dateError(std::string_view reason) { return Error(ErrorCode::InvalidArgument, std::string(reason)); }

// After the year: "M sep D" with one separator of . / - used twice, or "M月D日" after "年".
Result<year_month_day> monthDay(DateScanner& scanner, int yearValue, bool kanjiYear)
{
    int monthValue = 0;
    int dayValue = 0;
    if (kanjiYear) {
        scanner.skipSpaces();
        if (scanner.number(monthValue, 2) == 0)
            return dateError("month missing");
        scanner.skipSpaces();
        if (!scanner.consume("月"))
            return dateError("expected 月 after the month");
        scanner.skipSpaces();
        if (scanner.number(dayValue, 2) == 0)
            return dateError("day missing");
        scanner.skipSpaces();
        if (!scanner.consume("日"))
            return dateError("expected 日 after the day");
    } else {
        const char separator = scanner.peek();
        if (separator != '-' && separator != '/' && separator != '.')
            return dateError("expected a separator (- / .) after the year");
        scanner.advance(1);
        if (scanner.number(monthValue, 2) == 0)
            return dateError("month missing");
        if (scanner.peek() != separator)
            return dateError("month and day must be separated like year and month");
        scanner.advance(1);
        if (scanner.number(dayValue, 2) == 0)
            return dateError("day missing");
    }
    scanner.skipSpaces();
    if (!scanner.atEnd())
        return dateError("unexpected text after the day");
    const year_month_day date{year{yearValue}, month{static_cast<unsigned>(monthValue)},
                              day{static_cast<unsigned>(dayValue)}};
    if (!date.ok())
        return dateError("no such day");
    return date;
}

// Matches an era name at the scanner's position (kanji, English, or one letter before a digit).
const Era* matchEra(DateScanner& scanner, std::string_view lowered)
{
    for (const Era& era : kEras) {
        if (scanner.consume(era.kanji))
            return &era;
    }
    for (const Era& era : kEras) {
        for (const std::string_view name : era.english) {
            if (lowered.substr(0, name.size()) == name) {
                scanner.advance(name.size());
                return &era;
            }
        }
    }
    if (!lowered.empty()) {
        for (const Era& era : kEras) {
            if (lowered[0] == era.letter) {
                scanner.advance(1);
                return &era;
            }
        }
    }
    return nullptr;
}

} // namespace

Result<year_month_day> parseJapaneseDate(std::string_view text)
{
    if (text.size() > 64)
        return dateError("too long for a date");
    if (!isValidUtf8(text))
        return Error(ErrorCode::InvalidUtf8, "date is not valid UTF-8");
    std::string folded = foldWidth(trim(text));
    WipeOnExit wipeFolded{folded};
    std::string lowered = asciiLowered(folded);
    WipeOnExit wipeLowered{lowered};
    if (folded.empty())
        return dateError("empty date");

    DateScanner scanner(folded);
    if (scanner.peekDigit()) {
        // Western calendar.
        int yearValue = 0;
        const std::size_t digits = scanner.number(yearValue, 8);
        if (digits == 8 && scanner.atEnd()) {
            const int whole = yearValue;
            const year_month_day date{year{whole / 10000}, month{static_cast<unsigned>(whole / 100 % 100)},
                                      day{static_cast<unsigned>(whole % 100)}};
            if (whole / 10000 < kMinYear || whole / 10000 > kMaxYear)
                return dateError("year out of range");
            if (!date.ok())
                return dateError("no such day");
            return date;
        }
        if (digits != 4)
            return dateError("the year must have four digits");
        if (yearValue < kMinYear || yearValue > kMaxYear)
            return dateError("year out of range");
        scanner.skipSpaces();
        const bool kanji = scanner.consume("年");
        return monthDay(scanner, yearValue, kanji);
    }

    const Era* era = matchEra(scanner, lowered);
    if (era == nullptr)
        return dateError("not a date in a known format");
    scanner.skipSpaces();
    int eraYear = 0;
    if (scanner.consume("元"))
        eraYear = 1;
    else if (scanner.number(eraYear, 3) == 0)
        return dateError("era year missing");
    if (eraYear < 1)
        return dateError("era year out of range");
    scanner.skipSpaces();
    const bool kanji = scanner.consume("年");
    const int firstYear = era->kanji == "明治" ? kMeijiFirstYear : static_cast<int>(era->first.year());
    MAMORI_ASSIGN_OR_RETURN(const year_month_day date, monthDay(scanner, firstYear + eraYear - 1, kanji));
    if (std::chrono::sys_days{date} < std::chrono::sys_days{era->first} ||
        std::chrono::sys_days{date} > std::chrono::sys_days{era->last})
        return dateError("date outside its era");
    return date;
}

std::optional<SubjectKind> subjectKindFromText(std::string_view text)
{
    if (text.size() > 64)
        return std::nullopt;
    const std::string lowered = asciiLowered(foldWidth(trim(text)));
    for (const KindAlias& alias : kKindAliases) {
        if (lowered == alias.text)
            return alias.kind;
    }
    return std::nullopt;
}

std::string_view importFieldName(ImportField field) noexcept
{
    switch (field) {
    case ImportField::EmployeeCode:
        return "employee_code";
    case ImportField::Name:
        return "name";
    case ImportField::NameKana:
        return "name_kana";
    case ImportField::BirthDate:
        return "birth_date";
    case ImportField::Address:
        return "address";
    case ImportField::Department:
        return "department";
    case ImportField::MyNumber:
        return "my_number";
    case ImportField::Kind:
        return "kind";
    case ImportField::ParentEmployeeCode:
        return "parent_employee_code";
    case ImportField::Relationship:
        return "relationship";
    case ImportField::CorporateNumber:
        return "corporate_number";
    case ImportField::HireDate:
        return "hire_date";
    case ImportField::LeftDate:
        return "left_date";
    }
    return "unknown";
}

std::optional<ImportField> importFieldFromHeader(std::string_view header)
{
    if (header.size() > 128 || !isValidUtf8(header))
        return std::nullopt;
    std::string key = asciiLowered(foldWidth(trim(header)));
    for (char& c : key) {
        if (c == ' ' || c == '-')
            c = '_';
    }
    for (const Alias& alias : kHeaderAliases) {
        if (key == alias.text)
            return alias.field;
    }
    return std::nullopt;
}

ImportRow::~ImportRow()
{
    for (std::string* text :
         {&employeeCode, &name, &nameKana, &address, &department, &parentEmployeeCode, &relationship})
        wipeString(*text);
}

std::vector<const ImportRow*> ImportBatch::validRows() const
{
    std::vector<const ImportRow*> valid;
    valid.reserve(rows.size());
    for (const ImportRow& row : rows) {
        if (!row.hasIssues)
            valid.push_back(&row);
    }
    return valid;
}

void ImportBatch::markParentsNotFound(const std::vector<std::string>& missing)
{
    const std::set<std::string, std::less<>> missingSet(missing.begin(), missing.end());
    for (ImportRow& row : rows) {
        if ((row.kind != SubjectKind::Dependent && row.kind != SubjectKind::Spouse) || row.parentEmployeeCode.empty())
            continue;
        if (missingSet.count(row.parentEmployeeCode) == 0)
            continue;
        // Only parents that were left to the vault: a parent in the file was already checked.
        if (!std::binary_search(parentCodesToResolve.begin(), parentCodesToResolve.end(), row.parentEmployeeCode))
            continue;
        row.hasIssues = true;
        if (issues.size() < kMaxImportIssues)
            issues.push_back(ImportIssue{row.line, std::string(importFieldName(ImportField::ParentEmployeeCode)),
                                         ImportField::ParentEmployeeCode, ErrorCode::NotFound,
                                         "parent employee is neither in the file nor in the vault"});
        else
            issuesTruncated = true;
    }
    std::erase_if(parentCodesToResolve, [&](const std::string& code) { return missingSet.count(code) != 0; });
}

namespace {

// ---------------------------------------------------------------------------------------------
// The import proper.

class Importer {
public:
    Importer(const ImportOptions& options, ImportBatch& batch) : m_options(options), m_batch(batch) {}

    Status readHeader(const CsvRecord& header);
    void readRow(const CsvRecord& record);
    void crossCheck();

private:
    struct TextRule {
        std::size_t maxChars;
        bool code;          // identifier: widths folded, no spaces inside
        bool allowNewlines; // addresses may span lines
    };

    void issue(std::size_t line, std::optional<ImportField> field, ErrorCode code, std::string detail);
    std::string columnName(ImportField field) const;
    bool has(ImportField field) const noexcept { return m_columns[static_cast<std::size_t>(field)].has_value(); }
    std::string_view cell(const CsvRecord& record, ImportField field) const;
    bool text(const CsvRecord& record, ImportField field, const TextRule& rule, std::string& out);
    std::optional<year_month_day> date(const CsvRecord& record, ImportField field);
    std::optional<NumberDigits> number(const CsvRecord& record, ImportField field, NumberKind kind);
    void require(const ImportRow& row, ImportField field, bool present);
    void forbid(const CsvRecord& record, ImportField field, std::string_view why);

    const ImportOptions& m_options;
    ImportBatch& m_batch;
    std::array<std::optional<std::size_t>, kImportFieldCount> m_columns{};
    std::vector<std::string> m_headerText;
    std::size_t m_headerFields = 0;
};

void Importer::issue(std::size_t line, std::optional<ImportField> field, ErrorCode code, std::string detail)
{
    // Issues are raised while a row is read (it is the last one) or, in crossCheck(), for rows
    // that are marked there explicitly.
    if (!m_batch.rows.empty() && m_batch.rows.back().line == line)
        m_batch.rows.back().hasIssues = true;
    if (m_batch.issues.size() >= kMaxImportIssues) {
        m_batch.issuesTruncated = true;
        return;
    }
    m_batch.issues.push_back(
        ImportIssue{line, field ? columnName(*field) : std::string(), field, code, std::move(detail)});
}

std::string Importer::columnName(ImportField field) const
{
    const auto& column = m_columns[static_cast<std::size_t>(field)];
    return column ? m_headerText[*column] : std::string(importFieldName(field));
}

std::string_view Importer::cell(const CsvRecord& record, ImportField field) const
{
    const auto& column = m_columns[static_cast<std::size_t>(field)];
    return column ? trim(record.field(*column)) : std::string_view();
}

Status Importer::readHeader(const CsvRecord& header)
{
    m_headerFields = header.size();
    m_headerText.resize(header.size());
    std::size_t known = 0;
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string_view raw = trim(header[i]);
        // A header that holds a number means the file has no header (its first row is data).
        if (containsNumberLike(raw))
            return Error(ErrorCode::NotFound, "the first record holds a number: the file has no header row");
        const auto field = importFieldFromHeader(raw);
        if (!field) {
            if (!raw.empty())
                m_batch.ignoredColumns.push_back(countDigits(raw) >= 4 || countCodePoints(raw) > 64
                                                     ? "(column " + std::to_string(i + 1) + ")"
                                                     : std::string(raw));
            continue;
        }
        auto& column = m_columns[static_cast<std::size_t>(*field)];
        if (column)
            return Error(ErrorCode::InvalidArgument, "columns " + std::to_string(*column + 1) + " and " +
                                                         std::to_string(i + 1) + " both name " +
                                                         std::string(importFieldName(*field)));
        column = i;
        m_headerText[i] = std::string(raw);
        ++known;
    }
    if (known == 0)
        return Error(ErrorCode::NotFound, "the first record names no known column: the file needs a header row");

    const auto need = [&](ImportField field) -> Status {
        if (!has(field))
            return Error(ErrorCode::InvalidArgument,
                         "required column " + std::string(importFieldName(field)) + " is missing");
        return okStatus();
    };
    MAMORI_TRY(need(ImportField::Name));
    if (!has(ImportField::MyNumber) && !has(ImportField::CorporateNumber))
        return Error(ErrorCode::InvalidArgument, "required column my_number (or corporate_number) is missing");
    if (!has(ImportField::Kind)) {
        const SubjectKind kind = m_options.defaultKind;
        if (kind == SubjectKind::Employee || kind == SubjectKind::Payee)
            MAMORI_TRY(need(ImportField::EmployeeCode));
        else
            MAMORI_TRY(need(ImportField::ParentEmployeeCode));
        if (kind != SubjectKind::Payee)
            MAMORI_TRY(need(ImportField::MyNumber));
    }
    return okStatus();
}

bool Importer::text(const CsvRecord& record, ImportField field, const TextRule& rule, std::string& out)
{
    const std::string_view value = cell(record, field);
    const std::size_t line = record.line();
    if (value.empty())
        return true;
    if (!isValidUtf8(value)) {
        issue(line, field, ErrorCode::InvalidUtf8, "not valid UTF-8");
        return false;
    }
    std::size_t pos = 0;
    while (pos < value.size()) {
        const char32_t c = nextCodePoint(value, pos);
        const bool control = c < 0x20 || (c >= 0x7F && c < 0xA0) || c == U'\u2028' || c == U'\u2029';
        if (control && !(rule.allowNewlines && c == U'\n')) {
            issue(line, field, ErrorCode::InvalidArgument, "contains a control character or line break");
            return false;
        }
        if (rule.code && isSpace(c)) {
            issue(line, field, ErrorCode::InvalidArgument, "a code must not contain spaces");
            return false;
        }
    }
    if (countCodePoints(value) > rule.maxChars) {
        issue(line, field, ErrorCode::TooLarge, "longer than " + std::to_string(rule.maxChars) + " characters");
        return false;
    }
    if (containsNumberLike(value)) {
        issue(line, field, ErrorCode::InvalidArgument,
              "holds what looks like an individual or corporate number: check the column mapping");
        return false;
    }
    if (rule.code) {
        std::string folded = foldWidth(value);
        out.swap(folded);
        wipeString(folded);
    } else {
        out.assign(value);
    }
    return true;
}

std::optional<year_month_day> Importer::date(const CsvRecord& record, ImportField field)
{
    const std::string_view value = cell(record, field);
    if (value.empty())
        return std::nullopt;
    auto parsed = parseJapaneseDate(value);
    if (!parsed.ok()) {
        // parseJapaneseDate's contexts are fixed phrases, never the input.
        issue(record.line(), field, parsed.code(), "not a valid date: " + parsed.error().context());
        return std::nullopt;
    }
    return parsed.value();
}

std::optional<NumberDigits> Importer::number(const CsvRecord& record, ImportField field, NumberKind kind)
{
    const std::string_view value = cell(record, field);
    if (value.empty())
        return std::nullopt;
    auto parsed = parseNumber(kind, value);
    if (!parsed.ok()) {
        // The number parser's contexts never carry the input (number_validation.h).
        issue(record.line(), field, parsed.code(), parsed.error().context());
        return std::nullopt;
    }
    return std::move(parsed).value();
}

void Importer::require(const ImportRow& row, ImportField field, bool present)
{
    if (present)
        return;
    issue(row.line, field, ErrorCode::InvalidArgument,
          has(field) ? "required value is empty" : "required column is missing from the header");
}

void Importer::forbid(const CsvRecord& record, ImportField field, std::string_view why)
{
    if (!cell(record, field).empty())
        issue(record.line(), field, ErrorCode::InvalidArgument, std::string(why));
}

void Importer::readRow(const CsvRecord& record)
{
    ImportRow& row = m_batch.rows.emplace_back();
    row.line = record.line();
    if (record.size() != m_headerFields) {
        issue(row.line, std::nullopt, ErrorCode::InvalidArgument,
              "row has " + std::to_string(record.size()) + " fields, the header has " + std::to_string(m_headerFields));
        return;
    }

    std::optional<SubjectKind> kind = m_options.defaultKind;
    if (const std::string_view kindText = cell(record, ImportField::Kind); !kindText.empty()) {
        kind = subjectKindFromText(kindText);
        if (!kind)
            issue(row.line, ImportField::Kind, ErrorCode::InvalidArgument,
                  "unknown kind (use employee, dependent, spouse or payee)");
    }
    row.kind = kind.value_or(m_options.defaultKind);

    const bool codeOk = text(record, ImportField::EmployeeCode, {kMaxCodeChars, true, false}, row.employeeCode);
    const bool nameOk = text(record, ImportField::Name, {kMaxNameChars, false, false}, row.name);
    text(record, ImportField::NameKana, {kMaxNameChars, false, false}, row.nameKana);
    text(record, ImportField::Address, {kMaxAddressChars, false, true}, row.address);
    text(record, ImportField::Department, {kMaxDepartmentChars, false, false}, row.department);
    const bool parentOk =
        text(record, ImportField::ParentEmployeeCode, {kMaxCodeChars, true, false}, row.parentEmployeeCode);
    text(record, ImportField::Relationship, {kMaxRelationshipChars, false, false}, row.relationship);
    row.birthDate = date(record, ImportField::BirthDate);
    row.hireDate = date(record, ImportField::HireDate);
    row.leftDate = date(record, ImportField::LeftDate);

    const bool hasIndividual = !cell(record, ImportField::MyNumber).empty();
    const bool hasCorporate = !cell(record, ImportField::CorporateNumber).empty();
    if (hasIndividual)
        row.number = number(record, ImportField::MyNumber, NumberKind::Individual);
    if (hasCorporate && !hasIndividual)
        row.number = number(record, ImportField::CorporateNumber, NumberKind::Corporate);

    // Values each kind needs or must not have. Checked only when the kind is known.
    if (kind) {
        if (nameOk)
            require(row, ImportField::Name, !row.name.empty());
        switch (*kind) {
        case SubjectKind::Employee:
            if (codeOk)
                require(row, ImportField::EmployeeCode, !row.employeeCode.empty());
            require(row, ImportField::MyNumber, hasIndividual);
            forbid(record, ImportField::CorporateNumber, "a corporate number is only for payees");
            forbid(record, ImportField::ParentEmployeeCode, "only dependents and spouses have a parent employee");
            break;
        case SubjectKind::Dependent:
        case SubjectKind::Spouse:
            if (parentOk)
                require(row, ImportField::ParentEmployeeCode, !row.parentEmployeeCode.empty());
            require(row, ImportField::MyNumber, hasIndividual);
            forbid(record, ImportField::CorporateNumber, "a corporate number is only for payees");
            break;
        case SubjectKind::Payee:
            if (codeOk)
                require(row, ImportField::EmployeeCode, !row.employeeCode.empty());
            if (hasIndividual && hasCorporate)
                issue(row.line, ImportField::CorporateNumber, ErrorCode::InvalidArgument,
                      "give either an individual or a corporate number, not both");
            else if (!hasIndividual && !hasCorporate)
                issue(row.line, has(ImportField::MyNumber) ? ImportField::MyNumber : ImportField::CorporateNumber,
                      ErrorCode::InvalidArgument, "a payee needs an individual or a corporate number");
            forbid(record, ImportField::ParentEmployeeCode, "only dependents and spouses have a parent employee");
            break;
        }
    }

    // Dates that contradict each other or the calendar.
    using std::chrono::sys_days;
    if (m_options.today) {
        const sys_days today{*m_options.today};
        if (row.birthDate && sys_days{*row.birthDate} > today)
            issue(row.line, ImportField::BirthDate, ErrorCode::InvalidArgument, "birth date is in the future");
        if (row.hireDate && sys_days{*row.hireDate} > today)
            issue(row.line, ImportField::HireDate, ErrorCode::InvalidArgument, "hire date is in the future");
    }
    if (row.hireDate && row.leftDate && sys_days{*row.leftDate} < sys_days{*row.hireDate})
        issue(row.line, ImportField::LeftDate, ErrorCode::InvalidArgument, "left date is before the hire date");
    if (row.birthDate && row.hireDate && sys_days{*row.hireDate} <= sys_days{*row.birthDate})
        issue(row.line, ImportField::HireDate, ErrorCode::InvalidArgument, "hire date is not after the birth date");
}

void Importer::crossCheck()
{
    std::vector<ImportRow>& rows = m_batch.rows;

    // Subject codes are one namespace (the subjects table): every row that shares one is reported.
    // Sorting indices by code finds the groups without a map of vectors.
    std::vector<std::size_t> withCode;
    withCode.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!rows[i].employeeCode.empty())
            withCode.push_back(i);
    }
    std::sort(withCode.begin(), withCode.end(), [&](std::size_t a, std::size_t b) {
        const int order = rows[a].employeeCode.compare(rows[b].employeeCode);
        return order != 0 ? order < 0 : a < b;
    });
    std::vector<std::pair<std::size_t, std::size_t>> duplicateCodes; // (row, another row with the code)
    for (std::size_t begin = 0; begin < withCode.size();) {
        std::size_t end = begin + 1;
        while (end < withCode.size() && rows[withCode[end]].employeeCode == rows[withCode[begin]].employeeCode)
            ++end;
        if (end - begin > 1) {
            for (std::size_t k = begin; k < end; ++k)
                duplicateCodes.emplace_back(withCode[k], withCode[k == begin ? begin + 1 : begin]);
        }
        begin = end;
    }
    // Report in file order.
    std::sort(duplicateCodes.begin(), duplicateCodes.end());
    for (const auto& [i, other] : duplicateCodes) {
        rows[i].hasIssues = true;
        issue(rows[i].line, ImportField::EmployeeCode, ErrorCode::AlreadyExists,
              "employee code also on line " + std::to_string(rows[other].line));
    }

    // The same number twice: sort row indices by number, then compare neighbours.
    std::vector<std::size_t> withNumber;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].number)
            withNumber.push_back(i);
    }
    const auto less = [&](std::size_t a, std::size_t b) {
        const NumberDigits& x = *rows[a].number;
        const NumberDigits& y = *rows[b].number;
        if (x.kind() != y.kind())
            return x.kind() < y.kind();
        const auto dx = x.digits();
        const auto dy = y.digits();
        if (std::lexicographical_compare(dx.begin(), dx.end(), dy.begin(), dy.end()))
            return true;
        if (std::lexicographical_compare(dy.begin(), dy.end(), dx.begin(), dx.end()))
            return false;
        return a < b;
    };
    std::sort(withNumber.begin(), withNumber.end(), less);
    std::vector<std::pair<std::size_t, std::size_t>> duplicateNumbers;
    for (std::size_t begin = 0; begin < withNumber.size();) {
        std::size_t end = begin + 1;
        while (end < withNumber.size() && *rows[withNumber[end]].number == *rows[withNumber[begin]].number)
            ++end;
        if (end - begin > 1) {
            for (std::size_t k = begin; k < end; ++k)
                duplicateNumbers.emplace_back(withNumber[k], withNumber[k == begin ? begin + 1 : begin]);
        }
        begin = end;
    }
    std::sort(duplicateNumbers.begin(), duplicateNumbers.end());
    for (const auto& [i, other] : duplicateNumbers) {
        rows[i].hasIssues = true;
        const ImportField field =
            rows[i].number->kind() == NumberKind::Corporate ? ImportField::CorporateNumber : ImportField::MyNumber;
        issue(rows[i].line, field, ErrorCode::AlreadyExists,
              "the same number is also on line " + std::to_string(rows[other].line));
    }

    // Dependents' parents: an employee in the file (whose row must itself be valid, so that the
    // valid rows never point at a rejected one), or left to the vault, or an issue.
    // The first row (in file order) with a code: withCode is sorted by code, then by index.
    const auto firstWithCode = [&](std::string_view code) -> std::optional<std::size_t> {
        const auto found =
            std::lower_bound(withCode.begin(), withCode.end(), code,
                             [&](std::size_t i, std::string_view c) { return rows[i].employeeCode < c; });
        if (found == withCode.end() || rows[*found].employeeCode != code)
            return std::nullopt;
        return *found;
    };
    std::set<std::string> toResolve;
    for (ImportRow& row : rows) {
        if ((row.kind != SubjectKind::Dependent && row.kind != SubjectKind::Spouse) || row.parentEmployeeCode.empty())
            continue;
        const auto found = firstWithCode(row.parentEmployeeCode);
        if (!found) {
            if (m_options.resolveParentsInVault) {
                toResolve.insert(row.parentEmployeeCode);
            } else {
                row.hasIssues = true;
                issue(row.line, ImportField::ParentEmployeeCode, ErrorCode::NotFound,
                      "parent employee is not in the file");
            }
            continue;
        }
        const ImportRow& parent = rows[*found];
        if (parent.kind != SubjectKind::Employee) {
            row.hasIssues = true;
            issue(row.line, ImportField::ParentEmployeeCode, ErrorCode::InvalidArgument,
                  "parent code names line " + std::to_string(parent.line) + ", which is not an employee");
        } else if (parent.hasIssues) {
            row.hasIssues = true;
            issue(row.line, ImportField::ParentEmployeeCode, ErrorCode::InvalidArgument,
                  "parent employee on line " + std::to_string(parent.line) + " has issues");
        }
    }
    m_batch.parentCodesToResolve.assign(toResolve.begin(), toResolve.end());
}

} // namespace

Result<ImportBatch> parseImport(std::string_view fileBytes, const ImportOptions& options)
{
    MAMORI_ASSIGN_OR_RETURN(const DecodedText decoded, decodeText(fileBytes, options.encoding));
    ImportBatch batch;
    batch.encoding = decoded.encoding();

    CsvOptions csvOptions;
    csvOptions.limits = options.csvLimits;
    csvOptions.limits.maxRecords = std::min(csvOptions.limits.maxRecords, options.maxRows + 1);
    CsvReader reader(decoded.utf8(), csvOptions);
    CsvRecord record;
    MAMORI_ASSIGN_OR_RETURN(const bool hasHeader, reader.next(record));
    if (!hasHeader)
        return Error(ErrorCode::NotFound, "the file is empty");

    Importer importer(options, batch);
    MAMORI_TRY(importer.readHeader(record));
    // One record per line at most: reserving avoids moving every row as the vector grows.
    const std::string_view text = decoded.utf8();
    batch.rows.reserve(
        std::min(options.maxRows, static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1));
    for (;;) {
        MAMORI_ASSIGN_OR_RETURN(const bool more, reader.next(record));
        if (!more)
            break;
        bool blank = true;
        for (std::size_t i = 0; i < record.size() && blank; ++i)
            blank = trim(record[i]).empty();
        if (blank)
            continue;
        importer.readRow(record);
    }
    importer.crossCheck();
    return batch;
}

} // namespace mamori::vault

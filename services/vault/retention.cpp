// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/retention.h"

#include "services/vault/csv_reader.h"
#include "services/vault/text_encoding.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

namespace mamori::vault {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::months;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month;
using std::chrono::year_month_day;
using std::chrono::year_month_day_last;
using std::chrono::years;

constexpr int kMaxYears = 100;
constexpr int kMaxMonths = 1200;
constexpr int kMaxDays = 36500;
constexpr std::size_t kMaxCodeLength = 64;
constexpr std::size_t kMaxTextBytes = 1024;
constexpr int kMinTaxYear = 1900;
constexpr int kMaxTaxYear = 9000;

year_month_day nextDay(year_month_day date) { return year_month_day{sys_days{date} + days{1}}; }

Error invalid(std::string context) { return Error(ErrorCode::InvalidArgument, std::move(context)); }

bool validCode(std::string_view code) noexcept
{
    if (code.empty() || code.size() > kMaxCodeLength)
        return false;
    return std::all_of(code.begin(), code.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// "Y", "Y+1", "Y-12-31", "Y+1-01-31" (RETENTION.md); empty means "Y".
struct Deadline {
    int yearOffset = 0;
    unsigned month = 0;
    unsigned day = 0;
};

bool parseUnsigned(std::string_view text, int& value, int max)
{
    if (text.empty() || text.size() > 6)
        return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && value >= 0 && value <= max;
}

std::optional<Deadline> parseDeadline(std::string_view text)
{
    Deadline deadline;
    if (text.empty())
        return deadline;
    if (text[0] != 'Y')
        return std::nullopt;
    text.remove_prefix(1);
    if (!text.empty() && text[0] == '+') {
        text.remove_prefix(1);
        std::size_t digits = 0;
        while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
            ++digits;
        if (!parseUnsigned(text.substr(0, digits), deadline.yearOffset, 9))
            return std::nullopt;
        text.remove_prefix(digits);
    }
    if (text.empty())
        return deadline;
    // "-MM-DD"
    if (text.size() != 6 || text[0] != '-' || text[3] != '-')
        return std::nullopt;
    int monthValue = 0;
    int dayValue = 0;
    if (!parseUnsigned(text.substr(1, 2), monthValue, 12) || !parseUnsigned(text.substr(4, 2), dayValue, 31))
        return std::nullopt;
    deadline.month = static_cast<unsigned>(monthValue);
    deadline.day = static_cast<unsigned>(dayValue);
    return deadline;
}

std::string formatDeadline(const RetentionRule& rule)
{
    if (rule.deadlineYearOffset == 0 && rule.deadlineMonth == 0)
        return {};
    std::string out = "Y";
    if (rule.deadlineYearOffset != 0)
        out += "+" + std::to_string(rule.deadlineYearOffset);
    if (rule.deadlineMonth != 0) {
        const auto two = [](unsigned v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
        out += "-" + two(rule.deadlineMonth) + "-" + two(rule.deadlineDay);
    }
    return out;
}

// Quotes a field when RFC 4180 needs it.
std::string csvField(std::string_view value)
{
    if (value.find_first_of(",\"\n\r") == std::string_view::npos && (value.empty() || value[0] != '#'))
        return std::string(value);
    std::string out = "\"";
    for (const char c : value) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

RetentionRule rule(std::string_view code, std::string_view nameJa, RetentionAnchor anchor, int yearsValue,
                   std::string_view basis, int yearOffset = 0, unsigned deadlineMonth = 0, unsigned deadlineDay = 0)
{
    RetentionRule r;
    r.code = code;
    r.nameJa = nameJa;
    r.anchor = anchor;
    r.years = yearsValue;
    r.deadlineYearOffset = yearOffset;
    r.deadlineMonth = deadlineMonth;
    r.deadlineDay = deadlineDay;
    r.basis = basis;
    return r;
}

enum class Column : std::uint8_t { Code, NameJa, Anchor, Years, Months, Days, Deadline, Basis };
constexpr std::array<std::string_view, 8> kColumnNames{"code",   "name_ja", "anchor",   "years",
                                                       "months", "days",    "deadline", "basis"};

} // namespace

std::string_view retentionAnchorName(RetentionAnchor anchor) noexcept
{
    switch (anchor) {
    case RetentionAnchor::TaxDeadlineNextYearJan10:
        return "tax_deadline_next_year_jan10";
    case RetentionAnchor::FromDeadline:
        return "from_deadline";
    case RetentionAnchor::FromFiling:
        return "from_filing";
    case RetentionAnchor::FromCompletion:
        return "from_completion";
    }
    return "from_completion";
}

std::optional<RetentionAnchor> retentionAnchorFromName(std::string_view name) noexcept
{
    for (const RetentionAnchor anchor : {RetentionAnchor::TaxDeadlineNextYearJan10, RetentionAnchor::FromDeadline,
                                         RetentionAnchor::FromFiling, RetentionAnchor::FromCompletion}) {
        if (retentionAnchorName(anchor) == name)
            return anchor;
    }
    return std::nullopt;
}

std::string_view disposalBlockName(DisposalBlock block) noexcept
{
    switch (block) {
    case DisposalBlock::None:
        return "due";
    case DisposalBlock::SubjectActive:
        return "subject_active";
    case DisposalBlock::StatusDateUnknown:
        return "status_date_unknown";
    case DisposalBlock::NotYetLeft:
        return "not_yet_left";
    case DisposalBlock::DocumentRetained:
        return "document_retained";
    case DisposalBlock::UnknownRule:
        return "unknown_rule";
    case DisposalBlock::DocumentFactsMissing:
        return "document_facts_missing";
    }
    return "unknown";
}

year_month_day periodLastDay(year_month_day firstDay, int yearsValue, int monthsValue, int daysValue)
{
    sys_days last = sys_days{firstDay} - days{1};
    if (yearsValue != 0 || monthsValue != 0) {
        // The month in which the period ends, and its day corresponding to the first day.
        const year_month endMonth =
            year_month{firstDay.year(), firstDay.month()} + years{yearsValue} + months{monthsValue};
        const year_month_day corresponding{endMonth.year(), endMonth.month(), firstDay.day()};
        last = corresponding.ok()
                   ? sys_days{corresponding} - days{1}
                   : sys_days{year_month_day_last{endMonth.year(), std::chrono::month_day_last{endMonth.month()}}};
    }
    return year_month_day{last + days{daysValue}};
}

Status validateRetentionRule(const RetentionRule& r)
{
    if (!validCode(r.code))
        return invalid("rule code must be 1-64 characters of a-z, 0-9 and _");
    const std::string prefix = "rule " + r.code + ": ";
    if (r.nameJa.empty() || r.nameJa.size() > kMaxTextBytes || !isValidUtf8(r.nameJa))
        return invalid(prefix + "name_ja must be non-empty UTF-8 of at most 1024 bytes");
    if (r.basis.size() > kMaxTextBytes || !isValidUtf8(r.basis))
        return invalid(prefix + "basis must be UTF-8 of at most 1024 bytes");
    if (r.years < 0 || r.years > kMaxYears || r.months < 0 || r.months > kMaxMonths || r.days < 0 || r.days > kMaxDays)
        return invalid(prefix + "years 0-100, months 0-1200, days 0-36500");
    if (r.deadlineYearOffset < 0 || r.deadlineYearOffset > 9)
        return invalid(prefix + "deadline year offset must be 0-9");
    const bool hasMonthDay = r.deadlineMonth != 0 || r.deadlineDay != 0;
    if (hasMonthDay) {
        if (r.anchor != RetentionAnchor::FromDeadline)
            return invalid(prefix + "a deadline month and day are only for from_deadline");
        // Must exist in every year, so 29 February is refused.
        if (!year_month_day{year{2001}, month{r.deadlineMonth}, day{r.deadlineDay}}.ok())
            return invalid(prefix + "deadline month and day must be a day of every year");
    }
    if (r.deadlineYearOffset != 0 && r.anchor != RetentionAnchor::FromDeadline &&
        r.anchor != RetentionAnchor::TaxDeadlineNextYearJan10)
        return invalid(prefix + "a deadline is only for from_deadline and tax_deadline_next_year_jan10");
    return okStatus();
}

Result<RetentionPeriod> retentionEnd(const RetentionRule& r, const DocumentFacts& document)
{
    MAMORI_TRY(validateRetentionRule(r));
    const std::string prefix = "rule " + r.code + ": ";
    if (document.taxYear && (*document.taxYear < kMinTaxYear || *document.taxYear > kMaxTaxYear))
        return invalid(prefix + "tax year out of range");
    for (const auto& date : {document.deadlineDate, document.filedDate, document.completedDate}) {
        if (date && (!date->ok() || static_cast<int>(date->year()) < kMinTaxYear ||
                     static_cast<int>(date->year()) > kMaxTaxYear))
            return invalid(prefix + "document date out of range");
    }

    year_month_day anchorDate;
    switch (r.anchor) {
    case RetentionAnchor::TaxDeadlineNextYearJan10: {
        int deadlineYear = 0;
        if (document.deadlineDate)
            deadlineYear = static_cast<int>(document.deadlineDate->year());
        else if (document.taxYear)
            deadlineYear = *document.taxYear + r.deadlineYearOffset;
        else
            return invalid(prefix + "the document needs a tax year or a deadline date");
        anchorDate = year{deadlineYear + 1} / std::chrono::January / 10;
        break;
    }
    case RetentionAnchor::FromDeadline:
        if (document.deadlineDate)
            anchorDate = *document.deadlineDate;
        else if (document.taxYear && r.deadlineMonth != 0)
            anchorDate = year{*document.taxYear + r.deadlineYearOffset} / month{r.deadlineMonth} / day{r.deadlineDay};
        else
            return invalid(prefix + "the document needs a deadline date (or a tax year, if the rule has a deadline)");
        break;
    case RetentionAnchor::FromFiling:
        if (!document.filedDate)
            return invalid(prefix + "the document needs a filing date");
        anchorDate = *document.filedDate;
        break;
    case RetentionAnchor::FromCompletion:
        if (!document.completedDate)
            return invalid(prefix + "the document needs a completion date");
        anchorDate = *document.completedDate;
        break;
    }
    RetentionPeriod period;
    period.anchorDate = anchorDate;
    period.firstDay = nextDay(anchorDate);
    period.lastRetainedDay = periodLastDay(period.firstDay, r.years, r.months, r.days);
    period.firstDisposableDay = nextDay(period.lastRetainedDay);
    return period;
}

std::vector<RetentionRule> defaultRetentionRules()
{
    using A = RetentionAnchor;
    constexpr std::string_view kTaxForms = "所得税法施行規則76条の3（提出期限の属する年の翌年1月10日の翌日から7年）";
    constexpr std::string_view kStatutoryReturn =
        "保存期間の明文なし（想定）: 提出期限（翌年1月31日）の翌日から7年。国税通則法70条の更正期間と"
        "法人税法施行規則59条の帳簿書類の保存期間に合わせる";
    constexpr std::string_view kEmployment = "雇用保険法施行規則143条（完結の日から4年）";
    constexpr std::string_view kSocial = "健康保険法施行規則34条・厚生年金保険法施行規則28条（完結の日から2年）";
    constexpr std::string_view kLabour = "労働保険徴収法施行規則70条・労災保険法施行規則51条（完結の日から3年）";
    return {
        rule("fuyo_kojo_shinkokusho", "給与所得者の扶養控除等（異動）申告書", A::TaxDeadlineNextYearJan10, 7,
             kTaxForms),
        rule("hokenryo_kojo_shinkokusho", "給与所得者の保険料控除申告書", A::TaxDeadlineNextYearJan10, 7, kTaxForms),
        rule("kiso_kojo_shinkokusho",
             "給与所得者の基礎控除申告書 兼 給与所得者の配偶者控除等申告書 兼 所得金額調整控除申告書",
             A::TaxDeadlineNextYearJan10, 7, kTaxForms),
        rule("bangou_choubo", "個人番号を記載した帳簿（申告書への個人番号の記載を省略するためのもの）",
             A::TaxDeadlineNextYearJan10, 7,
             "国税庁 FAQ 1-3（想定）: 帳簿により記載を省略した最後の申告書と同じく、その提出期限の属する年の"
             "翌年1月10日の翌日から7年。文書の対象年は最後の申告書の年"),
        rule("gensen_choshuhyo", "給与所得の源泉徴収票（提出控え）", A::FromDeadline, 7, kStatutoryReturn, 1, 1, 31),
        rule("shiharai_chosho", "報酬、料金、契約金及び賞金の支払調書（提出控え）", A::FromDeadline, 7,
             kStatutoryReturn, 1, 1, 31),
        rule("koyo_hoken_shikaku_shutoku", "雇用保険被保険者資格取得届（控え）", A::FromCompletion, 4, kEmployment),
        rule("koyo_hoken_shikaku_soshitsu", "雇用保険被保険者資格喪失届（控え）", A::FromCompletion, 4, kEmployment),
        rule("koyo_hoken", "雇用保険の被保険者に関する書類", A::FromCompletion, 4, kEmployment),
        rule("shakai_hoken_shikaku_shutoku", "健康保険・厚生年金保険被保険者資格取得届（控え）", A::FromCompletion, 2,
             kSocial),
        rule("shakai_hoken_shikaku_soshitsu", "健康保険・厚生年金保険被保険者資格喪失届（控え）", A::FromCompletion, 2,
             kSocial),
        rule("hifuyosha_ido_todoke", "健康保険被扶養者（異動）届・国民年金第3号被保険者関係届（控え）",
             A::FromCompletion, 2, kSocial),
        rule("shakai_hoken", "健康保険・厚生年金保険に関する書類", A::FromCompletion, 2, kSocial),
        rule("rodo_hoken", "労災保険・労働保険に関する書類", A::FromCompletion, 3, kLabour),
    };
}

Result<std::vector<RetentionRule>> parseRetentionRules(std::string_view text)
{
    MAMORI_ASSIGN_OR_RETURN(const DecodedText decoded, decodeText(text, TextEncoding::Utf8));
    CsvOptions options;
    options.commentPrefix = '#';
    options.uniformFieldCount = true;
    options.limits.maxInputBytes = std::size_t{1} << 20;
    options.limits.maxFieldBytes = kMaxTextBytes;
    // Room for a ragged row to be reported as such (uniformFieldCount) rather than as a limit.
    options.limits.maxFieldsPerRecord = 64;
    options.limits.maxRecords = 10'000;
    CsvReader reader(decoded.utf8(), options);
    CsvRecord record;
    MAMORI_ASSIGN_OR_RETURN(const bool hasHeader, reader.next(record));
    if (!hasHeader)
        return invalid("retention rules: no header row");

    std::array<std::optional<std::size_t>, kColumnNames.size()> columns{};
    for (std::size_t i = 0; i < record.size(); ++i) {
        const auto found = std::find(kColumnNames.begin(), kColumnNames.end(), record[i]);
        if (found == kColumnNames.end())
            return invalid("retention rules: line 1: unknown column " + std::to_string(i + 1));
        auto& column = columns[static_cast<std::size_t>(found - kColumnNames.begin())];
        if (column)
            return invalid("retention rules: line 1: column " + std::string(*found) + " appears twice");
        column = i;
    }
    for (const Column required : {Column::Code, Column::NameJa, Column::Anchor, Column::Years}) {
        if (!columns[static_cast<std::size_t>(required)])
            return invalid("retention rules: line 1: required column " +
                           std::string(kColumnNames[static_cast<std::size_t>(required)]) + " is missing");
    }

    std::vector<RetentionRule> rules;
    std::set<std::string, std::less<>> codes;
    for (;;) {
        MAMORI_ASSIGN_OR_RETURN(const bool more, reader.next(record));
        if (!more)
            break;
        const std::string where = "retention rules: line " + std::to_string(record.line()) + ": ";
        const auto get = [&](Column c) {
            const auto& column = columns[static_cast<std::size_t>(c)];
            return column ? record.field(*column) : std::string_view();
        };
        const auto integer = [&](Column c, int max, int& out) -> Status {
            const std::string_view value = get(c);
            out = 0;
            if (!value.empty() && !parseUnsigned(value, out, max))
                return invalid(where + std::string(kColumnNames[static_cast<std::size_t>(c)]) +
                               " must be a whole number from 0 to " + std::to_string(max));
            return okStatus();
        };
        RetentionRule r;
        r.code = get(Column::Code);
        r.nameJa = get(Column::NameJa);
        r.basis = get(Column::Basis);
        const auto anchor = retentionAnchorFromName(get(Column::Anchor));
        if (!anchor)
            return invalid(where + "unknown anchor (tax_deadline_next_year_jan10, from_deadline, from_filing, "
                                   "from_completion)");
        r.anchor = *anchor;
        if (get(Column::Years).empty())
            return invalid(where + "years is required");
        MAMORI_TRY(integer(Column::Years, kMaxYears, r.years));
        MAMORI_TRY(integer(Column::Months, kMaxMonths, r.months));
        MAMORI_TRY(integer(Column::Days, kMaxDays, r.days));
        const auto deadline = parseDeadline(get(Column::Deadline));
        if (!deadline)
            return invalid(where + "deadline must be Y, Y+N, Y-MM-DD or Y+N-MM-DD");
        r.deadlineYearOffset = deadline->yearOffset;
        r.deadlineMonth = deadline->month;
        r.deadlineDay = deadline->day;
        if (auto valid = validateRetentionRule(r); !valid.ok())
            return invalid(where + valid.error().context());
        if (!codes.insert(r.code).second)
            return invalid(where + "rule " + r.code + " is defined twice");
        rules.push_back(std::move(r));
    }
    return rules;
}

std::string formatRetentionRules(std::span<const RetentionRule> rules)
{
    std::string out = "code,name_ja,anchor,years,months,days,deadline,basis\n";
    for (const RetentionRule& r : rules) {
        out += csvField(r.code) + ',' + csvField(r.nameJa) + ',' + std::string(retentionAnchorName(r.anchor)) + ',' +
               std::to_string(r.years) + ',' + std::to_string(r.months) + ',' + std::to_string(r.days) + ',' +
               formatDeadline(r) + ',' + csvField(r.basis) + '\n';
    }
    return out;
}

std::vector<RetentionRule> mergeRetentionRules(std::vector<RetentionRule> base,
                                               std::span<const RetentionRule> overrides)
{
    for (const RetentionRule& r : overrides) {
        const auto found =
            std::find_if(base.begin(), base.end(), [&](const RetentionRule& b) { return b.code == r.code; });
        if (found != base.end())
            *found = r;
        else
            base.push_back(r);
    }
    return base;
}

const RetentionRule* findRetentionRule(std::span<const RetentionRule> rules, std::string_view code) noexcept
{
    for (const RetentionRule& r : rules) {
        if (r.code == code)
            return &r;
    }
    return nullptr;
}

DisposalAssessment dueForDisposal(const SubjectFacts& subject, std::span<const DocumentFacts> documents,
                                  std::span<const RetentionRule> rules, year_month_day today)
{
    DisposalAssessment result;

    // When the need ends: the person's own end, or the parent employee's, whichever is first.
    std::optional<year_month_day> end;
    bool dateUnknown = false;
    const auto consider = [&](SubjectStatus status, const std::optional<year_month_day>& date) {
        if (status == SubjectStatus::Active)
            return;
        if (!date) {
            dateUnknown = true;
            return;
        }
        if (!end || sys_days{*date} < sys_days{*end})
            end = *date;
    };
    consider(subject.status, subject.statusDate);
    if (subject.parentStatus)
        consider(*subject.parentStatus, subject.parentStatusDate);
    if (!end) {
        result.reason = dateUnknown ? DisposalBlock::StatusDateUnknown : DisposalBlock::SubjectActive;
        return result;
    }

    year_month_day dueFrom = nextDay(*end);
    std::optional<std::size_t> longest;
    for (std::size_t i = 0; i < documents.size(); ++i) {
        const RetentionRule* r = findRetentionRule(rules, documents[i].ruleCode);
        if (r == nullptr) {
            result.reason = DisposalBlock::UnknownRule;
            result.blockingDocument = i;
            return result;
        }
        DocumentFacts facts = documents[i];
        // 完結の日 not recorded: the matter is complete at the latest when the person leaves.
        if (r->anchor == RetentionAnchor::FromCompletion && !facts.completedDate)
            facts.completedDate = *end;
        const auto period = retentionEnd(*r, facts);
        if (!period.ok()) {
            result.reason = DisposalBlock::DocumentFactsMissing;
            result.blockingDocument = i;
            return result;
        }
        if (sys_days{period.value().firstDisposableDay} > sys_days{dueFrom}) {
            dueFrom = period.value().firstDisposableDay;
            longest = i;
        }
    }

    result.dueFrom = dueFrom;
    if (sys_days{today} <= sys_days{*end}) {
        result.reason = DisposalBlock::NotYetLeft;
    } else if (sys_days{today} < sys_days{dueFrom}) {
        result.reason = DisposalBlock::DocumentRetained;
        result.blockingDocument = longest;
    } else {
        result.due = true;
        result.reason = DisposalBlock::None;
    }
    return result;
}

} // namespace mamori::vault

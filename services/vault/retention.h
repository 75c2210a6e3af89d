// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Retention rules for the documents that used a number, and the disposal-due computation
// (DESIGN §3; services/vault/RETENTION.md has the rules, their legal basis and the data format).
//
// Rules are data, not code: a RetentionRule names what its period counts from (its anchor) and how
// long it runs. defaultRetentionRules() is the seed table; an organisation overrides or extends it
// with a small CSV document (parseRetentionRules, mergeRetentionRules) that fleet bundles carry.
//
// Periods are counted as the Civil Code counts them (民法 140条, 143条): the day of the event is not
// counted, the period starts the next day, and a period of years or months ends on the day before
// the day of the last year/month that corresponds to its first day — or, when that month has no
// such day (29 February in a common year), on the last day of that month. So a period that starts
// on 29 February ends on 28 February; one that starts on 1 March ends on the last day of February.
//
// A number is due for disposal when the person has left (or the relationship ended) and every
// linked document's retention has expired: strictly after its last retained day. When in doubt —
// a rule that is not in the table, a document without the date its rule counts from — it is not
// due. Pure functions; safe from any thread.

#include "services/common/result.h"

#include "services/vault/subject_kind.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::vault {

enum class RetentionAnchor : std::uint8_t {
    // National-tax 申告書 (扶養控除等申告書 etc.): from the day after 10 January of the year following
    // the year in which the filing deadline falls (所得税法施行規則 76条の3).
    TaxDeadlineNextYearJan10,
    // From the day after a filing deadline (法定調書 such as 源泉徴収票 and 支払調書: 31 January of the
    // year after the tax year).
    FromDeadline,
    // From the day after the document was filed or made.
    FromFiling,
    // From the day after the matter the document records was completed (完結の日: 雇用保険,
    // 労働保険, 健康保険・厚生年金保険). Without a recorded completion date, the day the person left.
    FromCompletion,
};

// "tax_deadline_next_year_jan10", "from_deadline", "from_filing", "from_completion".
std::string_view retentionAnchorName(RetentionAnchor anchor) noexcept;
std::optional<RetentionAnchor> retentionAnchorFromName(std::string_view name) noexcept;

struct RetentionRule {
    std::string code;   // [a-z0-9_]{1,64}, e.g. "fuyo_kojo_shinkokusho"
    std::string nameJa; // 給与所得者の扶養控除等（異動）申告書
    RetentionAnchor anchor = RetentionAnchor::FromCompletion;
    int years = 0;
    int months = 0;
    int days = 0; // added after years and months
    // Where the filing deadline falls when a document records only its tax year: in the year
    // taxYear + deadlineYearOffset, on deadlineMonth/deadlineDay (FromDeadline only; 0 = the
    // document must record its deadline date).
    int deadlineYearOffset = 0;
    unsigned deadlineMonth = 0;
    unsigned deadlineDay = 0;
    std::string basis; // legal basis or assumption, free text

    bool operator==(const RetentionRule&) const = default;
};

// What the vault records of a document (the documents table).
struct DocumentFacts {
    std::string ruleCode;
    std::optional<int> taxYear; // the year the document is for (対象年)
    std::optional<std::chrono::year_month_day> deadlineDate;
    std::optional<std::chrono::year_month_day> filedDate;
    std::optional<std::chrono::year_month_day> completedDate;
};

struct RetentionPeriod {
    std::chrono::year_month_day anchorDate; // the event (deadline, 10 January, filing, completion)
    std::chrono::year_month_day firstDay;   // the day after the anchor: the period's first day
    std::chrono::year_month_day lastRetainedDay;
    std::chrono::year_month_day firstDisposableDay; // lastRetainedDay + 1
};

// The last day of a period of `years`, `months` and then `days` that begins on `firstDay`
// (民法 143条; with all three zero, the day before firstDay).
std::chrono::year_month_day periodLastDay(std::chrono::year_month_day firstDay, int years, int months, int days);

// The retention period of one document under `rule`.
// Errors: InvalidArgument (the rule is invalid, or the document lacks the date the rule counts
// from: a tax year or deadline, a filing date, a completion date).
Result<RetentionPeriod> retentionEnd(const RetentionRule& rule, const DocumentFacts& document);

// The seed table (RETENTION.md lists it with the legal basis of each rule).
std::vector<RetentionRule> defaultRetentionRules();

// Whether a rule is well-formed (code, name, anchor fields, ranges). InvalidArgument if not.
Status validateRetentionRule(const RetentionRule& rule);

// Parses the rule table format (RETENTION.md, "Overrides"): CSV with a header row naming the
// columns code, name_ja, anchor, years, months, days, deadline, basis (any order; months, days,
// deadline and basis optional), '#' comment lines, UTF-8 (a BOM is allowed).
// Errors: InvalidArgument / InvalidUtf8 / TooLarge, naming the line and column.
Result<std::vector<RetentionRule>> parseRetentionRules(std::string_view text);
// The same format, with a header; parseRetentionRules(formatRetentionRules(r)) == r.
std::string formatRetentionRules(std::span<const RetentionRule> rules);
// `base` with every rule of `overrides` replacing the rule of the same code or appended.
std::vector<RetentionRule> mergeRetentionRules(std::vector<RetentionRule> base,
                                               std::span<const RetentionRule> overrides);
const RetentionRule* findRetentionRule(std::span<const RetentionRule> rules, std::string_view code) noexcept;

struct SubjectFacts {
    SubjectStatus status = SubjectStatus::Active;
    // The last day of employment, or the day the relationship ended.
    std::optional<std::chrono::year_month_day> statusDate;
    // For a dependent or spouse, the employee it is linked to: the employer's need for the
    // dependent's number ends at the latest when the employee leaves.
    std::optional<SubjectStatus> parentStatus;
    std::optional<std::chrono::year_month_day> parentStatusDate;
};

enum class DisposalBlock : std::uint8_t {
    None,                 // due
    SubjectActive,        // the person has not left, the relationship has not ended
    StatusDateUnknown,    // left or ended, but the date is not recorded
    NotYetLeft,           // the leaving (or ending) day has not passed yet
    DocumentRetained,     // a linked document is still within its retention period
    UnknownRule,          // a document names a rule that is not in the table
    DocumentFactsMissing, // a document lacks the date its rule counts from
};
std::string_view disposalBlockName(DisposalBlock block) noexcept;

struct DisposalAssessment {
    bool due = false;
    DisposalBlock reason = DisposalBlock::SubjectActive;
    // The first day the number is (or was, or will be) due; nullopt when that cannot be known yet
    // (still active, a date missing, an unknown rule). Announced lists show it.
    std::optional<std::chrono::year_month_day> dueFrom;
    // The document that blocks (the one retained longest, or the one with the unknown rule or the
    // missing date): an index into `documents`.
    std::optional<std::size_t> blockingDocument;
};

// Whether a subject's number is due for disposal on `today`, and from when.
DisposalAssessment dueForDisposal(const SubjectFacts& subject, std::span<const DocumentFacts> documents,
                                  std::span<const RetentionRule> rules, std::chrono::year_month_day today);

} // namespace mamori::vault

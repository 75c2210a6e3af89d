// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Parsing and validation of the staff and payee lists that payroll software exports as CSV
// (services/vault/IMPORT_FORMAT.md is the reference for users: columns, aliases, encodings, dates,
// errors, limits). The input is the file's bytes; the output is an ImportBatch: one typed ImportRow
// per data record and one ImportIssue per problem found, each naming the line, the column and a
// stable ErrorCode, never the value.
//
// Nothing here touches the vault. The vault store decides what to commit: every row only if
// allValid(), or the valid rows only if the user explicitly says so, and it resolves dependents'
// parents that are not in the file (parentCodesToResolve, then markParentsNotFound()).
//
// What fails the whole file (an Error, not an issue): an encoding error, malformed CSV (from then on
// nothing can be trusted), a header that is missing, duplicated or has no known column, or a
// limit. Everything else is an issue on a row, and the other rows are still checked, so that a
// clerk can fix the whole file in one pass.
//
// Personal data: ImportRow's text fields are wiped when a row is destroyed; numbers are held in
// NumberDigits. No issue detail, column name or Error context ever contains a cell's value.
// Pure functions; safe from any thread.

#include "services/common/number_validation.h"
#include "services/common/result.h"
#include "services/vault/csv_reader.h"
#include "services/vault/text_encoding.h"

#include "services/vault/subject_kind.h"
#include <chrono>
#include <cstddef>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::vault {

// The values accepted in the kind column: the English names and 従業員/社員/本人, 扶養親族/扶養,
// 配偶者/控除対象配偶者/源泉控除対象配偶者, 支払先/支払調書/取引先 (see IMPORT_FORMAT.md).
std::optional<SubjectKind> subjectKindFromText(std::string_view text);

enum class ImportField : std::uint8_t {
    EmployeeCode,
    Name,
    NameKana,
    BirthDate,
    Address,
    Department,
    MyNumber,
    Kind,
    ParentEmployeeCode,
    Relationship,
    CorporateNumber,
    HireDate,
    LeftDate,
};
constexpr std::size_t kImportFieldCount = 13;

// The canonical English column name ("employee_code", "my_number", ...).
std::string_view importFieldName(ImportField field) noexcept;
// The field a header cell names, after trimming spaces and ignoring ASCII case, or nullopt.
std::optional<ImportField> importFieldFromHeader(std::string_view header);

// Limits on text fields, in Unicode characters after trimming (IMPORT_FORMAT.md, "Limits").
constexpr std::size_t kMaxCodeChars = 32;
constexpr std::size_t kMaxNameChars = 100;
constexpr std::size_t kMaxAddressChars = 200;
constexpr std::size_t kMaxDepartmentChars = 64;
constexpr std::size_t kMaxRelationshipChars = 32;
constexpr std::size_t kMaxImportRows = 200'000;
// At most this many issues are recorded; past it ImportBatch::issuesTruncated is set.
constexpr std::size_t kMaxImportIssues = 10'000;

// One data record, typed. Fields that failed validation are left empty (and an issue says why).
struct ImportRow {
    ImportRow() = default;
    ImportRow(const ImportRow&) = default;
    ImportRow& operator=(const ImportRow&) = default;
    ImportRow(ImportRow&&) noexcept = default;
    ImportRow& operator=(ImportRow&&) noexcept = default;
    ~ImportRow();

    std::size_t line = 0; // 1-based line of the file where the record starts
    SubjectKind kind = SubjectKind::Employee;
    std::string employeeCode; // the subject's own code; may be empty for dependents and spouses
    std::string name;
    std::string nameKana;
    std::string address;
    std::string department;
    std::string parentEmployeeCode; // dependents and spouses only
    std::string relationship;       // 続柄, dependents and spouses only
    std::optional<std::chrono::year_month_day> birthDate;
    std::optional<std::chrono::year_month_day> hireDate;
    std::optional<std::chrono::year_month_day> leftDate; // for dependents: the relationship ended
    // Individual number, or for a payee that is a company its corporate number (see kind()).
    std::optional<NumberDigits> number;
    // Set when any issue names this row; such a row is not in validRows().
    bool hasIssues = false;
};

struct ImportIssue {
    std::size_t row = 0; // 1-based line of the file where the record starts (1 = the header)
    std::string column;  // the header cell as written in the file, empty for whole-row issues
    std::optional<ImportField> field;
    ErrorCode code = ErrorCode::InvalidArgument;
    std::string detail; // short English, never the value
};

struct ImportBatch {
    TextEncoding encoding = TextEncoding::Utf8;
    std::vector<ImportRow> rows; // every data record that was not blank, in file order
    std::vector<ImportIssue> issues;
    bool issuesTruncated = false;
    // Parent employee codes of dependents that are not in the file, sorted and unique, when
    // ImportOptions::resolveParentsInVault is set: the caller looks them up in the vault and calls
    // markParentsNotFound() with those it does not hold.
    std::vector<std::string> parentCodesToResolve;
    // Header cells that name no known column (ignored, e.g. salary columns); a cell that could be
    // a number is listed as "(column N)" instead of its text.
    std::vector<std::string> ignoredColumns;

    bool allValid() const noexcept { return issues.empty() && !issuesTruncated; }
    std::vector<const ImportRow*> validRows() const;
    // Adds a NotFound issue to every dependent or spouse whose parent code is in `missing`, and to
    // the rows that were valid only through them; removes those codes from parentCodesToResolve.
    void markParentsNotFound(const std::vector<std::string>& missing);
};

struct ImportOptions {
    TextEncoding encoding = TextEncoding::Auto;
    // The kind of rows without a kind column or with an empty kind cell.
    SubjectKind defaultKind = SubjectKind::Employee;
    // Accept dependents whose parent is not in the file and list the parents to look up (true), or
    // report them as NotFound issues (false).
    bool resolveParentsInVault = false;
    // When set, dates after this day (birth, hire) are reported: they cannot be true.
    std::optional<std::chrono::year_month_day> today;
    std::size_t maxRows = kMaxImportRows;
    CsvLimits csvLimits;
};

// Parse and validate a payroll export.
// Errors: TooLarge, InvalidUtf8, InvalidArgument (encoding, CSV structure, header), NotFound (no
// known column in the first row: the file has no header).
Result<ImportBatch> parseImport(std::string_view fileBytes, const ImportOptions& options = {});

// A date as payroll software writes it (IMPORT_FORMAT.md, "Dates"): 1985-04-01, 1985/4/1, 1985.4.1,
// 19850401, 1985年4月1日, and Japanese era dates S60.4.1, S60/4/1, 昭和60年4月1日, 令和元年5月1日,
// Showa 60.4.1, Reiwa1/5/1 (M/T/S/H/R; full-width digits and letters too). An era date must fall
// within its era. Errors: InvalidArgument with a short reason.
Result<std::chrono::year_month_day> parseJapaneseDate(std::string_view text);

} // namespace mamori::vault

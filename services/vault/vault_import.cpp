// SPDX-License-Identifier: GPL-3.0-or-later
// CSV import into the vault (csv_import.h parses and validates; this file checks the rows against
// the vault and writes them).
//
// Decisions:
// - All or nothing by default: one invalid row and nothing is written (the report lists every
//   issue with row and column). ImportMode::ValidRowsOnly writes the valid rows, when the clerk
//   explicitly chooses that after seeing the report.
// - One import is one operation: one transaction and one audit entry ("import", with counts).
// - Rows are checked against the vault too: an employee code already registered, a number already
//   held for another subject, a parent code the vault does not hold, a department outside the
//   clerk's scope — each becomes a row issue.
// - Numbers are collected under the session's purpose: the import records that purpose as notified
//   to every imported subject on the day of the import (the employer notifies at collection).

#include "services/common/utf8.h"
#include "services/vault/vault_internal.h"

#include <sodium.h>

#include <map>
#include <set>

namespace mamori::vault {

namespace {
void addIssue(ImportBatch& batch, ImportRow& row, std::string_view column, std::optional<ImportField> field,
              ErrorCode code, std::string detail)
{
    row.hasIssues = true;
    batch.issues.push_back(ImportIssue{row.line, std::string(column), field, code, std::move(detail)});
}
} // namespace

Result<ImportReport> Vault::importCsv(const SessionContext& session, std::string_view fileBytes, ImportMode mode)
{
    ImportReport report;
    auto result = perform<Ok>(
        &session, Operation::Import, "import", Target{}, [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
            if (session.purpose.empty())
                return Error(ErrorCode::PermissionDenied, "an import names the purpose it collects numbers for");
            MAMORI_ASSIGN_OR_RETURN(auto purpose, m_statements.get("SELECT 1 FROM purposes WHERE code = ?"));
            purpose.bind(1, session.purpose);
            MAMORI_ASSIGN_OR_RETURN(const bool knownPurpose, purpose.step());
            if (!knownPurpose)
                return Error(ErrorCode::InvalidArgument, "unknown purpose");

            ImportOptions options;
            options.resolveParentsInVault = true;
            options.today = m_clock.todayJst();
            MAMORI_ASSIGN_OR_RETURN(ImportBatch batch, parseImport(fileBytes, options));

            // Parents named but not in the file: the vault must hold them as employees.
            std::map<std::string, SubjectRow> vaultParents;
            {
                std::vector<std::string> missing;
                MAMORI_ASSIGN_OR_RETURN(auto select, m_statements.get("SELECT id FROM subjects WHERE code = ? AND "
                                                                      "kind = 'employee'"));
                for (const auto& code : batch.parentCodesToResolve) {
                    select.reset();
                    select.bind(1, code);
                    MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
                    if (!found) {
                        missing.push_back(code);
                        continue;
                    }
                    MAMORI_ASSIGN_OR_RETURN(const SubjectId id, SubjectId::fromBytes(select.columnBlob(0)));
                    MAMORI_ASSIGN_OR_RETURN(SubjectRow row, loadSubject(id));
                    vaultParents.emplace(code, std::move(row));
                }
                if (!missing.empty())
                    batch.markParentsNotFound(missing);
            }

            // Rows against the vault: codes taken, numbers held, departments in scope.
            MAMORI_ASSIGN_OR_RETURN(auto codeTaken, m_statements.get("SELECT 1 FROM subjects WHERE code = ?"));
            MAMORI_ASSIGN_OR_RETURN(auto numberHeld, m_statements.get("SELECT 1 FROM number_index WHERE blind = ?"));
            // Payroll exports name departments by name (総務部) or by code: both resolve to the code.
            MAMORI_ASSIGN_OR_RETURN(auto department,
                                    m_statements.get("SELECT code FROM departments WHERE code = ?1 OR name = ?1 "
                                                     "ORDER BY code = ?1 DESC LIMIT 1"));
            std::set<const ImportRow*> unresolved;
            for (ImportRow& row : batch.rows) {
                if (row.department.empty())
                    continue;
                department.reset();
                department.bind(1, row.department);
                MAMORI_ASSIGN_OR_RETURN(const bool known, department.step());
                if (known)
                    row.department = std::string(department.columnText(0));
                else {
                    addIssue(batch, row, "department", ImportField::Department, ErrorCode::NotFound,
                             "no such department in the vault");
                    unresolved.insert(&row);
                }
            }
            std::map<std::string, std::string> departmentOf; // employee code → department, from the file
            for (ImportRow& row : batch.rows)
                if (row.kind == SubjectKind::Employee || row.kind == SubjectKind::Payee)
                    departmentOf[row.employeeCode] = row.department;
            const bool scoped = !session.hasRole(Role::Officer);
            for (ImportRow& row : batch.rows) {
                if (!row.employeeCode.empty()) {
                    codeTaken.reset();
                    codeTaken.bind(1, row.employeeCode);
                    MAMORI_ASSIGN_OR_RETURN(const bool taken, codeTaken.step());
                    if (taken)
                        addIssue(batch, row, "employee_code", ImportField::EmployeeCode, ErrorCode::AlreadyExists,
                                 "employee code already registered in the vault");
                }
                if (row.number) {
                    const BlindIndex blind = blindIndex(m_keys->blindIndexKey(), *row.number);
                    numberHeld.reset();
                    numberHeld.bind(1, std::span<const std::uint8_t>(blind));
                    MAMORI_ASSIGN_OR_RETURN(const bool held, numberHeld.step());
                    if (held)
                        addIssue(batch, row, "my_number", ImportField::MyNumber, ErrorCode::NumberAlreadyRegistered,
                                 "number already registered for another subject in the vault");
                }
                std::string dept = row.department;
                if (row.kind == SubjectKind::Dependent || row.kind == SubjectKind::Spouse) {
                    const auto inFile = departmentOf.find(row.parentEmployeeCode);
                    const auto inVault = vaultParents.find(row.parentEmployeeCode);
                    dept = inFile != departmentOf.end()    ? inFile->second
                           : inVault != vaultParents.end() ? inVault->second.department
                                                           : std::string();
                }
                if (scoped && unresolved.count(&row) == 0 && session.departments.count(dept) == 0)
                    addIssue(batch, row, "department", ImportField::Department, ErrorCode::PermissionDenied,
                             "department missing or outside the clerk's scope");
            }

            report.rows = batch.rows.size();
            report.encoding = batch.encoding;
            if (!batch.allValid() && mode == ImportMode::AllOrNothing) {
                report.issues = std::move(batch.issues);
                report.issuesTruncated = batch.issuesTruncated;
                return Error(ErrorCode::InvalidArgument,
                             "import has " + std::to_string(report.issues.size()) + " issues; nothing imported");
            }

            // Employees and payees first, so that dependents find their parent.
            std::map<std::string, SubjectId> idOf;
            for (const auto& [code, row] : vaultParents)
                idOf.emplace(code, row.id);
            const auto valid = batch.validRows();
            for (int pass = 0; pass < 2; ++pass) {
                for (const ImportRow* row : valid) {
                    const bool dependent = row->kind == SubjectKind::Dependent || row->kind == SubjectKind::Spouse;
                    if (dependent != (pass == 1))
                        continue;
                    MAMORI_ASSIGN_OR_RETURN(const SubjectId id, insertImported(*row, idOf, session));
                    if (!row->employeeCode.empty())
                        idOf.emplace(row->employeeCode, id);
                    ++report.imported;
                }
            }
            report.skipped = report.rows - report.imported;
            report.issues = std::move(batch.issues);
            report.issuesTruncated = batch.issuesTruncated;
            draft.detail = "import " + std::to_string(report.imported) + " of " + std::to_string(report.rows) +
                           " rows, " + std::to_string(report.issues.size()) + " issues";
            return Ok{};
        });
    if (!result.ok()) {
        // The report (with its issues) is still what the clerk needs to see for a refused import.
        if (result.code() == ErrorCode::InvalidArgument && !report.issues.empty())
            return report;
        return result.error();
    }
    return report;
}

Result<SubjectId> Vault::insertImported(const ImportRow& row, const std::map<std::string, SubjectId>& idOf,
                                        const SessionContext& session)
{
    const bool dependent = row.kind == SubjectKind::Dependent || row.kind == SubjectKind::Spouse;
    std::optional<SubjectRow> parent;
    std::string department = row.department;
    if (dependent) {
        const auto found = idOf.find(row.parentEmployeeCode);
        if (found == idOf.end())
            return Error(ErrorCode::NotFound, "dependent's employee not found");
        MAMORI_ASSIGN_OR_RETURN(SubjectRow loaded, loadSubject(found->second));
        department = loaded.department;
        parent = std::move(loaded);
    }
    std::string code = row.employeeCode;
    if (code.empty() && parent) {
        MAMORI_ASSIGN_OR_RETURN(auto taken, m_statements.get("SELECT 1 FROM subjects WHERE code = ?"));
        for (int n = 1; n < 100 && code.empty(); ++n) {
            const std::string candidate = parent->code + "-" + std::to_string(n);
            taken.reset();
            taken.bind(1, candidate);
            MAMORI_ASSIGN_OR_RETURN(const bool exists, taken.step());
            if (!exists)
                code = candidate;
        }
    }
    if (!isValidCode(code, kMaxCodeBytes))
        return Error(ErrorCode::InvalidArgument, "employee code: 1-32 of [A-Za-z0-9._-]");

    const SubjectId id = SubjectId::random();
    // One guarded buffer for every new data key: sodium_malloc per subject costs ~150 µs.
    randombytes_buf(m_newKey.data(), m_newKey.size());
    const ScopedWipe wipeNewKey{m_newKey};
    const SecretBuffer& dataKey = m_newKey;
    MAMORI_ASSIGN_OR_RETURN(const auto wrapped, wrapDataKey(m_keys->keyEncryptionKey(), id, dataKey));
    const auto seal = [&](std::string_view text, const char* field) {
        return encryptField(dataKey, id, field, kFieldSchemaVersion, text);
    };
    const std::string birth = row.birthDate ? formatIsoDate(*row.birthDate) : std::string();
    MAMORI_ASSIGN_OR_RETURN(const auto name, seal(row.name, "name"));
    MAMORI_ASSIGN_OR_RETURN(const auto kana, seal(row.nameKana, "name_kana"));
    MAMORI_ASSIGN_OR_RETURN(const auto birthSealed, seal(birth, "birth_date"));
    MAMORI_ASSIGN_OR_RETURN(const auto address, seal(row.address, "address"));
    const bool left = row.leftDate.has_value();
    const std::string status = !left ? "active" : dependent ? "ended" : "left";

    MAMORI_ASSIGN_OR_RETURN(
        auto insert,
        m_statements.get("INSERT INTO subjects (id, code, kind, parent_id, department, status, status_date, "
                         "wrapped_key, name, name_kana, birth_date, address, created_ms, updated_ms) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    const std::int64_t now = m_clock.nowMs();
    insert.bind(1, std::span<const std::uint8_t>(id.bytes)).bind(2, code).bind(3, subjectKindName(row.kind));
    if (parent)
        insert.bind(4, std::span<const std::uint8_t>(parent->id.bytes));
    else
        insert.bindNull(4);
    if (department.empty())
        insert.bindNull(5);
    else
        insert.bind(5, department);
    insert.bind(6, status);
    if (left)
        insert.bind(7, formatIsoDate(*row.leftDate));
    else
        insert.bindNull(7);
    insert.bind(8, std::span<const std::uint8_t>(wrapped))
        .bind(9, std::span<const std::uint8_t>(name))
        .bind(10, std::span<const std::uint8_t>(kana))
        .bind(11, std::span<const std::uint8_t>(birthSealed))
        .bind(12, std::span<const std::uint8_t>(address))
        .bind(13, now)
        .bind(14, now);
    MAMORI_TRY(insert.run());
    MAMORI_TRY(writeNameSearch(id, PersonalText(row.nameKana)));

    MAMORI_ASSIGN_OR_RETURN(auto notify, m_statements.get("INSERT INTO subject_purposes (subject_id, purpose, "
                                                          "notified_date) VALUES (?, ?, ?)"));
    notify.bind(1, std::span<const std::uint8_t>(id.bytes))
        .bind(2, session.purpose)
        .bind(3, formatIsoDate(m_clock.todayJst()));
    MAMORI_TRY(notify.run());

    if (row.number) {
        const auto digits = row.number->digits();
        MAMORI_ASSIGN_OR_RETURN(
            const auto sealed,
            encryptField(dataKey, id, "number", kFieldSchemaVersion,
                         std::span(reinterpret_cast<const std::uint8_t*>(digits.data()), digits.size())));
        const BlindIndex blind = blindIndex(m_keys->blindIndexKey(), *row.number);
        MAMORI_ASSIGN_OR_RETURN(auto index,
                                m_statements.get("INSERT INTO number_index (blind, subject_id) VALUES (?, ?)"));
        index.bind(1, std::span<const std::uint8_t>(blind)).bind(2, std::span<const std::uint8_t>(id.bytes));
        MAMORI_TRY(index.run());
        MAMORI_ASSIGN_OR_RETURN(auto store, m_statements.get("INSERT INTO numbers (subject_id, kind, ciphertext, "
                                                             "registered_ms, registered_by) VALUES (?, ?, ?, ?, ?)"));
        store.bind(1, std::span<const std::uint8_t>(id.bytes))
            .bind(2, row.number->kind() == NumberKind::Individual ? "individual" : "corporate")
            .bind(3, std::span<const std::uint8_t>(sealed))
            .bind(4, now)
            .bind(5, session.userId);
        MAMORI_TRY(store.run());
    }
    return id;
}

} // namespace mamori::vault

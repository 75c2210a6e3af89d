// SPDX-License-Identifier: GPL-3.0-or-later
// Vault subject operations: register, edit, purposes, numbers, verification and document records,
// listing, detail, lookup by number and reveal.

#include "services/common/utf8.h"
#include "services/vault/card_signature.h"
#include "services/vault/vault_internal.h"

#include <sodium.h>

#include <cstdio>

namespace mamori::vault {

namespace {

std::span<const std::uint8_t> bytesOf(const PersonalText& text)
{
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::vector<std::uint8_t> copyBlob(std::span<const std::uint8_t> blob) { return {blob.begin(), blob.end()}; }

Status checkPersonal(const PersonalText& text, std::size_t maxBytes, const char* field)
{
    if (text.size() > maxBytes)
        return Error(ErrorCode::TooLarge, std::string(field) + " longer than " + std::to_string(maxBytes) + " bytes");
    if (!isPrintableUtf8(text.view()))
        return Error(ErrorCode::InvalidUtf8, std::string(field) + " is not printable UTF-8");
    return okStatus();
}

Status checkBirthDate(const PersonalText& text)
{
    if (text.empty())
        return okStatus();
    if (!parseIsoDate(text.view()))
        return Error(ErrorCode::InvalidArgument, "birth date is not YYYY-MM-DD");
    return okStatus();
}

constexpr const char* kSubjectColumns =
    "id, code, kind, parent_id, department, status, status_date, wrapped_key, name, name_kana, birth_date, address";

} // namespace

std::string formatIsoDate(std::chrono::year_month_day date)
{
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

std::optional<std::chrono::year_month_day> parseIsoDate(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8};
    const std::size_t lengths[3] = {4, 2, 2};
    for (int p = 0; p < 3; ++p) {
        for (std::size_t i = 0; i < lengths[p]; ++i) {
            const char c = text[starts[p] + i];
            if (c < '0' || c > '9')
                return std::nullopt;
            parts[p] = parts[p] * 10 + (c - '0');
        }
    }
    const std::chrono::year_month_day date{std::chrono::year(parts[0]), std::chrono::month(unsigned(parts[1])),
                                           std::chrono::day(unsigned(parts[2]))};
    if (!date.ok())
        return std::nullopt;
    return date;
}

Result<Vault::SubjectRow> Vault::loadSubject(const SubjectId& id)
{
    MAMORI_ASSIGN_OR_RETURN(auto select,
                            m_statements.get(std::string("SELECT ") + kSubjectColumns + " FROM subjects WHERE id = ?"));
    select.bind(1, std::span<const std::uint8_t>(id.bytes));
    MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
    if (!found)
        return Error(ErrorCode::NotFound, "no subject with that id");
    SubjectRow row;
    row.id = id;
    row.code = std::string(select.columnText(1));
    row.kind = subjectKindFromName(select.columnText(2)).value_or(SubjectKind::Employee);
    if (!select.columnIsNull(3)) {
        MAMORI_ASSIGN_OR_RETURN(const SubjectId parent, SubjectId::fromBytes(select.columnBlob(3)));
        row.parent = parent;
    }
    row.department = std::string(select.columnText(4));
    row.status = subjectStatusFromName(select.columnText(5)).value_or(SubjectStatus::Active);
    row.statusDate = std::string(select.columnText(6));
    row.wrappedKey = copyBlob(select.columnBlob(7));
    row.name = copyBlob(select.columnBlob(8));
    row.nameKana = copyBlob(select.columnBlob(9));
    row.birthDate = copyBlob(select.columnBlob(10));
    row.address = copyBlob(select.columnBlob(11));
    return row;
}

Result<std::vector<std::string>> Vault::purposesOf(const SubjectId& id)
{
    MAMORI_ASSIGN_OR_RETURN(
        auto select, m_statements.get("SELECT purpose FROM subject_purposes WHERE subject_id = ? ORDER BY purpose"));
    select.bind(1, std::span<const std::uint8_t>(id.bytes));
    std::vector<std::string> purposes;
    while (true) {
        MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
        if (!row)
            break;
        purposes.emplace_back(select.columnText(0));
    }
    return purposes;
}

Result<SubjectScope> Vault::scopeOf(const SubjectRow& row)
{
    SubjectScope scope;
    scope.department = row.department;
    MAMORI_ASSIGN_OR_RETURN(scope.notifiedPurposes, purposesOf(row.id));
    return scope;
}

Result<SubjectId> Vault::registerSubject(const SessionContext& session, const NewSubject& subject)
{
    // The department of a dependent is its employee's; the clerk must be in scope of it.
    Target target;
    SubjectScope scope;
    std::optional<SubjectRow> parent;
    if (subject.kind == SubjectKind::Dependent || subject.kind == SubjectKind::Spouse) {
        if (!subject.parent)
            return Error(ErrorCode::InvalidArgument, "a dependent or spouse needs the employee it belongs to");
        auto loaded = loadSubject(*subject.parent);
        if (!loaded.ok())
            return loaded.error();
        if (loaded.value().kind != SubjectKind::Employee)
            return Error(ErrorCode::InvalidArgument, "a dependent belongs to an employee");
        parent = std::move(loaded).value();
        scope.department = parent->department;
    } else {
        if (subject.parent)
            return Error(ErrorCode::InvalidArgument, "only dependents and spouses have a parent");
        scope.department = subject.department;
    }
    target.scope = scope;

    return perform<SubjectId>(
        &session, Operation::RegisterSubject, "register", target,
        [&](AuditDraft& draft, const SubjectRow*) -> Result<SubjectId> {
            MAMORI_TRY(checkPersonal(subject.name, kMaxNameBytes, "name"));
            MAMORI_TRY(checkPersonal(subject.nameKana, kMaxNameBytes, "name_kana"));
            MAMORI_TRY(checkPersonal(subject.birthDate, 10, "birth_date"));
            MAMORI_TRY(checkBirthDate(subject.birthDate));
            MAMORI_TRY(checkPersonal(subject.address, kMaxAddressBytes, "address"));
            if (subject.name.empty())
                return Error(ErrorCode::InvalidArgument, "a subject needs a name");

            std::string code = subject.code;
            if (code.empty() && parent) {
                // "<employee code>-<n>", the first n not taken.
                MAMORI_ASSIGN_OR_RETURN(auto taken, m_statements.get("SELECT 1 FROM subjects WHERE code = ?"));
                for (int n = 1; n < 100; ++n) {
                    const std::string candidate = parent->code + "-" + std::to_string(n);
                    taken.reset();
                    taken.bind(1, candidate);
                    MAMORI_ASSIGN_OR_RETURN(const bool exists, taken.step());
                    if (!exists) {
                        code = candidate;
                        break;
                    }
                }
            }
            if (!isValidCode(code, kMaxCodeBytes))
                return Error(ErrorCode::InvalidArgument, "employee code: 1-32 of [A-Za-z0-9._-]");

            const SubjectId id = SubjectId::random();
            draft.subjectId = id.hex();
            draft.subjectCode = code;
            draft.detail = std::string(subjectKindName(subject.kind));
            // One guarded buffer for every new data key: sodium_malloc per subject costs ~150 µs.
            randombytes_buf(m_newKey.data(), m_newKey.size());
            const ScopedWipe wipeNewKey{m_newKey};
            const SecretBuffer& dataKey = m_newKey;
            MAMORI_ASSIGN_OR_RETURN(const auto wrapped, wrapDataKey(m_keys->keyEncryptionKey(), id, dataKey));
            const auto seal = [&](const PersonalText& text, const char* field) {
                return encryptField(dataKey, id, field, kFieldSchemaVersion, bytesOf(text));
            };
            MAMORI_ASSIGN_OR_RETURN(const auto name, seal(subject.name, "name"));
            MAMORI_ASSIGN_OR_RETURN(const auto kana, seal(subject.nameKana, "name_kana"));
            MAMORI_ASSIGN_OR_RETURN(const auto birth, seal(subject.birthDate, "birth_date"));
            MAMORI_ASSIGN_OR_RETURN(const auto address, seal(subject.address, "address"));

            MAMORI_ASSIGN_OR_RETURN(
                auto insert,
                m_statements.get("INSERT INTO subjects (id, code, kind, parent_id, department, wrapped_key, "
                                 "name, name_kana, birth_date, address, created_ms, updated_ms) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            const std::int64_t now = m_clock.nowMs();
            insert.bind(1, std::span<const std::uint8_t>(id.bytes))
                .bind(2, code)
                .bind(3, subjectKindName(subject.kind));
            if (parent)
                insert.bind(4, std::span<const std::uint8_t>(parent->id.bytes));
            else
                insert.bindNull(4);
            if (scope.department.empty())
                insert.bindNull(5);
            else
                insert.bind(5, scope.department);
            insert.bind(6, std::span<const std::uint8_t>(wrapped))
                .bind(7, std::span<const std::uint8_t>(name))
                .bind(8, std::span<const std::uint8_t>(kana))
                .bind(9, std::span<const std::uint8_t>(birth))
                .bind(10, std::span<const std::uint8_t>(address))
                .bind(11, now)
                .bind(12, now);
            MAMORI_TRY(insert.run());
            MAMORI_TRY(writeNameSearch(id, subject.nameKana));
            return id;
        });
}

Status Vault::writeNameSearch(const SubjectId& id, const PersonalText& kana)
{
    MAMORI_ASSIGN_OR_RETURN(auto clear, m_statements.get("DELETE FROM name_search WHERE subject_id = ?"));
    clear.bind(1, std::span<const std::uint8_t>(id.bytes));
    MAMORI_TRY(clear.run());
    MAMORI_ASSIGN_OR_RETURN(auto insert,
                            m_statements.get("INSERT OR IGNORE INTO name_search (term, subject_id) VALUES (?, ?)"));
    for (const BlindIndex& term : nameSearchTerms(m_keys->nameSearchKey(), kana.view())) {
        insert.reset();
        insert.bind(1, std::span<const std::uint8_t>(term)).bind(2, std::span<const std::uint8_t>(id.bytes));
        MAMORI_TRY(insert.run());
    }
    return okStatus();
}

Status Vault::editSubject(const SessionContext& session, const SubjectId& id, const SubjectEdit& edit)
{
    return perform<Ok>(
        &session, Operation::EditSubject, "edit", Target{&id, {}, {}},
        [&](AuditDraft& draft, const SubjectRow* row) -> Result<Ok> {
            std::string fields;
            const auto note = [&](const char* field) {
                if (!fields.empty())
                    fields += ',';
                fields += field;
            };
            MAMORI_TRY(unwrapDataKeyInto(m_keys->keyEncryptionKey(), id, row->wrappedKey, m_scratchKey));
            const ScopedWipe wipeScratch{m_scratchKey};
            const SecretBuffer& dataKey = m_scratchKey;
            const auto update = [&](const std::optional<PersonalText>& value, const char* field,
                                    std::size_t maxBytes) -> Status {
                if (!value)
                    return okStatus();
                MAMORI_TRY(checkPersonal(*value, maxBytes, field));
                MAMORI_ASSIGN_OR_RETURN(const auto sealed,
                                        encryptField(dataKey, id, field, kFieldSchemaVersion, bytesOf(*value)));
                MAMORI_ASSIGN_OR_RETURN(auto statement, m_statements.get(std::string("UPDATE subjects SET ") + field +
                                                                         " = ?, updated_ms = ? WHERE id = ?"));
                statement.bind(1, std::span<const std::uint8_t>(sealed))
                    .bind(2, m_clock.nowMs())
                    .bind(3, std::span<const std::uint8_t>(id.bytes));
                MAMORI_TRY(statement.run());
                note(field);
                return okStatus();
            };
            if (edit.name && edit.name->empty())
                return Error(ErrorCode::InvalidArgument, "a subject needs a name");
            if (edit.birthDate)
                MAMORI_TRY(checkBirthDate(*edit.birthDate));
            MAMORI_TRY(update(edit.name, "name", kMaxNameBytes));
            MAMORI_TRY(update(edit.nameKana, "name_kana", kMaxNameBytes));
            MAMORI_TRY(update(edit.birthDate, "birth_date", 10));
            MAMORI_TRY(update(edit.address, "address", kMaxAddressBytes));
            if (edit.nameKana)
                MAMORI_TRY(writeNameSearch(id, *edit.nameKana));
            if (edit.department) {
                if (row->kind == SubjectKind::Dependent || row->kind == SubjectKind::Spouse)
                    return Error(ErrorCode::InvalidArgument, "a dependent's department is its employee's");
                // A clerk may move a subject only into a department they also hold.
                if (!session.hasRole(Role::Officer) && session.departments.count(*edit.department) == 0)
                    return Error(ErrorCode::PermissionDenied, "target department outside the clerk's scope");
                MAMORI_ASSIGN_OR_RETURN(auto statement,
                                        m_statements.get("UPDATE subjects SET department = ?1, updated_ms = ?2 "
                                                         "WHERE id = ?3 OR parent_id = ?3"));
                statement.bind(1, *edit.department)
                    .bind(2, m_clock.nowMs())
                    .bind(3, std::span<const std::uint8_t>(id.bytes));
                MAMORI_TRY(statement.run());
                note("department");
            }
            if (edit.status) {
                const bool needsDate = *edit.status != SubjectStatus::Active;
                if (needsDate && !edit.statusDate)
                    return Error(ErrorCode::InvalidArgument, "leaving or ending needs the date");
                if (*edit.status == SubjectStatus::Left && row->kind == SubjectKind::Dependent)
                    return Error(ErrorCode::InvalidArgument, "a dependent's relationship ends; it does not leave");
                MAMORI_ASSIGN_OR_RETURN(auto statement,
                                        m_statements.get("UPDATE subjects SET status = ?, status_date = "
                                                         "?, updated_ms = ? WHERE id = ?"));
                statement.bind(1, subjectStatusName(*edit.status));
                if (needsDate)
                    statement.bind(2, formatIsoDate(*edit.statusDate));
                else
                    statement.bindNull(2);
                statement.bind(3, m_clock.nowMs()).bind(4, std::span<const std::uint8_t>(id.bytes));
                MAMORI_TRY(statement.run());
                note("status");
            }
            if (fields.empty())
                return Error(ErrorCode::InvalidArgument, "nothing to change");
            draft.detail = "fields " + fields;
            return Ok{};
        });
}

Status Vault::notifyPurpose(const SessionContext& session, const SubjectId& id, std::string_view purpose,
                            std::chrono::year_month_day notified)
{
    return perform<Ok>(
        &session, Operation::EditSubject, "edit", Target{&id, {}, {}},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
            if (!notified.ok())
                return Error(ErrorCode::InvalidArgument, "notification date");
            MAMORI_ASSIGN_OR_RETURN(auto insert, m_statements.get("INSERT INTO subject_purposes (subject_id, purpose, "
                                                                  "notified_date) VALUES (?, ?, ?)"));
            insert.bind(1, std::span<const std::uint8_t>(id.bytes)).bind(2, purpose).bind(3, formatIsoDate(notified));
            MAMORI_TRY(insert.run());
            draft.detail = "notify purpose " + std::string(purpose);
            return Ok{};
        });
}

Status Vault::setNumber(const SessionContext& session, const SubjectId& id, std::string_view typed)
{
    Status status = perform<Ok>(
        &session, Operation::RegisterNumber, "register", Target{&id, {}, {}},
        [&](AuditDraft& draft, const SubjectRow* row) -> Result<Ok> {
            const NumberKind kind = row->kind == SubjectKind::Payee && typed.size() >= kCorporateNumberDigits &&
                                            parseCorporateNumber(typed).ok()
                                        ? NumberKind::Corporate
                                        : NumberKind::Individual;
            MAMORI_ASSIGN_OR_RETURN(const NumberDigits number, parseNumber(kind, typed));
            const BlindIndex blind = blindIndex(m_keys->blindIndexKey(), number);

            MAMORI_ASSIGN_OR_RETURN(auto owner,
                                    m_statements.get("SELECT subject_id FROM number_index WHERE blind = ?"));
            owner.bind(1, std::span<const std::uint8_t>(blind));
            MAMORI_ASSIGN_OR_RETURN(const bool held, owner.step());
            if (held) {
                const auto holder = owner.columnBlob(0);
                if (holder.size() == id.bytes.size() && std::equal(holder.begin(), holder.end(), id.bytes.begin()))
                    return Error(ErrorCode::AlreadyExists, "this subject already has this number");
                return Error(ErrorCode::NumberAlreadyRegistered, "number held by another subject");
            }

            MAMORI_TRY(unwrapDataKeyInto(m_keys->keyEncryptionKey(), id, row->wrappedKey, m_scratchKey));
            const ScopedWipe wipeScratch{m_scratchKey};
            const SecretBuffer& dataKey = m_scratchKey;
            const auto digits = number.digits();
            MAMORI_ASSIGN_OR_RETURN(
                const auto sealed,
                encryptField(dataKey, id, "number", kFieldSchemaVersion,
                             std::span(reinterpret_cast<const std::uint8_t*>(digits.data()), digits.size())));
            MAMORI_ASSIGN_OR_RETURN(auto replaceIndex,
                                    m_statements.get("DELETE FROM number_index WHERE subject_id = ?"));
            replaceIndex.bind(1, std::span<const std::uint8_t>(id.bytes));
            MAMORI_TRY(replaceIndex.run());
            const bool replaced = m_db.changes() > 0;
            MAMORI_ASSIGN_OR_RETURN(auto index,
                                    m_statements.get("INSERT INTO number_index (blind, subject_id) VALUES (?, ?)"));
            index.bind(1, std::span<const std::uint8_t>(blind)).bind(2, std::span<const std::uint8_t>(id.bytes));
            MAMORI_TRY(index.run());
            MAMORI_ASSIGN_OR_RETURN(auto store,
                                    m_statements.get("INSERT OR REPLACE INTO numbers (subject_id, kind, ciphertext, "
                                                     "registered_ms, registered_by) VALUES (?, ?, ?, ?, ?)"));
            store.bind(1, std::span<const std::uint8_t>(id.bytes))
                .bind(2, kind == NumberKind::Individual ? "individual" : "corporate")
                .bind(3, std::span<const std::uint8_t>(sealed))
                .bind(4, m_clock.nowMs())
                .bind(5, session.userId);
            MAMORI_TRY(store.run());
            draft.detail = replaced ? "number replaced" : "number registered";
            return Ok{};
        });
    if (!status.ok() && status.code() == ErrorCode::NumberAlreadyRegistered) {
        // DESIGN §3: the same number for two subjects raises an alert for the officer and admin.
        AuditDraft alert = draftFor(&session, Operation::RegisterNumber, "alert");
        alert.subjectId = id.hex();
        alert.detail = "duplicate number refused";
        alert.result = resultText("refused", ErrorCode::NumberAlreadyRegistered);
        MAMORI_TRY(auditStandalone(alert));
    }
    return status;
}

Status Vault::recordVerification(const SessionContext& session, const SubjectId& id, std::string_view method,
                                 std::string_view documents)
{
    return perform<Ok>(&session, Operation::RecordVerification, "edit", Target{&id, {}, {}},
                       [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
                           if (documents.size() > 512 || !isPrintableUtf8(documents))
                               return Error(ErrorCode::InvalidArgument, "documents: up to 512 printable bytes");
                           MAMORI_ASSIGN_OR_RETURN(
                               auto insert,
                               m_statements.get("INSERT INTO verifications (subject_id, method, documents, "
                                                "verified_by, verified_ms) VALUES (?, ?, ?, ?, ?)"));
                           insert.bind(1, std::span<const std::uint8_t>(id.bytes))
                               .bind(2, method)
                               .bind(3, documents)
                               .bind(4, session.userId)
                               .bind(5, m_clock.nowMs());
                           MAMORI_TRY(insert.run());
                           draft.detail = "verification " + std::string(method);
                           return Ok{};
                       });
}

Result<std::int64_t> Vault::recordDocument(const SessionContext& session, const SubjectId& id,
                                           const DocumentRecord& document)
{
    return perform<std::int64_t>(
        &session, Operation::RecordDocument, "edit", Target{&id, {}, {}},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<std::int64_t> {
            MAMORI_ASSIGN_OR_RETURN(auto rule, m_statements.get("SELECT 1 FROM retention_rules WHERE code = ?"));
            rule.bind(1, document.ruleCode);
            MAMORI_ASSIGN_OR_RETURN(const bool known, rule.step());
            if (!known)
                return Error(ErrorCode::InvalidArgument, "no retention rule with that code");
            MAMORI_ASSIGN_OR_RETURN(
                auto insert, m_statements.get("INSERT INTO documents (subject_id, rule_code, tax_year, filed_date, "
                                              "completed_date, created_ms, deadline_date) "
                                              "VALUES (?, ?, ?, ?, ?, ?, ?)"));
            insert.bind(1, std::span<const std::uint8_t>(id.bytes)).bind(2, document.ruleCode);
            if (document.taxYear)
                insert.bind(3, std::int64_t(*document.taxYear));
            else
                insert.bindNull(3);
            if (document.filed)
                insert.bind(4, formatIsoDate(*document.filed));
            else
                insert.bindNull(4);
            if (document.completed)
                insert.bind(5, formatIsoDate(*document.completed));
            else
                insert.bindNull(5);
            insert.bind(6, m_clock.nowMs());
            if (document.deadline)
                insert.bind(7, formatIsoDate(*document.deadline));
            else
                insert.bindNull(7);
            MAMORI_TRY(insert.run());
            const std::int64_t documentId = sqlite3LastInsertRowid(m_db);
            draft.detail = "document " + document.ruleCode;
            return documentId;
        });
}

} // namespace mamori::vault

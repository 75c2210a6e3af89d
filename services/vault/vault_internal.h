// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to the vault*.cpp files: the subject row as stored, small helpers, and the definition of
// Vault::perform — the one place where an operation, its authorisation and its audit entry are
// bound into a single transaction.

#include "services/vault/audit_writer.h"
#include "services/vault/vault.h"

#include <sqlite3.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace mamori::vault {

struct Vault::SubjectRow {
    SubjectId id;
    std::string code;
    SubjectKind kind = SubjectKind::Employee;
    std::optional<SubjectId> parent;
    std::string department;
    SubjectStatus status = SubjectStatus::Active;
    std::string statusDate;
    std::vector<std::uint8_t> wrappedKey;
    std::vector<std::uint8_t> name;
    std::vector<std::uint8_t> nameKana;
    std::vector<std::uint8_t> birthDate;
    std::vector<std::uint8_t> address;
};

// Wipes a reused key buffer when the scope ends, however it ends.
struct ScopedWipe {
    SecretBuffer& key;
    ~ScopedWipe() { key.wipe(); }
};

// The schema version bound into every field ciphertext's associated data.
constexpr std::uint32_t kFieldSchemaVersion = 1;

AuditDraft draftFor(const SessionContext* session, Operation operation, std::string_view action);
std::string resultText(std::string_view kind, ErrorCode code);
bool isValidCode(std::string_view code, std::size_t maxBytes);
Result<std::array<std::uint8_t, 32>> spkiFromHex(std::string_view hex);
inline std::int64_t sqlite3LastInsertRowid(Database& db) { return sqlite3_last_insert_rowid(db.handle()); }

// Operations that only read (list, view, search): their audit entry is committed with relaxed
// durability (Vault::setRelaxedDurability). A reveal is not among them.
inline bool isRelaxedRead(Operation operation)
{
    return operation == Operation::ListSubjects || operation == Operation::SearchSubjects ||
           operation == Operation::ViewSubject || operation == Operation::ViewDueList ||
           operation == Operation::ReviewActivity || operation == Operation::QueryAudit;
}

// Operations performed without a card session: by the local provisioning tool, or by the daemon for
// its own services (logd's pulls, the courier's reports).
inline bool systemMayPerform(Operation operation)
{
    return operation == Operation::ConfigureDevice || operation == Operation::EnrolCard ||
           operation == Operation::PullAuditLog || operation == Operation::ReportDelivery;
}

template <typename T, typename Body>
Result<T> Vault::perform(const SessionContext* session, Operation operation, std::string_view action, Target target,
                         Body&& body)
{
    AuditDraft draft = draftFor(session, operation, action);
    const bool readOnly = isRelaxedRead(operation);
    MAMORI_TRY(setRelaxedDurability(readOnly));
    MAMORI_ASSIGN_OR_RETURN(Transaction tx, Transaction::begin(m_db));

    // Authorise, inside the transaction so that the subject cannot change under the decision.
    std::optional<SubjectRow> row;
    Status allowed = okStatus();
    if (target.id) {
        draft.subjectId = target.id->hex();
        auto loaded = loadSubject(*target.id);
        if (loaded.ok()) {
            row = std::move(loaded).value();
            draft.subjectCode = row->code;
            auto scope = scopeOf(*row);
            if (!scope.ok())
                allowed = scope.error();
            else
                allowed = session ? authorize(*session, operation, &scope.value())
                                  : Status(Error(ErrorCode::PermissionDenied, "no session"));
        } else {
            allowed = loaded.error();
        }
    } else if (!target.batch.empty()) {
        if (!session)
            allowed = Error(ErrorCode::PermissionDenied, "no session");
        for (const SubjectId& id : target.batch) {
            if (!allowed.ok())
                break;
            auto loaded = loadSubject(id);
            if (!loaded.ok()) {
                allowed = loaded.error();
                break;
            }
            auto scope = scopeOf(loaded.value());
            allowed = scope.ok() ? authorize(*session, operation, &scope.value()) : Status(scope.error());
        }
        if (target.batch.size() == 1) {
            draft.subjectId = target.batch.front().hex();
            auto loaded = loadSubject(target.batch.front());
            if (loaded.ok())
                draft.subjectCode = loaded.value().code;
        }
    } else if (target.scope) {
        allowed = session ? authorize(*session, operation, &*target.scope)
                          : Status(Error(ErrorCode::PermissionDenied, "no session"));
    } else if (session) {
        allowed = authorize(*session, operation, nullptr);
    } else if (!systemMayPerform(operation)) {
        allowed = Error(ErrorCode::PermissionDenied, "only device set-up runs without a session");
    }

    if (!allowed.ok()) {
        const bool refused = allowed.code() == ErrorCode::PermissionDenied;
        draft.result = resultText(refused ? "refused" : "failed", allowed.code());
        const std::int64_t now = m_clock.nowMs();
        Status audited = m_audit->append(m_statements, draft, now);
        if (audited.ok())
            audited = m_audit->checkpointIfDue(m_statements, now);
        if (audited.ok())
            audited = tx.commit();
        if (!audited.ok()) {
            m_audit->rolledBack();
            return Error(ErrorCode::AuditWriteFailed, audited.error().describe());
        }
        m_audit->committed();
        return std::move(allowed).error();
    }

    if (target.id && !row)
        return Error(ErrorCode::Internal, "subject operation without its row");
    Result<T> result = body(draft, row ? &*row : nullptr);
    if (!result.ok()) {
        {
            Transaction discard = std::move(tx); // rolls back
        }
        m_audit->rolledBack();
        draft.result = resultText("failed", result.code());
        // If even the failure cannot be recorded (a full disk), the caller still learns the first
        // cause: nothing of the operation remains either way.
        (void)auditStandalone(draft);
        return result;
    }

    const std::int64_t now = m_clock.nowMs();
    Status audited = m_audit->append(m_statements, draft, now);
    if (audited.ok())
        audited = draft.checkpointAfter ? m_audit->checkpointNow(m_statements, now)
                                        : m_audit->checkpointIfDue(m_statements, now);
    if (!audited.ok()) {
        {
            Transaction discard = std::move(tx);
        }
        m_audit->rolledBack();
        return Error(ErrorCode::AuditWriteFailed, audited.error().describe());
    }
    Status committed = tx.commit();
    if (!committed.ok()) {
        {
            Transaction discard = std::move(tx);
        }
        m_audit->rolledBack();
        return committed.error();
    }
    m_audit->committed();
    if (!readOnly)
        ++m_writeGeneration;
    return result;
}

} // namespace mamori::vault

namespace mamori::vault {

std::string formatIsoDate(std::chrono::year_month_day date);
std::optional<std::chrono::year_month_day> parseIsoDate(std::string_view text);

} // namespace mamori::vault

// SPDX-License-Identifier: GPL-3.0-or-later
// Vault retention and disposal (DESIGN §3): the due list, requests by a clerk, approval by an
// officer with a second card (step-up), and execution that deletes irrecoverably and issues a
// signed disposal certificate.
//
// A request for an employee covers the employee's dependents and spouse as well: every one of them
// must be due, and all are disposed together (a dependent's record cannot outlive the employee's).
// Deletion: the subject rows and everything hanging from them (number, blind index, search terms,
// purposes, verifications, documents) with secure_delete on, then a WAL checkpoint(TRUNCATE) so
// that no copy remains in the write-ahead log. The request row and the certificate keep only the
// subject code, rule codes, dates, user ids and hashes.

#include "services/vault/audit_writer.h"
#include "services/vault/retention.h"
#include "services/vault/vault_internal.h"

#include <sodium.h>

namespace mamori::vault {

namespace {

struct Candidate {
    SubjectId id;
    std::string code;
    SubjectKind kind = SubjectKind::Employee;
    std::string department;
    SubjectStatus status = SubjectStatus::Active;
    std::optional<std::chrono::year_month_day> statusDate;
    std::optional<SubjectId> parent;
};

} // namespace

Result<std::vector<RetentionRule>> Vault::retentionRules()
{
    MAMORI_ASSIGN_OR_RETURN(auto select, m_statements.get("SELECT definition FROM retention_rules ORDER BY code"));
    std::vector<RetentionRule> rules;
    while (true) {
        MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
        if (!row)
            break;
        auto parsed = parseRetentionRules(select.columnText(0));
        if (!parsed.ok())
            return Error(ErrorCode::StorageCorrupt, "a stored retention rule does not parse");
        for (auto& rule : parsed.value())
            rules.push_back(std::move(rule));
    }
    return rules;
}

Status Vault::seedRetentionRules()
{
    MAMORI_ASSIGN_OR_RETURN(auto count, m_statements.get("SELECT count(*) FROM retention_rules"));
    MAMORI_ASSIGN_OR_RETURN(const bool row, count.step());
    if (row && count.columnInt(0) > 0)
        return okStatus();
    MAMORI_ASSIGN_OR_RETURN(auto tx, Transaction::begin(m_db));
    MAMORI_ASSIGN_OR_RETURN(auto insert,
                            m_statements.get("INSERT INTO retention_rules (code, definition) VALUES (?, ?)"));
    for (const RetentionRule& rule : defaultRetentionRules()) {
        insert.reset();
        insert.bind(1, rule.code).bind(2, formatRetentionRules(std::span(&rule, 1)));
        MAMORI_TRY(insert.run());
    }
    return tx.commit();
}

Result<std::vector<DocumentFacts>> Vault::documentFacts(const SubjectId& id)
{
    MAMORI_ASSIGN_OR_RETURN(auto select, m_statements.get("SELECT rule_code, tax_year, deadline_date, filed_date, "
                                                          "completed_date FROM documents WHERE subject_id = ?"));
    select.bind(1, std::span<const std::uint8_t>(id.bytes));
    std::vector<DocumentFacts> documents;
    while (true) {
        MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
        if (!row)
            break;
        DocumentFacts facts;
        facts.ruleCode = std::string(select.columnText(0));
        if (!select.columnIsNull(1))
            facts.taxYear = static_cast<int>(select.columnInt(1));
        facts.deadlineDate = parseIsoDate(select.columnText(2));
        facts.filedDate = parseIsoDate(select.columnText(3));
        facts.completedDate = parseIsoDate(select.columnText(4));
        documents.push_back(std::move(facts));
    }
    return documents;
}

Result<DisposalAssessment> Vault::assess(const SubjectId& id, std::span<const RetentionRule> rules,
                                         std::chrono::year_month_day today)
{
    MAMORI_ASSIGN_OR_RETURN(const SubjectRow row, loadSubject(id));
    SubjectFacts facts;
    facts.status = row.status;
    facts.statusDate = parseIsoDate(row.statusDate);
    if (row.parent) {
        MAMORI_ASSIGN_OR_RETURN(const SubjectRow parent, loadSubject(*row.parent));
        facts.parentStatus = parent.status;
        facts.parentStatusDate = parseIsoDate(parent.statusDate);
    }
    MAMORI_ASSIGN_OR_RETURN(const auto documents, documentFacts(id));
    return dueForDisposal(facts, documents, rules, today);
}

Result<std::vector<SubjectId>> Vault::disposalSet(const SubjectId& id)
{
    std::vector<SubjectId> set{id};
    MAMORI_ASSIGN_OR_RETURN(auto select, m_statements.get("SELECT id FROM subjects WHERE parent_id = ? ORDER BY code"));
    select.bind(1, std::span<const std::uint8_t>(id.bytes));
    while (true) {
        MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
        if (!row)
            break;
        MAMORI_ASSIGN_OR_RETURN(const SubjectId child, SubjectId::fromBytes(select.columnBlob(0)));
        set.push_back(child);
    }
    return set;
}

Result<std::vector<DueItem>> Vault::dueList(const SessionContext& session)
{
    return perform<std::vector<DueItem>>(
        &session, Operation::ViewDueList, "list", Target{},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<std::vector<DueItem>> {
            MAMORI_ASSIGN_OR_RETURN(const auto rules, retentionRules());
            const auto today = m_clock.todayJst();
            // Subjects whose own status, or whose employee's, is no longer active.
            MAMORI_ASSIGN_OR_RETURN(
                auto select,
                m_statements.get("SELECT s.id, s.code, s.kind, s.department, "
                                 "(SELECT r.id FROM disposal_requests r WHERE r.subject_id = s.id AND r.status IN "
                                 "('pending', 'approved')) FROM subjects s LEFT JOIN subjects p ON p.id = s.parent_id "
                                 "WHERE (s.status <> 'active' OR p.status <> 'active') ORDER BY s.code"));
            std::vector<DueItem> items;
            const bool scoped = !session.hasRole(Role::Officer);
            while (true) {
                MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
                if (!row)
                    break;
                DueItem item;
                MAMORI_ASSIGN_OR_RETURN(item.id, SubjectId::fromBytes(select.columnBlob(0)));
                item.code = std::string(select.columnText(1));
                item.kind = subjectKindFromName(select.columnText(2)).value_or(SubjectKind::Employee);
                item.department = std::string(select.columnText(3));
                if (scoped && session.departments.count(item.department) == 0)
                    continue;
                if (!select.columnIsNull(4))
                    item.pendingRequest = select.columnInt(4);
                MAMORI_ASSIGN_OR_RETURN(const DisposalAssessment assessment, assess(item.id, rules, today));
                item.due = assessment.due;
                item.dueFrom = assessment.dueFrom;
                if (!assessment.due)
                    item.blockedBy = std::string(disposalBlockName(assessment.reason));
                items.push_back(std::move(item));
            }
            draft.detail = "due list " + std::to_string(items.size());
            return items;
        });
}

Result<std::int64_t> Vault::requestDisposal(const SessionContext& session, const SubjectId& id)
{
    return perform<std::int64_t>(
        &session, Operation::RequestDisposal, "disposal_request", Target{&id, {}, {}},
        [&](AuditDraft& draft, const SubjectRow* row) -> Result<std::int64_t> {
            if (row->parent)
                return Error(ErrorCode::InvalidArgument, "request disposal of the employee; dependents go with it");
            MAMORI_ASSIGN_OR_RETURN(const auto rules, retentionRules());
            MAMORI_ASSIGN_OR_RETURN(const auto set, disposalSet(id));
            for (const SubjectId& member : set) {
                MAMORI_ASSIGN_OR_RETURN(const DisposalAssessment assessment, assess(member, rules, m_clock.todayJst()));
                if (!assessment.due)
                    return Error(ErrorCode::InvalidArgument,
                                 "not due: " + std::string(disposalBlockName(assessment.reason)));
            }
            MAMORI_ASSIGN_OR_RETURN(auto open, m_statements.get("SELECT 1 FROM disposal_requests WHERE subject_id = ? "
                                                                "AND status IN ('pending', 'approved')"));
            open.bind(1, std::span<const std::uint8_t>(id.bytes));
            MAMORI_ASSIGN_OR_RETURN(const bool exists, open.step());
            if (exists)
                return Error(ErrorCode::AlreadyExists, "a disposal request for this subject is open");
            MAMORI_ASSIGN_OR_RETURN(const auto card, spkiFromHex(session.cardId));
            MAMORI_ASSIGN_OR_RETURN(
                auto insert, m_statements.get("INSERT INTO disposal_requests (subject_id, subject_code, requested_by, "
                                              "requested_card, requested_ms) VALUES (?, ?, ?, ?, ?)"));
            insert.bind(1, std::span<const std::uint8_t>(id.bytes))
                .bind(2, row->code)
                .bind(3, session.userId)
                .bind(4, std::span<const std::uint8_t>(card))
                .bind(5, m_clock.nowMs());
            MAMORI_TRY(insert.run());
            const std::int64_t requestId = sqlite3LastInsertRowid(m_db);
            draft.detail = "request " + std::to_string(requestId) + " covering " + std::to_string(set.size());
            return requestId;
        });
}

Result<DisposalRequest> Vault::loadRequest(std::int64_t requestId)
{
    MAMORI_ASSIGN_OR_RETURN(auto select,
                            m_statements.get("SELECT subject_id, subject_code, status, requested_by, "
                                             "requested_ms, approved_by FROM disposal_requests WHERE id = ?"));
    select.bind(1, requestId);
    MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
    if (!found)
        return Error(ErrorCode::NotFound, "no disposal request with that id");
    DisposalRequest request;
    request.id = requestId;
    MAMORI_ASSIGN_OR_RETURN(request.subject, SubjectId::fromBytes(select.columnBlob(0)));
    request.subjectCode = std::string(select.columnText(1));
    request.status = std::string(select.columnText(2));
    request.requestedBy = select.columnInt(3);
    request.requestedMs = select.columnInt(4);
    if (!select.columnIsNull(5))
        request.approvedBy = select.columnInt(5);
    return request;
}

Status Vault::approveDisposal(const SessionContext& officer, std::int64_t requestId, const StepUpProof& proof)
{
    MAMORI_ASSIGN_OR_RETURN(const DisposalRequest request, loadRequest(requestId));
    return perform<Ok>(
        &officer, Operation::ApproveDisposal, "disposal_approve", Target{&request.subject, {}, {}},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
            MAMORI_ASSIGN_OR_RETURN(const DisposalRequest current, loadRequest(requestId));
            if (current.status != "pending")
                return Error(ErrorCode::InvalidArgument, "request is " + current.status + ", not pending");
            MAMORI_ASSIGN_OR_RETURN(const auto card, spkiFromHex(officer.cardId));
            MAMORI_TRY(checkAnotherApprover(officer, "disposal_requests", requestId, current.requestedBy));
            MAMORI_ASSIGN_OR_RETURN(draft.signature,
                                    verifyStepUp(officer, Operation::ApproveDisposal, request.subject, proof));
            MAMORI_ASSIGN_OR_RETURN(
                auto update, m_statements.get("UPDATE disposal_requests SET status = 'approved', approved_by = ?, "
                                              "approved_card = ?, approval_signature = ?, approved_ms = ? "
                                              "WHERE id = ? AND status = 'pending'"));
            update.bind(1, officer.userId)
                .bind(2, std::span<const std::uint8_t>(card))
                .bind(3, std::span<const std::uint8_t>(draft.signature))
                .bind(4, m_clock.nowMs())
                .bind(5, requestId);
            MAMORI_TRY(update.run());
            draft.detail = "request " + std::to_string(requestId);
            return Ok{};
        });
}

Result<DisposalCertificate> Vault::executeDisposal(const SessionContext& session, std::int64_t requestId)
{
    MAMORI_ASSIGN_OR_RETURN(const DisposalRequest request, loadRequest(requestId));
    auto executed = perform<DisposalCertificate>(
        &session, Operation::ExecuteDisposal, "disposal_execute", Target{&request.subject, {}, {}},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<DisposalCertificate> {
            MAMORI_ASSIGN_OR_RETURN(const DisposalRequest current, loadRequest(requestId));
            if (current.status != "approved")
                return Error(ErrorCode::InvalidArgument, "request is " + current.status + ", not approved");
            MAMORI_ASSIGN_OR_RETURN(const auto rules, retentionRules());
            MAMORI_ASSIGN_OR_RETURN(const auto set, disposalSet(request.subject));
            std::string subjects;
            std::string documents;
            for (const SubjectId& member : set) {
                MAMORI_ASSIGN_OR_RETURN(const DisposalAssessment assessment, assess(member, rules, m_clock.todayJst()));
                if (!assessment.due)
                    return Error(ErrorCode::InvalidArgument, "no longer due");
                MAMORI_ASSIGN_OR_RETURN(const SubjectRow row, loadSubject(member));
                if (!subjects.empty())
                    subjects += ',';
                subjects += row.code;
                MAMORI_ASSIGN_OR_RETURN(const auto facts, documentFacts(member));
                for (const auto& document : facts) {
                    if (!documents.empty())
                        documents += ',';
                    documents += document.ruleCode;
                    if (document.taxYear) {
                        documents += '/';
                        documents += std::to_string(*document.taxYear);
                    }
                }
            }
            // Children first (foreign keys), then the employee; cascades take the rest.
            MAMORI_ASSIGN_OR_RETURN(auto remove, m_statements.get("DELETE FROM subjects WHERE id = ?"));
            for (auto it = set.rbegin(); it != set.rend(); ++it) {
                remove.reset();
                remove.bind(1, std::span<const std::uint8_t>(it->bytes));
                MAMORI_TRY(remove.run());
            }

            // The certificate names the audit entry this transaction writes next.
            const std::uint64_t sequence = m_audit->pendingSequence() + 1;
            const auto& previous = m_audit->pendingHash();
            const std::int64_t now = m_clock.nowMs();
            std::string body = "mamori-disposal-certificate-v1\n";
            body += "device=" + m_options.deviceId + "\n";
            body += "request=" + std::to_string(requestId) + "\n";
            body += "subjects=" + subjects + "\n";
            body += "documents=" + documents + "\n";
            body += "requested_by=" + std::to_string(current.requestedBy) + "\n";
            body += "requested_ms=" + std::to_string(current.requestedMs) + "\n";
            body += "approved_by=" + std::to_string(current.approvedBy.value_or(0)) + "\n";
            body += "executed_by=" + std::to_string(session.userId) + "\n";
            body += "executed_ms=" + std::to_string(now) + "\n";
            body += "audit_sequence=" + std::to_string(sequence) + "\n";
            char hex[65];
            sodium_bin2hex(hex, sizeof hex, previous.data(), previous.size());
            body += "audit_previous_hash=" + std::string(hex) + "\n";

            DisposalCertificate certificate;
            certificate.requestId = requestId;
            certificate.body = body;
            certificate.signature =
                m_audit->sign(std::span(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()));
            certificate.devicePublicKey = m_audit->devicePublicKey();
            MAMORI_ASSIGN_OR_RETURN(
                auto store,
                m_statements.get("INSERT INTO disposal_certificates (request_id, body, signature) VALUES (?, "
                                 "?, ?)"));
            store.bind(1, requestId)
                .bind(2, std::span(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()))
                .bind(3, std::span<const std::uint8_t>(certificate.signature));
            MAMORI_TRY(store.run());
            MAMORI_ASSIGN_OR_RETURN(auto update, m_statements.get("UPDATE disposal_requests SET status = 'executed', "
                                                                  "executed_ms = ? WHERE id = ?"));
            update.bind(1, now).bind(2, requestId);
            MAMORI_TRY(update.run());
            draft.detail = "request " + std::to_string(requestId) + " disposed " + std::to_string(set.size());
            return certificate;
        });
    if (executed.ok()) {
        // Nothing of the deleted rows may survive in the write-ahead log.
        MAMORI_TRY(m_db.exec("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    return executed;
}

} // namespace mamori::vault

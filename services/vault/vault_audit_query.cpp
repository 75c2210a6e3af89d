// SPDX-License-Identifier: GPL-3.0-or-later
// The audit log viewer's query (admin, officer; DESIGN §5): filters by user, action, employee code
// and period, newest first, keyset-paged by sequence. Entries hold no number (AUDIT_FORMAT.md), so
// a page may go to the kiosk as it is; signatures are reported as present, not handed out.

#include "services/vault/audit_entry.h"
#include "services/vault/audit_writer.h"
#include "services/vault/card_signature.h"
#include "services/vault/vault_internal.h"

#include <map>

namespace mamori::vault {
namespace {

constexpr int kMaxAuditPage = 500;

} // namespace

Result<AuditPage> Vault::queryAudit(const SessionContext& session, const AuditQuery& query)
{
    if (query.limit < 1 || query.limit > kMaxAuditPage)
        return Error(ErrorCode::InvalidArgument, "an audit page holds 1 to 500 entries");
    if (!query.action.empty() && !parseAction(query.action))
        return Error(ErrorCode::InvalidArgument, "unknown audit action");
    if (query.subjectCode.size() > kMaxCodeBytes || query.fromMs < 0 || query.toMs < 0)
        return Error(ErrorCode::InvalidArgument, "audit query bounds");
    return perform<AuditPage>(
        &session, Operation::QueryAudit, "view", Target{},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<AuditPage> {
            draft.detail = "audit log";
            // The user's cards, as the hex actor ids the entries hold.
            std::map<std::string, std::string> nameOfCard;
            MAMORI_ASSIGN_OR_RETURN(auto cards, m_statements.get("SELECT c.spki_sha256, u.display_name, u.id FROM "
                                                                 "cards c JOIN users u ON u.id = c.user_id"));
            std::string cardsOfUser;
            for (;;) {
                MAMORI_ASSIGN_OR_RETURN(const bool row, cards.step());
                if (!row)
                    break;
                const std::string hex = hexOf(cards.columnBlob(0));
                nameOfCard[hex] = std::string(cards.columnText(1));
                if (query.userId != 0 && cards.columnInt(2) == query.userId)
                    cardsOfUser += (cardsOfUser.empty() ? "" : ",") + hex;
            }
            if (query.userId != 0 && cardsOfUser.empty())
                return AuditPage{}; // a user without cards has no entries
            MAMORI_ASSIGN_OR_RETURN(
                auto select,
                m_statements.get("SELECT encoded FROM audit_entries WHERE seq < ? AND time_ms >= ? AND time_ms <= ? "
                                 "AND (? = '' OR action = ?) AND (? = '' OR subject_code = ?) AND "
                                 "(? = '' OR instr(',' || ? || ',', ',' || actor || ',') > 0) "
                                 "ORDER BY seq DESC LIMIT ?"));
            const auto before =
                static_cast<std::int64_t>(query.beforeSequence == 0 ? auditHeadSequence() + 1 : query.beforeSequence);
            select.bind(1, before)
                .bind(2, query.fromMs)
                .bind(3, query.toMs == 0 ? std::numeric_limits<std::int64_t>::max() : query.toMs)
                .bind(4, query.action)
                .bind(5, query.action)
                .bind(6, query.subjectCode)
                .bind(7, query.subjectCode)
                .bind(8, cardsOfUser)
                .bind(9, cardsOfUser)
                .bind(10, std::int64_t{query.limit} + 1);
            AuditPage page;
            for (;;) {
                MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
                if (!row)
                    break;
                if (page.rows.size() == static_cast<std::size_t>(query.limit)) {
                    page.more = true;
                    break;
                }
                MAMORI_ASSIGN_OR_RETURN(const AuditEntry entry, decodeEntry(select.columnBlob(0)));
                AuditRow out;
                out.sequence = entry.sequence;
                out.timeMs = entry.timeMs;
                out.actor = entry.actor;
                if (const auto name = nameOfCard.find(entry.actor); name != nameOfCard.end())
                    out.actorName = name->second;
                out.role = std::string(roleName(entry.role));
                out.action = std::string(actionName(entry.action));
                out.subjectCode = entry.employeeCode;
                out.purpose = entry.purpose;
                out.result = entry.result;
                out.detail = entry.detail;
                out.signedByCard = !entry.cardSignature.empty();
                out.secondSigner = !entry.secondSignature.empty();
                page.rows.push_back(std::move(out));
            }
            page.headSequence = auditHeadSequence();
            MAMORI_ASSIGN_OR_RETURN(auto newest, m_statements.get("SELECT encoded FROM audit_checkpoints ORDER BY "
                                                                  "seq DESC LIMIT 1"));
            MAMORI_ASSIGN_OR_RETURN(const bool haveCheckpoint, newest.step());
            if (haveCheckpoint) {
                MAMORI_ASSIGN_OR_RETURN(const Checkpoint checkpoint, decodeCheckpoint(newest.columnBlob(0)));
                page.checkpointSequence = checkpoint.sequence;
                page.checkpointMs = checkpoint.timeMs;
                page.checkpointCounter = checkpoint.counter;
            }
            return page;
        });
}

} // namespace mamori::vault

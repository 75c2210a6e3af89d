// SPDX-License-Identifier: GPL-3.0-or-later
// What the device's own services ask of the vault without a card session. mamori-vaultd recognises
// them by their user id (--log-user, --courier-user) and calls these; nobody else reaches them.
//
// - pullAuditLog (mamori-logd): the administrator pulls the log incrementally through logd. A bundle
//   must end on a checkpoint (audit_bundle.h), so a pull is cut at the newest checkpoint within its
//   limit — or, if none lies within it, at the first one after (at most checkpointEvery entries
//   more). A pull that returns entries is audited first ("log_export" by the system, with a
//   checkpoint), so the log records every copy of itself that left the device; polling an
//   up-to-date device writes nothing.
// - reportDelivery (mamori-courier): the courier took a provision from the outbox and says what
//   became of it. The report names the provision's own entry, which must be a successful "provide"
//   by a card holder; each provision is reported once (the deliveries table holds the outcome), so a
//   courier that restarts after a crash cannot report twice or report on an entry it never had.
//   Blocked and refused provisions are written as "alert" entries, which the administrator's and
//   officer's views surface.

#include "services/common/utf8.h"
#include "services/vault/vault_internal.h"

#include <sodium.h>

#include <array>

namespace mamori::vault {

namespace {

constexpr std::array<std::pair<DeliveryOutcome, std::string_view>, 4> kOutcomeNames{{
    {DeliveryOutcome::Delivered, "delivered"},
    {DeliveryOutcome::Failed, "failed"},
    {DeliveryOutcome::Blocked, "blocked"},
    {DeliveryOutcome::Refused, "refused"},
}};

} // namespace

std::string_view deliveryOutcomeName(DeliveryOutcome outcome) noexcept
{
    for (const auto& [value, name] : kOutcomeNames)
        if (value == outcome)
            return name;
    return {};
}

std::optional<DeliveryOutcome> deliveryOutcomeFromName(std::string_view name) noexcept
{
    for (const auto& [value, known] : kOutcomeNames)
        if (known == name)
            return value;
    return std::nullopt;
}

Result<LogPull> Vault::pullAuditLog(KeySource& keys, std::uint64_t afterSequence, std::uint32_t maxEntries)
{
    if (maxEntries < 1 || maxEntries > kMaxLogPullEntries)
        return Error(ErrorCode::InvalidArgument, "a pull takes 1 to 100000 entries");
    LogPull pull;
    pull.headSequence = m_audit->headSequence();
    if (afterSequence >= pull.headSequence)
        return pull; // nothing follows (or the puller is ahead of this device: it sees the head)

    MAMORI_TRY(perform<Ok>(nullptr, Operation::PullAuditLog, "log_export", Target{},
                           [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
                               draft.detail = "log pull after sequence " + std::to_string(afterSequence);
                               draft.checkpointAfter = true;
                               return Ok{};
                           }));
    pull.headSequence = m_audit->headSequence();

    const std::uint64_t limit = afterSequence + maxEntries;
    std::uint64_t last = pull.headSequence;
    if (last > limit) {
        MAMORI_ASSIGN_OR_RETURN(auto within,
                                m_statements.get("SELECT MAX(seq) FROM audit_checkpoints WHERE seq > ? AND seq <= ?"));
        within.bind(1, static_cast<std::int64_t>(afterSequence));
        within.bind(2, static_cast<std::int64_t>(limit));
        MAMORI_TRY(within.step());
        if (!within.columnIsNull(0)) {
            last = static_cast<std::uint64_t>(within.columnInt(0));
        } else {
            MAMORI_ASSIGN_OR_RETURN(auto after,
                                    m_statements.get("SELECT MIN(seq) FROM audit_checkpoints WHERE seq > ?"));
            after.bind(1, static_cast<std::int64_t>(afterSequence));
            MAMORI_TRY(after.step());
            if (after.columnIsNull(0))
                return Error(ErrorCode::AuditChainBroken, "no checkpoint after the pulled sequence");
            last = static_cast<std::uint64_t>(after.columnInt(0));
        }
    }
    MAMORI_ASSIGN_OR_RETURN(pull.bundle, signedBundle(keys, afterSequence + 1, last));
    return pull;
}

Status Vault::reportDelivery(std::uint64_t provideSequence, DeliveryOutcome outcome, std::string_view detail)
{
    if (detail.size() > 200 || !isPrintableUtf8(detail))
        return Error(ErrorCode::InvalidArgument, "a delivery detail is at most 200 bytes of printable text");
    const bool alert = outcome == DeliveryOutcome::Blocked || outcome == DeliveryOutcome::Refused;
    return perform<Ok>(
        nullptr, Operation::ReportDelivery, alert ? "alert" : "provide", Target{},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<Ok> {
            MAMORI_ASSIGN_OR_RETURN(auto select, m_statements.get("SELECT encoded FROM audit_entries WHERE seq = ?"));
            select.bind(1, static_cast<std::int64_t>(provideSequence));
            MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
            if (!found)
                return Error(ErrorCode::NotFound, "no audit entry at that sequence");
            auto entry = decodeEntry(select.columnBlob(0));
            if (!entry.ok())
                return Error(ErrorCode::AuditChainBroken, "an audit entry does not decode");
            const AuditEntry& provided = entry.value();
            if (provided.action != AuditAction::Provide || provided.actor == kSystemActor || provided.result != "ok")
                return Error(ErrorCode::InvalidArgument, "that entry is not a provision");

            MAMORI_ASSIGN_OR_RETURN(auto insert,
                                    m_statements.get("INSERT INTO deliveries (provide_seq, outcome, reported_ms) "
                                                     "VALUES (?, ?, ?) ON CONFLICT DO NOTHING"));
            insert.bind(1, static_cast<std::int64_t>(provideSequence));
            insert.bind(2, deliveryOutcomeName(outcome));
            insert.bind(3, m_clock.nowMs());
            MAMORI_TRY(insert.run());
            if (m_db.changes() == 0)
                return Error(ErrorCode::AlreadyExists, "that provision was already reported");

            draft.purpose = provided.purpose;
            switch (outcome) {
            case DeliveryOutcome::Delivered:
                break;
            case DeliveryOutcome::Failed:
                draft.result = resultText("failed", ErrorCode::Unavailable);
                break;
            case DeliveryOutcome::Blocked:
            case DeliveryOutcome::Refused:
                draft.result = resultText("refused", ErrorCode::PermissionDenied);
                break;
            }
            draft.detail = "delivery of entry " + std::to_string(provideSequence) + " " +
                           std::string(deliveryOutcomeName(outcome));
            if (!detail.empty())
                draft.detail += ": " + std::string(detail);
            return Ok{};
        });
}

Result<std::vector<CardInfo>> Vault::listCards(const SessionContext& session)
{
    return perform<std::vector<CardInfo>>(
        &session, Operation::ListCards, "list", Target{},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<std::vector<CardInfo>> {
            MAMORI_ASSIGN_OR_RETURN(auto cards,
                                    m_statements.get("SELECT c.spki_sha256, c.user_id, u.display_name, c.enrolled_ms, "
                                                     "c.status, c.revoked_ms FROM cards c JOIN users u ON u.id = "
                                                     "c.user_id ORDER BY c.user_id, c.enrolled_ms"));
            MAMORI_ASSIGN_OR_RETURN(auto roles,
                                    m_statements.get("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role"));
            MAMORI_ASSIGN_OR_RETURN(
                auto departments,
                m_statements.get("SELECT department FROM user_departments WHERE user_id = ? ORDER BY department"));
            std::vector<CardInfo> list;
            for (;;) {
                MAMORI_ASSIGN_OR_RETURN(const bool row, cards.step());
                if (!row)
                    break;
                CardInfo card;
                const auto spki = cards.columnBlob(0);
                std::array<char, 65> hex{};
                if (spki.size() != 32)
                    return Error(ErrorCode::StorageCorrupt, "a card id is not 32 bytes");
                sodium_bin2hex(hex.data(), hex.size(), spki.data(), spki.size());
                card.cardId = hex.data();
                card.userId = cards.columnInt(1);
                card.displayName = std::string(cards.columnText(2));
                card.enrolledMs = cards.columnInt(3);
                card.revoked = cards.columnText(4) == "revoked";
                card.revokedMs = cards.columnIsNull(5) ? 0 : cards.columnInt(5);
                roles.reset();
                roles.bind(1, card.userId);
                for (;;) {
                    MAMORI_ASSIGN_OR_RETURN(const bool more, roles.step());
                    if (!more)
                        break;
                    card.roles.emplace_back(roles.columnText(0));
                }
                departments.reset();
                departments.bind(1, card.userId);
                for (;;) {
                    MAMORI_ASSIGN_OR_RETURN(const bool more, departments.step());
                    if (!more)
                        break;
                    card.departments.emplace_back(departments.columnText(0));
                }
                list.push_back(std::move(card));
            }
            draft.detail = "cards: " + std::to_string(list.size());
            return list;
        });
}

} // namespace mamori::vault

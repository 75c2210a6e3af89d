// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/audit_writer.h"

#include "services/vault/audit_chain.h"

namespace mamori::vault {

namespace {

Result<AuditEntry> entryFromRow(Statement& row) { return decodeEntry(row.columnBlob(0)); }

} // namespace

struct AuditWriter::State {
    DeviceSigner signer;
    std::optional<std::uint64_t> counterTarget; // applied to the TPM counter after commit
};

AuditWriter::AuditWriter() = default;
AuditWriter::~AuditWriter() = default;

Result<std::unique_ptr<AuditWriter>> AuditWriter::load(Database& db, std::string deviceId, SecretBuffer signingSeed,
                                                       MonotonicCounter* counter, CheckpointPolicy policy,
                                                       bool acceptOlderCounter)
{
    MAMORI_ASSIGN_OR_RETURN(DeviceSigner signer, DeviceSigner::fromSeed(signingSeed));
    signingSeed.wipe();
    std::unique_ptr<AuditWriter> writer(new AuditWriter());
    writer->m_deviceId = std::move(deviceId);
    writer->m_publicKey = signer.publicKey();
    writer->m_counter = counter;
    writer->m_policy = policy;
    writer->m_state = std::make_unique<State>(State{std::move(signer), std::nullopt});

    // The newest checkpoint: its signature must be this device's and its head must be in the chain.
    Head head;
    ChainHead anchor = kGenesisHead;
    std::optional<Checkpoint> newest;
    {
        MAMORI_ASSIGN_OR_RETURN(auto select,
                                db.prepare("SELECT encoded FROM audit_checkpoints ORDER BY seq DESC LIMIT 1"));
        MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
        if (found) {
            auto decoded = decodeCheckpoint(select.columnBlob(0));
            if (!decoded.ok())
                return Error(ErrorCode::AuditChainBroken, "newest checkpoint does not decode");
            newest = decoded.value();
            if (!verifyCheckpoint(*newest, writer->m_publicKey))
                return Error(ErrorCode::AuditChainBroken, "newest checkpoint signature does not verify");
            anchor = ChainHead{newest->sequence, newest->headHash};
            head.lastCheckpointSequence = newest->sequence;
            head.lastCheckpointMs = newest->timeMs;
        }
    }

    // Rollback: a restored older copy has an older newest checkpoint than the TPM counter. A log
    // with no entry at all is a new vault (every operation writes an entry, so such a copy holds
    // nothing to roll back to); a TPM counter starts above zero, so it must not read as behind.
    bool emptyLog = false;
    if (counter && !newest) {
        MAMORI_ASSIGN_OR_RETURN(auto any, db.prepare("SELECT 1 FROM audit_entries LIMIT 1"));
        MAMORI_ASSIGN_OR_RETURN(const bool hasEntry, any.step());
        emptyLog = !hasEntry;
    }
    if (counter && !emptyLog) {
        MAMORI_ASSIGN_OR_RETURN(const std::uint64_t tpm, counter->read());
        const std::uint64_t recorded = newest ? newest->counter : 0;
        if (recorded < tpm && !acceptOlderCounter)
            return Error(ErrorCode::StorageRolledBack, "newest checkpoint counter " + std::to_string(recorded) +
                                                           " is behind the TPM counter " + std::to_string(tpm));
        // A crash between commit and increment leaves the TPM behind: bring it up now.
        for (std::uint64_t value = tpm; value < recorded;) {
            MAMORI_ASSIGN_OR_RETURN(value, counter->increment());
        }
    }

    // The entries after the newest checkpoint must continue it: verified here, at every start.
    {
        MAMORI_ASSIGN_OR_RETURN(auto select,
                                db.prepare("SELECT encoded FROM audit_entries WHERE seq >= ? ORDER BY seq"));
        select.bind(1, static_cast<std::int64_t>(anchor.sequence == 0 ? 1 : anchor.sequence));
        bool first = true;
        ChainHead last = anchor;
        VerifyOptions tailOptions;
        tailOptions.anchor = anchor;
        ChainVerifier tail({}, writer->m_publicKey, tailOptions);
        while (true) {
            MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
            if (!row)
                break;
            auto entry = entryFromRow(select);
            if (!entry.ok())
                return Error(ErrorCode::AuditChainBroken, "an audit entry does not decode");
            if (first && anchor.sequence != 0) {
                // The checkpointed entry itself must still hash to the checkpoint's head.
                first = false;
                if (entry.value().sequence != anchor.sequence || entry.value().hash != anchor.hash)
                    return Error(ErrorCode::AuditChainBroken, "the chain forks from its newest checkpoint");
                continue;
            }
            first = false;
            tail.addEntry(entry.value());
            last = headOf(entry.value());
        }
        if (newest && anchor.sequence != 0 && first)
            return Error(ErrorCode::AuditChainBroken, "the chain is shorter than its newest checkpoint");
        const VerifyReport report = tail.finish();
        if (!report.clean())
            return Error(ErrorCode::AuditChainBroken, describe(report));
        head.sequence = last.sequence;
        head.hash = last.hash;
    }
    // Checkpoints are written in the transaction of the entry that makes them due, so more entries
    // past the newest one than the policy allows means checkpoints were removed (a rewritten chain).
    if (policy.loadBound > 0 && head.sequence - head.lastCheckpointSequence > policy.loadBound)
        return Error(ErrorCode::AuditChainBroken, std::to_string(head.sequence - head.lastCheckpointSequence) +
                                                      " entries after the newest checkpoint exceed the policy");
    writer->m_committed = head;
    writer->m_pending = head;
    return writer;
}

Status AuditWriter::append(StatementCache& db, const AuditDraft& draft, std::int64_t nowMs)
{
    const auto role = parseRole(draft.role);
    const auto action = parseAction(draft.action);
    if (!role || !action)
        return Error(ErrorCode::AuditWriteFailed, "unknown audit role or action");
    AuditEntry entry;
    entry.timeMs = nowMs;
    entry.deviceId = m_deviceId;
    entry.actor = draft.actor;
    entry.role = *role;
    entry.action = *action;
    entry.subjectId = draft.subjectId;
    entry.employeeCode = draft.subjectCode;
    entry.purpose = draft.purpose;
    entry.result = draft.result;
    entry.detail = draft.detail;
    entry.cardSignature = draft.signature;
    entry.secondSignature = draft.secondSignature;
    auto next = makeNext(ChainHead{m_pending.sequence, m_pending.hash}, std::move(entry));
    if (!next.ok())
        return Error(ErrorCode::AuditWriteFailed, next.error().describe());
    MAMORI_ASSIGN_OR_RETURN(const auto encoded, encodeEntry(next.value()));

    MAMORI_ASSIGN_OR_RETURN(auto insert, db.get("INSERT INTO audit_entries (seq, time_ms, actor, action, subject_code, "
                                                "encoded, hash) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    const AuditEntry& written = next.value();
    insert.bind(1, static_cast<std::int64_t>(written.sequence))
        .bind(2, written.timeMs)
        .bind(3, written.actor)
        .bind(4, actionName(written.action))
        .bind(5, written.employeeCode)
        .bind(6, std::span<const std::uint8_t>(encoded))
        .bind(7, std::span<const std::uint8_t>(written.hash));
    MAMORI_TRY(insert.run());
    m_pending.sequence = written.sequence;
    m_pending.hash = written.hash;
    return okStatus();
}

Status AuditWriter::checkpointIfDue(StatementCache& db, std::int64_t nowMs)
{
    if (!shouldCheckpoint(m_pending.sequence - m_pending.lastCheckpointSequence, nowMs - m_pending.lastCheckpointMs,
                          m_policy.everyEntries, m_policy.everyMs))
        return okStatus();
    return checkpointNow(db, nowMs);
}

Status AuditWriter::checkpointNow(StatementCache& db, std::int64_t nowMs)
{
    // The checkpoint records the counter value the TPM will hold after this commit (see committed()).
    std::uint64_t counterValue = 0;
    if (m_counter) {
        MAMORI_ASSIGN_OR_RETURN(const std::uint64_t current, m_counter->read());
        counterValue = current + 1;
    }
    const Checkpoint checkpoint =
        signCheckpoint(m_state->signer, ChainHead{m_pending.sequence, m_pending.hash}, counterValue, nowMs);
    const auto encoded = encodeCheckpoint(checkpoint);
    MAMORI_ASSIGN_OR_RETURN(auto insert,
                            db.get("INSERT OR REPLACE INTO audit_checkpoints (seq, encoded) VALUES (?, ?)"));
    insert.bind(1, static_cast<std::int64_t>(checkpoint.sequence)).bind(2, std::span<const std::uint8_t>(encoded));
    MAMORI_TRY(insert.run());
    m_pending.lastCheckpointSequence = m_pending.sequence;
    m_pending.lastCheckpointMs = nowMs;
    if (m_counter)
        m_state->counterTarget = counterValue;
    return okStatus();
}

std::array<std::uint8_t, 64> AuditWriter::sign(std::span<const std::uint8_t> message) const noexcept
{
    return m_state->signer.sign(message);
}

void AuditWriter::committed()
{
    m_committed = m_pending;
    if (m_counter && m_state->counterTarget) {
        // After the commit, so that a failed commit never leaves the TPM ahead of the database (which
        // would read as a rollback at the next start). If this fails, load() catches up next start.
        const std::uint64_t target = *m_state->counterTarget;
        m_state->counterTarget.reset();
        for (int attempts = 0; attempts < 4; ++attempts) {
            auto value = m_counter->read();
            if (!value.ok() || value.value() >= target)
                break;
            if (!m_counter->increment().ok())
                break;
        }
    }
}

void AuditWriter::rolledBack() noexcept
{
    m_pending = m_committed;
    if (m_state)
        m_state->counterTarget.reset();
}

} // namespace mamori::vault

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// AuditWriter: appends audit entries (audit_chain.h) to the vault database inside the caller's
// transaction, and writes signed checkpoints when due. It keeps the chain head in memory; an
// append is "pending" until the caller reports the transaction's outcome (committed() or
// rolledBack()), so that a rolled-back operation leaves no gap and no stale head.
//
// Owned by Vault; same thread.

#include "services/common/result.h"
#include "services/common/secret_buffer.h"
#include "services/vault/key_source.h"
#include "services/vault/sqlite_db.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mamori::vault {

// What an operation says about itself; the writer adds sequence, time, device and hashes.
struct AuditDraft {
    std::string actor = "system"; // card id (hex SPKI SHA-256) or "system"
    std::string role = "system";
    std::string action;
    std::string subjectId; // 32 hex digits, or empty
    std::string subjectCode;
    std::string purpose;
    std::string result = "ok"; // "ok", "refused:<code>", "failed:<code>"
    std::string detail;
    std::vector<std::uint8_t> signature;
    std::vector<std::uint8_t> secondSignature;
    // Write a checkpoint right after this entry, whatever the policy (exports end covered).
    bool checkpointAfter = false;
};

struct CheckpointPolicy {
    std::uint32_t everyEntries = 1000;
    std::int64_t everyMs = 3600LL * 1000;
    // The largest everyEntries this database was ever written with: at load, more entries than this
    // after the newest checkpoint mean checkpoints were removed.
    std::uint64_t loadBound = 1000;
};

class AuditWriter {
public:
    // Loads the head from `db`, checks that the stored chain ends where its last checkpoint says,
    // and, with a counter, that the newest checkpoint is not behind it (a rolled-back database).
    static Result<std::unique_ptr<AuditWriter>> load(Database& db, std::string deviceId, SecretBuffer signingSeed,
                                                     MonotonicCounter* counter, CheckpointPolicy policy,
                                                     bool acceptOlderCounter = false);
    ~AuditWriter();

    // Inside the caller's open transaction. Refuses (AuditWriteFailed) a draft that would carry a
    // number, an over-long field or an unknown action.
    Status append(StatementCache& db, const AuditDraft& draft, std::int64_t nowMs);
    // Writes a checkpoint if the policy says one is due (also inside the caller's transaction).
    Status checkpointIfDue(StatementCache& db, std::int64_t nowMs);
    Status checkpointNow(StatementCache& db, std::int64_t nowMs);

    void committed();
    void rolledBack() noexcept;

    std::uint64_t headSequence() const noexcept { return m_committed.sequence; }
    // The head including this transaction's appends so far.
    std::uint64_t pendingSequence() const noexcept { return m_pending.sequence; }
    const std::array<std::uint8_t, 32>& pendingHash() const noexcept { return m_pending.hash; }
    // A detached Ed25519 signature by the device key (disposal certificates, bundles).
    std::array<std::uint8_t, 64> sign(std::span<const std::uint8_t> message) const noexcept;
    const std::array<std::uint8_t, 32>& devicePublicKey() const noexcept { return m_publicKey; }

private:
    struct Head {
        std::uint64_t sequence = 0;
        std::array<std::uint8_t, 32> hash{};
        std::uint64_t lastCheckpointSequence = 0;
        std::int64_t lastCheckpointMs = 0;
    };
    struct State;
    AuditWriter();

    std::string m_deviceId;
    std::unique_ptr<State> m_state;
    std::array<std::uint8_t, 32> m_publicKey{};
    MonotonicCounter* m_counter = nullptr;
    CheckpointPolicy m_policy;
    Head m_committed;
    Head m_pending;
};

} // namespace mamori::vault

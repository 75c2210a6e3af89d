// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The audit hash chain, its signed checkpoints, and their verification (DESIGN.md §5; the formats
// are in services/vault/AUDIT_FORMAT.md).
//
// Each entry carries the hash of the one before it, so the stored log is a hash chain from a
// genesis head (sequence 0, 32 zero bytes). Hashes are unkeyed: anyone can recompute a chain, so
// what makes rewriting it detectable is the checkpoint: (sequence, head hash, TPM NV counter value,
// time) signed with the device's Ed25519 key, written every N entries or T milliseconds
// (shouldCheckpoint()). Entries after the newest checkpoint are protected only by that policy bound
// and, at start-up, by the NV counter (a restored older database has an older newest checkpoint).
//
// Ownership: the vault store calls makeNext() and signCheckpoint() inside the SQLite transaction
// of the operation, and verifyChain() (or a ChainVerifier fed from a query) at start-up;
// mamori-admin verifies pulled bundles (audit_bundle.h). Pure library code: no I/O, no logging, no
// clock (times are passed in). Functions are reentrant; a ChainVerifier or DeviceSigner is used by
// one thread at a time.

#include "services/common/result.h"
#include "services/common/secret_buffer.h"
#include "services/vault/audit_entry.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mamori::vault {

constexpr std::size_t kPublicKeyBytes = 32; // crypto_sign_PUBLICKEYBYTES
constexpr std::size_t kSignatureBytes = 64; // crypto_sign_BYTES
using PublicKey = std::array<std::uint8_t, kPublicKeyBytes>;
using Signature = std::array<std::uint8_t, kSignatureBytes>;

// The last entry of a chain (or the genesis head before the first entry).
struct ChainHead {
    std::uint64_t sequence = 0;
    AuditHash hash{};

    bool operator==(const ChainHead& other) const = default;
};

// Before entry 1: sequence 0 and 32 zero bytes.
inline constexpr ChainHead kGenesisHead{};

inline ChainHead headOf(const AuditEntry& entry) noexcept { return {entry.sequence, entry.hash}; }

// The next entry of the chain: validates `draft` (validateEntry(): field rules and the number
// scan, so an entry holding a number is never produced), then sets sequence = head.sequence + 1,
// prevHash = head.hash and hash. Whatever the draft held in those three fields is ignored.
// Errors: those of validateEntry(); InvalidArgument if the sequence would overflow.
Result<AuditEntry> makeNext(const ChainHead& head, AuditEntry draft);
// The same after `previous` (nullptr: the first entry of the log).
Result<AuditEntry> makeNext(const AuditEntry* previous, AuditEntry draft);

// ---- Checkpoints --------------------------------------------------------------------------------

struct Checkpoint {
    std::uint64_t sequence = 0; // the entry the checkpoint covers (0: the empty log)
    AuditHash headHash{};       // that entry's hash
    std::uint64_t counter = 0;  // TPM NV counter value at the checkpoint (supplied by the vault)
    std::int64_t timeMs = 0;    // Unix milliseconds
    Signature signature{};      // Ed25519 by the device key over checkpointMessage()

    bool operator==(const Checkpoint& other) const = default;
};

// The signed message: magic ‖ sequence (u64 BE) ‖ head hash ‖ counter (u64 BE) ‖ time (i64 BE).
constexpr std::string_view kCheckpointMagic = "MAMORI-CHECKPOINT-1";
constexpr std::size_t kCheckpointMessageBytes = 19 + 8 + kAuditHashBytes + 8 + 8;
std::array<std::uint8_t, kCheckpointMessageBytes> checkpointMessage(const Checkpoint& checkpoint) noexcept;

// The stored form of a checkpoint (a database row, a bundle record): sequence (u64 BE) ‖ head hash ‖
// counter (u64 BE) ‖ time (i64 BE) ‖ signature; 120 bytes.
constexpr std::size_t kCheckpointRecordBytes = 8 + kAuditHashBytes + 8 + 8 + kSignatureBytes;
std::array<std::uint8_t, kCheckpointRecordBytes> encodeCheckpoint(const Checkpoint& checkpoint) noexcept;
// Errors: StorageCorrupt (not exactly kCheckpointRecordBytes). The signature is not checked here.
Result<Checkpoint> decodeCheckpoint(std::span<const std::uint8_t> bytes);

// The device's Ed25519 key pair, derived from the 32-byte signing seed (KeySource::deviceSigningSeed)
// with crypto_sign_seed_keypair. The secret key lives only in a SecretBuffer. Move-only.
class DeviceSigner {
public:
    // Errors: InvalidArgument (the seed is not 32 bytes), those of initSodium() and SecretBuffer.
    static Result<DeviceSigner> fromSeed(const SecretBuffer& signingSeed);

    const PublicKey& publicKey() const noexcept { return m_publicKey; }
    // Detached Ed25519 signature over `message`.
    Signature sign(std::span<const std::uint8_t> message) const noexcept;

private:
    DeviceSigner(SecretBuffer secretKey, const PublicKey& publicKey)
        : m_secretKey(std::move(secretKey)), m_publicKey(publicKey)
    {}

    SecretBuffer m_secretKey;
    PublicKey m_publicKey{};
};

Result<PublicKey> devicePublicKey(const SecretBuffer& signingSeed);

Checkpoint signCheckpoint(const DeviceSigner& signer, const ChainHead& head, std::uint64_t counter,
                          std::int64_t timeMs) noexcept;
Result<Checkpoint> signCheckpoint(const ChainHead& head, std::uint64_t counter, std::int64_t timeMs,
                                  const SecretBuffer& signingSeed);
// Whether the signature is the device key's over checkpointMessage(checkpoint).
bool verifyCheckpoint(const Checkpoint& checkpoint, const PublicKey& publicKey) noexcept;

// The checkpoint policy: after appending an entry, checkpoint when at least one entry is not yet
// covered and either everyEntries of them have accumulated or everyMs have passed since the last
// checkpoint (0 disables that trigger; a negative msSinceLast, after a clock step back, never
// triggers). everyEntries is also the bound to give VerifyOptions::maxEntriesWithoutCheckpoint.
bool shouldCheckpoint(std::uint64_t entriesSinceLast, std::int64_t msSinceLast, std::uint64_t everyEntries,
                      std::int64_t everyMs) noexcept;

// ---- Verification -------------------------------------------------------------------------------

// What verification found. None is the only clean result. When several symptoms show at the same
// place the most specific is reported: ModifiedEntry, then DuplicateSequence / Reordered, then
// BrokenLink, then SequenceGap. AUDIT_FORMAT.md lists which tampering gives which kind.
enum class DamageKind : std::uint8_t {
    None = 0,
    Malformed,              // unparsable bundle or entry, or a checkpoint before the verified range
    ModifiedEntry,          // an entry's stored hash does not match its content
    BrokenLink,             // prevHash differs from the previous entry's hash (deleted, inserted entry)
    SequenceGap,            // sequence numbers skip although the hashes link
    DuplicateSequence,      // a sequence number seen before appears again
    Reordered,              // entries (or checkpoints) out of order
    Truncated,              // a checkpoint claims more entries than the chain has
    Forked,                 // a checkpoint's head hash differs from the chain at its sequence
    BadCheckpointSignature, // a checkpoint signature is missing, from another key or for other content
    MissingCheckpoint,      // more entries without a checkpoint than the policy allows
    CounterRollback,        // checkpoint counters decrease
    RolledBack,             // the newest checkpoint's counter is below the TPM counter
    BadBundleSignature,     // the bundle signature does not verify
    WrongDeviceKey,         // the bundle is signed by a key other than the pinned one
    ForbiddenContent,       // an entry holds what reads as an individual or corporate number
    Unverifiable,           // verification could not run (libsodium failed to initialise)
};

// "ModifiedEntry", ... (stable, for logs and reports).
std::string_view damageKindName(DamageKind kind) noexcept;

struct VerifyOptions {
    // The head the first entry continues: genesis for a whole log; for a range starting at k, the
    // sequence k-1 and hash of entry k-1 (a bundle supplies its own).
    ChainHead anchor = kGenesisHead;
    // At most this many consecutive entries without a checkpoint (the configured everyEntries; if
    // it was ever raised, the largest value used). Unset: no bound.
    std::optional<std::uint64_t> maxEntriesWithoutCheckpoint;
    // The last entry must be covered by a checkpoint (bundles).
    bool requireFinalCheckpoint = false;
    // The TPM NV counter: the newest checkpoint's counter must be at least this (RolledBack).
    std::optional<std::uint64_t> minimumCounter;
    // Also refuse entries whose text reads as a number (bundles: the admin must never display one).
    bool scanForNumbers = false;
    // Threads verifyChain() and verifyBundle() may use to hash large inputs (from
    // kParallelVerifyThreshold entries on): 0 = up to 4, as the hardware allows; 1 = the calling
    // thread only (at most 64). The result never depends on it. ChainVerifier always runs on the
    // caller's thread.
    unsigned threads = 0;
};

constexpr std::size_t kParallelVerifyThreshold = 16384;

struct VerifyReport {
    static constexpr std::size_t kNoIndex = std::numeric_limits<std::size_t>::max();

    DamageKind kind = DamageKind::None;
    // Where the damage was found. Entry kinds: the chain position that is wrong (the sequence the
    // entry at entryIndex should have). Checkpoint kinds: the checkpoint's sequence; Truncated: the
    // first missing sequence; RolledBack: the newest checkpoint's sequence.
    std::uint64_t sequence = 0;
    // The sequence number the entry at entryIndex holds (entry kinds), else 0.
    std::uint64_t recordedSequence = 0;
    std::size_t entryIndex = kNoIndex;      // index into the entries given, or kNoIndex
    std::size_t checkpointIndex = kNoIndex; // index into the checkpoints given, or kNoIndex
    // Everything up to this sequence is confirmed by a valid checkpoint (or is the anchor). For
    // Forked, the rewrite lies after it and at or before `sequence`.
    std::uint64_t provenThrough = 0;
    ChainHead head{};                           // the last entry verified (the whole chain when clean)
    std::uint64_t entriesVerified = 0;          // entries that passed every check
    std::uint64_t checkpointsVerified = 0;      // checkpoints that passed every check
    std::optional<std::uint64_t> newestCounter; // the newest verified checkpoint's counter
    std::string detail;                         // for developers; never personal data

    bool clean() const noexcept { return kind == DamageKind::None; }
};

// "clean: ..." or "<Kind> at sequence N (...): detail". Holds no personal data.
std::string describe(const VerifyReport& report);

class ChainVerifier;

namespace detail {
// Internal: lets verifyChain() and verifyBundle() feed entries whose hashes they computed
// beforehand (in parallel, or straight from a bundle's bytes). Not for other callers.
struct ChainVerifierAccess {
    // computedHash: nullptr when the entry could not be encoded.
    static void addFacts(ChainVerifier& verifier, std::uint64_t sequence, const AuditHash& prevHash,
                         const AuditHash& storedHash, const AuditHash* computedHash, bool holdsNumber);
    // The checkpoints' signatures checked beforehand (in parallel), one per checkpoint given to the
    // verifier: kSignatureValid or kSignatureInvalid. Must outlive the verifier.
    static void presetSignatures(ChainVerifier& verifier, std::span<const std::uint8_t> checked);
    enum : std::uint8_t { kSignatureValid = 1, kSignatureInvalid = 2 };
};
// The number of threads to use for `count` items under `requested` (VerifyOptions::threads).
unsigned verifyThreads(unsigned requested, std::size_t count) noexcept;
// Runs work(begin, end) over [0, count) split into `threads` contiguous ranges, one per thread, the
// first on the calling thread. Falls back to the calling thread if a thread cannot be started.
void runParallel(std::size_t count, unsigned threads, const std::function<void(std::size_t, std::size_t)>& work);
} // namespace detail

// Verifies a chain fed entry by entry in stored order, so the vault can stream rows from SQLite
// instead of loading a million entries. Memory is constant; no allocation per entry. The
// checkpoints (sorted by sequence, as stored) must outlive the verifier.
//
//   ChainVerifier verifier(checkpoints, publicKey, options);
//   while (row = next()) { verifier.addEntry(row); if (!verifier.wantsMore()) break; }
//   VerifyReport report = verifier.finish();
class ChainVerifier {
public:
    ChainVerifier(std::span<const Checkpoint> checkpoints, const PublicKey& publicKey,
                  const VerifyOptions& options = {});

    void addEntry(const AuditEntry& entry);
    // False once the outcome is settled; further entries change nothing and can be skipped. (After
    // a sequence jump the verifier keeps reading to tell reordering from deletion.)
    bool wantsMore() const noexcept { return !m_failed || (m_classifyingJump && !m_missingSeen); }
    // The report; call once, after the last entry.
    VerifyReport finish();

private:
    friend struct detail::ChainVerifierAccess;

    void addFacts(std::uint64_t sequence, const AuditHash& prevHash, const AuditHash& storedHash,
                  const AuditHash* computedHash, bool holdsNumber);
    void checkpointsThrough(std::uint64_t sequence);
    bool checkCheckpointSignatureAndOrder(std::size_t index);
    void checkCheckpoint(std::size_t index);
    void fail(DamageKind kind, std::uint64_t sequence, std::string detail);
    void failEntry(DamageKind kind, std::size_t index, std::uint64_t recordedSequence, std::string detail);

    std::span<const Checkpoint> m_checkpoints;
    std::span<const std::uint8_t> m_presetSignatures; // empty, or one verdict per checkpoint
    PublicKey m_publicKey;
    VerifyOptions m_options;
    VerifyReport m_report;
    std::size_t m_entryIndex = 0;
    std::size_t m_nextCheckpoint = 0;
    std::uint64_t m_sinceCheckpoint = 0;
    std::uint64_t m_lastCheckpointed = 0;
    std::size_t m_newestCheckpoint = VerifyReport::kNoIndex;
    bool m_failed = false;
    bool m_finished = false;
    // A sequence jump ahead: deletion (BrokenLink / SequenceGap) or reordering, decided by whether
    // the missing sequence turns up later.
    bool m_classifyingJump = false;
    bool m_missingSeen = false;
    bool m_jumpLinkBroken = false;
    std::uint64_t m_missingSequence = 0;
};

// Verifies `entries` (in stored order) against `checkpoints` (sorted by sequence) and the device
// key, and names the first damage found. A log written by makeNext()/signCheckpoint() under the
// same options is never flagged.
VerifyReport verifyChain(std::span<const AuditEntry> entries, std::span<const Checkpoint> checkpoints,
                         const PublicKey& publicKey, const VerifyOptions& options = {});

} // namespace mamori::vault

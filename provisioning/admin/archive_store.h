// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The administrator's archive of pulled audit logs: one interface, two implementations — a local
// SQLite file (the default, sqlite_archive.h) and PostgreSQL for a fleet (postgres_archive.h, through
// libpq). The schema is the same in both and documented in README.md ("Archive"). This is the
// storage seam of mamori-admin; everything above it (pull, report, fleet) is written once.
//
// What the archive promises:
// - Only verified entries get in: the puller verifies each bundle (chain, checkpoints, signatures,
//   continuity with the archived head) before it calls append(), and append() stores a bundle's
//   entries, its checkpoints and the new head in one transaction that also checks the archived head
//   is still the one the bundle was verified against (two pulls of one device at once cannot
//   interleave: the second finds the head moved and stores nothing, AlreadyExists).
// - Each entry is kept with its canonical encoding (AUDIT_FORMAT.md, Full) next to the columns the
//   reports query, so the archive can be re-verified on its own (verifyArchivedChain()).
// - A device's key is pinned in the archive at its first append and never changed by a pull.
//
// Threading: an ArchiveStore is used by one thread at a time. Errors: StorageIo (cannot open or
// reach), StorageCorrupt (not an archive, or an archive damaged by hand), Unavailable (server gone),
// AlreadyExists (the head moved during a pull), InvalidArgument. Contexts never hold a password or
// entry content.

#include "services/common/result.h"
#include "services/vault/audit_chain.h"
#include "services/vault/audit_entry.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::admin {

// How a device's key came to be pinned.
enum class PinSource : std::uint8_t {
    Config, // the administrator's configuration (from mamori-provision's identity file)
    Tofu,   // trust on first use, asked for with --tofu
    Option, // --key on the command line (import)
};
std::string_view pinSourceName(PinSource source) noexcept;
std::optional<PinSource> parsePinSource(std::string_view name) noexcept;

struct DeviceState {
    std::string deviceId;
    vault::PublicKey publicKey{};
    PinSource pinnedBy = PinSource::Config;
    std::int64_t pinnedMs = 0;
    vault::ChainHead head{};                        // the archived head (genesis before the first entry)
    std::optional<std::uint64_t> newestCounter;     // the newest archived checkpoint's TPM counter
    std::optional<std::int64_t> newestCheckpointMs; // and its time
    std::optional<std::int64_t> lastPullMs;         // the last successful pull or import
    std::optional<std::uint64_t> lastReportedHead;  // the head the device (logd) reported then
};

// One verified bundle to store (see the header comment).
struct AppendBatch {
    std::string deviceId;
    vault::PublicKey publicKey{};
    PinSource pinnedBy = PinSource::Config; // used when the device is new
    vault::ChainHead expectedHead{};        // the archived head the bundle was verified against
    std::span<const vault::AuditEntry> entries;
    std::span<const vault::Checkpoint> checkpoints; // the bundle's; those already archived are skipped
    vault::ChainHead newHead{};
    std::optional<std::uint64_t> newestCounter;
    std::optional<std::int64_t> newestCheckpointMs;
    std::int64_t pulledMs = 0;
    std::optional<std::uint64_t> reportedHead;
};

// The outcome of one pull or import attempt, kept in the archive's pull log (also for refused
// bundles, whose entries are not stored: what was refused, where, and why).
struct PullRecord {
    std::string deviceId;
    std::int64_t startedMs = 0;
    std::int64_t finishedMs = 0;
    std::string outcome; // ok, damaged, untrusted, network, store
    std::uint64_t entries = 0;
    std::uint64_t firstSequence = 0;
    std::uint64_t lastSequence = 0;
    std::string damageKind; // damageKindName(), when damaged
    std::uint64_t damageSequence = 0;
    std::string message; // plain words; never entry content
};

// An archived entry as the reports read it (columns, not the encoding).
struct ArchivedEntry {
    std::string deviceId;
    std::uint64_t sequence = 0;
    std::int64_t timeMs = 0;
    std::string actor;
    std::string role;
    std::string action;
    std::string subjectId;
    std::string employeeCode;
    std::string purpose;
    std::string result;
    std::string detail;
    int signatures = 0; // card signatures held: 0, 1 (step-up) or 2 (two-person act)
};

struct EntryFilter {
    std::vector<std::string> devices;   // empty: every device
    std::optional<std::int64_t> fromMs; // time_ms >= fromMs
    std::optional<std::int64_t> toMs;   // time_ms < toMs
};

struct ArchiveCounts {
    std::uint64_t entries = 0;
    std::uint64_t minSequence = 0;
    std::uint64_t maxSequence = 0;
    std::uint64_t checkpoints = 0;
};

class ArchiveStore {
public:
    virtual ~ArchiveStore() = default;

    // "sqlite:/path" or "postgresql://host/db" without any password.
    virtual std::string describe() const = 0;

    virtual Result<std::optional<DeviceState>> device(std::string_view deviceId) = 0;
    virtual Result<std::vector<DeviceState>> devices() = 0;
    virtual Status append(const AppendBatch& batch) = 0;
    virtual Status recordPull(const PullRecord& record) = 0;
    // The newest `limit` pull records of a device, newest first.
    virtual Result<std::vector<PullRecord>> recentPulls(std::string_view deviceId, std::size_t limit) = 0;
    // Entries in device, sequence order. The callback may stop the walk by returning an error.
    virtual Status forEachEntry(const EntryFilter& filter, const std::function<Status(const ArchivedEntry&)>& fn) = 0;
    // A device's canonical encodings in sequence order (re-verification).
    virtual Status forEachEncoded(std::string_view deviceId,
                                  const std::function<Status(std::span<const std::uint8_t>)>& fn) = 0;
    // One entry's canonical encoding, or nullopt when the archive does not hold that sequence.
    virtual Result<std::optional<std::vector<std::uint8_t>>> encodedEntry(std::string_view deviceId,
                                                                          std::uint64_t sequence) = 0;
    virtual Result<std::vector<vault::Checkpoint>> checkpoints(std::string_view deviceId) = 0;
    virtual Result<ArchiveCounts> counts(std::string_view deviceId) = 0;
};

// Opens (creating if needed) the archive named by `spec`: "postgresql://…" or "postgres://…" for a
// PostgreSQL server (libpq connection URI), anything else is a path to an SQLite file.
Result<std::unique_ptr<ArchiveStore>> openArchive(const std::string& spec);

// Re-verifies a device's archived chain from the stored encodings and checkpoints, under its
// pinned key, as a whole log from sequence 1 (the vault's own verifyChain). Damage means the
// archive was changed after it was written.
Result<vault::VerifyReport> verifyArchivedChain(ArchiveStore& store, std::string_view deviceId);

} // namespace mamori::admin

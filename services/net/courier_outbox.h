// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The courier's view of the vault's outbox (services/vault/EXPORT_FORMAT.md, "Provide"): the
// envelopes it may take, the courier's own per-entry record, and the moves into done/ and failed/.
//
// Layout, all in one directory so that every move is a rename on one file system:
//
//   outbox/X            the payload, written by mamori-vaultd first
//   outbox/X.json       its envelope, written second: only then is X taken
//   outbox/X.courier    the courier's record of X (attempts, outcome, phase) — never personal data
//   outbox/done/        delivered entries, after the vault has the report: X, X.json, X.courier
//   outbox/failed/      failed, blocked and refused entries, after the report; and entries whose
//                       envelope cannot even name an audit entry (quarantined, never reported)
//
// Crash safety rests on the record: it is replaced atomically (temporary file, fsync, rename,
// fsync of the directory) before every step whose effect cannot be undone — before each send
// attempt (so the attempt count survives a crash and stays bounded), once the outcome is decided
// (before reporting), and once the vault acknowledged the report (before the moves). The record
// is moved last: until it has gone, the outbox still says where the entry stands (a record left
// alone without its envelope is finished by the next pass). services/net/README.md
// ("mamori-courier") walks through each crash point.
//
// Owner: mamori-courier (Courier, courier.h). Plain functions over the file system; no logging.

#include "services/common/result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::net {

constexpr std::size_t kMaxEnvelopeBytes = 64 * 1024;
constexpr std::size_t kMaxRecordBytes = 16 * 1024;
constexpr const char* kEnvelopeSuffix = ".json";
constexpr const char* kRecordSuffix = ".courier";
constexpr const char* kDoneDirectory = "done";
constexpr const char* kFailedDirectory = "failed";

// What the vault wrote next to a payload. Unknown keys are ignored (the vault may add some);
// every key below is required and checked.
struct Envelope {
    std::string payload;                // the payload's file name in the outbox (a plain name, no '/')
    std::string destination;            // the vault's destination code = the allow-list endpoint's name
    std::uint64_t auditSequence = 0;    // the vault's provide entry (>= 1): what the report refers to
    bool containsNumbers = false;       // the vault put individual numbers into the payload
    std::string mediaType;              // e.g. "text/csv; charset=utf-8"; sent as Content-Type
    std::optional<std::string> purpose; // optional: when present, the endpoint must serve it
};

// Parses an envelope (JSON through simdjson). InvalidArgument naming the key, never quoting a value.
Result<Envelope> parseEnvelope(std::string_view json);

// A file name the outbox may hold: 1-200 of A-Z a-z 0-9 . _ -, not starting with '.'.
bool isOutboxFileName(std::string_view name);

enum class DeliveryOutcome : std::uint8_t { Delivered, Failed, Blocked, Refused };
std::string_view outcomeName(DeliveryOutcome outcome); // "delivered", "failed", "blocked", "refused"
std::optional<DeliveryOutcome> outcomeFromName(std::string_view name);

// Where an entry stands. Sending: attempts made so far (the last one may have been cut short by a
// crash), next attempt not before nextAttemptMs. Decided: the outcome is fixed, not yet reported.
// Reported: the vault has it; only the moves are left. Quarantined: it cannot be reported (the
// envelope names no audit entry, or the vault refused the report as malformed or unknown): moved
// to failed/ for the administrator, never deleted by the courier.
enum class RecordPhase : std::uint8_t { Sending, Decided, Reported, Quarantined };

struct CourierRecord {
    std::uint64_t auditSequence = 0;
    RecordPhase phase = RecordPhase::Sending;
    std::uint32_t attempts = 0;
    std::int64_t nextAttemptMs = 0;
    std::int64_t updatedMs = 0;
    DeliveryOutcome outcome = DeliveryOutcome::Failed; // meaningful from Decided on
    std::string detail; // short, non-personal: "HTTP 503 after 5 attempts"; the last error while Sending
};

std::string serializeRecord(const CourierRecord& record);
Result<CourierRecord> parseRecord(std::string_view json);

// Where an outcome's files end up.
std::string_view destinationDirectory(DeliveryOutcome outcome);

class Outbox {
public:
    explicit Outbox(std::filesystem::path directory) : m_directory(std::move(directory)) {}

    const std::filesystem::path& directory() const { return m_directory; }
    std::filesystem::path path(std::string_view name) const { return m_directory / std::string(name); }

    // Creates done/ and failed/ (mode 0750) if missing and removes temporary record files a crash
    // left (X.courier.tmp). StorageIo when the outbox is not a directory.
    Status prepare() const;
    // The payload names whose envelope is present (X for every X.json, X a valid outbox name),
    // sorted by name. Temporary files (*.tmp) and anything else are not listed.
    Result<std::vector<std::string>> pendingEntries() const;
    // Records left in the outbox without their envelope (a crash between the last two moves):
    // payload names X for every X.courier with no X.json.
    Result<std::vector<std::string>> orphanRecords() const;

    Result<Envelope> readEnvelope(std::string_view payloadName) const;
    // NotFound when there is no record yet.
    Result<CourierRecord> readRecord(std::string_view payloadName) const;
    Status writeRecord(std::string_view payloadName, const CourierRecord& record) const;

    // Moves what is left of the entry into `subdirectory` (done or failed): the payload, then the
    // envelope, then the record; each only if still in the outbox. A name already taken in the
    // target (a vault restored from a backup reuses sequence numbers) gets ".<tag>" inserted before
    // its extension; pass the record's updatedMs, so that a move resumed after a crash picks the
    // same names. Both directories are fsynced after each rename.
    // `afterEach` (fault injection in tests) is called with the extension just moved ("" for the
    // payload, ".json", ".courier"); returning false stops there, as a crash would.
    Status moveEntry(std::string_view payloadName, std::string_view subdirectory, std::int64_t tag,
                     const std::function<bool(std::string_view)>& afterEach = {}) const;

    // Deletes entries in done/ and failed/ whose record is older than `olderThanMs` (delivered or
    // reported payloads only: every file there was reported, or quarantined; a quarantined entry
    // is kept). Returns how many payloads went.
    Result<std::size_t> purgeReported(std::int64_t olderThanMs) const;

private:
    std::filesystem::path m_directory;
};

} // namespace mamori::net

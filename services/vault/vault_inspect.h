// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A read-only look at a vault file without its keys, for `mamori-provision status`: the enrolled
// cards with their users, the audit head and newest checkpoint, the last backup, the fleet state.
// None of it is personal data of a subject (cards, users and the audit table's own columns are not
// encrypted; nothing encrypted is read), so nothing here needs the TPM, and it works beside a
// running mamori-vaultd (SQLite WAL: a reader never blocks the writer). It is not audited: it reads
// only what root can read from the file anyway, and writes nothing. It does not verify the chain
// (that needs the device key: `VerifyAudit` over D-Bus, or mamori-admin verify).

#include "services/common/result.h"
#include "services/vault/fleet_bundle.h"
#include "services/vault/sqlite_db.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::vault {

struct InspectedCard {
    std::string cardId; // 64 lowercase hex
    std::int64_t userId = 0;
    std::string displayName;
    std::vector<std::string> roles;
    std::vector<std::string> departments;
    bool revoked = false;
    std::int64_t enrolledMs = 0;
    std::int64_t revokedMs = 0;
};

struct InspectedEntry {
    std::uint64_t sequence = 0;
    std::int64_t timeMs = 0;
    std::string result; // "ok", "refused:<n>", "failed:<n>"
};

struct VaultInspection {
    std::uint32_t schemaVersion = 0;
    std::uint64_t auditHead = 0; // 0: empty log
    std::int64_t auditHeadMs = 0;
    std::optional<std::uint64_t> checkpointSequence;
    std::int64_t checkpointMs = 0;
    std::uint64_t checkpointCounter = 0;
    std::vector<InspectedCard> cards;
    std::optional<InspectedEntry> lastBackup; // the newest "backup" entry, whatever its result
    std::optional<InspectedEntry> lastSuccessfulBackup;
    FleetState fleet;
};

// Opens `path` read-only (NotFound when absent).
Result<VaultInspection> inspectVaultFile(const std::string& path);
// The newest audit entry of `action` (of those whose result is "ok", if successfulOnly) on an open
// database; nullopt when there is none. Facts about the device, never personal data.
Result<std::optional<InspectedEntry>> newestAuditEntry(Database& db, std::string_view action, bool successfulOnly);
// The fleet part alone, on an open database (the vault uses it too).
Result<FleetState> readFleetState(Database& db);

} // namespace mamori::vault

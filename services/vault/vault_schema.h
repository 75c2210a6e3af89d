// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The vault's SQLite schema and its forward migrations. The schema version is SQLite's
// `PRAGMA user_version`; migrate() runs every step from the file's version to kSchemaVersion,
// each in its own transaction, and refuses a file newer than this build (it would not understand
// it) or one whose tables do not match what its version claims (StorageCorrupt).
//
// Every personal column is a ciphertext BLOB (vault_crypto.h); identifiers, employee codes,
// departments, kinds, statuses and dates of status are plaintext, as DESIGN §3 allows.

#include "services/vault/sqlite_db.h"

#include <cstdint>
#include <span>
#include <string_view>

namespace mamori::vault {

constexpr std::uint32_t kSchemaVersion = 5;

// The SQL that creates version `version` from version − 1 (version 1 from an empty file).
std::span<const std::string_view> migrationSteps();

Result<std::uint32_t> schemaVersion(Database& db);
// Brings `db` to kSchemaVersion. Returns the version it started from.
Result<std::uint32_t> migrate(Database& db);
// Applies only the steps up to `target` (tests use this to build an old file).
Status migrateTo(Database& db, std::uint32_t target);

} // namespace mamori::vault

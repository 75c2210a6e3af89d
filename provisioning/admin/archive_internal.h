// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to the two archive implementations: what they share beyond the interface.

#include "provisioning/admin/archive_store.h"

#include <string_view>

namespace mamori::admin {

// Stored in archive_meta ('schema'); an archive with another value is refused, not migrated.
constexpr std::string_view kArchiveSchemaName = "mamori-admin-archive-1";

// 0, 1 (the actor's step-up signature) or 2 (and the officer's).
int signatureCount(const vault::AuditEntry& entry) noexcept;

// The checks both stores make before writing a batch: a valid device id, sequences and counters
// that fit a signed 64-bit column, entries contiguous from expectedHead to newHead.
Status checkBatch(const AppendBatch& batch);

} // namespace mamori::admin

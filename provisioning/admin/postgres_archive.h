// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The archive in PostgreSQL, for a fleet (`--store postgresql://…`), through libpq: the same schema
// as the SQLite archive (README.md, "Archive") in PostgreSQL types. A pull's entries go in with one
// COPY inside the transaction that locks the device row (SELECT … FOR UPDATE) and checks its head.
// libpq return codes are translated in one place (pgError); a connection URI's password never
// appears in describe() or in an error.

#include "provisioning/admin/archive_store.h"

#include <memory>
#include <string>

namespace mamori::admin {

Result<std::unique_ptr<ArchiveStore>> openPostgresArchive(const std::string& uri);

// The URI with any password removed (userinfo "user:secret@" becomes "user@", and a "password="
// query parameter is dropped), for messages.
std::string redactConnectionUri(std::string_view uri);

} // namespace mamori::admin

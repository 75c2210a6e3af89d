// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The archive in a local SQLite file (the default store; archive_store.h says what an archive
// promises, README.md "Archive" gives the schema). WAL, synchronous=FULL: a pull is durable once
// append() returns. The file and its WAL are created owner-only (mamori-admin runs with umask 077).

#include "provisioning/admin/archive_store.h"

#include <memory>
#include <string>

namespace mamori::admin {

Result<std::unique_ptr<ArchiveStore>> openSqliteArchive(const std::string& path);

} // namespace mamori::admin

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small whole-file I/O with the guarantees Mamori's state files need: atomic replacement
// (temporary file, fsync, rename, fsync of the directory — a crash or a full disk leaves the old
// file intact), owner-only permissions, no following of symbolic links, and a size limit on reads
// so that a crafted file cannot exhaust memory. Errors: StorageFull (ENOSPC), StorageIo, NotFound,
// TooLarge; contexts name the operation and the errno text, never file contents.

#include "services/common/result.h"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace mamori {

// Writes `bytes` to `path` (mode 0600) atomically.
Status writeFileAtomically(const std::filesystem::path& path, std::span<const std::uint8_t> bytes);
// Reads the whole file; TooLarge beyond `maxBytes`.
Result<std::vector<std::uint8_t>> readWholeFile(const std::filesystem::path& path, std::uint64_t maxBytes);
// StorageFull for ENOSPC, else StorageIo; "<what>: <strerror(errno)>". Reads errno.
Error fileError(std::string_view what);

} // namespace mamori

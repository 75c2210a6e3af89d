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

// Writes `bytes` to `path` atomically, with mode 0600 unless told (the outbox shares a group).
Status writeFileAtomically(const std::filesystem::path& path, std::span<const std::uint8_t> bytes,
                           unsigned mode = 0600);
// Replaces the contents of the regular file open for writing at `fd` (one the kiosk opened on a USB
// medium and passed over D-Bus) with `bytes`, and fsyncs it. Anything but a regular file opened for
// writing is refused (InvalidArgument); the descriptor stays open (the caller owns it).
Status writeToDescriptor(int fd, std::span<const std::uint8_t> bytes);
// The check writeToDescriptor() starts with, for callers that must refuse before doing the work.
Status checkWritableFile(int fd);
// Reads the whole regular file open at `fd` from its start (a descriptor passed over D-Bus);
// InvalidArgument for anything but a regular file, TooLarge beyond `maxBytes`.
Result<std::vector<std::uint8_t>> readDescriptor(int fd, std::uint64_t maxBytes);
// Reads the whole file; TooLarge beyond `maxBytes`.
Result<std::vector<std::uint8_t>> readWholeFile(const std::filesystem::path& path, std::uint64_t maxBytes);
// StorageFull for ENOSPC, else StorageIo; "<what>: <strerror(errno)>". Reads errno.
Error fileError(std::string_view what);

} // namespace mamori

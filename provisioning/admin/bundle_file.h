// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Reading a bundle file of up to kMaxBundleBytes (512 MiB) fast. `verify` maps the file read-only
// (no copy: a 263 MB bundle read through a growing vector spent more time in memmove and page faults
// than in verification); `import` reads it into memory once, sized from fstat, because what is
// stored must be exactly what was verified even if someone writes the file meanwhile. Both open with
// O_NOFOLLOW, take regular files only, and check the size before reading.

#include "services/common/result.h"

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

namespace mamori::admin {

class MappedFile {
public:
    // Errors: NotFound, StorageIo, TooLarge (over maxBytes), InvalidArgument (not a regular file).
    static Result<MappedFile> open(const std::filesystem::path& path, std::uint64_t maxBytes);
    ~MappedFile();
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::span<const std::uint8_t> bytes() const noexcept { return {m_data, m_size}; }

private:
    MappedFile(const std::uint8_t* data, std::size_t size) noexcept : m_data(data), m_size(size) {}
    const std::uint8_t* m_data = nullptr;
    std::size_t m_size = 0;
};

// The whole file in memory, read with one allocation. Errors as MappedFile::open.
Result<std::vector<std::uint8_t>> readBundleFile(const std::filesystem::path& path, std::uint64_t maxBytes);

} // namespace mamori::admin

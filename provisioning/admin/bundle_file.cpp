// SPDX-License-Identifier: GPL-3.0-or-later
// Fast, bounded reads of bundle files (bundle_file.h).

#include "provisioning/admin/bundle_file.h"

#include "services/common/file_io.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace mamori::admin {

namespace {

// An open regular file of at most maxBytes, and its size.
Result<std::pair<int, std::size_t>> openBounded(const std::filesystem::path& path, std::uint64_t maxBytes)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT)
            return Error(ErrorCode::NotFound, "no file " + path.filename().string());
        return fileError("open " + path.filename().string());
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        Error error = fileError("fstat " + path.filename().string());
        ::close(fd);
        return error;
    }
    if (!S_ISREG(info.st_mode)) {
        ::close(fd);
        return Error(ErrorCode::InvalidArgument, path.filename().string() + " is not a regular file");
    }
    if (static_cast<std::uint64_t>(info.st_size) > maxBytes) {
        ::close(fd);
        return Error(ErrorCode::TooLarge, path.filename().string() + " is larger than the limit");
    }
    return std::pair{fd, static_cast<std::size_t>(info.st_size)};
}

} // namespace

Result<MappedFile> MappedFile::open(const std::filesystem::path& path, std::uint64_t maxBytes)
{
    MAMORI_ASSIGN_OR_RETURN(const auto opened, openBounded(path, maxBytes));
    const auto [fd, size] = opened;
    if (size == 0) {
        ::close(fd);
        return MappedFile(nullptr, 0);
    }
    // MAP_POPULATE: the whole file is read and mapped here in one pass (verification touches
    // every page anyway), instead of tens of thousands of page faults on the way.
    void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    const int mapError = errno;
    ::close(fd);
    if (data == MAP_FAILED) {
        errno = mapError;
        return fileError("mmap " + path.filename().string());
    }
    ::madvise(data, size, MADV_SEQUENTIAL);
    return MappedFile(static_cast<const std::uint8_t*>(data), size);
}

MappedFile::~MappedFile()
{
    if (m_data)
        ::munmap(const_cast<std::uint8_t*>(m_data), m_size);
}

MappedFile::MappedFile(MappedFile&& other) noexcept : m_data(other.m_data), m_size(other.m_size)
{
    other.m_data = nullptr;
    other.m_size = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept
{
    if (this != &other) {
        if (m_data)
            ::munmap(const_cast<std::uint8_t*>(m_data), m_size);
        m_data = other.m_data;
        m_size = other.m_size;
        other.m_data = nullptr;
        other.m_size = 0;
    }
    return *this;
}

Result<std::vector<std::uint8_t>> readBundleFile(const std::filesystem::path& path, std::uint64_t maxBytes)
{
    MAMORI_ASSIGN_OR_RETURN(const auto opened, openBounded(path, maxBytes));
    const auto [fd, size] = opened;
    std::vector<std::uint8_t> data(size);
    std::size_t done = 0;
    while (done < size) {
        const ssize_t got = ::read(fd, data.data() + done, size - done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            Error error = got < 0 ? fileError("read " + path.filename().string())
                                  : Error(ErrorCode::StorageIo, path.filename().string() + " shrank while read");
            ::close(fd);
            return error;
        }
        done += static_cast<std::size_t>(got);
    }
    // A file that grew meanwhile is read to its size at open; the rest is not part of what is checked.
    ::close(fd);
    return data;
}

} // namespace mamori::admin

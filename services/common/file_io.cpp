// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/common/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace mamori {
namespace {

Status writeAll(int fd, const std::uint8_t* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return fileError("write");
        }
        data += written;
        size -= static_cast<std::size_t>(written);
    }
    return okStatus();
}

} // namespace

Error fileError(std::string_view what)
{
    const int saved = errno;
    return Error(saved == ENOSPC ? ErrorCode::StorageFull : ErrorCode::StorageIo,
                 std::string(what) + ": " + std::strerror(saved));
}

Status writeFileAtomically(const std::filesystem::path& path, std::span<const std::uint8_t> bytes, unsigned mode)
{
    const std::string temp = path.string() + ".tmp";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0 && mode != 0600 && ::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
        const Error error = fileError("chmod " + path.filename().string() + ".tmp");
        ::close(fd);
        ::unlink(temp.c_str());
        return error;
    }
    if (fd < 0)
        return fileError("open " + path.filename().string() + ".tmp");
    Status status = writeAll(fd, bytes.data(), bytes.size());
    if (status.ok() && ::fsync(fd) != 0)
        status = fileError("fsync");
    if (::close(fd) != 0 && status.ok())
        status = fileError("close");
    if (status.ok() && std::rename(temp.c_str(), path.c_str()) != 0)
        status = fileError("rename to " + path.filename().string());
    if (!status.ok()) {
        ::unlink(temp.c_str());
        return status;
    }
    const std::string directory = path.parent_path().string();
    const int dirFd = ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return okStatus();
}

Result<std::vector<std::uint8_t>> readWholeFile(const std::filesystem::path& path, std::uint64_t maxBytes)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT)
            return Error(ErrorCode::NotFound, "no file " + path.filename().string());
        return fileError("open " + path.filename().string());
    }
    std::vector<std::uint8_t> data;
    std::uint8_t buffer[65536];
    while (true) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            Error error = fileError("read " + path.filename().string());
            ::close(fd);
            return error;
        }
        if (got == 0)
            break;
        if (data.size() + static_cast<std::size_t>(got) > maxBytes) {
            ::close(fd);
            return Error(ErrorCode::TooLarge, path.filename().string() + " is larger than the limit");
        }
        data.insert(data.end(), buffer, buffer + got);
    }
    ::close(fd);
    return data;
}

Status checkWritableFile(int fd)
{
    struct stat info {};
    if (fd < 0 || ::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode))
        return Error(ErrorCode::InvalidArgument, "the medium descriptor is not a regular file");
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY || (flags & O_APPEND) != 0)
        return Error(ErrorCode::InvalidArgument, "the medium descriptor is not open for writing");
    return okStatus();
}

Status writeToDescriptor(int fd, std::span<const std::uint8_t> bytes)
{
    MAMORI_TRY(checkWritableFile(fd));
    if (::ftruncate(fd, 0) != 0)
        return fileError("truncate the medium file");
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::pwrite(fd, bytes.data() + written, bytes.size() - written, static_cast<off_t>(written));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fileError("write the medium file");
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0)
        return fileError("fsync the medium file");
    return okStatus();
}

Result<std::vector<std::uint8_t>> readDescriptor(int fd, std::uint64_t maxBytes)
{
    struct stat info {};
    if (fd < 0 || ::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode))
        return Error(ErrorCode::InvalidArgument, "the descriptor is not a regular file");
    if (static_cast<std::uint64_t>(info.st_size) > maxBytes)
        return Error(ErrorCode::TooLarge, "the file is larger than the limit");
    std::vector<std::uint8_t> data;
    std::uint8_t buffer[65536];
    for (;;) {
        const ssize_t got = ::pread(fd, buffer, sizeof buffer, static_cast<off_t>(data.size()));
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return fileError("read the passed file");
        }
        if (got == 0)
            break;
        if (data.size() + static_cast<std::size_t>(got) > maxBytes)
            return Error(ErrorCode::TooLarge, "the file is larger than the limit");
        data.insert(data.end(), buffer, buffer + got);
    }
    return data;
}

} // namespace mamori

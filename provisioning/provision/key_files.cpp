// SPDX-License-Identifier: GPL-3.0-or-later
#include "provisioning/provision/key_files.h"

#include "services/common/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace mamori::provision {

mode_t tightenUmask() noexcept { return ::umask(077); }

Status ensureSafeDirectory(const std::filesystem::path& directory, mode_t modeIfCreated)
{
    struct stat info {};
    if (::lstat(directory.c_str(), &info) != 0) {
        if (errno != ENOENT)
            return fileError("stat " + directory.string());
        if (directory.has_parent_path() && directory.parent_path() != directory) {
            struct stat parent {};
            if (::lstat(directory.parent_path().c_str(), &parent) != 0)
                MAMORI_TRY(ensureSafeDirectory(directory.parent_path(), 0755));
        }
        if (::mkdir(directory.c_str(), modeIfCreated) != 0 && errno != EEXIST)
            return fileError("mkdir " + directory.string());
        if (::chmod(directory.c_str(), modeIfCreated) != 0)
            return fileError("chmod " + directory.string());
        return okStatus();
    }
    if (S_ISLNK(info.st_mode))
        return Error(ErrorCode::PermissionDenied,
                     directory.string() + " is a symbolic link; refusing to put keys there");
    if (!S_ISDIR(info.st_mode))
        return Error(ErrorCode::InvalidArgument, directory.string() + " is not a directory");
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0)
        return Error(ErrorCode::PermissionDenied,
                     directory.string() + " is writable by group or others; refusing to put keys there");
    if (info.st_uid != ::geteuid())
        return Error(ErrorCode::PermissionDenied, directory.string() + " belongs to another user");
    return okStatus();
}

Status writeSecretFile(const std::filesystem::path& path, const SecretBuffer& bytes)
{
    MAMORI_TRY(ensureSafeDirectory(path.parent_path()));
    MAMORI_TRY(writeFileAtomically(path, bytes.bytes(), 0600));
    MAMORI_ASSIGN_OR_RETURN(const mode_t mode, fileMode(path));
    if ((mode & 077) != 0)
        return Error(ErrorCode::StorageIo, path.string() + " did not end up owner-only");
    return okStatus();
}

Status writePublicFile(const std::filesystem::path& path, std::span<const std::uint8_t> bytes)
{
    MAMORI_TRY(ensureSafeDirectory(path.parent_path(), 0755));
    return writeFileAtomically(path, bytes, 0644);
}

Result<bool> shredFile(const std::filesystem::path& path)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT)
            return false;
        if (errno == ELOOP) { // a symbolic link: remove the link, never write through it
            if (::unlink(path.c_str()) != 0)
                return fileError("unlink " + path.string());
            return true;
        }
        return fileError("open " + path.string());
    }
    struct stat info {};
    Status status = okStatus();
    if (::fstat(fd, &info) != 0) {
        status = fileError("stat " + path.string());
    } else if (S_ISREG(info.st_mode)) {
        static const std::array<std::uint8_t, 65536> kZeros{};
        off_t left = info.st_size;
        while (status.ok() && left > 0) {
            const std::size_t chunk =
                left > static_cast<off_t>(kZeros.size()) ? kZeros.size() : static_cast<std::size_t>(left);
            const ssize_t written = ::write(fd, kZeros.data(), chunk);
            if (written < 0 && errno == EINTR)
                continue;
            if (written <= 0)
                status = fileError("overwrite " + path.string());
            else
                left -= written;
        }
        if (status.ok() && ::fsync(fd) != 0)
            status = fileError("fsync " + path.string());
    }
    ::close(fd);
    if (!status.ok())
        return status.error();
    if (::unlink(path.c_str()) != 0)
        return fileError("unlink " + path.string());
    return true;
}

Status matchOwnership(const std::filesystem::path& directory)
{
    struct stat owner {};
    if (::lstat(directory.c_str(), &owner) != 0)
        return fileError("stat " + directory.string());
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(directory, ec)) {
        struct stat info {};
        if (::lstat(entry.path().c_str(), &info) != 0)
            continue;
        if ((info.st_uid != owner.st_uid || info.st_gid != owner.st_gid) &&
            ::lchown(entry.path().c_str(), owner.st_uid, owner.st_gid) != 0)
            return fileError("chown " + entry.path().string());
    }
    return okStatus();
}

Result<mode_t> fileMode(const std::filesystem::path& path)
{
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        if (errno == ENOENT)
            return Error(ErrorCode::NotFound, "no file " + path.string());
        return fileError("stat " + path.string());
    }
    return static_cast<mode_t>(info.st_mode & 07777);
}

} // namespace mamori::provision

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Files mamori-provision writes and deletes, with the guarantees key material needs (like
// wireguard-tools, which warns before a key lands in a world-readable file — here it never can):
//   - a secret file is written atomically (services/common/file_io.h) with mode 0600, into a
//     directory that is not a symbolic link and that neither group nor others may write (else
//     someone could swap the file under us); a missing directory is created 0700;
//   - public files (the device identity, a public key) are 0644;
//   - the process umask is tightened to 077 at start, with a warning when it was looser, so that
//     anything else created (temporary files, directories) is owner-only too;
//   - a deleted key file is overwritten with zeros and fsynced before it is unlinked (best effort:
//     a journaling or copy-on-write file system or an SSD may keep old blocks; the TPM-side wipe and
//     the disk encryption of /var are what make old copies useless).
// Errors name the file (never its contents).

#include "services/common/result.h"
#include "services/common/secret_buffer.h"

#include <sys/types.h>

#include <filesystem>
#include <span>

namespace mamori::provision {

// Sets the umask to 077; returns the previous value (the caller warns when it was looser).
mode_t tightenUmask() noexcept;

// Creates `directory` (and missing parents, 0755 for parents, 0700 for the last) or checks the
// existing one: a directory, not a symbolic link, not writable by group or others.
Status ensureSafeDirectory(const std::filesystem::path& directory, mode_t modeIfCreated = 0700);

Status writeSecretFile(const std::filesystem::path& path, const SecretBuffer& bytes);
Status writePublicFile(const std::filesystem::path& path, std::span<const std::uint8_t> bytes);

// true if the file existed. Overwrites with zeros, fsyncs, unlinks (see the header comment).
Result<bool> shredFile(const std::filesystem::path& path);

// Gives every file and directory under `directory` the owner and group of `directory` itself (root
// running this tool must not leave root-owned files, such as a SQLite -wal or -shm, in the vault's
// state directory, which mamori-vaultd then could not open).
Status matchOwnership(const std::filesystem::path& directory);

// The permission bits of a file (not following links); NotFound when absent.
Result<mode_t> fileMode(const std::filesystem::path& path);

} // namespace mamori::provision

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// VaultHost: the daemon's open vault and the TPM objects it borrows, with the one act that swaps
// the vault underneath the service — a restore. Owned by main(); VaultService asks it for the
// vault on every call, so after a restore every method serves the restored database.
// Single-threaded (the daemon's event loop).

#include "services/vault/tpm_key_source.h"

#include <filesystem>
#include <memory>

namespace mamori::vaultd {

class VaultHost {
public:
    // openVaultOnTpm(): the TPM unseals both keys before the database is touched.
    static Result<std::unique_ptr<VaultHost>> open(const tpm::TpmSettings& settings, vault::VaultOptions options,
                                                   vault::Clock& clock);

    vault::Vault& vault() { return *m_opened.vault; }
    vault::KeySource& keys() { return m_keys; }
    const std::filesystem::path& stateDirectory() const { return m_stateDirectory; }

    // Closes the vault, restores `backup` over it (Vault::restoreBackup: verified chain, same
    // master key, a newer vault only with restore.replaceNewer) and opens the result. When the
    // restore fails the old database is untouched and opened again. Internal (and no vault open)
    // only when even that reopening fails: the daemon must then exit.
    Result<vault::BackupInfo> restore(const std::filesystem::path& backup, const vault::RestoreOptions& restore);
    bool isOpen() const { return m_opened.vault != nullptr; }

private:
    VaultHost(vault::TpmVault opened, vault::VaultOptions options, vault::Clock& clock,
              std::filesystem::path stateDirectory);

    vault::TpmVault m_opened;
    vault::TpmKeySource m_keys;
    vault::VaultOptions m_options;
    vault::Clock& m_clock;
    std::filesystem::path m_stateDirectory;
};

} // namespace mamori::vaultd

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vaultd/vault_host.h"

namespace mamori::vaultd {

Result<std::unique_ptr<VaultHost>> VaultHost::open(const tpm::TpmSettings& settings, vault::VaultOptions options,
                                                   vault::Clock& clock)
{
    MAMORI_ASSIGN_OR_RETURN(vault::TpmVault opened, vault::openVaultOnTpm(settings, options, clock));
    return std::unique_ptr<VaultHost>(
        new VaultHost(std::move(opened), std::move(options), clock, settings.stateDirectory));
}

VaultHost::VaultHost(vault::TpmVault opened, vault::VaultOptions options, vault::Clock& clock,
                     std::filesystem::path stateDirectory)
    : m_opened(std::move(opened)), m_keys(*m_opened.store), m_options(std::move(options)), m_clock(clock),
      m_stateDirectory(std::move(stateDirectory))
{}

Result<vault::BackupInfo> VaultHost::restore(const std::filesystem::path& backup, const vault::RestoreOptions& restore)
{
    m_opened.vault.reset(); // closes the database: the restore replaces the file underneath
    vault::VaultOptions target = m_options;
    target.create = false;
    auto restored =
        vault::Vault::restoreBackup(backup.string(), target, m_keys, m_clock, m_opened.counter.get(), restore);
    auto reopened = vault::Vault::open(target, m_keys, m_clock, m_opened.counter.get());
    m_opened.store->context().closeSessions();
    if (!reopened.ok())
        return Error(ErrorCode::Internal, "the vault did not open after the restore: " + reopened.error().describe());
    m_opened.vault = std::move(reopened).value();
    return restored;
}

} // namespace mamori::vaultd

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Where a provisioned device keeps what mamori-provision writes, and how to find a running
// mamori-vaultd on the same vault.
//
//   state directory (--state-dir, default /var/lib/mamori; the vault's, 0700, owned by mamori-vault)
//       vault.db (+ -wal, -shm)        the vault
//       tpm/master-key.sealed, tpm/signing-seed.sealed, tpm/recovery.wrapped   (services/tpm)
//       outbox/                        provisions waiting for mamori-courier
//   configuration directory (--config-dir, default /etc/mamori)
//       device-identity.toml  0644     public identity (device_identity.h)
//       allowlist.toml        0644     the egress allow-list netguard applies
//       netguard.toml         0644     netguard's settings (names the WireGuard key file)
//       wireguard/device.key  0600     the WireGuard private key (directory 0700)

#include "services/common/result.h"

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace mamori::provision {

struct DevicePaths {
    std::filesystem::path stateDir = "/var/lib/mamori";
    std::filesystem::path configDir = "/etc/mamori";
    std::filesystem::path identity;     // empty: configDir/device-identity.toml
    std::filesystem::path wireguardKey; // empty: netguard.toml's private_key_file, else configDir/wireguard/device.key

    std::filesystem::path vaultFile() const { return stateDir / "vault.db"; }
    std::filesystem::path identityFile() const
    {
        return identity.empty() ? configDir / "device-identity.toml" : identity;
    }
    std::filesystem::path allowListFile() const { return configDir / "allowlist.toml"; }
    std::filesystem::path netguardSettingsFile() const { return configDir / "netguard.toml"; }
    // Reads netguard.toml when it exists (an unreadable one is an error: it would point elsewhere).
    Result<std::filesystem::path> wireguardKeyFile() const;
    // Every file of the vault's state that a wipe removes (whether or not it exists now).
    std::vector<std::filesystem::path> stateFiles() const;
};

// mamori-vaultd processes whose --state-dir is `stateDir` (by /proc: argv[0]'s name and the
// option, or the daemon's default when it has none).
std::vector<pid_t> findVaultDaemons(const std::filesystem::path& stateDir);

} // namespace mamori::provision

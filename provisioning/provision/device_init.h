// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// `mamori-provision init` and `wipe`, without the command line (provision_main.cpp wires them):
//
// initDevice(), in this order, each step only after the one before succeeded:
//   1. the TPM: storage key (taken if present and compatible, else created and made persistent), a
//      fresh master key and device signing seed sealed to PCR 7 and the Mamori PCR, the NV counter,
//      the recovery key and its file (tpm::KeyStore::provision); the storage and endorsement keys'
//      names read for the identity file;
//   2. the vault created on those keys (openVaultOnTpm), the organisation key pinned, the first
//      administrator and officer created with their cards (whose possession the caller has already
//      proven), and one "provision" entry with a checkpoint;
//   3. the WireGuard key pair, the private key written 0600 where netguard reads it;
//   4. the device identity file (0644);
//   5. the state directory handed to the vault's user (when that user exists).
// If any step fails, what the earlier steps made is undone (the counter undefined, a storage key
// this run created evicted, the files shredded) and the error returned: a device is either fully
// provisioned or not at all, and the recovery key of a failed run is never shown.
//
// The recovery key comes back in InitOutcome (guarded memory); the caller prints it once, last.
//
// lookForProvisioning() says what of an earlier provisioning is present (files, TPM objects);
// wipeDevice() removes all of it (tpm/key_wipe.h for the TPM side, key_files.h for the files).

#include "provisioning/provision/device_identity.h"
#include "provisioning/provision/device_paths.h"
#include "services/common/secret_buffer.h"
#include "services/tpm/key_store.h"
#include "services/tpm/key_wipe.h"
#include "services/vault/clock.h"
#include "services/vault/fleet_bundle.h"
#include "services/vault/policy.h"

#include <filesystem>
#include <string>
#include <vector>

namespace mamori::provision {

struct FirstUser {
    vault::Role role = vault::Role::Admin;
    std::string displayName;
    std::vector<std::uint8_t> certificateDer;
};

struct InitPlan {
    tpm::TpmSettings tpm; // stateDirectory is paths.stateDir
    DevicePaths paths;
    std::string deviceId;
    vault::OrganisationKey organisationKey{};
    std::vector<FirstUser> users;           // the administrator and the officer, possession proven
    std::string vaultUser = "mamori-vault"; // empty: leave the files to root
    tpm::RecoveryKdfLimits recoveryKdf;
};

struct InitOutcome {
    SecretBuffer recoveryKeyText; // show once, never store or log
    DeviceIdentity identity;
    bool createdStorageKey = false;
    std::uint64_t counterValue = 0;
    std::filesystem::path wireguardKeyFile;
    std::vector<std::string> notes; // things the person should know (printed on stderr)
};

Result<InitOutcome> initDevice(const InitPlan& plan, vault::Clock& clock);

struct ProvisioningTraces {
    std::vector<std::filesystem::path> files; // present files of an earlier provisioning
    bool counterPresent = false;
    bool storageKeyPresent = false;
    bool any() const { return !files.empty() || counterPresent; }
};
// The storage key alone does not count as a provisioning: it is the TCG SRK other software may use.
Result<ProvisioningTraces> lookForProvisioning(const tpm::TpmSettings& tpm, const DevicePaths& paths);

struct WipeOutcome {
    tpm::TpmWipeReport tpm;
    std::vector<std::filesystem::path> removed;
};
Result<WipeOutcome> wipeDevice(const tpm::TpmSettings& tpm, const DevicePaths& paths);

} // namespace mamori::provision

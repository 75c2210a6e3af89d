// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// KeyStore: the device's root secrets as the vault and provisioning see them — one TPM
// connection, the sealed blobs in the state directory, the NV counter, the maintenance lock and
// the recovery key. DESIGN.md §4 and §7; services/tpm/README.md.
//
// State directory layout (directory 0700, files 0600, each written atomically):
//   <state>/tpm/master-key.sealed     SealedBlob of the 32-byte vault master key
//   <state>/tpm/signing-seed.sealed   SealedBlob of the 32-byte Ed25519 device signing seed
//   <state>/tpm/recovery.wrapped      master key ‖ signing seed under the recovery key (Argon2id)
// The recovery file is useless without the recovery key, which exists only on paper; it travels
// with the backups so that a new device can be brought up from a backup and the paper.

#include "services/common/result.h"
#include "services/common/secret_buffer.h"
#include "services/tpm/command_log.h"
#include "services/tpm/nv_counter.h"
#include "services/tpm/pcr.h"
#include "services/tpm/recovery_key.h"
#include "services/tpm/sealed_blob.h"
#include "services/tpm/sealing.h"
#include "services/tpm/tpm_context.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace mamori::tpm {

struct TpmSettings {
    std::string tcti = "device:/dev/tpmrm0";
    std::filesystem::path stateDirectory; // the vault's state directory; blobs go in its tpm/
    std::uint32_t storageKeyHandle = kDefaultStorageKeyHandle;
    std::uint32_t counterIndex = kDefaultCounterIndex;
    std::uint8_t mamoriPcr = kDefaultMamoriPcr;
};

struct ProvisionReport {
    SecretBuffer recoveryKeyText; // "dddddd-dddddd-…": show once, never store or log
    bool createdStorageKey = false;
    std::uint64_t counterValue = 0;
};

class KeyStore {
public:
    static Result<std::unique_ptr<KeyStore>> connect(TpmSettings settings, CommandLog* log = nullptr);

    // Whether the sealed blobs are present (says nothing about whether they still unseal).
    bool isProvisioned() const;
    // First set-up: storage key, fresh master key and signing seed sealed to PCR 7 and the Mamori
    // PCR as they are now, the NV counter, a new recovery key. AlreadyExists if provisioned.
    Result<ProvisionReport> provision(RecoveryKdfLimits limits = {});
    // A new TPM (mainboard swap, or restore onto a new device): the keys from the recovery file and
    // the typed recovery key are sealed onto this TPM; the recovery file and key stay the same.
    // Replaces sealed blobs that no longer unseal. RecoveryKeyIncorrect for a wrong key.
    Status recover(std::span<const std::uint8_t> recoveryFile, const SecretBuffer& recoveryKey);
    // After a measured change that is legitimate (a signed update): re-seal the same keys to the
    // PCRs as they are now. Needs the keys to unseal under the old values first, so it must run
    // before the change takes effect — or use recover().
    Status resealToCurrentPcrs();

    // Unsealing the master key also gives this connection the counter's write password.
    Result<SecretBuffer> unsealMasterKey();
    Result<SecretBuffer> unsealSigningSeed();
    // The NV counter: readable at once; increments after unsealMasterKey() (or provision/recover).
    Result<NvCounter> counter();
    // The counter's write password: BLAKE2b-256 keyed with the master key over a fixed label.
    static Result<SecretBuffer> counterPassword(const SecretBuffer& masterKey);
    // The maintenance lock: after it, unsealing fails until the TPM is reset (reboot).
    Status enterMaintenance();

    TpmContext& context() noexcept { return *m_tpm; }
    const TpmSettings& settings() const noexcept { return m_settings; }
    std::filesystem::path sealedPath(SealedPurpose purpose) const;
    std::filesystem::path recoveryPath() const;

private:
    KeyStore(TpmSettings settings, std::unique_ptr<TpmContext> tpm);
    std::vector<std::uint8_t> sealedPcrIndexes() const;
    Result<SealedBlob> loadBlob(SealedPurpose purpose) const;
    Result<SecretBuffer> unsealPurpose(SealedPurpose purpose);
    Status sealAndStore(const SecretBuffer& masterKey, const SecretBuffer& signingSeed);

    TpmSettings m_settings;
    std::unique_ptr<TpmContext> m_tpm;
};

} // namespace mamori::tpm

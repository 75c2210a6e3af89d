// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The vault's hardware seam (key_source.h) backed by the TPM (services/tpm): TpmKeySource unseals
// the master key and the device signing seed on demand — the vault asks once, at open, and keeps
// only the derived keys in guarded memory — and TpmCounter is the NV monotonic counter that audit
// checkpoints record. Both borrow a tpm::KeyStore that must outlive them.
//
// openVaultOnTpm() is the whole start-up (mamori-vaultd, the demo, the tests): connect to the TPM
// (TpmUnavailable: the vault does not start), open the NV counter, unseal both keys (TpmPolicyMismatch
// in maintenance mode), and only then open the database — so a TPM that refuses leaves the vault's
// files exactly as they were.

#include "services/tpm/key_store.h"
#include "services/vault/key_source.h"
#include "services/vault/vault.h"

#include <memory>

namespace mamori::vault {

class TpmKeySource final : public KeySource {
public:
    explicit TpmKeySource(tpm::KeyStore& store) : m_store(store) {}
    Result<SecretBuffer> masterKey() override { return m_store.unsealMasterKey(); }
    Result<SecretBuffer> deviceSigningSeed() override { return m_store.unsealSigningSeed(); }

private:
    tpm::KeyStore& m_store;
};

class TpmCounter final : public MonotonicCounter {
public:
    static Result<TpmCounter> open(tpm::KeyStore& store);
    Result<std::uint64_t> read() override { return m_counter.read(); }
    Result<std::uint64_t> increment() override { return m_counter.increment(); }

private:
    explicit TpmCounter(tpm::NvCounter counter) : m_counter(counter) {}
    tpm::NvCounter m_counter;
};

// The vault with the TPM objects it borrows; members are destroyed vault first.
struct TpmVault {
    std::unique_ptr<tpm::KeyStore> store;
    std::unique_ptr<TpmCounter> counter;
    std::unique_ptr<Vault> vault;
};

Result<TpmVault> openVaultOnTpm(const tpm::TpmSettings& settings, const VaultOptions& options, Clock& clock);

} // namespace mamori::vault

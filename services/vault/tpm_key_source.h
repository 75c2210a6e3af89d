// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The vault's hardware seam (key_source.h) backed by the TPM (services/tpm): TpmKeySource unseals
// the master key and the device signing seed on demand — the vault asks once, at open, and keeps
// only the derived keys in guarded memory — and TpmCounter is the NV monotonic counter that audit
// checkpoints record. Both borrow a tpm::KeyStore that must outlive them.
//
// Opening the vault on the TPM (mamori-vaultd, the demo, the tests):
//   auto store = tpm::KeyStore::connect(settings);        // TpmUnavailable: the vault does not start
//   TpmKeySource keys(*store.value());
//   auto counter = TpmCounter::open(*store.value());
//   Vault::open(options, keys, clock, &counter.value());  // TpmPolicyMismatch in maintenance mode
// Nothing is written before the keys have been unsealed: a TPM that refuses leaves the vault's
// files untouched.

#include "services/tpm/key_store.h"
#include "services/vault/key_source.h"

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

} // namespace mamori::vault

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// KeySource: where the vault's root secrets come from. A hardware seam (STYLE.md): the TPM
// module supplies the real implementation (keys sealed to PCR policy); tests and the demo before
// provisioning use MemoryKeySource. Both return fresh SecretBuffers; the caller owns and wipes them.
//
// MonotonicCounter: the TPM NV counter that audit checkpoints record, so that a rolled-back copy of
// the database is detected at start. Same seam, same split.

#include "services/common/result.h"
#include "services/common/secret_buffer.h"

#include <cstdint>

namespace mamori::vault {

constexpr std::size_t kMasterKeyBytes = 32;
constexpr std::size_t kSigningSeedBytes = 32; // crypto_sign_SEEDBYTES

class KeySource {
public:
    virtual ~KeySource() = default;
    // The 32-byte master key from which every vault key is derived.
    virtual Result<SecretBuffer> masterKey() = 0;
    // The 32-byte Ed25519 seed of the device signing key (audit checkpoints, bundles, certificates).
    virtual Result<SecretBuffer> deviceSigningSeed() = 0;
};

class MonotonicCounter {
public:
    virtual ~MonotonicCounter() = default;
    virtual Result<std::uint64_t> read() = 0;
    // Increments and returns the new value.
    virtual Result<std::uint64_t> increment() = 0;
};

// Keys held in memory: for tests, benchmarks and the demo before a TPM is provisioned.
class MemoryKeySource final : public KeySource {
public:
    MemoryKeySource(SecretBuffer masterKey, SecretBuffer signingSeed)
        : m_master(std::move(masterKey)), m_seed(std::move(signingSeed))
    {}
    // Fresh random keys.
    static Result<MemoryKeySource> generate();

    Result<SecretBuffer> masterKey() override { return SecretBuffer::copyOf(m_master.bytes()); }
    Result<SecretBuffer> deviceSigningSeed() override { return SecretBuffer::copyOf(m_seed.bytes()); }

private:
    SecretBuffer m_master;
    SecretBuffer m_seed;
};

// A counter in memory (tests); the TPM module provides the NV-backed one.
class MemoryCounter final : public MonotonicCounter {
public:
    explicit MemoryCounter(std::uint64_t start = 0) : m_value(start) {}
    Result<std::uint64_t> read() override { return m_value; }
    Result<std::uint64_t> increment() override { return ++m_value; }

private:
    std::uint64_t m_value;
};

} // namespace mamori::vault

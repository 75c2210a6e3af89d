// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// SecretBuffer: the one type that holds key material in Mamori.
//
// Backed by libsodium guarded memory (sodium_malloc: guard pages, mlock'ed, excluded from core
// dumps where the kernel supports MADV_DONTDUMP) and zeroed on creation, on wipe() and on
// destruction (sodium_free). Move-only: a secret is never copied implicitly, and it has no
// conversion to QString, QByteArray or std::string. An empty (default or moved-from) buffer
// holds nothing. Not thread-safe: one owner at a time, like a unique_ptr.

#include "services/common/result.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace mamori {

class SecretBuffer {
public:
    // Upper bound on one buffer; keys are 32-64 bytes, a sealed blob a few hundred.
    static constexpr std::size_t kMaxSize = 1u << 20;

    // A zero-filled buffer of `size` bytes (1..kMaxSize).
    static Result<SecretBuffer> create(std::size_t size);
    // `size` bytes from the system CSPRNG (randombytes_buf).
    static Result<SecretBuffer> random(std::size_t size);
    // A guarded copy of `bytes`; the caller wipes its own copy.
    static Result<SecretBuffer> copyOf(std::span<const std::uint8_t> bytes);

    SecretBuffer() noexcept = default;
    ~SecretBuffer();
    SecretBuffer(SecretBuffer&& other) noexcept;
    SecretBuffer& operator=(SecretBuffer&& other) noexcept;
    SecretBuffer(const SecretBuffer&) = delete;
    SecretBuffer& operator=(const SecretBuffer&) = delete;

    std::uint8_t* data() noexcept { return m_data; }
    const std::uint8_t* data() const noexcept { return m_data; }
    std::size_t size() const noexcept { return m_size; }
    bool empty() const noexcept { return m_size == 0; }
    std::span<std::uint8_t> bytes() noexcept { return {m_data, m_size}; }
    std::span<const std::uint8_t> bytes() const noexcept { return {m_data, m_size}; }

    // Zero the contents, keeping the allocation.
    void wipe() noexcept;
    // Constant-time comparison of size and contents.
    bool equals(const SecretBuffer& other) const noexcept;

private:
    SecretBuffer(std::uint8_t* data, std::size_t size) noexcept : m_data(data), m_size(size) {}
    void release() noexcept;

    std::uint8_t* m_data = nullptr;
    std::size_t m_size = 0;
};

// Initialise libsodium once (thread-safe, idempotent). Every user of libsodium calls this first.
Status initSodium();

} // namespace mamori

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/common/secret_buffer.h"

#include <sodium.h>

#include <string>

namespace mamori {

Status initSodium()
{
    // sodium_init() is itself thread-safe: 0 on first success, 1 when already initialised.
    if (sodium_init() < 0)
        return Error(ErrorCode::Internal, "sodium_init failed");
    return okStatus();
}

Result<SecretBuffer> SecretBuffer::create(std::size_t size)
{
    if (size == 0)
        return Error(ErrorCode::InvalidArgument, "SecretBuffer of size 0");
    if (size > kMaxSize)
        return Error(ErrorCode::TooLarge, "SecretBuffer of " + std::to_string(size) + " bytes");
    MAMORI_TRY(initSodium());
    void* memory = sodium_malloc(size);
    if (!memory)
        return Error(ErrorCode::ResourceExhausted, "sodium_malloc failed (RLIMIT_MEMLOCK?)");
    sodium_memzero(memory, size); // sodium_malloc fills with 0xdb
    return SecretBuffer(static_cast<std::uint8_t*>(memory), size);
}

Result<SecretBuffer> SecretBuffer::random(std::size_t size)
{
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer buffer, create(size));
    randombytes_buf(buffer.data(), buffer.size());
    return buffer;
}

Result<SecretBuffer> SecretBuffer::copyOf(std::span<const std::uint8_t> bytes)
{
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer buffer, create(bytes.size()));
    std::copy(bytes.begin(), bytes.end(), buffer.data());
    return buffer;
}

SecretBuffer::~SecretBuffer() { release(); }

SecretBuffer::SecretBuffer(SecretBuffer&& other) noexcept : m_data(other.m_data), m_size(other.m_size)
{
    other.m_data = nullptr;
    other.m_size = 0;
}

SecretBuffer& SecretBuffer::operator=(SecretBuffer&& other) noexcept
{
    if (this != &other) {
        release();
        m_data = other.m_data;
        m_size = other.m_size;
        other.m_data = nullptr;
        other.m_size = 0;
    }
    return *this;
}

void SecretBuffer::wipe() noexcept
{
    if (m_data)
        sodium_memzero(m_data, m_size);
}

bool SecretBuffer::equals(const SecretBuffer& other) const noexcept
{
    if (m_size != other.m_size)
        return false;
    if (m_size == 0)
        return true;
    return sodium_memcmp(m_data, other.m_data, m_size) == 0;
}

void SecretBuffer::release() noexcept
{
    if (m_data) {
        // sodium_free zeroes before unmapping; wipe first anyway so the order is explicit.
        sodium_memzero(m_data, m_size);
        sodium_free(m_data);
    }
    m_data = nullptr;
    m_size = 0;
}

} // namespace mamori

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/common/card_messages.h"

#include <sodium.h>

#include <array>
#include <cstring>

namespace mamori {
namespace {

std::vector<std::uint8_t> domainMessage(std::string_view domain, std::string_view deviceId,
                                        std::span<const std::uint8_t> nonce, std::span<const std::uint8_t> extra)
{
    std::vector<std::uint8_t> message(domain.size() + deviceId.size() + 1 + nonce.size() + extra.size());
    std::size_t at = 0;
    const auto put = [&](const void* data, std::size_t size) {
        if (size != 0)
            std::memcpy(message.data() + at, data, size);
        at += size;
    };
    put(domain.data(), domain.size());
    put(deviceId.data(), deviceId.size());
    const std::uint8_t separator = 0;
    put(&separator, 1);
    put(nonce.data(), nonce.size());
    put(extra.data(), extra.size());
    return message;
}

} // namespace

std::vector<std::uint8_t> loginMessage(std::string_view deviceId, std::span<const std::uint8_t> nonce)
{
    return domainMessage("mamori-login-v1", deviceId, nonce, {});
}

OperationDigest operationDigest(std::string_view canonicalOperation)
{
    OperationDigest digest{};
    static_assert(digest.size() == crypto_hash_sha256_BYTES);
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(canonicalOperation.data()),
                       canonicalOperation.size());
    return digest;
}

std::vector<std::uint8_t> stepUpMessageForDigest(std::string_view deviceId, std::span<const std::uint8_t> nonce,
                                                 const OperationDigest& digest)
{
    return domainMessage("mamori-op-v1", deviceId, nonce, digest);
}

std::vector<std::uint8_t> stepUpMessage(std::string_view deviceId, std::span<const std::uint8_t> nonce,
                                        std::string_view canonicalOperation)
{
    return stepUpMessageForDigest(deviceId, nonce, operationDigest(canonicalOperation));
}

} // namespace mamori

// SPDX-License-Identifier: GPL-3.0-or-later
#include "provisioning/provision/wireguard_key.h"

#include "provisioning/provision/key_files.h"
#include "services/common/file_io.h"

#include <sodium.h>

#include <cstring>

namespace mamori::provision {
namespace {

constexpr std::size_t kKeyBytes = crypto_scalarmult_curve25519_BYTES; // 32
constexpr std::size_t kBase64Bytes =
    sodium_base64_ENCODED_LEN(kKeyBytes, sodium_base64_VARIANT_ORIGINAL); // 45 with NUL

} // namespace

Result<WireGuardKeyPair> generateWireGuardKey()
{
    MAMORI_TRY(initSodium());
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer key, SecretBuffer::random(kKeyBytes));
    key.data()[0] &= 248;
    key.data()[31] &= 127;
    key.data()[31] |= 64;
    WireGuardKeyPair pair;
    if (crypto_scalarmult_base(pair.publicKey.bytes.data(), key.data()) != 0)
        return Error(ErrorCode::Internal, "crypto_scalarmult_base");
    MAMORI_ASSIGN_OR_RETURN(pair.privateKeyFile, SecretBuffer::create(kBase64Bytes)); // 44 characters + '\n'
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer text, SecretBuffer::create(kBase64Bytes));
    sodium_bin2base64(reinterpret_cast<char*>(text.data()), text.size(), key.data(), key.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    std::memcpy(pair.privateKeyFile.data(), text.data(), kBase64Bytes - 1);
    pair.privateKeyFile.data()[kBase64Bytes - 1] = '\n';
    return pair;
}

Result<net::WireGuardKey> wireGuardPublicKeyOf(const SecretBuffer& privateKeyFile)
{
    MAMORI_TRY(initSodium());
    std::size_t length = privateKeyFile.size();
    while (length > 0 && (privateKeyFile.data()[length - 1] == '\n' || privateKeyFile.data()[length - 1] == '\r'))
        --length;
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer key, SecretBuffer::create(kKeyBytes));
    std::size_t decoded = 0;
    if (length != kBase64Bytes - 1 ||
        sodium_base642bin(key.data(), key.size(), reinterpret_cast<const char*>(privateKeyFile.data()), length, nullptr,
                          &decoded, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        decoded != kKeyBytes)
        return Error(ErrorCode::InvalidArgument, "the WireGuard private key file is not one base64 key");
    net::WireGuardKey publicKey;
    if (crypto_scalarmult_base(publicKey.bytes.data(), key.data()) != 0)
        return Error(ErrorCode::InvalidArgument, "the WireGuard private key is not usable");
    return publicKey;
}

Result<net::WireGuardKey> readWireGuardPublicKey(const std::filesystem::path& privateKeyPath)
{
    MAMORI_ASSIGN_OR_RETURN(const mode_t mode, fileMode(privateKeyPath));
    if ((mode & 077) != 0)
        return Error(ErrorCode::PermissionDenied, privateKeyPath.string() + " can be read by group or others");
    MAMORI_ASSIGN_OR_RETURN(auto bytes, readWholeFile(privateKeyPath, 256));
    auto secret = SecretBuffer::copyOf(bytes);
    sodium_memzero(bytes.data(), bytes.size());
    if (!secret.ok())
        return secret.error();
    return wireGuardPublicKeyOf(secret.value());
}

} // namespace mamori::provision

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The device's WireGuard key pair, made the way `wg genkey | tee key | wg pubkey` makes it: 32
// random bytes (libsodium) clamped as Curve25519 wants them (k[0] &= 248, k[31] &= 127, k[31] |= 64)
// — the file holds their standard base64 (44 characters) and a newline, exactly what `wg genkey`
// prints, so `wg set IFACE private-key FILE` reads it — and the public key is X25519(k, 9)
// (crypto_scalarmult_base). The private key exists only in SecretBuffers and in the 0600 file.

#include "services/common/result.h"
#include "services/common/secret_buffer.h"
#include "services/net/allowlist.h"

#include <filesystem>

namespace mamori::provision {

struct WireGuardKeyPair {
    SecretBuffer privateKeyFile; // "<base64>\n", what the key file holds
    net::WireGuardKey publicKey;
};

Result<WireGuardKeyPair> generateWireGuardKey();
// The public key of a private key file's contents ("<base64>" with an optional newline).
Result<net::WireGuardKey> wireGuardPublicKeyOf(const SecretBuffer& privateKeyFile);
// Reads a private key file (refusing one that group or others can read) and derives its public key.
Result<net::WireGuardKey> readWireGuardPublicKey(const std::filesystem::path& privateKeyPath);

} // namespace mamori::provision

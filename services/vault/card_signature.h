// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Verification of card signatures (DESIGN §2) with OpenSSL 3: the login challenge and step-up
// signatures over operations. A card is known by its X.509 certificate (DER), enrolled in the
// vault; its identity is the SHA-256 of the certificate's SubjectPublicKeyInfo.
//
// Accepted: RSA (≥ 2048 bits) with PKCS#1 v1.5 or PSS (salt length = digest length or auto), and
// ECDSA on P-256 (DER-encoded or raw r‖s signatures, as PKCS#11 returns), all over SHA-256.
// The signed messages are built by services/common/card_messages.h (shared with the kiosk).

#include "services/common/card_messages.h"
#include "services/common/result.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::vault {

using Sha256 = std::array<std::uint8_t, 32>;

Sha256 sha256(std::span<const std::uint8_t> bytes);
std::string hexOf(std::span<const std::uint8_t> bytes);

enum class CardKeyType : std::uint8_t { Rsa, EcP256 };

struct CardCertificate {
    std::vector<std::uint8_t> der;
    std::vector<std::uint8_t> spki; // DER SubjectPublicKeyInfo
    Sha256 spkiSha256{};
    CardKeyType keyType = CardKeyType::Rsa;
};

// Parses a DER certificate, extracting and checking its public key (RSA ≥ 2048 or EC P-256).
Result<CardCertificate> parseCardCertificate(std::span<const std::uint8_t> der);

using mamori::loginMessage;
using mamori::stepUpMessage;

// What an audit entry keeps of a card's signature (cardSignature, secondSignature), so that the log
// alone proves which card authorised an act: nonce (32 bytes) ‖ operation digest (32 bytes: SHA-256
// of the canonical operation; all zero for a login) ‖ the signature. AUDIT_FORMAT.md.
struct SignatureRecord {
    std::array<std::uint8_t, 32> nonce{};
    OperationDigest digest{};
    std::vector<std::uint8_t> signature;

    bool isLogin() const;
};
constexpr std::size_t kSignatureRecordHeaderBytes = 64;
std::vector<std::uint8_t> encodeSignatureRecord(std::span<const std::uint8_t> nonce, const OperationDigest& digest,
                                                std::span<const std::uint8_t> signature);
// InvalidArgument when shorter than the header plus one byte of signature or the nonce is not 32 bytes.
Result<SignatureRecord> decodeSignatureRecord(std::span<const std::uint8_t> bytes);
// Rebuilds the login or step-up message for `deviceId` and verifies the signature with `card`.
Status verifySignatureRecord(const CardCertificate& card, std::string_view deviceId, const SignatureRecord& record);

// PermissionDenied when the signature does not verify; InvalidArgument for a malformed one.
Status verifyCardSignature(const CardCertificate& card, std::span<const std::uint8_t> message,
                           std::span<const std::uint8_t> signature);

} // namespace mamori::vault

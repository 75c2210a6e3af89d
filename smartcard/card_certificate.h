// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// CardCertificate: a certificate read from a token without a PIN, paired with its key by CKA_ID.
//
// The card id (DESIGN §2, the vault's enrolment key) is the lowercase hex SHA-256 of the public
// key's SubjectPublicKeyInfo DER, computed here with OpenSSL (d2i_X509 → X509_get0_pubkey →
// i2d_PUBKEY) exactly as services/vault/card_signature.h does — the smartcard module does not link
// the vault. The key type decides the signing mechanism (card_session.h).

#include "services/common/result.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace mamori::smartcard {

enum class KeyType : std::uint8_t { Rsa, EcP256, Unsupported };

struct CardCertificate {
    std::vector<std::uint8_t> id; // CKA_ID: pairs the certificate with its public and private key
    std::string label;            // CKA_LABEL
    std::vector<std::uint8_t> der;
    std::vector<std::uint8_t> spki;
    std::string cardId; // lowercase hex SHA-256 of spki
    KeyType keyType = KeyType::Unsupported;
    int keyBits = 0;
    bool authority = false;    // a CA certificate (basicConstraints CA:TRUE or CKA_CERTIFICATE_CATEGORY 2)
    bool hasPublicKey = false; // a CKO_PUBLIC_KEY with the same CKA_ID is on the token
};

// Parses a DER X.509 certificate: spki, cardId, keyType, keyBits, authority. InvalidArgument if malformed.
Result<CardCertificate> parseCertificate(std::span<const std::uint8_t> der);
// Lowercase hex SHA-256 of an SPKI DER.
std::string cardIdOfSpki(std::span<const std::uint8_t> spki);

} // namespace mamori::smartcard

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// SignScheme: what a caller asks the card to produce. All over SHA-256, all accepted by the vault's
// verifyCardSignature (services/vault/card_signature.h).
//
//   RsaPkcs1Sha256   CKM_SHA256_RSA_PKCS
//   RsaPssSha256     CKM_SHA256_RSA_PKCS_PSS, MGF1-SHA256, salt 32 bytes
//   EcdsaP256Sha256  CKM_ECDSA_SHA256 if the token lists it, else CKM_ECDSA over a SHA-256 digest
//                    computed here (SoftHSM2 2.6 and most cards); raw r‖s, 64 bytes
//   Auto             by key type: RSA → PKCS#1 v1.5 (the one every card supports, JPKI included),
//                    EC P-256 → ECDSA

#include <cstdint>

namespace mamori::smartcard {

enum class SignScheme : std::uint8_t { Auto, RsaPkcs1Sha256, RsaPssSha256, EcdsaP256Sha256 };

} // namespace mamori::smartcard

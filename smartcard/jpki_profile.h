// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Card profiles: which certificate and key log a clerk in, and what a valid PIN looks like.
//
// JPKI (公的個人認証, the My Number card) through OpenSC's jpki driver (src/libopensc/pkcs15-jpki.c):
//   token label "JPKI" (OpenSC may append the PIN name: "JPKI (User Authentication PIN)"),
//   manufacturer "JPKI"; objects, all with a one-byte CKA_ID:
//     01 "User Authentication Certificate"   + "User Authentication Key" (RSA-2048)  ← the one we use
//     02 "Digital Signature Certificate"     + "Digital Signature Key"   (署名用, never used here)
//     03/04 the two CA certificates
//   PINs: "User Authentication PIN" — 4 digits, 3 tries (JPKI_AUTH_PIN_MAX_TRIES); the signature PIN
//   is 6–16 characters.
// The 署名用 certificate carries the holder's name, address, birth date and sex (基本4情報), and
// using it means a legally binding signature; the 利用者証明用 (user authentication) certificate carries
// none of that, so it is the only one Mamori reads and signs with (DESIGN §2: opt-in, 利用者証明用).
// The card signs RSA PKCS#1 v1.5 only, so Auto (and a PSS request is refused before the card is asked).
// The PIN is checked for exactly 4 ASCII digits before C_Login: a malformed PIN never costs a try.
//
// Generic (PIV, company cards, SoftHSM2): the first non-CA certificate (by CKA_ID) whose key is RSA
// or EC P-256 and that has a public key object with the same CKA_ID (else without); the PIN length
// must lie within the token's ulMinPinLen..ulMaxPinLen.

#include "services/common/secret_buffer.h"
#include "smartcard/card_certificate.h"
#include "smartcard/pkcs11_module.h"
#include "smartcard/sign_scheme.h"

#include <vector>

namespace mamori::smartcard {

enum class CardProfileKind : std::uint8_t { Generic, Jpki };

struct CardProfile {
    CardProfileKind kind = CardProfileKind::Generic;
    unsigned long minPinLength = 0; // 0: no bound known
    unsigned long maxPinLength = 0;
    int maxPinTries = 0; // 0: unknown (PKCS#11 does not say)
    bool digitsOnly = false;
};

inline constexpr const char* kJpkiAuthCertificateLabel = "User Authentication Certificate";
inline constexpr const char* kJpkiSignatureCertificateLabel = "Digital Signature Certificate";
inline constexpr int kJpkiAuthPinTries = 3;
inline constexpr unsigned long kJpkiAuthPinLength = 4;

bool isJpkiToken(const TokenInfo& token) noexcept;
CardProfile profileFor(const TokenInfo& token) noexcept;

// InvalidArgument (naming the rule, never the PIN) when the PIN cannot be right for this profile.
Status checkPinFormat(const CardProfile& profile, const SecretBuffer& pin);

// The certificate that identifies the clerk; NotFound if the card has none usable.
Result<CardCertificate> selectLoginCertificate(const CardProfile& profile,
                                               const std::vector<CardCertificate>& certificates);

// The scheme to use for `requested` on this profile and key; InvalidArgument if impossible.
Result<SignScheme> resolveScheme(const CardProfile& profile, KeyType keyType, SignScheme requested);

} // namespace mamori::smartcard

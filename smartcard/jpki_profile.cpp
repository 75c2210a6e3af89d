// SPDX-License-Identifier: GPL-3.0-or-later
#include "smartcard/jpki_profile.h"

#include <algorithm>

namespace mamori::smartcard {

bool isJpkiToken(const TokenInfo& token) noexcept
{
    const auto startsWithJpki = [](const std::string& text) { return text.rfind("JPKI", 0) == 0; };
    return startsWithJpki(token.label) || token.manufacturer == "JPKI";
}

CardProfile profileFor(const TokenInfo& token) noexcept
{
    CardProfile profile;
    if (isJpkiToken(token)) {
        profile.kind = CardProfileKind::Jpki;
        profile.minPinLength = kJpkiAuthPinLength;
        profile.maxPinLength = kJpkiAuthPinLength;
        profile.maxPinTries = kJpkiAuthPinTries;
        profile.digitsOnly = true;
        return profile;
    }
    profile.minPinLength = token.minPinLength;
    profile.maxPinLength = token.maxPinLength;
    return profile;
}

Status checkPinFormat(const CardProfile& profile, const SecretBuffer& pin)
{
    if (pin.empty())
        return Error(ErrorCode::InvalidArgument, "PIN: empty");
    if (profile.minPinLength != 0 && pin.size() < profile.minPinLength)
        return Error(ErrorCode::InvalidArgument, "PIN: shorter than the card allows");
    if (profile.maxPinLength != 0 && pin.size() > profile.maxPinLength)
        return Error(ErrorCode::InvalidArgument, "PIN: longer than the card allows");
    if (profile.digitsOnly &&
        !std::all_of(pin.bytes().begin(), pin.bytes().end(), [](std::uint8_t c) { return c >= '0' && c <= '9'; }))
        return Error(ErrorCode::InvalidArgument, "PIN: this card takes digits only");
    return okStatus();
}

Result<CardCertificate> selectLoginCertificate(const CardProfile& profile,
                                               const std::vector<CardCertificate>& certificates)
{
    if (profile.kind == CardProfileKind::Jpki) {
        for (const auto& certificate : certificates)
            if (certificate.label == kJpkiAuthCertificateLabel && certificate.id == std::vector<std::uint8_t>{0x01} &&
                certificate.keyType == KeyType::Rsa)
                return certificate;
        return Error(ErrorCode::NotFound, "JPKI: no user authentication certificate (id 01) on the card");
    }
    std::vector<const CardCertificate*> usable;
    for (const auto& certificate : certificates)
        if (!certificate.authority && (certificate.keyType == KeyType::EcP256 ||
                                       (certificate.keyType == KeyType::Rsa && certificate.keyBits >= 2048)))
            usable.push_back(&certificate);
    std::stable_sort(usable.begin(), usable.end(), [](const CardCertificate* a, const CardCertificate* b) {
        if (a->hasPublicKey != b->hasPublicKey)
            return a->hasPublicKey;
        return a->id < b->id;
    });
    if (usable.empty())
        return Error(ErrorCode::NotFound, "card: no certificate with an RSA-2048+ or EC P-256 key");
    return *usable.front();
}

Result<SignScheme> resolveScheme(const CardProfile& profile, KeyType keyType, SignScheme requested)
{
    switch (keyType) {
    case KeyType::Rsa:
        if (requested == SignScheme::Auto || requested == SignScheme::RsaPkcs1Sha256)
            return SignScheme::RsaPkcs1Sha256;
        if (requested == SignScheme::RsaPssSha256 && profile.kind != CardProfileKind::Jpki)
            return SignScheme::RsaPssSha256;
        if (requested == SignScheme::RsaPssSha256)
            return Error(ErrorCode::InvalidArgument, "JPKI cards sign with PKCS#1 v1.5 only");
        return Error(ErrorCode::InvalidArgument, "an RSA key cannot make an ECDSA signature");
    case KeyType::EcP256:
        if (requested == SignScheme::Auto || requested == SignScheme::EcdsaP256Sha256)
            return SignScheme::EcdsaP256Sha256;
        return Error(ErrorCode::InvalidArgument, "an EC key cannot make an RSA signature");
    case KeyType::Unsupported:
        break;
    }
    return Error(ErrorCode::InvalidArgument, "key type not supported (RSA or EC P-256 only)");
}

} // namespace mamori::smartcard

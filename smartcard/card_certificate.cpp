// SPDX-License-Identifier: GPL-3.0-or-later
#include "smartcard/card_certificate.h"

#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace mamori::smartcard {

std::string cardIdOfSpki(std::span<const std::uint8_t> spki)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(spki.data(), spki.size(), digest);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * sizeof digest);
    for (const unsigned char byte : digest) {
        hex += kHex[byte >> 4];
        hex += kHex[byte & 0x0f];
    }
    return hex;
}

Result<CardCertificate> parseCertificate(std::span<const std::uint8_t> der)
{
    const unsigned char* in = der.data();
    std::unique_ptr<X509, decltype(&X509_free)> x509(d2i_X509(nullptr, &in, static_cast<long>(der.size())), &X509_free);
    if (!x509 || in != der.data() + der.size())
        return Error(ErrorCode::InvalidArgument, "certificate: not a DER X.509 certificate");
    EVP_PKEY* key = X509_get0_pubkey(x509.get());
    if (key == nullptr)
        return Error(ErrorCode::InvalidArgument, "certificate: unreadable public key");
    const int spkiLength = i2d_PUBKEY(key, nullptr);
    if (spkiLength <= 0)
        return Error(ErrorCode::InvalidArgument, "certificate: i2d_PUBKEY failed");
    CardCertificate certificate;
    certificate.der.assign(der.begin(), der.end());
    certificate.spki.resize(static_cast<std::size_t>(spkiLength));
    unsigned char* out = certificate.spki.data();
    i2d_PUBKEY(key, &out);
    certificate.cardId = cardIdOfSpki(certificate.spki);
    certificate.keyBits = EVP_PKEY_get_bits(key);
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
        certificate.keyType = KeyType::Rsa;
    } else if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
        char group[64] = {};
        std::size_t groupLength = 0;
        if (EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &groupLength) == 1 &&
            std::string(group) == SN_X9_62_prime256v1)
            certificate.keyType = KeyType::EcP256;
    }
    // Only an explicit basicConstraints CA:TRUE (X509_check_ca would also count self-signed v1 certificates).
    certificate.authority = (X509_get_extension_flags(x509.get()) & EXFLAG_CA) != 0;
    return certificate;
}

} // namespace mamori::smartcard

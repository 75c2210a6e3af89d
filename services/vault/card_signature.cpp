// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/card_signature.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <algorithm>
#include <memory>

namespace mamori::vault {
namespace {

constexpr std::size_t kMaxCertificateBytes = std::size_t{16} * 1024;
constexpr std::size_t kMaxSignatureBytes = 1024;

template <typename T, void (*Free)(T*)> struct Deleter {
    void operator()(T* p) const noexcept { Free(p); }
};
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>>;

// OpenSSL's error queue, emptied into one line (no user data is ever in it).
std::string opensslErrors()
{
    std::string text;
    unsigned long code = 0;
    while ((code = ERR_get_error()) != 0) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        if (!text.empty())
            text += "; ";
        text += buffer;
    }
    return text;
}

Result<PkeyPtr> publicKeyFromSpki(std::span<const std::uint8_t> spki)
{
    const unsigned char* p = spki.data();
    PkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki.size())));
    if (!key)
        return Error(ErrorCode::InvalidArgument, "public key does not parse: " + opensslErrors());
    return key;
}

// PKCS#11 returns ECDSA signatures as raw r‖s (64 bytes for P-256); OpenSSL wants DER.
Result<std::vector<std::uint8_t>> ecdsaRawToDer(std::span<const std::uint8_t> raw)
{
    EcdsaSigPtr sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(raw.data(), 32, nullptr);
    BIGNUM* s = BN_bin2bn(raw.data() + 32, 32, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return Error(ErrorCode::Internal, "ECDSA_SIG_set0 failed");
    }
    const int length = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (length <= 0)
        return Error(ErrorCode::Internal, "i2d_ECDSA_SIG failed");
    std::vector<std::uint8_t> der(static_cast<std::size_t>(length));
    unsigned char* out = der.data();
    i2d_ECDSA_SIG(sig.get(), &out);
    return der;
}

bool verifyWith(EVP_PKEY* key, std::span<const std::uint8_t> message, std::span<const std::uint8_t> signature,
                int rsaPadding)
{
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key) != 1)
        return false;
    if (rsaPadding != 0) {
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, rsaPadding) != 1)
            return false;
        if (rsaPadding == RSA_PKCS1_PSS_PADDING && (EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) != 1 ||
                                                    EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1))
            return false;
    }
    const int ok = EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size());
    ERR_clear_error();
    return ok == 1;
}

} // namespace

Sha256 sha256(std::span<const std::uint8_t> bytes)
{
    Sha256 digest{};
    SHA256(bytes.data(), bytes.size(), digest.data());
    return digest;
}

std::string hexOf(std::span<const std::uint8_t> bytes)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text(bytes.size() * 2, '0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        text[2 * i] = kDigits[bytes[i] >> 4];
        text[2 * i + 1] = kDigits[bytes[i] & 0x0f];
    }
    return text;
}

Result<CardCertificate> parseCardCertificate(std::span<const std::uint8_t> der)
{
    if (der.empty() || der.size() > kMaxCertificateBytes)
        return Error(ErrorCode::InvalidArgument, "certificate of " + std::to_string(der.size()) + " bytes");
    const unsigned char* p = der.data();
    X509Ptr certificate(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!certificate || p != der.data() + der.size())
        return Error(ErrorCode::InvalidArgument, "certificate does not parse: " + opensslErrors());
    EVP_PKEY* key = X509_get0_pubkey(certificate.get());
    if (!key)
        return Error(ErrorCode::InvalidArgument, "certificate without a usable public key: " + opensslErrors());

    CardCertificate card;
    card.der.assign(der.begin(), der.end());
    if (EVP_PKEY_is_a(key, "RSA")) {
        if (EVP_PKEY_get_bits(key) < 2048)
            return Error(ErrorCode::InvalidArgument, "RSA key shorter than 2048 bits");
        card.keyType = CardKeyType::Rsa;
    } else if (EVP_PKEY_is_a(key, "EC")) {
        char group[64] = {};
        std::size_t groupLength = 0;
        if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &groupLength) != 1 ||
            std::string_view(group, groupLength) != "prime256v1")
            return Error(ErrorCode::InvalidArgument, "EC key not on P-256");
        card.keyType = CardKeyType::EcP256;
    } else {
        return Error(ErrorCode::InvalidArgument, "certificate key is neither RSA nor EC");
    }
    const int length = i2d_PUBKEY(key, nullptr);
    if (length <= 0)
        return Error(ErrorCode::Internal, "i2d_PUBKEY failed: " + opensslErrors());
    card.spki.resize(static_cast<std::size_t>(length));
    unsigned char* out = card.spki.data();
    i2d_PUBKEY(key, &out);
    card.spkiSha256 = sha256(card.spki);
    return card;
}

Status verifyCardSignature(const CardCertificate& card, std::span<const std::uint8_t> message,
                           std::span<const std::uint8_t> signature)
{
    if (signature.empty() || signature.size() > kMaxSignatureBytes)
        return Error(ErrorCode::InvalidArgument, "signature of " + std::to_string(signature.size()) + " bytes");
    MAMORI_ASSIGN_OR_RETURN(PkeyPtr key, publicKeyFromSpki(card.spki));
    bool verified = false;
    if (card.keyType == CardKeyType::Rsa) {
        verified = verifyWith(key.get(), message, signature, RSA_PKCS1_PADDING) ||
                   verifyWith(key.get(), message, signature, RSA_PKCS1_PSS_PADDING);
    } else if (signature.size() == 64) {
        MAMORI_ASSIGN_OR_RETURN(const auto der, ecdsaRawToDer(signature));
        verified = verifyWith(key.get(), message, der, 0);
    } else {
        verified = verifyWith(key.get(), message, signature, 0);
    }
    if (!verified)
        return Error(ErrorCode::PermissionDenied, "card signature does not verify");
    return okStatus();
}

bool SignatureRecord::isLogin() const
{
    return std::all_of(digest.begin(), digest.end(), [](std::uint8_t b) { return b == 0; });
}

std::vector<std::uint8_t> encodeSignatureRecord(std::span<const std::uint8_t> nonce, const OperationDigest& digest,
                                                std::span<const std::uint8_t> signature)
{
    std::vector<std::uint8_t> record(nonce.begin(), nonce.end());
    record.insert(record.end(), digest.begin(), digest.end());
    record.insert(record.end(), signature.begin(), signature.end());
    return record;
}

Result<SignatureRecord> decodeSignatureRecord(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() <= kSignatureRecordHeaderBytes)
        return Error(ErrorCode::InvalidArgument, "signature record shorter than its header");
    SignatureRecord record;
    std::copy_n(bytes.begin(), 32, record.nonce.begin());
    std::copy_n(bytes.begin() + 32, 32, record.digest.begin());
    record.signature.assign(bytes.begin() + kSignatureRecordHeaderBytes, bytes.end());
    return record;
}

Status verifySignatureRecord(const CardCertificate& card, std::string_view deviceId, const SignatureRecord& record)
{
    const auto message = record.isLogin() ? loginMessage(deviceId, record.nonce)
                                          : stepUpMessageForDigest(deviceId, record.nonce, record.digest);
    return verifyCardSignature(card, message, record.signature);
}

} // namespace mamori::vault

// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/test_card.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <stdexcept>

namespace mamori::test {

struct TestCard::Key {
    EVP_PKEY* pkey = nullptr;
    ~Key() { EVP_PKEY_free(pkey); }
};

namespace {
void require(bool ok, const char* what)
{
    if (!ok)
        throw std::runtime_error(what);
}
} // namespace

TestCard::TestCard(Kind kind, const std::string& commonName) : m_key(std::make_unique<Key>()), m_kind(kind)
{
    m_key->pkey = kind == Kind::EcP256 ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048);
    require(m_key->pkey != nullptr, "key generation");

    X509* certificate = X509_new();
    require(certificate != nullptr, "X509_new");
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
    X509_gmtime_adj(X509_getm_notBefore(certificate), 0);
    X509_gmtime_adj(X509_getm_notAfter(certificate), 3600L * 24 * 365);
    X509_set_pubkey(certificate, m_key->pkey);
    X509_NAME* name = X509_get_subject_name(certificate);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(commonName.c_str()),
                               -1, -1, 0);
    X509_set_issuer_name(certificate, name);
    require(X509_sign(certificate, m_key->pkey, EVP_sha256()) > 0, "X509_sign");
    const int length = i2d_X509(certificate, nullptr);
    m_certificate.resize(static_cast<std::size_t>(length));
    unsigned char* out = m_certificate.data();
    i2d_X509(certificate, &out);
    X509_free(certificate);

    const int spkiLength = i2d_PUBKEY(m_key->pkey, nullptr);
    std::vector<unsigned char> spki(static_cast<std::size_t>(spkiLength));
    unsigned char* spkiOut = spki.data();
    i2d_PUBKEY(m_key->pkey, &spkiOut);
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(spki.data(), spki.size(), digest);
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned char b : digest) {
        m_cardId += kHex[b >> 4];
        m_cardId += kHex[b & 0x0f];
    }
}

TestCard::~TestCard() = default;
TestCard::TestCard(TestCard&&) noexcept = default;
TestCard& TestCard::operator=(TestCard&&) noexcept = default;

std::vector<std::uint8_t> TestCard::sign(std::span<const std::uint8_t> message) const
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    require(EVP_DigestSignInit(ctx, &pctx, EVP_sha256(), nullptr, m_key->pkey) == 1, "DigestSignInit");
    if (m_kind == Kind::RsaPss2048) {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
    }
    std::size_t length = 0;
    require(EVP_DigestSign(ctx, nullptr, &length, message.data(), message.size()) == 1, "DigestSign size");
    std::vector<std::uint8_t> signature(length);
    require(EVP_DigestSign(ctx, signature.data(), &length, message.data(), message.size()) == 1, "DigestSign");
    signature.resize(length);
    EVP_MD_CTX_free(ctx);
    if (m_kind != Kind::EcP256)
        return signature;

    // DER ECDSA-Sig-Value → raw r‖s, 32 bytes each, as a PKCS#11 token returns it.
    const unsigned char* in = signature.data();
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &in, static_cast<long>(signature.size()));
    require(sig != nullptr, "d2i_ECDSA_SIG");
    std::vector<std::uint8_t> raw(64);
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw.data(), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw.data() + 32, 32);
    ECDSA_SIG_free(sig);
    return raw;
}

} // namespace mamori::test

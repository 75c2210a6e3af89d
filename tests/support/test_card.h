// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// TestCard: an in-memory stand-in for an IC card's key pair and certificate, made with OpenSSL,
// for vault tests that need card signatures without a PKCS#11 token (the smartcard tests use
// real SoftHSM2 tokens). It signs exactly as a card would: RSA PKCS#1 v1.5 or PSS over SHA-256,
// or ECDSA P-256 returning raw r‖s like PKCS#11's CKM_ECDSA.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace mamori::test {

class TestCard {
public:
    enum class Kind { Rsa2048, RsaPss2048, EcP256 };

    explicit TestCard(Kind kind, const std::string& commonName = "Mamori test card");
    ~TestCard();
    TestCard(TestCard&&) noexcept;
    TestCard& operator=(TestCard&&) noexcept;

    const std::vector<std::uint8_t>& certificateDer() const { return m_certificate; }
    // Lowercase hex SHA-256 of the SubjectPublicKeyInfo: the card id.
    const std::string& cardId() const { return m_cardId; }
    std::vector<std::uint8_t> sign(std::span<const std::uint8_t> message) const;

private:
    struct Key;
    std::unique_ptr<Key> m_key;
    Kind m_kind;
    std::vector<std::uint8_t> m_certificate;
    std::string m_cardId;
};

} // namespace mamori::test

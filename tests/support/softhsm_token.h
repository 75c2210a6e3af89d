// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// SoftHsm: real SoftHSM2 tokens for the smartcard tests and benchmark, in a temporary directory.
//
// create() writes a softhsm2.conf whose tokendir is a fresh temporary folder and points
// SOFTHSM2_CONF at it (setenv) — this must happen before libsofthsm2.so is loaded (C_Initialize
// reads it). Tokens are made with softhsm2-util and filled with pkcs11-tool, as an administrator
// would; if either is missing, the call fails naming the Debian package (softhsm2, opensc), so a
// card test never passes without a token. The directory is removed by the destructor.
//
// Keys: TestCard (test_card.h) does not expose its private key, so SoftHsmKey makes its own key
// pair and self-signed certificate with OpenSSL, the same way, and exports the private key as
// PKCS#8 DER for `pkcs11-tool --write-object --type privkey`. TestCard certificates can still be
// imported as certificate-only objects (importCertificate) to check card ids against TestCard.

#include "services/common/result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace mamori::test {

struct SoftHsmKey {
    enum class Kind { Rsa2048, EcP256 };
    static SoftHsmKey generate(Kind kind, const std::string& commonName = "Mamori SoftHSM card");

    Kind kind = Kind::Rsa2048;
    std::vector<std::uint8_t> privateKeyDer; // PKCS#8
    std::vector<std::uint8_t> publicKeyDer;  // SubjectPublicKeyInfo
    std::vector<std::uint8_t> certificateDer;
    std::string cardId; // lowercase hex SHA-256 of publicKeyDer
};

class SoftHsm {
public:
    static constexpr const char* kModulePath = "/usr/lib/softhsm/libsofthsm2.so";

    static Result<std::unique_ptr<SoftHsm>> create();
    ~SoftHsm();
    SoftHsm(const SoftHsm&) = delete;
    SoftHsm& operator=(const SoftHsm&) = delete;

    const std::filesystem::path& directory() const noexcept { return m_directory; }
    std::filesystem::path tokenDirectory() const { return m_directory / "tokens"; }

    // softhsm2-util --init-token --free --label L --pin P --so-pin S
    Status initToken(const std::string& label, const std::string& pin, const std::string& soPin = "87654321");
    // The private key (needs the user PIN), public key and certificate, all with CKA_ID `idHex`.
    Status importKey(const std::string& tokenLabel, const std::string& pin, const SoftHsmKey& key,
                     const std::string& idHex, const std::string& label);
    Status importCertificate(const std::string& tokenLabel, const std::vector<std::uint8_t>& der,
                             const std::string& idHex, const std::string& label);

    // Runs a tool with the fixture's SOFTHSM2_CONF; its output goes to directory()/tool.log.
    Status runTool(const std::vector<std::string>& arguments, const char* debianPackage);

private:
    SoftHsm() = default;
    Status writeObject(const std::string& tokenLabel, const std::string* pin, const std::vector<std::uint8_t>& der,
                       const char* type, const std::string& idHex, const std::string& label);

    std::filesystem::path m_directory;
    int m_files = 0;
};

} // namespace mamori::test

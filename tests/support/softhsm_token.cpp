// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/softhsm_token.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace mamori::test {
namespace {

void require(bool ok, const char* what)
{
    if (!ok)
        throw std::runtime_error(what);
}

template <typename F> std::vector<std::uint8_t> encode(F&& i2d)
{
    const int length = i2d(nullptr);
    require(length > 0, "DER encoding");
    std::vector<std::uint8_t> der(static_cast<std::size_t>(length));
    unsigned char* out = der.data();
    i2d(&out);
    return der;
}

bool writeFile(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(out);
}

} // namespace

SoftHsmKey SoftHsmKey::generate(Kind kind, const std::string& commonName)
{
    SoftHsmKey key;
    key.kind = kind;
    EVP_PKEY* pkey = kind == Kind::EcP256 ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048);
    require(pkey != nullptr, "key generation");
    key.privateKeyDer = encode([&](unsigned char** out) {
        PKCS8_PRIV_KEY_INFO* info = EVP_PKEY2PKCS8(pkey);
        const int length = i2d_PKCS8_PRIV_KEY_INFO(info, out);
        PKCS8_PRIV_KEY_INFO_free(info);
        return length;
    });
    key.publicKeyDer = encode([&](unsigned char** out) { return i2d_PUBKEY(pkey, out); });

    X509* certificate = X509_new();
    require(certificate != nullptr, "X509_new");
    X509_set_version(certificate, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
    X509_gmtime_adj(X509_getm_notBefore(certificate), 0);
    X509_gmtime_adj(X509_getm_notAfter(certificate), 3600L * 24 * 365);
    X509_set_pubkey(certificate, pkey);
    X509_NAME* name = X509_get_subject_name(certificate);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(commonName.c_str()),
                               -1, -1, 0);
    X509_set_issuer_name(certificate, name);
    require(X509_sign(certificate, pkey, EVP_sha256()) > 0, "X509_sign");
    key.certificateDer = encode([&](unsigned char** out) { return i2d_X509(certificate, out); });
    X509_free(certificate);
    EVP_PKEY_free(pkey);

    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(key.publicKeyDer.data(), key.publicKeyDer.size(), digest);
    static constexpr char kHex[] = "0123456789abcdef";
    for (const unsigned char b : digest) {
        key.cardId += kHex[b >> 4];
        key.cardId += kHex[b & 0x0f];
    }
    return key;
}

Result<std::unique_ptr<SoftHsm>> SoftHsm::create()
{
    if (::access(kModulePath, R_OK) != 0)
        return Error(ErrorCode::Unavailable, std::string(kModulePath) + " missing (Debian package softhsm2)");
    std::string pattern = (std::filesystem::temp_directory_path() / "mamori-softhsm-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        return Error(ErrorCode::Unavailable, "mkdtemp failed");
    std::unique_ptr<SoftHsm> hsm(new SoftHsm());
    hsm->m_directory = pattern;
    std::error_code error;
    std::filesystem::create_directory(hsm->tokenDirectory(), error);
    if (error)
        return Error(ErrorCode::Unavailable, "create tokendir: " + error.message());
    const auto conf = hsm->m_directory / "softhsm2.conf";
    {
        std::ofstream out(conf);
        out << "directories.tokendir = " << hsm->tokenDirectory().string() << "\n"
            << "objectstore.backend = file\n"
            << "log.level = ERROR\n"
            << "slots.removable = true\n";
        if (!out)
            return Error(ErrorCode::Unavailable, "write softhsm2.conf");
    }
    // Before the module is loaded: SoftHSM2 reads it in C_Initialize.
    ::setenv("SOFTHSM2_CONF", conf.c_str(), 1);
    return hsm;
}

SoftHsm::~SoftHsm()
{
    std::error_code ignored;
    std::filesystem::remove_all(m_directory, ignored);
}

Status SoftHsm::runTool(const std::vector<std::string>& arguments, const char* debianPackage)
{
    std::vector<std::string> copy = arguments;
    std::vector<char*> argv;
    for (auto& argument : copy)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    const std::string log = (m_directory / "tool.log").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = -1;
    const int spawned = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        return Error(ErrorCode::Unavailable,
                     arguments[0] + " could not be started (Debian package " + debianPackage + ")");
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::ifstream in(log);
        std::stringstream text;
        text << in.rdbuf();
        return Error(ErrorCode::Internal, arguments[0] + " failed; its output:\n" + text.str());
    }
    return okStatus();
}

Status SoftHsm::initToken(const std::string& label, const std::string& pin, const std::string& soPin)
{
    return runTool({"softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", soPin},
                   "softhsm2");
}

Status SoftHsm::writeObject(const std::string& tokenLabel, const std::string* pin, const std::vector<std::uint8_t>& der,
                            const char* type, const std::string& idHex, const std::string& label)
{
    const auto file = m_directory / ("object-" + std::to_string(++m_files) + ".der");
    if (!writeFile(file, der))
        return Error(ErrorCode::Unavailable, "write " + file.string());
    std::vector<std::string> arguments{
        "pkcs11-tool", "--module", kModulePath, "--token-label", tokenLabel, "--write-object", file.string(), "--type",
        type,          "--id",     idHex,       "--label",       label};
    if (pin != nullptr) {
        arguments.emplace_back("--login");
        arguments.emplace_back("--pin");
        arguments.push_back(*pin);
    }
    Status status = runTool(arguments, "opensc");
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
    return status;
}

Status SoftHsm::importKey(const std::string& tokenLabel, const std::string& pin, const SoftHsmKey& key,
                          const std::string& idHex, const std::string& label)
{
    MAMORI_TRY(writeObject(tokenLabel, &pin, key.privateKeyDer, "privkey", idHex, label));
    MAMORI_TRY(writeObject(tokenLabel, nullptr, key.publicKeyDer, "pubkey", idHex, label));
    return writeObject(tokenLabel, nullptr, key.certificateDer, "cert", idHex, label);
}

Status SoftHsm::importCertificate(const std::string& tokenLabel, const std::vector<std::uint8_t>& der,
                                  const std::string& idHex, const std::string& label)
{
    return writeObject(tokenLabel, nullptr, der, "cert", idHex, label);
}

} // namespace mamori::test

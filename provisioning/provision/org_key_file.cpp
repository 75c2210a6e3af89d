// SPDX-License-Identifier: GPL-3.0-or-later
#include "provisioning/provision/org_key_file.h"

#include "provisioning/provision/key_files.h"
#include "services/common/file_io.h"

#include <sodium.h>

#include <cstring>

namespace mamori::provision {
namespace {

constexpr std::size_t kBase64Bytes = sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL); // 45 with NUL

// The 32 bytes after `prefix` in `text` (one line, optional trailing newline).
Status decodeLine(std::span<const std::uint8_t> text, std::string_view prefix, std::span<std::uint8_t> out,
                  const std::string& what)
{
    std::size_t length = text.size();
    while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r'))
        --length;
    if (length != prefix.size() + kBase64Bytes - 1 || std::memcmp(text.data(), prefix.data(), prefix.size()) != 0)
        return Error(ErrorCode::InvalidArgument,
                     what + " is not a '" + std::string(prefix.substr(0, prefix.size() - 1)) + "' line");
    std::size_t decoded = 0;
    if (sodium_base642bin(out.data(), out.size(), reinterpret_cast<const char*>(text.data()) + prefix.size(),
                          length - prefix.size(), nullptr, &decoded, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        decoded != 32)
        return Error(ErrorCode::InvalidArgument, what + ": the key is not 32 bytes of base64");
    return okStatus();
}

} // namespace

Result<SecretBuffer> formatOrganisationSecret(const SecretBuffer& seed)
{
    MAMORI_TRY(initSodium());
    if (seed.size() != 32)
        return Error(ErrorCode::InvalidArgument, "an organisation seed is 32 bytes");
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer text, SecretBuffer::create(kOrgSecretPrefix.size() + kBase64Bytes));
    std::memcpy(text.data(), kOrgSecretPrefix.data(), kOrgSecretPrefix.size());
    sodium_bin2base64(reinterpret_cast<char*>(text.data() + kOrgSecretPrefix.size()), kBase64Bytes, seed.data(),
                      seed.size(), sodium_base64_VARIANT_ORIGINAL);
    text.data()[text.size() - 1] = '\n'; // replaces the terminating NUL
    return text;
}

std::string formatOrganisationPublic(const vault::OrganisationKey& key)
{
    char base64[kBase64Bytes];
    sodium_bin2base64(base64, sizeof base64, key.data(), key.size(), sodium_base64_VARIANT_ORIGINAL);
    return std::string(kOrgPublicPrefix) + base64 + "\n";
}

Result<SecretBuffer> loadOrganisationSeed(const std::filesystem::path& path)
{
    MAMORI_TRY(initSodium());
    MAMORI_ASSIGN_OR_RETURN(const mode_t mode, fileMode(path));
    if ((mode & 077) != 0)
        return Error(ErrorCode::PermissionDenied,
                     path.string() + " can be read by group or others; refusing to use an unprotected secret key "
                                     "(chmod 600 it, and consider the key exposed)");
    MAMORI_ASSIGN_OR_RETURN(auto bytes, readWholeFile(path, 256));
    auto text = SecretBuffer::copyOf(bytes);
    sodium_memzero(bytes.data(), bytes.size());
    if (!text.ok())
        return text.error();
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer seed, SecretBuffer::create(32));
    MAMORI_TRY(decodeLine(text.value().bytes(), kOrgSecretPrefix, seed.bytes(), path.string()));
    return seed;
}

Result<vault::OrganisationKey> loadOrganisationPublicKey(const std::filesystem::path& path)
{
    MAMORI_TRY(initSodium());
    MAMORI_ASSIGN_OR_RETURN(const auto bytes, readWholeFile(path, 256));
    vault::OrganisationKey key{};
    MAMORI_TRY(decodeLine(bytes, kOrgPublicPrefix, key, path.string()));
    return key;
}

} // namespace mamori::provision

// SPDX-License-Identifier: GPL-3.0-or-later
#include "provisioning/provision/device_identity.h"

#include "services/common/file_io.h"
#include "services/net/toml_support.h" // the one toml++ configuration of the project (ODR)
#include "services/tpm/tpm_error.h"

#include <sodium.h>

#include <charconv>
#include <ctime>

namespace mamori::provision {
namespace {

template <std::size_t N> bool decodeBase64(std::string_view text, std::array<std::uint8_t, N>& out)
{
    std::size_t decoded = 0;
    return sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &decoded, nullptr,
                             sodium_base64_VARIANT_ORIGINAL) == 0 &&
           decoded == N;
}

bool decodeHex(std::string_view text, std::vector<std::uint8_t>& out)
{
    out.assign(text.size() / 2, 0);
    std::size_t decoded = 0;
    return text.size() % 2 == 0 && text.size() <= 256 &&
           sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &decoded, nullptr) == 0 &&
           decoded == out.size();
}

bool parseHandle(std::string_view text, std::uint32_t& out)
{
    if (!text.starts_with("0x") || text.size() != 10)
        return false;
    const auto [end, ec] = std::from_chars(text.data() + 2, text.data() + text.size(), out, 16);
    return ec == std::errc() && end == text.data() + text.size();
}

} // namespace

std::string base64Of(std::span<const std::uint8_t> bytes)
{
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);
    return out;
}

std::string hexOf(std::span<const std::uint8_t> bytes)
{
    std::string out(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
    out.resize(out.size() - 1);
    return out;
}

std::string isoTime(std::int64_t ms)
{
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string formatDeviceIdentity(const DeviceIdentity& identity)
{
    std::string out;
    out += "# Mamori device identity, written by mamori-provision init. Public: no secret is in this file.\n";
    out += "version = 1\n";
    out += "device_id = \"" + identity.deviceId + "\"\n";
    out += "provisioned_at = \"" + isoTime(identity.provisionedMs) + "\"\n";
    out += "# Ed25519: audit checkpoints, log bundles and disposal certificates are signed with it\n";
    out += "signing_public_key = \"" + base64Of(identity.signingPublicKey) + "\"\n";
    out += "# the gateway's [Peer] PublicKey for this device\n";
    out += "wireguard_public_key = \"" + identity.wireguardPublicKey.base64() + "\"\n";
    out += "# the organisation key pinned in the vault: fleet bundles must be signed with it\n";
    out += "organisation_key = \"" + base64Of(identity.organisationKey) + "\"\n";
    out += "organisation_key_fingerprint = \"" + vault::organisationKeyFingerprint(identity.organisationKey) + "\"\n";
    out += "tpm_storage_key_handle = \"" + tpm::hex32(identity.storageKeyHandle) + "\"\n";
    out += "tpm_storage_key_name = \"" + hexOf(identity.storageKeyName) + "\"\n";
    if (!identity.endorsementKeyName.empty())
        out += "tpm_endorsement_key_name = \"" + hexOf(identity.endorsementKeyName) + "\"\n";
    out += "tpm_counter_index = \"" + tpm::hex32(identity.counterIndex) + "\"\n";
    return out;
}

Result<DeviceIdentity> parseDeviceIdentity(std::string_view text)
{
    toml::parse_result parsed = toml::parse(text);
    if (!parsed)
        return Error(ErrorCode::InvalidArgument,
                     "device identity: line " + std::to_string(parsed.error().source().begin.line) + ": not TOML");
    const toml::table& table = parsed.table();
    auto string = [&](const char* key) -> std::optional<std::string> {
        if (const auto* node = table.get_as<std::string>(key))
            return node->get();
        return std::nullopt;
    };
    const auto version = table.get_as<std::int64_t>("version");
    if (!version || version->get() != 1)
        return Error(ErrorCode::InvalidArgument, "device identity: version must be 1");
    DeviceIdentity identity;
    const auto deviceId = string("device_id");
    if (!deviceId || deviceId->empty() || deviceId->size() > 64)
        return Error(ErrorCode::InvalidArgument, "device identity: device_id missing");
    identity.deviceId = *deviceId;
    const auto signing = string("signing_public_key");
    if (!signing || !decodeBase64(*signing, identity.signingPublicKey))
        return Error(ErrorCode::InvalidArgument, "device identity: signing_public_key");
    const auto wireguard = string("wireguard_public_key");
    const auto wgKey = wireguard ? net::parseWireGuardKey(*wireguard) : std::nullopt;
    if (!wgKey)
        return Error(ErrorCode::InvalidArgument, "device identity: wireguard_public_key");
    identity.wireguardPublicKey = *wgKey;
    const auto organisation = string("organisation_key");
    if (!organisation || !decodeBase64(*organisation, identity.organisationKey))
        return Error(ErrorCode::InvalidArgument, "device identity: organisation_key");
    const auto storageHandle = string("tpm_storage_key_handle");
    if (!storageHandle || !parseHandle(*storageHandle, identity.storageKeyHandle))
        return Error(ErrorCode::InvalidArgument, "device identity: tpm_storage_key_handle");
    const auto storageName = string("tpm_storage_key_name");
    if (!storageName || !decodeHex(*storageName, identity.storageKeyName))
        return Error(ErrorCode::InvalidArgument, "device identity: tpm_storage_key_name");
    if (const auto ek = string("tpm_endorsement_key_name"); ek && !decodeHex(*ek, identity.endorsementKeyName))
        return Error(ErrorCode::InvalidArgument, "device identity: tpm_endorsement_key_name");
    const auto counter = string("tpm_counter_index");
    if (!counter || !parseHandle(*counter, identity.counterIndex))
        return Error(ErrorCode::InvalidArgument, "device identity: tpm_counter_index");
    return identity;
}

Result<DeviceIdentity> loadDeviceIdentity(const std::filesystem::path& path)
{
    MAMORI_ASSIGN_OR_RETURN(const auto bytes, readWholeFile(path, 64 * 1024));
    return parseDeviceIdentity(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

} // namespace mamori::provision

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The organisation's Ed25519 key files (`mamori-provision bundle keygen`), one line each, like an
// OpenSSH public key, so that a file says what it is and cannot be taken for a WireGuard key:
//     secret (mode 0600, on IT's workstation only):   "mamori-org-ed25519-secret <base64 32-byte seed>\n"
//     public (pinned in each device's vault at init): "mamori-org-ed25519-public <base64 32-byte key>\n"
// A secret file that group or others may read is refused, as ssh refuses one.

#include "services/common/result.h"
#include "services/common/secret_buffer.h"
#include "services/vault/fleet_bundle.h"

#include <filesystem>
#include <string>

namespace mamori::provision {

constexpr std::string_view kOrgSecretPrefix = "mamori-org-ed25519-secret ";
constexpr std::string_view kOrgPublicPrefix = "mamori-org-ed25519-public ";

Result<SecretBuffer> formatOrganisationSecret(const SecretBuffer& seed);
std::string formatOrganisationPublic(const vault::OrganisationKey& key);
Result<SecretBuffer> loadOrganisationSeed(const std::filesystem::path& path);
Result<vault::OrganisationKey> loadOrganisationPublicKey(const std::filesystem::path& path);

} // namespace mamori::provision

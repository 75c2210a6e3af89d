// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The device identity file: what a gateway and the administrator need to know of a device, written
// by `mamori-provision init` (default /etc/mamori/device-identity.toml, mode 0644 — public, no
// secret in it). TOML:
//
//     version = 1
//     device_id = "kiosk-01"
//     provisioned_at = "2026-11-24T03:40:00Z"
//     signing_public_key = "<base64>"            # Ed25519: audit checkpoints, log bundles, certificates
//     wireguard_public_key = "<base64>"          # the gateway's peer entry for this device
//     organisation_key = "<base64>"              # the key pinned in the vault for fleet bundles
//     organisation_key_fingerprint = "SHA256:…"
//     tpm_storage_key_handle = "0x81000001"
//     tpm_storage_key_name = "<hex>"             # TPM name of the storage key the secrets are sealed under
//     tpm_endorsement_key_name = "<hex>"         # TPM name of the ECC EK (TCG template L-2); absent if unavailable
//     tpm_counter_index = "0x01804d4d"
//
// The device id is what mamori-vaultd must be started with (--device-id): every audit entry and
// every card signature names it. Later commands read it from here.

#include "services/common/result.h"
#include "services/net/allowlist.h"
#include "services/vault/fleet_bundle.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace mamori::provision {

struct DeviceIdentity {
    std::string deviceId;
    std::int64_t provisionedMs = 0;
    std::array<std::uint8_t, 32> signingPublicKey{};
    net::WireGuardKey wireguardPublicKey;
    vault::OrganisationKey organisationKey{};
    std::uint32_t storageKeyHandle = 0;
    std::vector<std::uint8_t> storageKeyName;
    std::vector<std::uint8_t> endorsementKeyName; // empty: unavailable
    std::uint32_t counterIndex = 0;
};

std::string formatDeviceIdentity(const DeviceIdentity& identity);
Result<DeviceIdentity> parseDeviceIdentity(std::string_view toml);
Result<DeviceIdentity> loadDeviceIdentity(const std::filesystem::path& path);

// Shared small helpers.
std::string base64Of(std::span<const std::uint8_t> bytes);
std::string hexOf(std::span<const std::uint8_t> bytes);
std::string isoTime(std::int64_t ms);

} // namespace mamori::provision

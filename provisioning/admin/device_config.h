// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The administrator's configuration for mamori-admin: the devices to pull (id, logd URL, pinned
// device key), optional display names for cards, and the anomaly thresholds of `fleet`. TOML, read
// with toml++ (header-only, no exceptions) like the allow-list; every unknown key is refused so
// that a typo never silently drops a setting. The format is in provisioning/admin/README.md.
//
// Trust decision (README, "Trust"): a device's Ed25519 key is pinned either here (public_key, from
// the identity file mamori-provision writes at init) or in the archive at the first pull. A first
// pull without a key in either place is refused unless the administrator asks for trust on first
// use (--tofu); a key here that differs from the archive's is refused too.

#include "services/common/result.h"
#include "services/vault/audit_chain.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::admin {

struct DeviceConfig {
    std::string id;                            // the device id its audit entries carry
    std::string url;                           // mamori-logd's base URL, e.g. http://10.44.0.2:8750
    std::optional<vault::PublicKey> publicKey; // pinned device key, if known
    // The device's checkpoint policy (VaultOptions::checkpointEvery): pulled bundles may hold at
    // most this many entries after a checkpoint. Unset: not checked.
    std::optional<std::uint64_t> maxEntriesWithoutCheckpoint;
};

// Thresholds for `fleet` (README, "Anomalies"). The defaults are the documented ones.
struct AnomalyThresholds {
    std::uint32_t failedLoginBurst = 5;               // this many login_failed entries …
    std::int64_t failedLoginWindowMs = 600000;        // … within 10 minutes
    std::uint32_t revealBurst = 30;                   // this many reveals by one card …
    std::int64_t revealWindowMs = 3600000;            // … within an hour
    int workStartHour = 8;                            // reveals outside [start, end) JST …
    int workEndHour = 20;                             //
    bool weekendIsOutOfHours = true;                  // … or on Saturday/Sunday are out of hours
    std::int64_t checkpointMaxAgeMs = 72LL * 3600000; // newest checkpoint older than this: stale
    std::int64_t pullMaxAgeMs = 7LL * 24 * 3600000;   // last successful pull older than this: stale
};

struct AdminConfig {
    std::vector<DeviceConfig> devices;
    std::map<std::string, std::string> cardNames; // card id (64 hex) → display name
    AnomalyThresholds thresholds;

    const DeviceConfig* find(std::string_view id) const;
};

// Errors: InvalidArgument naming the line and the rule (never a value), NotFound, TooLarge.
Result<AdminConfig> parseAdminConfig(std::string_view text);
Result<AdminConfig> loadAdminConfig(const std::filesystem::path& path);

// Device ids as audit entries hold them: 1-64 printable ASCII characters without a space.
bool isValidDeviceId(std::string_view id);

} // namespace mamori::admin

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The file IT writes to describe a fleet bundle (`mamori-provision bundle create SPEC`), TOML read
// by toml++; paths are relative to the spec's own directory:
//
//     version = 1
//     serial = 7                        # above every serial applied before (replay protection)
//     target = "any"                    # or one device id
//     description = "2026 Q4 settings"  # optional, for people
//     allowlist = "allowlist.toml"      # optional: the egress allow-list (checked here, line by line)
//     retention = "retention.csv"       # optional: retention-rule overrides (RETENTION.md)
//     [[department]]
//     code = "soumu"
//     name = "総務部"
//     [[card]]
//     certificate = "cards/clerk.pem"   # the card's login certificate, DER or PEM
//     name = "山田 花子"
//     roles = ["clerk"]
//     departments = ["soumu"]
//
// Unknown keys are refused. Errors name the line (and for the allow-list, its own line), never a
// value. The result is validated as the vault will validate it (fleet_bundle.h).

#include "services/common/result.h"
#include "services/vault/fleet_bundle.h"

#include <filesystem>
#include <string_view>

namespace mamori::provision {

Result<vault::FleetBundleContent> loadBundleSpec(const std::filesystem::path& specPath, std::int64_t nowMs);
// A certificate file, DER or PEM, as DER.
Result<std::vector<std::uint8_t>> loadCertificateFile(const std::filesystem::path& path);
// Checks an allow-list text with services/net (every problem with its line), for create and apply.
Status checkAllowListText(std::string_view toml);

} // namespace mamori::provision

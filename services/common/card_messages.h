// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The messages an IC card signs (DESIGN §2), in one place for both sides: the kiosk builds them
// for the card, the vault rebuilds them to verify. Domain-separated, so a login signature can
// never pass as a step-up and the other way round:
//   login:   "mamori-login-v1" ‖ device id ‖ 0x00 ‖ nonce
//   step-up: "mamori-op-v1"    ‖ device id ‖ 0x00 ‖ nonce ‖ SHA-256(canonical operation)
// The canonical operation text is the vault's (Vault::canonicalOperation); mamori-vaultd hands it
// to the kiosk with the step-up nonce.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace mamori {

using OperationDigest = std::array<std::uint8_t, 32>;

std::vector<std::uint8_t> loginMessage(std::string_view deviceId, std::span<const std::uint8_t> nonce);
std::vector<std::uint8_t> stepUpMessage(std::string_view deviceId, std::span<const std::uint8_t> nonce,
                                        std::string_view canonicalOperation);
// SHA-256 of the canonical operation, and the step-up message built from it (an audit verifier has
// the digest, not always the text).
OperationDigest operationDigest(std::string_view canonicalOperation);
std::vector<std::uint8_t> stepUpMessageForDigest(std::string_view deviceId, std::span<const std::uint8_t> nonce,
                                                 const OperationDigest& digest);

} // namespace mamori

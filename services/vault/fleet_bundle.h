// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Fleet bundles: one signed file that sets a device up the way the organisation wants every device
// of its fleet — the egress allow-list, departments, retention-rule overrides and card enrolments
// (certificate, name, roles, departments). IT makes it on its workstation (`mamori-provision bundle
// create`, then `bundle sign` with the organisation's Ed25519 key) and applies it on each device
// (`bundle apply`), where the vault verifies it against the organisation key pinned at `init` and
// applies it in one transaction (vault_fleet.cpp). Format and rules: FLEET_BUNDLE_FORMAT.md.
//
// Decisions:
//   - The vault trusts only signatures it verifies itself: verification happens here, in the vault
//     library, against the key the vault holds — never on the word of the tool that calls it.
//   - The body has one canonical encoding: decoding re-encodes and compares, so any bytes that
//     could mean the same content twice are refused, and the signed bytes are the content.
//   - A signed file names its signer's public key, so that "signed by another organisation" is told
//     apart from "tampered" (both are refused; the audit entry says which).
//   - Replay is stopped by the serial: a device applies only a serial above the last one applied.
//     The target (a device id, or "any") stops a bundle made for one device being applied to another.
//
// Pure library code: no I/O, no logging, no clock. Reentrant.

#include "services/common/result.h"
#include "services/common/secret_buffer.h"
#include "services/vault/policy.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::vault {

constexpr std::string_view kFleetBundleMagic = "MAMORIFB";
constexpr std::uint8_t kFleetBundleVersion = 1;
// The organisation signs this domain string, a zero byte and the body (FLEET_BUNDLE_FORMAT.md).
constexpr std::string_view kFleetBundleSignatureDomain = "mamori-fleet-bundle-v1";
constexpr std::string_view kFleetTargetAny = "any";

constexpr std::size_t kFleetHeaderBytes = 8 + 1 + 1 + 4;
constexpr std::size_t kFleetPublicKeyBytes = 32;
constexpr std::size_t kFleetSignatureBytes = 64;
constexpr std::size_t kFleetSecretSeedBytes = 32;
constexpr std::size_t kMaxFleetBodyBytes = std::size_t{16} << 20;
constexpr std::size_t kMaxFleetAllowListBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxFleetRetentionBytes = std::size_t{64} << 10;
constexpr std::size_t kMaxFleetDepartments = 1000;
constexpr std::size_t kMaxFleetCards = 1000;
constexpr std::size_t kMaxFleetCertificateBytes = 16384;
constexpr std::uint64_t kMaxFleetSerial = 9'999'999'999;

using OrganisationKey = std::array<std::uint8_t, kFleetPublicKeyBytes>;

struct FleetDepartment {
    std::string code; // [A-Za-z0-9._-]{1,32}
    std::string name; // 1-256 bytes of printable UTF-8
    bool operator==(const FleetDepartment&) const = default;
};

struct FleetCard {
    std::vector<std::uint8_t> certificateDer; // the card's login certificate (≤ 16 KiB)
    std::string displayName;                  // 1-128 bytes of printable UTF-8
    std::set<Role> roles;                     // at least one
    std::set<std::string> departments;        // department codes
    bool operator==(const FleetCard&) const = default;
};

struct FleetBundleContent {
    // 1..kMaxFleetSerial; a device applies only serials above the last one it applied. At most 10
    // digits (room for YYYYMMDDnn), so that a serial in an audit entry can never read as a number.
    std::uint64_t serial = 0;
    std::int64_t createdMs = 0;
    std::string target{kFleetTargetAny};      // "any", or the one device id it is for
    std::string description;                  // 0-256 bytes of printable UTF-8, for people
    std::optional<std::string> allowList;     // TOML (services/net/ALLOWLIST_FORMAT.md), checked by the tool
    std::optional<std::string> retentionCsv;  // overrides (RETENTION.md, "Overrides")
    std::vector<FleetDepartment> departments; // sorted by code on encoding
    std::vector<FleetCard> cards;             // applied in this order
    bool operator==(const FleetBundleContent&) const = default;
};

// Why a bundle was refused (the vault's audit entry names it).
enum class FleetRefusal : std::uint8_t {
    Malformed,           // not a well-formed bundle of this version
    Unsigned,            // made by `bundle create` but never signed
    AnotherOrganisation, // signed with a key other than the pinned one
    BadSignature,        // signed by the pinned key's name, but the signature does not verify (tampered)
    AnotherDevice,       // made for another device id
    Replayed,            // serial not above the last one applied
    NoOrganisationKey,   // this device has no organisation key pinned
};
std::string_view fleetRefusalName(FleetRefusal refusal) noexcept;

struct FleetBundleFile {
    FleetBundleContent content;
    std::vector<std::uint8_t> body; // the canonical body bytes, as signed
    bool isSigned = false;
    OrganisationKey signer{};
    std::array<std::uint8_t, kFleetSignatureBytes> signature{};
};

// Checks every field's form and limits (not the allow-list's TOML; the retention CSV is parsed).
// InvalidArgument naming the field (and the department or card by position), never its value.
Status validateFleetContent(const FleetBundleContent& content);
// The canonical body (validates first).
Result<std::vector<std::uint8_t>> encodeFleetBody(const FleetBundleContent& content);
// Strict decoding: StorageCorrupt for anything that is not a canonical version-1 body.
Result<FleetBundleContent> decodeFleetBody(std::span<const std::uint8_t> body);

// `bundle create`: the unsigned file.
Result<std::vector<std::uint8_t>> makeUnsignedFleetBundle(const FleetBundleContent& content);
// Parses a file, signed or not: StorageCorrupt (with the place) for anything malformed.
Result<FleetBundleFile> parseFleetBundle(std::span<const std::uint8_t> file);
// The message the organisation key signs: domain ‖ 0x00 ‖ body.
std::vector<std::uint8_t> fleetSignedMessage(std::span<const std::uint8_t> body);
// `bundle sign`: signs an unsigned (or re-signs a signed) file with the organisation's 32-byte
// Ed25519 seed. The content is decoded and re-validated first.
Result<std::vector<std::uint8_t>> signFleetBundle(std::span<const std::uint8_t> file, const SecretBuffer& seed);

// A fresh organisation key pair: the 32-byte seed (secret) and the public key.
struct OrganisationKeyPair {
    SecretBuffer seed;
    OrganisationKey publicKey{};
};
Result<OrganisationKeyPair> generateOrganisationKey();
Result<OrganisationKey> organisationPublicKey(const SecretBuffer& seed);

// Verification against the pinned key (what the vault does before anything else). On refusal the
// error is PermissionDenied and `why` says which kind.
Status verifyFleetBundle(const FleetBundleFile& file, const OrganisationKey& pinned, FleetRefusal* why = nullptr);
// Whether the bundle is for this device, and newer than what was applied (0: nothing yet).
Status checkFleetTarget(const FleetBundleContent& content, std::string_view deviceId, std::uint64_t lastSerial,
                        FleetRefusal* why = nullptr);

// What the vault holds of fleet configuration (vault_fleet.cpp; not personal data).
struct FleetState {
    std::optional<OrganisationKey> organisationKey; // pinned at init
    std::uint64_t lastSerial = 0;                   // of the last bundle applied (0: none)
    std::int64_t lastAppliedMs = 0;
    std::optional<std::string> allowList; // the allow-list last applied (bundle or `allowlist set`)
    std::int64_t allowListMs = 0;
    std::string provisionedDeviceId; // the device id the vault was provisioned with (empty: not recorded)
};

// What applying a bundle did (Vault::applyFleetBundle).
struct FleetApplyReport {
    std::uint64_t serial = 0;
    std::size_t departments = 0;          // added or renamed
    std::size_t retentionRules = 0;       // added or replaced
    std::size_t cardsEnrolled = 0;        // new users with their cards
    std::size_t cardsAlreadyEnrolled = 0; // active already: left as they are
    std::optional<std::string> allowList; // the allow-list the bundle carried (the tool installs it)
};

// "SHA256:" and the first 16 bytes of SHA-256(key) in standard base64 (22 characters): short
// enough to read over the phone, and no long digit run an audit entry would refuse.
std::string organisationKeyFingerprint(const OrganisationKey& key);

} // namespace mamori::vault

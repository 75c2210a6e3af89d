// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Audit bundles: a signed, self-contained export of a range of the audit log (entries, their
// checkpoints, the device's public key and, optionally, its certificate) that mamori-admin pulls
// over the tunnel and verifies offline with libsodium alone. Format: services/vault/AUDIT_FORMAT.md.
//
// A bundle covers entries first..last. For an incremental pull (first > 1) it carries the anchor:
// the hash of entry first-1. That the anchor continues the previously pulled bundle is checked by
// the puller (pass BundleVerifyOptions::expectedAnchor, or compare bundle.anchor() itself): the
// bundle alone cannot know what was pulled before.
//
// Pure library code: no I/O, no logging, no clock. Reentrant.

#include "services/common/result.h"
#include "services/common/secret_buffer.h"
#include "services/vault/audit_chain.h"
#include "services/vault/audit_entry.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::vault {

constexpr std::string_view kAuditBundleMagic = "MAMORI-AUDIT-BUNDLE-1";
// The device signs this domain string followed by the 64-byte BLAKE2b digest of the bundle
// (AUDIT_FORMAT.md, "Bundle signature").
constexpr std::string_view kAuditBundleSignatureDomain = "MAMORI-AUDIT-BUNDLE-SIG-1";

// Limits that keep a hostile file from making the parser allocate without bound: the parser
// refuses larger input before reading it, never reserves more than the remaining bytes could hold,
// and holds at most about three times the input size in memory. Callers reading a file check its
// size against kMaxBundleBytes first.
constexpr std::size_t kMaxBundleBytes = std::size_t{512} << 20;
constexpr std::size_t kMaxBundleEntries = std::size_t{1} << 21;
constexpr std::size_t kMaxBundleCheckpoints = kMaxBundleEntries + 1;
constexpr std::size_t kMaxDeviceCertificateBytes = 16384;

struct AuditBundle {
    std::string deviceId;
    PublicKey devicePublicKey{};
    std::uint64_t firstSequence = 0; // >= 1
    std::uint64_t lastSequence = 0;  // >= firstSequence
    AuditHash anchorHash{};          // prevHash of entry firstSequence (32 zero bytes when it is 1)
    std::int64_t createdMs = 0;
    std::vector<std::uint8_t> deviceCertificate; // opaque here; mamori-admin checks it binds the key
    std::vector<AuditEntry> entries;             // firstSequence..lastSequence, in order
    std::vector<Checkpoint> checkpoints;         // sequences within [firstSequence - 1, lastSequence]
    Signature signature{};

    ChainHead anchor() const noexcept { return {firstSequence - 1, anchorHash}; }
};

// Signs entries (contiguous, as stored: at least one) with the checkpoints that fall in their range
// [first - 1, last] (others are left out). The device never signs a damaged chain: the range is
// verified first, and the last entry must already be covered by a checkpoint (write one first).
// Errors: InvalidArgument (no entries, bad device id, seed, or no final checkpoint), TooLarge (over
// a bundle limit), StorageCorrupt (the range does not verify; the context says how).
Result<std::vector<std::uint8_t>> exportBundle(std::span<const AuditEntry> entries,
                                               std::span<const Checkpoint> checkpoints, std::string_view deviceId,
                                               const SecretBuffer& signingSeed, std::int64_t createdMs,
                                               std::span<const std::uint8_t> deviceCertificate = {});

// The strict structural parse alone: no signature or chain check. Errors: StorageCorrupt, TooLarge.
Result<AuditBundle> parseBundle(std::span<const std::uint8_t> bytes);

struct BundleVerifyOptions {
    // The head of the previously pulled bundle: the bundle must continue it exactly.
    std::optional<ChainHead> expectedAnchor;
    // As in VerifyOptions.
    std::optional<std::uint64_t> maxEntriesWithoutCheckpoint;
    std::optional<std::uint64_t> minimumCounter;
    // Return the entries in BundleVerification::bundle. Without them, verification of a large
    // bundle needs far less memory and time (the entries are checked from the bytes directly).
    bool keepEntries = true;
    // As in VerifyOptions.
    unsigned threads = 0;
};

struct BundleVerification {
    bool parsed = false; // false: report.kind is Malformed (or Unverifiable) and bundle is empty
    // Entries are in bundle.entries only with BundleVerifyOptions::keepEntries.
    AuditBundle bundle;
    VerifyReport report;
};

// Parses and verifies: structure (Malformed), the pinned key if given (WrongDeviceKey), the bundle
// signature (BadBundleSignature), the anchor against expectedAnchor (SequenceGap or BrokenLink),
// then the chain with every checkpoint, a checkpoint required on the last entry and the number scan
// (the VerifyReport kinds). Only a clean report means the bundle can be trusted; without a pinned
// key it only proves the bundle is internally consistent under the key it carries.
BundleVerification verifyBundle(std::span<const std::uint8_t> bytes, const std::optional<PublicKey>& pinnedKey,
                                const BundleVerifyOptions& options = {});

} // namespace mamori::vault

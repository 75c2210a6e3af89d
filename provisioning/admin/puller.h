// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Pulling a device's audit log into the archive: `pull` fetches bundles from mamori-logd
// (logd_client.h) until the device's head; `import` takes a bundle file (a device without a tunnel,
// a bundle carried on a medium). Both verify each bundle BEFORE anything is stored — its structure,
// the pinned device key, its signature, its continuity with the archived head (expectedAnchor),
// every checkpoint and entry, the TPM counter not below the archived one — and store it whole or
// not at all. A refused bundle stores nothing (its outcome goes to the pull log) and stops the pull.
//
// Trust (README.md, "Trust"): the key is the archive's pinned key, else the configuration's, else,
// only with trustOnFirstUse, the key the first bundle carries (then pinned). No key: Untrusted,
// nothing fetched beyond the head. A configured key that differs from the archive's: Untrusted.

#include "provisioning/admin/archive_store.h"
#include "provisioning/admin/device_config.h"
#include "provisioning/admin/logd_client.h"

#include <functional>
#include <optional>
#include <span>
#include <string>

namespace mamori::admin {

enum class PullStatus : std::uint8_t {
    Ok,        // up to the device's head (or the bundle imported)
    Damaged,   // verification refused a bundle (report says what and where), or the device went back
    Untrusted, // no pinned key, or conflicting keys
    Network,   // logd could not be reached or answered outside the protocol
    Store,     // the archive failed
};
std::string_view pullStatusName(PullStatus status) noexcept; // ok, damaged, untrusted, network, store

struct PullOptions {
    bool trustOnFirstUse = false;
    std::optional<vault::PublicKey> key; // import --key: the device key, pinned if the device is new
    std::function<std::int64_t()> clock; // Unix ms; the wall clock when empty
};

struct PullResult {
    std::string deviceId;
    PullStatus status = PullStatus::Ok;
    std::uint64_t bundles = 0;
    std::uint64_t entriesStored = 0;
    vault::ChainHead archivedHead{};           // after the pull
    std::optional<std::uint64_t> deviceHead;   // what logd reported last
    std::optional<vault::VerifyReport> report; // the refusing verification (Damaged)
    std::optional<vault::PublicKey> pinnedNow; // set when this pull pinned the key (first use)
    std::string message;                       // plain words; never entry content
};

PullResult pullDevice(ArchiveStore& store, LogdClient& client, const DeviceConfig& device, const PullOptions& options);

// `device`: the configured device if any (its key and checkpoint bound apply); the id is taken from
// the bundle, and must match `device` when given.
PullResult importBundle(ArchiveStore& store, std::span<const std::uint8_t> bundle, const DeviceConfig* device,
                        const PullOptions& options);

} // namespace mamori::admin

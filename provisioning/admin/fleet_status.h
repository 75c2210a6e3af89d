// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// `fleet`: the state of every archived (or configured) device at a glance — last pull, head
// sequence, checkpoint age, alerts — and the anomalies found in its archive over a recent window.
// The thresholds (device_config.h, AnomalyThresholds) are documented in README.md, "Anomalies":
//
//  archive gap        the archived sequences are not exactly 1..head (the archive was edited)
//  last pull failed   the newest pull attempt did not end "ok" (damaged, untrusted, network, store)
//  behind device      the device reported a head beyond what was archived
//  stale pull         no successful pull for pullMaxAgeMs
//  stale checkpoint   the newest archived checkpoint is older than checkpointMaxAgeMs
//  failed-login burst failedLoginBurst login_failed entries within failedLoginWindowMs
//  reveal burst       revealBurst reveals by one card within revealWindowMs
//  out-of-hours reveal a reveal outside [workStartHour, workEndHour) JST, or on a weekend
//  alert              every "alert" entry in the window
//
// Qt-free; reads the archive only.

#include "provisioning/admin/archive_store.h"
#include "provisioning/admin/device_config.h"
#include "services/common/error.h"

#include <string>
#include <vector>

namespace mamori::admin {

struct Anomaly {
    std::string kind;        // archive_gap, last_pull_failed, behind_device, stale_pull, stale_checkpoint,
                             // failed_login_burst, reveal_burst, out_of_hours_reveal, alert
    std::int64_t timeMs = 0; // when it happened (0: not tied to a time)
    std::uint64_t sequence = 0;
    std::string text; // plain words, no personal data
};

struct DeviceFleetStatus {
    std::string deviceId;
    bool archived = false; // false: configured but never pulled
    vault::ChainHead head{};
    std::uint64_t archivedEntries = 0;
    std::optional<std::uint64_t> reportedHead;
    std::optional<std::int64_t> lastPullMs;
    std::optional<PullRecord> lastAttempt;
    std::optional<std::int64_t> checkpointAgeMs;
    std::uint64_t alertsInWindow = 0;
    std::uint64_t failedLoginsInWindow = 0;
    std::uint64_t revealsInWindow = 0;
    std::vector<Anomaly> anomalies;
};

struct FleetOptions {
    std::int64_t nowMs = 0;
    std::int64_t windowMs = 30LL * 24 * 3600 * 1000; // the recent window the entry checks look at
    AnomalyThresholds thresholds;
    std::map<std::string, std::string> cardNames;
};

// Every device in the archive, plus configured devices never pulled.
Result<std::vector<DeviceFleetStatus>> fleetStatus(ArchiveStore& store, const AdminConfig& config,
                                                   const FleetOptions& options);

// A plain-text table and the anomalies, per device (the number fence applied).
Result<std::string> renderFleet(const std::vector<DeviceFleetStatus>& fleet, const FleetOptions& options,
                                Language language);

} // namespace mamori::admin

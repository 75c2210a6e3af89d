// SPDX-License-Identifier: GPL-3.0-or-later
// Fleet status and anomalies (fleet_status.h).

#include "provisioning/admin/fleet_status.h"

#include "provisioning/admin/admin_util.h"
#include "provisioning/admin/audit_report.h"
#include "provisioning/admin/number_fence.h"

#include <deque>
#include <limits>
#include <map>
#include <set>

namespace mamori::admin {

namespace {

// Anomalies of one kind listed per device before "and N more".
constexpr std::size_t kListedPerKind = 10;

// Finds bursts: `threshold` events within `windowMs`; each burst is reported once, at its first event.
class BurstFinder {
public:
    BurstFinder(std::uint32_t threshold, std::int64_t windowMs) : m_threshold(threshold), m_window(windowMs) {}

    // True when this event completes a new burst; `start` is then the burst's first event.
    bool add(std::int64_t timeMs, std::int64_t& start)
    {
        m_times.push_back(timeMs);
        while (!m_times.empty() && m_times.front() < timeMs - m_window)
            m_times.pop_front();
        if (m_times.size() >= m_threshold && m_times.front() > m_reportedUntil) {
            start = m_times.front();
            m_reportedUntil = timeMs;
            return true;
        }
        if (m_times.size() >= m_threshold)
            m_reportedUntil = timeMs; // the same burst goes on
        return false;
    }

private:
    std::uint32_t m_threshold;
    std::int64_t m_window;
    std::deque<std::int64_t> m_times;
    std::int64_t m_reportedUntil = std::numeric_limits<std::int64_t>::min();
};

std::string minutes(std::int64_t ms) { return std::to_string(ms / 60000) + " min"; }

bool outOfHours(std::int64_t timeMs, const AnomalyThresholds& t)
{
    const int weekday = jstWeekday(timeMs);
    if (t.weekendIsOutOfHours && (weekday == 0 || weekday == 6))
        return true;
    const int hour = jstHour(timeMs);
    return hour < t.workStartHour || hour >= t.workEndHour;
}

Status scanEntries(ArchiveStore& store, DeviceFleetStatus& status, const FleetOptions& options)
{
    const AnomalyThresholds& t = options.thresholds;
    EntryFilter filter;
    filter.devices = {status.deviceId};
    filter.fromMs = options.nowMs - options.windowMs;
    BurstFinder failedLogins(t.failedLoginBurst, t.failedLoginWindowMs);
    std::map<std::string, BurstFinder> reveals;
    return store.forEachEntry(filter, [&](const ArchivedEntry& e) -> Status {
        std::int64_t start = 0;
        if (e.action == "alert") {
            ++status.alertsInWindow;
            MAMORI_TRY(checkValue(e.detail, "detail of entry " + std::to_string(e.sequence)));
            status.anomalies.push_back({"alert", e.timeMs, e.sequence,
                                        "alert: " + (e.detail.empty() ? std::string("(no detail)") : e.detail)});
        } else if (e.action == "login_failed") {
            ++status.failedLoginsInWindow;
            if (failedLogins.add(e.timeMs, start))
                status.anomalies.push_back({"failed_login_burst", start, e.sequence,
                                            std::to_string(t.failedLoginBurst) + " or more failed logins within " +
                                                minutes(t.failedLoginWindowMs) + ", from " + formatJst(start)});
        } else if (e.action == "reveal") {
            ++status.revealsInWindow;
            auto finder = reveals.try_emplace(e.actor, t.revealBurst, t.revealWindowMs).first;
            const std::string who = clerkLabel(e.actor, options.cardNames, Language::English);
            if (finder->second.add(e.timeMs, start))
                status.anomalies.push_back({"reveal_burst", start, e.sequence,
                                            std::to_string(t.revealBurst) + " or more numbers shown by card " + who +
                                                " within " + minutes(t.revealWindowMs) + ", from " + formatJst(start)});
            if (outOfHours(e.timeMs, t))
                status.anomalies.push_back({"out_of_hours_reveal", e.timeMs, e.sequence,
                                            "number shown out of hours by card " + who + " at " + formatJst(e.timeMs) +
                                                " (entry " + std::to_string(e.sequence) + ", " + e.result + ")"});
        }
        return okStatus();
    });
}

} // namespace

Result<std::vector<DeviceFleetStatus>> fleetStatus(ArchiveStore& store, const AdminConfig& config,
                                                   const FleetOptions& options)
{
    const AnomalyThresholds& t = options.thresholds;
    for (const auto& [card, name] : options.cardNames)
        MAMORI_TRY(checkValue(name, "the configured name of card " + shortCardId(card)));
    MAMORI_ASSIGN_OR_RETURN(const auto archived, store.devices());
    std::vector<DeviceFleetStatus> out;
    std::set<std::string> seen;
    for (const DeviceState& state : archived) {
        DeviceFleetStatus status;
        status.deviceId = state.deviceId;
        status.archived = true;
        status.head = state.head;
        status.reportedHead = state.lastReportedHead;
        status.lastPullMs = state.lastPullMs;
        if (state.newestCheckpointMs)
            status.checkpointAgeMs = options.nowMs - *state.newestCheckpointMs;
        MAMORI_ASSIGN_OR_RETURN(const ArchiveCounts counts, store.counts(state.deviceId));
        status.archivedEntries = counts.entries;
        MAMORI_ASSIGN_OR_RETURN(const auto pulls, store.recentPulls(state.deviceId, 1));
        if (!pulls.empty())
            status.lastAttempt = pulls.front();

        if (counts.entries != state.head.sequence ||
            (counts.entries > 0 && (counts.minSequence != 1 || counts.maxSequence != state.head.sequence)))
            status.anomalies.push_back({"archive_gap", 0, counts.minSequence,
                                        "the archive holds " + std::to_string(counts.entries) + " entries (" +
                                            std::to_string(counts.minSequence) + "-" +
                                            std::to_string(counts.maxSequence) + ") for head " +
                                            std::to_string(state.head.sequence) + ": it was changed by hand"});
        if (status.lastAttempt && status.lastAttempt->outcome != "ok") {
            const PullRecord& r = *status.lastAttempt;
            std::string text = "last pull " + formatJst(r.finishedMs) + " ended '" + r.outcome + "'";
            if (!r.damageKind.empty())
                text += " (" + r.damageKind + " at sequence " + std::to_string(r.damageSequence) + ")";
            if (!r.message.empty())
                text += ": " + r.message;
            status.anomalies.push_back({"last_pull_failed", r.finishedMs, r.damageSequence, text});
        }
        if (state.lastReportedHead && *state.lastReportedHead > state.head.sequence)
            status.anomalies.push_back({"behind_device", 0, state.head.sequence + 1,
                                        "the device reported head " + std::to_string(*state.lastReportedHead) +
                                            ", the archive ends at " + std::to_string(state.head.sequence)});
        if (!state.lastPullMs || options.nowMs - *state.lastPullMs > t.pullMaxAgeMs)
            status.anomalies.push_back({"stale_pull", state.lastPullMs.value_or(0), 0,
                                        state.lastPullMs
                                            ? "not pulled for " + formatDuration(options.nowMs - *state.lastPullMs)
                                            : std::string("never pulled successfully")});
        if (status.checkpointAgeMs && *status.checkpointAgeMs > t.checkpointMaxAgeMs)
            status.anomalies.push_back({"stale_checkpoint", *state.newestCheckpointMs, 0,
                                        "newest checkpoint is " + formatDuration(*status.checkpointAgeMs) + " old"});
        MAMORI_TRY(scanEntries(store, status, options));
        seen.insert(state.deviceId);
        out.push_back(std::move(status));
    }
    for (const DeviceConfig& device : config.devices) {
        if (seen.count(device.id))
            continue;
        DeviceFleetStatus status;
        status.deviceId = device.id;
        MAMORI_ASSIGN_OR_RETURN(const auto pulls, store.recentPulls(device.id, 1));
        if (!pulls.empty())
            status.lastAttempt = pulls.front();
        std::string text = "configured but never pulled";
        if (status.lastAttempt)
            text += "; last attempt ended '" + status.lastAttempt->outcome + "': " + status.lastAttempt->message;
        status.anomalies.push_back({"stale_pull", 0, 0, text});
        out.push_back(std::move(status));
    }
    return out;
}

Result<std::string> renderFleet(const std::vector<DeviceFleetStatus>& fleet, const FleetOptions& options,
                                Language language)
{
    const bool ja = language == Language::Japanese;
    std::string out;
    out += ja ? "装置の状況 (Fleet) " : "Fleet ";
    out += formatJst(options.nowMs) + " JST; " + (ja ? "直近 (window) " : "window ") +
           formatDuration(options.windowMs) + "\n\n";
    std::size_t withAnomalies = 0;
    for (const DeviceFleetStatus& d : fleet) {
        MAMORI_TRY(checkValue(d.deviceId, "a device id"));
        out += d.deviceId + "\n";
        auto field = [&](std::string_view jaName, std::string_view enName, const std::string& value) {
            out += "  " + (ja ? std::string(jaName) + " (" + std::string(enName) + ")" : std::string(enName)) + ": " +
                   value + "\n";
        };
        if (d.archived) {
            field("保管済み連番", "archived head",
                  std::to_string(d.head.sequence) + " (" + std::to_string(d.archivedEntries) + " entries)");
            field("装置の連番", "device head",
                  d.reportedHead ? std::to_string(*d.reportedHead) : std::string("unknown"));
            field("最終取得", "last pull",
                  d.lastPullMs
                      ? formatJst(*d.lastPullMs) + " (" + formatDuration(options.nowMs - *d.lastPullMs) + " ago)"
                      : std::string("never"));
            field("チェックポイント経過", "checkpoint age",
                  d.checkpointAgeMs ? formatDuration(*d.checkpointAgeMs) : std::string("none"));
            field("アラート", "alerts", std::to_string(d.alertsInWindow));
            field("ログイン失敗", "failed logins", std::to_string(d.failedLoginsInWindow));
            field("番号表示", "numbers shown", std::to_string(d.revealsInWindow));
        }
        if (d.lastAttempt)
            field("直近の取得", "last attempt", formatJst(d.lastAttempt->finishedMs) + " " + d.lastAttempt->outcome);
        if (d.anomalies.empty()) {
            out += ja ? "  異常なし (no anomalies)\n" : "  no anomalies\n";
        } else {
            ++withAnomalies;
            out += ja ? "  異常 (anomalies):\n" : "  anomalies:\n";
            std::map<std::string, std::size_t> listed;
            for (const Anomaly& a : d.anomalies) {
                if (++listed[a.kind] <= kListedPerKind)
                    out += "    [" + a.kind + "] " + a.text + "\n";
            }
            for (const auto& [kind, count] : listed) {
                if (count > kListedPerKind)
                    out += "    [" + kind + "] … and " + std::to_string(count - kListedPerKind) + " more\n";
            }
        }
        out += "\n";
    }
    out += std::to_string(fleet.size()) + (ja ? " 台、うち異常あり " : " devices, with anomalies: ") +
           std::to_string(withAnomalies) + "\n";
    MAMORI_TRY(checkDocument(out, "the fleet table"));
    return out;
}

} // namespace mamori::admin

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// mamori-courier's work, Qt-free: takes the vault's finished provisions from the outbox, checks
// each against the allow-list and the outgoing-data scanner, sends it over HTTPS with the
// endpoint's CA pinned, retries transient failures with exponential backoff, reports the outcome
// to the vault (DeliveryReporter: D-Bus ReportDelivery in the daemon) and moves the files to done/
// or failed/ (courier_outbox.h). The daemon's main (courier_main.cpp) only watches the directory
// and calls runPass().
//
// For each entry, in this order (services/net/README.md has the table):
//   1. the envelope parses and names its payload      else  failed  "malformed envelope" (or quarantined
//                                                            when not even its audit sequence can be read)
//   2. the destination is an allow-listed endpoint    else  refused "destination not on the allow-list"
//   3. the endpoint serves the envelope's purpose     else  refused (only when the envelope names one)
//   4. the payload is readable, at most maxPayloadBytes  else  failed
//   5. the scanner finds no number, or the endpoint may receive numbers, and the vault did not mark
//      it as holding numbers for an endpoint that may not      else  blocked
//   6. POST: 2xx delivered; transient failures retried up to maxAttempts with delays
//      firstBackoff · 2^(n-1), at most maxBackoff; a permanent failure, or the last attempt, failed.
// Outcomes are reported once; the vault answers AlreadyExists to a second report of the same entry,
// which the courier takes as "reported" (that is how a report cut short by a crash is finished).
//
// Owner: the daemon's main thread. Not thread-safe; one Courier per outbox (the unit runs one).

#include "services/common/result.h"
#include "services/net/allowlist.h"
#include "services/net/courier_outbox.h"
#include "services/net/https_sender.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::net {

struct CourierOptions {
    std::filesystem::path outbox;
    std::uint32_t maxAttempts = 6;                 // sends per entry, crashes included
    std::chrono::milliseconds firstBackoff{5'000}; // 5, 10, 20, 40, 80 s between the six attempts
    std::chrono::milliseconds maxBackoff{300'000};
    std::chrono::milliseconds reportRetry{15'000}; // when the vault could not take a report
    std::chrono::milliseconds connectTimeout{10'000};
    std::chrono::milliseconds totalTimeout{120'000};
    std::size_t maxPayloadBytes = std::size_t{64} << 20;
    // Reported entries in done/ and failed/ are deleted this long after their report (0: kept).
    std::chrono::milliseconds keepReported{std::chrono::hours(24 * 7)};
    std::vector<std::string> resolve; // CURLOPT_RESOLVE entries; test beds and the demo only
    // Fault injection for the crash-safety tests: runPass() stops dead (as a crash would) when it
    // reaches the named point. Empty in the daemon. Points: see kCrashPoints.
    std::string crashAt;
};

// Where a crash can cut the work short; each is tested (tst_courier).
inline constexpr std::string_view kCrashPoints[] = {
    "before-send",         // the record says "sending", attempt n counted, nothing sent yet
    "after-send",          // the endpoint has the payload, the record does not say so
    "after-decide",        // outcome recorded, not reported
    "after-report",        // the vault has the report, the record does not say so
    "after-reported",      // the record says reported, nothing moved
    "after-move-payload",  // the payload is in done/ or failed/, the envelope and record are not
    "after-move-envelope", // only the record is left in the outbox (an orphan record)
};

// ReportDelivery's detail: at most this many characters (the courier writes ASCII only).
constexpr std::size_t kMaxReportDetail = 200;

// The vault's side of a report: ReportDelivery over D-Bus in the daemon.
class DeliveryReporter {
public:
    enum class Answer : std::uint8_t {
        Accepted,        // recorded now
        AlreadyReported, // the vault has a report for this entry (a crash cut the last one short)
        Rejected,        // the vault will never take it (no such provide entry, malformed): quarantine
        Unavailable,     // try again later (vault down, bus error, not permitted yet)
    };
    struct Reply {
        Answer answer = Answer::Unavailable;
        std::string detail; // for the courier's log line: a D-Bus error name, no personal data
    };
    virtual ~DeliveryReporter() = default;
    virtual Reply report(std::uint64_t auditSequence, DeliveryOutcome outcome, std::string_view detail) = 0;
};

struct PassResult {
    std::optional<std::int64_t> nextDueMs; // when the earliest waiting step is due; none: nothing waits
    std::size_t pending = 0;               // entries still in the outbox
    std::vector<std::string> log;          // what happened, one line per step; never personal data
};

std::int64_t systemNowMs();

class Courier {
public:
    using Sender = std::function<HttpsOutcome(const HttpsPost&)>;
    using Clock = std::function<std::int64_t()>;

    Courier(AllowList allowList, CourierOptions options, DeliveryReporter& reporter, Clock clock = systemNowMs,
            Sender sender = postPayload);

    // Creates done/ and failed/; fails when the outbox is not a directory.
    Status prepare();
    // One pass: every entry whose next step is due gets it (at most one send each). Errors are
    // file-system failures of the outbox itself (or the injected crash): the daemon logs them and
    // tries again later.
    Result<PassResult> runPass();

    std::uint64_t sends() const { return m_sends; }

private:
    enum class Step : std::uint8_t { Done, Waiting };
    Result<Step> advance(const std::string& name, PassResult& pass);
    Result<Step> decideAndReport(const std::string& name, CourierRecord record, bool fresh, PassResult& pass);
    Result<Step> finish(const std::string& name, const CourierRecord& record, PassResult& pass);
    Result<Step> settleOrphan(const std::string& name, PassResult& pass);
    Result<Step> attempt(const std::string& name, const Envelope& envelope, const Endpoint& endpoint,
                         std::span<const std::uint8_t> payload, std::uint32_t attemptsSoFar, PassResult& pass);
    Status quarantine(const std::string& name, std::uint64_t sequence, const std::string& why, PassResult& pass);
    bool crashAt(std::string_view point) const { return !m_options.crashAt.empty() && m_options.crashAt == point; }
    std::int64_t backoffMs(std::uint32_t attempts) const;
    void wake(PassResult& pass, std::int64_t dueMs) const;

    AllowList m_allowList;
    CourierOptions m_options;
    DeliveryReporter& m_reporter;
    Clock m_clock;
    Sender m_sender;
    Outbox m_outbox;
    std::uint64_t m_sends = 0;
    std::int64_t m_lastPurgeMs = 0;
    // Entries whose report the vault could not take: not before this time again (in memory only:
    // after a restart the report is simply tried at once).
    std::map<std::string, std::int64_t> m_reportRetryAt;
};

} // namespace mamori::net

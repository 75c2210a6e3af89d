// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// mamori-logd's HTTP side, Qt-free: the protocol of services/net/LOGD_PROTOCOL.md over
// libmicrohttpd. The administrator's peer pulls signed audit bundles over the WireGuard tunnel:
//
//   GET /v1/head               → 200 application/json {"deviceId": "...", "headSequence": N}
//   GET /v1/bundle?after=N     → 200 application/vnd.mamori.audit-bundle (Mamori-Head-Sequence: H)
//                                or 204 when nothing follows N
//
// Everything else is refused: 403 (and the connection closed) for any source address other than
// the admin peer's tunnel address — checked before anything else, so a stranger learns nothing,
// not even which paths exist —, 413 for a request with a body, 405 for any method but GET, 404 for
// any other path, 400 for a malformed query, 503 when the vault does not answer; oversized request
// headers get libmicrohttpd's own 431 (its connection memory limit). Bodies of errors are short
// fixed text.
//
// handleLogdRequest() is the whole decision, a pure function of the request (tested alone);
// LogdServer wraps libmicrohttpd around it in external-polling mode: one thread — the caller's —
// serves every connection and makes the vault calls, so the D-Bus side never sees another thread.
// The listening socket is made here (IP_FREEBIND: the tunnel address may appear after logd starts)
// and must name one address: the unspecified address (0.0.0.0, ::) is refused.
//
// Owner: mamori-logd's main (logd_main.cpp). Not thread-safe; one server per process.

#include "services/common/result.h"
#include "services/net/allowlist.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mamori::net {

constexpr std::uint16_t kDefaultLogdPort = 7480;
// Entries per bundle logd asks the vault for (the vault may go on to the next checkpoint: at most
// its checkpoint interval more).
constexpr std::uint32_t kLogdMaxEntries = 10'000;
constexpr const char* kBundleMediaType = "application/vnd.mamori.audit-bundle";

// Where logd gets what it serves: the vault over D-Bus in the daemon (AuditBundleSince, Status).
class AuditSource {
public:
    struct Pull {
        std::vector<std::uint8_t> bundle; // empty when nothing follows
        std::uint64_t headSequence = 0;
    };
    virtual ~AuditSource() = default;
    virtual Result<Pull> bundleSince(std::uint64_t afterSequence, std::uint32_t maxEntries) = 0;
    virtual Result<std::string> deviceId() = 0;
};

struct LogdRequest {
    std::string method;
    std::string path;                                       // without the query
    std::vector<std::pair<std::string, std::string>> query; // in order; a key without '=' has value "\x01"
    bool hasBody = false;
    IpAddress peer;
};

struct LogdResponse {
    unsigned status = 500;
    std::string contentType;
    std::vector<std::uint8_t> body;
    std::vector<std::pair<std::string, std::string>> headers;
    bool closeConnection = false;
};

// The value that stands for a query key given without '=' ("?after").
constexpr const char* kQueryKeyWithoutValue = "\x01";

LogdResponse handleLogdRequest(const LogdRequest& request, const IpAddress& admin, AuditSource& source);

// `after` as the protocol takes it: 0, or 1-20 decimal digits without a leading zero, ≤ 2^64-1.
std::optional<std::uint64_t> parseAfter(std::string_view text);

class LogdServer {
public:
    ~LogdServer();
    LogdServer();
    LogdServer(const LogdServer&) = delete;
    LogdServer& operator=(const LogdServer&) = delete;

    // Binds `listen`:`port` (0: any free port) and starts serving through runFor().
    // InvalidArgument for the unspecified address; Unavailable when the socket cannot be bound.
    Status start(const IpAddress& listen, std::uint16_t port, const IpAddress& admin, AuditSource& source);
    // Serves for up to `milliseconds` (returns earlier after activity).
    void runFor(int milliseconds);
    void stop();
    std::uint16_t port() const { return m_port; }

    // One line per request served (method, path, status, peer); never a body. Drained by the caller.
    std::vector<std::string> takeLog();

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
    std::uint16_t m_port = 0;
};

} // namespace mamori::net

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The HTTP client side of mamori-logd's pull protocol (services/net/LOGD_PROTOCOL.md), over
// libcurl:
//   GET <url>/v1/head            → 200, JSON {"deviceId": "...", "headSequence": N}
//   GET <url>/v1/bundle?after=N  → 200, body = one audit bundle (audit_bundle.h), header
//                                   Mamori-Head-Sequence: H; or 204 when nothing follows N
// The client only fetches; verifying and storing is the puller's (puller.h). Nothing it receives is
// trusted: sizes are bounded (a bundle by kMaxBundleBytes, the head by 4 KiB), the JSON is parsed
// strictly (simdjson), and the head header must be a plain decimal.
//
// Decisions: no proxy is ever used (logd is reached through the WireGuard tunnel; an http_proxy in
// the administrator's environment must not carry audit logs elsewhere); redirects are not followed;
// http and https only. One easy handle per client, so a device's requests share one connection.
// Threading: one thread at a time per client.
//
// Errors: Unavailable (cannot connect, HTTP status other than the protocol's; the context names the
// status), Timeout, TooLarge, InvalidArgument (a malformed answer), Internal (libcurl set-up).

#include "services/common/result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mamori::admin {

struct LogdHead {
    std::string deviceId;
    std::uint64_t headSequence = 0;
};

struct LogdBundle {
    bool nothingNew = false; // 204
    std::vector<std::uint8_t> bytes;
    std::uint64_t headSequence = 0; // Mamori-Head-Sequence (also sent with 204 when present)
    bool headKnown = false;
};

struct LogdClientOptions {
    long connectTimeoutSeconds = 10;
    long totalTimeoutSeconds = 600; // one bundle of up to 512 MiB over a slow tunnel
};

class LogdClient {
public:
    static Result<LogdClient> create(const LogdClientOptions& options = {});
    ~LogdClient();
    LogdClient(LogdClient&& other) noexcept;
    LogdClient& operator=(LogdClient&& other) noexcept;
    LogdClient(const LogdClient&) = delete;
    LogdClient& operator=(const LogdClient&) = delete;

    // `baseUrl` without a trailing slash, e.g. "http://10.44.0.2:8750".
    Result<LogdHead> head(const std::string& baseUrl);
    Result<LogdBundle> bundleAfter(const std::string& baseUrl, std::uint64_t after);

private:
    struct State;
    explicit LogdClient(std::unique_ptr<State> state) noexcept;
    std::unique_ptr<State> m_state;
};

// The JSON body of /v1/head, parsed strictly (exported for tests and fuzzing).
Result<LogdHead> parseHeadJson(std::string_view json);

} // namespace mamori::admin

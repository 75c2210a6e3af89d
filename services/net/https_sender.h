// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One HTTPS POST of a payload to an allow-listed endpoint, with libcurl, locked down:
//
//   - https only (CURLOPT_PROTOCOLS_STR and CURLOPT_REDIR_PROTOCOLS_STR "https"), no redirects
//     followed (a 3xx is a permanent failure), HTTP/1.1;
//   - TLS 1.2 or newer; the peer's certificate must chain to the endpoint's pinned CA from the
//     allow-list (CURLOPT_CAINFO for a file, CURLOPT_CAINFO_BLOB for inline PEM) and name the host;
//     the system's CA store is never consulted (CURLOPT_CAPATH and, for inline PEM, CURLOPT_CAINFO
//     are cleared: libcurl would otherwise fall back to /etc/ssl/certs);
//   - no proxy, whatever the environment says (CURLOPT_PROXY ""), no .netrc, no cookies;
//   - connect and total timeouts; the response body is read and discarded (never logged: an
//     endpoint's error page might echo what it was sent).
//
// The result is classified for the courier's retry logic: 2xx delivered; network failures,
// timeouts, TLS handshakes cut short, 408, 425, 429 and 5xx transient; everything else — a
// certificate that does not chain to the pinned CA, a redirect, any other 4xx — permanent. The
// detail is short fixed text with the HTTP status or curl's code number, never payload content.
//
// Owner: Courier (courier.h). Stateless; each call makes its own curl handle, so calls on different
// threads are safe once curl_global_init has run (ensureCurlInitialised() does it once).

#include "services/net/allowlist.h"

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace mamori::net {

struct HttpsPost {
    std::string host;
    std::uint16_t port = 443;
    std::string path = "/";
    PinnedCa ca;
    std::span<const std::uint8_t> body;
    std::string contentType;
    // Sent as Idempotency-Key: a resend after a crash carries the same key, so that the endpoint
    // can recognise a payload it already has (delivery is at least once).
    std::string idempotencyKey;
    // libcurl CURLOPT_RESOLVE entries ("host:port:address"), for test beds and the demo, where no
    // resolver knows the endpoint's name. Empty on the device: the local resolver answers.
    std::vector<std::string> resolve;
    std::chrono::milliseconds connectTimeout{10'000};
    std::chrono::milliseconds totalTimeout{120'000};
};

struct HttpsOutcome {
    enum class Kind : std::uint8_t { Delivered, Transient, Permanent };
    Kind kind = Kind::Permanent;
    long httpStatus = 0; // 0 when no response arrived
    int curlCode = 0;
    std::string detail; // "HTTP 201", "HTTP 503", "connection failed (curl 7)", "TLS: peer certificate not trusted"
};

void ensureCurlInitialised();

HttpsOutcome postPayload(const HttpsPost& post);

// The classification, exposed for tests.
HttpsOutcome::Kind classifyHttpStatus(long status);

} // namespace mamori::net

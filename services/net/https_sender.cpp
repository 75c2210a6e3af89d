// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/net/https_sender.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace mamori::net {
namespace {

struct CurlDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct ListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// The response body is discarded (it is never logged); only its size is counted.
std::size_t discardBody(char*, std::size_t size, std::size_t count, void* received)
{
    *static_cast<std::size_t*>(received) += size * count;
    return size * count;
}

HttpsOutcome fromCurlCode(CURLcode code)
{
    HttpsOutcome outcome;
    outcome.curlCode = static_cast<int>(code);
    const std::string number = " (curl " + std::to_string(static_cast<int>(code)) + ")";
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
        outcome.kind = HttpsOutcome::Kind::Transient;
        outcome.detail = "host name did not resolve" + number;
        break;
    case CURLE_COULDNT_CONNECT:
        outcome.kind = HttpsOutcome::Kind::Transient;
        outcome.detail = "connection failed" + number;
        break;
    case CURLE_OPERATION_TIMEDOUT:
        outcome.kind = HttpsOutcome::Kind::Transient;
        outcome.detail = "timed out" + number;
        break;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        outcome.kind = HttpsOutcome::Kind::Transient;
        outcome.detail = "connection broken" + number;
        break;
    case CURLE_SSL_CONNECT_ERROR:
        // A handshake cut short by the network looks the same as one the peer refused; the
        // attempts are bounded either way.
        outcome.kind = HttpsOutcome::Kind::Transient;
        outcome.detail = "TLS handshake failed" + number;
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
        outcome.kind = HttpsOutcome::Kind::Permanent;
        outcome.detail = "TLS: peer certificate not trusted by the pinned CA or not for this host" + number;
        break;
    case CURLE_SSL_CACERT_BADFILE:
        outcome.kind = HttpsOutcome::Kind::Permanent;
        outcome.detail = "TLS: the pinned CA cannot be read" + number;
        break;
    case CURLE_UNSUPPORTED_PROTOCOL:
        outcome.kind = HttpsOutcome::Kind::Permanent;
        outcome.detail = "protocol refused (https only)" + number;
        break;
    default:
        outcome.kind = HttpsOutcome::Kind::Permanent;
        outcome.detail = "transfer failed" + number;
        break;
    }
    return outcome;
}

} // namespace

void ensureCurlInitialised()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpsOutcome::Kind classifyHttpStatus(long status)
{
    if (status >= 200 && status < 300)
        return HttpsOutcome::Kind::Delivered;
    if (status == 408 || status == 425 || status == 429 || (status >= 500 && status < 600))
        return HttpsOutcome::Kind::Transient;
    return HttpsOutcome::Kind::Permanent;
}

HttpsOutcome postPayload(const HttpsPost& post)
{
    ensureCurlInitialised();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl)
        return {HttpsOutcome::Kind::Transient, 0, 0, "libcurl could not start a transfer"};
    CURL* handle = curl.get();

    const std::string url = "https://" + post.host + ":" + std::to_string(post.port) + post.path;
    std::unique_ptr<curl_slist, ListDeleter> headers;
    auto addHeader = [&headers](const std::string& line) {
        curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
        if (grown) {
            (void)headers.release();
            headers.reset(grown);
        }
        return grown != nullptr;
    };
    std::unique_ptr<curl_slist, ListDeleter> resolve;
    for (const std::string& entry : post.resolve) {
        curl_slist* grown = curl_slist_append(resolve.get(), entry.c_str());
        if (!grown)
            return {HttpsOutcome::Kind::Transient, 0, 0, "out of memory"};
        (void)resolve.release();
        resolve.reset(grown);
    }
    if (!addHeader("Content-Type: " + post.contentType) ||
        (!post.idempotencyKey.empty() && !addHeader("Idempotency-Key: " + post.idempotencyKey)) ||
        !addHeader("Expect:")) // no 100-continue round trip
        return {HttpsOutcome::Kind::Transient, 0, 0, "out of memory"};

    std::size_t received = 0;
    curl_blob blob{};
    bool ok =
        curl_easy_setopt(handle, CURLOPT_URL, url.c_str()) == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "https") == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "https") == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_MAXREDIRS, 0L) == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1)) == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2)) == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L) == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L) == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_CAPATH, nullptr) == CURLE_OK &&
        // "" turns proxies off altogether, environment variables included.
        curl_easy_setopt(handle, CURLOPT_PROXY, "") == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_IGNORED)) == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(post.connectTimeout.count())) ==
            CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(post.totalTimeout.count())) == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_USERAGENT, "mamori-courier/1") == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get()) == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_POST, 1L) == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size())) == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, post.body.data()) == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, discardBody) == CURLE_OK &&
        curl_easy_setopt(handle, CURLOPT_WRITEDATA, &received) == CURLE_OK;
    if (ok && resolve)
        ok = curl_easy_setopt(handle, CURLOPT_RESOLVE, resolve.get()) == CURLE_OK;
    if (ok) {
        if (post.ca.kind == PinnedCa::Kind::File) {
            ok = curl_easy_setopt(handle, CURLOPT_CAINFO, post.ca.value.c_str()) == CURLE_OK;
        } else {
            blob.data = const_cast<char*>(post.ca.value.data());
            blob.len = post.ca.value.size();
            blob.flags = CURL_BLOB_COPY;
            ok = curl_easy_setopt(handle, CURLOPT_CAINFO, nullptr) == CURLE_OK &&
                 curl_easy_setopt(handle, CURLOPT_CAINFO_BLOB, &blob) == CURLE_OK;
        }
    }
    if (!ok)
        // An option this libcurl does not know (too old) must not silently weaken the transfer.
        return {HttpsOutcome::Kind::Permanent, 0, 0, "libcurl refused a required option"};

    const CURLcode code = curl_easy_perform(handle);
    if (code != CURLE_OK)
        return fromCurlCode(code);
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    HttpsOutcome outcome;
    outcome.httpStatus = status;
    outcome.kind = classifyHttpStatus(status);
    outcome.detail = "HTTP " + std::to_string(status);
    if (status >= 300 && status < 400)
        outcome.detail += " (redirect refused)";
    return outcome;
}

} // namespace mamori::net

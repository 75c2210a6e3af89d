// SPDX-License-Identifier: GPL-3.0-or-later
// libcurl client of mamori-logd's pull protocol (logd_client.h). libcurl's codes become ErrorCodes
// in one place (curlError), with the code in hex.

#include "provisioning/admin/logd_client.h"

#include "provisioning/admin/device_config.h"
#include "services/vault/audit_bundle.h"

#include <curl/curl.h>
#include <simdjson.h>

#include <charconv>
#include <cstdio>
#include <mutex>

namespace mamori::admin {

namespace {

constexpr std::size_t kMaxHeadBytes = 4096;

Error curlError(CURLcode code, std::string_view what)
{
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%x", static_cast<unsigned>(code));
    const std::string context = std::string(what) + ": " + curl_easy_strerror(code) + " (curl " + hex + ")";
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
        return Error(ErrorCode::Timeout, context);
    case CURLE_FILESIZE_EXCEEDED:
    case CURLE_WRITE_ERROR: // our write callback refused more bytes than allowed
        return Error(ErrorCode::TooLarge, context);
    case CURLE_OUT_OF_MEMORY:
        return Error(ErrorCode::ResourceExhausted, context);
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
        return Error(ErrorCode::InvalidArgument, context);
    default:
        return Error(ErrorCode::Unavailable, context);
    }
}

Status curlGlobalInit()
{
    static std::once_flag once;
    static CURLcode result = CURLE_OK;
    std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (result != CURLE_OK)
        return curlError(result, "curl_global_init");
    return okStatus();
}

struct Response {
    std::vector<std::uint8_t> body;
    std::size_t limit = 0;
    bool overflow = false;
    std::string headSequence; // Mamori-Head-Sequence, raw
    bool headSeen = false;
};

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* response = static_cast<Response*>(user);
    const std::size_t bytes = size * count;
    if (response->body.size() + bytes > response->limit) {
        response->overflow = true;
        return 0; // aborts the transfer with CURLE_WRITE_ERROR
    }
    response->body.insert(response->body.end(), reinterpret_cast<std::uint8_t*>(data),
                          reinterpret_cast<std::uint8_t*>(data) + bytes);
    return bytes;
}

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* response = static_cast<Response*>(user);
    const std::size_t bytes = size * count;
    std::string_view line(data, bytes);
    // A new status line (after a 100 Continue, say) starts a new header block.
    if (line.starts_with("HTTP/")) {
        response->headSeen = false;
        response->headSequence.clear();
        return bytes;
    }
    constexpr std::string_view kName = "mamori-head-sequence:";
    if (line.size() >= kName.size()) {
        std::string lowered(line.substr(0, kName.size()));
        for (char& c : lowered)
            c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        if (lowered == kName) {
            std::string_view value = line.substr(kName.size());
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
                value.remove_prefix(1);
            while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
                value.remove_suffix(1);
            response->headSequence = std::string(value.substr(0, 32));
            response->headSeen = true;
        }
    }
    return bytes;
}

std::optional<std::uint64_t> parseDecimal(std::string_view text)
{
    if (text.empty() || text.size() > 20 || (text.size() > 1 && text[0] == '0'))
        return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

} // namespace

struct LogdClient::State {
    CURL* curl = nullptr;
    LogdClientOptions options;
    char errorBuffer[CURL_ERROR_SIZE] = {};

    ~State()
    {
        if (curl)
            curl_easy_cleanup(curl);
    }

    // GET `url`; the body (at most `limit` bytes) and the status.
    Result<long> get(const std::string& url, Response& response)
    {
        curl_easy_reset(curl);
        auto set = [&](CURLoption option, auto value) -> Status {
            const CURLcode code = curl_easy_setopt(curl, option, value);
            if (code != CURLE_OK)
                return curlError(code, "curl_easy_setopt");
            return okStatus();
        };
        MAMORI_TRY(set(CURLOPT_URL, url.c_str()));
        MAMORI_TRY(set(CURLOPT_PROTOCOLS_STR, "http,https"));
        MAMORI_TRY(set(CURLOPT_FOLLOWLOCATION, 0L));
        MAMORI_TRY(set(CURLOPT_PROXY, ""));
        MAMORI_TRY(set(CURLOPT_NOPROXY, "*"));
        MAMORI_TRY(set(CURLOPT_NOSIGNAL, 1L));
        MAMORI_TRY(set(CURLOPT_CONNECTTIMEOUT, options.connectTimeoutSeconds));
        MAMORI_TRY(set(CURLOPT_TIMEOUT, options.totalTimeoutSeconds));
        MAMORI_TRY(set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1)));
        MAMORI_TRY(set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(response.limit)));
        MAMORI_TRY(set(CURLOPT_WRITEFUNCTION, onBody));
        MAMORI_TRY(set(CURLOPT_WRITEDATA, static_cast<void*>(&response)));
        MAMORI_TRY(set(CURLOPT_HEADERFUNCTION, onHeader));
        MAMORI_TRY(set(CURLOPT_HEADERDATA, static_cast<void*>(&response)));
        MAMORI_TRY(set(CURLOPT_ERRORBUFFER, errorBuffer));
        MAMORI_TRY(set(CURLOPT_USERAGENT, "mamori-admin/1"));
        const CURLcode code = curl_easy_perform(curl);
        if (response.overflow)
            return Error(ErrorCode::TooLarge, "answer over " + std::to_string(response.limit) + " bytes");
        if (code != CURLE_OK)
            return curlError(code, "GET");
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        return status;
    }
};

LogdClient::LogdClient(std::unique_ptr<State> state) noexcept : m_state(std::move(state)) {}
LogdClient::~LogdClient() = default;
LogdClient::LogdClient(LogdClient&& other) noexcept = default;
LogdClient& LogdClient::operator=(LogdClient&& other) noexcept = default;

Result<LogdClient> LogdClient::create(const LogdClientOptions& options)
{
    MAMORI_TRY(curlGlobalInit());
    auto state = std::make_unique<State>();
    state->curl = curl_easy_init();
    if (!state->curl)
        return Error(ErrorCode::Internal, "curl_easy_init failed");
    state->options = options;
    return LogdClient(std::move(state));
}

Result<LogdHead> LogdClient::head(const std::string& baseUrl)
{
    Response response;
    response.limit = kMaxHeadBytes;
    MAMORI_ASSIGN_OR_RETURN(const long status, m_state->get(baseUrl + "/v1/head", response));
    if (status != 200)
        return Error(ErrorCode::Unavailable, "GET /v1/head answered HTTP " + std::to_string(status));
    return parseHeadJson(std::string_view(reinterpret_cast<const char*>(response.body.data()), response.body.size()));
}

Result<LogdBundle> LogdClient::bundleAfter(const std::string& baseUrl, std::uint64_t after)
{
    Response response;
    response.limit = vault::kMaxBundleBytes;
    MAMORI_ASSIGN_OR_RETURN(const long status,
                            m_state->get(baseUrl + "/v1/bundle?after=" + std::to_string(after), response));
    LogdBundle bundle;
    if (response.headSeen) {
        const auto head = parseDecimal(response.headSequence);
        if (!head)
            return Error(ErrorCode::InvalidArgument, "Mamori-Head-Sequence is not a decimal number");
        bundle.headSequence = *head;
        bundle.headKnown = true;
    }
    if (status == 204) {
        bundle.nothingNew = true;
        return bundle;
    }
    if (status != 200)
        return Error(ErrorCode::Unavailable, "GET /v1/bundle answered HTTP " + std::to_string(status));
    if (!bundle.headKnown)
        return Error(ErrorCode::InvalidArgument, "a bundle came without Mamori-Head-Sequence");
    if (response.body.empty())
        return Error(ErrorCode::InvalidArgument, "an empty bundle with HTTP 200");
    bundle.bytes = std::move(response.body);
    return bundle;
}

Result<LogdHead> parseHeadJson(std::string_view json)
{
    if (json.size() > kMaxHeadBytes)
        return Error(ErrorCode::TooLarge, "head answer over 4 KiB");
    simdjson::dom::parser parser;
    const simdjson::padded_string padded(json.data(), json.size());
    simdjson::dom::object object;
    if (parser.parse(padded).get_object().get(object) != simdjson::SUCCESS)
        return Error(ErrorCode::InvalidArgument, "head answer is not a JSON object");
    LogdHead head;
    bool haveId = false;
    bool haveSequence = false;
    for (const auto field : object) {
        if (field.key == "deviceId") {
            std::string_view id;
            if (haveId || field.value.get_string().get(id) != simdjson::SUCCESS || !isValidDeviceId(id))
                return Error(ErrorCode::InvalidArgument, "head answer: deviceId missing, repeated or not a device id");
            head.deviceId = std::string(id);
            haveId = true;
        } else if (field.key == "headSequence") {
            std::uint64_t sequence = 0;
            if (haveSequence || field.value.get_uint64().get(sequence) != simdjson::SUCCESS)
                return Error(ErrorCode::InvalidArgument, "head answer: headSequence repeated or not a whole number");
            head.headSequence = sequence;
            haveSequence = true;
        }
    }
    if (!haveId || !haveSequence)
        return Error(ErrorCode::InvalidArgument, "head answer without deviceId and headSequence");
    return head;
}

} // namespace mamori::admin

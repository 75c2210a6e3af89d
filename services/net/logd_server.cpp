// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/net/logd_server.h"

#include <microhttpd.h>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef IPV6_FREEBIND
#define IPV6_FREEBIND 78 // linux/in6.h, since Linux 4.15
#endif

namespace mamori::net {
namespace {

LogdResponse textResponse(unsigned status, std::string_view text, bool close = false)
{
    LogdResponse response;
    response.status = status;
    response.contentType = "text/plain; charset=utf-8";
    response.body.assign(text.begin(), text.end());
    response.closeConnection = close;
    return response;
}

std::optional<IpAddress> addressOf(const sockaddr* address)
{
    if (!address)
        return std::nullopt;
    IpAddress ip;
    if (address->sa_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
        ip.family = IpAddress::Family::V4;
        std::memcpy(ip.bytes.data(), &v4->sin_addr, 4);
        return ip;
    }
    if (address->sa_family == AF_INET6) {
        const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
        if (IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr)) {
            // A v4 peer on a dual-stack socket: compare it as the v4 address it is.
            ip.family = IpAddress::Family::V4;
            std::memcpy(ip.bytes.data(), reinterpret_cast<const std::uint8_t*>(&v6->sin6_addr) + 12, 4);
            return ip;
        }
        ip.family = IpAddress::Family::V6;
        std::memcpy(ip.bytes.data(), &v6->sin6_addr, 16);
        return ip;
    }
    return std::nullopt;
}

bool isUnspecified(const IpAddress& address)
{
    const std::size_t size = address.family == IpAddress::Family::V4 ? 4 : 16;
    for (std::size_t i = 0; i < size; ++i)
        if (address.bytes[i] != 0)
            return false;
    return true;
}

} // namespace

std::optional<std::uint64_t> parseAfter(std::string_view text)
{
    if (text.empty() || text.size() > 20 || (text.size() > 1 && text.front() == '0'))
        return std::nullopt;
    std::uint64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (value > (UINT64_MAX - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

LogdResponse handleLogdRequest(const LogdRequest& request, const IpAddress& admin, AuditSource& source)
{
    // The peer first: anyone else learns nothing, not even which paths or methods exist.
    if (!(request.peer == admin))
        return textResponse(403, "forbidden\n", true);
    if (request.hasBody)
        return textResponse(413, "a request body is not accepted\n", true);
    if (request.method != "GET") {
        LogdResponse response = textResponse(405, "only GET\n");
        response.headers.emplace_back("Allow", "GET");
        return response;
    }
    if (request.path == "/v1/head") {
        if (!request.query.empty())
            return textResponse(400, "/v1/head takes no parameters\n");
        auto head = source.bundleSince(UINT64_MAX, 1); // nothing follows the largest sequence: no entry
        if (!head.ok())
            return textResponse(503, "the vault is unavailable\n");
        auto deviceId = source.deviceId();
        if (!deviceId.ok())
            return textResponse(503, "the vault is unavailable\n");
        // The device id is the vault's own ([A-Za-z0-9._-]); escape anyway.
        std::string escaped;
        for (const char c : deviceId.value()) {
            if (c == '"' || c == '\\')
                escaped += '\\';
            if (static_cast<unsigned char>(c) >= 0x20)
                escaped += c;
        }
        const std::string json = "{\"deviceId\": \"" + escaped +
                                 "\", \"headSequence\": " + std::to_string(head.value().headSequence) + "}\n";
        LogdResponse response;
        response.status = 200;
        response.contentType = "application/json";
        response.body.assign(json.begin(), json.end());
        return response;
    }
    if (request.path == "/v1/bundle") {
        if (request.query.size() != 1 || request.query.front().first != "after")
            return textResponse(400, "/v1/bundle takes exactly one parameter: after=N\n");
        const auto after = parseAfter(request.query.front().second);
        if (!after)
            return textResponse(400, "after must be a decimal number from 0\n");
        auto pull = source.bundleSince(*after, kLogdMaxEntries);
        if (!pull.ok())
            return textResponse(503, "the vault is unavailable\n");
        LogdResponse response;
        response.headers.emplace_back("Mamori-Head-Sequence", std::to_string(pull.value().headSequence));
        if (pull.value().bundle.empty()) {
            response.status = 204;
            return response;
        }
        response.status = 200;
        response.contentType = kBundleMediaType;
        response.body = std::move(pull.value().bundle);
        return response;
    }
    return textResponse(404, "not found\n");
}

struct LogdServer::Impl {
    MHD_Daemon* daemon = nullptr;
    int socket = -1;
    IpAddress admin;
    AuditSource* source = nullptr;
    std::vector<std::string> log;

    static MHD_Result collectQuery(void* cls, MHD_ValueKind, const char* key, const char* value)
    {
        auto* query = static_cast<std::vector<std::pair<std::string, std::string>>*>(cls);
        query->emplace_back(key ? key : "", value ? value : kQueryKeyWithoutValue);
        return MHD_YES;
    }

    static MHD_Result onRequest(void* cls, MHD_Connection* connection, const char* url, const char* method, const char*,
                                const char*, size_t* uploadSize, void** context)
    {
        auto* self = static_cast<Impl*>(cls);
        // A request with a body is answered on its first call, before any of the body is read.
        if (*context && *uploadSize > 0) {
            *uploadSize = 0; // already answered: discard
            return MHD_YES;
        }
        *context = self;

        LogdRequest request;
        request.method = method ? method : "";
        request.path = url ? url : "";
        const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        const auto peer = addressOf(info ? info->client_addr : nullptr);
        request.peer = peer.value_or(IpAddress{});
        const char* length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        const char* chunked =
            MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
        request.hasBody = (length && std::strcmp(length, "0") != 0) || chunked;
        MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, collectQuery, &request.query);

        LogdResponse response =
            peer ? handleLogdRequest(request, self->admin, *self->source) : textResponse(403, "forbidden\n", true);
        self->log.push_back(request.method.substr(0, 16) + " " + request.path.substr(0, 64) + " → " +
                            std::to_string(response.status) + " (peer " + (peer ? peer->toString() : "?") + ")");

        auto* body = new std::vector<std::uint8_t>(std::move(response.body));
        MHD_Response* reply = MHD_create_response_from_buffer_with_free_callback_cls(
            body->size(), body->data(), [](void* data) { delete static_cast<std::vector<std::uint8_t>*>(data); }, body);
        if (!reply) {
            delete body;
            return MHD_NO;
        }
        if (!response.contentType.empty())
            MHD_add_response_header(reply, MHD_HTTP_HEADER_CONTENT_TYPE, response.contentType.c_str());
        MHD_add_response_header(reply, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
        for (const auto& [name, value] : response.headers)
            MHD_add_response_header(reply, name.c_str(), value.c_str());
        if (response.closeConnection)
            MHD_add_response_header(reply, MHD_HTTP_HEADER_CONNECTION, "close");
        const MHD_Result queued = MHD_queue_response(connection, response.status, reply);
        MHD_destroy_response(reply);
        return queued;
    }
};

LogdServer::LogdServer() = default;
LogdServer::~LogdServer() { stop(); }

Status LogdServer::start(const IpAddress& listen, std::uint16_t port, const IpAddress& admin, AuditSource& source)
{
    if (isUnspecified(listen))
        return Error(ErrorCode::InvalidArgument, "logd listens on one address (the tunnel's), never on all");
    stop();
    m_impl = std::make_unique<Impl>();
    m_impl->admin = admin;
    m_impl->source = &source;

    const bool v6 = listen.family == IpAddress::Family::V6;
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return Error(ErrorCode::Unavailable, std::string("socket: ") + std::strerror(errno));
    const int one = 1;
    (void)::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    // The tunnel address may not exist yet when logd starts (netguard brings it up): bind anyway.
    if (v6) {
        (void)::setsockopt(fd, IPPROTO_IPV6, IPV6_FREEBIND, &one, sizeof one);
        (void)::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    } else {
        (void)::setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &one, sizeof one);
    }
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (v6) {
        auto* address = reinterpret_cast<sockaddr_in6*>(&storage);
        address->sin6_family = AF_INET6;
        address->sin6_port = htons(port);
        std::memcpy(&address->sin6_addr, listen.bytes.data(), 16);
        length = sizeof(sockaddr_in6);
    } else {
        auto* address = reinterpret_cast<sockaddr_in*>(&storage);
        address->sin_family = AF_INET;
        address->sin_port = htons(port);
        std::memcpy(&address->sin_addr, listen.bytes.data(), 4);
        length = sizeof(sockaddr_in);
    }
    if (::bind(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0 || ::listen(fd, 16) != 0) {
        const Error error(ErrorCode::Unavailable,
                          "bind " + listen.toString() + ":" + std::to_string(port) + ": " + std::strerror(errno));
        ::close(fd);
        return error;
    }
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length) == 0)
        m_port = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port
                          : reinterpret_cast<sockaddr_in*>(&storage)->sin_port);
    m_impl->socket = fd;

    // External polling (no MHD thread): runFor() serves from the caller's thread.
    m_impl->daemon =
        MHD_start_daemon((v6 ? MHD_USE_IPv6 : 0) | MHD_USE_ERROR_LOG, 0, nullptr, nullptr, &Impl::onRequest,
                         m_impl.get(), MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_CONNECTION_LIMIT, 16u,
                         MHD_OPTION_PER_IP_CONNECTION_LIMIT, 4u, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
                         MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<size_t>(16 * 1024), MHD_OPTION_END);
    if (!m_impl->daemon) {
        ::close(fd);
        m_impl.reset();
        return Error(ErrorCode::Unavailable, "libmicrohttpd did not start");
    }
    return okStatus();
}

void LogdServer::runFor(int milliseconds)
{
    if (m_impl && m_impl->daemon)
        (void)MHD_run_wait(m_impl->daemon, milliseconds);
}

void LogdServer::stop()
{
    if (!m_impl)
        return;
    if (m_impl->daemon)
        MHD_stop_daemon(m_impl->daemon); // closes the listening socket it was given
    else if (m_impl->socket >= 0)
        ::close(m_impl->socket);
    m_impl.reset();
}

std::vector<std::string> LogdServer::takeLog()
{
    if (!m_impl)
        return {};
    return std::exchange(m_impl->log, {});
}

} // namespace mamori::net

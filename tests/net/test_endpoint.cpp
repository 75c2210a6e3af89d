// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-test-endpoint: a small HTTPS server (libmicrohttpd with its GnuTLS back end) standing in
// for a payroll provider or a government endpoint in the courier's tests, the namespace test bed
// and the demo. It stores every POST body it accepts, so that a test can check what arrived, and
// can be told to fail on purpose: the first N POSTs answered 503, every POST answered a fixed status
// (a redirect, a 404), or each answer delayed (to kill a courier mid-send).
//
//   mamori-test-endpoint --cert FILE --key FILE --store DIR [--listen ADDRESS] [--port P]
//                        [--fail-first N] [--status CODE] [--delay-ms MS]
//
// Prints "PORT <n>" on stdout once it listens (--port 0 picks a free one), then serves until
// SIGTERM/SIGINT. A stored POST is DIR/<n>.body (the bytes) and DIR/<n>.meta ("path", "key" — the
// Idempotency-Key —, "type" lines), each written under a temporary name and renamed, so a reader
// never sees half a file. GET answers 200 "ok" (probes). Nothing it prints holds a body.

#include <microhttpd.h>

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>

namespace {

struct Settings {
    std::string cert;
    std::string key;
    std::string store;
    std::string listen = "127.0.0.1";
    unsigned port = 0;
    int failFirst = 0;
    unsigned status = 0;
    int delayMs = 0;
};

struct Upload {
    std::string body;
    bool tooLarge = false;
};

Settings g_settings;
std::atomic<int> g_posts{0};
std::atomic<bool> g_stop{false};
std::mutex g_storeMutex;

constexpr std::size_t kMaxBody = std::size_t{128} << 20;

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool writeFile(const std::string& path, const std::string& bytes)
{
    const std::string temp = path + ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out)
            return false;
    }
    return std::rename(temp.c_str(), path.c_str()) == 0;
}

MHD_Result answer(MHD_Connection* connection, unsigned status, const char* text)
{
    MHD_Response* response =
        MHD_create_response_from_buffer(std::strlen(text), const_cast<char*>(text), MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(response, "Content-Type", "text/plain");
    if (status >= 300 && status < 400)
        MHD_add_response_header(response, "Location", "https://elsewhere.mamori.test/");
    const MHD_Result result = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    return result;
}

MHD_Result handle(void*, MHD_Connection* connection, const char* url, const char* method, const char*,
                  const char* uploadData, size_t* uploadSize, void** context)
{
    const std::string verb = method;
    if (verb == "GET")
        return answer(connection, 200, "ok\n");
    if (verb != "POST")
        return answer(connection, 405, "method not allowed\n");
    if (!*context) {
        *context = new Upload;
        return MHD_YES;
    }
    auto* upload = static_cast<Upload*>(*context);
    if (*uploadSize > 0) {
        if (upload->body.size() + *uploadSize > kMaxBody)
            upload->tooLarge = true;
        else
            upload->body.append(uploadData, *uploadSize);
        *uploadSize = 0;
        return MHD_YES;
    }
    if (upload->tooLarge)
        return answer(connection, 413, "too large\n");
    if (g_settings.delayMs > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(g_settings.delayMs));
    const int number = ++g_posts;
    if (number <= g_settings.failFirst)
        return answer(connection, 503, "try again later\n");
    if (g_settings.status != 0)
        return answer(connection, g_settings.status, "as configured\n");
    const char* key = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Idempotency-Key");
    const char* type = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    {
        const std::lock_guard lock(g_storeMutex);
        const std::string base = g_settings.store + "/" + std::to_string(number);
        if (!writeFile(base + ".body", upload->body) ||
            !writeFile(base + ".meta", std::string("path ") + url + "\nkey " + (key ? key : "") + "\ntype " +
                                           (type ? type : "") + "\n"))
            return answer(connection, 500, "cannot store\n");
    }
    return answer(connection, 201, "stored\n");
}

void completed(void*, MHD_Connection*, void** context, MHD_RequestTerminationCode)
{
    delete static_cast<Upload*>(*context);
    *context = nullptr;
}

void onSignal(int) { g_stop = true; }

bool parse(int argc, char** argv)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const char* value = argv[i + 1];
        if (flag == "--cert")
            g_settings.cert = value;
        else if (flag == "--key")
            g_settings.key = value;
        else if (flag == "--store")
            g_settings.store = value;
        else if (flag == "--listen")
            g_settings.listen = value;
        else if (flag == "--port")
            g_settings.port = static_cast<unsigned>(std::strtoul(value, nullptr, 10));
        else if (flag == "--fail-first")
            g_settings.failFirst = std::atoi(value);
        else if (flag == "--status")
            g_settings.status = static_cast<unsigned>(std::strtoul(value, nullptr, 10));
        else if (flag == "--delay-ms")
            g_settings.delayMs = std::atoi(value);
        else
            return false;
    }
    return argc % 2 == 1 && !g_settings.cert.empty() && !g_settings.key.empty() && !g_settings.store.empty() &&
           g_settings.port <= 65535;
}

} // namespace

int main(int argc, char** argv)
{
    if (!parse(argc, argv)) {
        std::fputs("usage: mamori-test-endpoint --cert FILE --key FILE --store DIR [--listen ADDRESS] [--port P]\n"
                   "                            [--fail-first N] [--status CODE] [--delay-ms MS]\n",
                   stderr);
        return 1;
    }
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        std::fputs("mamori-test-endpoint: this libmicrohttpd has no TLS (Debian's libmicrohttpd12 has)\n", stderr);
        return 1;
    }
    const std::string cert = readFile(g_settings.cert);
    const std::string key = readFile(g_settings.key);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(g_settings.port));
    if (inet_pton(AF_INET, g_settings.listen.c_str(), &address.sin_addr) != 1) {
        std::fputs("mamori-test-endpoint: --listen takes an IPv4 address\n", stderr);
        return 1;
    }
    MHD_Daemon* daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_TLS | MHD_USE_ERROR_LOG, 0, nullptr,
        nullptr, handle, nullptr, MHD_OPTION_SOCK_ADDR, &address, MHD_OPTION_HTTPS_MEM_CERT, cert.c_str(),
        MHD_OPTION_HTTPS_MEM_KEY, key.c_str(), MHD_OPTION_NOTIFY_COMPLETED, completed, nullptr,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    if (!daemon) {
        std::fputs("mamori-test-endpoint: cannot start (address in use, or the certificate or key unreadable)\n",
                   stderr);
        return 1;
    }
    const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    std::printf("PORT %u\n", info ? static_cast<unsigned>(info->port) : g_settings.port);
    std::fflush(stdout);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    while (!g_stop)
        ::usleep(100'000);
    MHD_stop_daemon(daemon);
    return 0;
}

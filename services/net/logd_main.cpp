// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-logd: serves signed audit bundles to the administrator's WireGuard peer, read-only, on the
// device's tunnel address (protocol: services/net/LOGD_PROTOCOL.md; the HTTP side is
// logd_server.h). The bundles come from mamori-vaultd over D-Bus — AuditBundleSince, callable only
// by this daemon's user — because the vault alone holds the signing key; the device id comes from
// the vault's Status (or --device-id when the bus policy does not admit Status). The only Qt here
// is QtDBus for those calls.
//
//   mamori-logd --allowlist FILE --listen ADDRESS [--port 7480] [--bus system|session|ADDRESS]
//               [--device-id ID]
//
// Exit codes: 0 after SIGTERM/SIGINT; 1 bad arguments; 2 the allow-list is unusable or the address
// cannot be bound; 3 no D-Bus.

#include "services/common/process_hardening.h"
#include "services/net/logd_server.h"

#include <QCoreApplication>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QVariantMap>

#include <csignal>
#include <cstdio>
#include <string>
#include <string_view>

using namespace mamori;
using namespace mamori::net;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitSetup = 2;
constexpr int kExitBus = 3;

volatile std::sig_atomic_t g_stop = 0;
void onSignal(int) { g_stop = 1; }

void say(const std::string& line) { std::fprintf(stderr, "mamori-logd: %s\n", line.c_str()); }

class DbusAuditSource final : public AuditSource {
public:
    DbusAuditSource(QDBusConnection connection, std::string deviceId)
        : m_connection(std::move(connection)), m_deviceId(std::move(deviceId))
    {}

    Result<Pull> bundleSince(std::uint64_t afterSequence, std::uint32_t maxEntries) override
    {
        QDBusMessage call = method(QStringLiteral("AuditBundleSince"));
        call << QVariant::fromValue<qulonglong>(afterSequence) << QVariant::fromValue<uint>(maxEntries);
        const QDBusMessage reply = m_connection.call(call, QDBus::Block, 60'000);
        if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().size() != 2)
            return Error(ErrorCode::Unavailable, "AuditBundleSince: " + reply.errorName().toStdString());
        const QByteArray bundle = reply.arguments().at(0).toByteArray();
        Pull pull;
        pull.bundle.assign(reinterpret_cast<const std::uint8_t*>(bundle.constData()),
                           reinterpret_cast<const std::uint8_t*>(bundle.constData()) + bundle.size());
        pull.headSequence = reply.arguments().at(1).toULongLong();
        return pull;
    }

    Result<std::string> deviceId() override
    {
        if (!m_deviceId.empty())
            return m_deviceId;
        const QDBusMessage reply = m_connection.call(method(QStringLiteral("Status")), QDBus::Block, 10'000);
        if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
            return Error(ErrorCode::Unavailable, "Status: " + reply.errorName().toStdString());
        const QVariantMap status = qdbus_cast<QVariantMap>(reply.arguments().at(0));
        const std::string id = status.value(QStringLiteral("deviceId")).toString().toStdString();
        if (id.empty())
            return Error(ErrorCode::Unavailable, "Status without a device id");
        m_deviceId = id; // it never changes while the vault runs
        return id;
    }

private:
    static QDBusMessage method(const QString& name)
    {
        return QDBusMessage::createMethodCall(QStringLiteral("org.mamori.Vault1"), QStringLiteral("/org/mamori/Vault1"),
                                              QStringLiteral("org.mamori.Vault1"), name);
    }
    QDBusConnection m_connection;
    std::string m_deviceId;
};

struct Options {
    std::string allowList;
    std::string listen;
    std::uint16_t port = kDefaultLogdPort;
    std::string bus = "system";
    std::string deviceId;
};

std::optional<Options> parseOptions(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (i + 1 >= argc)
            return std::nullopt;
        const std::string value = argv[++i];
        if (flag == "--allowlist") {
            options.allowList = value;
        } else if (flag == "--listen") {
            options.listen = value;
        } else if (flag == "--port") {
            char* end = nullptr;
            const unsigned long port = std::strtoul(value.c_str(), &end, 10);
            if (value.empty() || *end != '\0' || port > 65535)
                return std::nullopt;
            options.port = static_cast<std::uint16_t>(port);
        } else if (flag == "--bus") {
            options.bus = value;
        } else if (flag == "--device-id") {
            options.deviceId = value;
        } else {
            return std::nullopt;
        }
    }
    if (options.allowList.empty() || options.listen.empty())
        return std::nullopt;
    return options;
}

QDBusConnection connectBus(const std::string& bus)
{
    if (bus == "system")
        return QDBusConnection::systemBus();
    if (bus == "session")
        return QDBusConnection::sessionBus();
    return QDBusConnection::connectToBus(QString::fromStdString(bus), QStringLiteral("mamori-logd"));
}

int run(int argc, char** argv)
{
    const auto options = parseOptions(argc, argv);
    if (!options) {
        std::fputs("usage: mamori-logd --allowlist FILE --listen ADDRESS [--port 7480] [--bus system|session|ADDRESS]\n"
                   "                   [--device-id ID]\n"
                   "Exit: 0 stopped, 1 usage, 2 allow-list or address unusable, 3 no D-Bus.\n",
                   stderr);
        return kExitUsage;
    }
    if (const Status hardened = hardenProcess(); !hardened.ok()) {
        say("process hardening: " + hardened.error().describe());
        return kExitSetup;
    }
    const auto listen = parseIpAddress(options->listen);
    if (!listen) {
        say("--listen takes an IPv4 or IPv6 address");
        return kExitUsage;
    }
    auto allowList = loadAllowList(options->allowList);
    if (!allowList.ok()) {
        say("the allow-list is unusable: " + allowList.error().describe());
        return kExitSetup;
    }
    const IpAddress admin = allowList.value().admin.address.address;

    QCoreApplication app(argc, argv);
    QDBusConnection bus = connectBus(options->bus);
    if (!bus.isConnected()) {
        say("cannot connect to the " + options->bus + " bus");
        return kExitBus;
    }
    DbusAuditSource source(bus, options->deviceId);
    LogdServer server;
    if (const Status started = server.start(*listen, options->port, admin, source); !started.ok()) {
        say("cannot listen: " + started.error().describe());
        return kExitSetup;
    }
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGPIPE, SIG_IGN);
    say("serving audit bundles on " + listen->toString() + " port " + std::to_string(server.port()) +
        " to the admin peer " + admin.toString() + " only");
    while (!g_stop) {
        server.runFor(500);
        for (const std::string& line : server.takeLog())
            say(line);
    }
    server.stop();
    say("stopped");
    return kExitOk;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        return run(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "mamori-logd: %s\n", error.what());
        return kExitSetup;
    }
}

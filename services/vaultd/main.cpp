// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-vaultd: opens the vault with its keys unsealed from the TPM and serves org.mamori.Vault1 on
// D-Bus (README.md). The only process that ever holds data keys; no network (the unit says so).
//
//   mamori-vaultd --state-dir /var/lib/mamori [--tcti device:/dev/tpmrm0] [--bus system|session|ADDRESS]
//                 [--device-id ID] [--idle-timeout SECONDS] [--create] [--outbox DIR]
//
// Exit codes: 0 after SIGTERM/SIGINT, 1 bad arguments, 2 the vault did not open (TPM refused,
// rolled-back or damaged database — the message says which), 3 D-Bus unavailable or name taken.

#include "services/common/process_hardening.h"
#include "services/vaultd/vault_host.h"
#include "services/vaultd/vault_service.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <optional>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace mamori;

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

void fail(const char* what, const Error& error)
{
    const std::string line = error.describe();
    std::fprintf(stderr, "mamori-vaultd: %s: %s\n", what, line.c_str());
}

QDBusConnection connectBus(const QString& bus)
{
    if (bus == QLatin1String("system"))
        return QDBusConnection::systemBus();
    if (bus == QLatin1String("session"))
        return QDBusConnection::sessionBus();
    return QDBusConnection::connectToBus(bus, QStringLiteral("mamori-vaultd"));
}

// A user name or a decimal uid, resolved once at start.
std::optional<uint> userId(const QString& user)
{
    bool numeric = false;
    const uint uid = user.toUInt(&numeric);
    if (numeric)
        return uid;
    const QByteArray name = user.toLocal8Bit();
    if (const passwd* entry = ::getpwnam(name.constData()))
        return entry->pw_uid;
    return std::nullopt;
}

int run(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("mamori-vaultd"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Mamori vault daemon (org.mamori.Vault1)"));
    parser.addHelpOption();
    const QCommandLineOption stateDir(QStringLiteral("state-dir"), QStringLiteral("State directory."),
                                      QStringLiteral("dir"), QStringLiteral("/var/lib/mamori"));
    const QCommandLineOption tcti(QStringLiteral("tcti"), QStringLiteral("TPM TCTI."), QStringLiteral("tcti"),
                                  QStringLiteral("device:/dev/tpmrm0"));
    const QCommandLineOption bus(QStringLiteral("bus"), QStringLiteral("system, session or a bus address."),
                                 QStringLiteral("bus"), QStringLiteral("system"));
    const QCommandLineOption deviceId(
        QStringLiteral("device-id"),
        QStringLiteral("Device id (default: the one mamori-provision init recorded, else mamori-device; "
                       "another id than the recorded one is refused)."),
        QStringLiteral("id"));
    const QCommandLineOption idle(QStringLiteral("idle-timeout"), QStringLiteral("Session idle timeout (s)."),
                                  QStringLiteral("seconds"), QStringLiteral("300"));
    const QCommandLineOption create(QStringLiteral("create"), QStringLiteral("Create the vault if missing."));
    const QCommandLineOption outbox(QStringLiteral("outbox"),
                                    QStringLiteral("Where provisions wait for mamori-courier (default STATE/outbox)."),
                                    QStringLiteral("dir"));
    const QCommandLineOption logUser(QStringLiteral("log-user"),
                                     QStringLiteral("The user (name or uid) mamori-logd runs as: only it may pull."),
                                     QStringLiteral("user"));
    const QCommandLineOption courierUser(
        QStringLiteral("courier-user"),
        QStringLiteral("The user (name or uid) mamori-courier runs as: only it may report deliveries."),
        QStringLiteral("user"));
    parser.addOptions({stateDir, tcti, bus, deviceId, idle, create, outbox, logUser, courierUser});
    parser.process(app);

    bool idleOk = false;
    const qlonglong idleSeconds = parser.value(idle).toLongLong(&idleOk);
    if (!idleOk || idleSeconds < 10 || idleSeconds > 24LL * 3600) {
        std::fprintf(stderr, "mamori-vaultd: --idle-timeout must be 10-86400 seconds\n");
        return 1;
    }

    vaultd::VaultService::ServiceUsers serviceUsers;
    for (const auto& [option, slot] :
         {std::pair{&logUser, &serviceUsers.log}, std::pair{&courierUser, &serviceUsers.courier}}) {
        if (!parser.isSet(*option))
            continue;
        *slot = userId(parser.value(*option));
        if (!*slot) {
            std::fprintf(stderr, "mamori-vaultd: --%s: no such user\n", qPrintable(option->names().constFirst()));
            return 1;
        }
    }

    // No core dumps, not ptrace-able: this process holds the data keys.
    if (const Status hardened = hardenProcess(); !hardened.ok()) {
        fail("process hardening", hardened.error());
        return 2;
    }

    tpm::TpmSettings settings;
    settings.tcti = parser.value(tcti).toStdString();
    settings.stateDirectory = parser.value(stateDir).toStdString();
    vault::VaultOptions options;
    options.path = (settings.stateDirectory / "vault.db").string();
    options.deviceId = parser.value(deviceId).toStdString();
    options.create = parser.isSet(create);
    vault::SystemClock clock;
    auto host = vaultd::VaultHost::open(settings, options, clock);
    if (!host.ok()) {
        fail("the vault did not open", host.error());
        return 2;
    }

    QDBusConnection connection = connectBus(parser.value(bus));
    if (!connection.isConnected()) {
        std::fprintf(stderr, "mamori-vaultd: cannot connect to the %s bus\n", qPrintable(parser.value(bus)));
        return 3;
    }
    const std::filesystem::path outboxDir = parser.isSet(outbox)
                                                ? std::filesystem::path(parser.value(outbox).toStdString())
                                                : settings.stateDirectory / "outbox";
    vaultd::VaultService service(*host.value(), clock, idleSeconds * 1000, outboxDir);
    service.setServiceUsers(serviceUsers);
    service.attach(connection);
    if (!connection.registerObject(QString::fromLatin1(vaultd::kObjectPath), &service,
                                   QDBusConnection::ExportScriptableSlots)) {
        std::fprintf(stderr, "mamori-vaultd: cannot register the object\n");
        return 3;
    }
    if (!connection.registerService(QString::fromLatin1(vaultd::kServiceName))) {
        std::fprintf(stderr, "mamori-vaultd: the name %s is taken\n", vaultd::kServiceName);
        return 3;
    }

    // SIGTERM/SIGINT end the event loop; sessions end with the process (the vault closes cleanly).
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalPipe) != 0)
        return 3;
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::fprintf(stderr, "mamori-vaultd: serving %s (device %s)\n", vaultd::kServiceName,
                 host.value()->vault().deviceId().c_str());
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char** argv)
{
    try {
        return run(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "mamori-vaultd: %s\n", error.what());
        return 2;
    }
}

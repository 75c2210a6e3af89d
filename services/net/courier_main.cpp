// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-courier: sends the vault's provisions from its outbox to allow-listed endpoints over
// HTTPS and reports each outcome back to the vault (services/net/courier.h does the work; this
// file wires the command line, watches the outbox with inotify, and reports over D-Bus with
// ReportDelivery). The only Qt here is QtDBus for that one call.
//
//   mamori-courier --outbox DIR --allowlist FILE [--bus system|session|ADDRESS] [--once]
//                  [--max-attempts N] [--backoff-ms MS] [--max-backoff-ms MS] [--report-retry-ms MS]
//                  [--connect-timeout-ms MS] [--timeout-ms MS] [--keep-days DAYS]
//                  [--resolve HOST:PORT:ADDRESS]...
//
// Exit codes: 0 after SIGTERM/SIGINT (or, with --once, when nothing is left to do); 1 bad
// arguments; 2 the allow-list or the outbox is unusable; 3 no D-Bus.

#include "services/common/process_hardening.h"
#include "services/net/courier.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusMessage>

#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

using namespace mamori;
using namespace mamori::net;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitSetup = 2;
constexpr int kExitBus = 3;
// Even without an inotify event, the outbox is looked at this often (a missed event, a clock jump).
constexpr std::int64_t kRescanMs = 30'000;

void say(const std::string& line) { std::fprintf(stderr, "mamori-courier: %s\n", line.c_str()); }

// ReportDelivery(t providedSequence, s outcome, s detail) on org.mamori.Vault1.
class DbusReporter final : public DeliveryReporter {
public:
    explicit DbusReporter(QDBusConnection connection) : m_connection(std::move(connection)) {}

    Reply report(std::uint64_t auditSequence, DeliveryOutcome outcome, std::string_view detail) override
    {
        QDBusMessage call =
            QDBusMessage::createMethodCall(QStringLiteral("org.mamori.Vault1"), QStringLiteral("/org/mamori/Vault1"),
                                           QStringLiteral("org.mamori.Vault1"), QStringLiteral("ReportDelivery"));
        call << QVariant::fromValue<qulonglong>(auditSequence)
             << QString::fromUtf8(outcomeName(outcome).data(), static_cast<qsizetype>(outcomeName(outcome).size()))
             << QString::fromUtf8(detail.data(), static_cast<qsizetype>(detail.size()));
        const QDBusMessage reply = m_connection.call(call, QDBus::Block, 15'000);
        if (reply.type() == QDBusMessage::ReplyMessage)
            return {Answer::Accepted, {}};
        const QString name = reply.errorName();
        const std::string text = name.toStdString();
        if (name.endsWith(QLatin1String(".AlreadyExists")))
            return {Answer::AlreadyReported, text};
        if (name.endsWith(QLatin1String(".NotFound")) || name.endsWith(QLatin1String(".InvalidArgument")))
            return {Answer::Rejected, text};
        return {Answer::Unavailable, text.empty() ? "no reply" : text};
    }

private:
    QDBusConnection m_connection;
};

struct Options {
    std::string outbox;
    std::string allowList;
    std::string bus = "system";
    bool once = false;
    CourierOptions courier;
};

bool parseNumber(std::string_view text, std::int64_t minimum, std::int64_t maximum, std::int64_t& out)
{
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size() && out >= minimum && out <= maximum;
}

void usage()
{
    std::fputs("usage: mamori-courier --outbox DIR --allowlist FILE [--bus system|session|ADDRESS] [--once]\n"
               "         [--max-attempts N] [--backoff-ms MS] [--max-backoff-ms MS] [--report-retry-ms MS]\n"
               "         [--connect-timeout-ms MS] [--timeout-ms MS] [--keep-days DAYS]\n"
               "         [--resolve HOST:PORT:ADDRESS]...\n"
               "Exit: 0 stopped (or --once finished), 1 usage, 2 allow-list or outbox unusable, 3 no D-Bus.\n",
               stderr);
}

std::optional<Options> parseOptions(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "--once") {
            options.once = true;
            continue;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "mamori-courier: '%s' needs a value or is unknown\n", argv[i]);
            return std::nullopt;
        }
        const std::string_view value = argv[++i];
        std::int64_t number = 0;
        auto milliseconds = [&](std::int64_t minimum, std::int64_t maximum, std::chrono::milliseconds& into) {
            if (!parseNumber(value, minimum, maximum, number))
                return false;
            into = std::chrono::milliseconds(number);
            return true;
        };
        bool ok = true;
        if (flag == "--outbox")
            options.outbox = value;
        else if (flag == "--allowlist")
            options.allowList = value;
        else if (flag == "--bus")
            options.bus = value;
        else if (flag == "--max-attempts") {
            ok = parseNumber(value, 1, 100, number);
            options.courier.maxAttempts = static_cast<std::uint32_t>(number);
        } else if (flag == "--backoff-ms")
            ok = milliseconds(10, 3'600'000, options.courier.firstBackoff);
        else if (flag == "--max-backoff-ms")
            ok = milliseconds(10, 86'400'000, options.courier.maxBackoff);
        else if (flag == "--report-retry-ms")
            ok = milliseconds(10, 3'600'000, options.courier.reportRetry);
        else if (flag == "--connect-timeout-ms")
            ok = milliseconds(100, 600'000, options.courier.connectTimeout);
        else if (flag == "--timeout-ms")
            ok = milliseconds(100, 3'600'000, options.courier.totalTimeout);
        else if (flag == "--keep-days") {
            ok = parseNumber(value, 0, 3650, number);
            options.courier.keepReported = std::chrono::hours(24 * number);
        } else if (flag == "--resolve")
            options.courier.resolve.emplace_back(value);
        else
            ok = false;
        if (!ok) {
            std::fprintf(stderr, "mamori-courier: bad or unknown option %s\n", argv[i - 1]);
            return std::nullopt;
        }
    }
    if (options.outbox.empty() || options.allowList.empty()) {
        std::fputs("mamori-courier: --outbox and --allowlist are required\n", stderr);
        return std::nullopt;
    }
    options.courier.outbox = options.outbox;
    return options;
}

QDBusConnection connectBus(const std::string& bus)
{
    if (bus == "system")
        return QDBusConnection::systemBus();
    if (bus == "session")
        return QDBusConnection::sessionBus();
    return QDBusConnection::connectToBus(QString::fromStdString(bus), QStringLiteral("mamori-courier"));
}

int run(int argc, char** argv)
{
    const auto parsed = parseOptions(argc, argv);
    if (!parsed) {
        usage();
        return kExitUsage;
    }
    const Options& options = *parsed;
    // Payloads hold numbers: no core dumps, not ptrace-able by the same user.
    if (const Status hardened = hardenProcess(); !hardened.ok()) {
        say("process hardening: " + hardened.error().describe());
        return kExitSetup;
    }
    auto allowList = loadAllowList(options.allowList);
    if (!allowList.ok()) {
        say("the allow-list is unusable: " + allowList.error().describe());
        return kExitSetup;
    }

    // SIGTERM and SIGINT arrive through a signalfd, so that a pass is never cut in half.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    if (sigprocmask(SIG_BLOCK, &stopSignals, nullptr) != 0)
        return kExitSetup;
    const int signalFd = signalfd(-1, &stopSignals, SFD_CLOEXEC | SFD_NONBLOCK);

    QCoreApplication app(argc, argv);
    QDBusConnection bus = connectBus(options.bus);
    if (!bus.isConnected()) {
        say("cannot connect to the " + options.bus + " bus");
        return kExitBus;
    }
    DbusReporter reporter(bus);
    ensureCurlInitialised();
    Courier courier(std::move(allowList).value(), options.courier, reporter);
    if (const Status prepared = courier.prepare(); !prepared.ok()) {
        say("the outbox is unusable: " + prepared.error().describe());
        return kExitSetup;
    }
    const int inotifyFd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (inotifyFd < 0 || signalFd < 0 ||
        inotify_add_watch(inotifyFd, options.outbox.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
        say("cannot watch the outbox: " + std::string(std::strerror(errno)));
        return kExitSetup;
    }
    say("watching " + options.outbox + " (" + std::to_string(options.courier.maxAttempts) +
        " attempts, first backoff " + std::to_string(options.courier.firstBackoff.count()) + " ms)");

    for (;;) {
        std::int64_t waitMs = kRescanMs;
        const auto pass = courier.runPass();
        if (!pass.ok()) {
            say("pass failed: " + pass.error().describe() + "; again in 5 s");
            waitMs = 5'000;
        } else {
            for (const std::string& line : pass.value().log)
                say(line);
            if (options.once && pass.value().pending == 0)
                return kExitOk;
            if (pass.value().nextDueMs)
                waitMs = std::clamp<std::int64_t>(*pass.value().nextDueMs - systemNowMs(), 0, kRescanMs);
        }
        pollfd fds[2] = {{signalFd, POLLIN, 0}, {inotifyFd, POLLIN, 0}};
        const int ready = ::poll(fds, 2, static_cast<int>(waitMs));
        if (ready < 0 && errno != EINTR)
            return kExitSetup;
        if (fds[0].revents & POLLIN) {
            say("stopping");
            return kExitOk;
        }
        if (fds[1].revents & POLLIN) {
            // Drain the events: the pass looks at the whole directory anyway.
            alignas(inotify_event) char buffer[4096];
            while (::read(inotifyFd, buffer, sizeof buffer) > 0) {
            }
        }
    }
}

} // namespace

int main(int argc, char** argv)
{
    try {
        return run(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "mamori-courier: %s\n", error.what());
        return kExitSetup;
    }
}

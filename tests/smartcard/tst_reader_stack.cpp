// SPDX-License-Identifier: GPL-3.0-or-later
// mamori::smartcard through the real reader stack: OpenSC's PKCS#11 module → libpcsclite → pcscd →
// vsmartcard's vpcd reader driver → mamori-test-vcac (tests/support/vcac), which presents a
// libcacard-emulated CAC card whose certificate and RSA key live in a SoftHSM2 token. Inserting the
// card is starting the bridge (it connects to vpcd); pulling it is killing the bridge (its socket
// closes and pcscd's presence poll sees the reader empty). So OpenSC's cac driver, its
// C_WaitForSlotEvent, pcscd's reader events and genuine insert/remove run, not a simulation.
//
// Isolation: pcscd 1.9.9 ignores PCSCLITE_CSOCK_NAME for its own socket (it always uses
// /run/pcscd/pcscd.comm) but the client library honours it. So pcscd runs in a private mount
// namespace with a temporary directory bound over /run, and this process points PCSCLITE_CSOCK_NAME
// at that directory's pcscd/pcscd.comm. Its reader.conf.d is private too (pcscd -c), with vpcd on a
// free port below the ephemeral range (the default 35963 lies inside it and collides with other
// programs' outgoing connections on a shared machine). Without the namespace (not root), pcscd falls
// back to the default socket, and only if no other pcscd owns it.
//
// Missing prerequisites fail the test naming the Debian package: pcscd, vsmartcard-vpcd, opensc,
// softhsm2. OpenSC's file cache is off (OPENSC_CONF): every run makes a new key.
#include "services/vault/card_signature.h"
#include "smartcard/card_session.h"
#include "smartcard/slot_watcher.h"
#include "tests/support/free_ports.h"
#include "tests/support/softhsm_token.h"

#include <QtTest>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

using namespace mamori;
using namespace mamori::smartcard;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {
constexpr const char* kPcscd = "/usr/sbin/pcscd";
constexpr const char* kVpcdDriver = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
constexpr const char* kOpenSc = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";
constexpr const char* kDefaultPcscdSocket = "/run/pcscd/pcscd.comm";
constexpr const char* kPin = "12345678"; // OpenSC's cac driver: PIN 4..8 characters
constexpr const char* kTokenLabel = "Mamori CAC";
constexpr int kNamespaceFailed = 111; // the pcscd child's exit code when it could not set up the namespace

SecretBuffer pinOf(const char* text)
{
    return SecretBuffer::copyOf({reinterpret_cast<const std::uint8_t*>(text), std::strlen(text)}).value();
}

std::int64_t msSince(Clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

std::string readText(const fs::path& file)
{
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A child process, started with fork + exec so it can die with us (PR_SET_DEATHSIG) and, for pcscd,
// get its own mount namespace. Everything the child touches is prepared before fork().
struct Child {
    pid_t pid = -1;

    // bindOverRun: unshare(CLONE_NEWNS) and bind that directory over /run before exec.
    bool start(const std::vector<std::string>& argv, const fs::path& log, const std::string& bindOverRun = {})
    {
        std::vector<std::string> copy = argv;
        std::vector<char*> args;
        for (auto& argument : copy)
            args.push_back(argument.data());
        args.push_back(nullptr);
        const std::string logPath = log.string();
        const pid_t parent = ::getpid();
        pid = ::fork();
        if (pid < 0)
            return false;
        if (pid == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (::getppid() != parent)
                ::_exit(1);
            const int fd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
            if (fd >= 0) {
                ::dup2(fd, 1);
                ::dup2(fd, 2);
            }
            if (!bindOverRun.empty()) {
                if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
                    ::mount(bindOverRun.c_str(), "/run", nullptr, MS_BIND, nullptr) != 0)
                    ::_exit(kNamespaceFailed);
            }
            ::execv(args[0], args.data());
            ::_exit(127);
        }
        return true;
    }

    bool running()
    {
        if (pid <= 0)
            return false;
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            pid = -1;
            return false;
        }
        return true;
    }

    void stop()
    {
        if (pid <= 0)
            return;
        ::kill(pid, SIGTERM);
        for (int i = 0; i < 50 && running(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (pid > 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
            pid = -1;
        }
    }

    int exitCode = 0;
};

#define REQUIRE_OK(expr)                                                                                               \
    do {                                                                                                               \
        const auto& requireOk_ = (expr);                                                                               \
        if (!requireOk_.ok())                                                                                          \
            QFAIL(qPrintable(QString::fromStdString(requireOk_.error().describe())));                                  \
    } while (false)
} // namespace

class TestReaderStack : public QObject {
    Q_OBJECT

    fs::path m_dir;
    std::unique_ptr<test::SoftHsm> m_hsm;
    test::SoftHsmKey m_key;
    std::uint16_t m_port = 0;
    Child m_pcscd;
    Child m_bridge;
    int m_insertions = 0;
    std::shared_ptr<Pkcs11Module> m_module;
    std::unique_ptr<SlotWatcher> m_watcher;
    unsigned long m_slot = ~0UL;

    static const char* missingPrerequisite()
    {
        if (!fs::exists(kPcscd))
            return "/usr/sbin/pcscd missing (Debian package pcscd)";
        if (!fs::exists(kVpcdDriver))
            return "vpcd driver missing (Debian package vsmartcard-vpcd)";
        if (!fs::exists(kOpenSc))
            return "opensc-pkcs11.so missing (Debian package opensc)";
        if (!fs::exists(MAMORI_TEST_VCAC))
            return "mamori-test-vcac not built";
        return nullptr;
    }

    QString logs()
    {
        return QString::fromStdString("\n--- pcscd.log\n" + readText(m_dir / "pcscd.log") + "--- vcac.log\n" +
                                      readText(m_dir / "vcac.log"));
    }

    bool startPcscd(QString& why)
    {
        const fs::path runDir = m_dir / "run";
        const std::vector<std::string> argv{kPcscd, "--foreground", "--config", (m_dir / "reader.conf.d").string()};
        if (!m_pcscd.start(argv, m_dir / "pcscd.log", runDir.string())) {
            why = "fork failed";
            return false;
        }
        const fs::path socket = runDir / "pcscd" / "pcscd.comm";
        for (int i = 0; i < 250; ++i) {
            if (fs::exists(socket)) {
                ::setenv("PCSCLITE_CSOCK_NAME", socket.c_str(), 1);
                qInfo("pcscd on a private socket (mount namespace), vpcd on port %u", unsigned{m_port});
                return true;
            }
            if (!m_pcscd.running())
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (m_pcscd.running()) {
            why = "pcscd did not create its socket within 5 s";
            return false;
        }
        if (m_pcscd.exitCode != kNamespaceFailed) {
            why = QStringLiteral("pcscd exited with %1").arg(m_pcscd.exitCode);
            return false;
        }
        // No mount namespace (not root?): the default socket, if nobody else has it.
        if (fs::exists(kDefaultPcscdSocket)) {
            why = "cannot make a mount namespace for a private pcscd (needs root/CAP_SYS_ADMIN), and another pcscd "
                  "owns /run/pcscd/pcscd.comm; pcscd 1.9.9 has no option for its socket path";
            return false;
        }
        ::unsetenv("PCSCLITE_CSOCK_NAME");
        if (!m_pcscd.start(argv, m_dir / "pcscd.log")) {
            why = "fork failed";
            return false;
        }
        for (int i = 0; i < 250 && m_pcscd.running(); ++i) {
            if (fs::exists(kDefaultPcscdSocket)) {
                qWarning("no mount namespace: pcscd on the DEFAULT socket %s", kDefaultPcscdSocket);
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        why = "pcscd (default socket) did not start";
        return false;
    }

    bool insertCard()
    {
        const std::vector<std::string> argv{MAMORI_TEST_VCAC,
                                            "--db",
                                            (m_dir / ("nssdb-" + std::to_string(++m_insertions))).string(),
                                            "--module",
                                            test::SoftHsm::kModulePath,
                                            "--port",
                                            std::to_string(m_port)};
        fs::create_directories(argv[2]);
        return m_bridge.start(argv, m_dir / "vcac.log");
    }

    // Waits for the watcher to report kind on some slot; returns the slot and the time it took.
    std::optional<unsigned long> waitFor(SlotEvent::Kind kind, std::chrono::milliseconds timeout)
    {
        const auto deadline = Clock::now() + timeout;
        while (Clock::now() < deadline) {
            auto events =
                m_watcher->waitForEvent(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
            if (!events.ok()) {
                qWarning("waitForEvent: %s", events.error().describe().c_str());
                return std::nullopt;
            }
            for (const auto& event : events.value())
                if (event.kind == kind)
                    return event.slotId;
        }
        return std::nullopt;
    }

    std::unique_ptr<CardSession> openSession()
    {
        auto session = CardSession::open(m_module, m_slot);
        if (!session.ok()) {
            qWarning("CardSession::open: %s", session.error().describe().c_str());
            return nullptr;
        }
        return std::move(session).value();
    }

    // Pulls the card (SIGTERM to the bridge: its socket closes); the ms until the watcher reports the removal on
    // the card's slot, or -1.
    std::int64_t pullCardAndMeasure()
    {
        const auto pulled = Clock::now();
        m_bridge.stop();
        const auto slot = waitFor(SlotEvent::Kind::Removed, std::chrono::milliseconds{5000});
        const std::int64_t latency = msSince(pulled);
        if (!slot || *slot != m_slot)
            return -1;
        return latency;
    }

private slots:
    void initTestCase()
    {
        if (const char* missing = missingPrerequisite())
            QFAIL(missing);
        std::string pattern = (fs::temp_directory_path() / "mamori-readers-XXXXXX").string();
        QVERIFY(::mkdtemp(pattern.data()) != nullptr);
        m_dir = pattern;
        fs::create_directories(m_dir / "run" / "pcscd");
        fs::create_directories(m_dir / "reader.conf.d");
        m_port = mamori::test::freePortPair();
        QVERIFY2(m_port != 0, "no free port pair for vpcd");
        {
            std::ofstream conf(m_dir / "reader.conf.d" / "vpcd");
            conf << "FRIENDLYNAME \"Virtual PCD\"\nDEVICENAME /dev/null:" << m_port << "\nLIBPATH " << kVpcdDriver
                 << "\nCHANNELID " << m_port << "\n";
            std::ofstream opensc(m_dir / "opensc.conf");
            opensc << "app default {\n  framework pkcs15 {\n    use_file_caching = false;\n  }\n}\n";
        }
        ::setenv("OPENSC_CONF", (m_dir / "opensc.conf").c_str(), 1);

        // The card's contents: a SoftHSM2 token with an RSA-2048 key and its certificate (CKA_ID 01).
        auto hsm = test::SoftHsm::create(); // sets SOFTHSM2_CONF, inherited by the bridge
        REQUIRE_OK(hsm);
        m_hsm = std::move(hsm).value();
        REQUIRE_OK(m_hsm->initToken(kTokenLabel, kPin));
        m_key = test::SoftHsmKey::generate(test::SoftHsmKey::Kind::Rsa2048, "Mamori CAC clerk");
        REQUIRE_OK(m_hsm->importKey(kTokenLabel, kPin, m_key, "01", "Mamori CAC key"));

        QString why;
        if (!startPcscd(why))
            QFAIL(qPrintable(why + logs()));

        auto module = Pkcs11Module::load(kOpenSc);
        REQUIRE_OK(module);
        m_module = std::move(module).value();
        auto listed = m_module->listSlots(false);
        REQUIRE_OK(listed);
        int readers = 0;
        for (const auto& slot : listed.value()) {
            if (slot.description.rfind("Virtual PCD", 0) == 0)
                ++readers;
            QVERIFY2(!slot.tokenPresent, "a card before the bridge started");
        }
        QVERIFY2(readers >= 1, qPrintable("OpenSC lists no Virtual PCD reader" + logs()));
        auto watcher = SlotWatcher::create(m_module);
        REQUIRE_OK(watcher);
        m_watcher = std::move(watcher).value();
        QVERIFY(m_watcher->present().empty());
    }

    void insertionIsSeen()
    {
        QVERIFY(insertCard());
        const auto start = Clock::now();
        const auto slot = waitFor(SlotEvent::Kind::Inserted, std::chrono::milliseconds{15000});
        QVERIFY2(slot.has_value(), qPrintable("no insertion seen" + logs()));
        qInfo("insertion seen after %lld ms (bridge start included); C_WaitForSlotEvent used: %s",
              static_cast<long long>(msSince(start)), m_watcher->usesSlotEvents() ? "yes" : "no");
        m_slot = *slot;
        auto token = m_module->tokenInfo(m_slot);
        REQUIRE_OK(token);
        QCOMPARE(token.value().manufacturer, std::string("Common Access Card")); // OpenSC's cac driver
    }

    void certificateWithoutPin()
    {
        auto session = openSession();
        QVERIFY(session);
        QVERIFY(!session->loggedIn());
        auto certificate = session->loginCertificate();
        REQUIRE_OK(certificate);
        QCOMPARE(certificate.value().cardId, m_key.cardId);
        QCOMPARE(certificate.value().der, m_key.certificateDer);
        QCOMPARE(certificate.value().keyType, KeyType::Rsa);
        auto parsed = vault::parseCardCertificate(certificate.value().der);
        REQUIRE_OK(parsed);
        QCOMPARE(vault::hexOf(parsed.value().spkiSha256), m_key.cardId);
    }

    void loginAndSignatureVerifies()
    {
        auto session = openSession();
        QVERIFY(session);
        auto certificate = session->loginCertificate();
        REQUIRE_OK(certificate);
        REQUIRE_OK(session->login(pinOf(kPin)));
        QVERIFY(session->loggedIn());
        const auto message = vault::loginMessage("device-01", std::vector<std::uint8_t>(32, 7));
        auto signature = session->sign(certificate.value(), message); // Auto: RSA PKCS#1 v1.5, SHA-256
        REQUIRE_OK(signature);
        auto card = vault::parseCardCertificate(certificate.value().der);
        REQUIRE_OK(card);
        REQUIRE_OK(vault::verifyCardSignature(card.value(), message, signature.value()));
        auto other = vault::loginMessage("device-01", std::vector<std::uint8_t>(32, 8));
        QCOMPARE(vault::verifyCardSignature(card.value(), other, signature.value()).code(),
                 ErrorCode::PermissionDenied);
        REQUIRE_OK(session->logout());
    }

    void removalIsNoticedAndSessionIsCardAbsent()
    {
        auto session = openSession();
        QVERIFY(session);
        auto certificate = session->loginCertificate();
        REQUIRE_OK(certificate);
        REQUIRE_OK(session->login(pinOf(kPin)));

        const std::int64_t latency = pullCardAndMeasure();
        QVERIFY2(latency >= 0, qPrintable("removal not seen on the card's slot" + logs()));
        qInfo("removal noticed %lld ms after the emulator disconnected", static_cast<long long>(latency));
        QVERIFY2(latency < 1000, "a removal must be noticed within 1 s");

        const auto start = Clock::now();
        const auto message = vault::loginMessage("device-01", std::vector<std::uint8_t>(32, 9));
        QCOMPARE(session->sign(certificate.value(), message).code(), ErrorCode::CardAbsent);
        QVERIFY(!session->loggedIn());
        QCOMPARE(session->certificates().code(), ErrorCode::CardAbsent);
        QCOMPARE(session->login(pinOf(kPin)).code(), ErrorCode::CardAbsent);
        QVERIFY(msSince(start) < 1000);
    }

    void reinsertedCardWorksAndIsPulledAgain()
    {
        QVERIFY(insertCard());
        const auto slot = waitFor(SlotEvent::Kind::Inserted, std::chrono::milliseconds{15000});
        QVERIFY2(slot.has_value(), qPrintable("no second insertion seen" + logs()));
        m_slot = *slot;
        auto session = openSession();
        QVERIFY(session);
        auto certificate = session->loginCertificate();
        REQUIRE_OK(certificate);
        QCOMPARE(certificate.value().cardId, m_key.cardId);

        const std::int64_t latency = pullCardAndMeasure();
        QVERIFY2(latency >= 0, qPrintable("second removal not seen" + logs()));
        qInfo("second removal noticed after %lld ms", static_cast<long long>(latency));
        QVERIFY2(latency < 1000, "a removal must be noticed within 1 s");
        QCOMPARE(session->certificates().code(), ErrorCode::CardAbsent);
    }

    void cleanupTestCase()
    {
        m_watcher.reset();
        m_module.reset(); // C_Finalize before pcscd goes
        m_bridge.stop();
        m_pcscd.stop();
        m_hsm.reset();
        if (!m_dir.empty()) {
            std::error_code ignored;
            fs::remove_all(m_dir, ignored);
        }
    }
};

QTEST_GUILESS_MAIN(TestReaderStack)
#include "tst_reader_stack.moc"

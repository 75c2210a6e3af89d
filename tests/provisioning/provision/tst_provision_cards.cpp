// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-provision's card commands against the real mamori-vaultd on a private dbus-daemon, on a
// device the tool provisioned (swtpm, SoftHSM2 cards): enroll-card signed in with the administrator's
// card (the new card proving possession with its PIN, or from a certificate file); enrolment refused
// when signed in with a clerk's card, an officer's card, a card that is not enrolled, or a wrong PIN —
// nothing enrolled and the refusal in the audit log; list-cards; revoke-card ending the clerk's live
// session at once; and the in-process commands refusing while the daemon serves the vault.

#include "tests/provisioning/provision/provision_fixture.h"

#include "services/common/card_messages.h"
#include "smartcard/card_session.h"
#include "smartcard/pkcs11_module.h"
#include "tests/support/private_bus.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QDBusMessage>
#include <QDBusReply>
#include <QProcess>
#include <QTest>

#include <fstream>

using namespace mamori;
using mamori::test::ProvisionFixture;
using mamori::test::ToolRun;

namespace {

QString q(const std::filesystem::path& path) { return QString::fromStdString(path.string()); }

std::vector<std::uint8_t> bytesOf(const QByteArray& array)
{
    return {reinterpret_cast<const std::uint8_t*>(array.constData()),
            reinterpret_cast<const std::uint8_t*>(array.constData()) + array.size()};
}

} // namespace

class TestProvisionCards : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void inProcessCommandsRefuseWhileDaemonRuns();
    void enrolWithAdministratorsCard();
    void enrolmentRefusedWithoutAdministrator();
    void listCards();
    void revokeEndsLiveSession();

private:
    ToolRun cardCommand(const QStringList& arguments, const QByteArray& pins);
    std::int64_t enrolRefusals() const;

    std::unique_ptr<ProvisionFixture> m_fixture;
    std::unique_ptr<test::PrivateBus> m_bus;
    QProcess m_daemon;
};

void TestProvisionCards::initTestCase()
{
    m_fixture = std::make_unique<ProvisionFixture>();
    m_fixture->setUp();
    const ToolRun init = m_fixture->init();
    QVERIFY2(init.exitCode == 0, init.describe().constData());
    // A department for the clerks, by a bundle (the daemon is not running yet).
    const auto work = m_fixture->root() / "work";
    std::filesystem::create_directories(work);
    std::ofstream(work / "spec.toml")
        << "version = 1\nserial = 1\n[[department]]\ncode = \"soumu\"\nname = \"総務部\"\n";
    QCOMPARE(m_fixture
                 ->run({QStringLiteral("bundle"), QStringLiteral("create"), q(work / "spec.toml"),
                        QStringLiteral("--out"), q(work / "b.bundle")})
                 .exitCode,
             0);
    QCOMPARE(m_fixture
                 ->run({QStringLiteral("bundle"), QStringLiteral("sign"), q(work / "b.bundle"), QStringLiteral("--key"),
                        q(m_fixture->orgDir() / "org.key")})
                 .exitCode,
             0);
    const ToolRun applied = m_fixture->run(
        QStringList{QStringLiteral("bundle"), QStringLiteral("apply"), q(work / "b.bundle")} + m_fixture->device());
    QVERIFY2(applied.exitCode == 0, applied.describe().constData());

    auto bus = test::PrivateBus::start();
    QVERIFY2(bus.ok(), bus.ok() ? "" : bus.error().describe().c_str());
    m_bus = std::move(bus).value();
    m_fixture->bus = m_bus->address();
    const QString vaultd = qEnvironmentVariable("MAMORI_VAULTD");
    QVERIFY2(!vaultd.isEmpty(), "MAMORI_VAULTD is not set (CTest sets it)");
    const QStringList daemonArguments{QStringLiteral("--state-dir"), q(m_fixture->stateDir()),
                                      QStringLiteral("--tcti"),      QString::fromStdString(m_fixture->tpm->tcti()),
                                      QStringLiteral("--bus"),       m_bus->address()};
    // Another device id than the one init recorded: refused before anything is served.
    QProcess wrongId;
    wrongId.start(vaultd, daemonArguments + QStringList{QStringLiteral("--device-id"), QStringLiteral("kiosk-99")});
    QVERIFY(wrongId.waitForFinished(30000));
    QCOMPARE(wrongId.exitCode(), 2);
    const QByteArray wrongIdError = wrongId.readAllStandardError();
    QVERIFY2(wrongIdError.contains("kiosk-01") && wrongIdError.contains("kiosk-99"), wrongIdError.constData());
    // As the shipped unit starts it: no --device-id, the recorded one is used (every login below
    // depends on it: the cards sign messages bound to kiosk-01).
    m_daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_daemon.start(vaultd, daemonArguments);
    QVERIFY(m_daemon.waitForStarted(5000));
    QDBusConnection watcher = QDBusConnection::connectToBus(m_bus->address(), QStringLiteral("watcher"));
    QTRY_VERIFY_WITH_TIMEOUT(watcher.interface()->isServiceRegistered(QStringLiteral("org.mamori.Vault1")), 15000);
    QDBusInterface vault(QStringLiteral("org.mamori.Vault1"), QStringLiteral("/org/mamori/Vault1"),
                         QStringLiteral("org.mamori.Vault1"), watcher);
    const QDBusReply<QVariantMap> status = vault.call(QStringLiteral("Status"));
    QVERIFY2(status.isValid(), qPrintable(status.error().message()));
    QCOMPARE(status.value().value(QStringLiteral("deviceId")).toString(), QStringLiteral("kiosk-01"));
}

void TestProvisionCards::cleanupTestCase()
{
    if (m_daemon.state() != QProcess::NotRunning) {
        m_daemon.terminate();
        m_daemon.waitForFinished(5000);
    }
    m_bus.reset();
    m_fixture.reset();
}

ToolRun TestProvisionCards::cardCommand(const QStringList& arguments, const QByteArray& pins)
{
    return m_fixture->run(arguments + QStringList{QStringLiteral("--bus"), m_bus->address()} + m_fixture->cards(),
                          pins);
}

std::int64_t TestProvisionCards::enrolRefusals() const
{
    const auto audit = m_fixture->audit();
    return std::count_if(audit.begin(), audit.end(), [](const auto& line) {
        return (line.action == "enrol" || line.action == "login_failed") && line.result != "ok";
    });
}

void TestProvisionCards::inProcessCommandsRefuseWhileDaemonRuns()
{
    const auto work = m_fixture->root() / "work";
    const ToolRun apply = m_fixture->run(
        QStringList{QStringLiteral("bundle"), QStringLiteral("apply"), q(work / "b.bundle")} + m_fixture->device());
    QCOMPARE(apply.exitCode, 4);
    QVERIFY2(apply.err.contains("serves this vault"), apply.err.constData());
    const ToolRun init = m_fixture->init({QStringLiteral("--wipe")});
    QCOMPARE(init.exitCode, 4);
    QVERIFY(std::filesystem::exists(m_fixture->stateDir() / "vault.db"));
    const ToolRun wipe =
        m_fixture->run(QStringList{QStringLiteral("wipe"), QStringLiteral("--yes")} + m_fixture->device());
    QCOMPARE(wipe.exitCode, 4);
    QVERIFY(std::filesystem::exists(m_fixture->stateDir() / "vault.db"));
}

void TestProvisionCards::enrolWithAdministratorsCard()
{
    // The clerk's card inserted: admin PIN first, then the clerk's (possession).
    ToolRun enrolled =
        cardCommand({QStringLiteral("enroll-card"), QStringLiteral("--admin-card"), QStringLiteral("admin"),
                     QStringLiteral("--card"), QStringLiteral("clerk"), QStringLiteral("--role"),
                     QStringLiteral("clerk"), QStringLiteral("--department"), QStringLiteral("soumu")},
                    "1111\n3333\n");
    QVERIFY2(enrolled.exitCode == 0, enrolled.describe().constData());
    QVERIFY(enrolled.out.contains("enrolled user"));
    QVERIFY(enrolled.err.contains("signed in to mamori-vaultd"));
    // From a certificate file (the card is not at hand): enrolled, with a warning.
    const auto certificate = m_fixture->root() / "work" / "extra.der";
    const auto extra = test::SoftHsmKey::generate(test::SoftHsmKey::Kind::EcP256, "Extra");
    std::ofstream(certificate, std::ios::binary)
        .write(reinterpret_cast<const char*>(extra.certificateDer.data()),
               static_cast<std::streamsize>(extra.certificateDer.size()));
    enrolled = cardCommand({QStringLiteral("enroll-card"), QStringLiteral("--admin-card"), QStringLiteral("admin"),
                            QStringLiteral("--certificate"), q(certificate), QStringLiteral("--name"),
                            QStringLiteral("Extra Clerk"), QStringLiteral("--role"), QStringLiteral("clerk,officer")},
                           "1111\n");
    QVERIFY2(enrolled.exitCode == 0, enrolled.describe().constData());
    QVERIFY(enrolled.err.contains("possession of the card was not proven"));
    QCOMPARE(m_fixture->count("SELECT count(*) FROM cards WHERE status = 'active'"), 4);
}

void TestProvisionCards::enrolmentRefusedWithoutAdministrator()
{
    const std::int64_t cards = m_fixture->count("SELECT count(*) FROM cards");
    const std::int64_t users = m_fixture->count("SELECT count(*) FROM users");
    const QStringList enrolStranger{QStringLiteral("--certificate"), q(m_fixture->root() / "work" / "stranger.der"),
                                    QStringLiteral("--name"),        QStringLiteral("Stranger"),
                                    QStringLiteral("--role"),        QStringLiteral("admin")};
    const auto& der = m_fixture->keys["stranger"].certificateDer;
    std::ofstream(m_fixture->root() / "work" / "stranger.der", std::ios::binary)
        .write(reinterpret_cast<const char*>(der.data()), static_cast<std::streamsize>(der.size()));
    struct Case {
        const char* signer;
        QByteArray pins;
        const char* expected;
    };
    const Case cases[] = {
        {"clerk", "3333\n", "PermissionDenied"},    // a clerk's card: the vault refuses CreateUser
        {"officer", "2222\n", "PermissionDenied"},  // an officer's card: likewise
        {"stranger", "4444\n", "PermissionDenied"}, // not enrolled: BeginLogin refused before any PIN
        {"admin", "9999\n", "PinIncorrect"},        // the administrator's card with a wrong PIN
    };
    for (const Case& c : cases) {
        const std::int64_t refusalsBefore = enrolRefusals();
        const ToolRun refused = cardCommand(
            QStringList{QStringLiteral("enroll-card"), QStringLiteral("--admin-card"), QString::fromLatin1(c.signer)} +
                enrolStranger,
            c.pins);
        QVERIFY2(refused.exitCode == 4, (std::string(c.signer) + ": " + refused.describe().toStdString()).c_str());
        QVERIFY2(refused.err.contains(c.expected), refused.err.constData());
        QCOMPARE(m_fixture->count("SELECT count(*) FROM cards"), cards);
        QCOMPARE(m_fixture->count("SELECT count(*) FROM users"), users);
        if (std::strcmp(c.signer, "admin") != 0) // a wrong PIN never reaches the vault
            QVERIFY2(enrolRefusals() > refusalsBefore, c.signer);
    }
}

void TestProvisionCards::listCards()
{
    const ToolRun listed =
        cardCommand({QStringLiteral("list-cards"), QStringLiteral("--admin-card"), QStringLiteral("admin")}, "1111\n");
    QVERIFY2(listed.exitCode == 0, listed.describe().constData());
    QVERIFY(listed.out.contains(QByteArray::fromStdString(m_fixture->keys["admin"].cardId)));
    QVERIFY(listed.out.contains(QByteArray::fromStdString(m_fixture->keys["clerk"].cardId)));
    QVERIFY(listed.out.contains("Clerk Ichiro"));
    QVERIFY(listed.out.contains("soumu"));
    QCOMPARE(listed.out.count("active"), 4);
    // A clerk may not list cards.
    const ToolRun refused =
        cardCommand({QStringLiteral("list-cards"), QStringLiteral("--admin-card"), QStringLiteral("clerk")}, "3333\n");
    QCOMPARE(refused.exitCode, 4);
}

void TestProvisionCards::revokeEndsLiveSession()
{
    // The clerk signs in on a connection of the test's own, with the card on its token.
    auto module = smartcard::Pkcs11Module::load(test::SoftHsm::kModulePath);
    QVERIFY(module.ok());
    unsigned long clerkSlot = 0;
    const auto slotList = module.value()->slotIds(true).value();
    for (const unsigned long slot : slotList)
        if (module.value()->tokenInfo(slot).value().label == "clerk")
            clerkSlot = slot;
    auto session = smartcard::CardSession::open(module.value(), clerkSlot);
    QVERIFY(session.ok());
    const auto certificate = session.value()->loginCertificate().value();
    QDBusConnection connection = QDBusConnection::connectToBus(m_bus->address(), QStringLiteral("clerk"));
    QDBusInterface vault(QStringLiteral("org.mamori.Vault1"), QStringLiteral("/org/mamori/Vault1"),
                         QStringLiteral("org.mamori.Vault1"), connection);
    vault.setTimeout(10000);
    const QString cardId = QString::fromStdString(certificate.cardId);
    const QDBusReply<QByteArray> nonce = vault.call(QStringLiteral("BeginLogin"), cardId);
    QVERIFY(nonce.isValid());
    const SecretBuffer pin = SecretBuffer::copyOf(std::vector<std::uint8_t>{'3', '3', '3', '3'}).value();
    QVERIFY(session.value()->login(pin).ok());
    const auto signature = session.value()->sign(certificate, loginMessage("kiosk-01", bytesOf(nonce.value()))).value();
    QVERIFY(session.value()->logout().ok());
    const QDBusReply<QVariantMap> loggedIn = vault.call(
        QStringLiteral("CompleteLogin"), cardId,
        QByteArray(reinterpret_cast<const char*>(signature.data()), static_cast<qsizetype>(signature.size())));
    QVERIFY2(loggedIn.isValid(), qPrintable(loggedIn.error().name()));
    QCOMPARE(vault.call(QStringLiteral("KeepAlive")).type(), QDBusMessage::ReplyMessage);

    // The administrator revokes the clerk's card (read from the inserted card): the session ends at once.
    const ToolRun revoked = cardCommand({QStringLiteral("revoke-card"), QStringLiteral("--admin-card"),
                                         QStringLiteral("admin"), QStringLiteral("--card"), QStringLiteral("clerk")},
                                        "1111\n");
    QVERIFY2(revoked.exitCode == 0, revoked.describe().constData());
    const QDBusMessage after = vault.call(QStringLiteral("KeepAlive"));
    QCOMPARE(after.type(), QDBusMessage::ErrorMessage);
    QCOMPARE(after.errorName(), QStringLiteral("org.mamori.Vault1.Error.PermissionDenied"));
    // The revoked card can no longer begin a login; list-cards shows it revoked.
    const QDBusReply<QByteArray> again = vault.call(QStringLiteral("BeginLogin"), cardId);
    QVERIFY(!again.isValid());
    const ToolRun listed =
        cardCommand({QStringLiteral("list-cards"), QStringLiteral("--admin-card"), QStringLiteral("admin")}, "1111\n");
    QVERIFY2(listed.exitCode == 0, listed.describe().constData());
    QCOMPARE(listed.out.count("revoked"), 1);
    // Revoking it again: nothing to revoke.
    const ToolRun twice = cardCommand({QStringLiteral("revoke-card"), QStringLiteral("--admin-card"),
                                       QStringLiteral("admin"), QStringLiteral("--card-id"), cardId},
                                      "1111\n");
    QCOMPARE(twice.exitCode, 1);
    QVERIFY(twice.err.contains("NotFound"));
}

QTEST_GUILESS_MAIN(TestProvisionCards)
#include "tst_provision_cards.moc"

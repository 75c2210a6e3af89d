// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-provision init, wipe and status end to end on a real swtpm and SoftHSM2 cards, the tool run
// as a process: a fresh device provisioned (TPM objects, vault, cards proven and enrolled, WireGuard
// key compatible with `wg pubkey`, identity file); the recovery key printed once on stdout and found
// nowhere else (stderr, any file); key files owner-only; a second init refused and the device left
// as it was; `wipe` removing the TPM handles, the NV index and the files, after which init works
// again; `init --wipe`; and init refused — leaving nothing behind — for a wrong PIN, one card for two
// people, a card whose key does not match its certificate, and a loose umask warned about.

#include "tests/provisioning/provision/provision_fixture.h"

#include "services/common/file_io.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <sys/stat.h>

using namespace mamori;
using mamori::test::ProvisionFixture;
using mamori::test::ToolRun;

namespace {

const QRegularExpression kRecoveryKey(QStringLiteral("\\b\\d{6}(?:-\\d{6}){7}\\b"));

unsigned modeOf(const std::filesystem::path& path)
{
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0)
        return 0xffffu;
    return info.st_mode & 07777u;
}

bool present(const std::filesystem::path& path)
{
    std::error_code ec;
    return std::filesystem::exists(std::filesystem::symlink_status(path, ec));
}

std::string fileText(const std::filesystem::path& path)
{
    auto bytes = readWholeFile(path, 64u << 20);
    return bytes.ok() ? std::string(reinterpret_cast<const char*>(bytes.value().data()), bytes.value().size())
                      : std::string();
}

QString identityValue(const std::string& toml, const QString& key)
{
    const QRegularExpression line(QStringLiteral("^") + key + QStringLiteral(" = \"([^\"]*)\"$"),
                                  QRegularExpression::MultilineOption);
    return line.match(QString::fromStdString(toml)).captured(1);
}

} // namespace

class TestProvisionInit : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void provisionsFreshDevice();
    void refusesSecondInitAndWipesForReal();
    void initWipeReprovisions();
    void refusesWrongPinAndLeavesNothing();
    void refusesOneCardForTwoPeople();
    void refusesCardThatCannotProvePossession();
    void helpAndUsage();

private:
    void expectNothingProvisioned();
    std::unique_ptr<ProvisionFixture> m_fixture;
};

void TestProvisionInit::init()
{
    m_fixture = std::make_unique<ProvisionFixture>();
    m_fixture->setUp();
}

void TestProvisionInit::cleanup() { m_fixture.reset(); }

void TestProvisionInit::expectNothingProvisioned()
{
    const auto inventory = m_fixture->inventory();
    QVERIFY(!inventory.counterPresent);
    QVERIFY(!present(m_fixture->stateDir() / "vault.db"));
    QVERIFY(!present(m_fixture->stateDir() / "tpm" / "master-key.sealed"));
    QVERIFY(!present(m_fixture->stateDir() / "tpm" / "recovery.wrapped"));
    QVERIFY(!present(m_fixture->configDir() / "device-identity.toml"));
    QVERIFY(!present(m_fixture->configDir() / "wireguard" / "device.key"));
}

void TestProvisionInit::provisionsFreshDevice()
{
    const ToolRun run = m_fixture->init();
    QVERIFY2(run.exitCode == 0, run.describe().constData());

    // The recovery key: once on stdout, nowhere else.
    const QString out = QString::fromUtf8(run.out);
    auto matches = kRecoveryKey.globalMatch(out);
    QStringList found;
    while (matches.hasNext())
        found << matches.next().captured(0);
    QCOMPARE(found.size(), 1);
    const QString key = found.front();
    QString digits = key;
    digits.remove(QLatin1Char('-'));
    QVERIFY(!run.err.contains(key.toLatin1()));
    QVERIFY(!kRecoveryKey.match(QString::fromUtf8(run.err)).hasMatch());
    for (const auto& file : m_fixture->everyFile()) {
        const std::string text = fileText(file);
        QVERIFY2(text.find(key.toStdString()) == std::string::npos, file.c_str());
        QVERIFY2(text.find(digits.toStdString()) == std::string::npos, file.c_str());
    }
    QVERIFY(run.err.contains("proved possession"));

    // TPM objects.
    const auto inventory = m_fixture->inventory();
    QVERIFY(inventory.storageKeyPresent);
    QVERIFY(inventory.storageKeyIsEccStorageKey);
    QVERIFY(inventory.counterPresent);
    QVERIFY(inventory.counterValue.has_value());

    // Files and their modes: keys owner-only, the state directory 0700, the identity public.
    const auto state = m_fixture->stateDir();
    const auto config = m_fixture->configDir();
    QCOMPARE(modeOf(state), 0700u);
    for (const auto& file :
         {state / "vault.db", state / "tpm" / "master-key.sealed", state / "tpm" / "signing-seed.sealed",
          state / "tpm" / "recovery.wrapped", config / "wireguard" / "device.key", m_fixture->orgDir() / "org.key"})
        QVERIFY2(modeOf(file) == 0600u, file.c_str());
    QCOMPARE(modeOf(config / "wireguard"), 0700u);
    QCOMPARE(modeOf(config / "device-identity.toml"), 0644u);
    QCOMPARE(modeOf(m_fixture->orgDir() / "org.key.pub"), 0644u);

    // The WireGuard key is what `wg genkey` writes, and the identity names its public key as `wg pubkey` derives it.
    const std::string privateKey = fileText(config / "wireguard" / "device.key");
    QCOMPARE(privateKey.size(), std::size_t(45));
    QCOMPARE(privateKey.back(), '\n');
    const std::string identity = fileText(config / "device-identity.toml");
    QCOMPARE(identityValue(identity, QStringLiteral("device_id")), QStringLiteral("kiosk-01"));
    QProcess wg;
    wg.start(QStringLiteral("wg"), {QStringLiteral("pubkey")});
    QVERIFY2(wg.waitForStarted(5000), "wg is not installed (Debian package wireguard-tools)");
    wg.write(QByteArray::fromStdString(privateKey));
    wg.closeWriteChannel();
    QVERIFY(wg.waitForFinished(5000));
    QCOMPARE(QString::fromLatin1(wg.readAllStandardOutput()).trimmed(),
             identityValue(identity, QStringLiteral("wireguard_public_key")));
    QCOMPARE(identityValue(identity, QStringLiteral("tpm_storage_key_name")).size(), 68);
    QVERIFY(!identityValue(identity, QStringLiteral("tpm_endorsement_key_name")).isEmpty());
    QVERIFY(
        identityValue(identity, QStringLiteral("organisation_key_fingerprint")).startsWith(QLatin1String("SHA256:")));

    // The vault: two users, their cards, the organisation key pinned, the provisioning entry.
    QCOMPARE(m_fixture->count("SELECT count(*) FROM cards WHERE status = 'active'"), 2);
    QCOMPARE(m_fixture->count("SELECT count(*) FROM user_roles WHERE role IN ('admin', 'officer')"), 2);
    QCOMPARE(m_fixture->count("SELECT count(*) FROM meta WHERE key = 'fleet_org_key'"), 1);
    const auto audit = m_fixture->audit();
    QVERIFY(std::any_of(audit.begin(), audit.end(), [](const auto& line) { return line.action == "provision"; }));
    QCOMPARE(std::count_if(audit.begin(), audit.end(), [](const auto& line) { return line.action == "enrol"; }), 4);

    // status: healthy (the network left out: no netguard applied here).
    const ToolRun status =
        m_fixture->run(QStringList{QStringLiteral("status"), QStringLiteral("--no-network")} + m_fixture->device());
    QVERIFY2(status.exitCode == 0, (status.describe() + status.out).constData());
    QVERIFY(status.out.contains("cards        2 active, 0 revoked"));
    QVERIFY(status.out.contains("last backup  none"));
    QVERIFY(!kRecoveryKey.match(QString::fromUtf8(status.out + status.err)).hasMatch());
}

void TestProvisionInit::refusesSecondInitAndWipesForReal()
{
    QVERIFY2(m_fixture->init().exitCode == 0, "first init");
    const std::string vaultBefore = fileText(m_fixture->stateDir() / "vault.db");
    const std::string keyBefore = fileText(m_fixture->configDir() / "wireguard" / "device.key");

    const ToolRun again = m_fixture->init();
    QCOMPARE(again.exitCode, 4);
    QVERIFY(again.err.contains("provisioned already"));
    QVERIFY(!kRecoveryKey.match(QString::fromUtf8(again.out)).hasMatch());
    QVERIFY(fileText(m_fixture->stateDir() / "vault.db") == vaultBefore);
    QVERIFY(fileText(m_fixture->configDir() / "wireguard" / "device.key") == keyBefore);

    // wipe needs --yes; then the TPM handles, the NV index and the files are gone.
    QCOMPARE(m_fixture->run(QStringList{QStringLiteral("wipe")} + m_fixture->device()).exitCode, 2);
    const ToolRun wiped =
        m_fixture->run(QStringList{QStringLiteral("wipe"), QStringLiteral("--yes")} + m_fixture->device());
    QVERIFY2(wiped.exitCode == 0, wiped.describe().constData());
    QVERIFY(wiped.out.contains("0x01804d4d: undefined"));
    QVERIFY(wiped.out.contains("0x81000001: evicted"));
    const auto inventory = m_fixture->inventory();
    QVERIFY(!inventory.storageKeyPresent);
    QVERIFY(!inventory.counterPresent);
    expectNothingProvisioned();
    QVERIFY(!present(m_fixture->stateDir() / "vault.db-wal"));
    QVERIFY(!present(m_fixture->stateDir() / "tpm"));
    // tpm2-tools agree: no persistent handle, no NV index.
    QProcess getcap;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("TPM2TOOLS_TCTI"), QString::fromStdString(m_fixture->tpm->tcti()));
    getcap.setProcessEnvironment(environment);
    for (const char* capability : {"handles-persistent", "handles-nv-index"}) {
        getcap.start(QStringLiteral("tpm2_getcap"), {QString::fromLatin1(capability)});
        QVERIFY2(getcap.waitForStarted(5000), "tpm2_getcap is not installed (Debian package tpm2-tools)");
        QVERIFY(getcap.waitForFinished(10000));
        const QByteArray listed = getcap.readAllStandardOutput();
        QVERIFY2(!listed.contains("0x81000001") && !listed.contains("0x1804d4d") && !listed.contains("0x01804d4d"),
                 listed.constData());
    }

    // A new init works, with a new recovery key and new keys.
    const ToolRun fresh = m_fixture->init();
    QVERIFY2(fresh.exitCode == 0, fresh.describe().constData());
    QVERIFY(fileText(m_fixture->configDir() / "wireguard" / "device.key") != keyBefore);
    QVERIFY(m_fixture->inventory().counterPresent);
}

void TestProvisionInit::initWipeReprovisions()
{
    const ToolRun first = m_fixture->init();
    QVERIFY2(first.exitCode == 0, first.describe().constData());
    const QString firstKey = kRecoveryKey.match(QString::fromUtf8(first.out)).captured(0);
    const std::string identityBefore = fileText(m_fixture->configDir() / "device-identity.toml");
    const ToolRun second = m_fixture->init({QStringLiteral("--wipe")});
    QVERIFY2(second.exitCode == 0, second.describe().constData());
    QVERIFY(second.err.contains("wiped the earlier provisioning"));
    const QString secondKey = kRecoveryKey.match(QString::fromUtf8(second.out)).captured(0);
    QVERIFY(!secondKey.isEmpty());
    QVERIFY(secondKey != firstKey);
    const std::string identityAfter = fileText(m_fixture->configDir() / "device-identity.toml");
    QVERIFY(identityValue(identityAfter, QStringLiteral("signing_public_key")) !=
            identityValue(identityBefore, QStringLiteral("signing_public_key")));
    // The storage key is derived from the owner seed: the same TPM gives it the same name again.
    QCOMPARE(identityValue(identityAfter, QStringLiteral("tpm_storage_key_name")),
             identityValue(identityBefore, QStringLiteral("tpm_storage_key_name")));
    QCOMPARE(m_fixture->count("SELECT count(*) FROM cards"), 2);
}

void TestProvisionInit::refusesWrongPinAndLeavesNothing()
{
    const ToolRun wrongOfficer = m_fixture->init({}, "1111\n9999\n");
    QCOMPARE(wrongOfficer.exitCode, 4);
    QVERIFY(wrongOfficer.err.contains("PinIncorrect"));
    expectNothingProvisioned();
    const ToolRun noPin = m_fixture->init({}, "1111\n");
    QCOMPARE(noPin.exitCode, 4);
    expectNothingProvisioned();
}

void TestProvisionInit::refusesOneCardForTwoPeople()
{
    QStringList arguments{QStringLiteral("init"),
                          QStringLiteral("--device-id"),
                          QStringLiteral("kiosk-01"),
                          QStringLiteral("--org-key"),
                          QString::fromStdString((m_fixture->orgDir() / "org.key.pub").string()),
                          QStringLiteral("--admin-card"),
                          QStringLiteral("admin"),
                          QStringLiteral("--officer-card"),
                          QStringLiteral("admin"),
                          QStringLiteral("--vault-user"),
                          QString()};
    const ToolRun run = m_fixture->run(arguments + m_fixture->device() + m_fixture->cards(), "1111\n1111\n");
    QCOMPARE(run.exitCode, 4);
    QVERIFY(run.err.contains("two different cards"));
    expectNothingProvisioned();
}

void TestProvisionInit::refusesCardThatCannotProvePossession()
{
    // A token holding the officer's certificate (copied) with another private key: the PIN opens the
    // card, but its signature does not verify against the certificate, so it is not enrolled.
    test::SoftHsmKey mixed = test::SoftHsmKey::generate(test::SoftHsmKey::Kind::Rsa2048, "Impostor");
    mixed.certificateDer = m_fixture->keys["officer"].certificateDer;
    QVERIFY(m_fixture->hsm->initToken("copied", "5555").ok());
    QVERIFY(m_fixture->hsm->importKey("copied", "5555", mixed, "01", "login").ok());
    QStringList arguments{QStringLiteral("init"),
                          QStringLiteral("--device-id"),
                          QStringLiteral("kiosk-01"),
                          QStringLiteral("--org-key"),
                          QString::fromStdString((m_fixture->orgDir() / "org.key.pub").string()),
                          QStringLiteral("--admin-card"),
                          QStringLiteral("admin"),
                          QStringLiteral("--officer-card"),
                          QStringLiteral("copied"),
                          QStringLiteral("--vault-user"),
                          QString()};
    const ToolRun run = m_fixture->run(arguments + m_fixture->device() + m_fixture->cards(), "1111\n5555\n");
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(run.err.contains("did not prove"), run.describe().constData());
    expectNothingProvisioned();
}

void TestProvisionInit::helpAndUsage()
{
    for (const char* command : {"init", "wipe", "enroll-card", "revoke-card", "list-cards", "status"}) {
        const ToolRun help = m_fixture->run({QString::fromLatin1(command), QStringLiteral("--help")});
        QVERIFY2(help.exitCode == 0, command);
        QVERIFY2(help.out.contains("usage: mamori-provision"), command);
    }
    for (const char* sub : {"keygen", "create", "sign", "show", "apply"})
        QCOMPARE(
            m_fixture->run({QStringLiteral("bundle"), QString::fromLatin1(sub), QStringLiteral("--help")}).exitCode, 0);
    QCOMPARE(m_fixture->run({QStringLiteral("allowlist"), QStringLiteral("set"), QStringLiteral("--help")}).exitCode,
             0);
    QCOMPARE(m_fixture->run({QStringLiteral("nonsense")}).exitCode, 2);
    QCOMPARE(m_fixture->run({QStringLiteral("init"), QStringLiteral("--no-such-option")}).exitCode, 2);
    QCOMPARE(m_fixture->run({QStringLiteral("init")}).exitCode, 2);
    const ToolRun list = m_fixture->run({QStringLiteral("help")});
    QCOMPARE(list.exitCode, 0);
    QVERIFY(list.out.contains("Exit codes"));
    // A loose umask is warned about when a key file is written, and the key is owner-only anyway.
    const auto secret = m_fixture->root() / "loose" / "org.key";
    const mode_t previous = ::umask(022);
    const ToolRun loose = m_fixture->run({QStringLiteral("bundle"), QStringLiteral("keygen"), QStringLiteral("--out"),
                                          QString::fromStdString(secret.string())});
    const ToolRun quiet = m_fixture->run({QStringLiteral("help")});
    ::umask(previous);
    QCOMPARE(loose.exitCode, 0);
    QVERIFY(loose.err.contains("umask 0022"));
    QVERIFY(!quiet.err.contains("umask"));
    QCOMPARE(modeOf(secret), 0600u);
    QCOMPARE(modeOf(secret.parent_path()), 0700u);
}

QTEST_GUILESS_MAIN(TestProvisionInit)
#include "tst_provision_init.moc"

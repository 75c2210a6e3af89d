// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-provision's fleet bundles and allow-list end to end, the tool run as a process on a device
// it provisioned itself (swtpm, SoftHSM2 cards): keygen → create → sign → apply, with the allow-list
// installed and rendered by the real mamori-netguard (render only: the host's network is not
// touched); a tampered bundle, one signed by another organisation, a replayed one and one for another
// device refused with exit 4 and an alert in the audit log; a bundle whose last part fails leaves
// nothing applied (exit 3); `allowlist check` and `allowlist set` naming the line of a mistake,
// recording the allow-list in the vault and rendering it; `bundle show`; the organisation key 0600.

#include "tests/provisioning/provision/provision_fixture.h"

#include "services/common/file_io.h"

#include <QTest>

#include <fstream>

using namespace mamori;
using mamori::test::ProvisionFixture;
using mamori::test::ToolRun;

namespace {

std::string fileText(const std::filesystem::path& path)
{
    auto bytes = readWholeFile(path, 16u << 20);
    return bytes.ok() ? std::string(reinterpret_cast<const char*>(bytes.value().data()), bytes.value().size())
                      : std::string();
}

void writeText(const std::filesystem::path& path, const std::string& text)
{
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

QString q(const std::filesystem::path& path) { return QString::fromStdString(path.string()); }

} // namespace

class TestProvisionBundle : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void createSignShow();
    void applyGoodBundle();
    void refusedBundlesAreAudited();
    void lastPartFailingLeavesNothing();
    void allowListCheckAndSet();

private:
    std::filesystem::path writeSpec(int serial, const std::string& target, const std::string& extraCard = {});
    ToolRun makeBundle(int serial, const std::filesystem::path& out, const std::string& key = "org.key",
                       const std::string& target = "any", const std::string& extraCard = {});
    ToolRun apply(const std::filesystem::path& bundle);
    std::size_t alerts() const;

    std::unique_ptr<ProvisionFixture> m_fixture;
    std::filesystem::path m_work;
    std::filesystem::path m_render;
};

void TestProvisionBundle::initTestCase()
{
    m_fixture = std::make_unique<ProvisionFixture>();
    m_fixture->setUp();
    m_fixture->writeNetguardSettings();
    const ToolRun init = m_fixture->init();
    QVERIFY2(init.exitCode == 0, init.describe().constData());
    m_work = m_fixture->root() / "work";
    m_render = m_fixture->root() / "render";
    std::filesystem::create_directories(m_work / "cards");
    const auto& clerk = m_fixture->keys["clerk"].certificateDer;
    std::ofstream(m_work / "cards" / "clerk.der", std::ios::binary)
        .write(reinterpret_cast<const char*>(clerk.data()), static_cast<std::streamsize>(clerk.size()));
    const auto& stranger = m_fixture->keys["stranger"].certificateDer;
    std::ofstream(m_work / "cards" / "stranger.der", std::ios::binary)
        .write(reinterpret_cast<const char*>(stranger.data()), static_cast<std::streamsize>(stranger.size()));
    const std::string source = qEnvironmentVariable("MAMORI_SOURCE_DIR").toStdString();
    std::filesystem::copy_file(source + "/services/net/examples/allowlist.toml", m_work / "allowlist.toml");
    writeText(m_work / "retention.csv",
              "code,name_ja,anchor,years,months,days,deadline,basis\n"
              "rodo_hoken,労災保険・労働保険の書類,from_completion,5,0,0,,organisation policy\n");
    // Another organisation's key.
    const ToolRun other = m_fixture->run({QStringLiteral("bundle"), QStringLiteral("keygen"), QStringLiteral("--out"),
                                          q(m_fixture->orgDir() / "other.key")});
    QVERIFY2(other.exitCode == 0, other.describe().constData());
}

void TestProvisionBundle::cleanupTestCase() { m_fixture.reset(); }

std::filesystem::path TestProvisionBundle::writeSpec(int serial, const std::string& target,
                                                     const std::string& extraCard)
{
    const auto path = m_work / ("spec-" + std::to_string(serial) + ".toml");
    writeText(path, "version = 1\n"
                    "serial = " +
                        std::to_string(serial) +
                        "\n"
                        "target = \"" +
                        target +
                        "\"\n"
                        "description = \"fleet settings\"\n"
                        "allowlist = \"allowlist.toml\"\n"
                        "retention = \"retention.csv\"\n"
                        "[[department]]\ncode = \"soumu\"\nname = \"総務部\"\n"
                        "[[department]]\ncode = \"keiri\"\nname = \"経理部\"\n"
                        "[[card]]\ncertificate = \"cards/clerk.der\"\nname = \"Clerk Ichiro\"\nroles = [\"clerk\"]\n"
                        "departments = [\"soumu\"]\n" +
                        extraCard);
    return path;
}

ToolRun TestProvisionBundle::makeBundle(int serial, const std::filesystem::path& out, const std::string& key,
                                        const std::string& target, const std::string& extraCard)
{
    const ToolRun created = m_fixture->run({QStringLiteral("bundle"), QStringLiteral("create"),
                                            q(writeSpec(serial, target, extraCard)), QStringLiteral("--out"), q(out)});
    if (created.exitCode != 0)
        return created;
    return m_fixture->run({QStringLiteral("bundle"), QStringLiteral("sign"), q(out), QStringLiteral("--key"),
                           q(m_fixture->orgDir() / key)});
}

ToolRun TestProvisionBundle::apply(const std::filesystem::path& bundle)
{
    return m_fixture->run(
        QStringList{QStringLiteral("bundle"), QStringLiteral("apply"), q(bundle)} + m_fixture->device() +
        QStringList{QStringLiteral("--netguard"), m_fixture->netguard, QStringLiteral("--render-only"), q(m_render)});
}

std::size_t TestProvisionBundle::alerts() const
{
    const auto audit = m_fixture->audit();
    return static_cast<std::size_t>(
        std::count_if(audit.begin(), audit.end(), [](const auto& line) { return line.action == "alert"; }));
}

void TestProvisionBundle::createSignShow()
{
    const auto bundle = m_work / "show.bundle";
    const ToolRun created = m_fixture->run({QStringLiteral("bundle"), QStringLiteral("create"), q(writeSpec(1, "any")),
                                            QStringLiteral("--out"), q(bundle)});
    QVERIFY2(created.exitCode == 0, created.describe().constData());
    const auto pub = q(m_fixture->orgDir() / "org.key.pub");
    ToolRun shown = m_fixture->run({QStringLiteral("bundle"), QStringLiteral("show"), q(bundle)});
    QCOMPARE(shown.exitCode, 0);
    QVERIFY(shown.out.contains("UNSIGNED"));
    QCOMPARE(
        m_fixture->run({QStringLiteral("bundle"), QStringLiteral("show"), q(bundle), QStringLiteral("--org-key"), pub})
            .exitCode,
        4);
    QCOMPARE(m_fixture
                 ->run({QStringLiteral("bundle"), QStringLiteral("sign"), q(bundle), QStringLiteral("--key"),
                        q(m_fixture->orgDir() / "org.key")})
                 .exitCode,
             0);
    shown =
        m_fixture->run({QStringLiteral("bundle"), QStringLiteral("show"), q(bundle), QStringLiteral("--org-key"), pub});
    QVERIFY2(shown.exitCode == 0, shown.describe().constData());
    QVERIFY(shown.out.contains("signature: verifies"));
    QVERIFY(shown.out.contains("department soumu"));
    QVERIFY(shown.out.contains("card Clerk Ichiro: clerk in soumu"));

    // A secret key that others can read is refused, as ssh refuses one.
    std::filesystem::copy_file(m_fixture->orgDir() / "org.key", m_work / "loose.key");
    std::filesystem::permissions(m_work / "loose.key", std::filesystem::perms(0644));
    const ToolRun loose = m_fixture->run({QStringLiteral("bundle"), QStringLiteral("sign"), q(bundle),
                                          QStringLiteral("--key"), q(m_work / "loose.key")});
    QCOMPARE(loose.exitCode, 4);
    QVERIFY(loose.err.contains("group or others"));
    // keygen never overwrites.
    QCOMPARE(m_fixture
                 ->run({QStringLiteral("bundle"), QStringLiteral("keygen"), QStringLiteral("--out"),
                        q(m_fixture->orgDir() / "org.key")})
                 .exitCode,
             4);
    // A spec with a mistake names its line; one with a broken allow-list names the allow-list's line.
    writeText(m_work / "bad.toml", "version = 1\nserial = 3\nunknown_key = 1\n");
    const ToolRun bad = m_fixture->run({QStringLiteral("bundle"), QStringLiteral("create"), q(m_work / "bad.toml"),
                                        QStringLiteral("--out"), q(m_work / "bad.bundle")});
    QCOMPARE(bad.exitCode, 3);
    QVERIFY2(bad.err.contains("line 3"), bad.err.constData());
    writeText(m_work / "broken-allowlist.toml", "version = 1\n[gateway]\nendpoint = \"203.0.113.10:99999\"\n");
    writeText(m_work / "bad2.toml", "version = 1\nserial = 3\nallowlist = \"broken-allowlist.toml\"\n");
    const ToolRun bad2 = m_fixture->run({QStringLiteral("bundle"), QStringLiteral("create"), q(m_work / "bad2.toml"),
                                         QStringLiteral("--out"), q(m_work / "bad.bundle")});
    QCOMPARE(bad2.exitCode, 3);
    QVERIFY2(bad2.err.contains("line 3"), bad2.err.constData());
}

void TestProvisionBundle::applyGoodBundle()
{
    const auto bundle = m_work / "good.bundle";
    const ToolRun made = makeBundle(1, bundle);
    QVERIFY2(made.exitCode == 0, made.describe().constData());
    const ToolRun applied = apply(bundle);
    QVERIFY2(applied.exitCode == 0, applied.describe().constData());
    QVERIFY(applied.out.contains("applied fleet bundle serial 1: 2 departments, 1 retention rules, 1 cards enrolled"));
    QCOMPARE(m_fixture->count("SELECT count(*) FROM departments WHERE code IN ('soumu', 'keiri')"), 2);
    QCOMPARE(m_fixture->count("SELECT count(*) FROM cards WHERE status = 'active'"), 3);
    QCOMPARE(m_fixture->count("SELECT count(*) FROM settings WHERE key = 'allowlist'"), 1);
    QCOMPARE(fileText(m_fixture->configDir() / "allowlist.toml"), fileText(m_work / "allowlist.toml"));
    for (const char* rendered : {"wireguard.conf", "mamori.nft", "dnsmasq.conf"})
        QVERIFY2(std::filesystem::exists(m_render / rendered), rendered);
    QVERIFY(fileText(m_render / "dnsmasq.conf").find("api.payroll.example") != std::string::npos);
    const auto audit = m_fixture->audit();
    QCOMPARE(audit.back().action, std::string("config"));
    QCOMPARE(audit.back().result, std::string("ok"));
    QVERIFY(audit.back().detail.starts_with("fleet bundle serial 1"));
    // status: the installed allow-list matches the vault's record, the bundle's serial is shown.
    const ToolRun status =
        m_fixture->run(QStringList{QStringLiteral("status"), QStringLiteral("--no-network")} + m_fixture->device());
    QVERIFY2(status.exitCode == 0, (status.describe() + status.out).constData());
    QVERIFY(status.out.contains("fleet bundle serial 1 applied"));
    QVERIFY(status.out.contains("matches it"));
}

void TestProvisionBundle::refusedBundlesAreAudited()
{
    // Serial 1 was applied by applyGoodBundle.
    struct Case {
        const char* name;
        std::filesystem::path file;
        const char* why;
    };
    std::vector<Case> cases;
    const auto foreign = m_work / "foreign.bundle";
    QCOMPARE(makeBundle(5, foreign, "other.key").exitCode, 0);
    cases.push_back({"another organisation", foreign, "signed by another organisation"});
    const auto tampered = m_work / "tampered.bundle";
    QCOMPARE(makeBundle(6, tampered).exitCode, 0);
    {
        std::string bytes = fileText(tampered);
        const auto at = bytes.find("総務部");
        QVERIFY(at != std::string::npos);
        bytes.replace(at, std::string("総務部").size(), "営業部"); // same length: still well-formed
        writeText(tampered, bytes);
    }
    cases.push_back({"tampered", tampered, "tampered"});
    const auto replayed = m_work / "good.bundle";
    cases.push_back({"replayed", replayed, "replayed"});
    const auto otherDevice = m_work / "other-device.bundle";
    QCOMPARE(makeBundle(7, otherDevice, "org.key", "kiosk-99").exitCode, 0);
    cases.push_back({"another device", otherDevice, "another device"});

    for (const Case& c : cases) {
        const std::size_t before = alerts();
        const std::int64_t users = m_fixture->count("SELECT count(*) FROM users");
        const ToolRun refused = apply(c.file);
        QVERIFY2(refused.exitCode == 4, (std::string(c.name) + ": " + refused.describe().toStdString()).c_str());
        QVERIFY2(refused.err.contains(c.why), refused.err.constData());
        QCOMPARE(alerts(), before + 1);
        const auto audit = m_fixture->audit();
        QCOMPARE(audit.back().action, std::string("alert"));
        QCOMPARE(audit.back().result, std::string("refused:3"));
        QVERIFY2(audit.back().detail.find(c.why) != std::string::npos, audit.back().detail.c_str());
        QCOMPARE(m_fixture->count("SELECT count(*) FROM users"), users);
        QCOMPARE(m_fixture->count("SELECT value FROM meta WHERE key = 'fleet_serial'"), 1);
    }
    QCOMPARE(m_fixture->count("SELECT count(*) FROM departments WHERE name = '営業部'"), 0);
}

void TestProvisionBundle::lastPartFailingLeavesNothing()
{
    std::filesystem::remove(m_fixture->configDir() / "allowlist.toml");
    std::filesystem::remove_all(m_render);
    // A new department, then a last card whose department exists neither on the device nor in the bundle.
    const std::string extra = "[[department]]\ncode = \"eigyo\"\nname = \"営業部\"\n"
                              "[[card]]\ncertificate = \"cards/stranger.der\"\nname = \"Stranger\"\n"
                              "roles = [\"clerk\"]\ndepartments = [\"nowhere\"]\n";
    // TOML: [[department]] after [[card]] is fine; the spec lists them in any order.
    const auto bundle = m_work / "failing.bundle";
    const ToolRun made = makeBundle(8, bundle, "org.key", "any", extra);
    QVERIFY2(made.exitCode == 0, made.describe().constData());
    const ToolRun failed = apply(bundle);
    QCOMPARE(failed.exitCode, 3);
    QVERIFY2(failed.err.contains("nothing of it was applied"), failed.err.constData());
    QCOMPARE(m_fixture->count("SELECT count(*) FROM departments WHERE code = 'eigyo'"), 0);
    QCOMPARE(m_fixture->count("SELECT count(*) FROM users"), 3);
    QCOMPARE(m_fixture->count("SELECT value FROM meta WHERE key = 'fleet_serial'"), 1);
    QVERIFY(!std::filesystem::exists(m_fixture->configDir() / "allowlist.toml"));
    QVERIFY(!std::filesystem::exists(m_render));
    const auto audit = m_fixture->audit();
    QCOMPARE(audit.back().action, std::string("config"));
    QCOMPARE(audit.back().result, std::string("failed:2"));
}

void TestProvisionBundle::allowListCheckAndSet()
{
    // check: valid, then a mistake named with its line.
    ToolRun check =
        m_fixture->run({QStringLiteral("allowlist"), QStringLiteral("check"), q(m_work / "allowlist.toml")});
    QVERIFY2(check.exitCode == 0, check.describe().constData());
    writeText(m_work / "broken.toml", fileText(m_work / "allowlist.toml") + "\n[[endpoint]]\nname = \"x\"\nhost = "
                                                                            "\"x.example\"\nport = 70000\n");
    check = m_fixture->run({QStringLiteral("allowlist"), QStringLiteral("check"), q(m_work / "broken.toml")});
    QCOMPARE(check.exitCode, 3);
    QVERIFY2(check.err.contains("line "), check.err.constData());
    QVERIFY(check.err.contains("70000"));
    // set: a broken list changes nothing.
    const std::size_t entries = m_fixture->audit().size();
    const QStringList netguard{QStringLiteral("--netguard"), m_fixture->netguard, QStringLiteral("--render-only"),
                               q(m_render)};
    ToolRun set =
        m_fixture->run(QStringList{QStringLiteral("allowlist"), QStringLiteral("set"), q(m_work / "broken.toml")} +
                       m_fixture->device() + netguard);
    QCOMPARE(set.exitCode, 3);
    QCOMPARE(m_fixture->audit().size(), entries);
    QVERIFY(!std::filesystem::exists(m_fixture->configDir() / "allowlist.toml"));
    // set: a good one is recorded in the vault ("config"), installed and rendered.
    set = m_fixture->run(QStringList{QStringLiteral("allowlist"), QStringLiteral("set"), q(m_work / "allowlist.toml")} +
                         m_fixture->device() + netguard);
    QVERIFY2(set.exitCode == 0, set.describe().constData());
    const auto audit = m_fixture->audit();
    QCOMPARE(audit.size(), entries + 1);
    QCOMPARE(audit.back().action, std::string("config"));
    QVERIFY(audit.back().detail.starts_with("allow-list set: 4 endpoints"));
    QCOMPARE(fileText(m_fixture->configDir() / "allowlist.toml"), fileText(m_work / "allowlist.toml"));
    QVERIFY(std::filesystem::exists(m_render / "mamori.nft"));
    // A netguard that fails: the tool says the list is recorded but not in force, and exits 1.
    set = m_fixture->run(QStringList{QStringLiteral("allowlist"), QStringLiteral("set"), q(m_work / "allowlist.toml")} +
                         m_fixture->device() +
                         QStringList{QStringLiteral("--netguard"), QStringLiteral("/bin/false"),
                                     QStringLiteral("--render-only"), q(m_render)});
    QCOMPARE(set.exitCode, 1);
    QVERIFY(set.err.contains("not in force"));
}

QTEST_GUILESS_MAIN(TestProvisionBundle)
#include "tst_provision_bundle.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// `mamori-admin pull` and `import` into the SQLite archive, against a libmicrohttpd server that
// speaks mamori-logd's protocol over synthetic logs (admin_test_support.h): pull → verify → report
// on a device with 10,000 entries, incremental pulls across several bundles, a damaged bundle that
// stores nothing, trust on first use and key conflicts, a device that went back, network failures,
// a head that moves during a pull, the configuration's rules, the archive's permissions, and fleet
// anomalies (failed-login bursts, out-of-hours reveals, an archive edited by hand).

#include "provisioning/admin/archive_store.h"
#include "provisioning/admin/device_config.h"
#include "provisioning/admin/logd_client.h"
#include "services/vault/sqlite_db.h"
#include "tests/provisioning/admin/admin_test_support.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace mamori;
using namespace mamori::test;

namespace {

std::string hexOf(std::span<const std::uint8_t> bytes)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (auto b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::unique_ptr<admin::ArchiveStore> openStore(const QString& path)
{
    auto store = admin::openArchive(path.toStdString());
    if (!store.ok())
        qFatal("openArchive: %s", store.error().describe().c_str());
    return std::move(store).value();
}

} // namespace

class TestAdminPull : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void pullVerifyReportTenThousand();
    void severalBundlesInOnePull();
    void damagedBundleStoresNothing();
    void trustOnFirstUse();
    void keyConflicts();
    void wrongDeviceAndWrongKey();
    void deviceWentBack();
    void networkFailures();
    void headMovedDuringPull();
    void importFile();
    void configurationRules_data();
    void configurationRules();
    void headJsonIsStrict_data();
    void headJsonIsStrict();
    void archiveIsOwnerOnly();
    void fleetAnomalies();

private:
    QString config(const std::string& body);
    QStringList common(const QString& configPath, const QString& store) const
    {
        return {"--config", configPath, "--store", store};
    }
    QString path(const QString& name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    int m_configs = 0;
};

void TestAdminPull::initTestCase()
{
    QVERIFY(initSodium().ok());
    QVERIFY2(!adminProgram().isEmpty(), "MAMORI_ADMIN is not set");
    QVERIFY(m_dir.isValid());
}

QString TestAdminPull::config(const std::string& body)
{
    const QString file = path(QString("config-%1.toml").arg(++m_configs));
    writeText(file.toStdString(), body);
    return file;
}

void TestAdminPull::pullVerifyReportTenThousand()
{
    LogSpec spec;
    spec.deviceId = "kiosk-01";
    spec.seedByte = 1;
    spec.entries = 10000;
    spec.checkpointEvery = 1000;
    SyntheticLog log = makeLog(spec);
    LogdTestServer server(log);
    QCOMPARE(server.start(), std::string());
    const QString cfg = config("[[device]]\nid = \"kiosk-01\"\nurl = \"" + server.url() + "/\"\npublic_key = \"" +
                               hexOf(log.publicKey) + "\"\nmax_entries_without_checkpoint = 1000\n");
    const QString store = path("ten-thousand.sqlite");

    const CliResult first = runAdmin(QStringList{"pull"} + common(cfg, store));
    QCOMPARE(first.exitCode, 0);
    QVERIFY2(first.out.contains("kiosk-01: pulled 10000 entries; archived head 10000, device head 10000 (1 bundle(s))"),
             qPrintable(first.out));
    QCOMPARE(server.bundleRequests.load(), 1);

    // Up to date: one request answered 204, nothing stored.
    const CliResult again = runAdmin(QStringList{"pull", "kiosk-01"} + common(cfg, store));
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.contains("kiosk-01: up to date; archived head 10000"), qPrintable(again.out));

    // The device goes on; the next pull takes only what is new.
    {
        std::lock_guard guard(server.lock);
        extendLog(log, 2500);
    }
    const CliResult incremental = runAdmin(QStringList{"pull"} + common(cfg, store));
    QCOMPARE(incremental.exitCode, 0);
    QVERIFY2(incremental.out.contains("kiosk-01: pulled 2500 entries; archived head 12500"),
             qPrintable(incremental.out));

    // The archive re-verifies from its stored encodings, and holds every entry once.
    {
        auto archive = openStore(store);
        const auto report = admin::verifyArchivedChain(*archive, "kiosk-01");
        QVERIFY(report.ok());
        QVERIFY2(report.value().clean(), describe(report.value()).c_str());
        QCOMPARE(report.value().entriesVerified, std::uint64_t(12500));
        const auto counts = archive->counts("kiosk-01").value();
        QCOMPARE(counts.entries, std::uint64_t(12500));
        QCOMPARE(counts.checkpoints, std::uint64_t(13));
        const auto state = archive->device("kiosk-01").value();
        QVERIFY(state.has_value());
        QCOMPARE(state->newestCounter.value_or(0), std::uint64_t(13));
        QCOMPARE(state->lastReportedHead.value_or(0), std::uint64_t(12500));
        QVERIFY(state->publicKey == log.publicKey);
        QCOMPARE(std::string(admin::pinSourceName(state->pinnedBy)), std::string("config"));
        const auto pulls = archive->recentPulls("kiosk-01", 10).value();
        QCOMPARE(pulls.size(), std::size_t(3));
        QCOMPARE(pulls.front().outcome, std::string("ok"));
        QCOMPARE(pulls.front().firstSequence, std::uint64_t(10001));
        QCOMPARE(pulls.front().lastSequence, std::uint64_t(12500));
    }

    // The report over the whole period: per action counts follow the synthetic mix (2 reveals, 1
    // failed login … per 20 entries).
    const QString csv = path("ten-thousand.csv");
    const CliResult report =
        runAdmin(QStringList{"report", "--lang", "en", "--no-operations", "--out", csv} + common(cfg, store));
    QCOMPARE(report.exitCode, 0);
    QVERIFY2(report.out.contains("report written to " + csv + " (csv, 12500 entries; devices: kiosk-01)"),
             qPrintable(report.out));
    const std::string text = readText(csv.toStdString());
    QVERIFY(text.find("by_action,,,,,,Number shown,,,,,1250\r\n") != std::string::npos);
    QVERIFY(text.find("by_action,,,,,,Failed login,,,,,625\r\n") != std::string::npos);
    QVERIFY(text.find("by_action,,,,,,Disposal,,,,,25\r\n") != std::string::npos);
    QVERIFY(text.find("by_purpose,,,,,,,withholding,,,,1875\r\n") != std::string::npos);
    // A period: the first day only (09:00-24:00 JST, one entry a minute: 900 entries).
    const CliResult day = runAdmin(
        QStringList{"report", "--from", "2026-04-01", "--to", "2026-04-01", "--lang", "en", "--out", path("day.csv")} +
        common(cfg, store));
    QCOMPARE(day.exitCode, 0);
    QVERIFY2(day.out.contains("(csv, 900 entries; devices: kiosk-01)"), qPrintable(day.out));
}

void TestAdminPull::severalBundlesInOnePull()
{
    LogSpec spec;
    spec.deviceId = "kiosk-02";
    spec.seedByte = 2;
    spec.entries = 25000;
    spec.checkpointEvery = 1000;
    SyntheticLog log = makeLog(spec);
    LogdTestServer server(log);
    QCOMPARE(server.start(), std::string());
    const QString cfg = config("[[device]]\nid = \"kiosk-02\"\nurl = \"" + server.url() + "\"\npublic_key = \"" +
                               hexOf(log.publicKey) + "\"\n");
    const QString store = path("several.sqlite");
    const CliResult r = runAdmin(QStringList{"pull"} + common(cfg, store));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("kiosk-02: pulled 25000 entries; archived head 25000, device head 25000 (3 bundle(s))"),
             qPrintable(r.out));
    QCOMPARE(server.bundleRequests.load(), 3);
}

void TestAdminPull::damagedBundleStoresNothing()
{
    LogSpec spec;
    spec.deviceId = "kiosk-03";
    spec.seedByte = 3;
    spec.entries = 300;
    spec.checkpointEvery = 100;
    SyntheticLog log = makeLog(spec);
    LogdTestServer server(log, 100); // 100 entries a bundle: three bundles
    QCOMPARE(server.start(), std::string());
    const QString cfg = config("[[device]]\nid = \"kiosk-03\"\nurl = \"" + server.url() + "\"\npublic_key = \"" +
                               hexOf(log.publicKey) + "\"\n");
    const QString store = path("damaged.sqlite");

    // The second bundle has one byte of an entry flipped (its employee code): ModifiedEntry.
    int served = 0;
    server.tamperBundle = [&](std::vector<std::uint8_t>& bytes) {
        if (++served != 2)
            return;
        const auto encoded = vault::encodeEntry(log.entries[149]).value();
        const auto at = std::search(bytes.begin(), bytes.end(), encoded.begin(), encoded.end());
        const std::string code = log.entries[149].employeeCode;
        auto field = std::search(at, at + std::ptrdiff_t(encoded.size()), code.begin(), code.end());
        *field ^= 0x01;
    };
    const CliResult r = runAdmin(QStringList{"pull"} + common(cfg, store));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.contains("kiosk-03: DAMAGED: entry 150 was changed after it was written"), qPrintable(r.out));
    QVERIFY(r.out.contains("kind ModifiedEntry, sequence 150"));
    QVERIFY(r.out.contains("nothing of the refused bundle was stored; the archive ends at 100 (100 entries stored "
                           "before it)"));
    {
        auto archive = openStore(store);
        QCOMPARE(archive->counts("kiosk-03").value().entries, std::uint64_t(100));
        QCOMPARE(archive->device("kiosk-03").value()->head.sequence, std::uint64_t(100));
        const auto pulls = archive->recentPulls("kiosk-03", 1).value();
        QCOMPARE(pulls.front().outcome, std::string("damaged"));
        QCOMPARE(pulls.front().damageKind, std::string("ModifiedEntry"));
        QCOMPARE(pulls.front().damageSequence, std::uint64_t(150));
    }
    // The fleet shows the failed pull.
    const CliResult fleet = runAdmin(QStringList{"fleet", "--lang", "en"} + common(cfg, store));
    QCOMPARE(fleet.exitCode, 6);
    QVERIFY2(fleet.out.contains("[last_pull_failed]") && fleet.out.contains("(ModifiedEntry at sequence 150)"),
             qPrintable(fleet.out));

    // Once the device serves clean bundles again, the pull continues from 100.
    server.tamperBundle = nullptr;
    const CliResult retry = runAdmin(QStringList{"pull"} + common(cfg, store));
    QCOMPARE(retry.exitCode, 0);
    QVERIFY2(retry.out.contains("kiosk-03: pulled 200 entries; archived head 300"), qPrintable(retry.out));

    // A bundle re-signed under the device key but rewritten (forked) is refused too.
    {
        std::lock_guard guard(server.lock);
        extendLog(log, 100);
    }
    server.tamperBundle = [&](std::vector<std::uint8_t>& bytes) {
        BundleParts parts = partsOf(log, 300);
        parts.entries[10].detail = "rewritten";
        rechain(parts.entries, 10, vault::headOf(parts.entries[9]));
        bytes = writeBundle(parts, signerOf(log));
    };
    const CliResult forked = runAdmin(QStringList{"pull"} + common(cfg, store));
    QCOMPARE(forked.exitCode, 2);
    QVERIFY2(forked.out.contains("kind Forked, sequence 400"), qPrintable(forked.out));
    QCOMPARE(openStore(store)->counts("kiosk-03").value().entries, std::uint64_t(300));
}

void TestAdminPull::trustOnFirstUse()
{
    LogSpec spec;
    spec.deviceId = "kiosk-04";
    spec.seedByte = 4;
    spec.entries = 50;
    SyntheticLog log = makeLog(spec);
    LogdTestServer server(log);
    QCOMPARE(server.start(), std::string());
    const QString cfg = config("[[device]]\nid = \"kiosk-04\"\nurl = \"" + server.url() + "\"\n");
    const QString store = path("tofu.sqlite");

    const CliResult refused = runAdmin(QStringList{"pull"} + common(cfg, store));
    QCOMPARE(refused.exitCode, 5);
    QVERIFY2(refused.out.contains("kiosk-04: UNTRUSTED: no device key is pinned"), qPrintable(refused.out));
    QCOMPARE(server.headRequests.load() + server.bundleRequests.load(), 0); // nothing was even asked

    const CliResult pinned = runAdmin(QStringList{"pull", "--tofu"} + common(cfg, store));
    QCOMPARE(pinned.exitCode, 0);
    QVERIFY2(pinned.out.contains("kiosk-04: pinned device key ") && pinned.out.contains("(trust on first use)"),
             qPrintable(pinned.out));
    QCOMPARE(std::string(admin::pinSourceName(openStore(store)->device("kiosk-04").value()->pinnedBy)),
             std::string("tofu"));

    // From now on the archive's key decides: the device's key replaced (another seed) is refused.
    {
        std::lock_guard guard(server.lock);
        LogSpec replaced = spec;
        replaced.seedByte = 77;
        replaced.entries = 60;
        log = makeLog(replaced);
    }
    const CliResult swapped = runAdmin(QStringList{"pull"} + common(cfg, store));
    QCOMPARE(swapped.exitCode, 2);
    QVERIFY2(swapped.out.contains("kind WrongDeviceKey"), qPrintable(swapped.out));
}

void TestAdminPull::keyConflicts()
{
    LogSpec spec;
    spec.deviceId = "kiosk-05";
    spec.seedByte = 5;
    spec.entries = 20;
    SyntheticLog log = makeLog(spec);
    LogdTestServer server(log);
    QCOMPARE(server.start(), std::string());
    const QString store = path("conflict.sqlite");
    const QString right = config("[[device]]\nid = \"kiosk-05\"\nurl = \"" + server.url() + "\"\npublic_key = \"" +
                                 hexOf(log.publicKey) + "\"\n");
    QCOMPARE(runAdmin(QStringList{"pull"} + common(right, store)).exitCode, 0);
    const std::string other(64, 'e');
    const QString wrong =
        config("[[device]]\nid = \"kiosk-05\"\nurl = \"" + server.url() + "\"\npublic_key = \"" + other + "\"\n");
    const CliResult r = runAdmin(QStringList{"pull"} + common(wrong, store));
    QCOMPARE(r.exitCode, 5);
    QVERIFY2(r.out.contains("the configured device key differs from the key pinned in the archive"), qPrintable(r.out));
}

void TestAdminPull::wrongDeviceAndWrongKey()
{
    LogSpec spec;
    spec.deviceId = "kiosk-06";
    spec.seedByte = 6;
    spec.entries = 20;
    SyntheticLog log = makeLog(spec);
    LogdTestServer server(log);
    QCOMPARE(server.start(), std::string());
    const QString store = path("wrong.sqlite");
    const std::string key = hexOf(log.publicKey);

    // logd answers for another device.
    server.headDeviceId = "kiosk-99";
    const QString cfg =
        config("[[device]]\nid = \"kiosk-06\"\nurl = \"" + server.url() + "\"\npublic_key = \"" + key + "\"\n");
    const CliResult other = runAdmin(QStringList{"pull"} + common(cfg, store));
    QCOMPARE(other.exitCode, 2);
    QVERIFY2(other.out.contains("answers for device 'kiosk-99', not 'kiosk-06'"), qPrintable(other.out));
    server.headDeviceId.reset();

    // The bundles are signed by a key other than the configured one.
    LogSpec otherSpec = spec;
    otherSpec.seedByte = 66;
    const SyntheticLog stranger = makeLog(otherSpec);
    const QString strangerCfg = config("[[device]]\nid = \"kiosk-06\"\nurl = \"" + server.url() +
                                       "\"\npublic_key = \"" + hexOf(stranger.publicKey) + "\"\n");
    const CliResult wrongKey = runAdmin(QStringList{"pull"} + common(strangerCfg, store));
    QCOMPARE(wrongKey.exitCode, 2);
    QVERIFY2(wrongKey.out.contains("DAMAGED: the bundle is signed by another key than the device's pinned key"),
             qPrintable(wrongKey.out));
    QVERIFY(!openStore(store)->device("kiosk-06").value().has_value());
}

void TestAdminPull::deviceWentBack()
{
    LogSpec spec;
    spec.deviceId = "kiosk-07";
    spec.seedByte = 8;
    spec.entries = 40;
    spec.checkpointEvery = 10;
    SyntheticLog log = makeLog(spec);
    LogdTestServer server(log);
    QCOMPARE(server.start(), std::string());
    const QString store = path("back.sqlite");
    const QString cfg = config("[[device]]\nid = \"kiosk-07\"\nurl = \"" + server.url() + "\"\npublic_key = \"" +
                               hexOf(log.publicKey) + "\"\n");
    QCOMPARE(runAdmin(QStringList{"pull"} + common(cfg, store)).exitCode, 0);

    // The device now reports an older head (an old copy of its database was restored).
    server.reportedHead = 30;
    const CliResult r = runAdmin(QStringList{"pull"} + common(cfg, store));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.contains("the device's log is behind the archive (head 30 < archived 40)"), qPrintable(r.out));
    QVERIFY(r.out.contains("kind RolledBack, sequence 30"));
    server.reportedHead.reset();

    // A restored copy that then grew again: same length as before but other content after 30, with
    // the old checkpoints' counters rolled back. It cannot continue the archived head.
    {
        std::lock_guard guard(server.lock);
        log.entries.resize(30);
        log.checkpoints.resize(3);
        log.counter = 3;
        log.stepMs = 61000; // other times: other content
        extendLog(log, 20);
    }
    const CliResult fork = runAdmin(QStringList{"pull"} + common(cfg, store));
    QCOMPARE(fork.exitCode, 2);
    QVERIFY2(fork.out.contains("DAMAGED:"), qPrintable(fork.out));
    QCOMPARE(openStore(store)->device("kiosk-07").value()->head.sequence, std::uint64_t(40));
}

void TestAdminPull::networkFailures()
{
    LogSpec spec;
    spec.deviceId = "kiosk-08";
    spec.seedByte = 9;
    spec.entries = 20;
    SyntheticLog log = makeLog(spec);
    auto server = std::make_unique<LogdTestServer>(log);
    QCOMPARE(server->start(), std::string());
    const QString store = path("network.sqlite");
    const QString cfg = config("[[device]]\nid = \"kiosk-08\"\nurl = \"" + server->url() + "\"\npublic_key = \"" +
                               hexOf(log.publicKey) + "\"\n");
    server->failStatus = 503;
    const CliResult unavailable = runAdmin(QStringList{"pull"} + common(cfg, store));
    QCOMPARE(unavailable.exitCode, 3);
    QVERIFY2(unavailable.out.contains("kiosk-08: NETWORK: logd at http://127.0.0.1:") &&
                 unavailable.out.contains("answered HTTP 503"),
             qPrintable(unavailable.out));
    server.reset();
    const CliResult down = runAdmin(QStringList{"pull"} + common(cfg, store));
    QCOMPARE(down.exitCode, 3);
    QVERIFY2(down.out.contains("kiosk-08: NETWORK:"), qPrintable(down.out));
    // Unknown device on the command line; no configuration at all.
    QCOMPARE(runAdmin(QStringList{"pull", "kiosk-99"} + common(cfg, store)).exitCode, 1);
    QCOMPARE(runAdmin(QStringList{"pull", "--config", path("absent.toml"), "--store", store}).exitCode, 3);
    // A proxy in the environment is never used: the pull still reaches the (absent) device directly.
    QProcessEnvironment proxy;
    proxy.insert("http_proxy", "http://192.0.2.1:3128");
    proxy.insert("HTTP_PROXY", "http://192.0.2.1:3128");
    const CliResult viaProxy = runAdmin(QStringList{"pull"} + common(cfg, store), proxy);
    QCOMPARE(viaProxy.exitCode, 3);
    QVERIFY2(viaProxy.out.contains("127.0.0.1") && !viaProxy.out.contains("192.0.2.1"), qPrintable(viaProxy.out));
}

void TestAdminPull::headMovedDuringPull()
{
    LogSpec spec;
    spec.deviceId = "kiosk-09";
    spec.seedByte = 10;
    spec.entries = 20;
    spec.checkpointEvery = 10;
    SyntheticLog log = makeLog(spec);
    auto store = openStore(path("moved.sqlite"));
    const auto verified = vault::verifyBundle(exportRange(log, 1, 10), log.publicKey);
    QVERIFY(verified.report.clean());
    admin::AppendBatch batch;
    batch.deviceId = "kiosk-09";
    batch.publicKey = log.publicKey;
    batch.entries = verified.bundle.entries;
    batch.checkpoints = verified.bundle.checkpoints;
    batch.newHead = verified.report.head;
    batch.pulledMs = 1;
    QVERIFY(store->append(batch).ok());
    // The same batch again: the archived head is no longer genesis.
    QCOMPARE(store->append(batch).code(), ErrorCode::AlreadyExists);
    // A batch verified against a stale head.
    const auto second = vault::verifyBundle(exportRange(log, 11, 20), log.publicKey);
    batch.entries = second.bundle.entries;
    batch.checkpoints = second.bundle.checkpoints;
    batch.expectedHead = vault::headOf(log.entries[8]);
    batch.newHead = second.report.head;
    QVERIFY(!store->append(batch).ok());
    batch.expectedHead = vault::headOf(log.entries[9]);
    QVERIFY(store->append(batch).ok());
    QCOMPARE(store->counts("kiosk-09").value().entries, std::uint64_t(20));
}

void TestAdminPull::importFile()
{
    LogSpec spec;
    spec.deviceId = "kiosk-10";
    spec.seedByte = 11;
    spec.entries = 60;
    spec.checkpointEvery = 20;
    SyntheticLog log = makeLog(spec);
    const QString store = path("import.sqlite");
    const QString first = path("import-1.bundle");
    const QString second = path("import-2.bundle");
    writeFile(first.toStdString(), exportRange(log, 1, 40));
    writeFile(second.toStdString(), exportRange(log, 41, 60));
    // No key, no --tofu: refused.
    QCOMPARE(runAdmin({"import", first, "--store", store}).exitCode, 5);
    // Out of order: the second bundle cannot start a new device's archive.
    const CliResult early =
        runAdmin({"import", second, "--store", store, "--key", QString::fromStdString(hexOf(log.publicKey))});
    QCOMPARE(early.exitCode, 2);
    QVERIFY2(early.out.contains("DAMAGED: sequence numbers skip before entry 41") &&
                 early.out.contains("kind SequenceGap, sequence 41"),
             qPrintable(early.out));
    const CliResult one =
        runAdmin({"import", first, "--store", store, "--key", QString::fromStdString(hexOf(log.publicKey))});
    QCOMPARE(one.exitCode, 0);
    QVERIFY2(one.out.contains("kiosk-10: imported 40 entries; archived head 40"), qPrintable(one.out));
    QCOMPARE(runAdmin({"import", second, "--store", store}).exitCode, 0);
    // The same file again does not continue the archive.
    QCOMPARE(runAdmin({"import", second, "--store", store}).exitCode, 2);
    QCOMPARE(openStore(store)->counts("kiosk-10").value().entries, std::uint64_t(60));
}

void TestAdminPull::configurationRules_data()
{
    QTest::addColumn<QString>("toml");
    QTest::addColumn<QString>("problem");
    QTest::newRow("unknown key") << "[[device]]\nid = \"a\"\nurl = \"http://x\"\nport = 1\n"
                                 << "unknown key 'port'";
    QTest::newRow("no url") << "[[device]]\nid = \"a\"\n"
                            << "missing key 'url'";
    QTest::newRow("bad url") << "[[device]]\nid = \"a\"\nurl = \"ftp://x\"\n"
                             << "url must be an http://";
    QTest::newRow("bad key") << "[[device]]\nid = \"a\"\nurl = \"http://x\"\npublic_key = \"abc\"\n"
                             << "public_key must be 64 lowercase hex";
    QTest::newRow("device twice") << "[[device]]\nid = \"a\"\nurl = \"http://x\"\n[[device]]\nid = \"a\"\nurl = "
                                     "\"http://y\"\n"
                                  << "id appears twice";
    QTest::newRow("space in id") << "[[device]]\nid = \"a b\"\nurl = \"http://x\"\n"
                                 << "id must be 1-64";
    QTest::newRow("bad card") << "[[card]]\nid = \"abc\"\nname = \"x\"\n"
                              << "id must be the card id";
    QTest::newRow("hours") << "[anomalies]\nwork_start_hour = 20\nwork_end_hour = 8\n"
                           << "work_end_hour must be after work_start_hour";
    QTest::newRow("syntax") << "[[device]\n"
                            << "TOML syntax";
    QTest::newRow("unknown table") << "[devices]\n"
                                   << "unknown key 'devices'";
}

void TestAdminPull::configurationRules()
{
    QFETCH(QString, toml);
    QFETCH(QString, problem);
    const auto parsed = admin::parseAdminConfig(toml.toStdString());
    QVERIFY(!parsed.ok());
    QVERIFY2(QString::fromStdString(parsed.error().context()).contains(problem), parsed.error().context().c_str());
    // A good one, with a grouped key, card names and thresholds.
    const auto good = admin::parseAdminConfig(
        "[[device]]\nid = \"k\"\nurl = \"http://10.44.0.2:7480\"\npublic_key = \"03a1 07bf f3ce 10be 1d70 dd18 e74b "
        "c099 67e4 d630 9ba5 0d5f 1ddc 8664 1255 31b8\"\n[[card]]\nid = \"" +
        kClerkCardA + "\"\nname = \"山田 太郎\"\n[anomalies]\nfailed_login_burst = 3\nwork_end_hour = 19\n");
    QVERIFY2(good.ok(), good.ok() ? "" : good.error().context().c_str());
    QCOMPARE(good.value().devices.size(), std::size_t(1));
    QVERIFY(good.value().devices[0].publicKey.has_value());
    QCOMPARE(good.value().cardNames.at(kClerkCardA), std::string("山田 太郎"));
    QCOMPARE(good.value().thresholds.failedLoginBurst, 3u);
    QCOMPARE(good.value().thresholds.workEndHour, 19);
}

void TestAdminPull::headJsonIsStrict_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<bool>("ok");
    QTest::newRow("logd's own") << R"({"deviceId": "mamori-demo", "headSequence": 1234})" << true;
    QTest::newRow("extra field") << R"({"deviceId": "d", "headSequence": 0, "v": 1})" << true;
    QTest::newRow("negative") << R"({"deviceId": "d", "headSequence": -1})" << false;
    QTest::newRow("string sequence") << R"({"deviceId": "d", "headSequence": "1"})" << false;
    QTest::newRow("missing id") << R"({"headSequence": 1})" << false;
    QTest::newRow("id with space") << R"({"deviceId": "a b", "headSequence": 1})" << false;
    QTest::newRow("repeated") << R"({"deviceId": "d", "deviceId": "e", "headSequence": 1})" << false;
    QTest::newRow("array") << R"([1, 2])" << false;
    QTest::newRow("truncated") << R"({"deviceId": "d", "headSeq)" << false;
}

void TestAdminPull::headJsonIsStrict()
{
    QFETCH(QString, json);
    QFETCH(bool, ok);
    QCOMPARE(admin::parseHeadJson(json.toStdString()).ok(), ok);
}

void TestAdminPull::archiveIsOwnerOnly()
{
    LogSpec spec;
    spec.deviceId = "kiosk-11";
    spec.seedByte = 12;
    spec.entries = 20;
    SyntheticLog log = makeLog(spec);
    const QString bundle = path("perm.bundle");
    writeFile(bundle.toStdString(), exportAll(log));
    const QString store = path("perm/archive.sqlite");
    const mode_t before = ::umask(022); // what most sessions have: the tool must not rely on it
    const CliResult r =
        runAdmin({"import", bundle, "--store", store, "--key", QString::fromStdString(hexOf(log.publicKey))});
    ::umask(before);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains("warning: umask 0022 would let others read what this tool writes; using 0077"),
             qPrintable(r.err));
    struct stat info {};
    QCOMPARE(::stat(store.toUtf8().constData(), &info), 0);
    QCOMPARE(int(info.st_mode & 0777), 0600);
    QCOMPARE(::stat(path("perm").toUtf8().constData(), &info), 0);
    QCOMPARE(int(info.st_mode & 0777), 0700);
    // A report is written owner-only too.
    const QString csv = path("perm.csv");
    QCOMPARE(runAdmin({"report", "--store", store, "--out", csv}).exitCode, 0);
    QCOMPARE(::stat(csv.toUtf8().constData(), &info), 0);
    QCOMPARE(int(info.st_mode & 0777), 0600);
    // A loosened archive is named.
    ::chmod(store.toUtf8().constData(), 0644);
    const CliResult loose = runAdmin({"report", "--store", store, "--out", csv});
    QVERIFY2(loose.err.contains("has mode 0644: others may read it"), qPrintable(loose.err));
}

void TestAdminPull::fleetAnomalies()
{
    // A device whose log runs up to now: office hours mostly, then a burst of failed logins and a
    // reveal at 23:00 JST.
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    LogSpec spec;
    spec.deviceId = "kiosk-12";
    spec.seedByte = 13;
    spec.entries = 0;
    spec.checkpointEvery = 100;
    spec.startMs = now - 2LL * 24 * 3600 * 1000;
    SyntheticLog log = makeLog(spec);
    // Day before yesterday 23:00 JST, whatever the time now: midnight JST of that day + 23 h.
    const std::int64_t jstMidnight = ((spec.startMs + 9LL * 3600000) / 86400000) * 86400000 - 9LL * 3600000;
    std::vector<vault::AuditEntry> drafts;
    for (int i = 0; i < 6; ++i) {
        vault::AuditEntry failed = syntheticDraft(log.deviceId, 6, jstMidnight + 10LL * 3600000 + i * 60000LL);
        drafts.push_back(failed);
    }
    vault::AuditEntry late = syntheticDraft(log.deviceId, 3, jstMidnight + 23LL * 3600000);
    drafts.push_back(late);
    appendDrafts(log, drafts);
    const QString bundle = path("fleet.bundle");
    writeFile(bundle.toStdString(), exportAll(log));
    const QString store = path("fleet.sqlite");
    QCOMPARE(
        runAdmin({"import", bundle, "--store", store, "--key", QString::fromStdString(hexOf(log.publicKey))}).exitCode,
        0);
    const QString cfg = config("[[card]]\nid = \"" + kClerkCardA + "\"\nname = \"Clerk A\"\n");
    const CliResult fleet = runAdmin(QStringList{"fleet", "--days", "7", "--lang", "en"} + common(cfg, store));
    QCOMPARE(fleet.exitCode, 6);
    QVERIFY2(fleet.out.contains("kiosk-12\n  archived head: 7 (7 entries)"), qPrintable(fleet.out));
    QVERIFY(fleet.out.contains("[failed_login_burst] 5 or more failed logins within 10 min, from "));
    QVERIFY(
        fleet.out.contains("[out_of_hours_reveal] number shown out of hours by card Clerk A (a1b2:c3d4:e5f6:a7b8)"));
    QVERIFY(fleet.out.contains("failed logins: 6"));
    QVERIFY(fleet.out.contains("1 devices, with anomalies: 1"));
    // In Japanese first.
    const CliResult ja = runAdmin(QStringList{"fleet", "--days", "7"} + common(cfg, store));
    QVERIFY2(ja.out.contains("装置の状況 (Fleet)") && ja.out.contains("保管済み連番 (archived head): 7"),
             qPrintable(ja.out));

    // An archive edited by hand: an entry deleted. The fleet names the gap; a report refuses to use it.
    {
        auto db = vault::Database::open(store.toStdString(), vault::Database::Mode::ReadWrite).value();
        QVERIFY(db.exec("DELETE FROM entries WHERE sequence = 3").ok());
    }
    const CliResult gap = runAdmin(QStringList{"fleet", "--days", "7", "--lang", "en"} + common(cfg, store));
    QVERIFY2(gap.out.contains("[archive_gap] the archive holds 6 entries (1-7) for head 7"), qPrintable(gap.out));
    const CliResult report = runAdmin(QStringList{"report", "--out", path("gap.csv")} + common(cfg, store));
    QCOMPARE(report.exitCode, 2);
    QVERIFY2(report.err.contains("no report written: the archive of device 'kiosk-12' fails verification: the chain "
                                 "is broken at entry 3"),
             qPrintable(report.err));
}

QTEST_GUILESS_MAIN(TestAdminPull)
#include "tst_admin_pull.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The PostgreSQL archive for a fleet: a private PostgreSQL 15 server (initdb/pg_ctl, as "nobody"
// when the test runs as root) holding three devices pulled from three logd protocol servers;
// incremental pulls, a damaged bundle that stores nothing for its device only, two pulls of one
// device at the same time, reports over the fleet that match the SQLite archive's byte for byte,
// the fleet table, a database that is not an archive, and no password in any message.

#include "provisioning/admin/archive_store.h"
#include "provisioning/admin/postgres_archive.h"
#include "tests/provisioning/admin/admin_test_support.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace mamori;
using namespace mamori::test;

namespace {

std::string hexString(std::span<const std::uint8_t> bytes)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (auto b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

constexpr int kDevices = 3;

} // namespace

class TestAdminPostgres : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void threeDevices();
    void incrementalAndDamaged();
    void concurrentPullsOfOneDevice();
    void reportsMatchSqlite();
    void fleet();
    void notAnArchive();
    void noPasswordInMessages();

private:
    QStringList common(const QString& store) const { return {"--config", m_config, "--store", store}; }
    QString path(const QString& name) const { return m_dir.filePath(name); }
    std::unique_ptr<admin::ArchiveStore> archive()
    {
        auto opened = admin::openArchive(m_uri.toStdString());
        if (!opened.ok())
            qFatal("openArchive: %s", opened.error().describe().c_str());
        return std::move(opened).value();
    }

    QTemporaryDir m_dir;
    PostgresServer m_server;
    QString m_uri;
    QString m_config;
    std::vector<std::unique_ptr<SyntheticLog>> m_logs;
    std::vector<std::unique_ptr<LogdTestServer>> m_servers;
};

void TestAdminPostgres::initTestCase()
{
    QVERIFY(initSodium().ok());
    QVERIFY2(!adminProgram().isEmpty(), "MAMORI_ADMIN is not set");
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("MAMORI_KEEP_TEST_FILES"));
    const std::string started = m_server.start();
    QVERIFY2(started.empty(), started.c_str());
    QCOMPARE(m_server.createDatabase("mamori_archive"), std::string());
    m_uri = QString::fromStdString(m_server.uri("mamori_archive"));

    std::string config;
    for (int i = 0; i < kDevices; ++i) {
        LogSpec spec;
        spec.deviceId = "kiosk-" + std::string(1, char('a' + i));
        spec.seedByte = std::uint8_t(100 + i);
        spec.entries = 3000 + std::size_t(i) * 500;
        spec.checkpointEvery = 500;
        m_logs.push_back(std::make_unique<SyntheticLog>(makeLog(spec)));
        m_servers.push_back(std::make_unique<LogdTestServer>(*m_logs.back(), 2000));
        QCOMPARE(m_servers.back()->start(), std::string());
        config += "[[device]]\nid = \"" + spec.deviceId + "\"\nurl = \"" + m_servers.back()->url() +
                  "\"\npublic_key = \"" + hexString(m_logs.back()->publicKey) + "\"\n";
    }
    m_config = path("fleet.toml");
    writeText(m_config.toStdString(), config);
}

void TestAdminPostgres::cleanupTestCase()
{
    m_servers.clear();
    m_server.stop();
}

void TestAdminPostgres::threeDevices()
{
    const CliResult r = runAdmin(QStringList{"pull"} + common(m_uri));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("kiosk-a: pulled 3000 entries; archived head 3000, device head 3000 (2 bundle(s))"),
             qPrintable(r.out));
    QVERIFY(r.out.contains("kiosk-b: pulled 3500 entries; archived head 3500"));
    QVERIFY(r.out.contains("kiosk-c: pulled 4000 entries; archived head 4000"));
    auto store = archive();
    QVERIFY(store->describe().starts_with("postgresql:///mamori_archive"));
    const auto devices = store->devices().value();
    QCOMPARE(devices.size(), std::size_t(kDevices));
    for (int i = 0; i < kDevices; ++i) {
        const std::string id = m_logs[std::size_t(i)]->deviceId;
        QCOMPARE(devices[std::size_t(i)].deviceId, id);
        QVERIFY(devices[std::size_t(i)].publicKey == m_logs[std::size_t(i)]->publicKey);
        const auto verified = admin::verifyArchivedChain(*store, id).value();
        QVERIFY2(verified.clean(), describe(verified).c_str());
        QCOMPARE(verified.entriesVerified, std::uint64_t(m_logs[std::size_t(i)]->entries.size()));
        const auto counts = store->counts(id).value();
        QCOMPARE(counts.entries, std::uint64_t(m_logs[std::size_t(i)]->entries.size()));
        QCOMPARE(counts.checkpoints, std::uint64_t(m_logs[std::size_t(i)]->checkpoints.size()));
        // The stored canonical bytes are the entry's encoding, byte for byte.
        const auto encoded = store->encodedEntry(id, 1234).value();
        QVERIFY(encoded.has_value());
        QVERIFY(*encoded == vault::encodeEntry(m_logs[std::size_t(i)]->entries[1233]).value());
    }
}

void TestAdminPostgres::incrementalAndDamaged()
{
    {
        std::lock_guard guard(m_servers[0]->lock);
        extendLog(*m_logs[0], 700);
    }
    {
        std::lock_guard guard(m_servers[1]->lock);
        extendLog(*m_logs[1], 300);
    }
    // kiosk-b's new bundle arrives with a checkpoint signature zeroed.
    m_servers[1]->tamperBundle = [&](std::vector<std::uint8_t>& bytes) {
        BundleParts parts = partsOf(*m_logs[1], 3500);
        parts.checkpoints.back().signature.fill(0);
        bytes = writeBundle(parts, signerOf(*m_logs[1]));
    };
    const CliResult r = runAdmin(QStringList{"pull"} + common(m_uri));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.contains("kiosk-a: pulled 700 entries; archived head 3700"), qPrintable(r.out));
    QVERIFY(r.out.contains("kiosk-b: DAMAGED: the checkpoint at sequence 3800 is not signed by the device key"));
    QVERIFY(r.out.contains("kiosk-c: up to date; archived head 4000"));
    auto store = archive();
    QCOMPARE(store->counts("kiosk-b").value().entries, std::uint64_t(3500));
    QCOMPARE(store->recentPulls("kiosk-b", 1).value().front().damageKind, std::string("BadCheckpointSignature"));
    m_servers[1]->tamperBundle = nullptr;
    const CliResult again = runAdmin(QStringList{"pull", "kiosk-b"} + common(m_uri));
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.contains("kiosk-b: pulled 300 entries; archived head 3800"), qPrintable(again.out));
}

void TestAdminPostgres::concurrentPullsOfOneDevice()
{
    {
        std::lock_guard guard(m_servers[2]->lock);
        extendLog(*m_logs[2], 6000);
    }
    // Two administrators pull kiosk-c at the same time: the device row lock serialises them; the
    // loser either finds the head moved (archive error, nothing stored) or continues after the
    // winner. Either way every entry is stored exactly once and the chain verifies.
    QProcess first;
    QProcess second;
    const QStringList arguments = QStringList{"pull", "kiosk-c"} + common(m_uri);
    first.start(adminProgram(), arguments);
    second.start(adminProgram(), arguments);
    QVERIFY(first.waitForFinished(300000));
    QVERIFY(second.waitForFinished(300000));
    const QList<int> codes{first.exitCode(), second.exitCode()};
    QVERIFY2(codes.contains(0),
             qPrintable(QString::fromUtf8(first.readAllStandardOutput() + second.readAllStandardOutput())));
    for (const int code : codes)
        QVERIFY(code == 0 || code == 4);
    auto store = archive();
    const auto counts = store->counts("kiosk-c").value();
    QCOMPARE(counts.entries, std::uint64_t(10000));
    QCOMPARE(counts.maxSequence, std::uint64_t(10000));
    QVERIFY(admin::verifyArchivedChain(*store, "kiosk-c").value().clean());
    // Whatever the first round left, one more pull brings it up to date.
    QCOMPARE(runAdmin(QStringList{"pull", "kiosk-c"} + common(m_uri)).exitCode, 0);
}

void TestAdminPostgres::reportsMatchSqlite()
{
    // The same bundles imported into an SQLite archive give the same record, byte for byte.
    const QString sqlite = path("same.sqlite");
    for (const auto& log : m_logs) {
        const QString bundle = path(QString::fromStdString(log->deviceId + ".bundle"));
        writeFile(bundle.toStdString(), exportAll(*log));
        QCOMPARE(
            runAdmin({"import", bundle, "--store", sqlite, "--key", QString::fromStdString(hexString(log->publicKey))})
                .exitCode,
            0);
    }
    const QStringList period{"--from", "2026-04-01", "--to", "2026-04-03", "--format", "csv"};
    const CliResult fromPostgres = runAdmin(QStringList{"report"} + period + common(m_uri));
    const CliResult fromSqlite = runAdmin(QStringList{"report"} + period + common(sqlite));
    QCOMPARE(fromPostgres.exitCode, 0);
    QCOMPARE(fromSqlite.exitCode, 0);
    QVERIFY(fromPostgres.out.size() > 100000);
    QVERIFY(fromPostgres.out == fromSqlite.out);
    // Three devices in it; one device alone with --device.
    for (const char* id : {"kiosk-a", "kiosk-b", "kiosk-c"})
        QVERIFY(fromPostgres.out.contains(QString(",%1,").arg(id)));
    const CliResult one = runAdmin(
        QStringList{"report", "--device", "kiosk-b", "--lang", "en", "--no-operations", "--out", path("b.csv")} +
        common(m_uri));
    QCOMPARE(one.exitCode, 0);
    QVERIFY2(one.out.contains("(csv, 3800 entries; devices: kiosk-b)"), qPrintable(one.out));
    const CliResult pdf =
        runAdmin(QStringList{"report", "--from", "2026-04-01", "--to", "2026-04-01", "--out", path("fleet.pdf")} +
                 common(m_uri));
    QCOMPARE(pdf.exitCode, 0);
    QVERIFY2(pdf.out.contains("devices: kiosk-a, kiosk-b, kiosk-c"), qPrintable(pdf.out));
    std::string error;
    QVERIFY(pdfPages(path("fleet.pdf").toStdString(), error) > 1);
    QVERIFY2(error.empty(), error.c_str());
}

void TestAdminPostgres::fleet()
{
    const CliResult r = runAdmin(QStringList{"fleet", "--lang", "en", "--days", "3660"} + common(m_uri));
    // The synthetic logs run round the clock: reveals out of hours are anomalies.
    QCOMPARE(r.exitCode, 6);
    QVERIFY2(r.out.contains("kiosk-a\n  archived head: 3700 (3700 entries)"), qPrintable(r.out.left(2000)));
    QVERIFY(r.out.contains("kiosk-b\n  archived head: 3800 (3800 entries)"));
    QVERIFY(r.out.contains("kiosk-c\n  archived head: 10000 (10000 entries)"));
    QVERIFY(r.out.contains("[out_of_hours_reveal]"));
    QVERIFY(r.out.contains("3 devices, with anomalies: 3"));
}

void TestAdminPostgres::notAnArchive()
{
    QCOMPARE(m_server.createDatabase("someone_else"), std::string());
    QCOMPARE(m_server.psql("CREATE TABLE devices (name TEXT)", "someone_else"), std::string());
    const QString uri = QString::fromStdString(m_server.uri("someone_else"));
    const CliResult r = runAdmin(QStringList{"fleet"} + common(uri));
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.err.contains("the database holds tables that are not a mamori-admin archive"), qPrintable(r.err));
    // Nothing was created in it.
    QVERIFY(m_server.psql("SELECT 1 FROM archive_meta", "someone_else") != std::string());
}

void TestAdminPostgres::noPasswordInMessages()
{
    QCOMPARE(admin::redactConnectionUri("postgresql://admin:s3cret@db.example/archive"),
             std::string("postgresql://admin@db.example/archive"));
    QCOMPARE(admin::redactConnectionUri("postgresql://db.example/archive?user=a&password=s3cret&sslmode=require"),
             std::string("postgresql://db.example/archive?user=a&sslmode=require"));
    QCOMPARE(admin::redactConnectionUri("postgres://u:p@h:5432/d?password=x"), std::string("postgres://u@h:5432/d"));
    const QString uri = "postgresql://mamori:s3cret-word@/nodb?host=" + path("no-socket-here") + "&connect_timeout=2";
    const CliResult r = runAdmin(QStringList{"fleet", "--store", uri});
    QCOMPARE(r.exitCode, 4);
    QVERIFY(r.err.contains("the archive could not be opened"));
    QVERIFY(!r.err.contains("s3cret") && !r.out.contains("s3cret"));
}

QTEST_GUILESS_MAIN(TestAdminPostgres)
#include "tst_admin_postgres.moc"

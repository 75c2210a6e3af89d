// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-admin against the real device side: mamori-vaultd on swtpm with a private bus
// (tests/vaultd/vaultd_harness.h) holding more than 10,000 audit entries, and mamori-logd in front of
// it serving the administrator's address only. pull (trust on first use) → the archive re-verifies →
// a second pull is up to date → the report counts what the vault did → the fleet is healthy.

#include "provisioning/admin/archive_store.h"
#include "tests/provisioning/admin/admin_test_support.h"
#include "tests/vaultd/vaultd_harness.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace mamori;
using namespace mamori::test;

namespace {
constexpr const char* kDevice = "kiosk-e2e";
constexpr int kSeeded = 10'050; // more than one bundle's worth (10,000)
} // namespace

class TestAdminLogdE2e : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void pullVerifyReport();

private:
    QTemporaryDir m_dir;
    VaultdHarness m_harness{kDevice};
    QProcess m_logd;
    quint16 m_port = 0;
};

void TestAdminLogdE2e::initTestCase()
{
    QVERIFY2(!adminProgram().isEmpty(), "MAMORI_ADMIN is not set");
    QVERIFY(m_dir.isValid());
    m_harness.start(
        [](vault::Vault& vault) {
            for (int i = 0; i < kSeeded; ++i)
                if (!vault.addDepartment(nullptr, "dept" + std::to_string(i), "部署").ok())
                    qFatal("seed");
        },
        {QStringLiteral("--log-user"), QString::number(::geteuid())});

    QFile allowList(m_dir.filePath("allowlist.toml"));
    QVERIFY(allowList.open(QIODevice::WriteOnly));
    // The administrator's tunnel address: here the loopback address mamori-admin connects from.
    allowList.write("version = 1\n[gateway]\nendpoint = \"192.0.2.1:51820\"\n"
                    "public_key = \"TymVOzvCiN924YT2uUGoyhJdQHeSg4AkbaQHXbmf918=\"\n"
                    "[admin]\npublic_key = \"jic7QRvWOQRLklJVC1e//k8T/+3EnFQxAfKAG/19XZI=\"\n"
                    "address = \"127.0.0.1/32\"\n");
    allowList.close();
    const QString program = qEnvironmentVariable("MAMORI_LOGD");
    QVERIFY2(!program.isEmpty(), "MAMORI_LOGD is not set (CTest sets it)");
    m_logd.setProcessChannelMode(QProcess::SeparateChannels);
    m_logd.setReadChannel(QProcess::StandardError);
    m_logd.start(program, {"--allowlist", allowList.fileName(), "--listen", "127.0.0.1", "--port", "0", "--bus",
                           m_harness.bus->address()});
    QVERIFY(m_logd.waitForStarted(5000));
    const QRegularExpression serving(QStringLiteral("port (\\d+)"));
    for (int i = 0; i < 100 && m_port == 0; ++i) {
        m_logd.waitForReadyRead(100);
        while (m_logd.canReadLine()) {
            const auto match = serving.match(QString::fromUtf8(m_logd.readLine()));
            if (match.hasMatch())
                m_port = static_cast<quint16>(match.captured(1).toUInt());
        }
    }
    QVERIFY2(m_port != 0, "mamori-logd did not report its port");
}

void TestAdminLogdE2e::cleanupTestCase()
{
    m_logd.terminate();
    m_logd.waitForFinished(5000);
    QVERIFY(m_harness.stop());
}

void TestAdminLogdE2e::pullVerifyReport()
{
    const QString config = m_dir.filePath("config.toml");
    writeText(config.toStdString(), std::string("[[device]]\nid = \"") + kDevice + "\"\nurl = \"http://127.0.0.1:" +
                                        std::to_string(m_port) + "\"\nmax_entries_without_checkpoint = 1000\n");
    const QString store = m_dir.filePath("archive.sqlite");
    const QStringList common{"--config", config, "--store", store};

    // No key yet: refused; then trusted on first use.
    const CliResult refused = runAdmin(QStringList{"pull"} + common);
    QCOMPARE(refused.exitCode, 5);
    const CliResult pulled = runAdmin(QStringList{"pull", "--tofu"} + common);
    QCOMPARE(pulled.exitCode, 0);
    QVERIFY2(pulled.out.contains(QString(kDevice) + ": pinned device key ") && pulled.out.contains("(2 bundle(s))"),
             qPrintable(pulled.out));

    std::uint64_t head = 0;
    {
        auto archive = admin::openArchive(store.toStdString()).value();
        const auto state = archive->device(kDevice).value();
        QVERIFY(state.has_value());
        head = state->head.sequence;
        QVERIFY(head > std::uint64_t(kSeeded));
        // logd reported the head the pull ended on (each non-empty pull records its own export).
        QCOMPARE(state->lastReportedHead.value_or(0), head);
        const auto verified = admin::verifyArchivedChain(*archive, kDevice).value();
        QVERIFY2(verified.clean(), describe(verified).c_str());
        QCOMPARE(verified.entriesVerified, head);
        std::uint64_t configs = 0;
        std::uint64_t exports = 0;
        QVERIFY(archive
                    ->forEachEntry({},
                                   [&](const admin::ArchivedEntry& e) -> Status {
                                       configs += e.action == "config" ? 1u : 0u;
                                       exports += e.action == "log_export" ? 1u : 0u;
                                       return okStatus();
                                   })
                    .ok());
        QVERIFY(configs >= std::uint64_t(kSeeded));
        QCOMPARE(exports, std::uint64_t(2)); // one per bundle served
    }
    QVERIFY(pulled.out.contains("pulled " + QString::number(head) + " entries; archived head " + QString::number(head) +
                                ", device head " + QString::number(head)));

    // Nothing new: one 204, nothing written on the device.
    const CliResult again = runAdmin(QStringList{"pull"} + common);
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.contains(QString(kDevice) + ": up to date; archived head " + QString::number(head)),
             qPrintable(again.out));

    // The record of what the vault did, and a PDF of its summary.
    const QString csv = m_dir.filePath("record.csv");
    const CliResult report = runAdmin(QStringList{"report", "--lang", "en", "--no-operations", "--out", csv} + common);
    QCOMPARE(report.exitCode, 0);
    const std::string text = readText(csv.toStdString());
    QVERIFY(text.find("by_action,,,,,,Log pulled,,,,,2\r\n") != std::string::npos);
    const QString pdf = m_dir.filePath("record.pdf");
    QCOMPARE(runAdmin(QStringList{"report", "--no-operations", "--out", pdf} + common).exitCode, 0);
    std::string error;
    const std::string pdfText = nfkc(test::pdfText(pdf.toStdString(), error));
    QVERIFY2(error.empty(), error.c_str());
    QVERIFY(pdfText.find(kDevice) != std::string::npos);

    // The fleet: pulled just now, checkpointed just now, no alerts.
    const CliResult fleet = runAdmin(QStringList{"fleet", "--lang", "en"} + common);
    QCOMPARE(fleet.exitCode, 0);
    QVERIFY2(fleet.out.contains("no anomalies") && fleet.out.contains("1 devices, with anomalies: 0"),
             qPrintable(fleet.out));
}

QTEST_GUILESS_MAIN(TestAdminLogdE2e)
#include "tst_admin_logd_e2e.moc"

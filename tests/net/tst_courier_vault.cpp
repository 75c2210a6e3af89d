// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-courier, the daemon binary (MAMORI_COURIER), between a real mamori-vaultd (swtpm, a seeded
// vault, a private bus — tests/vaultd/vaultd_harness.h, started with --courier-user = this uid) and
// HTTPS endpoints on loopback (mamori-test-endpoint, test CA): the clerk provides over D-Bus with a
// card step-up, the courier delivers, blocks or refuses, and each outcome lands in the vault's audit
// log exactly once. Then the crash test: the courier is SIGKILLed at random moments while it works
// through a batch of provisions and started again each time; in the end every provision is in
// done/, reported exactly once, and the endpoint has each one (a resend carrying the same
// Idempotency-Key).

#include "tests/net/net_test_support.h"
#include "tests/vaultd/vaultd_harness.h"

#include <QDBusMessage>
#include <QDBusReply>
#include <QDir>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <set>

using namespace mamori;
using namespace mamori::test;
using namespace mamori::vault;

namespace {

constexpr const char* kDevice = "mamori-courier-test";
constexpr int kStaff = 12;

QVariantList listOf(const QVariant& value) { return qdbus_cast<QVariantList>(value); }
QVariantMap mapOf(const QVariant& value) { return qdbus_cast<QVariantMap>(value); }

} // namespace

class TestCourierVault : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void deliveredBlockedRefusedInTheAuditLog();
    void survivesKillsWithOneReportEach();

private:
    qulonglong provide(const QStringList& subjects, const QString& destination);
    // Delivery reports in the log: provide sequence → (action, detail).
    std::map<qulonglong, std::vector<std::pair<QString, QString>>> deliveryReports();
    QStringList courierArguments(const QString& backoff = QStringLiteral("100")) const;
    int runCourierOnce();

    QTemporaryDir m_dir;
    std::unique_ptr<TestPki> m_pki;
    TestEndpoint m_endpoint;
    VaultdHarness m_harness{kDevice};
    TestCard m_clerk{TestCard::Kind::EcP256, "clerk"};
    TestCard m_admin{TestCard::Kind::EcP256, "admin"};
    std::unique_ptr<QDBusInterface> m_clerkSession;
    QStringList m_staff;
    QString m_careless; // a person whose name holds a labelled number
    QString m_outbox;
    QString m_allowList;
};

void TestCourierVault::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString pkiDir = m_dir.filePath(QStringLiteral("pki"));
    QVERIFY(QDir().mkpath(pkiDir));
    m_pki = std::make_unique<TestPki>(pkiDir);
    m_pki->makeCa(QStringLiteral("ca"));
    m_pki->makeServer(QStringLiteral("ca"), QStringLiteral("server"),
                      {QStringLiteral("payroll.mamori.test"), QStringLiteral("benefits.mamori.test")});
    // Slow enough that a kill lands mid-send now and then.
    m_endpoint.start(*m_pki, QStringLiteral("server"), m_dir.filePath(QStringLiteral("store")),
                     {QStringLiteral("--delay-ms"), QStringLiteral("150")});

    m_allowList = m_dir.filePath(QStringLiteral("allowlist.toml"));
    QFile allowList(m_allowList);
    QVERIFY(allowList.open(QIODevice::WriteOnly));
    const QByteArray port = QByteArray::number(m_endpoint.port());
    const QByteArray ca = m_pki->pem(QStringLiteral("ca")).toUtf8();
    allowList.write("version = 1\n[gateway]\nendpoint = \"192.0.2.1:51820\"\n"
                    "public_key = \"TymVOzvCiN924YT2uUGoyhJdQHeSg4AkbaQHXbmf918=\"\n"
                    "[admin]\npublic_key = \"jic7QRvWOQRLklJVC1e//k8T/+3EnFQxAfKAG/19XZI=\"\n"
                    "address = \"10.77.0.2/32\"\n"
                    "[[endpoint]]\nname = \"payroll\"\nhost = \"payroll.mamori.test\"\nport = " +
                    port + "\npurposes = [\"withholding\"]\nallow_numbers = true\nca_file = \"" + ca +
                    "\"\n"
                    "[[endpoint]]\nname = \"benefits\"\nhost = \"benefits.mamori.test\"\nport = " +
                    port + "\npurposes = [\"withholding\"]\nallow_numbers = false\nca_file = \"" + ca + "\"\n");
    allowList.close();

    m_outbox = m_dir.filePath(QStringLiteral("outbox"));
    const QString self = QString::number(::geteuid());
    m_harness.start(
        [this](Vault& vault) {
            if (!vault.addDepartment(nullptr, "sales", "営業部").ok() ||
                !vault.addPurpose(nullptr, "withholding", "源泉徴収票作成事務").ok())
                qFatal("seed configuration");
            for (const auto& [code, numbers] : {std::pair{"payroll", true}, {"benefits", false}, {"partner", true}})
                if (!vault
                         .setDestination(nullptr,
                                         Destination{code, code, DestinationKind::Endpoint, {"withholding"}, numbers})
                         .ok())
                    qFatal("seed destinations");
            const auto clerk = vault.createUser(nullptr, UserSpec{"事務 一", {Role::Clerk}, {"sales"}}).value();
            const auto admin = vault.createUser(nullptr, UserSpec{"管理 三", {Role::Admin}, {}}).value();
            if (!vault.enrolCard(nullptr, clerk, m_clerk.certificateDer()).ok() ||
                !vault.enrolCard(nullptr, admin, m_admin.certificateDer()).ok())
                qFatal("enrol");
            SessionContext session;
            session.userId = clerk;
            session.cardId = m_clerk.cardId();
            session.roles = {Role::Clerk};
            session.departments = {"sales"};
            session.purpose = "withholding";
            const std::chrono::year_month_day notified{std::chrono::year{2024}, std::chrono::month{4},
                                                       std::chrono::day{1}};
            for (int i = 0; i <= kStaff; ++i) {
                NewSubject subject;
                subject.code = "S" + std::to_string(100 + i);
                subject.department = "sales";
                if (i < kStaff) {
                    subject.name = PersonalText("社員 " + std::to_string(i));
                } else {
                    // A number typed into the name, labelled and grouped: the vault does not look for
                    // it in a name; the courier's scan does.
                    const std::string digits = syntheticIndividualNumber(900);
                    subject.name = PersonalText("マイナンバー " + digits.substr(0, 4) + "-" + digits.substr(4, 4) +
                                                "-" + digits.substr(8, 4));
                }
                const SubjectId id = vault.registerSubject(session, subject).value();
                if (!vault.notifyPurpose(session, id, "withholding", notified).ok() ||
                    !vault.setNumber(session, id, syntheticIndividualNumber(i)).ok())
                    qFatal("seed staff");
                if (i < kStaff)
                    m_staff.append(QString::fromStdString(id.hex()));
                else
                    m_careless = QString::fromStdString(id.hex());
            }
        },
        {QStringLiteral("--outbox"), m_outbox, QStringLiteral("--courier-user"), self});
    m_clerkSession = m_harness.vaultOn(m_harness.connect(QStringLiteral("clerk")));
    m_harness.login(*m_clerkSession, m_clerk);
    QVERIFY(
        QDBusReply<void>(m_clerkSession->call(QStringLiteral("SetPurpose"), QStringLiteral("withholding"))).isValid());
}

void TestCourierVault::cleanupTestCase()
{
    m_endpoint.stop();
    QVERIFY(m_harness.stop());
}

qulonglong TestCourierVault::provide(const QStringList& subjects, const QString& destination)
{
    const auto [nonce, signature] =
        m_harness.stepUp(*m_clerkSession, m_clerk, QStringLiteral("provide"),
                         {{QStringLiteral("subjects"), subjects}, {QStringLiteral("destination"), destination}});
    const QDBusReply<QVariantMap> provided =
        m_clerkSession->call(QStringLiteral("Provide"), subjects, destination, qlonglong{0}, nonce, signature);
    if (!provided.isValid())
        qFatal("Provide: %s", qPrintable(provided.error().name()));
    return provided.value().value(QStringLiteral("auditSequence")).toULongLong();
}

std::map<qulonglong, std::vector<std::pair<QString, QString>>> TestCourierVault::deliveryReports()
{
    auto admin = m_harness.vaultOn(m_harness.connect(QStringLiteral("admin")));
    m_harness.login(*admin, m_admin);
    std::map<qulonglong, std::vector<std::pair<QString, QString>>> reports;
    for (const char* action : {"provide", "alert"}) {
        const QDBusMessage page = admin->call(
            QStringLiteral("QueryAudit"),
            QVariantMap{{QStringLiteral("action"), QString::fromLatin1(action)}, {QStringLiteral("limit"), 500}});
        if (page.type() != QDBusMessage::ReplyMessage)
            qFatal("QueryAudit: %s", qPrintable(page.errorName()));
        for (const QVariant& row : listOf(mapOf(page.arguments().at(0)).value(QStringLiteral("rows")))) {
            const QVariantMap entry = mapOf(row);
            const QString detail = entry.value(QStringLiteral("detail")).toString();
            if (!detail.startsWith(QStringLiteral("delivery of entry ")))
                continue;
            reports[detail.section(QLatin1Char(' '), 3, 3).toULongLong()].emplace_back(QString::fromLatin1(action),
                                                                                       detail);
        }
    }
    (void)admin->call(QStringLiteral("Logout"));
    return reports;
}

QStringList TestCourierVault::courierArguments(const QString& backoff) const
{
    const QString port = QString::number(m_endpoint.port());
    return {QStringLiteral("--outbox"),
            m_outbox,
            QStringLiteral("--allowlist"),
            m_allowList,
            QStringLiteral("--bus"),
            m_harness.bus->address(),
            QStringLiteral("--backoff-ms"),
            backoff,
            QStringLiteral("--report-retry-ms"),
            QStringLiteral("200"),
            QStringLiteral("--resolve"),
            QStringLiteral("payroll.mamori.test:") + port + QStringLiteral(":127.0.0.1"),
            QStringLiteral("--resolve"),
            QStringLiteral("benefits.mamori.test:") + port + QStringLiteral(":127.0.0.1")};
}

int TestCourierVault::runCourierOnce()
{
    QProcess courier;
    courier.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    courier.start(qEnvironmentVariable("MAMORI_COURIER"), courierArguments() << QStringLiteral("--once"));
    if (!courier.waitForStarted(5000) || !courier.waitForFinished(60000))
        return -1;
    return courier.exitStatus() == QProcess::NormalExit ? courier.exitCode() : -1;
}

void TestCourierVault::deliveredBlockedRefusedInTheAuditLog()
{
    const qulonglong delivered = provide({m_staff.at(0), m_staff.at(1)}, QStringLiteral("payroll"));
    const qulonglong blocked = provide({m_careless}, QStringLiteral("benefits"));
    const qulonglong refused = provide({m_staff.at(2)}, QStringLiteral("partner")); // not on the allow-list
    const int before = m_endpoint.stored();
    QCOMPARE(runCourierOnce(), 0);

    // Only the allowed provision reached the endpoint.
    QCOMPARE(m_endpoint.stored(), before + 1);
    QVERIFY(m_endpoint.body(before + 1)
                .startsWith("employee_code,kind,parent_code,name,name_kana,birth_date,"
                            "individual_number\r\n"));
    const auto reports = deliveryReports();
    QCOMPARE(reports.at(delivered).size(), std::size_t{1});
    QCOMPARE(reports.at(delivered).front().first, QStringLiteral("provide"));
    QCOMPARE(reports.at(delivered).front().second,
             QStringLiteral("delivery of entry %1 delivered: HTTP 201").arg(delivered));
    QCOMPARE(reports.at(blocked).size(), std::size_t{1});
    QCOMPARE(reports.at(blocked).front().first, QStringLiteral("alert"));
    QVERIFY2(reports.at(blocked).front().second.startsWith(
                 QStringLiteral("delivery of entry %1 blocked: outgoing-data scan: 1 likely number(s)").arg(blocked)),
             qPrintable(reports.at(blocked).front().second));
    QCOMPARE(reports.at(refused).front().first, QStringLiteral("alert"));
    QCOMPARE(
        reports.at(refused).front().second,
        QStringLiteral("delivery of entry %1 refused: destination 'partner' is not on the allow-list").arg(refused));
    // The files: the delivered one in done/, the others in failed/, nothing left in the outbox.
    QCOMPARE(QDir(m_outbox + QStringLiteral("/done")).entryList({QStringLiteral("*.csv")}).size(), 1);
    QCOMPARE(QDir(m_outbox + QStringLiteral("/failed")).entryList({QStringLiteral("*.csv")}).size(), 2);
    QCOMPARE(QDir(m_outbox).entryList(QDir::Files).size(), 0);
}

void TestCourierVault::survivesKillsWithOneReportEach()
{
    std::set<qulonglong> sequences;
    for (int i = 0; i < 8; ++i)
        sequences.insert(provide({m_staff.at(3 + i % 9)}, QStringLiteral("payroll")));
    const int before = m_endpoint.stored();

    int kills = 0;
    int exitCode = -1;
    for (int round = 0; round < 40 && exitCode != 0; ++round) {
        QProcess courier;
        courier.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        courier.start(qEnvironmentVariable("MAMORI_COURIER"), courierArguments() << QStringLiteral("--once"));
        QVERIFY(courier.waitForStarted(5000));
        // Kill at a random moment for the first rounds, then let it finish.
        if (round < 12) {
            const int delay = static_cast<int>(QRandomGenerator::global()->bounded(20, 400));
            if (!courier.waitForFinished(delay)) {
                ::kill(static_cast<pid_t>(courier.processId()), SIGKILL);
                courier.waitForFinished(5000);
                ++kills;
                continue;
            }
        } else {
            courier.waitForFinished(60000);
        }
        exitCode = courier.exitStatus() == QProcess::NormalExit ? courier.exitCode() : -1;
    }
    QCOMPARE(exitCode, 0);
    qInfo("%d kills (SIGKILL at random moments) before the courier finished the batch", kills);
    QVERIFY(kills > 0);

    // Exactly one report per provision in the vault's log, each "delivered".
    const auto reports = deliveryReports();
    for (const qulonglong sequence : sequences) {
        QVERIFY2(reports.count(sequence), qPrintable(QStringLiteral("entry %1 not reported").arg(sequence)));
        QCOMPARE(reports.at(sequence).size(), std::size_t{1});
        QVERIFY(reports.at(sequence).front().second.startsWith(
            QStringLiteral("delivery of entry %1 delivered").arg(sequence)));
    }
    // Every payload reached the endpoint at least once; copies carry the same key.
    std::map<QString, int> copies;
    for (int n = before + 1; n <= m_endpoint.stored(); ++n)
        ++copies[m_endpoint.meta(n, QStringLiteral("key"))];
    QCOMPARE(copies.size(), sequences.size());
    int resent = 0;
    for (const auto& [key, count] : copies)
        resent += count - 1;
    qInfo("%d payloads sent again after a kill mid-send (same Idempotency-Key)", resent);
    QCOMPARE(QDir(m_outbox + QStringLiteral("/done")).entryList({QStringLiteral("*.csv")}).size(), 1 + 8);
    QCOMPARE(QDir(m_outbox).entryList(QDir::Files).size(), 0);
}

QTEST_GUILESS_MAIN(TestCourierVault)
#include "tst_courier_vault.moc"

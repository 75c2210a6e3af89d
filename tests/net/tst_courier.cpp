// SPDX-License-Identifier: GPL-3.0-or-later
// The courier's core (services/net/courier.h) against real HTTPS endpoints on loopback
// (mamori-test-endpoint, libmicrohttpd + GnuTLS) with a test CA made by openssl: delivery, retries
// with backoff, giving up, a server whose certificate chains to another CA, a redirect, an unlisted
// destination, numbers to a no-number endpoint, and the crash-safety of the outbox handling at every
// point a crash can cut a pass short. The vault's side of the report is a recorder that answers as
// ReportDelivery does (one report per entry, AlreadyExists after); tst_courier_vault runs the daemon
// against the real mamori-vaultd.
//
// Every test runs with https_proxy / HTTPS_PROXY / ALL_PROXY pointing at a closed port and with
// SSL_CERT_FILE / SSL_CERT_DIR pointing at the impostor's CA: a courier that honoured the
// environment's proxy or fell back to a default CA store would fail or pass where it must not.

#include "services/net/courier.h"
#include "tests/net/net_test_support.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace mamori;
using namespace mamori::net;
using namespace mamori::test;

namespace {

// Answers as mamori-vaultd's ReportDelivery does: once per entry, AlreadyExists after.
class RecordingReporter final : public DeliveryReporter {
public:
    Reply report(std::uint64_t sequence, DeliveryOutcome outcome, std::string_view detail) override
    {
        ++calls;
        if (unavailable > 0) {
            --unavailable;
            return {Answer::Unavailable, "org.freedesktop.DBus.Error.ServiceUnknown"};
        }
        if (reject)
            return {Answer::Rejected, "org.mamori.Vault1.Error.NotFound"};
        if (reports.count(sequence))
            return {Answer::AlreadyReported, "org.mamori.Vault1.Error.AlreadyExists"};
        reports[sequence] = {outcome, std::string(detail)};
        return {Answer::Accepted, {}};
    }

    std::map<std::uint64_t, std::pair<DeliveryOutcome, std::string>> reports;
    int calls = 0;
    int unavailable = 0;
    bool reject = false;
};

} // namespace

class TestCourier : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void envelopeParsing_data();
    void envelopeParsing();
    void recordRoundTrip();
    void allowListPath_data();
    void allowListPath();

    void delivered();
    void retriedWithBackoffThenDelivered();
    void givesUpAfterMaxAttempts();
    void wrongCaRefused();
    void timeoutRetriedThenFailed();
    void redirectNotFollowed();
    void unlistedDestinationRefused();
    void numbersToNoNumberEndpointBlocked();
    void markedNumbersToNoNumberEndpointBlocked();
    void cleanPayloadToNoNumberEndpointDelivered();
    void malformedEnvelopes();
    void vaultUnavailableThenReported();
    void vaultRejectsReportQuarantines();
    void crashLoopIsBounded();
    void crashSafety_data();
    void crashSafety();
    void reportedEntriesPurgedAfterRetention();

private:
    struct Entry {
        QString name;
        std::uint64_t sequence = 0;
    };
    Entry writeEntry(const QString& destination, const QByteArray& payload, bool containsNumbers,
                     const QByteArray& mediaType = "text/csv; charset=utf-8");
    std::unique_ptr<Courier> courier(CourierOptions options = {});
    // Runs passes until nothing waits (sleeping until the next step is due), at most `limit` passes.
    void drain(Courier& courier, int limit = 50);
    CourierOptions baseOptions() const;
    QString outboxFile(const QString& name) const { return m_outboxDir + QLatin1Char('/') + name; }
    bool inOutbox(const QString& name) const { return QFile::exists(outboxFile(name)); }
    bool in(const char* sub, const QString& name) const
    {
        return QFile::exists(m_outboxDir + QLatin1Char('/') + QLatin1String(sub) + QLatin1Char('/') + name);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<TestPki> m_pki;
    TestEndpoint m_good;     // payroll.mamori.test and nonum.mamori.test, test CA
    TestEndpoint m_flaky;    // 503 twice, then stores
    TestEndpoint m_down;     // 503 always
    TestEndpoint m_impostor; // a certificate for the right name from another CA
    TestEndpoint m_redirect; // 302 always
    TestEndpoint m_slow;     // answers after 1.5 s (crash tests)
    AllowList m_allowList;
    QString m_outboxDir;
    RecordingReporter m_reporter;
    std::uint64_t m_nextSequence = 100;
    int m_goodBaseline = 0;
};

void TestCourier::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString pkiDir = m_dir.filePath(QStringLiteral("pki"));
    QVERIFY(QDir().mkpath(pkiDir));
    m_pki = std::make_unique<TestPki>(pkiDir);
    m_pki->makeCa(QStringLiteral("ca"));
    m_pki->makeCa(QStringLiteral("other-ca"));
    const QStringList names{QStringLiteral("payroll.mamori.test"), QStringLiteral("nonum.mamori.test")};
    m_pki->makeServer(QStringLiteral("ca"), QStringLiteral("server"), names);
    m_pki->makeServer(QStringLiteral("other-ca"), QStringLiteral("impostor"), names);

    m_good.start(*m_pki, QStringLiteral("server"), m_dir.filePath(QStringLiteral("store-good")));
    m_flaky.start(*m_pki, QStringLiteral("server"), m_dir.filePath(QStringLiteral("store-flaky")),
                  {QStringLiteral("--fail-first"), QStringLiteral("2")});
    m_down.start(*m_pki, QStringLiteral("server"), m_dir.filePath(QStringLiteral("store-down")),
                 {QStringLiteral("--status"), QStringLiteral("503")});
    m_impostor.start(*m_pki, QStringLiteral("impostor"), m_dir.filePath(QStringLiteral("store-impostor")));
    m_redirect.start(*m_pki, QStringLiteral("server"), m_dir.filePath(QStringLiteral("store-redirect")),
                     {QStringLiteral("--status"), QStringLiteral("302")});
    m_slow.start(*m_pki, QStringLiteral("server"), m_dir.filePath(QStringLiteral("store-slow")),
                 {QStringLiteral("--delay-ms"), QStringLiteral("300")});

    QFile ca(m_pki->pem(QStringLiteral("ca")));
    QVERIFY(ca.open(QIODevice::ReadOnly));
    const QByteArray caPem = ca.readAll();
    auto endpoint = [&](const char* name, const char* host, quint16 port, bool numbers, bool inlineCa = false) {
        QByteArray text = "[[endpoint]]\nname = \"" + QByteArray(name) + "\"\nhost = \"" + host +
                          "\"\nport = " + QByteArray::number(port) +
                          "\npurposes = [\"withholding\"]\nallow_numbers = " + (numbers ? "true" : "false") +
                          "\npath = \"/v1/submissions\"\n";
        text += inlineCa ? "ca_pem = \"\"\"\n" + caPem + "\"\"\"\n"
                         : "ca_file = \"" + m_pki->pem(QStringLiteral("ca")).toUtf8() + "\"\n";
        return text;
    };
    const QByteArray toml =
        "version = 1\n[gateway]\nendpoint = \"192.0.2.1:51820\"\n"
        "public_key = \"TymVOzvCiN924YT2uUGoyhJdQHeSg4AkbaQHXbmf918=\"\n"
        "[admin]\npublic_key = \"jic7QRvWOQRLklJVC1e//k8T/+3EnFQxAfKAG/19XZI=\"\naddress = \"10.77.0.2/32\"\n" +
        endpoint("payroll", "payroll.mamori.test", m_good.port(), true) +
        endpoint("nonum", "nonum.mamori.test", m_good.port(), false, true) +
        endpoint("flaky", "payroll.mamori.test", m_flaky.port(), true) +
        endpoint("down", "payroll.mamori.test", m_down.port(), true) +
        endpoint("impostor", "payroll.mamori.test", m_impostor.port(), true) +
        endpoint("redirect", "payroll.mamori.test", m_redirect.port(), true) +
        endpoint("slow", "payroll.mamori.test", m_slow.port(), true);
    auto parsed = parseAllowList(std::string_view(toml.constData(), static_cast<std::size_t>(toml.size())));
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().describe().c_str());
    m_allowList = std::move(parsed).value();

    // See the header comment: neither a proxy nor a default CA store may play any part.
    const QByteArray closed = "http://127.0.0.1:9";
    for (const char* name : {"https_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"})
        qputenv(name, closed);
    qputenv("SSL_CERT_FILE", m_pki->pem(QStringLiteral("other-ca")).toUtf8());
    qputenv("SSL_CERT_DIR", pkiDir.toUtf8());
}

void TestCourier::cleanupTestCase()
{
    for (TestEndpoint* endpoint : {&m_good, &m_flaky, &m_down, &m_impostor, &m_redirect, &m_slow})
        endpoint->stop();
}

void TestCourier::init()
{
    // A fresh outbox per test; the vault's recorder too.
    static int round = 0;
    m_outboxDir = m_dir.filePath(QStringLiteral("outbox-") + QString::number(++round));
    QVERIFY(QDir().mkpath(m_outboxDir));
    m_reporter = RecordingReporter();
    m_goodBaseline = m_good.stored();
}

CourierOptions TestCourier::baseOptions() const
{
    CourierOptions options;
    options.outbox = m_outboxDir.toStdString();
    options.firstBackoff = std::chrono::milliseconds(200);
    options.maxBackoff = std::chrono::milliseconds(2000);
    options.reportRetry = std::chrono::milliseconds(200);
    options.connectTimeout = std::chrono::milliseconds(3000);
    options.totalTimeout = std::chrono::milliseconds(10000);
    for (const TestEndpoint* endpoint : {&m_good, &m_flaky, &m_down, &m_impostor, &m_redirect, &m_slow})
        for (const char* host : {"payroll.mamori.test", "nonum.mamori.test"})
            options.resolve.push_back(std::string(host) + ":" + std::to_string(endpoint->port()) + ":127.0.0.1");
    return options;
}

std::unique_ptr<Courier> TestCourier::courier(CourierOptions options)
{
    if (options.outbox.empty())
        options = baseOptions();
    auto made = std::make_unique<Courier>(m_allowList, options, m_reporter);
    const Status prepared = made->prepare();
    if (!prepared.ok())
        qFatal("prepare: %s", prepared.error().describe().c_str());
    return made;
}

TestCourier::Entry TestCourier::writeEntry(const QString& destination, const QByteArray& payload, bool containsNumbers,
                                           const QByteArray& mediaType)
{
    Entry entry;
    entry.sequence = ++m_nextSequence;
    entry.name = QStringLiteral("mamori-provide-test-%1.csv").arg(entry.sequence);
    // As mamori-vaultd does: the payload, then its envelope.
    QFile file(outboxFile(entry.name));
    if (!file.open(QIODevice::WriteOnly) || file.write(payload) != payload.size())
        qFatal("cannot write the payload");
    file.close();
    QFile envelope(outboxFile(entry.name + QStringLiteral(".json")));
    if (!envelope.open(QIODevice::WriteOnly))
        qFatal("cannot write the envelope");
    envelope.write("{\"payload\":\"" + entry.name.toUtf8() + "\",\"destination\":\"" + destination.toUtf8() +
                   "\",\"auditSequence\":" + QByteArray::number(static_cast<qulonglong>(entry.sequence)) +
                   ",\"containsNumbers\":" + (containsNumbers ? "true" : "false") + ",\"mediaType\":\"" + mediaType +
                   "\"}");
    return entry;
}

void TestCourier::drain(Courier& courier, int limit)
{
    for (int i = 0; i < limit; ++i) {
        auto pass = courier.runPass();
        QVERIFY2(pass.ok(), pass.ok() ? "" : pass.error().describe().c_str());
        if (pass.value().pending == 0)
            return;
        if (pass.value().nextDueMs)
            QTest::qSleep(static_cast<int>(std::max<std::int64_t>(0, *pass.value().nextDueMs - systemNowMs()) + 5));
    }
    QFAIL("the outbox did not drain");
}

void TestCourier::envelopeParsing_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("valid");
    const QByteArray good = R"("payload":"mamori-provide-d-1.csv","destination":"payroll","auditSequence":7,)"
                            R"("containsNumbers":true,"mediaType":"text/csv; charset=utf-8")";
    QTest::newRow("as the vault writes it") << "{" + good + "}" << true;
    QTest::newRow("unknown key tolerated") << "{" + good + R"(,"later":{"x":[1,2]}})" << true;
    QTest::newRow("with a purpose") << "{" + good + R"(,"purpose":"withholding"})" << true;
    QTest::newRow("not an object") << QByteArray("[1]") << false;
    QTest::newRow("truncated") << "{" + good << false;
    QTest::newRow("trailing garbage") << "{" + good + "} x" << false;
    QTest::newRow("payload with a slash")
        << QByteArray(R"({"payload":"../x","destination":"payroll","auditSequence":7,"containsNumbers":true,)"
                      R"("mediaType":"text/csv"})")
        << false;
    QTest::newRow("payload hidden")
        << QByteArray(R"({"payload":".x","destination":"payroll","auditSequence":7,"containsNumbers":true,)"
                      R"("mediaType":"text/csv"})")
        << false;
    QTest::newRow("sequence zero")
        << QByteArray(R"({"payload":"x.csv","destination":"payroll","auditSequence":0,"containsNumbers":true,)"
                      R"("mediaType":"text/csv"})")
        << false;
    QTest::newRow("sequence negative")
        << QByteArray(R"({"payload":"x.csv","destination":"payroll","auditSequence":-3,"containsNumbers":true,)"
                      R"("mediaType":"text/csv"})")
        << false;
    QTest::newRow("sequence a string")
        << QByteArray(R"({"payload":"x.csv","destination":"payroll","auditSequence":"7","containsNumbers":true,)"
                      R"("mediaType":"text/csv"})")
        << false;
    QTest::newRow("numbers flag a string")
        << QByteArray(R"({"payload":"x.csv","destination":"payroll","auditSequence":7,"containsNumbers":"no",)"
                      R"("mediaType":"text/csv"})")
        << false;
    QTest::newRow("media type with a newline")
        << QByteArray(R"({"payload":"x.csv","destination":"payroll","auditSequence":7,"containsNumbers":true,)"
                      R"("mediaType":"text/csv\r\nX-Evil: 1"})")
        << false;
    QTest::newRow("destination with a space")
        << QByteArray(R"({"payload":"x.csv","destination":"pay roll","auditSequence":7,"containsNumbers":true,)"
                      R"("mediaType":"text/csv"})")
        << false;
    QTest::newRow("missing destination")
        << QByteArray(R"({"payload":"x.csv","auditSequence":7,"containsNumbers":true,"mediaType":"text/csv"})")
        << false;
    QTest::newRow("key twice") << "{" + good + R"(,"auditSequence":8})" << false;
}

void TestCourier::envelopeParsing()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, valid);
    const auto envelope = parseEnvelope(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
    QCOMPARE(envelope.ok(), valid);
    if (valid) {
        QCOMPARE(envelope.value().auditSequence, std::uint64_t{7});
        QCOMPARE(envelope.value().destination, std::string("payroll"));
        QVERIFY(envelope.value().containsNumbers);
    }
}

void TestCourier::recordRoundTrip()
{
    CourierRecord record;
    record.auditSequence = 42;
    record.phase = RecordPhase::Decided;
    record.attempts = 3;
    record.nextAttemptMs = 1234;
    record.updatedMs = 5678;
    record.outcome = DeliveryOutcome::Blocked;
    record.detail = "a \"quoted\" detail\\ with\ta tab";
    const auto parsed = parseRecord(serializeRecord(record));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().auditSequence, record.auditSequence);
    QCOMPARE(parsed.value().phase, record.phase);
    QCOMPARE(parsed.value().attempts, record.attempts);
    QCOMPARE(parsed.value().nextAttemptMs, record.nextAttemptMs);
    QCOMPARE(parsed.value().outcome, record.outcome);
    QCOMPARE(parsed.value().detail, record.detail);
    QVERIFY(!parseRecord("{\"version\":2}").ok());
    QVERIFY(!parseRecord("not json").ok());
}

void TestCourier::allowListPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("valid");
    QTest::newRow("root") << "/" << true;
    QTest::newRow("nested") << "/api/v2/submissions" << true;
    QTest::newRow("escaped") << "/a%20b" << true;
    QTest::newRow("relative") << "api" << false;
    QTest::newRow("query") << "/a?b=c" << false;
    QTest::newRow("fragment") << "/a#b" << false;
    QTest::newRow("dot dot") << "/a/../b" << false;
    QTest::newRow("dot") << "/./b" << false;
    QTest::newRow("bad escape") << "/a%2" << false;
    QTest::newRow("space") << "/a b" << false;
    QTest::newRow("newline") << "/a\r\nHost: x" << false;
}

void TestCourier::allowListPath()
{
    QFETCH(QString, path);
    QFETCH(bool, valid);
    QCOMPARE(isValidUrlPath(path.toStdString()), valid);
}

void TestCourier::delivered()
{
    const Entry entry = writeEntry(QStringLiteral("payroll"), payrollCsvWithNumbers(3), true);
    auto c = courier();
    drain(*c);
    QCOMPARE(m_reporter.reports.size(), std::size_t{1});
    const auto& [outcome, detail] = m_reporter.reports.at(entry.sequence);
    QCOMPARE(outcome, DeliveryOutcome::Delivered);
    QCOMPARE(detail, std::string("HTTP 201"));
    // What arrived is exactly the payload (compared, never printed), with its key and type.
    const int number = m_good.stored();
    QCOMPARE(number, m_goodBaseline + 1);
    QVERIFY(m_good.body(number) == payrollCsvWithNumbers(3));
    QCOMPARE(m_good.meta(number, QStringLiteral("path")), QStringLiteral("/v1/submissions"));
    QCOMPARE(m_good.meta(number, QStringLiteral("key")), entry.name);
    QCOMPARE(m_good.meta(number, QStringLiteral("type")), QStringLiteral("text/csv; charset=utf-8"));
    // Everything moved to done/, the record last.
    QVERIFY(!inOutbox(entry.name) && !inOutbox(entry.name + ".json") && !inOutbox(entry.name + ".courier"));
    QVERIFY(in("done", entry.name) && in("done", entry.name + ".json") && in("done", entry.name + ".courier"));
    QFile record(m_outboxDir + "/done/" + entry.name + ".courier");
    QVERIFY(record.open(QIODevice::ReadOnly));
    const QByteArray text = record.readAll();
    const auto parsed = parseRecord(std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().phase, RecordPhase::Reported);
    QCOMPARE(parsed.value().attempts, 1u);
    QCOMPARE(c->sends(), std::uint64_t{1});
}

void TestCourier::retriedWithBackoffThenDelivered()
{
    const Entry entry = writeEntry(QStringLiteral("flaky"), payrollCsvWithNumbers(2), true);
    std::vector<std::int64_t> attempts;
    auto options = baseOptions();
    Courier c(m_allowList, options, m_reporter, systemNowMs, [&attempts](const HttpsPost& post) {
        attempts.push_back(systemNowMs());
        return postPayload(post);
    });
    QVERIFY(c.prepare().ok());
    drain(c);
    // 503, 503, then 201: three attempts, 200 ms and then 400 ms apart (at least).
    QCOMPARE(attempts.size(), std::size_t{3});
    QVERIFY2(attempts[1] - attempts[0] >= 200, qPrintable(QString::number(attempts[1] - attempts[0])));
    QVERIFY2(attempts[2] - attempts[1] >= 400, qPrintable(QString::number(attempts[2] - attempts[1])));
    qInfo("attempts %lld ms and %lld ms apart (backoff 200, 400)", static_cast<long long>(attempts[1] - attempts[0]),
          static_cast<long long>(attempts[2] - attempts[1]));
    QCOMPARE(m_reporter.reports.at(entry.sequence).first, DeliveryOutcome::Delivered);
    QCOMPARE(m_reporter.reports.at(entry.sequence).second, std::string("HTTP 201 after 3 attempts"));
    QVERIFY(in("done", entry.name));
}

void TestCourier::givesUpAfterMaxAttempts()
{
    const Entry entry = writeEntry(QStringLiteral("down"), payrollCsvWithNumbers(1), true);
    auto options = baseOptions();
    options.maxAttempts = 3;
    auto c = courier(options);
    drain(*c);
    QCOMPARE(c->sends(), std::uint64_t{3});
    QCOMPARE(m_reporter.reports.at(entry.sequence).first, DeliveryOutcome::Failed);
    QCOMPARE(m_reporter.reports.at(entry.sequence).second, std::string("HTTP 503 after 3 attempts"));
    QVERIFY(in("failed", entry.name) && in("failed", entry.name + ".json") && in("failed", entry.name + ".courier"));
    QVERIFY(!inOutbox(entry.name));
}

void TestCourier::wrongCaRefused()
{
    // The impostor has a valid certificate for the name, from a CA that is not the pinned one (and
    // is the one SSL_CERT_FILE names: the environment's store is not consulted either).
    const Entry entry = writeEntry(QStringLiteral("impostor"), payrollCsvWithNumbers(1), true);
    auto c = courier();
    drain(*c);
    QCOMPARE(c->sends(), std::uint64_t{1}); // permanent: not retried
    QCOMPARE(m_reporter.reports.at(entry.sequence).first, DeliveryOutcome::Failed);
    QVERIFY2(m_reporter.reports.at(entry.sequence).second.find("not trusted") != std::string::npos,
             m_reporter.reports.at(entry.sequence).second.c_str());
    QCOMPARE(m_impostor.stored(), 0);
    QVERIFY(in("failed", entry.name));
}

void TestCourier::timeoutRetriedThenFailed()
{
    // The endpoint answers after 300 ms; the transfer may take 150 ms: a timeout, transient.
    const Entry entry = writeEntry(QStringLiteral("slow"), payrollCsvWithNumbers(1), true);
    auto options = baseOptions();
    options.totalTimeout = std::chrono::milliseconds(150);
    options.maxAttempts = 2;
    auto c = courier(options);
    drain(*c);
    QCOMPARE(c->sends(), std::uint64_t{2});
    QCOMPARE(m_reporter.reports.at(entry.sequence).first, DeliveryOutcome::Failed);
    QCOMPARE(m_reporter.reports.at(entry.sequence).second, std::string("timed out (curl 28) after 2 attempts"));
}

void TestCourier::redirectNotFollowed()
{
    const Entry entry = writeEntry(QStringLiteral("redirect"), payrollCsvWithNumbers(1), true);
    auto c = courier();
    drain(*c);
    QCOMPARE(c->sends(), std::uint64_t{1});
    QCOMPARE(m_reporter.reports.at(entry.sequence).first, DeliveryOutcome::Failed);
    QCOMPARE(m_reporter.reports.at(entry.sequence).second, std::string("HTTP 302 (redirect refused)"));
}

void TestCourier::unlistedDestinationRefused()
{
    const Entry entry = writeEntry(QStringLiteral("elsewhere"), payrollCsvWithNumbers(1), true);
    auto c = courier();
    drain(*c);
    QCOMPARE(c->sends(), std::uint64_t{0});
    QCOMPARE(m_reporter.reports.at(entry.sequence).first, DeliveryOutcome::Refused);
    QCOMPARE(m_reporter.reports.at(entry.sequence).second,
             std::string("destination 'elsewhere' is not on the allow-list"));
    QVERIFY(in("failed", entry.name));
}

void TestCourier::numbersToNoNumberEndpointBlocked()
{
    // The vault thought the payload held none (a number typed into a field): the scan finds them.
    const Entry entry = writeEntry(QStringLiteral("nonum"), payrollCsvWithNumbers(3), false);
    auto c = courier();
    drain(*c);
    QCOMPARE(c->sends(), std::uint64_t{0});
    QCOMPARE(m_good.stored(), m_goodBaseline);
    QCOMPARE(m_reporter.reports.at(entry.sequence).first, DeliveryOutcome::Blocked);
    const std::string& detail = m_reporter.reports.at(entry.sequence).second;
    QVERIFY2(detail.find("outgoing-data scan: 3 likely number(s)") == 0, detail.c_str());
    QVERIFY(detail.find("endpoint 'nonum' may not receive numbers") != std::string::npos);
    QVERIFY(detail.size() <= kMaxReportDetail);
    QVERIFY(in("failed", entry.name));
}

void TestCourier::markedNumbersToNoNumberEndpointBlocked()
{
    const Entry entry = writeEntry(QStringLiteral("nonum"), payrollCsvWithoutNumbers(2), true);
    auto c = courier();
    drain(*c);
    QCOMPARE(c->sends(), std::uint64_t{0});
    QCOMPARE(m_reporter.reports.at(entry.sequence).first, DeliveryOutcome::Blocked);
}

void TestCourier::cleanPayloadToNoNumberEndpointDelivered()
{
    // The no-number endpoint's CA is pinned inline (ca_pem): CURLOPT_CAINFO_BLOB.
    const Entry entry = writeEntry(QStringLiteral("nonum"), payrollCsvWithoutNumbers(2), false);
    auto c = courier();
    drain(*c);
    QCOMPARE(m_reporter.reports.at(entry.sequence).first, DeliveryOutcome::Delivered);
    QVERIFY(m_good.body(m_good.stored()) == payrollCsvWithoutNumbers(2));
}

void TestCourier::malformedEnvelopes()
{
    // Readable sequence, broken otherwise: reported as failed against that entry.
    const Entry named = writeEntry(QStringLiteral("payroll"), payrollCsvWithNumbers(1), true);
    {
        QFile envelope(outboxFile(named.name + ".json"));
        QVERIFY(envelope.open(QIODevice::WriteOnly | QIODevice::Truncate));
        envelope.write("{\"auditSequence\":" + QByteArray::number(static_cast<qulonglong>(named.sequence)) +
                       ",\"destination\":7}");
    }
    // Nothing readable: quarantined in failed/, never reported, never sent.
    const QString garbage = QStringLiteral("mamori-provide-test-garbage.csv");
    {
        QFile payload(outboxFile(garbage));
        QVERIFY(payload.open(QIODevice::WriteOnly));
        payload.write(payrollCsvWithNumbers(1));
        QFile envelope(outboxFile(garbage + ".json"));
        QVERIFY(envelope.open(QIODevice::WriteOnly));
        envelope.write("{{{");
    }
    // A payload without its envelope (the vault is still writing): left alone.
    QFile lonely(outboxFile(QStringLiteral("mamori-provide-test-lonely.csv")));
    QVERIFY(lonely.open(QIODevice::WriteOnly));
    lonely.write("x");
    lonely.close();

    auto c = courier();
    drain(*c);
    QCOMPARE(c->sends(), std::uint64_t{0});
    QCOMPARE(m_reporter.reports.size(), std::size_t{1});
    QCOMPARE(m_reporter.reports.at(named.sequence).first, DeliveryOutcome::Failed);
    QCOMPARE(m_reporter.reports.at(named.sequence).second, std::string("malformed envelope"));
    QVERIFY(in("failed", garbage) && in("failed", garbage + ".json") && in("failed", garbage + ".courier"));
    QFile quarantined(m_outboxDir + "/failed/" + garbage + ".courier");
    QVERIFY(quarantined.open(QIODevice::ReadOnly));
    QVERIFY(quarantined.readAll().contains("\"phase\":\"quarantined\""));
    QVERIFY(inOutbox(QStringLiteral("mamori-provide-test-lonely.csv")));
}

void TestCourier::vaultUnavailableThenReported()
{
    const Entry entry = writeEntry(QStringLiteral("payroll"), payrollCsvWithNumbers(1), true);
    m_reporter.unavailable = 2;
    auto c = courier();
    auto first = c->runPass();
    QVERIFY(first.ok());
    QCOMPARE(first.value().pending, std::size_t{1});
    QVERIFY(inOutbox(entry.name)); // never moved while unreported
    QFile record(outboxFile(entry.name + ".courier"));
    QVERIFY(record.open(QIODevice::ReadOnly));
    QVERIFY(record.readAll().contains("\"phase\":\"decided\""));
    drain(*c);
    QCOMPARE(c->sends(), std::uint64_t{1}); // sent once; only the report was repeated
    QCOMPARE(m_reporter.calls, 3);
    QCOMPARE(m_reporter.reports.at(entry.sequence).first, DeliveryOutcome::Delivered);
    QVERIFY(in("done", entry.name));
}

void TestCourier::vaultRejectsReportQuarantines()
{
    const Entry entry = writeEntry(QStringLiteral("elsewhere"), payrollCsvWithNumbers(1), true);
    m_reporter.reject = true;
    auto c = courier();
    drain(*c);
    QVERIFY(in("failed", entry.name));
    QFile record(m_outboxDir + "/failed/" + entry.name + ".courier");
    QVERIFY(record.open(QIODevice::ReadOnly));
    const QByteArray text = record.readAll();
    QVERIFY(text.contains("\"phase\":\"quarantined\""));
    QVERIFY(text.contains("the vault refused the report"));
}

void TestCourier::crashLoopIsBounded()
{
    // A record that says the maximum number of attempts were started (each cut short by a crash):
    // no further send, the entry fails.
    const Entry entry = writeEntry(QStringLiteral("payroll"), payrollCsvWithNumbers(1), true);
    CourierRecord record;
    record.auditSequence = entry.sequence;
    record.phase = RecordPhase::Sending;
    record.attempts = 6;
    record.detail = "interrupted";
    QVERIFY(Outbox(m_outboxDir.toStdString()).writeRecord(entry.name.toStdString(), record).ok());
    auto c = courier();
    drain(*c);
    QCOMPARE(c->sends(), std::uint64_t{0});
    QCOMPARE(m_reporter.reports.at(entry.sequence).first, DeliveryOutcome::Failed);
    QCOMPARE(m_reporter.reports.at(entry.sequence).second, std::string("interrupted after 6 attempts"));
}

void TestCourier::crashSafety_data()
{
    QTest::addColumn<QString>("point");
    QTest::addColumn<QString>("destination");
    QTest::addColumn<int>("maxReceived"); // how often the endpoint may have it (a resend after a crash mid-send)
    for (const std::string_view point : kCrashPoints) {
        const QString name = QString::fromLatin1(point.data(), static_cast<qsizetype>(point.size()));
        QTest::newRow(qPrintable(name)) << name << QStringLiteral("payroll") << (name == "after-send" ? 2 : 1);
    }
    // The same points on a blocked entry (nothing is ever sent) — where they apply.
    for (const char* point :
         {"after-decide", "after-report", "after-reported", "after-move-payload", "after-move-envelope"})
        QTest::newRow((std::string("blocked ") + point).c_str())
            << QString::fromLatin1(point) << QStringLiteral("nonum") << 0;
}

void TestCourier::crashSafety()
{
    QFETCH(QString, point);
    QFETCH(QString, destination);
    QFETCH(int, maxReceived);
    const Entry entry = writeEntry(destination, payrollCsvWithNumbers(2), destination == QLatin1String("payroll"));
    // A second entry, untouched by the crash, must come through too.
    const Entry bystander = writeEntry(QStringLiteral("payroll"), payrollCsvWithNumbers(1, 50), true);

    auto options = baseOptions();
    options.crashAt = point.toStdString();
    {
        auto crashing = courier(options);
        const auto pass = crashing->runPass();
        QVERIFY2(!pass.ok() && pass.code() == ErrorCode::Cancelled, "the injected crash did not happen");
    }
    // Nothing of the entry was lost: every file is in the outbox or in its final directory.
    const QString finalDir =
        destination == QLatin1String("payroll") ? QStringLiteral("done") : QStringLiteral("failed");
    for (const QString& file : {entry.name, entry.name + ".json"})
        QVERIFY2(inOutbox(file) || in(qPrintable(finalDir), file), qPrintable(file + " lost"));

    // Restart: a new courier, as after a reboot.
    auto restarted = courier();
    drain(*restarted);
    // One report per entry in the vault, whatever the crash; a second attempt, if any, was refused.
    QCOMPARE(m_reporter.reports.size(), std::size_t{2});
    QCOMPARE(m_reporter.reports.at(entry.sequence).first,
             destination == QLatin1String("payroll") ? DeliveryOutcome::Delivered : DeliveryOutcome::Blocked);
    QCOMPARE(m_reporter.reports.at(bystander.sequence).first, DeliveryOutcome::Delivered);
    QVERIFY(m_reporter.calls <= 3);
    // All files of both entries in their final directory, nothing left behind.
    for (const QString& file : {entry.name, entry.name + ".json", entry.name + ".courier"})
        QVERIFY2(in(qPrintable(finalDir), file), qPrintable(file + " not in " + finalDir));
    QVERIFY(in("done", bystander.name + ".courier"));
    QCOMPARE(QDir(m_outboxDir).entryList(QDir::Files).size(), 0);
    // The endpoint got the entry at most as often as the crash allows, each copy with the same key.
    int received = 0;
    for (int n = m_goodBaseline + 1; n <= m_good.stored(); ++n)
        if (m_good.meta(n, QStringLiteral("key")) == entry.name)
            ++received;
    QVERIFY2(received <= maxReceived, qPrintable(QString::number(received)));
    if (destination == QLatin1String("payroll"))
        QVERIFY(received >= 1);
}

void TestCourier::reportedEntriesPurgedAfterRetention()
{
    const Entry entry = writeEntry(QStringLiteral("payroll"), payrollCsvWithNumbers(1), true);
    std::int64_t offset = 0;
    auto options = baseOptions();
    options.keepReported = std::chrono::hours(24);
    Courier c(m_allowList, options, m_reporter, [&offset] { return systemNowMs() + offset; });
    QVERIFY(c.prepare().ok());
    drain(c);
    QVERIFY(in("done", entry.name));
    offset = 23LL * 3600 * 1000; // not yet
    QVERIFY(c.runPass().ok());
    QVERIFY(in("done", entry.name));
    offset = 25LL * 3600 * 1000;
    const auto pass = c.runPass();
    QVERIFY(pass.ok());
    QVERIFY(!in("done", entry.name) && !in("done", entry.name + ".json") && !in("done", entry.name + ".courier"));
}

QTEST_GUILESS_MAIN(TestCourier)
#include "tst_courier.moc"

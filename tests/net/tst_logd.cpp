// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-logd end to end: the daemon binary (MAMORI_LOGD) serving a real mamori-vaultd (swtpm, a
// seeded vault of more than 10,000 audit entries, a private bus — tests/vaultd/vaultd_harness.h) on
// 127.0.0.1, with the admin peer at 127.0.0.2. Requests are written by hand on sockets bound to a
// chosen source address, so that every answer of services/net/LOGD_PROTOCOL.md can be provoked:
// the head; bundles that verify (services/vault verifyBundle) and chain from one pull to the next
// until the head, across the 10,000-entry page; 204 at the head; 400, 403 (another source address,
// the connection closed), 404, 405, 413, 431; and 503 once the vault is gone.

#include "services/net/logd_server.h"
#include "services/vault/audit_bundle.h"
#include "tests/vaultd/vaultd_harness.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace mamori;
using namespace mamori::test;
using namespace mamori::vault;

namespace {

constexpr const char* kDevice = "mamori-logd-test";
constexpr const char* kAdmin = "127.0.0.2";
constexpr const char* kStranger = "127.0.0.3";
constexpr int kSeededEntries = 10'400;

struct HttpReply {
    int status = 0;                       // 0: the connection closed without an answer
    QMap<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
};

// Sends `request` from `source` to 127.0.0.1:port and reads until the server closes (every request
// here says Connection: close) or 10 s pass.
HttpReply exchange(const char* source, quint16 port, const QByteArray& request)
{
    HttpReply reply;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, source, &local.sin_addr);
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0)
        qFatal("cannot connect from %s to logd", source);
    qsizetype sent = 0;
    while (sent < request.size()) {
        const ssize_t n =
            ::send(fd, request.constData() + sent, static_cast<size_t>(request.size() - sent), MSG_NOSIGNAL);
        if (n <= 0)
            break; // the server may close early (413, 431): read what it said
        sent += n;
    }
    QByteArray raw;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10'000) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 200) <= 0)
            continue;
        char buffer[65536];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            break;
        raw.append(buffer, n);
    }
    ::close(fd);
    const qsizetype split = raw.indexOf("\r\n\r\n");
    if (!raw.startsWith("HTTP/1.") || split < 0)
        return reply;
    const QList<QByteArray> lines = raw.left(split).split('\n');
    reply.status = lines.at(0).split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            reply.headers.insert(line.left(colon).toLower(), line.mid(colon + 1).trimmed());
    }
    reply.body = raw.mid(split + 4);
    return reply;
}

QByteArray get(const QByteArray& target, const QByteArray& extra = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: logd\r\nConnection: close\r\n" + extra + "\r\n";
}

std::span<const std::uint8_t> bytes(const QByteArray& array)
{
    return {reinterpret_cast<const std::uint8_t*>(array.constData()), static_cast<std::size_t>(array.size())};
}

} // namespace

class TestLogd : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void head();
    void bundlesChainToTheHead();
    void nothingAfterTheHead();
    void malformedQueries_data();
    void malformedQueries();
    void otherPathsAndMethods();
    void strangerRefused();
    void bodiesAndOversizedHeadersRefused();
    void unspecifiedAddressRefused();
    void parseAfter_data();
    void parseAfter();
    // Last: stops the vault.
    void vaultGoneIs503();

private:
    HttpReply admin(const QByteArray& request) { return exchange(kAdmin, m_port, request); }

    QTemporaryDir m_dir;
    VaultdHarness m_harness{kDevice};
    QProcess m_logd;
    quint16 m_port = 0;
};

void TestLogd::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString self = QString::number(::geteuid());
    m_harness.start(
        [](Vault& vault) {
            // More entries than one page (10,000), each its own audited act.
            for (int i = 0; i < kSeededEntries; ++i)
                if (!vault.addDepartment(nullptr, "dept" + std::to_string(i), "部署 " + std::to_string(i)).ok())
                    qFatal("seed");
        },
        {QStringLiteral("--log-user"), self});

    QFile allowList(m_dir.filePath(QStringLiteral("allowlist.toml")));
    QVERIFY(allowList.open(QIODevice::WriteOnly));
    allowList.write("version = 1\n[gateway]\nendpoint = \"192.0.2.1:51820\"\n"
                    "public_key = \"TymVOzvCiN924YT2uUGoyhJdQHeSg4AkbaQHXbmf918=\"\n"
                    "[admin]\npublic_key = \"jic7QRvWOQRLklJVC1e//k8T/+3EnFQxAfKAG/19XZI=\"\n"
                    "address = \"127.0.0.2/32\"\n");
    allowList.close();

    const QString program = qEnvironmentVariable("MAMORI_LOGD");
    QVERIFY2(!program.isEmpty(), "MAMORI_LOGD is not set (CTest sets it)");
    m_logd.setProcessChannelMode(QProcess::SeparateChannels);
    m_logd.setReadChannel(QProcess::StandardError);
    m_logd.start(program, {QStringLiteral("--allowlist"), allowList.fileName(), QStringLiteral("--listen"),
                           QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("0"),
                           QStringLiteral("--bus"), m_harness.bus->address()});
    QVERIFY(m_logd.waitForStarted(5000));
    const QRegularExpression serving(QStringLiteral("port (\\d+)"));
    for (int i = 0; i < 100 && m_port == 0; ++i) {
        m_logd.waitForReadyRead(100);
        while (m_logd.canReadLine()) {
            const QString line = QString::fromUtf8(m_logd.readLine());
            const auto match = serving.match(line);
            if (match.hasMatch())
                m_port = static_cast<quint16>(match.captured(1).toUInt());
        }
    }
    QVERIFY2(m_port != 0, "mamori-logd did not report its port");
}

void TestLogd::cleanupTestCase()
{
    m_logd.terminate();
    QVERIFY(m_logd.waitForFinished(5000));
    QCOMPARE(m_logd.exitCode(), 0);
    // Its log names requests, never bodies.
    const QByteArray log = m_logd.readAllStandardError();
    QVERIFY(log.contains("GET /v1/bundle"));
}

void TestLogd::head()
{
    const HttpReply reply = admin(get("/v1/head"));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.headers.value("content-type"), QByteArray("application/json"));
    QCOMPARE(reply.headers.value("cache-control"), QByteArray("no-store"));
    const QString pattern = QString::fromLatin1(R"re(^\{"deviceId": "([^"]+)", "headSequence": (\d+)\}\n$)re");
    const QRegularExpression json(pattern);
    const auto match = json.match(QString::fromUtf8(reply.body));
    QVERIFY2(match.hasMatch(), reply.body.constData());
    QCOMPARE(match.captured(1), QString::fromLatin1(kDevice));
    QVERIFY(match.captured(2).toULongLong() >= kSeededEntries);
    // Asking for the head writes nothing.
    QCOMPARE(admin(get("/v1/head")).body, reply.body);
}

void TestLogd::bundlesChainToTheHead()
{
    std::uint64_t after = 0;
    std::optional<ChainHead> anchor;
    std::optional<PublicKey> deviceKey;
    int bundles = 0;
    std::uint64_t entries = 0;
    for (;;) {
        const HttpReply reply = admin(get("/v1/bundle?after=" + QByteArray::number(static_cast<qulonglong>(after))));
        QVERIFY2(reply.status == 200 || reply.status == 204, qPrintable(QString::number(reply.status)));
        const std::uint64_t head = reply.headers.value("mamori-head-sequence").toULongLong();
        QVERIFY(head > 0);
        if (reply.status == 204)
            break;
        QCOMPARE(reply.headers.value("content-type"), QByteArray("application/vnd.mamori.audit-bundle"));
        BundleVerifyOptions options;
        options.expectedAnchor = anchor;
        options.keepEntries = false;
        // The first bundle's key is pinned for every later one (and must be the same).
        const BundleVerification verified = verifyBundle(bytes(reply.body), deviceKey, options);
        QVERIFY(verified.parsed);
        QVERIFY2(verified.report.clean(), "a bundle did not verify");
        QCOMPARE(verified.bundle.firstSequence, after + 1);
        QCOMPARE(verified.bundle.deviceId, std::string(kDevice));
        QVERIFY(verified.bundle.lastSequence - after <= 10'000);
        deviceKey = verified.bundle.devicePublicKey;
        anchor = verified.report.head;
        entries += verified.bundle.lastSequence - after;
        after = verified.bundle.lastSequence;
        ++bundles;
        if (after >= head)
            break;
    }
    QVERIFY2(bundles >= 2, "the seeded log should span two pages");
    // The next pull sees nothing new: the head is where the last bundle ended.
    const HttpReply next = admin(get("/v1/bundle?after=" + QByteArray::number(static_cast<qulonglong>(after))));
    QCOMPARE(next.status, 204);
    QCOMPARE(next.headers.value("mamori-head-sequence").toULongLong(), after);
    QVERIFY(next.body.isEmpty());
    qInfo("pulled %d bundles, %llu entries, head %llu", bundles, static_cast<unsigned long long>(entries),
          static_cast<unsigned long long>(after));

    // Something happens on the device; the next pull continues the chain exactly.
    auto vault = m_harness.vaultOn(m_harness.connect(QStringLiteral("status")));
    QVERIFY(vault->call(QStringLiteral("BeginLogin"), QString(64, QLatin1Char('a'))).type() ==
            QDBusMessage::ErrorMessage); // an unknown card: refused and audited
    const HttpReply more = admin(get("/v1/bundle?after=" + QByteArray::number(static_cast<qulonglong>(after))));
    QCOMPARE(more.status, 200);
    BundleVerifyOptions options;
    options.expectedAnchor = anchor;
    const BundleVerification verified = verifyBundle(bytes(more.body), deviceKey, options);
    QVERIFY(verified.report.clean());
    QCOMPARE(verified.bundle.firstSequence, after + 1);
    QCOMPARE(verified.bundle.lastSequence, more.headers.value("mamori-head-sequence").toULongLong());
    // A forged anchor is caught by the client's check.
    options.expectedAnchor = ChainHead{after, AuditHash{}};
    QVERIFY(!verifyBundle(bytes(more.body), deviceKey, options).report.clean());
}

void TestLogd::nothingAfterTheHead()
{
    const HttpReply head = admin(get("/v1/head"));
    const auto sequence = QRegularExpression(QStringLiteral("\"headSequence\": (\\d+)"))
                              .match(QString::fromUtf8(head.body))
                              .captured(1)
                              .toULongLong();
    for (const qulonglong after : {sequence, sequence + 100, qulonglong{18446744073709551615ULL}}) {
        const HttpReply reply = admin(get("/v1/bundle?after=" + QByteArray::number(after)));
        QCOMPARE(reply.status, 204);
        QCOMPARE(reply.headers.value("mamori-head-sequence").toULongLong(), sequence);
    }
}

void TestLogd::malformedQueries_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("no parameter") << QByteArray("/v1/bundle");
    QTest::newRow("empty value") << QByteArray("/v1/bundle?after=");
    QTest::newRow("key only") << QByteArray("/v1/bundle?after");
    QTest::newRow("letters") << QByteArray("/v1/bundle?after=abc");
    QTest::newRow("negative") << QByteArray("/v1/bundle?after=-1");
    QTest::newRow("plus") << QByteArray("/v1/bundle?after=%2B1");
    QTest::newRow("leading zero") << QByteArray("/v1/bundle?after=01");
    QTest::newRow("overflow") << QByteArray("/v1/bundle?after=18446744073709551616");
    QTest::newRow("fraction") << QByteArray("/v1/bundle?after=1.5");
    QTest::newRow("twice") << QByteArray("/v1/bundle?after=1&after=2");
    QTest::newRow("other parameter") << QByteArray("/v1/bundle?after=1&limit=5");
    QTest::newRow("only another") << QByteArray("/v1/bundle?from=1");
    QTest::newRow("head with a parameter") << QByteArray("/v1/head?after=1");
}

void TestLogd::malformedQueries()
{
    QFETCH(QByteArray, target);
    const HttpReply reply = admin(get(target));
    QCOMPARE(reply.status, 400);
    QVERIFY(reply.headers.value("content-type").startsWith("text/plain"));
    QVERIFY(reply.body.size() < 100);
}

void TestLogd::otherPathsAndMethods()
{
    for (const QByteArray target : {"/", "/v1", "/v1/head/", "/v1/heads", "/v2/head", "/v1/bundle/1", "/../etc"})
        QCOMPARE(admin(get(target)).status, 404);
    for (const QByteArray method : {"POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"}) {
        const HttpReply reply =
            admin(method + " /v1/head HTTP/1.1\r\nHost: logd\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        QCOMPARE(reply.status, 405);
        QCOMPARE(reply.headers.value("allow"), QByteArray("GET"));
    }
}

void TestLogd::strangerRefused()
{
    // Any other source: 403 for everything — even a path that does not exist — and the connection closed.
    for (const QByteArray target : {"/v1/head", "/v1/bundle?after=0", "/nothing"}) {
        const HttpReply reply = exchange(kStranger, m_port, get(target));
        QCOMPARE(reply.status, 403);
        QCOMPARE(reply.body, QByteArray("forbidden\n"));
        QVERIFY(!reply.headers.contains("mamori-head-sequence"));
    }
    // Even with keep-alive asked for, the server closes after the 403: a second request on the same
    // connection gets nothing.
    const HttpReply twice = exchange(
        kStranger, m_port, "GET /v1/head HTTP/1.1\r\nHost: logd\r\n\r\nGET /v1/head HTTP/1.1\r\nHost: logd\r\n\r\n");
    QCOMPARE(twice.status, 403);
    QCOMPARE(twice.headers.value("connection").toLower(), QByteArray("close"));
    QCOMPARE(twice.body, QByteArray("forbidden\n"));
    // So does the loopback address itself (the listening one).
    QCOMPARE(exchange("127.0.0.1", m_port, get("/v1/head")).status, 403);
}

void TestLogd::bodiesAndOversizedHeadersRefused()
{
    const HttpReply withBody =
        admin("GET /v1/head HTTP/1.1\r\nHost: logd\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello");
    QCOMPARE(withBody.status, 413);
    const HttpReply chunked = admin("GET /v1/head HTTP/1.1\r\nHost: logd\r\nConnection: close\r\nTransfer-Encoding: "
                                    "chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    QCOMPARE(chunked.status, 413);
    const HttpReply huge = admin(get("/v1/head", "X-Filler: " + QByteArray(20'000, 'a') + "\r\n"));
    QVERIFY2(huge.status == 431 || huge.status == 0, qPrintable(QString::number(huge.status)));
    qInfo("a 20 kB header: HTTP %d (0: closed without an answer)", huge.status);
    // logd still serves afterwards.
    QCOMPARE(admin(get("/v1/head")).status, 200);
}

namespace {
class NoSource final : public net::AuditSource {
public:
    Result<Pull> bundleSince(std::uint64_t, std::uint32_t) override { return Error(ErrorCode::Unavailable); }
    Result<std::string> deviceId() override { return Error(ErrorCode::Unavailable); }
};
} // namespace

void TestLogd::unspecifiedAddressRefused()
{
    NoSource source;
    net::LogdServer server;
    const Status started = server.start(*net::parseIpAddress("0.0.0.0"), 0, *net::parseIpAddress(kAdmin), source);
    QVERIFY(!started.ok());
    QCOMPARE(started.code(), ErrorCode::InvalidArgument);
    QVERIFY(!server.start(*net::parseIpAddress("::"), 0, *net::parseIpAddress(kAdmin), source).ok());
    // The binary refuses it too (usage error, exit 1? no: the address is refused at start, exit 2).
    QProcess logd;
    logd.start(qEnvironmentVariable("MAMORI_LOGD"),
               {QStringLiteral("--allowlist"), m_dir.filePath(QStringLiteral("allowlist.toml")),
                QStringLiteral("--listen"), QStringLiteral("0.0.0.0"), QStringLiteral("--bus"),
                m_harness.bus->address()});
    QVERIFY(logd.waitForFinished(10000));
    QCOMPARE(logd.exitCode(), 2);
}

void TestLogd::parseAfter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("zero") << "0" << true;
    QTest::newRow("max") << "18446744073709551615" << true;
    QTest::newRow("over max") << "18446744073709551616" << false;
    QTest::newRow("21 digits") << "100000000000000000000" << false;
    QTest::newRow("leading zero") << "00" << false;
    QTest::newRow("space") << " 1" << false;
    QTest::newRow("empty") << "" << false;
}

void TestLogd::parseAfter()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QCOMPARE(net::parseAfter(text.toStdString()).has_value(), valid);
}

void TestLogd::vaultGoneIs503()
{
    QVERIFY(m_harness.stop());
    QCOMPARE(admin(get("/v1/bundle?after=0")).status, 503);
    // The device id is cached, the head is not: /v1/head needs the vault.
    QCOMPARE(admin(get("/v1/head")).status, 503);
    // Others still get 403, not a hint that the vault is down.
    QCOMPARE(exchange(kStranger, m_port, get("/v1/head")).status, 403);
}

QTEST_GUILESS_MAIN(TestLogd)
#include "tst_logd.moc"

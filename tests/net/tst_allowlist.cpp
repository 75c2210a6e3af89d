// SPDX-License-Identifier: GPL-3.0-or-later
// The allow-list parser: accepted files, every refusal with the line it names, the helpers, and the
// example file shipped in services/net/examples. Keys and CAs here are made up for the tests.

#include "services/net/allowlist.h"

#include <QTest>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>

using namespace mamori;
using namespace mamori::net;

namespace {

constexpr const char* kGatewayKey = "TymVOzvCiN924YT2uUGoyhJdQHeSg4AkbaQHXbmf918=";
constexpr const char* kAdminKey = "jic7QRvWOQRLklJVC1e//k8T/+3EnFQxAfKAG/19XZI=";

// Fourteen lines; rows below replace one of them (1-based) or append more.
QStringList baseLines()
{
    return {
        "version = 1",                                   // 1
        "[gateway]",                                     // 2
        "endpoint = \"203.0.113.10:51820\"",             // 3
        QString("public_key = \"%1\"").arg(kGatewayKey), // 4
        "[admin]",                                       // 5
        QString("public_key = \"%1\"").arg(kAdminKey),   // 6
        "address = \"10.77.0.2/32\"",                    // 7
        "[[endpoint]]",                                  // 8
        "name = \"payroll\"",                            // 9
        "host = \"api.payroll.example\"",                // 10
        "port = 443",                                    // 11
        "purposes = [\"withholding_slip\"]",             // 12
        "allow_numbers = true",                          // 13
        "ca_file = \"/etc/mamori/ca/payroll.pem\"",      // 14
    };
}

QString replaced(int line, const QString& text)
{
    QStringList lines = baseLines();
    lines[line - 1] = text;
    return lines.join('\n') + '\n';
}

QString appended(const QString& text) { return baseLines().join('\n') + '\n' + text + '\n'; }

QString secondEndpoint(const QString& name, const QString& host, int port)
{
    return QString("[[endpoint]]\nname = \"%1\"\nhost = \"%2\"\nport = %3\npurposes = [\"backup\"]\n"
                   "allow_numbers = false\nca_file = \"/etc/mamori/ca/b.pem\"")
        .arg(name, host)
        .arg(port);
}

Result<AllowList> parse(const QString& text, std::vector<AllowListProblem>* problems = nullptr)
{
    const QByteArray utf8 = text.toUtf8();
    return parseAllowList(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())), problems);
}

std::string sourceDir()
{
    const char* dir = std::getenv("MAMORI_SOURCE_DIR");
    return dir ? dir : MAMORI_SOURCE_DIR_FALLBACK;
}

QByteArray readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return QByteArray::fromStdString(std::string(std::istreambuf_iterator<char>(in), {}));
}

} // namespace

class TestAllowList : public QObject {
    Q_OBJECT

private slots:
    void accepted_data();
    void accepted();
    void refused_data();
    void refused();
    void refusalsNeverEchoSecrets_data();
    void refusalsNeverEchoSecrets();
    void everyProblemIsReported();
    void modelOfTheBaseFile();
    void exampleFileParses();
    void loadErrors();
    void hostNames_data();
    void hostNames();
    void prefixes_data();
    void prefixes();
    void keyRoundTrip();
};

void TestAllowList::accepted_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("endpoints");

    QTest::newRow("base") << baseLines().join('\n') << 1;
    QTest::newRow("no endpoint at all") << baseLines().mid(0, 7).join('\n') << 0;
    QTest::newRow("upper-case host is lowered") << replaced(10, "host = \"API.Payroll.Example\"") << 1;
    QTest::newRow("port 1") << replaced(11, "port = 1") << 1;
    QTest::newRow("port 65535") << replaced(11, "port = 65535") << 1;
    QTest::newRow("several purposes") << replaced(12, "purposes = [\"withholding_slip\", \"social-insurance\", \"a\"]")
                                      << 1;
    QTest::newRow("64-character purpose") << replaced(12, QString("purposes = [\"%1\"]").arg(QString(64, 'p'))) << 1;
    QTest::newRow("allow_numbers false") << replaced(13, "allow_numbers = false") << 1;
    QTest::newRow("IPv6 gateway") << replaced(3, "endpoint = \"[2001:db8::1]:51820\"") << 1;
    QTest::newRow("IPv6 admin prefix") << replaced(7, "address = \"fd00:77::2/128\"") << 1;
    QTest::newRow("admin address without prefix") << replaced(7, "address = \"10.77.0.2\"") << 1;
    QTest::newRow("comments and blank lines") << "# allow-list\n\n" + baseLines().join("\n# note\n") << 1;
    QTest::newRow("second endpoint, same host, other port")
        << appended(secondEndpoint("payroll-alt", "api.payroll.example", 8443)) << 2;
    QTest::newRow("digits in a host label") << replaced(10, "host = \"api2.3com.example\"") << 1;
    QTest::newRow("Japanese comments") << "# 給与計算の委託先、です。ぁあ\n" + baseLines().join(" # ゆ、。\n") << 1;
    QTest::newRow("UTF-8 BOM") << QString(QChar(0xfeff)) + baseLines().join('\n') << 1;
    QTest::newRow("courier path") << appended("path = \"/api/v2/submissions\"") << 1;
}

void TestAllowList::accepted()
{
    QFETCH(QString, text);
    QFETCH(int, endpoints);
    const auto result = parse(text);
    if (!result.ok())
        QFAIL(result.error().context().c_str());
    QCOMPARE(int(result.value().endpoints.size()), endpoints);
}

void TestAllowList::refused_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("fragment");

    // Syntax, reported by toml++ with its own line.
    QTest::newRow("unterminated string") << replaced(10, "host = \"api.payroll.example") << 10 << "TOML syntax";
    QTest::newRow("missing value") << replaced(11, "port = ") << 11 << "TOML syntax";
    QTest::newRow("duplicate key") << replaced(12, "port = 444") << 12 << "TOML syntax";

    // Code points that toml++ 3.3 misclassified (upstream #295; allowlist.cpp works around it).
    QTest::newRow("hiragana outside a string") << replaced(11, "port = 443 ぁ") << 11 << "TOML syntax";
    QTest::newRow("Latin-1 after a number") << replaced(11, "port = 443\u0367") << 11 << "TOML syntax";
    QTest::newRow("kana after a line-ending backslash")
        << replaced(14, "ca_pem = \"\"\"\\\n  ぁ\"\"\"") << 14 << "PEM CA certificates";

    // Top level.
    QTest::newRow("version 2") << replaced(1, "version = 2") << 1 << "version must be 1";
    QTest::newRow("version missing") << replaced(1, "# no version") << 1 << "missing key 'version'";
    QTest::newRow("unknown top-level key")
        << "endpionts = 3\n" + baseLines().join('\n') << 1 << "unknown key 'endpionts'";
    QTest::newRow("gateway missing") << baseLines().mid(4).join('\n') << 1 << "missing key 'gateway'";
    QTest::newRow("single [endpoint] table") << replaced(8, "[endpoint]") << 8 << "array of tables";

    // Gateway.
    QTest::newRow("gateway host name") << replaced(3, "endpoint = \"gw.example:51820\"") << 3 << "IP address and port";
    QTest::newRow("gateway no port") << replaced(3, "endpoint = \"203.0.113.10\"") << 3 << "IP address and port";
    QTest::newRow("gateway port 0") << replaced(3, "endpoint = \"203.0.113.10:0\"") << 3 << "out of range";
    QTest::newRow("gateway port 70000") << replaced(3, "endpoint = \"203.0.113.10:70000\"") << 3 << "out of range";
    QTest::newRow("gateway IPv6 without brackets")
        << replaced(3, "endpoint = \"2001:db8::1:51820\"") << 3 << "IP address and port";
    QTest::newRow("gateway key short") << replaced(4, "public_key = \"AAAA\"") << 4 << "not a WireGuard key";
    QTest::newRow("gateway key 31 bytes")
        << replaced(4, "public_key = \"" + QByteArray(31, 'k').toBase64() + "\"") << 4 << "not a WireGuard key";
    QTest::newRow("gateway key 33 bytes")
        << replaced(4, "public_key = \"" + QByteArray(33, 'k').toBase64() + "\"") << 4 << "not a WireGuard key";
    QTest::newRow("gateway key url-safe alphabet")
        << replaced(4, "public_key = \"jic7QRvWOQRLklJVC1e__k8T_-3EnFQxAfKAG_19XZI=\"") << 4 << "not a WireGuard key";
    QTest::newRow("gateway key all zero")
        << replaced(4, "public_key = \"" + QByteArray(32, '\0').toBase64() + "\"") << 4 << "not a WireGuard key";
    QTest::newRow("gateway key is an integer") << replaced(4, "public_key = 12") << 4 << "must be a string";
    QTest::newRow("gateway unknown key") << replaced(3, "endpiont = \"203.0.113.10:51820\"") << 3
                                         << "gateway: unknown key 'endpiont'";

    // Admin.
    QTest::newRow("admin address prefix 33") << replaced(7, "address = \"10.77.0.2/33\"") << 7 << "not an IP address";
    QTest::newRow("admin address a name") << replaced(7, "address = \"admin.example\"") << 7 << "not an IP address";
    QTest::newRow("admin address empty prefix") << replaced(7, "address = \"10.77.0.2/\"") << 7 << "not an IP address";
    QTest::newRow("admin key equals gateway key")
        << replaced(6, QString("public_key = \"%1\"").arg(kGatewayKey)) << 6 << "gateway's key";
    QTest::newRow("admin key missing") << replaced(6, "# none") << 5 << "admin: missing key 'public_key'";

    // Endpoints.
    QTest::newRow("port 70000") << replaced(11, "port = 70000") << 11 << "endpoint 'payroll': port 70000 out of range";
    QTest::newRow("port 0") << replaced(11, "port = 0") << 11 << "port 0 out of range";
    QTest::newRow("port negative") << replaced(11, "port = -443") << 11 << "out of range";
    QTest::newRow("port as string") << replaced(11, "port = \"443\"") << 11 << "port must be an integer";
    QTest::newRow("port missing") << replaced(11, "# port") << 8 << "missing key 'port'";
    QTest::newRow("name with upper case") << replaced(9, "name = \"Payroll\"") << 9 << "endpoint #1: name must be";
    QTest::newRow("name too long") << replaced(9, QString("name = \"%1\"").arg(QString(65, 'n'))) << 9
                                   << "name must be";
    QTest::newRow("duplicate name") << appended(secondEndpoint("payroll", "other.example", 443)) << 16
                                    << "endpoint 'payroll': name used by an earlier endpoint";
    QTest::newRow("duplicate host and port") << appended(secondEndpoint("other", "api.payroll.example", 443)) << 17
                                             << "endpoint 'other': host and port already listed";
    QTest::newRow("host IPv4 literal") << replaced(10, "host = \"192.0.2.7\"") << 10 << "host is an IP address";
    QTest::newRow("host IPv6 literal") << replaced(10, "host = \"2001:db8::7\"") << 10 << "host is an IP address";
    QTest::newRow("host single label") << replaced(10, "host = \"payroll\"") << 10 << "not a valid host name";
    QTest::newRow("host wildcard") << replaced(10, "host = \"*.payroll.example\"") << 10 << "not a valid host name";
    QTest::newRow("host trailing dot") << replaced(10, "host = \"api.payroll.example.\"") << 10
                                       << "not a valid host name";
    QTest::newRow("host underscore") << replaced(10, "host = \"api_1.payroll.example\"") << 10
                                     << "not a valid host name";
    QTest::newRow("host label starts with hyphen")
        << replaced(10, "host = \"-api.payroll.example\"") << 10 << "not a valid host name";
    QTest::newRow("host label of 64") << replaced(10, QString("host = \"%1.example\"").arg(QString(64, 'a'))) << 10
                                      << "not a valid host name";
    QTest::newRow("host numeric top label") << replaced(10, "host = \"api.10\"") << 10 << "not a valid host name";
    QTest::newRow("host with port") << replaced(10, "host = \"api.payroll.example:443\"") << 10
                                    << "not a valid host name";
    QTest::newRow("purposes empty") << replaced(12, "purposes = []") << 12 << "non-empty array";
    QTest::newRow("purposes a string") << replaced(12, "purposes = \"withholding_slip\"") << 12 << "non-empty array";
    QTest::newRow("purpose upper case") << replaced(12, "purposes = [\"Withholding\"]") << 12 << "purpose must be";
    QTest::newRow("purpose with space") << replaced(12, "purposes = [\"withholding slip\"]") << 12 << "purpose must be";
    QTest::newRow("purpose too long") << replaced(12, QString("purposes = [\"%1\"]").arg(QString(65, 'p'))) << 12
                                      << "purpose must be";
    QTest::newRow("purpose not a string") << replaced(12, "purposes = [1]") << 12 << "purpose must be";
    QTest::newRow("purpose twice") << replaced(12, "purposes = [\"backup\", \"backup\"]") << 12
                                   << "purpose 'backup' listed twice";
    QTest::newRow("allow_numbers a string")
        << replaced(13, "allow_numbers = \"yes\"") << 13 << "allow_numbers must be true or false";
    QTest::newRow("allow_numbers missing") << replaced(13, "# allow_numbers") << 8 << "missing key 'allow_numbers'";
    QTest::newRow("typo in allow_numbers")
        << replaced(13, "allow_number = true") << 13 << "endpoint 'payroll': unknown key 'allow_number'";
    QTest::newRow("no CA") << replaced(14, "# no CA") << 8 << "missing key 'ca_file' or 'ca_pem'";
    QTest::newRow("both CAs") << appended("ca_pem = \"x\"") << 15 << "either ca_file or ca_pem";
    QTest::newRow("relative ca_file") << replaced(14, "ca_file = \"ca/payroll.pem\"") << 14 << "absolute path";
    QTest::newRow("ca_file with ..") << replaced(14, "ca_file = \"/etc/mamori/../shadow\"") << 14 << "absolute path";
    QTest::newRow("ca_pem not PEM") << replaced(14, "ca_pem = \"hello\"") << 14 << "PEM CA certificates";
    QTest::newRow("ca_pem truncated")
        << replaced(14, "ca_pem = \"\"\"\n-----BEGIN CERTIFICATE-----\nMIIBzDCCAXOgAwIBAgIU\n\"\"\"") << 14
        << "PEM CA certificates";
    QTest::newRow("relative path") << appended("path = \"submit\"") << 15 << "path must start with '/'";
    QTest::newRow("path with a query") << appended("path = \"/submit?x=1\"") << 15 << "path must start with '/'";
    QTest::newRow("path not a string") << appended("path = 1") << 15 << "'path' must be a string";
}

void TestAllowList::refused()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(QString, fragment);
    std::vector<AllowListProblem> problems;
    const auto result = parse(text, &problems);
    QVERIFY(!result.ok());
    QCOMPARE(int(errorNumber(result.code())), int(errorNumber(ErrorCode::InvalidArgument)));
    QVERIFY(!problems.empty());
    // The problem this row is about names its line; others may come with it (a misspelt key is
    // also a missing one).
    const auto it = std::find_if(problems.begin(), problems.end(), [&](const AllowListProblem& problem) {
        return QString::fromStdString(problem.message).contains(fragment);
    });
    const QString context = QString::fromStdString(result.error().context());
    QVERIFY2(it != problems.end(), qPrintable(context));
    QCOMPARE(it->line, line);
    QVERIFY(QString::fromStdString(it->message).startsWith(QString("line %1: ").arg(line)));
    QVERIFY(context.contains(QString::fromStdString(it->message)));
}

void TestAllowList::refusalsNeverEchoSecrets_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("secret");

    // A private key pasted by mistake, or anything else that fails validation, is never quoted back.
    const QString pasted = "aGVsbG8gdGhpcyBpcyBhIHByaXZhdGUga2V5IHBhc3Q=";
    QTest::newRow("pasted key as gateway key") << replaced(4, "public_key = \"" + pasted + "x\"") << pasted;
    QTest::newRow("pasted key line as admin key")
        << replaced(6, "public_key = \"PrivateKey = " + pasted + "\"") << pasted;
    QTest::newRow("secret as host") << replaced(10, "host = \"s3cr3t-" + pasted + "\"") << pasted;
    QTest::newRow("secret as name") << replaced(9, "name = \"" + pasted + "\"") << pasted;
    QTest::newRow("secret as purpose") << replaced(12, "purposes = [\"" + pasted + "\"]") << pasted;
    QTest::newRow("secret as address") << replaced(7, "address = \"" + pasted + "\"") << pasted;
    QTest::newRow("long digits as port") << replaced(11, "port = 98765432101234") << "98765432101234";
    QTest::newRow("long digits in syntax error") << replaced(11, "port = 98765432101234x") << "98765432101234";
}

void TestAllowList::refusalsNeverEchoSecrets()
{
    QFETCH(QString, text);
    QFETCH(QString, secret);
    const auto result = parse(text);
    QVERIFY(!result.ok());
    const QString context = QString::fromStdString(result.error().context());
    QVERIFY(!context.isEmpty());
    QVERIFY(!context.contains(secret));
    QVERIFY(!context.contains(secret.left(12)));
}

void TestAllowList::everyProblemIsReported()
{
    QStringList lines = baseLines();
    lines[3] = "public_key = \"AAAA\"";   // line 4
    lines[10] = "port = 70000";           // line 11
    lines[11] = "purposes = [\"A B\"]";   // line 12
    lines.insert(12, "colour = \"red\""); // line 13
    std::vector<AllowListProblem> problems;
    const auto result = parse(lines.join('\n'), &problems);
    QVERIFY(!result.ok());
    QCOMPARE(int(problems.size()), 4);
    QCOMPARE(problems[0].line, 4);
    QCOMPARE(problems[1].line, 11);
    QCOMPARE(problems[2].line, 12);
    QCOMPARE(problems[3].line, 13);
    QVERIFY(problems[3].message.find("unknown key 'colour'") != std::string::npos);
    // The context holds them all, one per line.
    QCOMPARE(int(std::count(result.error().context().begin(), result.error().context().end(), '\n')), 3);
}

void TestAllowList::modelOfTheBaseFile()
{
    const auto result = parse(appended(secondEndpoint("backup", "backup.mamori.example", 8443)));
    QVERIFY(result.ok());
    const AllowList& list = result.value();
    QCOMPARE(list.version, 1);
    QCOMPARE(list.gateway.address.toString(), std::string("203.0.113.10"));
    QCOMPARE(int(list.gateway.port), 51820);
    QCOMPARE(list.gateway.publicKey.base64(), std::string(kGatewayKey));
    QCOMPARE(list.admin.publicKey.base64(), std::string(kAdminKey));
    QCOMPARE(list.admin.address.toString(), std::string("10.77.0.2/32"));
    QCOMPARE(int(list.endpoints.size()), 2);
    const Endpoint& payroll = list.endpoints[0];
    QCOMPARE(payroll.name, std::string("payroll"));
    QCOMPARE(payroll.host, std::string("api.payroll.example"));
    QCOMPARE(int(payroll.port), 443);
    QVERIFY(payroll.allowNumbers);
    QVERIFY(payroll.serves("withholding_slip"));
    QVERIFY(!payroll.serves("backup"));
    QCOMPARE(payroll.ca.kind, PinnedCa::Kind::File);
    QCOMPARE(payroll.ca.value, std::string("/etc/mamori/ca/payroll.pem"));
    QCOMPARE(payroll.line, 8);
    QCOMPARE(payroll.path, std::string("/")); // the courier POSTs to "/" unless told
    QVERIFY(!list.endpoints[1].allowNumbers);
    QCOMPARE(list.find("API.PAYROLL.EXAMPLE", 443), &list.endpoints[0]);
    QCOMPARE(list.find("api.payroll.example", 8443), nullptr);
    QCOMPARE(list.find("backup.mamori.example", 8443), &list.endpoints[1]);
    QCOMPARE(list.findByName("backup"), &list.endpoints[1]);
    QCOMPARE(list.findByName("nobody"), nullptr);
}

void TestAllowList::exampleFileParses()
{
    const std::string path = sourceDir() + "/services/net/examples/allowlist.toml";
    std::vector<AllowListProblem> problems;
    const auto result = loadAllowList(path, &problems);
    if (!result.ok())
        QFAIL(result.error().describe().c_str());
    const AllowList& list = result.value();
    QCOMPARE(int(list.endpoints.size()), 4);
    const Endpoint* backup = list.findByName("backup");
    QVERIFY(backup);
    QCOMPARE(backup->ca.kind, PinnedCa::Kind::Inline);
    QVERIFY(backup->allowNumbers);
    QVERIFY(list.findByName("payroll")->allowNumbers);
    QVERIFY(!list.findByName("time")->allowNumbers);
    QCOMPARE(list.admin.address.length, std::uint8_t(32));

    // The same file stays valid when read through the document's example in ALLOWLIST_FORMAT.md.
    const QByteArray doc = readFile(sourceDir() + "/services/net/ALLOWLIST_FORMAT.md");
    const QByteArray example = readFile(path);
    QVERIFY(!doc.isEmpty());
    const qsizetype body = example.indexOf("version = 1");
    QVERIFY(body > 0);
    QVERIFY2(doc.contains(example.mid(body)), "ALLOWLIST_FORMAT.md must quote examples/allowlist.toml verbatim");
}

void TestAllowList::loadErrors()
{
    const auto missing = loadAllowList("/nonexistent/mamori/allowlist.toml");
    QVERIFY(!missing.ok());
    QCOMPARE(int(errorNumber(missing.code())), int(errorNumber(ErrorCode::NotFound)));

    const std::string big(kMaxAllowListBytes + 1, '#');
    const auto tooLarge = parseAllowList(big);
    QVERIFY(!tooLarge.ok());
    QCOMPARE(int(errorNumber(tooLarge.code())), int(errorNumber(ErrorCode::TooLarge)));

    // Not UTF-8: toml++ refuses it with the line.
    const std::string invalid = "version = 1\n[gateway]\nendpoint = \"203.0.113.10:5\xff\"\n";
    std::vector<AllowListProblem> problems;
    const auto notUtf8 = parseAllowList(invalid, &problems);
    QVERIFY(!notUtf8.ok());
    QCOMPARE(int(problems.size()), 1);
    QCOMPARE(problems[0].line, 3);
    QVERIFY(problems[0].message.find("TOML syntax") != std::string::npos);

    const auto empty = parseAllowList("");
    QVERIFY(!empty.ok());
    QVERIFY(empty.error().context().find("missing key 'version'") != std::string::npos);
}

void TestAllowList::hostNames_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("valid");
    QTest::newRow("two labels") << "payroll.example" << true;
    QTest::newRow("many labels") << "a.b.c.d.e.example" << true;
    QTest::newRow("hyphen inside") << "e-gov.go.example" << true;
    QTest::newRow("leading digit label") << "3com.example" << true;
    QTest::newRow("253 characters") << (QString(61, 'a') + "." + QString(63, 'b') + "." + QString(63, 'c') + "." +
                                        QString(63, 'd'))
                                    << true;
    QTest::newRow("254 characters") << (QString(62, 'a') + "." + QString(63, 'b') + "." + QString(63, 'c') + "." +
                                        QString(63, 'd'))
                                    << false;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("single label") << "localhost" << false;
    QTest::newRow("empty label") << "a..example" << false;
    QTest::newRow("leading dot") << ".example.com" << false;
    QTest::newRow("trailing hyphen") << "api-.example" << false;
    QTest::newRow("upper case (callers lower first)") << "API.example" << false;
    QTest::newRow("IDN in Unicode") << "給与.example" << false;
    QTest::newRow("punycode") << "xn--5brr03o.example" << true;
    QTest::newRow("dotted quad") << "192.0.2.1" << false;
}

void TestAllowList::hostNames()
{
    QFETCH(QString, host);
    QFETCH(bool, valid);
    QCOMPARE(isValidHostName(host.toStdString()), valid);
}

void TestAllowList::prefixes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("normalised"); // empty: refused
    QTest::newRow("v4 /32") << "10.77.0.2/32"
                            << "10.77.0.2/32";
    QTest::newRow("v4 bare") << "10.77.0.2"
                             << "10.77.0.2/32";
    QTest::newRow("v4 /0") << "0.0.0.0/0"
                           << "0.0.0.0/0";
    QTest::newRow("v6 /128") << "fd00:77:0:0::2/128"
                             << "fd00:77::2/128";
    QTest::newRow("v6 bare") << "fd00:77::2"
                             << "fd00:77::2/128";
    QTest::newRow("v4 /33") << "10.0.0.1/33"
                            << "";
    QTest::newRow("v6 /129") << "fd00::1/129"
                             << "";
    QTest::newRow("v4 short") << "10.0.1"
                              << "";
    QTest::newRow("v4 octet 256") << "10.0.0.256"
                                  << "";
    QTest::newRow("prefix sign") << "10.0.0.1/+8"
                                 << "";
    QTest::newRow("prefix trailing") << "10.0.0.1/8x"
                                     << "";
    QTest::newRow("zone id") << "fe80::1%eth0"
                             << "";
}

void TestAllowList::prefixes()
{
    QFETCH(QString, text);
    QFETCH(QString, normalised);
    const auto prefix = parseIpPrefix(text.toStdString());
    QCOMPARE(prefix.has_value(), !normalised.isEmpty());
    if (prefix)
        QCOMPARE(QString::fromStdString(prefix->toString()), normalised);
}

void TestAllowList::keyRoundTrip()
{
    const auto key = parseWireGuardKey(kAdminKey);
    QVERIFY(key);
    QCOMPARE(key->base64(), std::string(kAdminKey));
    QVERIFY(!parseWireGuardKey(std::string(kAdminKey).substr(0, 43)));
    QVERIFY(!parseWireGuardKey(std::string(kAdminKey) + "="));
    QVERIFY(!parseWireGuardKey(" " + std::string(kAdminKey).substr(1)));
}

QTEST_GUILESS_MAIN(TestAllowList)
#include "tst_allowlist.moc"

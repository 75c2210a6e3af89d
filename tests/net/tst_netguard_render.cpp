// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-netguard's rendering and settings: the example allow-list and settings render byte for
// byte to the expected files in tests/net/data/netguard; every allow-listed endpoint appears in the
// ruleset and the resolver configuration and nothing else does; the settings parser's refusals;
// the small parsers status uses. Keys here are made up for the tests; no private key appears.
//
// After an intended change of the output, regenerate the expected files with
//   mamori-netguard render --allowlist services/net/examples/allowlist.toml
//                          --settings services/net/examples/netguard.toml --out DIR
// and review the diff before copying them over.

#include "services/net/allowlist.h"
#include "services/net/netguard.h"
#include "services/net/netguard_render.h"
#include "services/net/netguard_settings.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace mamori;
using namespace mamori::net;

namespace {

std::string sourceDir()
{
    const char* dir = std::getenv("MAMORI_SOURCE_DIR");
    return dir ? dir : MAMORI_SOURCE_DIR_FALLBACK;
}

std::string readText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

AllowList exampleList()
{
    auto list = loadAllowList(sourceDir() + "/services/net/examples/allowlist.toml");
    if (!list.ok())
        qFatal("example allow-list: %s", list.error().describe().c_str());
    return list.value();
}

NetGuardSettings exampleSettings()
{
    auto settings = loadNetGuardSettings(sourceDir() + "/services/net/examples/netguard.toml");
    if (!settings.ok())
        qFatal("example settings: %s", settings.error().describe().c_str());
    return settings.value();
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

// The lines of one chain's body ("chain NAME {" up to its closing brace), trimmed.
std::vector<std::string> chainBody(const std::string& ruleset, const std::string& chain)
{
    std::vector<std::string> out;
    bool inside = false;
    for (std::string line : lines(ruleset)) {
        line.erase(0, line.find_first_not_of('\t'));
        if (line == "chain " + chain + " {") {
            inside = true;
            continue;
        }
        if (inside && line == "}")
            break;
        if (inside)
            out.push_back(line);
    }
    return out;
}

const char* kMinimalSettings = "version = 1\n"
                               "[wireguard]\n"
                               "private_key_file = \"/etc/mamori/wireguard/device.key\"\n"
                               "addresses = [\"10.77.0.5/32\"]\n"
                               "[resolver]\n"
                               "upstream = \"10.77.0.1\"\n";

} // namespace

class TestNetGuardRender : public QObject {
    Q_OBJECT

private slots:
    void matchesExpectedFiles_data();
    void matchesExpectedFiles();
    void deterministic();
    void everyEndpointAndNothingElse();
    void outsideTheTunnelOnlyWireGuard();
    void wireGuardHoldsNoPrivateKey();
    void dropAllDropsEverything();
    void sameHostTwoPortsSharesOneServerLine();
    void ipv6Gateway();
    void minimalSettingsDefaults();
    void settingsRefused_data();
    void settingsRefused();
    void settingsErrorsQuoteNoValue();
    void incompatibleInputs();
    void privateKeyFileChecks();
    void parsesCounters();
    void parsesHandshakes();
};

void TestNetGuardRender::matchesExpectedFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("wireguard") << "expected-wireguard.conf";
    QTest::newRow("nftables") << "expected-mamori.nft";
    QTest::newRow("dnsmasq") << "expected-dnsmasq.conf";
}

void TestNetGuardRender::matchesExpectedFiles()
{
    QFETCH(QString, file);
    const RenderedNetGuard rendered = renderNetGuard(exampleList(), exampleSettings());
    const std::string& actual = file.contains("wireguard") ? rendered.wireguard
                                : file.contains("nft")     ? rendered.nftables
                                                           : rendered.dnsmasq;
    const std::string expected = readText(sourceDir() + "/tests/net/data/netguard/" + file.toStdString());
    QVERIFY2(!expected.empty(), "expected file missing");
    QCOMPARE(QString::fromStdString(actual), QString::fromStdString(expected));
}

void TestNetGuardRender::deterministic()
{
    const AllowList list = exampleList();
    const NetGuardSettings settings = exampleSettings();
    const RenderedNetGuard a = renderNetGuard(list, settings);
    const RenderedNetGuard b = renderNetGuard(exampleList(), exampleSettings());
    QCOMPARE(a.wireguard, b.wireguard);
    QCOMPARE(a.nftables, b.nftables);
    QCOMPARE(a.dnsmasq, b.dnsmasq);
}

void TestNetGuardRender::everyEndpointAndNothingElse()
{
    const AllowList list = exampleList();
    QCOMPARE(list.endpoints.size(), std::size_t(4));
    const NetGuardSettings settings = exampleSettings();
    const std::string nft = renderNftRuleset(list, settings);
    const std::string dns = renderDnsmasqConfig(list, settings);

    // Inside the tunnel: exactly the endpoints' (set, port) pairs and the resolver's upstream DNS.
    std::set<std::string> expected{"ct state established,related accept",
                                   "ip daddr 10.77.0.1 udp dport 53 meta skuid \"nobody\" accept",
                                   "ip daddr 10.77.0.1 tcp dport 53 meta skuid \"nobody\" accept"};
    for (const auto& endpoint : list.endpoints) {
        expected.insert("ip daddr @" + endpointSetName(endpoint, IpAddress::Family::V4) + " tcp dport " +
                        std::to_string(endpoint.port) + " accept");
        expected.insert("ip6 daddr @" + endpointSetName(endpoint, IpAddress::Family::V6) + " tcp dport " +
                        std::to_string(endpoint.port) + " accept");
    }
    const auto body = chainBody(nft, "tunnel_out");
    QCOMPARE(std::set<std::string>(body.begin(), body.end()), expected);
    QCOMPARE(body.size(), expected.size());

    // The sets: two per endpoint, no other.
    std::set<std::string> sets;
    const std::regex setLine(R"(^\tset (\S+) \{$)");
    for (const auto& line : lines(nft)) {
        std::smatch match;
        if (std::regex_match(line, match, setLine))
            sets.insert(match[1]);
    }
    QCOMPARE(sets.size(), list.endpoints.size() * 2);

    // The resolver: a server and an nftset line per host, both naming the endpoint's sets; every
    // other name NXDOMAIN; nothing read from /etc/hosts or /etc/resolv.conf.
    std::set<std::string> servers;
    std::set<std::string> nftsets;
    std::set<std::string> hosts;
    for (const auto& endpoint : list.endpoints)
        hosts.insert(endpoint.host);
    for (const auto& line : lines(dns)) {
        if (line.rfind("server=/", 0) == 0) {
            servers.insert(line.substr(8, line.find('/', 8) - 8));
            QVERIFY2(line.size() > 10 && line.substr(line.rfind('/') + 1) == "10.77.0.1", line.c_str());
        } else if (line.rfind("nftset=/", 0) == 0) {
            const std::string host = line.substr(8, line.find('/', 8) - 8);
            nftsets.insert(host);
            const Endpoint* endpoint = nullptr;
            for (const auto& e : list.endpoints)
                if (e.host == host)
                    endpoint = &e;
            QVERIFY(endpoint);
            QVERIFY(line.find("4#inet#mamori#" + endpointSetName(*endpoint, IpAddress::Family::V4)) !=
                    std::string::npos);
            QVERIFY(line.find("6#inet#mamori#" + endpointSetName(*endpoint, IpAddress::Family::V6)) !=
                    std::string::npos);
        } else if (line.rfind("address=", 0) == 0) {
            QCOMPARE(QString::fromStdString(line), QString("address=/#/"));
        }
    }
    QCOMPARE(servers, hosts);
    QCOMPARE(nftsets, hosts);
    for (const char* option : {"no-resolv", "no-hosts", "bind-interfaces", "listen-address=127.0.0.1", "cache-size=0"})
        QVERIFY2(dns.find(std::string("\n") + option + "\n") != std::string::npos, option);
}

void TestNetGuardRender::outsideTheTunnelOnlyWireGuard()
{
    const std::string nft = renderNftRuleset(exampleList(), exampleSettings());
    const auto output = chainBody(nft, "output");
    const std::vector<std::string> expected{
        "type filter hook output priority filter; policy drop;", "oif \"lo\" accept",
        "ip daddr 203.0.113.10 udp dport 51820 udp sport 51820 counter name \"wireguard_out\" accept",
        "oifname \"mamori0\" jump tunnel_out", "counter name \"drop_output\" drop"};
    QCOMPARE(output, expected);
    const auto input = chainBody(nft, "input");
    QCOMPARE(input.front(), std::string("type filter hook input priority filter; policy drop;"));
    QCOMPARE(input.back(), std::string("counter name \"drop_input\" drop"));
    // In from the tunnel, only the admin to logd.
    QVERIFY(std::find(input.begin(), input.end(), "iifname \"mamori0\" ip saddr 10.77.0.2/32 tcp dport 8470 accept") !=
            input.end());
    const auto forward = chainBody(nft, "forward");
    QCOMPARE(forward, (std::vector<std::string>{"type filter hook forward priority filter; policy drop;",
                                                "counter name \"drop_forward\" drop"}));
}

void TestNetGuardRender::wireGuardHoldsNoPrivateKey()
{
    const AllowList list = exampleList();
    const std::string wg = renderWireGuardConfig(list, exampleSettings());
    QVERIFY(wg.find("PrivateKey") == std::string::npos);
    QCOMPARE(std::count(wg.begin(), wg.end(), '['), 2L); // [Interface] and one [Peer]
    QVERIFY(wg.find("PublicKey = " + list.gateway.publicKey.base64() + "\n") != std::string::npos);
    QVERIFY(wg.find("Endpoint = 203.0.113.10:51820\n") != std::string::npos);
    QVERIFY(wg.find("AllowedIPs = 0.0.0.0/0, ::/0\n") != std::string::npos);
    QVERIFY(wg.find(list.admin.publicKey.base64()) == std::string::npos); // the admin is the gateway's peer
}

void TestNetGuardRender::dropAllDropsEverything()
{
    const std::string nft = renderDropAllRuleset();
    QCOMPARE(chainBody(nft, "output"),
             (std::vector<std::string>{"type filter hook output priority filter; policy drop;", "oif \"lo\" accept",
                                       "counter name \"drop_output\" drop"}));
    QCOMPARE(chainBody(nft, "input"),
             (std::vector<std::string>{"type filter hook input priority filter; policy drop;", "iif \"lo\" accept",
                                       "counter name \"drop_input\" drop"}));
    QCOMPARE(chainBody(nft, "forward"),
             (std::vector<std::string>{"type filter hook forward priority filter; policy drop;",
                                       "counter name \"drop_forward\" drop"}));
    QVERIFY(nft.find("table inet mamori\ndelete table inet mamori\ntable inet mamori {\n") != std::string::npos);
    // The same counters as the full ruleset, so that a reader need not care which is loaded.
    for (const char* counter : {"drop_output", "drop_input", "drop_forward", "wireguard_out"})
        QVERIFY(nft.find(std::string("\tcounter ") + counter + " {") != std::string::npos);
}

void TestNetGuardRender::sameHostTwoPortsSharesOneServerLine()
{
    const std::string text = readText(sourceDir() + "/services/net/examples/allowlist.toml") +
                             "\n[[endpoint]]\nname = \"payroll-alt\"\nhost = \"api.payroll.example\"\nport = 8443\n"
                             "purposes = [\"withholding_slip\"]\nallow_numbers = true\n"
                             "ca_file = \"/etc/mamori/ca/payroll.pem\"\n";
    auto list = parseAllowList(text);
    QVERIFY2(list.ok(), list.ok() ? "" : list.error().context().c_str());
    const std::string dns = renderDnsmasqConfig(list.value(), exampleSettings());
    std::size_t servers = 0;
    for (const auto& line : lines(dns))
        if (line.rfind("server=/api.payroll.example/", 0) == 0)
            ++servers;
    QCOMPARE(servers, std::size_t(1));
    QVERIFY(dns.find("nftset=/api.payroll.example/4#inet#mamori#ep_payroll_v4,6#inet#mamori#ep_payroll_v6,"
                     "4#inet#mamori#ep_payroll-alt_v4,6#inet#mamori#ep_payroll-alt_v6\n") != std::string::npos);
    const std::string nft = renderNftRuleset(list.value(), exampleSettings());
    QVERIFY(nft.find("ip daddr @ep_payroll-alt_v4 tcp dport 8443 accept") != std::string::npos);
    QVERIFY(nft.find("ip daddr @ep_payroll_v4 tcp dport 8443") == std::string::npos);
}

void TestNetGuardRender::ipv6Gateway()
{
    std::string text = readText(sourceDir() + "/services/net/examples/allowlist.toml");
    const std::string from = "endpoint = \"203.0.113.10:51820\"";
    text.replace(text.find(from), from.size(), "endpoint = \"[2001:db8::10]:51820\"");
    auto list = parseAllowList(text);
    QVERIFY(list.ok());
    const std::string nft = renderNftRuleset(list.value(), exampleSettings());
    QVERIFY(nft.find("ip6 daddr 2001:db8::10 udp dport 51820 udp sport 51820 counter name \"wireguard_out\" accept") !=
            std::string::npos);
    QVERIFY(nft.find("ip6 saddr 2001:db8::10 udp sport 51820") != std::string::npos);
    QVERIFY(nft.find("nd-neighbor-solicit") != std::string::npos);
    QVERIFY(renderWireGuardConfig(list.value(), exampleSettings()).find("Endpoint = [2001:db8::10]:51820\n") !=
            std::string::npos);
    // With an IPv4 gateway there is no neighbour discovery on the outer link.
    QVERIFY(renderNftRuleset(exampleList(), exampleSettings()).find("nd-neighbor") == std::string::npos);
}

void TestNetGuardRender::minimalSettingsDefaults()
{
    auto settings = parseNetGuardSettings(kMinimalSettings);
    QVERIFY2(settings.ok(), settings.ok() ? "" : settings.error().context().c_str());
    const NetGuardSettings& s = settings.value();
    QCOMPARE(s.interfaceName, std::string("mamori0"));
    QCOMPARE(s.resolverAddress.toString(), std::string("127.0.0.1"));
    QCOMPARE(s.resolverUser, std::string("nobody"));
    QCOMPARE(s.persistentKeepalive, std::uint16_t(25));
    QVERIFY(!s.listenPort);
    QVERIFY(!s.logdPort);
    const std::string nft = renderNftRuleset(exampleList(), s);
    // No listen port: the WireGuard rules name only the gateway's side.
    QVERIFY(nft.find("\t\tip daddr 203.0.113.10 udp dport 51820 counter name \"wireguard_out\" accept\n") !=
            std::string::npos);
    QVERIFY(nft.find("\t\tip saddr 203.0.113.10 udp sport 51820 accept\n") != std::string::npos);
    QVERIFY(nft.find("tcp dport 8470") == std::string::npos); // no logd: nothing inbound from the tunnel
    QVERIFY(renderWireGuardConfig(exampleList(), s).find("ListenPort") == std::string::npos);
}

void TestNetGuardRender::settingsRefused_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    const QString base = kMinimalSettings;
    QTest::newRow("no version") << QString(base).replace("version = 1\n", "") << "missing key 'version'";
    QTest::newRow("version 2") << QString(base).replace("version = 1", "version = 2") << "line 1: version must be 1";
    QTest::newRow("relative key path") << QString(base).replace("\"/etc/mamori/wireguard/device.key\"",
                                                                "\"device.key\"")
                                       << "line 3: wireguard: private_key_file must be an absolute path";
    QTest::newRow("dotted key path") << QString(base).replace("/etc/mamori/wireguard/device.key",
                                                              "/etc/mamori/../shadow")
                                     << "line 3: wireguard: private_key_file must be an absolute path";
    QTest::newRow("no addresses") << QString(base).replace("addresses = [\"10.77.0.5/32\"]\n", "")
                                  << "line 2: wireguard: missing key 'addresses'";
    QTest::newRow("two IPv4 addresses") << QString(base).replace("[\"10.77.0.5/32\"]",
                                                                 "[\"10.77.0.5/32\", \"10.77.0.6/32\"]")
                                        << "line 4: wireguard: at most one address per family";
    QTest::newRow("bad address") << QString(base).replace("10.77.0.5/32", "10.77.0.5/33")
                                 << "line 4: wireguard: address is not an IP address";
    QTest::newRow("accepted: logd table") << base + "[logd]\nport = 1\n"
                                          << "";
    QTest::newRow("interface name") << QString(base).replace("[wireguard]\n",
                                                             "[wireguard]\ninterface = \"wg0;rm -rf\"\n")
                                    << "line 3: wireguard: interface must be 1-15";
    QTest::newRow("non-loopback resolver")
        << QString(base).replace("[resolver]\n", "[resolver]\nlisten = \"0.0.0.0\"\n")
        << "line 6: resolver: listen must be a loopback address";
    QTest::newRow("loopback upstream") << QString(base).replace("\"10.77.0.1\"", "\"127.0.0.1\"")
                                       << "line 6: resolver: upstream must be the IP address of a DNS server";
    QTest::newRow("no upstream") << QString(base).replace("upstream = \"10.77.0.1\"\n", "")
                                 << "line 5: resolver: missing key 'upstream'";
    QTest::newRow("bad user") << base + "user = \"Root!\"\n"
                              << "line 7: resolver: user must be a user name";
    QTest::newRow("unknown key") << QString(base).replace("[resolver]\n", "[resolver]\nupstreams = \"x\"\n")
                                 << "line 6: resolver: unknown key 'upstreams'";
    QTest::newRow("listen port range") << QString(base).replace("[resolver]", "listen_port = 70000\n[resolver]")
                                       << "line 5: wireguard: listen_port must be an integer from 1 to 65535";
    QTest::newRow("no resolver table") << "version = 1\n[wireguard]\nprivate_key_file = \"/k\"\naddresses = "
                                          "[\"10.77.0.5/32\"]\n"
                                       << "missing table [resolver]";
    QTest::newRow("TOML syntax") << "version = \n"
                                 << "line 1: TOML syntax error";
    QTest::newRow("logd without port") << base + "[logd]\n"
                                       << "line 7: logd: missing key 'port'";
}

void TestNetGuardRender::settingsRefused()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    const QByteArray utf8 = text.toUtf8();
    auto settings = parseNetGuardSettings(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
    if (message.isEmpty()) { // a control row: a complete file with a [logd] table is accepted
        QVERIFY2(settings.ok(), settings.ok() ? "" : settings.error().context().c_str());
        QCOMPARE(settings.value().logdPort.value_or(0), std::uint16_t(1));
        return;
    }
    QVERIFY(!settings.ok());
    QCOMPARE(settings.error().code(), ErrorCode::InvalidArgument);
    QVERIFY2(QString::fromStdString(settings.error().context()).contains(message), settings.error().context().c_str());
}

void TestNetGuardRender::settingsErrorsQuoteNoValue()
{
    // A private key pasted where an address belongs must not come back in the message.
    const std::string pasted = "aGVsbG8gd29ybGQgdGhpcyBpcyBub3QgYSByZWFsIGs=";
    std::string text = kMinimalSettings;
    text.replace(text.find("\"10.77.0.1\""), 11, "\"" + pasted + "\"");
    text.replace(text.find("\"10.77.0.5/32\""), 14, "\"" + pasted + "\"");
    auto settings = parseNetGuardSettings(text);
    QVERIFY(!settings.ok());
    QVERIFY(settings.error().context().find(pasted) == std::string::npos);
    QVERIFY(settings.error().context().find("aGVsbG8") == std::string::npos);
    QVERIFY(settings.error().context().find("line 4:") != std::string::npos);
    QVERIFY(settings.error().context().find("line 6:") != std::string::npos);
}

void TestNetGuardRender::incompatibleInputs()
{
    NetGuardSettings settings = exampleSettings();
    QVERIFY(checkCompatible(exampleList(), settings).ok());
    settings.upstreamDns = *parseIpAddress("203.0.113.10");
    auto status = checkCompatible(exampleList(), settings);
    QVERIFY(!status.ok());
    QVERIFY(status.error().context().find("gateway's outer address") != std::string::npos);
    settings = exampleSettings();
    settings.addresses = {*parseIpPrefix("10.77.0.2/32")};
    QVERIFY(!checkCompatible(exampleList(), settings).ok());
}

void TestNetGuardRender::privateKeyFileChecks()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("device.key").toStdString();
    QCOMPARE(NetGuard::checkPrivateKeyFile(path).code(), ErrorCode::NotFound);
    {
        std::ofstream out(path);
        out << "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHg=\n"; // not a real key: never read anyway
    }
    QVERIFY(chmod(path.c_str(), 0644) == 0);
    auto refused = NetGuard::checkPrivateKeyFile(path);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code(), ErrorCode::PermissionDenied);
    QVERIFY(refused.error().context().find("0644") != std::string::npos);
    QVERIFY(refused.error().context().find("eHh4") == std::string::npos);
    QVERIFY(chmod(path.c_str(), 0600) == 0);
    QVERIFY(NetGuard::checkPrivateKeyFile(path).ok());
    QVERIFY(chmod(path.c_str(), 0400) == 0);
    QVERIFY(NetGuard::checkPrivateKeyFile(path).ok());
    const std::string link = dir.filePath("link.key").toStdString();
    QVERIFY(symlink(path.c_str(), link.c_str()) == 0);
    QCOMPARE(NetGuard::checkPrivateKeyFile(link).code(), ErrorCode::PermissionDenied);
}

void TestNetGuardRender::parsesCounters()
{
    const std::string listing = "table inet mamori {\n"
                                "\tcounter drop_output {\n\t\tcomment \"packets dropped on their way out\"\n"
                                "\t\tpackets 7 bytes 420\n\t}\n"
                                "\tcounter drop_input {\n\t\tpackets 0 bytes 0\n\t}\n}\n";
    const auto counters = parseNftCounters(listing);
    QCOMPARE(counters.size(), std::size_t(2));
    QCOMPARE(counters[0].name, std::string("drop_output"));
    QCOMPARE(counters[0].packets, std::uint64_t(7));
    QCOMPARE(counters[0].bytes, std::uint64_t(420));
    QCOMPARE(counters[1].name, std::string("drop_input"));
    QCOMPARE(counters[1].packets, std::uint64_t(0));
}

void TestNetGuardRender::parsesHandshakes()
{
    const std::string gateway = "TymVOzvCiN924YT2uUGoyhJdQHeSg4AkbaQHXbmf918=";
    const std::string other = "jic7QRvWOQRLklJVC1e//k8T/+3EnFQxAfKAG/19XZI=";
    QCOMPARE(parseLatestHandshake(gateway + "\t1700000000\n" + other + "\t0\n", gateway).value_or(-1),
             std::int64_t(1700000000));
    QVERIFY(!parseLatestHandshake(gateway + "\t0\n", gateway));
    QVERIFY(!parseLatestHandshake(other + "\t1700000000\n", gateway));
}

QTEST_GUILESS_MAIN(TestNetGuardRender)
#include "tst_netguard_render.moc"

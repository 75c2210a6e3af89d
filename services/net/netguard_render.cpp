// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/net/netguard_render.h"

#include <map>
#include <set>
#include <sstream>

namespace mamori::net {
namespace {

const char* ipKeyword(IpAddress::Family family) { return family == IpAddress::Family::V4 ? "ip" : "ip6"; }

std::string hostPort(const IpAddress& address, std::uint16_t port)
{
    return address.family == IpAddress::Family::V4 ? address.toString() + ":" + std::to_string(port)
                                                   : "[" + address.toString() + "]:" + std::to_string(port);
}

// The counters and base chains both rulesets share; `full` adds everything the allow-list permits.
void writeCounters(std::ostringstream& out)
{
    out << "\tcounter drop_output {\n\t\tcomment \"packets dropped on their way out\"\n\t}\n"
        << "\tcounter drop_input {\n\t\tcomment \"packets dropped on their way in\"\n\t}\n"
        << "\tcounter drop_forward {\n\t\tcomment \"packets dropped instead of forwarded\"\n\t}\n"
        << "\tcounter wireguard_out {\n\t\tcomment \"WireGuard UDP sent to the gateway\"\n\t}\n";
}

void writeHeader(std::ostringstream& out)
{
    // Creating, deleting and re-creating the table in one file makes `nft -f` replace it in one
    // transaction, whether or not it existed: there is no moment without a ruleset.
    out << "table inet " << kNftTable << "\n"
        << "delete table inet " << kNftTable << "\n"
        << "table inet " << kNftTable << " {\n";
}

// IPv6 neighbour discovery, needed on the outer link only when the gateway is an IPv6 address.
constexpr const char* kNeighbourDiscovery =
    "icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit } ip6 hoplimit 255 accept";

} // namespace

std::string endpointSetName(const Endpoint& endpoint, IpAddress::Family family)
{
    return "ep_" + endpoint.name + (family == IpAddress::Family::V4 ? "_v4" : "_v6");
}

std::string renderWireGuardConfig(const AllowList& list, const NetGuardSettings& settings)
{
    std::ostringstream out;
    out << "# Rendered by mamori-netguard from the allow-list; applied with `wg setconf " << settings.interfaceName
        << "`.\n"
        << "# No private key here: it goes from its own file to the interface with `wg set ... private-key`.\n"
        << "[Interface]\n";
    if (settings.listenPort)
        out << "ListenPort = " << *settings.listenPort << "\n";
    out << "\n[Peer]\n"
        << "# the gateway: every packet leaves through it\n"
        << "PublicKey = " << list.gateway.publicKey.base64() << "\n"
        << "Endpoint = " << hostPort(list.gateway.address, list.gateway.port) << "\n"
        << "AllowedIPs = 0.0.0.0/0, ::/0\n";
    if (settings.persistentKeepalive != 0)
        out << "PersistentKeepalive = " << settings.persistentKeepalive << "\n";
    return out.str();
}

std::string renderDropAllRuleset()
{
    std::ostringstream out;
    out << "# Rendered by mamori-netguard: drop everything but loopback (loaded first, and after any failure).\n";
    writeHeader(out);
    writeCounters(out);
    out << "\n\tchain output {\n\t\ttype filter hook output priority filter; policy drop;\n"
        << "\t\toif \"lo\" accept\n\t\tcounter name \"drop_output\" drop\n\t}\n"
        << "\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n"
        << "\t\tiif \"lo\" accept\n\t\tcounter name \"drop_input\" drop\n\t}\n"
        << "\n\tchain forward {\n\t\ttype filter hook forward priority filter; policy drop;\n"
        << "\t\tcounter name \"drop_forward\" drop\n\t}\n"
        << "}\n";
    return out.str();
}

std::string renderNftRuleset(const AllowList& list, const NetGuardSettings& settings)
{
    const std::string tunnel = "\"" + settings.interfaceName + "\"";
    const Gateway& gateway = list.gateway;
    const bool gateway6 = gateway.address.family == IpAddress::Family::V6;

    std::ostringstream out;
    out << "# Rendered by mamori-netguard from the allow-list; loaded atomically with `nft -f`.\n"
        << "# Default drop. Outside the tunnel only WireGuard UDP to the gateway; inside it only the\n"
        << "# allow-listed ports to the addresses the local resolver puts in each endpoint's sets.\n";
    writeHeader(out);
    writeCounters(out);
    for (const auto& endpoint : list.endpoints) {
        for (auto family : {IpAddress::Family::V4, IpAddress::Family::V6}) {
            out << "\n\tset " << endpointSetName(endpoint, family) << " {\n"
                << "\t\ttype " << (family == IpAddress::Family::V4 ? "ipv4_addr" : "ipv6_addr") << "\n"
                << "\t\tcomment \"" << endpoint.name << ": " << endpoint.host << " port " << endpoint.port
                << ", filled by the resolver\"\n"
                << "\t}\n";
        }
    }

    out << "\n\tchain output {\n\t\ttype filter hook output priority filter; policy drop;\n"
        << "\t\toif \"lo\" accept\n";
    if (gateway6)
        out << "\t\t" << kNeighbourDiscovery << "\n";
    out << "\t\t" << ipKeyword(gateway.address.family) << " daddr " << gateway.address.toString() << " udp dport "
        << gateway.port;
    if (settings.listenPort)
        out << " udp sport " << *settings.listenPort;
    out << " counter name \"wireguard_out\" accept\n"
        << "\t\toifname " << tunnel << " jump tunnel_out\n"
        << "\t\tcounter name \"drop_output\" drop\n\t}\n";

    out << "\n\tchain tunnel_out {\n"
        << "\t\tct state established,related accept\n";
    const std::string upstream =
        std::string(ipKeyword(settings.upstreamDns.family)) + " daddr " + settings.upstreamDns.toString();
    for (const char* protocol : {"udp", "tcp"})
        out << "\t\t" << upstream << " " << protocol << " dport 53 meta skuid \"" << settings.resolverUser
            << "\" accept\n";
    for (const auto& endpoint : list.endpoints)
        for (auto family : {IpAddress::Family::V4, IpAddress::Family::V6})
            out << "\t\t" << ipKeyword(family) << " daddr @" << endpointSetName(endpoint, family) << " tcp dport "
                << endpoint.port << " accept\n";
    out << "\t}\n";

    out << "\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n"
        << "\t\tiif \"lo\" accept\n"
        << "\t\tct state established,related accept\n";
    if (gateway6)
        out << "\t\t" << kNeighbourDiscovery << "\n";
    out << "\t\t" << ipKeyword(gateway.address.family) << " saddr " << gateway.address.toString() << " udp sport "
        << gateway.port;
    if (settings.listenPort)
        out << " udp dport " << *settings.listenPort;
    out << " accept\n";
    if (settings.logdPort)
        out << "\t\tiifname " << tunnel << " " << ipKeyword(list.admin.address.address.family) << " saddr "
            << list.admin.address.toString() << " tcp dport " << *settings.logdPort << " accept\n";
    out << "\t\tcounter name \"drop_input\" drop\n\t}\n";

    out << "\n\tchain forward {\n\t\ttype filter hook forward priority filter; policy drop;\n"
        << "\t\tcounter name \"drop_forward\" drop\n\t}\n"
        << "}\n";
    return out.str();
}

std::string renderDnsmasqConfig(const AllowList& list, const NetGuardSettings& settings)
{
    std::ostringstream out;
    out << "# Rendered by mamori-netguard from the allow-list; dnsmasq --conf-file=THIS.\n"
        << "# Answers only the allow-listed names, forwarding them into the tunnel; NXDOMAIN for all else.\n"
        << "no-resolv\n"
        << "no-hosts\n"
        << "bind-interfaces\n"
        << "listen-address=" << settings.resolverAddress.toString() << "\n"
        << "port=53\n"
        << "user=" << settings.resolverUser << "\n"
        << "group=" << settings.resolverGroup << "\n"
        << "cache-size=0\n"
        << "no-negcache\n"
        << "domain-needed\n"
        << "address=/#/\n";

    // One server line per host, and every set of every endpoint on that host (several ports).
    std::map<std::string, std::vector<const Endpoint*>> byHost;
    std::vector<std::string> order;
    for (const auto& endpoint : list.endpoints) {
        if (byHost.find(endpoint.host) == byHost.end())
            order.push_back(endpoint.host);
        byHost[endpoint.host].push_back(&endpoint);
    }
    for (const auto& host : order) {
        out << "server=/" << host << "/" << settings.upstreamDns.toString() << "\n"
            << "nftset=/" << host << "/";
        bool first = true;
        for (const Endpoint* endpoint : byHost[host]) {
            for (auto family : {IpAddress::Family::V4, IpAddress::Family::V6}) {
                out << (first ? "" : ",") << (family == IpAddress::Family::V4 ? "4" : "6") << "#inet#" << kNftTable
                    << "#" << endpointSetName(*endpoint, family);
                first = false;
            }
        }
        out << "\n";
    }
    return out.str();
}

RenderedNetGuard renderNetGuard(const AllowList& list, const NetGuardSettings& settings)
{
    return {renderWireGuardConfig(list, settings), renderNftRuleset(list, settings),
            renderDnsmasqConfig(list, settings)};
}

} // namespace mamori::net

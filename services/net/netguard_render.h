// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Renders what mamori-netguard applies, from the allow-list and the device's settings:
//  - the WireGuard configuration for `wg setconf` (wireguard-tools format) — one peer, the gateway,
//    which carries every packet (AllowedIPs 0.0.0.0/0, ::/0). It holds no private key: netguard
//    hands the key file to `wg set IFACE private-key FILE`, so the key never enters this process;
//  - the nftables ruleset, one table `inet mamori` replaced atomically by one `nft -f`: policy drop
//    on output, input and forward; loopback allowed; outside the tunnel only UDP to the gateway's
//    endpoint; inside the tunnel only each endpoint's port to the addresses in its own sets
//    (ep_<name>_v4 / ep_<name>_v6), which dnsmasq fills as it resolves the endpoint's host; DNS into
//    the tunnel only to the upstream server and only from the resolver's user; named counters on
//    every drop (drop_output, drop_input, drop_forward) and on the WireGuard UDP (wireguard_out);
//  - the minimal drop-all ruleset netguard loads before anything else (same table, same counters,
//    nothing but loopback allowed), so that a failure at any later step leaves everything dropped;
//  - the dnsmasq configuration: listens on the loopback resolver address only, answers NXDOMAIN
//    for every name not on the list (address=/#/), forwards the listed names to the upstream
//    server inside the tunnel, caches nothing (so a reloaded ruleset's emptied sets are refilled by
//    the next lookup), and adds the answers to the endpoint's sets (nftset=).
//
// The output is deterministic: the same inputs give the same bytes (file order of the endpoints,
// no time stamps), so the ruleset's hash identifies what was loaded. Pure functions, thread-safe;
// the inputs are validated values (parseAllowList, parseNetGuardSettings), so rendering cannot fail.

#include "services/net/allowlist.h"
#include "services/net/netguard_settings.h"

#include <string>

namespace mamori::net {

constexpr const char* kNftTable = "mamori"; // table inet mamori

struct RenderedNetGuard {
    std::string wireguard; // for `wg setconf`
    std::string nftables;  // for `nft -f`
    std::string dnsmasq;   // for `dnsmasq --conf-file`
};

std::string renderWireGuardConfig(const AllowList& list, const NetGuardSettings& settings);
std::string renderNftRuleset(const AllowList& list, const NetGuardSettings& settings);
std::string renderDropAllRuleset();
std::string renderDnsmasqConfig(const AllowList& list, const NetGuardSettings& settings);
RenderedNetGuard renderNetGuard(const AllowList& list, const NetGuardSettings& settings);

// The nft set names an endpoint's resolved addresses go into ("ep_payroll_v4").
std::string endpointSetName(const Endpoint& endpoint, IpAddress::Family family);

} // namespace mamori::net

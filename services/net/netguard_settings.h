// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The device's own network settings that the allow-list does not carry: the WireGuard interface
// name, the file holding the device's WireGuard private key, the device's tunnel addresses, the
// local resolver's address and the DNS server it forwards to inside the tunnel. A small TOML file
// (services/net/README.md, "Settings file"; example services/net/examples/netguard.toml), read by
// toml++ like the allow-list and validated here; provisioning writes it
// (/etc/mamori/netguard.toml on the device).
//
// Owner: mamori-netguard. A NetGuardSettings is a plain value; parseNetGuardSettings() is stateless
// and thread-safe. Errors are InvalidArgument with one "line N: problem" per line of the context;
// no value that failed validation is quoted (a private key pasted into the wrong key stays out of
// logs). The private key itself is never read here: only its path is.

#include "services/common/result.h"
#include "services/net/allowlist.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::net {

constexpr std::size_t kMaxSettingsBytes = 64 * 1024;
constexpr std::uint16_t kDefaultKeepaliveSeconds = 25;
constexpr const char* kDefaultInterfaceName = "mamori0";
constexpr const char* kDefaultResolverUser = "nobody";
constexpr const char* kDefaultResolverGroup = "nogroup";

struct NetGuardSettings {
    int version = 1;
    // [wireguard]
    std::string interfaceName = kDefaultInterfaceName; // 1-15 of A-Z a-z 0-9 _ . - (a Linux interface name)
    std::filesystem::path privateKeyFile;              // absolute; must be a regular file of mode 0600 or stricter
    std::vector<IpPrefix> addresses;                   // the device's tunnel addresses, at most one per family
    std::optional<std::uint16_t> listenPort;           // WireGuard's UDP source port; random when absent
    std::uint16_t persistentKeepalive = kDefaultKeepaliveSeconds; // seconds, 0 = off
    // [resolver]
    IpAddress resolverAddress;                         // where dnsmasq listens: a loopback address (127.0.0.1 default)
    IpAddress upstreamDns;                             // the DNS server inside the tunnel dnsmasq forwards to
    std::string resolverUser = kDefaultResolverUser;   // dnsmasq runs as this user; only it may query upstream
    std::string resolverGroup = kDefaultResolverGroup; // and this group
    // [logd] — inbound TCP from the admin's tunnel address only; absent: nothing inbound at all
    std::optional<std::uint16_t> logdPort;

    const IpPrefix* address(IpAddress::Family family) const;
};

Result<NetGuardSettings> parseNetGuardSettings(std::string_view toml);
Result<NetGuardSettings> loadNetGuardSettings(const std::filesystem::path& path);

// Checks that a settings file and an allow-list fit together: the upstream DNS server is inside
// the tunnel, so it may not be the gateway's outer address, and no device tunnel address may lie in
// the admin's prefix. InvalidArgument naming the problem.
Status checkCompatible(const AllowList& list, const NetGuardSettings& settings);

// A Linux interface name: 1-15 characters of A-Z a-z 0-9 _ . - , not "." or "..".
bool isValidInterfaceName(std::string_view name);
// A POSIX portable user or group name: [a-z_][a-z0-9_-]{0,31}.
bool isValidUserName(std::string_view name);

} // namespace mamori::net

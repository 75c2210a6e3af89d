// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What mamori-netguard does, without its command line: apply the rendered firewall, tunnel and
// resolver to the running system, report their state, and take them down to drop-all.
//
// apply() order, each step only after the one before succeeded:
//   1. the drop-all ruleset (the caller loads it with loadDropAll() even before parsing its files),
//   2. the key file checked (a regular file, not a link, owned by us, mode 0600 or stricter —
//      never read here), the rendered files written to the run directory (mode 0600),
//   3. the full ruleset with one `nft -f`,
//   4. the WireGuard interface (wireguard-go in userspace if it does not exist yet), `wg setconf`,
//      `wg set … private-key FILE`, the tunnel addresses, link up, a host route to the gateway via
//      the outer path and the two half-default routes into the tunnel,
//   5. dnsmasq (any earlier instance from the pid file stopped first) with the rendered config.
// Any failure after step 1 loads the drop-all ruleset again (best effort) and returns the first
// error: default-drop stays in place. The ruleset's sha256 (of the rendered text) and of the live
// table listing (`nft -s -t list table inet mamori`) are saved in the run directory for status().
//
// Owner: the mamori-netguard executable (a oneshot with CAP_NET_ADMIN). Library code: it never
// logs; the ApplyReport says what was done. Single-threaded.

#include "services/common/result.h"
#include "services/net/allowlist.h"
#include "services/net/netguard_settings.h"
#include "services/net/system_commands.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mamori::net {

constexpr const char* kDefaultRunDir = "/run/mamori/netguard";
// WireGuard rejects a session older than this (REJECT_AFTER_TIME): a handshake older is "down".
constexpr std::int64_t kHandshakeFreshSeconds = 180;

struct ApplyReport {
    std::vector<std::string> steps; // what was done, in order, one line each ("nft: full ruleset loaded")
    std::string rulesetSha256;      // hex, of the rendered ruleset
};

struct CounterValue {
    std::string name;
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
};

struct NetGuardStatus {
    enum class Ruleset : std::uint8_t { Absent, DropAll, Applied, Changed };
    Ruleset ruleset = Ruleset::Absent;
    std::string rulesetSha256; // as applied (empty when none)
    bool interfacePresent = false;
    std::optional<std::int64_t> handshakeAgeSeconds; // the gateway peer's latest handshake
    bool tunnelUp = false;                           // a handshake within kHandshakeFreshSeconds
    bool resolverRunning = false;
    std::optional<int> resolverPid;
    std::vector<CounterValue> counters;
    std::vector<std::pair<std::string, std::size_t>> setSizes; // endpoint set → addresses in it

    bool healthy() const { return ruleset == Ruleset::Applied && tunnelUp && resolverRunning; }
};

class NetGuard {
public:
    NetGuard(SystemCommands& commands, std::filesystem::path runDir);

    // Replaces table inet mamori with the drop-all ruleset.
    Status loadDropAll();
    Status apply(const AllowList& list, const NetGuardSettings& settings, ApplyReport& report);
    Result<NetGuardStatus> status(const std::string& interfaceName);
    // Drop-all, then dnsmasq stopped and the interface deleted (which ends wireguard-go).
    Status stop(const std::string& interfaceName);

    // The checks apply() makes on the private key file; exposed for tests.
    static Status checkPrivateKeyFile(const std::filesystem::path& path);

private:
    Status applySteps(const AllowList& list, const NetGuardSettings& settings, ApplyReport& report);
    Status bringUpTunnel(const AllowList& list, const NetGuardSettings& settings, ApplyReport& report);
    Status startResolver(ApplyReport& report);
    Status stopResolver();
    Result<CommandResult> mustRun(std::vector<std::string> argv,
                                  std::vector<std::pair<std::string, std::string>> env = {});
    Result<std::string> liveTableSha256();
    std::optional<int> resolverPid();

    SystemCommands& m_commands;
    std::filesystem::path m_runDir;
};

// Parses `nft list counters table inet mamori` output; exposed for tests.
std::vector<CounterValue> parseNftCounters(const std::string& listing);
// Parses `wg show IFACE latest-handshakes` for one peer (base64 public key); nullopt when the peer
// is absent or has never completed a handshake (time 0).
std::optional<std::int64_t> parseLatestHandshake(const std::string& listing, const std::string& peerKey);

} // namespace mamori::net

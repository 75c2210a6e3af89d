// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/net/netguard.h"

#include "services/common/file_io.h"
#include "services/net/netguard_render.h"

#include <sodium.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace mamori::net {
namespace {

constexpr const char* kRulesetFile = "mamori.nft";
constexpr const char* kDropAllFile = "drop-all.nft";
constexpr const char* kWireGuardFile = "wireguard.conf";
constexpr const char* kDnsmasqFile = "dnsmasq.conf";
constexpr const char* kDnsmasqPidFile = "dnsmasq.pid";
constexpr const char* kDnsmasqLogFile = "dnsmasq.log";
constexpr const char* kStateFile = "state"; // "applied <sha256 rendered> <sha256 live>" or "drop-all <sha256 live>"

std::span<const std::uint8_t> bytesOf(const std::string& text)
{
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::string sha256Hex(const std::string& text)
{
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
    std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return std::string(hex.data());
}

// A tool's output in an error context: one line per line, short. The tools here never print keys
// (the private key goes from its file to the kernel or wireguard-go without being echoed).
std::string brief(const std::string& output)
{
    std::string out = output.substr(0, 600);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    return out;
}

std::string joined(const std::vector<std::string>& argv)
{
    std::string out;
    for (const auto& arg : argv)
        out += (out.empty() ? "" : " ") + arg;
    return out;
}

std::vector<std::string> words(const std::string& line)
{
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string word; in >> word;)
        out.push_back(word);
    return out;
}

std::string readSmallFile(const std::filesystem::path& path)
{
    auto bytes = readWholeFile(path, 4096);
    if (!bytes.ok())
        return {};
    return std::string(bytes.value().begin(), bytes.value().end());
}

} // namespace

NetGuard::NetGuard(SystemCommands& commands, std::filesystem::path runDir)
    : m_commands(commands), m_runDir(std::move(runDir))
{}

Result<CommandResult> NetGuard::mustRun(std::vector<std::string> argv,
                                        std::vector<std::pair<std::string, std::string>> env)
{
    const std::string shown = joined(argv);
    MAMORI_ASSIGN_OR_RETURN(CommandResult result, m_commands.run({std::move(argv), std::move(env)}));
    if (result.exitCode != 0)
        return Error(ErrorCode::Unavailable, shown + ": exit " + std::to_string(result.exitCode) +
                                                 (result.output.empty() ? "" : ": ") + brief(result.output));
    return result;
}

Result<std::string> NetGuard::liveTableSha256()
{
    // -s: no counter values, -t: no set elements — what stays the same while the ruleset does.
    MAMORI_ASSIGN_OR_RETURN(auto listing, mustRun({"nft", "-s", "-t", "list", "table", "inet", kNftTable}));
    return sha256Hex(listing.output);
}

Status NetGuard::loadDropAll()
{
    std::error_code ec;
    std::filesystem::create_directories(m_runDir, ec);
    if (ec)
        return Error(ErrorCode::StorageIo, "run directory: " + ec.message());
    std::filesystem::permissions(m_runDir, std::filesystem::perms::owner_all, ec);
    const auto path = m_runDir / kDropAllFile;
    MAMORI_TRY(writeFileAtomically(path, bytesOf(renderDropAllRuleset())));
    MAMORI_TRY(mustRun({"nft", "-f", path.string()}));
    // The state file is a record for status(); failing to write it must not undo the drop-all.
    if (auto live = liveTableSha256(); live.ok())
        (void)writeFileAtomically(m_runDir / kStateFile, bytesOf("drop-all " + live.value() + "\n"));
    return okStatus();
}

Status NetGuard::checkPrivateKeyFile(const std::filesystem::path& path)
{
    struct stat st {};
    if (lstat(path.c_str(), &st) != 0)
        return errno == ENOENT ? Error(ErrorCode::NotFound, "wireguard private key file does not exist")
                               : fileError("wireguard private key file");
    if (!S_ISREG(st.st_mode))
        return Error(ErrorCode::PermissionDenied, "wireguard private key file is not a regular file (links refused)");
    if (st.st_uid != geteuid())
        return Error(ErrorCode::PermissionDenied, "wireguard private key file is owned by another user");
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        return Error(ErrorCode::PermissionDenied, std::string("wireguard private key file has mode ") + mode +
                                                      "; it must be 0600 or stricter (umask 077)");
    }
    if (st.st_size < 44 || st.st_size > 64)
        return Error(ErrorCode::InvalidArgument, "wireguard private key file does not hold one key (base64, 44 bytes)");
    return okStatus();
}

Status NetGuard::apply(const AllowList& list, const NetGuardSettings& settings, ApplyReport& report)
{
    Status status = applySteps(list, settings, report);
    if (!status.ok()) {
        // Fail closed: whatever got half-way, nothing but loopback may pass afterwards.
        if (loadDropAll().ok())
            report.steps.push_back("failure: drop-all ruleset loaded again");
        else
            report.steps.push_back("failure: drop-all could not be reloaded (the previous ruleset stays)");
    }
    return status;
}

Status NetGuard::applySteps(const AllowList& list, const NetGuardSettings& settings, ApplyReport& report)
{
    MAMORI_TRY(checkCompatible(list, settings));
    MAMORI_TRY(checkPrivateKeyFile(settings.privateKeyFile));
    report.steps.push_back("key file: owner-only, not read");

    const RenderedNetGuard rendered = renderNetGuard(list, settings);
    MAMORI_TRY(writeFileAtomically(m_runDir / kRulesetFile, bytesOf(rendered.nftables)));
    MAMORI_TRY(writeFileAtomically(m_runDir / kWireGuardFile, bytesOf(rendered.wireguard)));
    MAMORI_TRY(writeFileAtomically(m_runDir / kDnsmasqFile, bytesOf(rendered.dnsmasq)));
    report.rulesetSha256 = sha256Hex(rendered.nftables);
    report.steps.push_back("rendered: " + (m_runDir / kRulesetFile).string() + ", " + kWireGuardFile + ", " +
                           kDnsmasqFile);

    MAMORI_TRY(mustRun({"nft", "-f", (m_runDir / kRulesetFile).string()}));
    MAMORI_ASSIGN_OR_RETURN(const std::string live, liveTableSha256());
    MAMORI_TRY(
        writeFileAtomically(m_runDir / kStateFile, bytesOf("applied " + report.rulesetSha256 + " " + live + "\n")));
    report.steps.push_back("nft: full ruleset loaded (" + std::to_string(list.endpoints.size()) + " endpoints)");

    MAMORI_TRY(bringUpTunnel(list, settings, report));
    MAMORI_TRY(startResolver(report));
    return okStatus();
}

Status NetGuard::bringUpTunnel(const AllowList& list, const NetGuardSettings& settings, ApplyReport& report)
{
    const std::string& name = settings.interfaceName;
    MAMORI_ASSIGN_OR_RETURN(auto probe, m_commands.run({{"ip", "link", "show", "dev", name}, {}}));
    if (probe.exitCode != 0) {
        // The kernel here has no WireGuard module; wireguard-go refuses to run where it thinks one
        // exists unless told otherwise. It daemonizes once the interface and its socket exist.
        MAMORI_TRY(mustRun({"wireguard-go", name}, {{"WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD", "1"}}));
        bool present = false;
        for (int i = 0; i < 100 && !present; ++i) {
            MAMORI_ASSIGN_OR_RETURN(auto again, m_commands.run({{"ip", "link", "show", "dev", name}, {}}));
            present = again.exitCode == 0;
            if (!present)
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (!present)
            return Error(ErrorCode::Unavailable, "wireguard-go started but interface " + name + " did not appear");
        report.steps.push_back("wireguard-go: interface " + name + " created");
    } else {
        report.steps.push_back("wireguard: interface " + name + " exists, reconfigured");
    }
    MAMORI_TRY(mustRun({"wg", "setconf", name, (m_runDir / kWireGuardFile).string()}));
    MAMORI_TRY(mustRun({"wg", "set", name, "private-key", settings.privateKeyFile.string()}));
    MAMORI_TRY(mustRun({"ip", "address", "flush", "dev", name}));
    for (const auto& prefix : settings.addresses)
        MAMORI_TRY(mustRun({"ip", "address", "add", prefix.toString(), "dev", name}));
    MAMORI_TRY(mustRun({"ip", "link", "set", "dev", name, "up"}));
    report.steps.push_back("wireguard: peer " + list.gateway.address.toString() + " port " +
                           std::to_string(list.gateway.port) + ", key set from file, link up");

    // Routes: the gateway's own address keeps its outer path (a host route), everything else goes
    // into the tunnel through two half-default routes, which beat the outer default route without
    // replacing it. Old half-default routes go first so that `ip route get` sees the outer path.
    const bool gateway4 = list.gateway.address.family == IpAddress::Family::V4;
    for (const char* half : {"0.0.0.0/1", "128.0.0.0/1", "::/1", "8000::/1"})
        (void)m_commands.run({{"ip", "route", "del", half, "dev", name}, {}});
    MAMORI_ASSIGN_OR_RETURN(auto path,
                            mustRun({"ip", gateway4 ? "-4" : "-6", "route", "get", list.gateway.address.toString()}));
    const auto tokens = words(path.output);
    std::string via;
    std::string dev;
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (tokens[i] == "via" && via.empty())
            via = tokens[i + 1];
        if (tokens[i] == "dev" && dev.empty())
            dev = tokens[i + 1];
    }
    if (dev.empty() || dev == name)
        return Error(ErrorCode::Unavailable, "no route to the gateway outside the tunnel");
    std::vector<std::string> hostRoute{"ip", "route", "replace",
                                       list.gateway.address.toString() + (gateway4 ? "/32" : "/128")};
    if (!via.empty()) {
        hostRoute.push_back("via");
        hostRoute.push_back(via);
    }
    hostRoute.push_back("dev");
    hostRoute.push_back(dev);
    MAMORI_TRY(mustRun(hostRoute));
    std::vector<const char*> halves;
    if (settings.address(IpAddress::Family::V4))
        halves.insert(halves.end(), {"0.0.0.0/1", "128.0.0.0/1"});
    if (settings.address(IpAddress::Family::V6))
        halves.insert(halves.end(), {"::/1", "8000::/1"});
    for (const char* half : halves)
        MAMORI_TRY(mustRun({"ip", "route", "replace", half, "dev", name}));
    report.steps.push_back("routes: gateway via " + dev + ", everything else into " + name);
    return okStatus();
}

std::optional<int> NetGuard::resolverPid()
{
    const std::string text = readSmallFile(m_runDir / kDnsmasqPidFile);
    if (text.empty())
        return std::nullopt;
    const int pid = std::atoi(text.c_str());
    if (!m_commands.processRunning(pid, "dnsmasq"))
        return std::nullopt; // none, or a stale pid file: that pid may be someone else's by now
    return pid;
}

Status NetGuard::stopResolver()
{
    const auto pid = resolverPid();
    if (!pid)
        return okStatus();
    m_commands.terminate(*pid, false);
    for (int i = 0; i < 200 && resolverPid(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (resolverPid()) {
        m_commands.terminate(*pid, true);
        for (int i = 0; i < 100 && resolverPid(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::error_code ec;
    std::filesystem::remove(m_runDir / kDnsmasqPidFile, ec);
    return resolverPid() ? Error(ErrorCode::Unavailable, "dnsmasq did not stop") : okStatus();
}

Status NetGuard::startResolver(ApplyReport& report)
{
    MAMORI_TRY(stopResolver());
    MAMORI_TRY(mustRun({"dnsmasq", "--conf-file=" + (m_runDir / kDnsmasqFile).string(),
                        "--pid-file=" + (m_runDir / kDnsmasqPidFile).string(),
                        "--log-facility=" + (m_runDir / kDnsmasqLogFile).string()}));
    std::optional<int> pid;
    for (int i = 0; i < 100 && !pid; ++i) {
        pid = resolverPid();
        if (!pid)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!pid)
        return Error(ErrorCode::Unavailable, "dnsmasq started but wrote no pid file");
    report.steps.push_back("dnsmasq: running, pid " + std::to_string(*pid));
    return okStatus();
}

Status NetGuard::stop(const std::string& interfaceName)
{
    MAMORI_TRY(loadDropAll());
    MAMORI_TRY(stopResolver());
    MAMORI_ASSIGN_OR_RETURN(auto probe, m_commands.run({{"ip", "link", "show", "dev", interfaceName}, {}}));
    if (probe.exitCode == 0)
        MAMORI_TRY(mustRun({"ip", "link", "delete", "dev", interfaceName}));
    return okStatus();
}

Result<NetGuardStatus> NetGuard::status(const std::string& interfaceName)
{
    NetGuardStatus status;
    const auto state = words(readSmallFile(m_runDir / kStateFile));
    MAMORI_ASSIGN_OR_RETURN(auto table, m_commands.run({{"nft", "-s", "-t", "list", "table", "inet", kNftTable}, {}}));
    if (table.exitCode == 0) {
        const std::string live = sha256Hex(table.output);
        if (state.size() == 3 && state[0] == "applied" && state[2] == live) {
            status.ruleset = NetGuardStatus::Ruleset::Applied;
            status.rulesetSha256 = state[1];
        } else if (state.size() == 2 && state[0] == "drop-all" && state[1] == live) {
            status.ruleset = NetGuardStatus::Ruleset::DropAll;
        } else {
            status.ruleset = NetGuardStatus::Ruleset::Changed;
        }
        MAMORI_ASSIGN_OR_RETURN(auto counters, mustRun({"nft", "list", "counters", "table", "inet", kNftTable}));
        status.counters = parseNftCounters(counters.output);
        MAMORI_ASSIGN_OR_RETURN(auto sets, mustRun({"nft", "list", "sets", "table", "inet", kNftTable}));
        // "set NAME {" … "elements = { a, b,\n c }" … "}"
        std::istringstream in(sets.output);
        std::string current;
        bool inElements = false;
        for (std::string line; std::getline(in, line);) {
            const auto tokens = words(line);
            if (tokens.size() >= 2 && tokens[0] == "set") {
                current = tokens[1];
                status.setSizes.emplace_back(current, 0);
                inElements = false;
                continue;
            }
            if (current.empty())
                continue;
            std::string_view rest = line;
            if (const auto at = rest.find("elements = {"); at != std::string_view::npos) {
                inElements = true;
                rest = rest.substr(at + 12);
            }
            if (!inElements)
                continue;
            for (const auto& token : words(std::string(rest))) {
                if (token == "}") {
                    inElements = false;
                    break;
                }
                std::string element = token;
                if (!element.empty() && element.back() == ',')
                    element.pop_back();
                if (!element.empty() && element != "}")
                    ++status.setSizes.back().second;
                if (token.back() == '}')
                    inElements = false;
            }
        }
    }

    MAMORI_ASSIGN_OR_RETURN(auto link, m_commands.run({{"ip", "link", "show", "dev", interfaceName}, {}}));
    status.interfacePresent = link.exitCode == 0;
    if (status.interfacePresent) {
        // The gateway's key is read back from the rendered config, never printed.
        std::string peer;
        std::istringstream config(readSmallFile(m_runDir / kWireGuardFile));
        for (std::string line; std::getline(config, line);) {
            const auto tokens = words(line);
            if (tokens.size() == 3 && tokens[0] == "PublicKey")
                peer = tokens[2];
        }
        MAMORI_ASSIGN_OR_RETURN(auto handshakes,
                                m_commands.run({{"wg", "show", interfaceName, "latest-handshakes"}, {}}));
        if (handshakes.exitCode == 0 && !peer.empty()) {
            if (auto when = parseLatestHandshake(handshakes.output, peer)) {
                status.handshakeAgeSeconds = std::max<std::int64_t>(0, std::time(nullptr) - *when);
                status.tunnelUp = *status.handshakeAgeSeconds < kHandshakeFreshSeconds;
            }
        }
    }

    status.resolverPid = resolverPid();
    status.resolverRunning = status.resolverPid.has_value();
    return status;
}

std::vector<CounterValue> parseNftCounters(const std::string& listing)
{
    // counter drop_output {\n comment "…"\n packets 3 bytes 180\n }
    std::vector<CounterValue> out;
    std::istringstream in(listing);
    for (std::string line; std::getline(in, line);) {
        const auto tokens = words(line);
        if (tokens.size() >= 2 && tokens[0] == "counter" && tokens.back() == "{") {
            out.push_back({tokens[1], 0, 0});
        } else if (!out.empty() && tokens.size() == 4 && tokens[0] == "packets" && tokens[2] == "bytes") {
            out.back().packets = std::strtoull(tokens[1].c_str(), nullptr, 10);
            out.back().bytes = std::strtoull(tokens[3].c_str(), nullptr, 10);
        }
    }
    return out;
}

std::optional<std::int64_t> parseLatestHandshake(const std::string& listing, const std::string& peerKey)
{
    std::istringstream in(listing);
    for (std::string line; std::getline(in, line);) {
        const auto tokens = words(line);
        if (tokens.size() == 2 && tokens[0] == peerKey) {
            const std::int64_t when = std::strtoll(tokens[1].c_str(), nullptr, 10);
            return when > 0 ? std::optional<std::int64_t>(when) : std::nullopt;
        }
    }
    return std::nullopt;
}

} // namespace mamori::net

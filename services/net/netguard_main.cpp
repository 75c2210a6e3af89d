// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-netguard: renders the WireGuard tunnel, the nftables default-drop ruleset and the dnsmasq
// allow-list resolver from the allow-list and the device's settings, and applies them (a oneshot
// with CAP_NET_ADMIN). The work is in services/net/netguard.h; this file only wires the command
// line and prints — the one place of the module that logs. Plain C++: no Qt needed here.
//
//   mamori-netguard apply  --allowlist FILE --settings FILE [--interface NAME] [--run-dir DIR]
//   mamori-netguard status [--settings FILE] [--interface NAME] [--run-dir DIR]
//   mamori-netguard stop   [--settings FILE] [--interface NAME] [--run-dir DIR]
//   mamori-netguard render --allowlist FILE --settings FILE --out DIR

#include "services/common/file_io.h"
#include "services/common/process_hardening.h"
#include "services/net/allowlist.h"
#include "services/net/netguard.h"
#include "services/net/netguard_render.h"
#include "services/net/netguard_settings.h"

#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>

using namespace mamori;
using namespace mamori::net;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitDegraded = 3; // status: something is not as applied

struct Options {
    std::string allowList;
    std::string settings;
    std::string interfaceName;
    std::string runDir = kDefaultRunDir;
    std::string out;
};

void usage(std::FILE* to)
{
    std::fputs("usage:\n"
               "  mamori-netguard apply  --allowlist FILE --settings FILE [--interface NAME] [--run-dir DIR]\n"
               "  mamori-netguard status [--settings FILE] [--interface NAME] [--run-dir DIR]\n"
               "  mamori-netguard stop   [--settings FILE] [--interface NAME] [--run-dir DIR]\n"
               "  mamori-netguard render --allowlist FILE --settings FILE --out DIR\n"
               "apply loads a drop-all ruleset first, then the full ruleset, the WireGuard tunnel and the\n"
               "resolver; any failure leaves drop-all in place. Exit: 0 ok, 1 failed, 2 usage, 3 degraded.\n",
               to);
}

std::optional<Options> parseOptions(int argc, char** argv)
{
    Options options;
    const std::map<std::string_view, std::string Options::*> known{{"--allowlist", &Options::allowList},
                                                                   {"--settings", &Options::settings},
                                                                   {"--interface", &Options::interfaceName},
                                                                   {"--run-dir", &Options::runDir},
                                                                   {"--out", &Options::out}};
    for (int i = 2; i < argc; ++i) {
        const auto it = known.find(argv[i]);
        if (it == known.end() || i + 1 >= argc) {
            std::fprintf(stderr, "mamori-netguard: unknown or incomplete option '%s'\n", argv[i]);
            return std::nullopt;
        }
        options.*(it->second) = argv[++i];
    }
    if (!options.interfaceName.empty() && !isValidInterfaceName(options.interfaceName)) {
        std::fputs("mamori-netguard: --interface must be 1-15 of A-Z a-z 0-9 _ . -\n", stderr);
        return std::nullopt;
    }
    return options;
}

void printError(const char* what, const Error& error)
{
    std::fprintf(stderr, "mamori-netguard: %s: %s\n", what, error.describe().c_str());
}

// Both files, parsed and checked together; the settings' interface overridden by --interface.
Result<std::pair<AllowList, NetGuardSettings>> loadInputs(const Options& options)
{
    if (options.allowList.empty() || options.settings.empty())
        return Error(ErrorCode::InvalidArgument, "--allowlist and --settings are required");
    MAMORI_ASSIGN_OR_RETURN(AllowList list, loadAllowList(options.allowList));
    MAMORI_ASSIGN_OR_RETURN(NetGuardSettings settings, loadNetGuardSettings(options.settings));
    if (!options.interfaceName.empty())
        settings.interfaceName = options.interfaceName;
    MAMORI_TRY(checkCompatible(list, settings));
    return std::pair{std::move(list), std::move(settings)};
}

std::string interfaceFor(const Options& options)
{
    if (!options.interfaceName.empty())
        return options.interfaceName;
    if (!options.settings.empty()) {
        if (auto settings = loadNetGuardSettings(options.settings); settings.ok())
            return settings.value().interfaceName;
    }
    return kDefaultInterfaceName;
}

int apply(const Options& options)
{
    ProcessCommands commands;
    NetGuard guard(commands, options.runDir);
    // Default drop before anything else — before even reading the files, which may be broken.
    if (Status dropped = guard.loadDropAll(); !dropped.ok()) {
        printError("drop-all ruleset", dropped.error());
        return kExitFailed;
    }
    std::puts("nft: drop-all ruleset loaded");
    auto inputs = loadInputs(options);
    if (!inputs.ok()) {
        printError("input", inputs.error());
        std::puts("apply failed: drop-all stays in place");
        return kExitFailed;
    }
    ApplyReport report;
    const Status status = guard.apply(inputs.value().first, inputs.value().second, report);
    for (const auto& step : report.steps)
        std::printf("%s\n", step.c_str());
    if (!status.ok()) {
        printError("apply", status.error());
        std::puts("apply failed: drop-all stays in place");
        return kExitFailed;
    }
    std::printf("applied: ruleset sha256 %s\n", report.rulesetSha256.c_str());
    return kExitOk;
}

int status(const Options& options)
{
    ProcessCommands commands;
    NetGuard guard(commands, options.runDir);
    const std::string name = interfaceFor(options);
    auto result = guard.status(name);
    if (!result.ok()) {
        printError("status", result.error());
        return kExitFailed;
    }
    const NetGuardStatus& s = result.value();
    if (!s.interfacePresent)
        std::printf("tunnel: down (interface %s absent)\n", name.c_str());
    else if (!s.handshakeAgeSeconds)
        std::printf("tunnel: down (interface %s, no handshake with the gateway)\n", name.c_str());
    else
        std::printf("tunnel: %s (interface %s, latest handshake %lld s ago)\n", s.tunnelUp ? "up" : "down",
                    name.c_str(), static_cast<long long>(*s.handshakeAgeSeconds));
    switch (s.ruleset) {
    case NetGuardStatus::Ruleset::Absent:
        std::puts("ruleset: absent (table inet mamori not loaded)");
        break;
    case NetGuardStatus::Ruleset::DropAll:
        std::puts("ruleset: drop-all (nothing but loopback passes)");
        break;
    case NetGuardStatus::Ruleset::Applied:
        std::printf("ruleset: loaded as applied, sha256 %s\n", s.rulesetSha256.c_str());
        break;
    case NetGuardStatus::Ruleset::Changed:
        std::puts("ruleset: table inet mamori differs from what netguard applied");
        break;
    }
    if (s.resolverRunning)
        std::printf("resolver: running (dnsmasq pid %d)\n", *s.resolverPid);
    else
        std::puts("resolver: not running");
    for (const auto& counter : s.counters)
        std::printf("counter %s: %llu packets %llu bytes\n", counter.name.c_str(),
                    static_cast<unsigned long long>(counter.packets), static_cast<unsigned long long>(counter.bytes));
    for (const auto& [set, size] : s.setSizes)
        std::printf("set %s: %zu addresses\n", set.c_str(), size);
    return s.healthy() ? kExitOk : kExitDegraded;
}

int stop(const Options& options)
{
    ProcessCommands commands;
    NetGuard guard(commands, options.runDir);
    if (Status stopped = guard.stop(interfaceFor(options)); !stopped.ok()) {
        printError("stop", stopped.error());
        return kExitFailed;
    }
    std::puts("stopped: drop-all ruleset loaded, resolver stopped, tunnel removed");
    return kExitOk;
}

int render(const Options& options)
{
    auto inputs = loadInputs(options);
    if (!inputs.ok()) {
        printError("input", inputs.error());
        return kExitFailed;
    }
    if (options.out.empty()) {
        std::fputs("mamori-netguard: render needs --out DIR\n", stderr);
        return kExitUsage;
    }
    const RenderedNetGuard rendered = renderNetGuard(inputs.value().first, inputs.value().second);
    const std::filesystem::path dir(options.out);
    for (const auto& [file, text] :
         {std::pair{"wireguard.conf", &rendered.wireguard}, std::pair{"mamori.nft", &rendered.nftables},
          std::pair{"dnsmasq.conf", &rendered.dnsmasq}}) {
        const Status written =
            writeFileAtomically(dir / file, {reinterpret_cast<const std::uint8_t*>(text->data()), text->size()});
        if (!written.ok()) {
            printError(file, written.error());
            return kExitFailed;
        }
        std::printf("wrote %s\n", (dir / file).c_str());
    }
    return kExitOk;
}

} // namespace

int main(int argc, char** argv)
{
    if (Status hardened = hardenProcess(); !hardened.ok()) {
        printError("hardening", hardened.error());
        return kExitFailed;
    }
    if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? kExitUsage : kExitOk;
    }
    // A subcommand table, as wireguard-tools has one.
    const std::map<std::string_view, int (*)(const Options&)> commands{
        {"apply", apply}, {"status", status}, {"stop", stop}, {"render", render}};
    const auto command = commands.find(argv[1]);
    if (command == commands.end()) {
        std::fprintf(stderr, "mamori-netguard: unknown command '%s'\n", argv[1]);
        usage(stderr);
        return kExitUsage;
    }
    const auto options = parseOptions(argc, argv);
    if (!options) {
        usage(stderr);
        return kExitUsage;
    }
    return command->second(*options);
}

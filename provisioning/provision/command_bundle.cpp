// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-provision allowlist (check, set) and bundle (keygen, create, sign, show, apply).

#include "provisioning/provision/bundle_spec.h"
#include "provisioning/provision/commands.h"
#include "provisioning/provision/device_identity.h"
#include "provisioning/provision/key_files.h"
#include "provisioning/provision/org_key_file.h"
#include "services/common/file_io.h"
#include "services/net/allowlist.h"
#include "services/net/netguard_settings.h"
#include "services/vault/fleet_bundle.h"

#include <cstdio>
#include <cstring>

namespace mamori::provision {
namespace {

constexpr std::uint64_t kMaxBundleFile = vault::kFleetHeaderBytes + vault::kMaxFleetBodyBytes + 96;

std::optional<ParsedOptions> parseSub(int argc, char** argv, const std::vector<OptionSpec>& specs,
                                      const std::string& command, const char* usage, int& exitCode)
{
    for (int i = 3; i < argc; ++i)
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::fputs(usage, stdout);
            if (!specs.empty()) {
                std::fputs("\nOptions:\n", stdout);
                printOptions(stdout, specs);
            }
            exitCode = kExitOk;
            return std::nullopt;
        }
    auto parsed = parseOptions(argc, argv, 3, specs, command);
    if (!parsed)
        exitCode = kExitUsage;
    return parsed;
}

std::string textOf(const std::vector<std::uint8_t>& bytes)
{
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// Parses an allow-list and prints every problem with its line; the parsed list, or nullopt.
std::optional<net::AllowList> checkAllowList(const std::string& text, const std::string& name)
{
    std::vector<net::AllowListProblem> problems;
    auto parsed = net::parseAllowList(text, &problems);
    if (parsed.ok())
        return std::move(parsed).value();
    std::fprintf(stderr, "mamori-provision: %s does not validate:\n", name.c_str());
    if (problems.empty())
        std::fprintf(stderr, "  %s\n", parsed.error().context().c_str());
    for (const auto& problem : problems)
        std::fprintf(stderr, "  %s\n", problem.message.c_str());
    return std::nullopt;
}

// The allow-list must fit the device's netguard settings (checkCompatible).
Status checkAgainstSettings(const net::AllowList& list, const DeviceContext& device)
{
    auto settings = net::loadNetGuardSettings(device.paths.netguardSettingsFile());
    if (!settings.ok())
        return Error(settings.code(), device.paths.netguardSettingsFile().string() + ": " + settings.error().context());
    return net::checkCompatible(list, settings.value());
}

std::string summaryOf(const net::AllowList& list)
{
    return std::to_string(list.endpoints.size()) + " endpoints, gateway " + list.gateway.address.toString() + " port " +
           std::to_string(list.gateway.port);
}

int allowListCheck(int argc, char** argv)
{
    static const char* kUsage = "usage: mamori-provision allowlist check FILE\n"
                                "\n"
                                "Validates an allow-list (services/net/ALLOWLIST_FORMAT.md); every problem is named\n"
                                "with its line. Nothing is changed. Exit 0 valid, 3 invalid.\n";
    int exitCode = kExitOk;
    const auto options = parseSub(argc, argv, {}, "allowlist check", kUsage, exitCode);
    if (!options)
        return exitCode;
    if (options->positional().size() != 1) {
        std::fputs(kUsage, stderr);
        return kExitUsage;
    }
    auto bytes = readWholeFile(options->positional()[0], net::kMaxAllowListBytes);
    if (!bytes.ok())
        return reportError("reading the allow-list", bytes.error());
    const auto list = checkAllowList(textOf(bytes.value()), options->positional()[0]);
    if (!list)
        return kExitInvalid;
    std::printf("%s: valid (%s)\n", options->positional()[0].c_str(), summaryOf(*list).c_str());
    return kExitOk;
}

int allowListSet(int argc, char** argv)
{
    static const char* kUsage =
        "usage: mamori-provision allowlist set FILE [options]\n"
        "\n"
        "Validates FILE (every problem named with its line) and checks it fits the device's netguard settings,\n"
        "records it in the vault (a \"config\" audit entry; the vault is opened in this process, so\n"
        "mamori-vaultd must be stopped), installs it as CONFIG/allowlist.toml (0644) and applies it with\n"
        "`mamori-netguard apply` (or only renders it with --render-only DIR).\n";
    std::vector<OptionSpec> specs{{"--device-id", "ID", "the device id (default: the identity file's)"}};
    for (auto& spec : deviceOptions())
        specs.push_back(spec);
    for (auto& spec : netguardOptions())
        specs.push_back(spec);
    int exitCode = kExitOk;
    const auto options = parseSub(argc, argv, specs, "allowlist set", kUsage, exitCode);
    if (!options)
        return exitCode;
    if (options->positional().size() != 1) {
        std::fputs("usage: mamori-provision allowlist set FILE [options]\n", stderr);
        return kExitUsage;
    }
    const DeviceContext device = deviceContext(*options);
    auto bytes = readWholeFile(options->positional()[0], net::kMaxAllowListBytes);
    if (!bytes.ok())
        return reportError("reading the allow-list", bytes.error());
    const std::string text = textOf(bytes.value());
    const auto list = checkAllowList(text, options->positional()[0]);
    if (!list)
        return kExitInvalid;
    if (const Status fits = checkAgainstSettings(*list, device); !fits.ok())
        return reportError("the allow-list and the netguard settings", fits.error());
    auto deviceId = deviceIdFor(*options, device);
    if (!deviceId.ok())
        return reportError("allowlist set", deviceId.error());
    {
        const StateOwnershipGuard ownership{device.paths.stateDir};
        vault::SystemClock clock;
        auto opened = openLocalVault(device, deviceId.value(), clock);
        if (!opened.ok())
            return reportError("opening the vault", opened.error());
        const Status recorded = opened.value().vault->recordAllowList(nullptr, text, summaryOf(*list));
        if (!recorded.ok())
            return reportError("recording the allow-list in the vault", recorded.error());
    }
    note("allow-list recorded in the vault (" + summaryOf(*list) + ")");
    return installAllowList(device, text, *options);
}

int bundleKeygen(int argc, char** argv)
{
    static const char* kUsage =
        "usage: mamori-provision bundle keygen --out FILE\n"
        "\n"
        "Makes the organisation's Ed25519 key pair, on IT's workstation: the secret key in FILE (0600, in a\n"
        "directory only its owner may write) and the public key in FILE.pub (0644), which `init --org-key`\n"
        "pins in each device's vault. An existing FILE is never overwritten.\n";
    const std::vector<OptionSpec> specs{{"--out", "FILE", "where the secret key goes"}};
    int exitCode = kExitOk;
    const auto options = parseSub(argc, argv, specs, "bundle keygen", kUsage, exitCode);
    if (!options)
        return exitCode;
    if (!options->has("--out") || !options->positional().empty()) {
        std::fputs("usage: mamori-provision bundle keygen --out FILE\n", stderr);
        return kExitUsage;
    }
    warnLooseUmask();
    const std::filesystem::path secretPath = std::filesystem::absolute(options->value("--out"));
    const std::filesystem::path publicPath = secretPath.string() + ".pub";
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(secretPath, ec)) ||
        std::filesystem::exists(std::filesystem::symlink_status(publicPath, ec)))
        return reportError("bundle keygen",
                           Error(ErrorCode::AlreadyExists, secretPath.string() + " (or its .pub) exists already"));
    auto pair = vault::generateOrganisationKey();
    if (!pair.ok())
        return reportError("bundle keygen", pair.error());
    auto secretText = formatOrganisationSecret(pair.value().seed);
    if (!secretText.ok())
        return reportError("bundle keygen", secretText.error());
    if (const Status written = writeSecretFile(secretPath, secretText.value()); !written.ok())
        return reportError("writing the secret key", written.error());
    const std::string publicText = formatOrganisationPublic(pair.value().publicKey);
    if (const Status written = writePublicFile(
            publicPath, std::span(reinterpret_cast<const std::uint8_t*>(publicText.data()), publicText.size()));
        !written.ok())
        return reportError("writing the public key", written.error());
    std::printf("organisation key %s\n  secret %s (0600: keep it on this workstation, offline if you can)\n"
                "  public %s (give it to init --org-key)\n",
                vault::organisationKeyFingerprint(pair.value().publicKey).c_str(), secretPath.c_str(),
                publicPath.c_str());
    return kExitOk;
}

int bundleCreate(int argc, char** argv)
{
    static const char* kUsage =
        "usage: mamori-provision bundle create SPEC --out FILE\n"
        "\n"
        "Makes an unsigned fleet bundle from a spec file (TOML: serial, target, allow-list, departments,\n"
        "retention-rule overrides, cards; see provisioning/provision/README.md). Every part is checked as the\n"
        "device will check it; the allow-list line by line. Sign it with `bundle sign` before applying.\n";
    const std::vector<OptionSpec> specs{{"--out", "FILE", "the unsigned bundle"}};
    int exitCode = kExitOk;
    const auto options = parseSub(argc, argv, specs, "bundle create", kUsage, exitCode);
    if (!options)
        return exitCode;
    if (options->positional().size() != 1 || !options->has("--out")) {
        std::fputs("usage: mamori-provision bundle create SPEC --out FILE\n", stderr);
        return kExitUsage;
    }
    vault::SystemClock clock;
    auto content = loadBundleSpec(options->positional()[0], clock.nowMs());
    if (!content.ok()) {
        std::fprintf(stderr, "mamori-provision: %s: %s\n", options->positional()[0].c_str(),
                     content.error().context().c_str());
        return exitCodeFor(content.code()) == kExitFailed ? kExitFailed : kExitInvalid;
    }
    auto file = vault::makeUnsignedFleetBundle(content.value());
    if (!file.ok())
        return reportError("bundle create", file.error());
    if (const Status written = writeFileAtomically(options->value("--out"), file.value(), 0644); !written.ok())
        return reportError("writing the bundle", written.error());
    std::printf("unsigned bundle %s: serial %llu for %s, %zu departments, %zu cards%s%s\n",
                options->value("--out").c_str(), static_cast<unsigned long long>(content.value().serial),
                content.value().target.c_str(), content.value().departments.size(), content.value().cards.size(),
                content.value().allowList ? ", allow-list" : "",
                content.value().retentionCsv ? ", retention rules" : "");
    return kExitOk;
}

int bundleSign(int argc, char** argv)
{
    static const char* kUsage = "usage: mamori-provision bundle sign FILE --key SECRET [--out FILE]\n"
                                "\n"
                                "Signs a bundle with the organisation's secret key (in place unless --out).\n";
    const std::vector<OptionSpec> specs{{"--key", "FILE", "the organisation's secret key (bundle keygen)"},
                                        {"--out", "FILE", "write the signed bundle here (default: in place)"}};
    int exitCode = kExitOk;
    const auto options = parseSub(argc, argv, specs, "bundle sign", kUsage, exitCode);
    if (!options)
        return exitCode;
    if (options->positional().size() != 1 || !options->has("--key")) {
        std::fputs("usage: mamori-provision bundle sign FILE --key SECRET [--out FILE]\n", stderr);
        return kExitUsage;
    }
    auto file = readWholeFile(options->positional()[0], kMaxBundleFile);
    if (!file.ok())
        return reportError("reading the bundle", file.error());
    auto seed = loadOrganisationSeed(options->value("--key"));
    if (!seed.ok())
        return reportError("the organisation key", seed.error());
    auto signedFile = vault::signFleetBundle(file.value(), seed.value());
    if (!signedFile.ok())
        return reportError(
            "bundle sign",
            Error(signedFile.code() == ErrorCode::StorageCorrupt ? ErrorCode::InvalidArgument : signedFile.code(),
                  signedFile.error().context()));
    const std::string out = options->value("--out", options->positional()[0]);
    if (const Status written = writeFileAtomically(out, signedFile.value(), 0644); !written.ok())
        return reportError("writing the bundle", written.error());
    auto publicKey = vault::organisationPublicKey(seed.value());
    std::printf("signed %s with %s\n", out.c_str(),
                publicKey.ok() ? vault::organisationKeyFingerprint(publicKey.value()).c_str() : "?");
    return kExitOk;
}

int bundleShow(int argc, char** argv)
{
    static const char* kUsage = "usage: mamori-provision bundle show FILE [--org-key PUBLIC]\n"
                                "\n"
                                "Prints what a bundle holds and who signed it; with --org-key, whether the signature\n"
                                "verifies against that key (exit 4 when it does not).\n";
    const std::vector<OptionSpec> specs{{"--org-key", "FILE", "verify against this organisation public key"}};
    int exitCode = kExitOk;
    const auto options = parseSub(argc, argv, specs, "bundle show", kUsage, exitCode);
    if (!options)
        return exitCode;
    if (options->positional().size() != 1) {
        std::fputs("usage: mamori-provision bundle show FILE [--org-key PUBLIC]\n", stderr);
        return kExitUsage;
    }
    auto file = readWholeFile(options->positional()[0], kMaxBundleFile);
    if (!file.ok())
        return reportError("reading the bundle", file.error());
    auto parsed = vault::parseFleetBundle(file.value());
    if (!parsed.ok())
        return reportError("bundle show", Error(ErrorCode::InvalidArgument, parsed.error().context()));
    const auto& content = parsed.value().content;
    std::printf("fleet bundle version %u, serial %llu, for %s, made %s\n", vault::kFleetBundleVersion,
                static_cast<unsigned long long>(content.serial), content.target.c_str(),
                isoTime(content.createdMs).c_str());
    if (!content.description.empty())
        std::printf("  description: %s\n", content.description.c_str());
    std::printf("  allow-list: %s\n",
                content.allowList ? (std::to_string(content.allowList->size()) + " bytes").c_str() : "none");
    std::printf("  retention rules: %s\n", content.retentionCsv ? "yes" : "none");
    for (const auto& department : content.departments)
        std::printf("  department %s %s\n", department.code.c_str(), department.name.c_str());
    for (const auto& card : content.cards) {
        std::string roles, departments;
        for (const auto role : card.roles)
            roles += (roles.empty() ? "" : ",") + std::string(vault::roleName(role));
        for (const auto& department : card.departments)
            departments += (departments.empty() ? "" : ",") + department;
        std::printf("  card %s: %s%s%s\n", card.displayName.c_str(), roles.c_str(), departments.empty() ? "" : " in ",
                    departments.c_str());
    }
    if (!parsed.value().isSigned) {
        std::printf("  UNSIGNED\n");
        return options->has("--org-key") ? kExitRefused : kExitOk;
    }
    std::printf("  signed by %s\n", vault::organisationKeyFingerprint(parsed.value().signer).c_str());
    if (options->has("--org-key")) {
        auto key = loadOrganisationPublicKey(options->value("--org-key"));
        if (!key.ok())
            return reportError("the organisation key", key.error());
        const Status verified = vault::verifyFleetBundle(parsed.value(), key.value());
        std::printf("  signature: %s\n", verified.ok() ? "verifies" : verified.error().context().c_str());
        return verified.ok() ? kExitOk : kExitRefused;
    }
    return kExitOk;
}

int bundleApply(int argc, char** argv)
{
    static const char* kUsage =
        "usage: mamori-provision bundle apply FILE [options]\n"
        "\n"
        "Applies a signed fleet bundle to this device. The vault (opened in this process: mamori-vaultd must be\n"
        "stopped) verifies the signature against the organisation key pinned at init, checks the bundle is for\n"
        "this device and newer than the last one applied, and applies everything in one transaction, audited as\n"
        "\"config\"; a refused bundle changes nothing and is audited as an alert. The allow-list it carries is\n"
        "checked against the netguard settings inside that transaction, then installed and applied through\n"
        "mamori-netguard (or only rendered, with --render-only DIR).\n";
    std::vector<OptionSpec> specs{{"--device-id", "ID", "the device id (default: the identity file's)"}};
    for (auto& spec : deviceOptions())
        specs.push_back(spec);
    for (auto& spec : netguardOptions())
        specs.push_back(spec);
    int exitCode = kExitOk;
    const auto options = parseSub(argc, argv, specs, "bundle apply", kUsage, exitCode);
    if (!options)
        return exitCode;
    if (options->positional().size() != 1) {
        std::fputs("usage: mamori-provision bundle apply FILE [options]\n", stderr);
        return kExitUsage;
    }
    const DeviceContext device = deviceContext(*options);
    auto file = readWholeFile(options->positional()[0], kMaxBundleFile);
    if (!file.ok())
        return reportError("reading the bundle", file.error());
    auto deviceId = deviceIdFor(*options, device);
    if (!deviceId.ok())
        return reportError("bundle apply", deviceId.error());

    std::optional<vault::FleetApplyReport> report;
    {
        const StateOwnershipGuard ownership{device.paths.stateDir};
        vault::SystemClock clock;
        auto opened = openLocalVault(device, deviceId.value(), clock);
        if (!opened.ok())
            return reportError("opening the vault", opened.error());
        // The part the vault treats as opaque text: checked here, inside the transaction, after the
        // signature has been verified.
        const auto precheck = [&](const vault::FleetBundleContent& content) -> Status {
            if (!content.allowList)
                return okStatus();
            std::vector<net::AllowListProblem> problems;
            auto list = net::parseAllowList(*content.allowList, &problems);
            if (!list.ok())
                return Error(ErrorCode::InvalidArgument, "the bundle's allow-list: " + list.error().context());
            return checkAgainstSettings(list.value(), device);
        };
        auto applied = opened.value().vault->applyFleetBundle(nullptr, file.value(), precheck);
        if (!applied.ok())
            return reportError("bundle apply (nothing of it was applied)", applied.error());
        report = std::move(applied).value();
    }
    std::printf("applied fleet bundle serial %llu: %zu departments, %zu retention rules, %zu cards enrolled (%zu "
                "already enrolled)%s\n",
                static_cast<unsigned long long>(report->serial), report->departments, report->retentionRules,
                report->cardsEnrolled, report->cardsAlreadyEnrolled, report->allowList ? ", allow-list" : "");
    std::fflush(stdout);
    if (report->allowList)
        return installAllowList(device, *report->allowList, *options);
    return kExitOk;
}

} // namespace

int commandAllowList(int argc, char** argv)
{
    const std::string sub = argc > 2 ? argv[2] : "";
    if (sub == "check")
        return allowListCheck(argc, argv);
    if (sub == "set")
        return allowListSet(argc, argv);
    const bool help = sub == "--help" || sub == "-h" || sub == "help";
    std::fputs("usage: mamori-provision allowlist check FILE\n"
               "       mamori-provision allowlist set FILE [options]     (allowlist set --help)\n",
               help ? stdout : stderr);
    return help ? kExitOk : kExitUsage;
}

int commandBundle(int argc, char** argv)
{
    const std::string sub = argc > 2 ? argv[2] : "";
    if (sub == "keygen")
        return bundleKeygen(argc, argv);
    if (sub == "create")
        return bundleCreate(argc, argv);
    if (sub == "sign")
        return bundleSign(argc, argv);
    if (sub == "show")
        return bundleShow(argc, argv);
    if (sub == "apply")
        return bundleApply(argc, argv);
    const bool help = sub == "--help" || sub == "-h" || sub == "help";
    std::fputs("usage: mamori-provision bundle keygen --out FILE             (on IT's workstation)\n"
               "       mamori-provision bundle create SPEC --out FILE\n"
               "       mamori-provision bundle sign FILE --key SECRET [--out FILE]\n"
               "       mamori-provision bundle show FILE [--org-key PUBLIC]\n"
               "       mamori-provision bundle apply FILE [options]          (on the device)\n"
               "Each has --help. Format: services/vault/FLEET_BUNDLE_FORMAT.md\n",
               help ? stdout : stderr);
    return help ? kExitOk : kExitUsage;
}

} // namespace mamori::provision

// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-provision init, wipe and status, and what every device-side command shares (commands.h).

#include "provisioning/provision/commands.h"
#include "provisioning/provision/device_identity.h"
#include "provisioning/provision/device_init.h"
#include "provisioning/provision/key_files.h"
#include "provisioning/provision/org_key_file.h"
#include "provisioning/provision/pin_input.h"
#include "provisioning/provision/provision_card.h"
#include "provisioning/provision/run_command.h"
#include "provisioning/provision/vault_client.h"
#include "provisioning/provision/wireguard_key.h"
#include "services/common/file_io.h"
#include "services/tpm/key_wipe.h"
#include "services/tpm/tpm_error.h"
#include "services/vault/vault_inspect.h"

#include <charconv>
#include <cstdio>
#include <unistd.h>

namespace mamori::provision {
namespace {

constexpr const char* kDefaultPkcs11Module = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";

bool isDeviceIdText(std::string_view id)
{
    return !id.empty() && id.size() <= 64 && id != vault::kFleetTargetAny &&
           std::all_of(id.begin(), id.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

std::optional<ParsedOptions> parseOrHelp(int argc, char** argv, int first, const std::vector<OptionSpec>& specs,
                                         const std::string& command, const char* usage, int& exitCode)
{
    for (int i = first; i < argc; ++i)
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::fputs(usage, stdout);
            std::fputs("\nOptions:\n", stdout);
            printOptions(stdout, specs);
            exitCode = kExitOk;
            return std::nullopt;
        }
    auto parsed = parseOptions(argc, argv, first, specs, command);
    if (!parsed)
        exitCode = kExitUsage;
    return parsed;
}

Result<int> pinFd(const ParsedOptions& options)
{
    if (!options.has("--pin-fd"))
        return -1;
    const std::string text = options.value("--pin-fd");
    int fd = -1;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), fd);
    if (ec != std::errc() || end != text.data() + text.size() || fd < 0)
        return Error(ErrorCode::InvalidArgument, "--pin-fd takes a descriptor number");
    return fd;
}

std::string yesNo(bool value) { return value ? "yes" : "no"; }

} // namespace

std::vector<OptionSpec> deviceOptions()
{
    return {
        {"--state-dir", "DIR", "the vault's state directory (default /var/lib/mamori)"},
        {"--config-dir", "DIR", "configuration directory (default /etc/mamori)"},
        {"--identity", "FILE", "the device identity file (default CONFIG/device-identity.toml)"},
        {"--tcti", "TCTI", "the TPM (default device:/dev/tpmrm0)"},
        {"--bus", "BUS", "where mamori-vaultd is: system, session or a bus address (default system)"},
    };
}

std::vector<OptionSpec> cardOptions()
{
    return {
        {"--pkcs11-module", "PATH",
         std::string("the card reader's PKCS#11 module (default ") + kDefaultPkcs11Module + ")"},
        {"--pin-fd", "N", "read PINs from descriptor N, one per line, in the order asked (default: prompt, no echo)"},
    };
}

std::vector<OptionSpec> netguardOptions()
{
    return {
        {"--netguard", "PATH", "the mamori-netguard program (default /usr/lib/mamori/mamori-netguard)"},
        {"--render-only", "DIR", "only render the tunnel, firewall and resolver files into DIR (touches no network)"},
    };
}

DeviceContext deviceContext(const ParsedOptions& options)
{
    DeviceContext device;
    device.paths.stateDir = options.value("--state-dir", "/var/lib/mamori");
    device.paths.configDir = options.value("--config-dir", "/etc/mamori");
    device.paths.identity = options.value("--identity");
    device.paths.wireguardKey = options.value("--wireguard-key");
    device.tpm.tcti = options.value("--tcti", "device:/dev/tpmrm0");
    device.tpm.stateDirectory = device.paths.stateDir;
    device.bus = options.value("--bus", "system");
    return device;
}

Status checkNoDaemon(const DeviceContext& device)
{
    const auto pids = findVaultDaemons(device.paths.stateDir);
    if (!pids.empty())
        return Error(ErrorCode::PermissionDenied, "mamori-vaultd (pid " + std::to_string(pids.front()) +
                                                      ") serves this vault; stop it first (systemctl stop "
                                                      "mamori-vaultd)");
    if (vaultdOnBus(device.bus))
        return Error(ErrorCode::PermissionDenied,
                     "org.mamori.Vault1 is on the " + device.bus + " bus; stop mamori-vaultd first");
    return okStatus();
}

Result<std::string> deviceIdFor(const ParsedOptions& options, const DeviceContext& device)
{
    if (options.has("--device-id")) {
        const std::string id = options.value("--device-id");
        if (!isDeviceIdText(id))
            return Error(ErrorCode::InvalidArgument, "a device id is 1-64 printable ASCII characters, not 'any'");
        return id;
    }
    auto identity = loadDeviceIdentity(device.paths.identityFile());
    if (!identity.ok())
        return Error(identity.code(), "the device identity (" + device.paths.identityFile().string() +
                                          "): " + identity.error().context() + " — is the device provisioned?");
    return identity.value().deviceId;
}

StateOwnershipGuard::~StateOwnershipGuard()
{
    std::error_code ec;
    if (std::filesystem::is_directory(stateDir, ec))
        (void)matchOwnership(stateDir);
}

Result<vault::TpmVault> openLocalVault(const DeviceContext& device, const std::string& deviceId, vault::Clock& clock)
{
    MAMORI_TRY(checkNoDaemon(device));
    vault::VaultOptions options;
    options.path = device.paths.vaultFile().string();
    options.deviceId = deviceId;
    return vault::openVaultOnTpm(device.tpm, options, clock);
}

std::string netguardProgram(const ParsedOptions& options)
{
    return options.value("--netguard", "/usr/lib/mamori/mamori-netguard");
}

int installAllowList(const DeviceContext& device, const std::string& toml, const ParsedOptions& options)
{
    const auto target = device.paths.allowListFile();
    const Status written =
        writePublicFile(target, std::span(reinterpret_cast<const std::uint8_t*>(toml.data()), toml.size()));
    if (!written.ok())
        return reportError("writing " + target.string(), written.error());
    note("allow-list installed at " + target.string());
    std::vector<std::string> argv{netguardProgram(options)};
    if (options.has("--render-only")) {
        if (const Status made = ensureSafeDirectory(options.value("--render-only")); !made.ok())
            return reportError("--render-only", made.error());
    }
    if (options.has("--render-only"))
        argv.insert(argv.end(),
                    {"render", "--allowlist", target.string(), "--settings",
                     device.paths.netguardSettingsFile().string(), "--out", options.value("--render-only")});
    else
        argv.insert(argv.end(), {"apply", "--allowlist", target.string(), "--settings",
                                 device.paths.netguardSettingsFile().string()});
    auto ran = runCommand(argv);
    if (!ran.ok())
        return reportError("running mamori-netguard", ran.error());
    std::fputs(ran.value().output.c_str(), stderr);
    if (ran.value().exitCode != 0) {
        std::fprintf(stderr,
                     "mamori-provision: mamori-netguard %s failed (exit %d): the allow-list is recorded and "
                     "installed, but not in force%s. Fix the cause and run it again.\n",
                     argv[1].c_str(), ran.value().exitCode,
                     options.has("--render-only") ? "" : "; netguard keeps its drop-all ruleset");
        return kExitFailed;
    }
    note(options.has("--render-only") ? "rendered into " + options.value("--render-only") + " (nothing applied)"
                                      : "applied by mamori-netguard");
    return kExitOk;
}

// ---- init ----------------------------------------------------------------------------------------

int commandInit(int argc, char** argv)
{
    static const char* kUsage =
        "usage: mamori-provision init --device-id ID --org-key FILE --admin-card CARD --officer-card CARD [options]\n"
        "\n"
        "Provisions this device, once: takes the TPM storage key, seals a new master key and device signing key\n"
        "to PCR 7 and the Mamori PCR, defines the NV counter, creates the vault, pins the organisation's public\n"
        "key (fleet bundles must be signed with it), enrols the first administrator and officer from their\n"
        "inserted cards (each card's PIN proves possession: it signs a challenge verified against the\n"
        "certificate read from it), generates the WireGuard key pair (private key 0600 where netguard reads it),\n"
        "writes the device identity file, and prints the recovery key, once, on stdout.\n"
        "A device already provisioned is refused unless --wipe is given: then the earlier provisioning is wiped\n"
        "first, for real. mamori-vaultd must not be running. PINs are asked administrator first, then officer.\n"
        "CARD is a token label, or slot:N.\n";
    std::vector<OptionSpec> specs{
        {"--device-id", "ID", "this device's id (1-64 printable ASCII): mamori-vaultd --device-id must match"},
        {"--org-key", "FILE", "the organisation's public key (mamori-provision bundle keygen wrote it)"},
        {"--admin-card", "CARD", "the first administrator's card"},
        {"--officer-card", "CARD", "the first officer's card"},
        {"--admin-name", "NAME", "the administrator's display name (default: the certificate's common name)"},
        {"--officer-name", "NAME", "the officer's display name (default: the certificate's common name)"},
        {"--wireguard-key", "FILE",
         "where the WireGuard private key goes (default: netguard.toml's, else "
         "CONFIG/wireguard/device.key)"},
        {"--vault-user", "USER", "hand the state directory to USER (default mamori-vault; '' keeps root's)"},
        {"--wipe", "", "wipe an earlier provisioning first"},
    };
    for (auto& spec : deviceOptions())
        specs.push_back(spec);
    for (auto& spec : cardOptions())
        specs.push_back(spec);
    int exitCode = kExitOk;
    const auto options = parseOrHelp(argc, argv, 2, specs, "init", kUsage, exitCode);
    if (!options)
        return exitCode;
    for (const char* required : {"--device-id", "--org-key", "--admin-card", "--officer-card"})
        if (!options->has(required)) {
            std::fprintf(stderr, "mamori-provision init: %s is required (see --help)\n", required);
            return kExitUsage;
        }
    const std::string deviceId = options->value("--device-id");
    if (!isDeviceIdText(deviceId)) {
        std::fputs("mamori-provision init: a device id is 1-64 printable ASCII characters, not 'any'\n", stderr);
        return kExitUsage;
    }
    const DeviceContext device = deviceContext(*options);
    warnLooseUmask();

    if (const Status quiet = checkNoDaemon(device); !quiet.ok())
        return reportError("init", quiet.error());
    auto traces = lookForProvisioning(device.tpm, device.paths);
    if (!traces.ok())
        return reportError("looking at the TPM", traces.error());
    if (traces.value().any()) {
        if (!options->has("--wipe")) {
            std::fputs("mamori-provision: this device is provisioned already:\n", stderr);
            if (traces.value().counterPresent)
                std::fprintf(stderr, "  NV counter %s in the TPM\n", tpm::hex32(device.tpm.counterIndex).c_str());
            for (const auto& file : traces.value().files)
                std::fprintf(stderr, "  %s\n", file.c_str());
            std::fputs("mamori-provision: refusing to provision twice; run with --wipe to wipe it for real first\n",
                       stderr);
            return kExitRefused;
        }
        auto wiped = wipeDevice(device.tpm, device.paths);
        if (!wiped.ok())
            return reportError("wiping the earlier provisioning", wiped.error());
        note("wiped the earlier provisioning: " + std::to_string(wiped.value().removed.size()) + " files removed" +
             (wiped.value().tpm.undefinedCounter ? ", NV counter undefined" : "") +
             (wiped.value().tpm.evictedStorageKey ? ", storage key evicted" : ""));
    }

    auto organisationKey = loadOrganisationPublicKey(options->value("--org-key"));
    if (!organisationKey.ok())
        return reportError("the organisation key", organisationKey.error());

    // The cards, before anything is written: a wrong PIN or a wrong card leaves the device untouched.
    auto pinDescriptor = pinFd(*options);
    if (!pinDescriptor.ok())
        return reportError("init", pinDescriptor.error());
    PinSource pins(pinDescriptor.value());
    auto module = smartcard::Pkcs11Module::load(options->value("--pkcs11-module", kDefaultPkcs11Module));
    if (!module.ok())
        return reportError("loading the PKCS#11 module", module.error());
    struct Person {
        const char* who;
        const char* cardOption;
        const char* nameOption;
        vault::Role role;
        std::unique_ptr<ProvisionCard> card;
    };
    Person people[] = {{"administrator", "--admin-card", "--admin-name", vault::Role::Admin, nullptr},
                       {"officer", "--officer-card", "--officer-name", vault::Role::Officer, nullptr}};
    InitPlan plan;
    plan.tpm = device.tpm;
    plan.paths = device.paths;
    plan.deviceId = deviceId;
    plan.organisationKey = organisationKey.value();
    plan.vaultUser = options->has("--vault-user") ? options->value("--vault-user") : "mamori-vault";
    for (Person& person : people) {
        auto selector = CardSelector::parse(options->value(person.cardOption));
        if (!selector.ok())
            return reportError(person.cardOption, selector.error());
        auto card = ProvisionCard::open(module.value(), selector.value());
        if (!card.ok())
            return reportError(std::string("the ") + person.who + "'s card", card.error());
        person.card = std::move(card).value();
        if (person.role == vault::Role::Officer && person.card->cardId() == people[0].card->cardId())
            return reportError("init", Error(ErrorCode::PermissionDenied,
                                             "the administrator and the officer must hold two different cards"));
        const Status proven =
            person.card->provePossession(pins, person.who, deviceId, std::string(vault::roleName(person.role)));
        if (!proven.ok())
            return reportError(std::string("the ") + person.who + "'s card", proven.error());
        FirstUser user;
        user.role = person.role;
        user.displayName = options->value(person.nameOption, person.card->commonName());
        if (user.displayName.empty())
            user.displayName = person.role == vault::Role::Admin ? "Administrator" : "Officer";
        user.certificateDer = person.card->certificate().der;
        plan.users.push_back(std::move(user));
        note(std::string("the ") + person.who + "'s card proved possession (" + person.card->description() + ")");
    }

    vault::SystemClock clock;
    note("provisioning the TPM and creating the vault (the recovery file's key derivation takes a few seconds)");
    auto outcome = initDevice(plan, clock);
    if (!outcome.ok())
        return reportError("init (nothing of it was kept)", outcome.error());
    for (const std::string& text : outcome.value().notes)
        note(text);

    const DeviceIdentity& identity = outcome.value().identity;
    std::printf("device %s provisioned\n", identity.deviceId.c_str());
    std::printf("  TPM storage key %s (%s), NV counter %s at %llu\n", tpm::hex32(identity.storageKeyHandle).c_str(),
                outcome.value().createdStorageKey ? "created" : "taken as it was",
                tpm::hex32(identity.counterIndex).c_str(),
                static_cast<unsigned long long>(outcome.value().counterValue));
    std::printf("  vault %s\n", device.paths.vaultFile().c_str());
    std::printf("  organisation key %s pinned\n", vault::organisationKeyFingerprint(identity.organisationKey).c_str());
    for (std::size_t i = 0; i < plan.users.size(); ++i)
        std::printf("  %s enrolled: %s, card %s\n", people[i].who, plan.users[i].displayName.c_str(),
                    people[i].card->cardId().c_str());
    std::printf("  WireGuard private key %s (0600), public key %s\n", outcome.value().wireguardKeyFile.c_str(),
                identity.wireguardPublicKey.base64().c_str());
    std::printf("  identity %s\n", device.paths.identityFile().c_str());
    std::printf("  start the vault with: mamori-vaultd --state-dir %s (it takes the device id %s from the vault)\n",
                device.paths.stateDir.c_str(), identity.deviceId.c_str());
    std::printf(
        "\nRecovery key (回復キー) — shown only now, stored nowhere. Write it on paper for the officer's safe;\n"
        "with %s/tpm/recovery.wrapped it brings the keys back onto a new TPM:\n\n    ",
        device.paths.stateDir.c_str());
    const SecretBuffer& recovery = outcome.value().recoveryKeyText;
    std::fwrite(recovery.data(), 1, recovery.size(), stdout);
    std::fputs("\n\n", stdout);
    std::fflush(stdout);
    return kExitOk;
}

// ---- wipe ----------------------------------------------------------------------------------------

int commandWipe(int argc, char** argv)
{
    static const char* kUsage =
        "usage: mamori-provision wipe --yes [options]\n"
        "\n"
        "Removes a provisioning for real: undefines the NV counter and evicts the storage key from the TPM,\n"
        "then overwrites and deletes the vault, its sealed keys and recovery file, the outbox, the WireGuard\n"
        "private key and the identity file. Every number and key on the device is gone afterwards; only a\n"
        "backup with its recovery key could bring the data back. mamori-vaultd must not be running.\n";
    std::vector<OptionSpec> specs{{"--yes", "", "confirm: this cannot be undone"},
                                  {"--wireguard-key", "FILE", "the WireGuard private key file (default as init)"}};
    for (auto& spec : deviceOptions())
        specs.push_back(spec);
    int exitCode = kExitOk;
    const auto options = parseOrHelp(argc, argv, 2, specs, "wipe", kUsage, exitCode);
    if (!options)
        return exitCode;
    if (!options->has("--yes")) {
        std::fputs("mamori-provision wipe: this destroys the vault and its keys; give --yes to confirm\n", stderr);
        return kExitUsage;
    }
    const DeviceContext device = deviceContext(*options);
    if (const Status quiet = checkNoDaemon(device); !quiet.ok())
        return reportError("wipe", quiet.error());
    auto wiped = wipeDevice(device.tpm, device.paths);
    if (!wiped.ok())
        return reportError("wipe", wiped.error());
    std::printf("NV counter %s: %s\n", tpm::hex32(device.tpm.counterIndex).c_str(),
                wiped.value().tpm.undefinedCounter ? "undefined" : "was not there");
    std::printf("storage key %s: %s\n", tpm::hex32(device.tpm.storageKeyHandle).c_str(),
                wiped.value().tpm.evictedStorageKey ? "evicted" : "was not there");
    for (const auto& file : wiped.value().removed)
        std::printf("removed %s\n", file.c_str());
    return kExitOk;
}

// ---- status --------------------------------------------------------------------------------------

int commandStatus(int argc, char** argv)
{
    static const char* kUsage =
        "usage: mamori-provision status [options]\n"
        "\n"
        "Reports the TPM (reachable, storage key and NV counter present, counter value), the keys (sealed\n"
        "blobs, recovery file, WireGuard key and its mode), the vault (audit head, newest checkpoint and the\n"
        "counter it records, organisation key, last fleet bundle, allow-list), the enrolled cards, the last\n"
        "backup (from the audit log), the network (mamori-netguard status) and whether mamori-vaultd runs.\n"
        "Reads the vault file read-only, without its keys; safe while mamori-vaultd runs, except that a TPM\n"
        "that serves one client at a time (swtpm) is busy then. Exit 0 healthy, 5 degraded.\n";
    std::vector<OptionSpec> specs{{"--no-network", "", "leave out mamori-netguard status"},
                                  {"--netguard", "PATH", "the mamori-netguard program"},
                                  {"--wireguard-key", "FILE", "the WireGuard private key file (default as init)"}};
    for (auto& spec : deviceOptions())
        specs.push_back(spec);
    int exitCode = kExitOk;
    const auto options = parseOrHelp(argc, argv, 2, specs, "status", kUsage, exitCode);
    if (!options)
        return exitCode;
    const DeviceContext device = deviceContext(*options);
    bool healthy = true;
    auto problem = [&](const std::string& text) {
        healthy = false;
        std::printf("  ! %s\n", text.c_str());
    };

    auto identity = loadDeviceIdentity(device.paths.identityFile());
    if (identity.ok())
        std::printf("device       %s (identity %s)\n", identity.value().deviceId.c_str(),
                    device.paths.identityFile().c_str());
    else
        problem("no device identity at " + device.paths.identityFile().string() + " (not provisioned?)");

    // TPM.
    std::optional<std::uint64_t> tpmCounter;
    if (auto context = tpm::TpmContext::connect(device.tpm.tcti); context.ok()) {
        auto inventory = tpm::inspectTpm(*context.value(), device.tpm.storageKeyHandle, device.tpm.counterIndex);
        if (inventory.ok()) {
            const auto& found = inventory.value();
            tpmCounter = found.counterValue;
            std::printf("tpm          reachable (%s); storage key %s %s; NV counter %s %s%s; lockout %s\n",
                        device.tpm.tcti.c_str(), tpm::hex32(device.tpm.storageKeyHandle).c_str(),
                        found.storageKeyPresent ? "present" : "ABSENT", tpm::hex32(device.tpm.counterIndex).c_str(),
                        found.counterPresent ? "present" : "ABSENT",
                        found.counterValue ? (", value " + std::to_string(*found.counterValue)).c_str() : "",
                        yesNo(found.inLockout).c_str());
            if (!found.storageKeyPresent || !found.counterPresent)
                problem("a persistent TPM object is missing");
            if (identity.ok() && found.storageKeyPresent && found.storageKeyName != identity.value().storageKeyName)
                problem("the storage key is not the one the identity file names (another TPM, or re-created)");
        } else {
            problem("TPM inventory: " + inventory.error().describe());
        }
    } else {
        problem("TPM unreachable: " + context.error().describe());
    }

    // Keys.
    std::printf("keys\n");
    for (const auto& [label, file] : std::vector<std::pair<std::string, std::filesystem::path>>{
             {"sealed master key", device.paths.stateDir / "tpm" / "master-key.sealed"},
             {"sealed signing seed", device.paths.stateDir / "tpm" / "signing-seed.sealed"},
             {"recovery file", device.paths.stateDir / "tpm" / "recovery.wrapped"}}) {
        auto mode = fileMode(file);
        if (mode.ok())
            std::printf("  %-20s %s (%04o)\n", label.c_str(), file.c_str(), static_cast<unsigned>(mode.value()));
        else
            problem(label + " missing: " + file.string());
    }
    if (auto keyFile = device.paths.wireguardKeyFile(); keyFile.ok()) {
        auto publicKey = readWireGuardPublicKey(keyFile.value());
        if (!publicKey.ok()) {
            problem("WireGuard key " + keyFile.value().string() + ": " + publicKey.error().context());
        } else {
            std::printf("  %-20s %s (0600), public %s\n", "WireGuard key", keyFile.value().c_str(),
                        publicKey.value().base64().c_str());
            if (identity.ok() && !(publicKey.value() == identity.value().wireguardPublicKey))
                problem("the WireGuard key is not the one the identity file names");
        }
    } else {
        problem("WireGuard key: " + keyFile.error().describe());
    }

    // The vault, read-only (SQLite may leave a -wal and -shm behind: they keep the vault's owner).
    auto inspected = vault::inspectVaultFile(device.paths.vaultFile().string());
    if (std::filesystem::is_directory(device.paths.stateDir))
        (void)matchOwnership(device.paths.stateDir);
    if (!inspected.ok()) {
        problem("vault " + device.paths.vaultFile().string() + ": " + inspected.error().describe());
    } else {
        const auto& v = inspected.value();
        std::printf("vault        %s: schema %u, audit head %llu (%s)\n", device.paths.vaultFile().c_str(),
                    v.schemaVersion, static_cast<unsigned long long>(v.auditHead),
                    v.auditHead ? isoTime(v.auditHeadMs).c_str() : "empty");
        if (v.checkpointSequence) {
            std::printf("  newest checkpoint at %llu, counter %llu (%s)\n",
                        static_cast<unsigned long long>(*v.checkpointSequence),
                        static_cast<unsigned long long>(v.checkpointCounter), isoTime(v.checkpointMs).c_str());
            if (tpmCounter && v.checkpointCounter < *tpmCounter)
                problem("the newest checkpoint's counter is behind the TPM's: the database looks rolled back");
        }
        if (v.fleet.organisationKey)
            std::printf("organisation %s pinned\n",
                        vault::organisationKeyFingerprint(*v.fleet.organisationKey).c_str());
        else
            problem("no organisation key pinned");
        if (v.fleet.lastSerial)
            std::printf("fleet bundle serial %llu applied %s\n", static_cast<unsigned long long>(v.fleet.lastSerial),
                        isoTime(v.fleet.lastAppliedMs).c_str());
        else
            std::printf("fleet bundle none applied\n");
        if (v.fleet.allowList) {
            auto installed = readWholeFile(device.paths.allowListFile(), 1 << 20);
            const bool same = installed.ok() && std::string(reinterpret_cast<const char*>(installed.value().data()),
                                                            installed.value().size()) == *v.fleet.allowList;
            std::printf("allow-list   recorded %s; %s %s\n", isoTime(v.fleet.allowListMs).c_str(),
                        device.paths.allowListFile().c_str(), same ? "matches it" : "DIFFERS");
            if (!same)
                problem("the installed allow-list is not the one the vault recorded");
        } else {
            std::printf("allow-list   none recorded in the vault\n");
        }
        std::size_t active = 0;
        for (const auto& card : v.cards)
            active += card.revoked ? 0 : 1;
        std::printf("cards        %zu active, %zu revoked\n", active, v.cards.size() - active);
        for (const auto& card : v.cards) {
            std::string roles, departments;
            for (const auto& role : card.roles)
                roles += (roles.empty() ? "" : ",") + role;
            for (const auto& department : card.departments)
                departments += (departments.empty() ? "" : ",") + department;
            std::printf("  %s user %lld %-8s %s%s%s enrolled %s%s\n", card.cardId.c_str(),
                        static_cast<long long>(card.userId), roles.c_str(), card.displayName.c_str(),
                        departments.empty() ? "" : " departments ", departments.c_str(),
                        isoTime(card.enrolledMs).c_str(), card.revoked ? " REVOKED" : "");
        }
        if (active == 0)
            problem("no active card: nobody can sign in");
        if (v.lastSuccessfulBackup)
            std::printf("last backup  %s (audit entry %llu)\n", isoTime(v.lastSuccessfulBackup->timeMs).c_str(),
                        static_cast<unsigned long long>(v.lastSuccessfulBackup->sequence));
        else
            std::printf("last backup  none\n");
        if (v.lastBackup && v.lastBackup->result != "ok")
            problem("the newest backup attempt (" + isoTime(v.lastBackup->timeMs) + ") " + v.lastBackup->result);
    }

    // The daemon and the network.
    const auto daemons = findVaultDaemons(device.paths.stateDir);
    std::printf("mamori-vaultd %s\n", daemons.empty()
                                          ? "not running on this vault"
                                          : ("running (pid " + std::to_string(daemons.front()) + ")").c_str());
    if (!options->has("--no-network")) {
        std::vector<std::string> netguard{netguardProgram(*options), "status"};
        if (std::filesystem::exists(device.paths.netguardSettingsFile()))
            netguard.insert(netguard.end(), {"--settings", device.paths.netguardSettingsFile().string()});
        auto ran = runCommand(netguard);
        if (!ran.ok()) {
            problem("network: " + ran.error().describe());
        } else {
            std::printf("network      mamori-netguard status: exit %d\n", ran.value().exitCode);
            std::string indented;
            for (char c : ran.value().output)
                indented += c == '\n' ? std::string("\n  ") : std::string(1, c);
            std::printf("  %s\n", indented.c_str());
            if (ran.value().exitCode != 0)
                problem("the network is not as applied");
        }
    }
    std::printf("%s\n", healthy ? "healthy" : "DEGRADED");
    return healthy ? kExitOk : kExitDegraded;
}

} // namespace mamori::provision

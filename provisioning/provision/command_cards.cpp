// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-provision enroll-card, revoke-card and list-cards: over D-Bus to the running mamori-vaultd,
// signed in with an enrolled administrator's card (vault_client.h). The vault authorises every call.

#include "provisioning/provision/bundle_spec.h"
#include "provisioning/provision/commands.h"
#include "provisioning/provision/device_identity.h"
#include "provisioning/provision/pin_input.h"
#include "provisioning/provision/provision_card.h"
#include "provisioning/provision/vault_client.h"
#include "services/vault/policy.h"

#include <charconv>
#include <cstdio>
#include <cstring>

namespace mamori::provision {
namespace {

constexpr const char* kDefaultPkcs11Module = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";

std::optional<ParsedOptions> parseCardCommand(int argc, char** argv, std::vector<OptionSpec> specs,
                                              const std::string& command, const char* usage, int& exitCode)
{
    specs.push_back({"--admin-card", "CARD", "the administrator's card that signs in (token label or slot:N)"});
    for (auto& spec : cardOptions())
        specs.push_back(spec);
    specs.push_back({"--bus", "BUS", "where mamori-vaultd is: system, session or a bus address (default system)"});
    for (int i = 2; i < argc; ++i)
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::fputs(usage, stdout);
            std::fputs("\nOptions:\n", stdout);
            printOptions(stdout, specs);
            exitCode = kExitOk;
            return std::nullopt;
        }
    auto parsed = parseOptions(argc, argv, 2, specs, command);
    if (!parsed) {
        exitCode = kExitUsage;
        return std::nullopt;
    }
    if (!parsed->has("--admin-card")) {
        std::fprintf(stderr, "mamori-provision %s: --admin-card is required (see --help)\n", command.c_str());
        exitCode = kExitUsage;
        return std::nullopt;
    }
    return parsed;
}

// The module, the administrator's card and a signed-in client.
struct Session {
    std::shared_ptr<smartcard::Pkcs11Module> module;
    std::unique_ptr<ProvisionCard> admin;
    std::unique_ptr<VaultClient> client;
    PinSource pins;
};

Result<Session> signIn(const ParsedOptions& options)
{
    Session session;
    if (options.has("--pin-fd")) {
        const std::string text = options.value("--pin-fd");
        int fd = -1;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), fd);
        if (ec != std::errc() || end != text.data() + text.size() || fd < 0)
            return Error(ErrorCode::InvalidArgument, "--pin-fd takes a descriptor number");
        session.pins = PinSource(fd);
    }
    MAMORI_ASSIGN_OR_RETURN(session.module,
                            smartcard::Pkcs11Module::load(options.value("--pkcs11-module", kDefaultPkcs11Module)));
    MAMORI_ASSIGN_OR_RETURN(const CardSelector selector, CardSelector::parse(options.value("--admin-card")));
    MAMORI_ASSIGN_OR_RETURN(session.admin, ProvisionCard::open(session.module, selector));
    MAMORI_ASSIGN_OR_RETURN(session.client, VaultClient::connect(options.value("--bus", "system")));
    MAMORI_ASSIGN_OR_RETURN(const auto roles, session.client->login(*session.admin, session.pins, "administrator"));
    std::string joined;
    for (const auto& role : roles)
        joined += (joined.empty() ? "" : ",") + role;
    note("signed in to mamori-vaultd with " + session.admin->description() + " (roles " + joined + ")");
    return session;
}

} // namespace

int commandEnrollCard(int argc, char** argv)
{
    static const char* kUsage =
        "usage: mamori-provision enroll-card --admin-card CARD (--card CARD | --certificate FILE) --role ROLE\n"
        "                                    [--department CODE]... [--name NAME] [options]\n"
        "\n"
        "Enrols a card for a new user over D-Bus. An enrolled administrator's card signs in to mamori-vaultd\n"
        "(its PIN is asked first); the vault refuses anyone else, and audits it. With --card the new card is\n"
        "inserted too: its certificate is read from it and its PIN proves possession (asked second). With\n"
        "--certificate only the certificate is given (DER or PEM): possession is then not proven here.\n";
    std::vector<OptionSpec> specs{
        {"--card", "CARD", "the card to enrol, inserted (token label or slot:N)"},
        {"--certificate", "FILE", "the card's certificate, when the card is not at hand"},
        {"--role", "ROLE", "clerk, officer, admin or provisioner (comma-separated allowed)", true},
        {"--department", "CODE", "a department of the user's scope (comma-separated allowed)", true},
        {"--name", "NAME", "the user's display name (default: the certificate's common name)"},
    };
    int exitCode = kExitOk;
    const auto options = parseCardCommand(argc, argv, specs, "enroll-card", kUsage, exitCode);
    if (!options)
        return exitCode;
    if (options->has("--card") == options->has("--certificate")) {
        std::fputs("mamori-provision enroll-card: give --card or --certificate (one of them)\n", stderr);
        return kExitUsage;
    }
    const std::vector<std::string> roles = options->list("--role");
    if (roles.empty()) {
        std::fputs("mamori-provision enroll-card: --role is required\n", stderr);
        return kExitUsage;
    }
    for (const auto& role : roles)
        if (!vault::roleFromName(role)) {
            std::fprintf(stderr, "mamori-provision enroll-card: unknown role '%s'\n", role.c_str());
            return kExitUsage;
        }

    auto session = signIn(*options);
    if (!session.ok())
        return reportError("signing in", session.error());
    Session& s = session.value();

    std::vector<std::uint8_t> certificate;
    std::string name = options->value("--name");
    if (options->has("--card")) {
        auto selector = CardSelector::parse(options->value("--card"));
        if (!selector.ok())
            return reportError("--card", selector.error());
        auto card = ProvisionCard::open(s.module, selector.value());
        if (!card.ok())
            return reportError("the card to enrol", card.error());
        if (card.value()->cardId() == s.admin->cardId())
            return reportError("enroll-card",
                               Error(ErrorCode::InvalidArgument, "that is the administrator's own card"));
        auto deviceId = s.client->deviceId();
        if (!deviceId.ok())
            return reportError("enroll-card", deviceId.error());
        std::string joined;
        for (const auto& role : roles)
            joined += (joined.empty() ? "" : ",") + role;
        const Status proven = card.value()->provePossession(s.pins, "new card's holder", deviceId.value(), joined);
        if (!proven.ok())
            return reportError("the card to enrol", proven.error());
        certificate = card.value()->certificate().der;
        if (name.empty())
            name = card.value()->commonName();
    } else {
        auto loaded = loadCertificateFile(options->value("--certificate"));
        if (!loaded.ok())
            return reportError("the certificate", loaded.error());
        certificate = std::move(loaded).value();
        warning("enrolling from a certificate file: possession of the card was not proven here");
        if (name.empty()) {
            std::fputs("mamori-provision enroll-card: --name is required with --certificate\n", stderr);
            return kExitUsage;
        }
    }
    if (name.empty())
        name = "Card holder";
    auto userId = s.client->createUser(name, roles, options->list("--department"));
    if (!userId.ok())
        return reportError("CreateUser", userId.error());
    const Status enrolled = s.client->enrolCard(userId.value(), certificate);
    if (!enrolled.ok())
        return reportError("EnrolCard", enrolled.error());
    (void)s.client->logout();
    std::printf("enrolled user %lld (%s)\n", static_cast<long long>(userId.value()), name.c_str());
    return kExitOk;
}

int commandRevokeCard(int argc, char** argv)
{
    static const char* kUsage =
        "usage: mamori-provision revoke-card --admin-card CARD (--card-id HEX | --card CARD) [options]\n"
        "\n"
        "Revokes a card over D-Bus, signed in with an enrolled administrator's card. The vault ends the\n"
        "card's live sessions at once and audits the revocation. A revoked card is never enrolled again.\n";
    std::vector<OptionSpec> specs{
        {"--card-id", "HEX", "the card id (64 hex digits, as list-cards shows it)"},
        {"--card", "CARD", "the card itself, inserted (its id is read from its certificate)"},
    };
    int exitCode = kExitOk;
    const auto options = parseCardCommand(argc, argv, specs, "revoke-card", kUsage, exitCode);
    if (!options)
        return exitCode;
    if (options->has("--card") == options->has("--card-id")) {
        std::fputs("mamori-provision revoke-card: give --card-id or --card (one of them)\n", stderr);
        return kExitUsage;
    }
    auto session = signIn(*options);
    if (!session.ok())
        return reportError("signing in", session.error());
    Session& s = session.value();
    std::string cardId = options->value("--card-id");
    if (options->has("--card")) {
        auto selector = CardSelector::parse(options->value("--card"));
        if (!selector.ok())
            return reportError("--card", selector.error());
        auto card = ProvisionCard::open(s.module, selector.value());
        if (!card.ok())
            return reportError("the card to revoke", card.error());
        cardId = card.value()->cardId();
    }
    const Status revoked = s.client->revokeCard(cardId);
    if (!revoked.ok())
        return reportError("RevokeCard", revoked.error());
    (void)s.client->logout();
    std::printf("revoked card %s\n", cardId.c_str());
    return kExitOk;
}

int commandListCards(int argc, char** argv)
{
    static const char* kUsage = "usage: mamori-provision list-cards --admin-card CARD [options]\n"
                                "\n"
                                "Lists every enrolled card, active and revoked, with its user, roles and departments\n"
                                "(ListCards over D-Bus, signed in with an administrator's card; audited).\n";
    int exitCode = kExitOk;
    const auto options = parseCardCommand(argc, argv, {}, "list-cards", kUsage, exitCode);
    if (!options)
        return exitCode;
    auto session = signIn(*options);
    if (!session.ok())
        return reportError("signing in", session.error());
    auto cards = session.value().client->listCards();
    if (!cards.ok())
        return reportError("ListCards", cards.error());
    (void)session.value().client->logout();
    std::printf("%-64s  %6s  %-8s  %-20s  %-10s  %-20s  %s\n", "CARD ID", "USER", "STATE", "ROLES", "DEPTS", "ENROLLED",
                "NAME");
    for (const CardListing& card : cards.value()) {
        std::string roles, departments;
        for (const auto& role : card.roles)
            roles += (roles.empty() ? "" : ",") + role;
        for (const auto& department : card.departments)
            departments += (departments.empty() ? "" : ",") + department;
        std::printf("%-64s  %6lld  %-8s  %-20s  %-10s  %-20s  %s\n", card.cardId.c_str(),
                    static_cast<long long>(card.userId), card.revoked ? "revoked" : "active", roles.c_str(),
                    departments.empty() ? "-" : departments.c_str(), isoTime(card.enrolledMs).c_str(),
                    card.displayName.c_str());
    }
    return kExitOk;
}

} // namespace mamori::provision

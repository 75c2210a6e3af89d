// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-provision: run by IT on the device, as root (README.md here). A table of commands, like
// wireguard-tools'; each has --help. This file only dispatches: the commands are in command_*.cpp,
// the work below them in the Qt-free library of this folder and in services/.
//
//   mamori-provision init | wipe | enroll-card | revoke-card | list-cards | allowlist | bundle | status
//
// Exit codes (cli.h): 0 ok, 1 failed, 2 usage, 3 invalid input, 4 refused, 5 degraded (status).

#include "provisioning/provision/commands.h"
#include "provisioning/provision/key_files.h"
#include "services/common/process_hardening.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstring>

using namespace mamori;
using namespace mamori::provision;

namespace {

struct Command {
    const char* name;
    int (*run)(int, char**);
    const char* summary;
};

const Command kCommands[] = {
    {"init", commandInit,
     "provision this device: TPM keys, NV counter, vault, organisation key, WireGuard key, first administrator "
     "and officer; prints the recovery key once"},
    {"wipe", commandWipe, "remove a provisioning for real: TPM objects, NV counter, vault, keys, identity"},
    {"enroll-card", commandEnrollCard, "enrol a card for a user (an administrator's card signs in)"},
    {"revoke-card", commandRevokeCard, "revoke a card; its live sessions end (an administrator's card signs in)"},
    {"list-cards", commandListCards, "list the enrolled cards (an administrator's card signs in)"},
    {"allowlist", commandAllowList, "check or set the egress allow-list (applied through mamori-netguard)"},
    {"bundle", commandBundle, "fleet bundles: keygen, create, sign, show, apply"},
    {"status", commandStatus, "TPM, keys, counter, network, enrolled cards, last backup"},
};

void usage(std::FILE* to)
{
    std::fputs("usage: mamori-provision <command> [options]     (mamori-provision <command> --help)\n\n", to);
    for (const Command& command : kCommands)
        std::fprintf(to, "  %-12s %s\n", command.name, command.summary);
    std::fputs("\nExit codes: 0 ok, 1 failed, 2 usage, 3 invalid input, 4 refused, 5 degraded (status).\n", to);
}

} // namespace

int main(int argc, char** argv)
{
    // This process unseals keys and handles PINs: no core dumps, not dumpable.
    if (const Status hardened = hardenProcess(); !hardened.ok())
        return reportError("process hardening", hardened.error());
    setStartUmask(tightenUmask());
    if (argc < 2) {
        usage(stderr);
        return kExitUsage;
    }
    const std::string name = argv[1];
    if (name == "help" || name == "--help" || name == "-h") {
        usage(stdout);
        return kExitOk;
    }
    QCoreApplication app(argc, argv); // QtDBus needs one; nothing runs an event loop
    for (const Command& command : kCommands)
        if (name == command.name)
            return command.run(argc, argv);
    std::fprintf(stderr, "mamori-provision: unknown command '%s'\n\n", name.c_str());
    usage(stderr);
    return kExitUsage;
}

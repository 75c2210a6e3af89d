// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The commands of mamori-provision (provision_main.cpp holds the table) and what they share: the
// device's paths and TPM settings from the common options, the check that no mamori-vaultd runs
// on the vault before the tool opens it itself, the vault opened in process, and installing an
// allow-list through mamori-netguard.
//
// Decision (README.md, "In process or over D-Bus"): commands that change the device's
// configuration with the organisation's or root's authority — init, wipe, bundle apply, allowlist
// set — open the vault in this process, with mamori-vaultd stopped (the vault is one SQLite
// connection, and its keys are unsealed by whoever opens it); they refuse while a daemon serves the
// same vault. Card commands, which need an administrator's card, go over D-Bus to the running daemon.

#include "provisioning/provision/cli.h"
#include "provisioning/provision/device_paths.h"
#include "services/tpm/key_store.h"
#include "services/vault/clock.h"
#include "services/vault/tpm_key_source.h"

#include <string>
#include <vector>

namespace mamori::provision {

struct DeviceContext {
    DevicePaths paths;
    tpm::TpmSettings tpm;
    std::string bus = "system";
};

std::vector<OptionSpec> deviceOptions();
std::vector<OptionSpec> cardOptions();
DeviceContext deviceContext(const ParsedOptions& options);

// PermissionDenied naming the pid when mamori-vaultd serves this vault (by /proc, or its name on the bus).
Status checkNoDaemon(const DeviceContext& device);
// --device-id, else the identity file's.
Result<std::string> deviceIdFor(const ParsedOptions& options, const DeviceContext& device);
// Declared before a vault opened in process, so that it runs after the vault has closed: the
// state directory's files keep the directory's owner (key_files.h, matchOwnership).
struct StateOwnershipGuard {
    std::filesystem::path stateDir;
    ~StateOwnershipGuard();
};
Result<vault::TpmVault> openLocalVault(const DeviceContext& device, const std::string& deviceId, vault::Clock& clock);

// Writes the allow-list to CONFIG/allowlist.toml (0644) and applies it with `mamori-netguard apply`
// (or, with --render-only DIR, only renders it there). Returns the exit code to use.
int installAllowList(const DeviceContext& device, const std::string& toml, const ParsedOptions& options);
std::vector<OptionSpec> netguardOptions();
std::string netguardProgram(const ParsedOptions& options);

int commandInit(int argc, char** argv);
int commandWipe(int argc, char** argv);
int commandStatus(int argc, char** argv);
int commandEnrollCard(int argc, char** argv);
int commandRevokeCard(int argc, char** argv);
int commandListCards(int argc, char** argv);
int commandAllowList(int argc, char** argv);
int commandBundle(int argc, char** argv);

} // namespace mamori::provision

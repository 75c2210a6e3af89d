// SPDX-License-Identifier: GPL-3.0-or-later
#include "provisioning/provision/device_init.h"

#include "provisioning/provision/key_files.h"
#include "provisioning/provision/wireguard_key.h"
#include "services/vault/audit_chain.h"
#include "services/vault/tpm_key_source.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

namespace mamori::provision {
namespace {

std::vector<std::filesystem::path> wipeFiles(const DevicePaths& paths)
{
    std::vector<std::filesystem::path> files = paths.stateFiles();
    files.push_back(paths.identityFile());
    if (auto key = paths.wireguardKeyFile(); key.ok()) {
        files.push_back(key.value());
        files.push_back(key.value().string() + ".tmp");
    }
    return files;
}

Result<std::vector<std::filesystem::path>> shredAll(const std::vector<std::filesystem::path>& files)
{
    std::vector<std::filesystem::path> removed;
    for (const auto& file : files) {
        MAMORI_ASSIGN_OR_RETURN(const bool existed, shredFile(file));
        if (existed)
            removed.push_back(file);
    }
    return removed;
}

void removeEmptyDirectories(const DevicePaths& paths)
{
    std::error_code ec;
    for (const auto& directory : {paths.stateDir / "tpm", paths.stateDir / "outbox"}) {
        if (!std::filesystem::is_directory(directory, ec))
            continue;
        // Deepest first: the outbox may have sub-directories.
        std::vector<std::filesystem::path> nested;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(directory, ec))
            if (entry.is_directory(ec))
                nested.push_back(entry.path());
        for (auto it = nested.rbegin(); it != nested.rend(); ++it)
            std::filesystem::remove(*it, ec);
        std::filesystem::remove(directory, ec);
    }
}

Status handToUser(const std::filesystem::path& stateDir, const std::string& user, std::vector<std::string>& notes)
{
    if (user.empty())
        return okStatus();
    const passwd* account = ::getpwnam(user.c_str());
    if (!account) {
        notes.push_back("no user '" + user +
                        "' on this system: the state directory stays root's (mamori-vaultd "
                        "must run as its owner)");
        return okStatus();
    }
    std::error_code ec;
    std::vector<std::filesystem::path> paths{stateDir};
    for (const auto& entry : std::filesystem::recursive_directory_iterator(stateDir, ec))
        paths.push_back(entry.path());
    for (const auto& path : paths)
        if (::lchown(path.c_str(), account->pw_uid, account->pw_gid) != 0)
            return Error(ErrorCode::StorageIo, "chown " + path.string() + " to " + user);
    return okStatus();
}

// Undoes a failed init: the counter it defined, the storage key if it created it, every file.
void rollBack(const InitPlan& plan, bool createdStorageKey)
{
    if (auto tpm = tpm::TpmContext::connect(plan.tpm.tcti); tpm.ok()) {
        auto& context = *tpm.value();
        if (auto counter = context.persistent(plan.tpm.counterIndex); counter.ok())
            (void)Esys_NV_UndefineSpace(context.esys(), ESYS_TR_RH_OWNER, counter.value(), ESYS_TR_PASSWORD,
                                        ESYS_TR_NONE, ESYS_TR_NONE);
        if (createdStorageKey)
            (void)tpm::wipeTpmObjects(context, plan.tpm.storageKeyHandle, plan.tpm.counterIndex);
    }
    (void)shredAll(wipeFiles(plan.paths));
    removeEmptyDirectories(plan.paths);
}

Result<InitOutcome> initSteps(const InitPlan& plan, vault::Clock& clock, bool& createdStorageKey)
{
    InitOutcome outcome;
    DeviceIdentity& identity = outcome.identity;
    identity.deviceId = plan.deviceId;
    identity.organisationKey = plan.organisationKey;
    identity.storageKeyHandle = plan.tpm.storageKeyHandle;
    identity.counterIndex = plan.tpm.counterIndex;
    identity.provisionedMs = clock.nowMs();
    MAMORI_TRY(ensureSafeDirectory(plan.paths.stateDir));
    // The vault's state directory is owner-only, as its unit makes it (StateDirectoryMode=0700).
    if (::chmod(plan.paths.stateDir.c_str(), 0700) != 0)
        return Error(ErrorCode::StorageIo, "chmod 0700 " + plan.paths.stateDir.string());

    // 1. The TPM. Its connection is closed before the vault opens its own (swtpm serves one client).
    {
        MAMORI_ASSIGN_OR_RETURN(auto store, tpm::KeyStore::connect(plan.tpm));
        MAMORI_ASSIGN_OR_RETURN(tpm::ProvisionReport report, store->provision(plan.recoveryKdf));
        createdStorageKey = report.createdStorageKey;
        outcome.createdStorageKey = report.createdStorageKey;
        outcome.counterValue = report.counterValue;
        outcome.recoveryKeyText = std::move(report.recoveryKeyText);
        MAMORI_ASSIGN_OR_RETURN(const tpm::TpmInventory inventory,
                                tpm::inspectTpm(store->context(), plan.tpm.storageKeyHandle, plan.tpm.counterIndex));
        identity.storageKeyName = inventory.storageKeyName;
        auto ek = tpm::endorsementKeyName(store->context());
        if (ek.ok())
            identity.endorsementKeyName = std::move(ek).value();
        else
            outcome.notes.push_back("the endorsement key's name is not in the identity file: " + ek.error().describe());
    }

    // 2. The vault.
    {
        vault::VaultOptions options;
        options.path = plan.paths.vaultFile().string();
        options.deviceId = plan.deviceId;
        options.create = true;
        MAMORI_ASSIGN_OR_RETURN(vault::TpmVault opened, vault::openVaultOnTpm(plan.tpm, options, clock));
        vault::Vault& vault = *opened.vault;
        MAMORI_TRY(vault.pinOrganisationKey(nullptr, plan.organisationKey));
        for (const FirstUser& user : plan.users) {
            vault::UserSpec spec;
            spec.displayName = user.displayName;
            spec.roles = {user.role};
            MAMORI_ASSIGN_OR_RETURN(const std::int64_t userId, vault.createUser(nullptr, spec));
            MAMORI_TRY(vault.enrolCard(nullptr, userId, user.certificateDer));
        }
        {
            MAMORI_ASSIGN_OR_RETURN(const SecretBuffer seed, opened.store->unsealSigningSeed());
            MAMORI_ASSIGN_OR_RETURN(identity.signingPublicKey, vault::devicePublicKey(seed));
        }
        MAMORI_TRY(vault.recordProvisioning(
            "device provisioned: storage key " + std::string(outcome.createdStorageKey ? "created" : "taken") +
            ", counter defined, organisation key pinned, " + std::to_string(plan.users.size()) + " cards enrolled"));
    }

    // 3. WireGuard.
    MAMORI_ASSIGN_OR_RETURN(outcome.wireguardKeyFile, plan.paths.wireguardKeyFile());
    {
        MAMORI_ASSIGN_OR_RETURN(WireGuardKeyPair wireguard, generateWireGuardKey());
        MAMORI_TRY(writeSecretFile(outcome.wireguardKeyFile, wireguard.privateKeyFile));
        identity.wireguardPublicKey = wireguard.publicKey;
    }

    // 4. The identity file.
    const std::string text = formatDeviceIdentity(identity);
    MAMORI_TRY(writePublicFile(plan.paths.identityFile(),
                               std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size())));

    // 5. The owner.
    MAMORI_TRY(handToUser(plan.paths.stateDir, plan.vaultUser, outcome.notes));
    return outcome;
}

} // namespace

Result<InitOutcome> initDevice(const InitPlan& plan, vault::Clock& clock)
{
    if (plan.users.size() < 2)
        return Error(ErrorCode::InvalidArgument, "init enrols the first administrator and officer");
    // Never roll back what this run did not make: a counter already there belongs to an earlier
    // provisioning (the caller wipes it first, or refuses).
    {
        MAMORI_ASSIGN_OR_RETURN(const ProvisioningTraces traces, lookForProvisioning(plan.tpm, plan.paths));
        if (traces.any())
            return Error(ErrorCode::AlreadyExists, "this device is provisioned already");
    }
    bool createdStorageKey = false;
    auto outcome = initSteps(plan, clock, createdStorageKey);
    if (!outcome.ok())
        rollBack(plan, createdStorageKey);
    return outcome;
}

Result<ProvisioningTraces> lookForProvisioning(const tpm::TpmSettings& tpm, const DevicePaths& paths)
{
    ProvisioningTraces traces;
    std::error_code ec;
    for (const auto& file : wipeFiles(paths))
        if (std::filesystem::exists(std::filesystem::symlink_status(file, ec)))
            traces.files.push_back(file);
    MAMORI_ASSIGN_OR_RETURN(auto context, tpm::TpmContext::connect(tpm.tcti));
    MAMORI_ASSIGN_OR_RETURN(const tpm::TpmInventory inventory,
                            tpm::inspectTpm(*context, tpm.storageKeyHandle, tpm.counterIndex));
    traces.counterPresent = inventory.counterPresent;
    traces.storageKeyPresent = inventory.storageKeyPresent;
    return traces;
}

Result<WipeOutcome> wipeDevice(const tpm::TpmSettings& tpm, const DevicePaths& paths)
{
    WipeOutcome outcome;
    {
        MAMORI_ASSIGN_OR_RETURN(auto context, tpm::TpmContext::connect(tpm.tcti));
        MAMORI_ASSIGN_OR_RETURN(outcome.tpm, tpm::wipeTpmObjects(*context, tpm.storageKeyHandle, tpm.counterIndex));
    }
    MAMORI_ASSIGN_OR_RETURN(outcome.removed, shredAll(wipeFiles(paths)));
    removeEmptyDirectories(paths);
    return outcome;
}

} // namespace mamori::provision

// SPDX-License-Identifier: GPL-3.0-or-later
#include "provisioning/provision/device_paths.h"

#include "services/common/file_io.h"
#include "services/net/netguard_settings.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

namespace mamori::provision {
namespace {

std::filesystem::path canonicalPath(const std::filesystem::path& path)
{
    std::error_code ec;
    auto result = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
    return ec ? path : result;
}

} // namespace

Result<std::filesystem::path> DevicePaths::wireguardKeyFile() const
{
    if (!wireguardKey.empty())
        return wireguardKey;
    std::error_code ec;
    if (std::filesystem::exists(netguardSettingsFile(), ec)) {
        auto settings = net::loadNetGuardSettings(netguardSettingsFile());
        if (!settings.ok())
            return Error(settings.code(), "netguard.toml: " + settings.error().context());
        return settings.value().privateKeyFile;
    }
    return configDir / "wireguard" / "device.key";
}

std::vector<std::filesystem::path> DevicePaths::stateFiles() const
{
    std::vector<std::filesystem::path> files;
    for (const char* name :
         {"vault.db", "vault.db-wal", "vault.db-shm", "vault.db.tmp", "incoming.backup", "incoming.backup.tmp"})
        files.push_back(stateDir / name);
    for (const char* name : {"master-key.sealed", "signing-seed.sealed", "recovery.wrapped"}) {
        files.push_back(stateDir / "tpm" / name);
        files.push_back(stateDir / "tpm" / (std::string(name) + ".tmp"));
    }
    std::error_code ec;
    if (std::filesystem::is_directory(stateDir / "outbox", ec))
        for (const auto& entry : std::filesystem::recursive_directory_iterator(stateDir / "outbox", ec))
            if (entry.is_regular_file(ec) || entry.is_symlink(ec))
                files.push_back(entry.path());
    return files;
}

std::vector<pid_t> findVaultDaemons(const std::filesystem::path& stateDir)
{
    std::vector<pid_t> found;
    const std::filesystem::path wanted = canonicalPath(stateDir);
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return std::isdigit(c) != 0; }))
            continue;
        std::ifstream in(entry.path() / "cmdline", std::ios::binary);
        const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::vector<std::string> argv;
        for (std::size_t start = 0; start < raw.size();) {
            const std::size_t end = raw.find('\0', start);
            argv.push_back(raw.substr(start, end == std::string::npos ? std::string::npos : end - start));
            if (end == std::string::npos)
                break;
            start = end + 1;
        }
        if (argv.empty() || std::filesystem::path(argv[0]).filename() != "mamori-vaultd")
            continue;
        std::filesystem::path served = "/var/lib/mamori";
        for (std::size_t i = 1; i < argv.size(); ++i) {
            if (argv[i] == "--state-dir" && i + 1 < argv.size())
                served = argv[i + 1];
            else if (argv[i].starts_with("--state-dir="))
                served = argv[i].substr(12);
        }
        if (canonicalPath(served) == wanted)
            found.push_back(static_cast<pid_t>(std::stol(name)));
    }
    return found;
}

} // namespace mamori::provision

// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the backup file a restore reads (it now arrives from a USB medium through
// mamori-vaultd's Restore): magic, header length and header lines, stream header, chunk framing.
// Everything after the framing is authenticated, so a fuzzed file must be refused — cleanly, with
// StorageCorrupt or StorageKeyMismatch — and must never leave a restored vault behind.
//
// The seed corpus (tests/fuzz/corpus/backup) holds a small real backup and truncations of it.
#include "services/vault/vault.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace {

using namespace mamori;
using namespace mamori::vault;

struct Fixture {
    std::filesystem::path directory;
    std::unique_ptr<MemoryKeySource> keys;
    ManualClock clock{0};

    Fixture()
    {
        if (sodium_init() < 0)
            std::abort();
        char pattern[] = "/tmp/mamori-fuzz-backup-XXXXXX";
        if (!::mkdtemp(pattern))
            std::abort();
        directory = pattern;
        // A fixed key, so that seeds made with it (MAMORI_FUZZ_MAKE_SEED) reach the chunks.
        SecretBuffer master = SecretBuffer::create(32).value();
        SecretBuffer seed = SecretBuffer::create(32).value();
        std::fill(master.bytes().begin(), master.bytes().end(), std::uint8_t{7});
        std::fill(seed.bytes().begin(), seed.bytes().end(), std::uint8_t{9});
        keys = std::make_unique<MemoryKeySource>(std::move(master), std::move(seed));
    }
};

Fixture& fixture()
{
    static Fixture f;
    return f;
}

} // namespace

// MAMORI_FUZZ_MAKE_SEED=FILE: write a genuine backup of a small vault made with the fixture's key.
extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    const char* out = std::getenv("MAMORI_FUZZ_MAKE_SEED");
    if (!out)
        return 0;
    Fixture& f = fixture();
    VaultOptions options;
    options.path = (f.directory / "seed.db").string();
    options.create = true;
    auto vault = Vault::open(options, *f.keys, f.clock);
    if (!vault.ok() || !vault.value()->addDepartment(nullptr, "sales", "営業部").ok())
        std::abort();
    SessionContext admin;
    admin.userId = 1;
    admin.cardId = std::string(64, 'a');
    admin.roles = {Role::Admin};
    if (!vault.value()->backupTo(admin, out).ok())
        std::abort();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    Fixture& f = fixture();
    const std::filesystem::path input = f.directory / "input.backup";
    if (FILE* file = std::fopen(input.c_str(), "wb")) {
        std::fwrite(data, 1, size, file);
        std::fclose(file);
    } else {
        std::abort();
    }
    VaultOptions target;
    target.path = (f.directory / "restored.db").string();
    const auto restored = Vault::restoreBackup(input.string(), target, *f.keys, f.clock, nullptr, {});
    if (restored.ok()) {
        // Only a genuine backup made with the fixture's key can get here.
        std::error_code ignored;
        std::filesystem::remove(target.path, ignored);
        return 0;
    }
    const ErrorCode code = restored.code();
    if (code != ErrorCode::StorageCorrupt && code != ErrorCode::StorageKeyMismatch && code != ErrorCode::TooLarge &&
        code != ErrorCode::AuditChainBroken)
        std::abort();
    if (std::filesystem::exists(target.path))
        std::abort(); // a refused backup left a database behind
    return 0;
}

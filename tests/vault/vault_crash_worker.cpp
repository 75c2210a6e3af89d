// SPDX-License-Identifier: GPL-3.0-or-later
// vault_crash_worker: the child that tst_vault_crash kills with SIGKILL at random points. It opens
// the vault (master key and signing seed from a key file), registers subjects with numbers and,
// every fourth step, imports a CSV of three employees; it prints "ack <code>", "ack-number <code>"
// and "ack-import <batch>" on stdout after each operation the vault acknowledged — only then.
//
// Usage: vault_crash_worker <database> <key file (64 bytes)> <code prefix> <count>

#include "services/vault/vault.h"

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace mamori;
using namespace mamori::vault;

namespace {
// A synthetic individual number for index `n` (valid check digit), written into `out`.
std::string syntheticNumber(unsigned long n)
{
    char body[12];
    std::snprintf(body, sizeof body, "%011lu", n);
    const int check = individualCheckDigit(std::span<const char, 11>(body, 11));
    return std::string(body, 11) + char('0' + check);
}
} // namespace

int run(int argc, char** argv);

int main(int argc, char** argv)
{
    try {
        return run(argc, argv);
    } catch (const std::exception& e) { // std::stoi on a bad count; never expected from the test
        std::fprintf(stderr, "vault_crash_worker: %s\n", e.what());
        return 2;
    }
}

int run(int argc, char** argv)
{
    if (argc != 5) {
        std::fprintf(stderr, "usage: vault_crash_worker <db> <keyfile> <prefix> <count>\n");
        return 2;
    }
    std::ifstream keyFile(argv[2], std::ios::binary);
    std::vector<std::uint8_t> keyBytes(64);
    keyFile.read(reinterpret_cast<char*>(keyBytes.data()), 64);
    if (keyFile.gcount() != 64)
        return 3;
    MemoryKeySource keys(SecretBuffer::copyOf(std::span(keyBytes).first(32)).value(),
                         SecretBuffer::copyOf(std::span(keyBytes).subspan(32)).value());
    SystemClock clock;
    VaultOptions options;
    options.path = argv[1];
    options.deviceId = "crash-device";
    options.checkpointEvery = 7;
    auto opened = Vault::open(options, keys, clock);
    if (!opened.ok()) {
        std::fprintf(stderr, "open: %s\n", opened.error().describe().c_str());
        return 4;
    }
    Vault& vault = *opened.value();
    SessionContext clerk;
    clerk.userId = 1;
    clerk.cardId = std::string(64, 'a');
    clerk.roles = {Role::Clerk};
    clerk.departments = {"sales"};
    clerk.purpose = "withholding";

    const std::string prefix = argv[3];
    const int count = std::stoi(argv[4]);
    // Numbers derive from the prefix's hash so that iterations do not collide.
    const unsigned long base = std::hash<std::string>{}(prefix) % 90000000000UL;
    for (int i = 0; i < count; ++i) {
        const std::string code = prefix + "-" + std::to_string(i);
        NewSubject subject;
        subject.code = code;
        subject.department = "sales";
        subject.name = PersonalText("クラッシュ 試験");
        subject.nameKana = PersonalText("クラッシュ シケン");
        auto id = vault.registerSubject(clerk, subject);
        if (!id.ok()) {
            std::fprintf(stderr, "register: %s\n", id.error().describe().c_str());
            return 5;
        }
        std::printf("ack %s\n", code.c_str());
        std::fflush(stdout);
        const auto date =
            std::chrono::year_month_day{std::chrono::year(2026), std::chrono::January, std::chrono::day(1)};
        if (!vault.notifyPurpose(clerk, id.value(), "withholding", date).ok())
            return 6;
        const Status number = vault.setNumber(clerk, id.value(), syntheticNumber(base + unsigned(i)));
        if (!number.ok()) {
            std::fprintf(stderr, "number: %s\n", number.error().describe().c_str());
            return 7;
        }
        std::printf("ack-number %s\n", code.c_str());
        std::fflush(stdout);

        if (i % 4 == 3) {
            // A batch of three in one import: all of it or none of it may survive a kill.
            const std::string batch = prefix + "-I" + std::to_string(i);
            std::string csv = "社員番号,氏名,フリガナ,部署,個人番号\n";
            for (int k = 0; k < 3; ++k)
                csv += batch + "-" + std::to_string(k) + ",取込 太郎,トリコミ タロウ,sales," +
                       syntheticNumber(base + 50000000UL + static_cast<unsigned long>(i) * 3 +
                                       static_cast<unsigned long>(k)) +
                       "\n";
            const auto report = vault.importCsv(clerk, csv);
            if (!report.ok() || report.value().imported != 3) {
                std::fprintf(stderr, "import failed\n");
                return 8;
            }
            std::printf("ack-import %s\n", batch.c_str());
            std::fflush(stdout);
        }
    }
    return 0;
}

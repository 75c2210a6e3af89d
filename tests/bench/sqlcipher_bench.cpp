// SPDX-License-Identifier: GPL-3.0-or-later
// mamori_sqlcipher_bench: the SQLCipher baseline of the lookup benchmark (target 2 in
// tests/bench/README.md). The plain schema of plain_store.h in a database encrypted as a whole with
// PRAGMA key (a raw 256-bit key, Debian's SQLCipher otherwise at its defaults), looked up by the
// same numbers in the same order as mamori_vault_bench's round with the same --seed. A separate
// executable because libsqlcipher and libsqlite3 export the same symbols; scripts/bench.sh
// alternates the two.

#include "tests/bench/bench_data.h"
#include "tests/bench/plain_store.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace mamori::bench {
namespace {

constexpr std::uint64_t kChunkRows = 100'000;

std::string databasePath(const std::string& data, std::uint64_t subjects)
{
    return data + "/sqlcipher-" + std::to_string(subjects) + ".db";
}

std::int64_t wallMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int commandPrepare(const BenchArgs& args)
{
    const std::string data = args.required("data");
    const std::uint64_t subjects = wholeGroups(args.count("subjects", 0));
    if (subjects == 0)
        die("--subjects is required");
    std::filesystem::create_directories(data);
    const BenchKeys keys = loadOrCreateKeys(data + "/bench.key");
    const std::string path = databasePath(data, subjects);
    if (fileExists(path))
        return 0;
    const std::string building = path + ".building";
    removeDatabase(building);
    std::fprintf(stderr, "bench: building %s\n", path.c_str());
    const double start = nowSeconds();
    {
        PlainStore store = PlainStore::open(building, true, keys.cipher);
        store.exec("PRAGMA cache_size = -262144"); // fixture building only
        store.createSchema();
        store.insertPopulation(0, subjects, kChunkRows, wallMs());
        store.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    std::filesystem::rename(building, path);
    removeDatabase(building);
    std::fprintf(stderr, "bench: SQLCipher fixture ready (%.0f s)\n", nowSeconds() - start);
    return 0;
}

int commandLookup(const BenchArgs& args)
{
    const std::string data = args.required("data");
    const std::string out = args.required("out");
    const std::uint64_t subjects = wholeGroups(args.count("subjects", 0));
    const std::uint64_t lookups = args.count("lookups", 20'000);
    const std::uint64_t round = args.count("seed", 1);
    if (subjects == 0)
        die("--subjects is required");
    const BenchKeys keys = loadOrCreateKeys(data + "/bench.key");
    const std::string path = databasePath(data, subjects);
    if (!fileExists(path))
        die("no SQLCipher fixture for --subjects; run prepare first");
    warmPageCache(path);
    PlainStore store = PlainStore::open(path, false, keys.cipher);

    // The same rows as mamori_vault_bench lookup with this --seed.
    BenchRng rng(round * 1'000'003ULL + 17);
    std::vector<std::array<char, 12>> numbers;
    for (std::uint64_t i = 0; i < lookups; ++i)
        numbers.push_back(populationNumber(rng.below(subjects)));
    PlainSummary summary;
    for (std::size_t i = 0; i < std::min<std::size_t>(numbers.size(), 1000); ++i)
        (void)store.lookup(numbers[i], summary);

    const double start = nowSeconds();
    for (const auto& number : numbers)
        if (!store.lookup(number, summary))
            die("SQLCipher lookup did not find a subject it holds");
    appendResult(out, "lookup.sqlcipher_us", (nowSeconds() - start) * 1e6 / static_cast<double>(lookups));
    std::fprintf(stderr, "bench: SQLCipher lookup round %llu done\n", static_cast<unsigned long long>(round));
    return 0;
}

int runCommand(int argc, char** argv)
{
    const std::string_view command = argc > 1 ? argv[1] : "";
    const BenchArgs args(argc, argv, 2);
    if (command == "prepare")
        return commandPrepare(args);
    if (command == "lookup")
        return commandLookup(args);
    std::fputs("usage: mamori_sqlcipher_bench prepare --data DIR --subjects N\n"
               "       mamori_sqlcipher_bench lookup --data DIR --subjects N --out RAW [--lookups L] [--seed R]\n",
               stderr);
    return 2;
}

} // namespace
} // namespace mamori::bench

int main(int argc, char** argv)
{
    // A failed file operation (std::filesystem) is a real failure: report it, never crash on it.
    try {
        return mamori::bench::runCommand(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench: error: %s\n", e.what());
        return 1;
    }
}

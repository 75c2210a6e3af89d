// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-admin benchmarks (issue 8; provisioning/admin/README.md, "Benchmarks"):
//
//   verify  `mamori-admin verify BUNDLE --key K` on a bundle of 1,000,000 entries (synthetic, made
//           with the vault's chain code, a checkpoint every 1,000), against `sha256sum BUNDLE` over
//           the same bytes; both are whole processes, alternating, R rounds, medians. The ratio is
//           sha256sum's time over verify's: above 1, verifying is faster than hashing with SHA-256.
//   pull    `mamori-admin pull` of 100,000 entries (ten bundles of 10,000 over HTTP from a local
//           server speaking logd's protocol, bundles made once beforehand) into a fresh SQLite
//           archive and into a fresh database of a private PostgreSQL 15 server (fsync on);
//           entries per second, R rounds, medians. For scale, the same bundles fetched by the
//           client alone (no verification, no storage) in the same process.
//
//   mamori_admin_bench run   --admin PATH [--work DIR] [--out results.md] [--verify-entries N]
//                            [--pull-entries N] [--rounds R] [--no-postgres]
//   mamori_admin_bench smoke --admin PATH [--work DIR]   (small sizes; the figures mean nothing)
//
// Nothing here prints an entry; the synthetic entries hold no number.

#include "provisioning/admin/logd_client.h"
#include "tests/bench/bench_util.h"
#include "tests/provisioning/admin/admin_test_support.h"

#include <QCoreApplication>
#include <QProcess>

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace mamori;
using namespace mamori::test;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

using bench::fail;
using bench::median;
using bench::millisecondsSince;

std::string hexString(std::span<const std::uint8_t> bytes)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (auto b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

// Runs a program to completion; its wall time in milliseconds. Fails the benchmark on a non-zero exit.
double timed(const QString& program, const QStringList& arguments, int expectedExit = 0)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const auto start = Clock::now();
    process.start(program, arguments);
    if (!process.waitForFinished(-1))
        fail(program.toStdString() + " did not finish");
    const double ms = millisecondsSince(start);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != expectedExit)
        fail(program.toStdString() + " exited " + std::to_string(process.exitCode()) + ": " +
             process.readAllStandardOutput().left(400).toStdString());
    return ms;
}

std::string fixed(double value, int decimals)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string grouped(std::uint64_t value)
{
    const std::string digits = std::to_string(value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

struct Options {
    QString admin;
    fs::path work = fs::temp_directory_path() / "mamori-admin-bench";
    std::string out;
    std::size_t verifyEntries = 1000000;
    std::size_t pullEntries = 100000;
    int rounds = 5;
    bool postgres = true;
};

// The verify fixture: a bundle file and its key, made once per size and kept in the work folder.
std::pair<fs::path, std::string> verifyFixture(const Options& o)
{
    const fs::path bundle = o.work / ("verify-" + std::to_string(o.verifyEntries) + ".bundle");
    const fs::path key = o.work / ("verify-" + std::to_string(o.verifyEntries) + ".key");
    if (fs::exists(bundle) && fs::exists(key))
        return {bundle, readText(key)};
    std::fprintf(stderr, "admin bench: making a bundle of %zu entries (once)\n", o.verifyEntries);
    LogSpec spec;
    spec.deviceId = "bench-verify";
    spec.seedByte = 200;
    spec.entries = o.verifyEntries;
    spec.checkpointEvery = 1000;
    const SyntheticLog log = makeLog(spec);
    writeFile(bundle.string() + ".tmp", exportAll(log));
    fs::rename(bundle.string() + ".tmp", bundle);
    writeText(key, hexString(log.publicKey));
    return {bundle, hexString(log.publicKey)};
}

void verifyBench(const Options& o, std::vector<std::string>& rows)
{
    const auto [bundle, key] = verifyFixture(o);
    const double megabytes = double(fs::file_size(bundle)) / 1e6;
    std::vector<double> verify;
    std::vector<double> sha;
    for (int r = 0; r < o.rounds; ++r) {
        // Alternate which goes first, so that neither always finds the file in a warmer cache.
        if (r % 2 == 0) {
            verify.push_back(timed(
                o.admin, {"verify", QString::fromStdString(bundle.string()), "--key", QString::fromStdString(key)}));
            sha.push_back(timed("sha256sum", {QString::fromStdString(bundle.string())}));
        } else {
            sha.push_back(timed("sha256sum", {QString::fromStdString(bundle.string())}));
            verify.push_back(timed(
                o.admin, {"verify", QString::fromStdString(bundle.string()), "--key", QString::fromStdString(key)}));
        }
        std::fprintf(stderr, "admin bench: verify round %d: %.0f ms, sha256sum %.0f ms\n", r + 1, verify.back(),
                     sha.back());
    }
    const double v = median(verify);
    const double s = median(sha);
    const double ratio = s / v;
    rows.push_back("| `mamori-admin verify` of " + grouped(o.verifyEntries) + " entries (" + fixed(megabytes, 0) +
                   " MB bundle, a checkpoint every 1,000; whole process) | ≥ 1.0× `sha256sum` | " + fixed(v / 1000, 2) +
                   " s (" + fixed(megabytes / (v / 1000), 0) + " MB/s) | `sha256sum` " + fixed(s / 1000, 2) + " s (" +
                   fixed(megabytes / (s / 1000), 0) + " MB/s) | " + fixed(ratio, 2) + "× | " +
                   (ratio >= 1.0 ? "yes" : "no") + " |");
}

void pullBench(const Options& o, std::vector<std::string>& rows)
{
    LogSpec spec;
    spec.deviceId = "bench-pull";
    spec.seedByte = 201;
    spec.entries = o.pullEntries;
    spec.checkpointEvery = 1000;
    SyntheticLog log = makeLog(spec);
    LogdTestServer server(log, 10000);
    server.cacheBundles = true;
    if (const std::string started = server.start(); !started.empty())
        fail(started);
    const fs::path config = o.work / "pull.toml";
    writeText(config, "[[device]]\nid = \"bench-pull\"\nurl = \"" + server.url() + "\"\npublic_key = \"" +
                          hexString(log.publicKey) + "\"\n");

    // Make every bundle once (the device's work), and time the transfer alone for scale.
    auto client = bench::orFail(admin::LogdClient::create(), "LogdClient");
    std::vector<double> transfer;
    std::uint64_t bytes = 0;
    for (int r = 0; r < o.rounds + 1; ++r) {
        const auto start = Clock::now();
        std::uint64_t after = 0;
        bytes = 0;
        for (;;) {
            auto bundle = bench::orFail(client.bundleAfter(server.url(), after), "bundle");
            if (bundle.nothingNew)
                break;
            bytes += bundle.bytes.size();
            after = cutAt(log, after, 10000);
            if (after >= bundle.headSequence)
                break;
        }
        if (r > 0) // the first round made the bundles
            transfer.push_back(millisecondsSince(start));
    }
    const double transferRate = double(o.pullEntries) / (median(transfer) / 1000);

    std::unique_ptr<PostgresServer> postgres;
    if (o.postgres) {
        postgres = std::make_unique<PostgresServer>();
        if (const std::string started = postgres->start(true); !started.empty())
            fail(started);
    }
    for (const bool intoPostgres : {false, true}) {
        if (intoPostgres && !postgres)
            continue;
        std::vector<double> times;
        for (int r = 0; r < o.rounds; ++r) {
            std::string store;
            if (intoPostgres) {
                const std::string name = "pull_bench_" + std::to_string(r);
                (void)postgres->psql("DROP DATABASE IF EXISTS " + name);
                if (const std::string error = postgres->createDatabase(name); !error.empty())
                    fail("createdb: " + error);
                store = postgres->uri(name);
            } else {
                store = (o.work / ("pull-" + std::to_string(r) + ".sqlite")).string();
                for (const char* suffix : {"", "-wal", "-shm"})
                    fs::remove(store + suffix);
            }
            times.push_back(timed(o.admin, {"pull", "--config", QString::fromStdString(config.string()), "--store",
                                            QString::fromStdString(store)}));
            std::fprintf(stderr, "admin bench: pull into %s round %d: %.0f ms\n",
                         intoPostgres ? "PostgreSQL" : "SQLite", r + 1, times.back());
        }
        const double seconds = median(times) / 1000;
        const double rate = double(o.pullEntries) / seconds;
        rows.push_back(std::string("| `mamori-admin pull` of ") + grouped(o.pullEntries) + " entries into " +
                       (intoPostgres ? "PostgreSQL 15 (fsync on, unix socket)" : "SQLite (WAL, synchronous=FULL)") +
                       " from a local logd-protocol server, " + std::to_string((o.pullEntries + 9999) / 10000) +
                       " bundles, " + fixed(double(bytes) / 1e6, 0) + " MB (whole process) | (shown) | " +
                       grouped(std::uint64_t(rate)) + " entries/s (" + fixed(seconds, 2) + " s) | transfer alone " +
                       grouped(std::uint64_t(transferRate)) + " entries/s | " + fixed(rate / transferRate, 2) +
                       "× | |");
    }
}

} // namespace

int main(int argc, char** argv)
{
    bench::programName() = "mamori_admin_bench";
    QCoreApplication app(argc, argv);
    if (argc < 2)
        fail("usage: mamori_admin_bench run|smoke --admin PATH [--work DIR] [--out FILE] [--verify-entries N] "
             "[--pull-entries N] [--rounds R] [--no-postgres]");
    const std::string mode = argv[1];
    const bool smoke = mode == "smoke";
    if (!smoke && mode != "run")
        fail("mode is run or smoke");
    Options o;
    if (smoke) {
        o.verifyEntries = 3000;
        o.pullEntries = 25000;
        o.rounds = 1;
    }
    for (int i = 2; i < argc; ++i) {
        const std::string option = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc)
                fail(option + " needs a value");
            return argv[++i];
        };
        if (option == "--admin")
            o.admin = QString::fromStdString(next());
        else if (option == "--work")
            o.work = next();
        else if (option == "--out")
            o.out = next();
        else if (option == "--verify-entries")
            o.verifyEntries = std::stoul(next());
        else if (option == "--pull-entries")
            o.pullEntries = std::stoul(next());
        else if (option == "--rounds")
            o.rounds = std::stoi(next());
        else if (option == "--no-postgres")
            o.postgres = false;
        else
            fail("unknown option " + option);
    }
    if (o.admin.isEmpty())
        fail("--admin PATH (the mamori-admin executable) is required");
    if (initSodium().ok() == false)
        fail("libsodium");
    fs::create_directories(o.work);
    ::chmod(o.work.c_str(), 0755); // PostgreSQL runs as nobody; its own folder is elsewhere

    std::vector<std::string> rows;
    verifyBench(o, rows);
    pullBench(o, rows);
    std::string table = "| benchmark | target | measured | baseline | ratio | met? |\n|---|---|---|---|---|---|\n";
    for (const std::string& row : rows)
        table += row + "\n";
    std::fputs(table.c_str(), stdout);
    if (!o.out.empty()) {
        std::ofstream out(o.out, std::ios::app);
        out << table;
    }
    return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
// TPM unlock benchmark (issue 4; tests/bench/README.md). One swtpm, started here, serves both sides:
//
//   candidate  KeyStore::unsealMasterKey() on an open connection — what mamori-vaultd does at start:
//              Load under the persistent storage key, salted policy session, PolicyPCR, Unseal.
//   baseline   the same load + policy + unseal with tpm2-tools, one process per step, as a shell
//              script would: tpm2_load, tpm2_startauthsession (salted to the same storage key),
//              tpm2_policypcr, tpm2_unseal, tpm2_flushcontext (the session, then the object).
// Rounds alternate between the two. Also measured: a cold unlock (connect + unseal both keys), the
// p50/p95 of single unseals, and the TPM commands of one unlock through a counting TCTI — to show
// that CreatePrimary is never among them.
//
//   mamori_tpm_bench run   [--unseals N] [--cli-rounds M] [--rounds R] [--out results.md]
//   mamori_tpm_bench smoke                (every path once; the figures mean nothing)

#include "services/common/file_io.h"
#include "services/tpm/key_store.h"
#include "tests/bench/bench_util.h"
#include "tests/support/swtpm.h"

#include <fcntl.h>
#include <sodium.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

extern char** environ;

using namespace mamori;
using namespace mamori::tpm;
using Clock = std::chrono::steady_clock;

namespace {

using bench::fail;
using bench::millisecondsSince;
using bench::orFail;
using bench::percentile;

// Runs one tpm2-tools command against the swtpm; its output goes to /dev/null.
void tool(const std::vector<std::string>& arguments, const std::string& tcti)
{
    std::vector<std::string> environment{"TPM2TOOLS_TCTI=" + tcti, "PATH=/usr/bin:/bin", "TSS2_LOG=all+none"};
    std::vector<char*> envp;
    for (auto& entry : environment)
        envp.push_back(entry.data());
    envp.push_back(nullptr);
    std::vector<std::string> copy = arguments;
    std::vector<char*> argv;
    for (auto& argument : copy)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        fail(arguments[0] + " could not be started (Debian package tpm2-tools)");
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail(arguments[0] + " failed");
}

struct CliPaths {
    std::string pub, priv, object, session;
};

// The baseline: the same load + salted policy session + PolicyPCR + unseal, with tpm2-tools.
void cliUnseal(const CliPaths& paths, const std::string& tcti, std::uint8_t mamoriPcr)
{
    tool({"tpm2_load", "-Q", "-C", "0x81000001", "-u", paths.pub, "-r", paths.priv, "-c", paths.object}, tcti);
    tool({"tpm2_startauthsession", "-Q", "--policy-session", "-c", "0x81000001", "-S", paths.session}, tcti);
    tool({"tpm2_policypcr", "-Q", "-S", paths.session, "-l", "sha256:7," + std::to_string(mamoriPcr)}, tcti);
    tool({"tpm2_unseal", "-Q", "-c", paths.object, "-p", "session:" + paths.session, "-o", "/dev/null"}, tcti);
    tool({"tpm2_flushcontext", "-Q", paths.session}, tcti);
    // Without a resource manager the tools leave the loaded object behind (in-process, Mamori
    // flushes it): flush it too, or the TPM runs out of object slots after three rounds.
    tool({"tpm2_flushcontext", "-Q", "-t"}, tcti);
}

void writeFile(const std::string& path, const std::vector<std::uint8_t>& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

int run(int unseals, int cliRounds, int rounds, const std::string& outPath)
{
    if (sodium_init() < 0)
        fail("sodium_init");
    auto tpm = orFail(test::Swtpm::start(), "swtpm");
    TpmSettings settings;
    settings.tcti = tpm->tcti();
    settings.stateDirectory = tpm->directory() / "state";
    auto store = orFail(KeyStore::connect(settings), "connect");
    orFail(store->provision({crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}), "provision");

    // The sealed object's TPM2B_PUBLIC / TPM2B_PRIVATE, as tpm2_load reads them.
    const auto blob =
        orFail(decodeSealedBlob(orFail(readWholeFile(store->sealedPath(SealedPurpose::MasterKey), 65536), "read blob")),
               "decode blob");
    const std::string dir = tpm->directory().string();
    CliPaths paths{dir + "/seal.pub", dir + "/seal.priv", dir + "/seal.ctx", dir + "/session.ctx"};
    writeFile(paths.pub, blob.publicArea);
    writeFile(paths.priv, blob.privateArea);

    // The TPM commands of one unlock (both keys and the counter), on a fresh connection.
    CommandLog log;
    {
        auto counted = orFail(KeyStore::connect(settings, &log), "connect (counted)");
        const std::size_t connectCommands = log.commands().size();
        orFail(counted->unsealMasterKey(), "unseal");
        orFail(counted->unsealSigningSeed(), "unseal seed");
        orFail(orFail(counted->counter(), "counter").read(), "counter read");
        std::printf("unlock: connecting sends %zu command(s) (the capability check)\n", connectCommands);
    }
    std::string unlockCommands;
    for (std::size_t i = 0; i < log.commands().size(); ++i)
        unlockCommands += (i ? " " : "") + CommandLog::commandName(log.commands()[i]);
    std::printf("unlock commands: %s\n", unlockCommands.c_str());
    const bool createPrimary = log.count(TPM2_CC_CreatePrimary) != 0;

    std::vector<double> inProcess; // single unseals on an open connection
    std::vector<double> inProcessRoundMedians;
    std::vector<double> cli;  // whole tool sequences
    std::vector<double> cold; // connect + unseal both keys
    const int unsealsPerRound = std::max(1, unseals / rounds);
    const int cliPerRound = std::max(1, cliRounds / rounds);
    for (int round = 0; round < rounds; ++round) {
        auto inProcessBlock = [&] {
            std::vector<double> block;
            for (int i = 0; i < unsealsPerRound; ++i) {
                const auto start = Clock::now();
                orFail(store->unsealMasterKey(), "unseal");
                block.push_back(millisecondsSince(start));
            }
            inProcess.insert(inProcess.end(), block.begin(), block.end());
            inProcessRoundMedians.push_back(percentile(block, 0.5));
            const auto start = Clock::now();
            {
                auto fresh = orFail(KeyStore::connect(settings), "connect");
                orFail(fresh->unsealMasterKey(), "unseal");
                orFail(fresh->unsealSigningSeed(), "unseal seed");
            }
            cold.push_back(millisecondsSince(start));
        };
        auto cliBlock = [&] {
            for (int i = 0; i < cliPerRound; ++i) {
                const auto start = Clock::now();
                cliUnseal(paths, settings.tcti, settings.mamoriPcr);
                cli.push_back(millisecondsSince(start));
            }
        };
        if (round % 2 == 0) {
            inProcessBlock();
            cliBlock();
        } else {
            cliBlock();
            inProcessBlock();
        }
    }

    const double p50 = percentile(inProcess, 0.5);
    const double p95 = percentile(inProcess, 0.95);
    const double cliMedian = percentile(cli, 0.5);
    const double coldMedian = percentile(cold, 0.5);
    const double speedup = cliMedian / p50;
    char table[4096];
    std::snprintf(table, sizeof table,
                  "| benchmark | target | measured | baseline | ratio | met? |\n"
                  "|---|---|---|---|---|---|\n"
                  "| in-process unseal (load + salted policy session + PolicyPCR + unseal) vs the same with tpm2-tools "
                  "| ≥ 50× faster | %.2f ms median (%zu unseals) | %.1f ms median (%zu tool sequences) | %.0f× | %s |\n"
                  "| unseal latency on swtpm | p95 ≤ 20 ms | p50 %.2f ms, p95 %.2f ms | | | %s |\n"
                  "| cold unlock: connect, unseal master key and signing seed | (shown) | %.2f ms median | | | |\n"
                  "| TPM commands of one unlock (counting TCTI) | no CreatePrimary | %zu: %s | | | %s |\n",
                  p50, inProcess.size(), cliMedian, cli.size(), speedup, speedup >= 50 ? "yes" : "no", p50, p95,
                  p95 <= 20 ? "yes" : "no", coldMedian, log.commands().size(), unlockCommands.c_str(),
                  createPrimary ? "no" : "yes");
    std::printf("\n%s", table);
    if (!outPath.empty()) {
        std::ofstream out(outPath, std::ios::trunc);
        out << table;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    mamori::bench::programName() = "mamori_tpm_bench";
    try {
        const std::string command = argc > 1 ? argv[1] : "";
        int unseals = 1000;
        int cliRounds = 30;
        int rounds = 5;
        std::string out;
        for (int i = 2; i + 1 < argc; i += 2) {
            const std::string option = argv[i];
            const std::string value = argv[i + 1];
            if (option == "--unseals")
                unseals = std::stoi(value);
            else if (option == "--cli-rounds")
                cliRounds = std::stoi(value);
            else if (option == "--rounds")
                rounds = std::stoi(value);
            else if (option == "--out")
                out = value;
            else
                fail("unknown option " + option);
        }
        if (command == "run")
            return run(unseals, cliRounds, std::max(1, rounds), out);
        if (command == "smoke")
            return run(4, 2, 2, out);
        fail("usage: mamori_tpm_bench run|smoke [--unseals N] [--cli-rounds M] [--rounds R] [--out FILE]");
    } catch (const std::exception& error) {
        fail(error.what());
    }
}

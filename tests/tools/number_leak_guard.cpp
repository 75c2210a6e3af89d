// SPDX-License-Identifier: GPL-3.0-or-later
// number_leak_guard: runs a test and passes its output through, line by line, with every run of
// exactly 12 ASCII digits that has a valid individual-number check digit, and every run of exactly
// 13 that has a valid corporate-number check digit, replaced by "[REDACTED]". If anything was
// redacted, the guard fails the test (exit 97) even when the test itself passed: a number in a
// test's output is a defect (README, "No number in any output").
//
// A random 12-digit run passes the check digit one time in ten, so a test that prints long digit
// runs for other reasons (it should not) would fail here now and then; that is intended.
//
// Usage: number_leak_guard <program> [args...]      exit code: the program's, or 97 on a leak.

#include "services/common/number_validation.h"

#include <array>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr int kLeakExitCode = 97;
volatile pid_t g_child = 0;

void forwardSignal(int signal)
{
    if (g_child > 0)
        kill(g_child, signal);
}

bool looksLikeNumber(const std::string& line, std::size_t begin, std::size_t length)
{
    const std::string_view run(line.data() + begin, length);
    if (length == mamori::kIndividualNumberDigits)
        return mamori::parseIndividualNumber(run).ok();
    if (length == mamori::kCorporateNumberDigits)
        return mamori::parseCorporateNumber(run).ok();
    return false;
}

// Returns how many runs were redacted.
int redact(std::string& line)
{
    int redacted = 0;
    std::string out;
    out.reserve(line.size());
    std::size_t i = 0;
    while (i < line.size()) {
        if (!std::isdigit(static_cast<unsigned char>(line[i]))) {
            out += line[i++];
            continue;
        }
        std::size_t end = i;
        while (end < line.size() && std::isdigit(static_cast<unsigned char>(line[end])))
            ++end;
        if (looksLikeNumber(line, i, end - i)) {
            out += "[REDACTED]";
            ++redacted;
        } else {
            out.append(line, i, end - i);
        }
        i = end;
    }
    line.swap(out);
    return redacted;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: number_leak_guard <program> [args...]\n");
        return 2;
    }
    int pipeFds[2];
    if (pipe(pipeFds) != 0) {
        std::perror("number_leak_guard: pipe");
        return 2;
    }
    const pid_t child = fork();
    if (child < 0) {
        std::perror("number_leak_guard: fork");
        return 2;
    }
    if (child == 0) {
        dup2(pipeFds[1], STDOUT_FILENO);
        dup2(pipeFds[1], STDERR_FILENO);
        close(pipeFds[0]);
        close(pipeFds[1]);
        execvp(argv[1], argv + 1);
        std::perror("number_leak_guard: exec");
        _exit(127);
    }
    close(pipeFds[1]);
    // Forward termination requests (CTest's timeout, Ctrl-C) to the test; we exit when it does.
    g_child = child;
    std::signal(SIGTERM, forwardSignal);
    std::signal(SIGINT, forwardSignal);

    FILE* input = fdopen(pipeFds[0], "r");
    int leaks = 0;
    std::string line;
    std::array<char, 4096> chunk{};
    while (std::fgets(chunk.data(), static_cast<int>(chunk.size()), input)) {
        line += chunk.data();
        if (!line.empty() && line.back() != '\n' && line.size() < (1u << 20))
            continue; // keep reading until the end of the line, so a run is never split
        leaks += redact(line);
        std::fputs(line.c_str(), stdout);
        std::fflush(stdout);
        line.clear();
    }
    if (!line.empty()) {
        leaks += redact(line);
        std::fputs(line.c_str(), stdout);
    }
    std::fclose(input);

    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (leaks > 0) {
        std::fprintf(stdout, "number_leak_guard: FAIL: %d number(s) in the test's output were redacted\n", leaks);
        code = kLeakExitCode;
    }
    return code;
}

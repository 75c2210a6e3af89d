// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The command line of mamori-provision: a table of commands like wireguard-tools' (provision_main.cpp),
// each with its options, its --help, and the exit codes below. This file is the small option
// parser and the one place where an Error becomes an exit code and a message on stderr.
//
// Output rules: results go to stdout; progress, warnings and errors to stderr; no secret is ever
// printed, except the recovery key, once, on stdout, at the end of `init`.

#include "services/common/result.h"

#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::provision {

enum ExitCode : int {
    kExitOk = 0,
    kExitFailed = 1,   // the environment failed: TPM, files, D-Bus, card, vault
    kExitUsage = 2,    // the command line is wrong
    kExitInvalid = 3,  // an input file or value does not validate (allow-list, spec, bundle content, key file)
    kExitRefused = 4,  // a security decision: bundle not verified / another organisation / replayed / another
                       // device, a card that is not an administrator's, a wrong PIN, already provisioned,
                       // a running mamori-vaultd
    kExitDegraded = 5, // status: something is not as it should be
};

struct OptionSpec {
    std::string name;      // "--state-dir"
    std::string valueName; // "DIR"; empty for a flag
    std::string help;
    bool repeatable = false;
};

class ParsedOptions {
public:
    bool has(const std::string& name) const { return m_values.count(name) != 0; }
    // The last value given, or `fallback`.
    std::string value(const std::string& name, const std::string& fallback = {}) const;
    // Every value, with comma-separated lists split.
    std::vector<std::string> list(const std::string& name) const;
    const std::vector<std::string>& positional() const { return m_positional; }

    std::map<std::string, std::vector<std::string>> m_values;
    std::vector<std::string> m_positional;
};

// Parses argv[first..] against `specs` (accepts "--name value" and "--name=value"). nullopt after
// printing the problem on stderr.
std::optional<ParsedOptions> parseOptions(int argc, char** argv, int first, const std::vector<OptionSpec>& specs,
                                          const std::string& command);
void printOptions(std::FILE* to, const std::vector<OptionSpec>& specs);

// "mamori-provision: <what>: E0003 PermissionDenied: <context>" on stderr; returns the exit code
// for the error's kind (refused, invalid, failed).
int reportError(const std::string& what, const Error& error);
int exitCodeFor(ErrorCode code);
void note(const std::string& text); // "mamori-provision: <text>" on stderr
// The umask the process started with (main tightens it to 077 at once); commands that write key
// files call warnLooseUmask(), which warns, like wg, when it was looser.
void setStartUmask(unsigned mask) noexcept;
void warnLooseUmask();
void warning(const std::string& text); // "mamori-provision: warning: <text>" on stderr

} // namespace mamori::provision

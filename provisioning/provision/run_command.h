// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Runs another program (mamori-netguard) without a shell: fork, execv with the argument vector as
// given, its stdout and stderr captured together. Nothing secret is ever passed on a command line.

#include "services/common/result.h"

#include <string>
#include <vector>

namespace mamori::provision {

struct CommandResult {
    int exitCode = -1; // -1: killed by a signal
    std::string output;
};

// NotFound when the program does not exist or cannot be executed.
Result<CommandResult> runCommand(const std::vector<std::string>& argv);

} // namespace mamori::provision

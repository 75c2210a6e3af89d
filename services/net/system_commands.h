// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The seam between mamori-netguard's logic and the system tools it drives (nft, ip, wg,
// wireguard-go, dnsmasq): the real implementation runs them as child processes; tests substitute
// a fake that records the calls and fails on purpose (tests/net/tst_netguard_apply.cpp).
//
// ProcessCommands runs each tool with a fixed PATH (/usr/sbin:/usr/bin:/sbin:/bin), stdin from
// /dev/null, stdout and stderr captured together (at most kMaxCapturedOutput bytes kept), every
// other descriptor closed, and a time limit after which the child is killed. Tools that daemonize
// (wireguard-go, dnsmasq) return when their parent exits; their daemon does not hold the capture
// open. Not thread-safe: one caller at a time.

#include "services/common/result.h"

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mamori::net {

constexpr std::size_t kMaxCapturedOutput = 16 * 1024;

struct Command {
    std::vector<std::string> argv;                        // argv[0] is looked up in the fixed PATH
    std::vector<std::pair<std::string, std::string>> env; // added to a minimal environment
};

struct CommandResult {
    int exitCode = -1;  // the exit status, or 128 + signal
    std::string output; // stdout and stderr, interleaved, truncated
};

class SystemCommands {
public:
    virtual ~SystemCommands() = default;
    // Fails only when the command could not be run at all (not found, fork failed, timed out);
    // a tool that ran and failed is a CommandResult with a non-zero exitCode.
    virtual Result<CommandResult> run(const Command& command) = 0;
    // Whether process `pid` is alive and its name (/proc/PID/comm) starts with `name`: a pid file
    // left by a dead daemon may name someone else's process by now.
    virtual bool processRunning(int pid, std::string_view name) = 0;
    // SIGTERM, or SIGKILL when `force`.
    virtual void terminate(int pid, bool force) = 0;
};

class ProcessCommands final : public SystemCommands {
public:
    explicit ProcessCommands(std::chrono::milliseconds timeout = std::chrono::seconds(20)) : m_timeout(timeout) {}
    Result<CommandResult> run(const Command& command) override;
    bool processRunning(int pid, std::string_view name) override;
    void terminate(int pid, bool force) override;

private:
    std::chrono::milliseconds m_timeout;
};

} // namespace mamori::net

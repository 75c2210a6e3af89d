// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/net/system_commands.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/mman.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace mamori::net {
namespace {

constexpr const char* kPath = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";

std::string errnoText(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

} // namespace

Result<CommandResult> ProcessCommands::run(const Command& command)
{
    if (command.argv.empty())
        return Error(ErrorCode::InvalidArgument, "empty command");

    // Everything the child needs is prepared before fork(): after it, only async-signal-safe calls.
    std::vector<std::string> envStrings{kPath, "LANG=C", "LC_ALL=C"};
    for (const auto& [name, value] : command.env)
        envStrings.push_back(name + "=" + value);
    std::vector<char*> argv;
    for (const auto& arg : command.argv)
        argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& entry : envStrings)
        envp.push_back(entry.data());
    envp.push_back(nullptr);
    // execvpe searches the PATH of the calling process, so resolve the name against ours here.
    std::string program = command.argv[0];
    if (program.find('/') == std::string::npos) {
        for (const char* dir : {"/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/"}) {
            if (access((dir + program).c_str(), X_OK) == 0) {
                program = dir + program;
                break;
            }
        }
        if (program.find('/') == std::string::npos)
            return Error(ErrorCode::NotFound,
                         command.argv[0] + ": not installed (not in /usr/sbin, /usr/bin, /sbin, /bin)");
    }

    const int capture = memfd_create("netguard-capture", MFD_CLOEXEC);
    if (capture < 0)
        return Error(ErrorCode::Internal, errnoText("memfd_create"));
    const pid_t pid = fork();
    if (pid < 0) {
        close(capture);
        return Error(ErrorCode::ResourceExhausted, errnoText("fork"));
    }
    if (pid == 0) {
        const int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(capture, STDOUT_FILENO) < 0 ||
            dup2(capture, STDERR_FILENO) < 0)
            _exit(127);
        close_range(3, ~0U, 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        execve(program.c_str(), argv.data(), envp.data());
        _exit(127);
    }

    const auto deadline = std::chrono::steady_clock::now() + m_timeout;
    int status = 0;
    bool timedOut = false;
    for (;;) {
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid)
            break;
        if (done < 0 && errno != EINTR) {
            close(capture);
            return Error(ErrorCode::Internal, errnoText("waitpid"));
        }
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            timedOut = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }

    CommandResult result;
    std::string output(kMaxCapturedOutput, '\0');
    const ssize_t got = pread(capture, output.data(), output.size(), 0);
    close(capture);
    output.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    result.output = std::move(output);
    if (timedOut)
        return Error(ErrorCode::Timeout,
                     command.argv[0] + ": no answer within " + std::to_string(m_timeout.count()) + " ms (killed)");
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (result.exitCode == 127 && result.output.empty())
        return Error(ErrorCode::NotFound, command.argv[0] + ": could not be started");
    return result;
}

bool ProcessCommands::processRunning(int pid, std::string_view name)
{
    if (pid <= 1)
        return false;
    std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
    std::string text;
    std::getline(comm, text);
    return !name.empty() && text.rfind(name, 0) == 0;
}

void ProcessCommands::terminate(int pid, bool force)
{
    if (pid > 1)
        kill(pid, force ? SIGKILL : SIGTERM);
}

} // namespace mamori::net

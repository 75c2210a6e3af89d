// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/swtpm.h"

#include "tests/support/free_ports.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

namespace mamori::test {
namespace {

bool onPath(const char* program)
{
    const char* path = std::getenv("PATH");
    std::string list = path ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t end = list.find(':', start);
        const std::string dir = list.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0)
            return true;
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return false;
}

} // namespace

Result<std::unique_ptr<Swtpm>> Swtpm::start()
{
    if (!onPath("swtpm"))
        return Error(ErrorCode::Unavailable, "swtpm is not installed (Debian package swtpm; scripts/install-deps.sh)");
    std::unique_ptr<Swtpm> tpm(new Swtpm());
    std::string pattern = (std::filesystem::temp_directory_path() / "mamori-swtpm-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        return Error(ErrorCode::StorageIo, "mkdtemp for swtpm state");
    tpm->m_directory = pattern;
    for (int attempt = 0; attempt < 5; ++attempt) {
        tpm->m_port = freePortPair();
        if (tpm->m_port == 0)
            return Error(ErrorCode::Unavailable, "no free loopback port pair for swtpm");
        if (tpm->launch().ok())
            return tpm;
    }
    return Error(ErrorCode::Unavailable, "swtpm did not start (5 attempts)");
}

Status Swtpm::launch()
{
    const std::string state = "dir=" + m_directory.string();
    const std::string server = "type=tcp,port=" + std::to_string(m_port) + ",bindaddr=127.0.0.1";
    const std::string control = "type=tcp,port=" + std::to_string(m_port + 1) + ",bindaddr=127.0.0.1";
    const std::string log = "file=" + (m_directory / "swtpm.log").string() + ",level=1";
    std::vector<std::string> arguments{"swtpm",
                                       "socket",
                                       "--tpm2",
                                       "--tpmstate",
                                       state,
                                       "--server",
                                       server,
                                       "--ctrl",
                                       control,
                                       "--flags",
                                       "not-need-init,startup-clear",
                                       "--log",
                                       log};
    std::vector<char*> argv;
    for (auto& argument : arguments)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    // fork + exec rather than posix_spawn: the child asks to be killed when the test dies, so a
    // crashed or timed-out test never leaves a TPM running.
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0)
        return Error(ErrorCode::Unavailable, "fork for swtpm");
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(127);
        ::execvp("swtpm", argv.data());
        ::_exit(127);
    }
    m_pid = pid;
    for (int waited = 0; waited < 500; ++waited) { // up to 5 s
        if (acceptsOnLoopback(m_port) && acceptsOnLoopback(static_cast<std::uint16_t>(m_port + 1)))
            return okStatus();
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) { // exited: the port was taken after all
            m_pid = -1;
            return Error(ErrorCode::Unavailable, "swtpm exited at start");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    stop();
    return Error(ErrorCode::Timeout, "swtpm did not listen within 5 s");
}

void Swtpm::stop()
{
    if (m_pid <= 0)
        return;
    ::kill(m_pid, SIGTERM);
    int status = 0;
    for (int waited = 0; waited < 300; ++waited) {
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
}

Status Swtpm::restart()
{
    stop();
    // The kernel may hold the ports in TIME_WAIT briefly; swtpm sets SO_REUSEADDR, so retry a bit.
    for (int attempt = 0; attempt < 20; ++attempt) {
        if (launch().ok())
            return okStatus();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return Error(ErrorCode::Unavailable, "swtpm did not come back after a restart");
}

std::string Swtpm::tcti() const { return "swtpm:host=127.0.0.1,port=" + std::to_string(m_port); }

Swtpm::~Swtpm()
{
    stop();
    std::error_code ec;
    if (!m_directory.empty())
        std::filesystem::remove_all(m_directory, ec);
}

std::string unreachableSwtpmTcti()
{
    const std::uint16_t port = freePortPair();
    return "swtpm:host=127.0.0.1,port=" + std::to_string(port == 0 ? 1 : port);
}

} // namespace mamori::test

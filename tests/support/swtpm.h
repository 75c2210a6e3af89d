// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Swtpm: a real software TPM 2.0 (swtpm, libtpms) for one test, started by the test itself in a
// temporary state directory on a free pair of loopback ports (tcti-swtpm uses port P for commands
// and P+1 for control), stopped when the object goes. restart() is a reboot: the same state
// directory (NV, persistent objects survive), PCRs reset. If swtpm is not installed, start() fails
// naming the package — a TPM test never passes without a TPM.

#include "services/common/result.h"

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

namespace mamori::test {

class Swtpm {
public:
    // A fresh TPM in a new temporary directory (removed by the destructor).
    static Result<std::unique_ptr<Swtpm>> start();
    ~Swtpm();
    Swtpm(const Swtpm&) = delete;
    Swtpm& operator=(const Swtpm&) = delete;

    // "swtpm:host=127.0.0.1,port=P"
    std::string tcti() const;
    std::uint16_t port() const noexcept { return m_port; }
    const std::filesystem::path& directory() const noexcept { return m_directory; }

    // Stops the TPM (SIGTERM, then waits); the state directory stays.
    void stop();
    // A reboot: stop, then start again on the same state and ports.
    Status restart();

private:
    Swtpm() = default;
    Status launch();

    std::filesystem::path m_directory;
    std::uint16_t m_port = 0;
    pid_t m_pid = -1;
};

// A TCTI string on which nothing listens (for "TPM unreachable").
std::string unreachableSwtpmTcti();

} // namespace mamori::test

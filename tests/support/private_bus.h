// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// PrivateBus: a dbus-daemon of the test's own (a session-type bus with an open policy) on a unix
// socket in a temporary directory, killed with the test (PDEATHSIG). If dbus-daemon is missing,
// start() fails naming the Debian package.

#include "services/common/result.h"

#include <sys/types.h>

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace mamori::test {

class PrivateBus {
public:
    static Result<std::unique_ptr<PrivateBus>> start();
    // A bus that behaves like the system bus: the default context denies method calls and owning
    // names (Debian's system.conf rules), and `policyXml` (a busconfig document, such as the
    // shipped os-image/dbus/org.mamori.Vault1.conf) is included. The directory is world-readable
    // so that clients running as other users can reach the socket.
    static Result<std::unique_ptr<PrivateBus>> startWithPolicy(const QString& policyXml);
    ~PrivateBus();
    PrivateBus(const PrivateBus&) = delete;
    PrivateBus& operator=(const PrivateBus&) = delete;

    // "unix:path=/tmp/…/bus,guid=…"
    const QString& address() const noexcept { return m_address; }

private:
    PrivateBus() = default;
    static Result<std::unique_ptr<PrivateBus>> launch(const QString& policyXml);
    QTemporaryDir m_dir;
    QString m_address;
    pid_t m_pid = -1;
};

} // namespace mamori::test

// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/private_bus.h"

#include <QFile>

#include <csignal>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace mamori::test {

Result<std::unique_ptr<PrivateBus>> PrivateBus::start() { return launch(QString()); }

Result<std::unique_ptr<PrivateBus>> PrivateBus::startWithPolicy(const QString& policyXml) { return launch(policyXml); }

Result<std::unique_ptr<PrivateBus>> PrivateBus::launch(const QString& policyXml)
{
    if (::access("/usr/bin/dbus-daemon", X_OK) != 0)
        return Error(ErrorCode::Unavailable, "dbus-daemon is not installed (Debian package dbus)");
    std::unique_ptr<PrivateBus> bus(new PrivateBus());
    if (!bus->m_dir.isValid())
        return Error(ErrorCode::StorageIo, "temporary directory for the bus");
    const QString config = bus->m_dir.filePath(QStringLiteral("bus.conf"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return Error(ErrorCode::StorageIo, "write bus.conf");
    const QString socket = bus->m_dir.filePath(QStringLiteral("bus"));
    if (policyXml.isEmpty()) {
        file.write(QStringLiteral(R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=%1</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)")
                       .arg(socket)
                       .toUtf8());
    } else {
        const QString included = bus->m_dir.filePath(QStringLiteral("policy.conf"));
        QFile policy(included);
        if (!policy.open(QIODevice::WriteOnly) || policy.write(policyXml.toUtf8()) < 0)
            return Error(ErrorCode::StorageIo, "write policy.conf");
        policy.close();
        // Debian's system.conf default context, then the policy under test.
        file.write(QStringLiteral(R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=%1</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>
  </policy>
  <include>%2</include>
</busconfig>
)")
                       .arg(socket, included)
                       .toUtf8());
        QFile::setPermissions(bus->m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                     QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                                                     QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                     QFileDevice::ExeOther);
    }
    file.close();

    int pipeFds[2];
    if (::pipe(pipeFds) != 0)
        return Error(ErrorCode::Unavailable, "pipe");
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0)
        return Error(ErrorCode::Unavailable, "fork dbus-daemon");
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(127);
        ::dup2(pipeFds[1], 1);
        ::close(pipeFds[0]);
        const QByteArray configArgument = ("--config-file=" + config).toLocal8Bit();
        ::execl("/usr/bin/dbus-daemon", "dbus-daemon", configArgument.constData(), "--nofork", "--print-address=1",
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(pipeFds[1]);
    bus->m_pid = pid;
    // The daemon prints its address once it listens.
    QByteArray address;
    pollfd descriptor{pipeFds[0], POLLIN, 0};
    while (!address.contains('\n') && ::poll(&descriptor, 1, 5000) > 0) {
        char buffer[256];
        const ssize_t got = ::read(pipeFds[0], buffer, sizeof buffer);
        if (got <= 0)
            break;
        address.append(buffer, static_cast<qsizetype>(got));
    }
    ::close(pipeFds[0]);
    if (!address.contains('\n'))
        return Error(ErrorCode::Timeout, "dbus-daemon did not print its address");
    bus->m_address = QString::fromUtf8(address.trimmed());
    return bus;
}

PrivateBus::~PrivateBus()
{
    if (m_pid > 0) {
        ::kill(m_pid, SIGTERM);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
}

} // namespace mamori::test

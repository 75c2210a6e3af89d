// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The daemon end to end, for the vaultd tests: a real swtpm, a vault provisioned on it and seeded by
// the test (in process, before the daemon starts), a private dbus-daemon and mamori-vaultd
// (MAMORI_VAULTD, set by CTest) serving it; plus the client side — connections, the interface and
// a card login. The cards are software keys (tests/support/test_card.h). Fails with qFatal.

#include "services/vault/vault.h"
#include "tests/support/private_bus.h"
#include "tests/support/swtpm.h"
#include "tests/support/test_card.h"

#include <QByteArray>
#include <QDBusConnection>
#include <QDBusInterface>
#include <QProcess>
#include <QStringList>

#include <filesystem>
#include <functional>
#include <memory>

namespace mamori::test {

std::vector<std::uint8_t> bytesOf(const QByteArray& array);
QByteArray arrayOf(const std::vector<std::uint8_t>& bytes);

class VaultdHarness {
public:
    explicit VaultdHarness(std::string deviceId) : m_deviceId(std::move(deviceId)) {}
    ~VaultdHarness();

    // swtpm, provisioning, `seed` on the open vault (closed again before the daemon starts), the
    // bus and the daemon with `extraArguments`; waits until the name is on the bus.
    void start(const std::function<void(vault::Vault&)>& seed, const QStringList& extraArguments = {});
    // SIGTERM; true when the daemon exited 0.
    bool stop();

    QDBusConnection connect(const QString& name);
    std::unique_ptr<QDBusInterface> vaultOn(const QDBusConnection& connection) const;
    // Logs `card` in on the interface's connection; returns the session map.
    QVariantMap login(QDBusInterface& vault, const TestCard& card) const;
    // The card's step-up over `operation` (BeginStepUp's names and arguments): {nonce, signature}.
    std::pair<QByteArray, QByteArray> stepUp(QDBusInterface& vault, const TestCard& card, const QString& operation,
                                             const QVariantMap& arguments) const;

    const std::string& deviceId() const { return m_deviceId; }
    QStringList daemonArguments() const;

    std::unique_ptr<Swtpm> tpm;
    std::unique_ptr<PrivateBus> bus;
    QProcess daemon;
    std::filesystem::path state;

private:
    std::string m_deviceId;
    int m_connections = 0;
};

} // namespace mamori::test

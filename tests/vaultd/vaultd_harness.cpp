// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/vaultd/vaultd_harness.h"

#include "services/common/card_messages.h"
#include "services/vault/tpm_key_source.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusReply>
#include <QTest>

#include <sodium.h>

namespace mamori::test {

std::vector<std::uint8_t> bytesOf(const QByteArray& array)
{
    return {reinterpret_cast<const std::uint8_t*>(array.constData()),
            reinterpret_cast<const std::uint8_t*>(array.constData()) + array.size()};
}

QByteArray arrayOf(const std::vector<std::uint8_t>& bytes)
{
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()));
}

VaultdHarness::~VaultdHarness()
{
    if (daemon.state() != QProcess::NotRunning) {
        daemon.terminate();
        daemon.waitForFinished(5000);
    }
}

void VaultdHarness::start(const std::function<void(vault::Vault&)>& seed, const QStringList& extraArguments)
{
    if (sodium_init() < 0)
        qFatal("sodium_init");
    auto started = Swtpm::start();
    if (!started.ok())
        qFatal("%s", started.error().describe().c_str());
    tpm = std::move(started).value();
    state = tpm->directory() / "state";

    tpm::TpmSettings settings;
    settings.tcti = tpm->tcti();
    settings.stateDirectory = state;
    {
        auto store = tpm::KeyStore::connect(settings);
        if (!store.ok() || !store.value()->provision({crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}).ok())
            qFatal("provision");
    }
    {
        vault::VaultOptions options;
        options.path = (state / "vault.db").string();
        options.create = true;
        options.deviceId = m_deviceId;
        vault::SystemClock clock;
        auto opened = vault::openVaultOnTpm(settings, options, clock);
        if (!opened.ok())
            qFatal("%s", opened.error().describe().c_str());
        seed(*opened.value().vault);
    }

    auto privateBus = PrivateBus::start();
    if (!privateBus.ok())
        qFatal("%s", privateBus.error().describe().c_str());
    bus = std::move(privateBus).value();
    const QString program = qEnvironmentVariable("MAMORI_VAULTD");
    if (program.isEmpty())
        qFatal("MAMORI_VAULTD is not set (CTest sets it)");
    daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    daemon.start(program, daemonArguments() + QStringList{QStringLiteral("--bus"), bus->address()} + extraArguments);
    if (!daemon.waitForStarted(5000))
        qFatal("mamori-vaultd did not start");
    const QDBusConnection watcher = connect(QStringLiteral("watcher"));
    QTRY_VERIFY_WITH_TIMEOUT(watcher.interface()->isServiceRegistered(QStringLiteral("org.mamori.Vault1")), 10000);
    if (!watcher.interface()->isServiceRegistered(QStringLiteral("org.mamori.Vault1")))
        qFatal("mamori-vaultd did not take its name");
}

QStringList VaultdHarness::daemonArguments() const
{
    return {QStringLiteral("--state-dir"), QString::fromStdString(state.string()),
            QStringLiteral("--tcti"),      QString::fromStdString(tpm->tcti()),
            QStringLiteral("--device-id"), QString::fromStdString(m_deviceId)};
}

bool VaultdHarness::stop()
{
    if (daemon.state() == QProcess::NotRunning)
        return daemon.exitStatus() == QProcess::NormalExit && daemon.exitCode() == 0;
    daemon.terminate();
    return daemon.waitForFinished(5000) && daemon.exitStatus() == QProcess::NormalExit && daemon.exitCode() == 0;
}

QDBusConnection VaultdHarness::connect(const QString& name)
{
    const QString unique = name + QString::number(++m_connections);
    QDBusConnection connection = QDBusConnection::connectToBus(bus->address(), unique);
    if (!connection.isConnected())
        qFatal("cannot connect to the private bus");
    return connection;
}

std::unique_ptr<QDBusInterface> VaultdHarness::vaultOn(const QDBusConnection& connection) const
{
    auto vault =
        std::make_unique<QDBusInterface>(QStringLiteral("org.mamori.Vault1"), QStringLiteral("/org/mamori/Vault1"),
                                         QStringLiteral("org.mamori.Vault1"), connection);
    vault->setTimeout(10000);
    return vault;
}

QVariantMap VaultdHarness::login(QDBusInterface& vault, const TestCard& card) const
{
    const QString cardId = QString::fromStdString(card.cardId());
    const QDBusReply<QByteArray> nonce = vault.call(QStringLiteral("BeginLogin"), cardId);
    if (!nonce.isValid())
        qFatal("BeginLogin: %s", qPrintable(nonce.error().name()));
    const auto signature = card.sign(loginMessage(m_deviceId, bytesOf(nonce.value())));
    const QDBusReply<QVariantMap> session = vault.call(QStringLiteral("CompleteLogin"), cardId, arrayOf(signature));
    if (!session.isValid())
        qFatal("CompleteLogin: %s", qPrintable(session.error().name()));
    return session.value();
}

std::pair<QByteArray, QByteArray> VaultdHarness::stepUp(QDBusInterface& vault, const TestCard& card,
                                                        const QString& operation, const QVariantMap& arguments) const
{
    const QDBusMessage reply = vault.call(QStringLiteral("BeginStepUp"), operation, arguments);
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().size() != 2)
        qFatal("BeginStepUp: %s", qPrintable(reply.errorName()));
    const QByteArray nonce = reply.arguments().at(0).toByteArray();
    const QByteArray canonical = reply.arguments().at(1).toString().toUtf8();
    const auto signature =
        card.sign(stepUpMessage(m_deviceId, bytesOf(nonce),
                                std::string_view(canonical.constData(), static_cast<std::size_t>(canonical.size()))));
    return {nonce, arrayOf(signature)};
}

} // namespace mamori::test

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// VaultClient: the kiosk's one way to mamori-vaultd (org.mamori.Vault1 at /org/mamori/Vault1).
// Every call is asynchronous (QDBusPendingCallWatcher): the UI thread never waits for the vault.
// The session the vault keeps is bound to this client's bus connection, so one client serves the
// whole kiosk and nothing else uses its connection.
//
// A reply is handed to the callback as a VaultReply: the arguments on success, or the error number
// (vault_error.h) on failure. The callback runs on the client's thread, and only while `context`
// lives — a screen or model that is gone by the time the reply comes is never called.
//
// Owned by the app (or a test) and shared by Session and ClerkDesk; GUI thread only.

#include <QDBusConnection>
#include <QObject>
#include <QPointer>
#include <QVariant>
#include <QVariantList>
#include <QVariantMap>

#include <functional>

namespace mamori::ui {

struct VaultReply {
    int error = 0; // 0: success; otherwise the error number (vault_error.h)
    QVariantList arguments;

    bool ok() const noexcept { return error == 0; }
    QVariant first() const { return arguments.value(0); }
};

class VaultClient : public QObject {
    Q_OBJECT

public:
    static constexpr int kDefaultTimeoutMs = 15000;

    explicit VaultClient(const QDBusConnection& connection, QObject* parent = nullptr);

    // Calls `method` with `arguments`; `done` runs later with the outcome, unless `context` died.
    void call(const QString& method, const QVariantList& arguments, QObject* context,
              std::function<void(const VaultReply&)> done);
    // The same, for calls whose outcome does not matter to the caller (CardRemoved on a lock).
    void send(const QString& method, const QVariantList& arguments = {});

    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    bool connected() const { return m_connection.isConnected(); }

    // Nested containers in a reply arrive as QDBusArgument; these unwrap them.
    static QVariantMap mapOf(const QVariant& value);
    static QVariantList listOf(const QVariant& value);

private:
    QDBusConnection m_connection;
    int m_timeoutMs = kDefaultTimeoutMs;
};

} // namespace mamori::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/vault_client.h"

#include "kiosk/client/vault_error.h"

#include <QDBusArgument>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>

namespace mamori::ui {

namespace {
const QString kService = QStringLiteral("org.mamori.Vault1");
const QString kPath = QStringLiteral("/org/mamori/Vault1");
const QString kInterface = QStringLiteral("org.mamori.Vault1");
} // namespace

VaultClient::VaultClient(const QDBusConnection& connection, QObject* parent) : QObject(parent), m_connection(connection)
{}

void VaultClient::call(const QString& method, const QVariantList& arguments, QObject* context,
                       std::function<void(const VaultReply&)> done)
{
    QDBusMessage message = QDBusMessage::createMethodCall(kService, kPath, kInterface, method);
    message.setArguments(arguments);
    const QDBusPendingCall pending = m_connection.asyncCall(message, m_timeoutMs);
    auto* watcher = new QDBusPendingCallWatcher(pending, this);
    const QPointer<QObject> guard(context);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [guard, hadContext = context != nullptr, done = std::move(done)](QDBusPendingCallWatcher* finished) {
                finished->deleteLater();
                if (hadContext && !guard)
                    return;
                VaultReply reply;
                const QDBusMessage answer = finished->reply();
                if (finished->isError() || answer.type() != QDBusMessage::ReplyMessage)
                    reply.error = errorNumberOf(finished->error());
                else
                    reply.arguments = answer.arguments();
                if (done)
                    done(reply);
            });
}

void VaultClient::send(const QString& method, const QVariantList& arguments) { call(method, arguments, this, {}); }

QVariantMap VaultClient::mapOf(const QVariant& value)
{
    if (value.canConvert<QDBusArgument>())
        return qdbus_cast<QVariantMap>(value.value<QDBusArgument>());
    return value.toMap();
}

QVariantList VaultClient::listOf(const QVariant& value)
{
    if (value.canConvert<QDBusArgument>())
        return qdbus_cast<QVariantList>(value.value<QDBusArgument>());
    return value.toList();
}

} // namespace mamori::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/demo_client.h"

#include "services/common/card_messages.h"
#include "services/common/secret_buffer.h"

#include <QDBusArgument>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusReply>
#include <QThread>

#include <sodium.h>

namespace mamori::demo {
namespace {

constexpr const char* kService = "org.mamori.Vault1";
constexpr const char* kPath = "/org/mamori/Vault1";

Error busError(const char* what, const QDBusError& error)
{
    return Error(ErrorCode::Internal, std::string(what) + ": " + errorName(error));
}

} // namespace

std::vector<std::uint8_t> bytesOf(const QByteArray& array)
{
    return {reinterpret_cast<const std::uint8_t*>(array.constData()),
            reinterpret_cast<const std::uint8_t*>(array.constData()) + array.size()};
}

QByteArray arrayOf(const std::vector<std::uint8_t>& bytes)
{
    return {reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size())};
}

QVariantMap mapOf(const QVariant& value)
{
    if (value.canConvert<QDBusArgument>())
        return qdbus_cast<QVariantMap>(value.value<QDBusArgument>());
    return value.toMap();
}

QVariantList listOf(const QVariant& value)
{
    if (value.canConvert<QDBusArgument>())
        return qdbus_cast<QVariantList>(value.value<QDBusArgument>());
    return value.toList();
}

std::string errorName(const QDBusError& error) { return error.name().section(QLatin1Char('.'), -1).toStdString(); }

Result<std::unique_ptr<DemoCard>> DemoCard::open(const std::string& modulePath, const std::string& label)
{
    auto card = std::unique_ptr<DemoCard>(new DemoCard());
    MAMORI_ASSIGN_OR_RETURN(card->m_module, smartcard::Pkcs11Module::load(modulePath));
    MAMORI_ASSIGN_OR_RETURN(const auto slotList, card->m_module->slotIds(true));
    bool found = false;
    for (const unsigned long id : slotList) {
        const auto info = card->m_module->tokenInfo(id);
        if (info.ok() && info.value().label == label) {
            card->m_slot = id;
            found = true;
            break;
        }
    }
    if (!found)
        return Error(ErrorCode::CardAbsent, "no token labelled '" + label + "' (is SOFTHSM2_CONF the demo's?)");
    MAMORI_ASSIGN_OR_RETURN(card->m_session, smartcard::CardSession::open(card->m_module, card->m_slot));
    MAMORI_ASSIGN_OR_RETURN(card->m_certificate, card->m_session->loginCertificate());
    return card;
}

Result<std::vector<std::uint8_t>> DemoCard::sign(const std::string& pin, std::span<const std::uint8_t> message)
{
    MAMORI_ASSIGN_OR_RETURN(
        const SecretBuffer secret,
        SecretBuffer::copyOf(std::span(reinterpret_cast<const std::uint8_t*>(pin.data()), pin.size())));
    MAMORI_TRY(m_session->login(secret));
    auto signature = m_session->sign(m_certificate, message);
    MAMORI_TRY(m_session->logout());
    return signature;
}

Result<std::unique_ptr<QDBusInterface>> connectVault(const QString& address, const QString& connectionName)
{
    QDBusConnection connection = QDBusConnection::connectToBus(address, connectionName);
    if (!connection.isConnected())
        return Error(ErrorCode::Internal, "cannot connect to the bus " + address.toStdString());
    for (int waited = 0; !connection.interface()->isServiceRegistered(QString::fromLatin1(kService)); ++waited) {
        if (waited > 300)
            return Error(ErrorCode::Timeout, "mamori-vaultd did not register org.mamori.Vault1 within 15 s");
        QThread::msleep(50);
    }
    auto vault = std::make_unique<QDBusInterface>(QString::fromLatin1(kService), QString::fromLatin1(kPath),
                                                  QString::fromLatin1(kService), connection);
    vault->setTimeout(30000);
    return vault;
}

Result<QVariantMap> login(QDBusInterface& vault, DemoCard& card, const std::string& pin, const std::string& deviceId)
{
    const QDBusReply<QByteArray> nonce = vault.call(QStringLiteral("BeginLogin"), card.cardId());
    if (!nonce.isValid())
        return busError("BeginLogin", nonce.error());
    MAMORI_ASSIGN_OR_RETURN(const auto signature, card.sign(pin, loginMessage(deviceId, bytesOf(nonce.value()))));
    const QDBusReply<QVariantMap> session =
        vault.call(QStringLiteral("CompleteLogin"), card.cardId(), arrayOf(signature));
    if (!session.isValid())
        return busError("CompleteLogin", session.error());
    return session.value();
}

Result<std::pair<QByteArray, QByteArray>> stepUp(QDBusInterface& vault, DemoCard& card, const std::string& pin,
                                                 const std::string& deviceId, const QString& operation,
                                                 const QVariantMap& arguments)
{
    const QDBusMessage reply = vault.call(QStringLiteral("BeginStepUp"), operation, arguments);
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().size() != 2)
        return busError("BeginStepUp", QDBusError(reply));
    const QByteArray nonce = reply.arguments().at(0).toByteArray();
    const QByteArray canonical = reply.arguments().at(1).toString().toUtf8();
    MAMORI_ASSIGN_OR_RETURN(
        const auto signature,
        card.sign(pin,
                  stepUpMessage(deviceId, bytesOf(nonce),
                                std::string_view(canonical.constData(), static_cast<std::size_t>(canonical.size())))));
    return std::pair{nonce, arrayOf(signature)};
}

} // namespace mamori::demo

// SPDX-License-Identifier: GPL-3.0-or-later
#include "provisioning/provision/vault_client.h"

#include "services/common/card_messages.h"

#include <QDBusArgument>
#include <QDBusConnectionInterface>
#include <QDBusInterface>
#include <QDBusMessage>
#include <QDBusReply>

namespace mamori::provision {
namespace {

constexpr const char* kService = "org.mamori.Vault1";
constexpr const char* kPath = "/org/mamori/Vault1";

QDBusConnection connectBus(const std::string& bus, const QString& name)
{
    if (bus == "system")
        return QDBusConnection::systemBus();
    if (bus == "session")
        return QDBusConnection::sessionBus();
    return QDBusConnection::connectToBus(QString::fromStdString(bus), name);
}

ErrorCode codeOfName(const QString& dbusName)
{
    const std::string name = dbusName.section(QLatin1Char('.'), -1).toStdString();
    for (int number = 1; number < 1000; ++number) {
        const auto code = static_cast<ErrorCode>(number);
        if (hasErrorText(code) && errorName(code) == name)
            return code;
    }
    return ErrorCode::Internal;
}

Error busError(const char* method, const QDBusError& error)
{
    if (!error.name().startsWith(QLatin1String("org.mamori.Vault1.Error.")))
        return Error(ErrorCode::Unavailable,
                     std::string(method) + ": " + error.name().toStdString() + " " + error.message().toStdString());
    return Error(codeOfName(error.name()), std::string(method) + ": the vault refused (" +
                                               error.name().section(QLatin1Char('.'), -1).toStdString() + ")");
}

QByteArray arrayOf(const std::vector<std::uint8_t>& bytes)
{
    return {reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size())};
}

std::vector<std::uint8_t> bytesOf(const QByteArray& array)
{
    return {reinterpret_cast<const std::uint8_t*>(array.constData()),
            reinterpret_cast<const std::uint8_t*>(array.constData()) + array.size()};
}

QVariantMap mapOf(const QVariant& value)
{
    if (value.canConvert<QDBusArgument>())
        return qdbus_cast<QVariantMap>(value.value<QDBusArgument>());
    return value.toMap();
}

std::vector<std::string> stringsOf(const QVariant& value)
{
    QStringList list;
    if (value.canConvert<QDBusArgument>())
        list = qdbus_cast<QStringList>(value.value<QDBusArgument>());
    else
        list = value.toStringList();
    std::vector<std::string> out;
    for (const QString& item : list)
        out.push_back(item.toStdString());
    return out;
}

QStringList qlist(const std::vector<std::string>& items)
{
    QStringList out;
    for (const auto& item : items)
        out << QString::fromStdString(item);
    return out;
}

} // namespace

VaultClient::~VaultClient() = default;

Result<std::unique_ptr<VaultClient>> VaultClient::connect(const std::string& bus)
{
    auto client = std::unique_ptr<VaultClient>(new VaultClient());
    client->m_connection = connectBus(bus, QStringLiteral("mamori-provision"));
    if (!client->m_connection.isConnected())
        return Error(ErrorCode::Unavailable, "cannot connect to the " + bus + " bus");
    if (!client->m_connection.interface()->isServiceRegistered(QString::fromLatin1(kService)))
        return Error(ErrorCode::Unavailable, "mamori-vaultd is not on the " + bus + " bus (start it first)");
    client->m_vault = std::make_unique<QDBusInterface>(QString::fromLatin1(kService), QString::fromLatin1(kPath),
                                                       QString::fromLatin1(kService), client->m_connection);
    client->m_vault->setTimeout(30000);
    return client;
}

Result<std::string> VaultClient::deviceId()
{
    const QDBusReply<QVariantMap> status = m_vault->call(QStringLiteral("Status"));
    if (!status.isValid())
        return busError("Status", status.error());
    const QString id = status.value().value(QStringLiteral("deviceId")).toString();
    if (id.isEmpty())
        return Error(ErrorCode::Internal, "Status: no device id");
    return id.toStdString();
}

Result<std::vector<std::string>> VaultClient::login(ProvisionCard& card, PinSource& pins, const std::string& who)
{
    MAMORI_ASSIGN_OR_RETURN(const std::string device, deviceId());
    const QString cardId = QString::fromStdString(card.cardId());
    const QDBusReply<QByteArray> nonce = m_vault->call(QStringLiteral("BeginLogin"), cardId);
    if (!nonce.isValid())
        return busError("BeginLogin", nonce.error());
    MAMORI_ASSIGN_OR_RETURN(const auto signature, card.sign(pins, who, loginMessage(device, bytesOf(nonce.value()))));
    const QDBusReply<QVariantMap> session = m_vault->call(QStringLiteral("CompleteLogin"), cardId, arrayOf(signature));
    if (!session.isValid())
        return busError("CompleteLogin", session.error());
    return stringsOf(session.value().value(QStringLiteral("roles")));
}

Result<std::int64_t> VaultClient::createUser(const std::string& displayName, const std::vector<std::string>& roles,
                                             const std::vector<std::string>& departments)
{
    const QDBusReply<qlonglong> reply = m_vault->call(QStringLiteral("CreateUser"), QString::fromStdString(displayName),
                                                      qlist(roles), qlist(departments));
    if (!reply.isValid())
        return busError("CreateUser", reply.error());
    return static_cast<std::int64_t>(reply.value());
}

Status VaultClient::enrolCard(std::int64_t userId, const std::vector<std::uint8_t>& certificateDer)
{
    const QDBusMessage reply =
        m_vault->call(QStringLiteral("EnrolCard"), static_cast<qlonglong>(userId), arrayOf(certificateDer));
    if (reply.type() != QDBusMessage::ReplyMessage)
        return busError("EnrolCard", QDBusError(reply));
    return okStatus();
}

Status VaultClient::revokeCard(const std::string& cardId)
{
    const QDBusMessage reply = m_vault->call(QStringLiteral("RevokeCard"), QString::fromStdString(cardId));
    if (reply.type() != QDBusMessage::ReplyMessage)
        return busError("RevokeCard", QDBusError(reply));
    return okStatus();
}

Result<std::vector<CardListing>> VaultClient::listCards()
{
    const QDBusMessage reply = m_vault->call(QStringLiteral("ListCards"));
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().size() != 1)
        return busError("ListCards", QDBusError(reply));
    QVariantList items;
    const QVariant argument = reply.arguments().at(0);
    if (argument.canConvert<QDBusArgument>()) {
        // aa{sv} as the interface file says; av (a QVariantList of maps) is read too.
        const QDBusArgument array = argument.value<QDBusArgument>();
        const bool ofVariants = array.currentSignature() == QLatin1String("av");
        array.beginArray();
        while (!array.atEnd()) {
            if (ofVariants) {
                QDBusVariant element;
                array >> element;
                items.push_back(element.variant());
            } else {
                QVariantMap item;
                array >> item;
                items.push_back(item);
            }
        }
        array.endArray();
    } else {
        items = argument.toList();
    }
    std::vector<CardListing> cards;
    for (const QVariant& value : items) {
        const QVariantMap item = mapOf(value);
        CardListing card;
        card.cardId = item.value(QStringLiteral("cardId")).toString().toStdString();
        card.userId = item.value(QStringLiteral("userId")).toLongLong();
        card.displayName = item.value(QStringLiteral("displayName")).toString().toStdString();
        card.roles = stringsOf(item.value(QStringLiteral("roles")));
        card.departments = stringsOf(item.value(QStringLiteral("departments")));
        card.enrolledMs = item.value(QStringLiteral("enrolledMs")).toLongLong();
        card.revoked = item.value(QStringLiteral("revoked")).toBool();
        card.revokedMs = item.value(QStringLiteral("revokedMs")).toLongLong();
        cards.push_back(std::move(card));
    }
    return cards;
}

Status VaultClient::logout()
{
    const QDBusMessage reply = m_vault->call(QStringLiteral("Logout"));
    if (reply.type() != QDBusMessage::ReplyMessage)
        return busError("Logout", QDBusError(reply));
    return okStatus();
}

bool vaultdOnBus(const std::string& bus)
{
    QDBusConnection connection = connectBus(bus, QStringLiteral("mamori-provision-probe"));
    const bool present =
        connection.isConnected() && connection.interface()->isServiceRegistered(QString::fromLatin1(kService)).value();
    if (bus != "system" && bus != "session")
        QDBusConnection::disconnectFromBus(QStringLiteral("mamori-provision-probe"));
    return present;
}

} // namespace mamori::provision

// SPDX-License-Identifier: GPL-3.0-or-later
// The D-Bus methods the device's own services call, and the administrator's list of cards.
//
// mamori-logd (AuditBundleSince) and mamori-courier (ReportDelivery) hold no card: they are known by
// the user id the bus daemon vouches for (GetConnectionUnixUser), which must equal the one the daemon
// was started with (--log-user, --courier-user). The bus policy (os-image/dbus) already admits only
// those users to those methods; this check holds even under a looser policy, e.g. a session bus.

#include "services/vaultd/vault_service.h"

#include "services/vaultd/dbus_values.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>

namespace mamori::vaultd {

bool VaultService::callerIsService(const std::optional<uint>& expected)
{
    if (!calledFromDBus())
        return false;
    if (expected) {
        const QDBusReply<uint> uid = connection().interface()->serviceUid(message().service());
        if (uid.isValid() && uid.value() == *expected)
            return true;
    }
    refuse(Error(ErrorCode::PermissionDenied, "not the service's user"));
    return false;
}

QByteArray VaultService::AuditBundleSince(qulonglong afterSequence, uint maxEntries, qulonglong& headSequence)
{
    headSequence = 0;
    if (!callerIsService(m_serviceUsers.log))
        return {};
    const auto pull = m_host.vault().pullAuditLog(m_host.keys(), afterSequence, maxEntries);
    if (refused(pull))
        return {};
    headSequence = pull.value().headSequence;
    return arrayOf(pull.value().bundle);
}

void VaultService::ReportDelivery(qulonglong provideSequence, const QString& outcome, const QString& detail)
{
    if (!callerIsService(m_serviceUsers.courier))
        return;
    const auto parsed = vault::deliveryOutcomeFromName(outcome.toStdString());
    if (!parsed) {
        refuse(Error(ErrorCode::InvalidArgument, "outcome is delivered, failed, blocked or refused"));
        return;
    }
    if (detail.size() > 200) {
        refuse(Error(ErrorCode::TooLarge, "detail over 200 characters"));
        return;
    }
    (void)refused(m_host.vault().reportDelivery(provideSequence, *parsed, detail.toStdString()));
}

QVariantList VaultService::ListCards()
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    const auto cards = m_host.vault().listCards(*session);
    if (refused(cards))
        return {};
    QVariantList list;
    for (const vault::CardInfo& card : cards.value()) {
        QVariantMap item;
        item.insert(QStringLiteral("cardId"), text(card.cardId));
        item.insert(QStringLiteral("userId"), QVariant::fromValue<qlonglong>(card.userId));
        item.insert(QStringLiteral("displayName"), text(card.displayName));
        QStringList roles;
        for (const std::string& role : card.roles)
            roles.append(text(role));
        QStringList departments;
        for (const std::string& department : card.departments)
            departments.append(text(department));
        item.insert(QStringLiteral("roles"), roles);
        item.insert(QStringLiteral("departments"), departments);
        item.insert(QStringLiteral("enrolledMs"), QVariant::fromValue<qlonglong>(card.enrolledMs));
        item.insert(QStringLiteral("revoked"), card.revoked);
        item.insert(QStringLiteral("revokedMs"), QVariant::fromValue<qlonglong>(card.revokedMs));
        list.append(item);
    }
    return list;
}

} // namespace mamori::vaultd

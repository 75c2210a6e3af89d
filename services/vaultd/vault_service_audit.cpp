// SPDX-License-Identifier: GPL-3.0-or-later
// VaultService: the administrator's and officer's side of the log — the viewer's query, the
// verification, the signed bundle for mamori-admin — and the backup to a medium the kiosk opened.

#include "services/vaultd/vault_service.h"

#include "services/common/file_io.h"
#include "services/vault/audit_chain.h"
#include "services/vaultd/dbus_values.h"
#include "services/vaultd/request_checks.h"

namespace mamori::vaultd {

QVariantMap VaultService::QueryAudit(const QVariantMap& query)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    const auto parsed = checkAuditQuery(query);
    if (refused(parsed))
        return {};
    const auto page = m_vault.queryAudit(*session, parsed.value());
    if (refused(page))
        return {};
    QVariantList rows;
    for (const vault::AuditRow& row : page.value().rows)
        rows.append(auditRowMap(row));
    QVariantMap reply;
    reply.insert(QStringLiteral("rows"), rows);
    reply.insert(QStringLiteral("more"), page.value().more);
    reply.insert(QStringLiteral("headSequence"), QVariant::fromValue<qulonglong>(page.value().headSequence));
    reply.insert(QStringLiteral("checkpointSequence"),
                 QVariant::fromValue<qulonglong>(page.value().checkpointSequence));
    reply.insert(QStringLiteral("checkpointMs"), QVariant::fromValue<qlonglong>(page.value().checkpointMs));
    reply.insert(QStringLiteral("checkpointCounter"), QVariant::fromValue<qulonglong>(page.value().checkpointCounter));
    return reply;
}

QVariantMap VaultService::Backup(const QDBusUnixFileDescriptor& medium)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    if (refused(checkWritableFile(medium.fileDescriptor()))) // -1 when no descriptor came
        return {};
    const auto info = m_vault.backupToDescriptor(*session, medium.fileDescriptor());
    if (refused(info))
        return {};
    QVariantMap reply;
    reply.insert(QStringLiteral("createdMs"), QVariant::fromValue<qlonglong>(info.value().createdMs));
    reply.insert(QStringLiteral("auditSequence"), QVariant::fromValue<qulonglong>(info.value().auditSequence));
    reply.insert(QStringLiteral("bytes"), QVariant::fromValue<qulonglong>(info.value().bytes));
    return reply;
}

QByteArray VaultService::ExportAuditBundle(qulonglong fromSequence)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    if (fromSequence == 0) {
        refuse(Error(ErrorCode::InvalidArgument, "sequences start at 1"));
        return {};
    }
    const auto bundle = m_vault.exportAuditBundle(*session, m_keys, fromSequence);
    if (refused(bundle))
        return {};
    return arrayOf(bundle.value());
}

QVariantMap VaultService::VerifyAudit()
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    const auto report = m_vault.verifyAudit(*session, m_keys);
    if (refused(report))
        return {};
    QVariantMap reply;
    reply.insert(QStringLiteral("clean"), report.value().clean());
    reply.insert(QStringLiteral("damage"), text(vault::damageKindName(report.value().kind)));
    reply.insert(QStringLiteral("sequence"), QVariant::fromValue<qulonglong>(report.value().sequence));
    reply.insert(QStringLiteral("provenThrough"), QVariant::fromValue<qulonglong>(report.value().provenThrough));
    reply.insert(QStringLiteral("entriesVerified"), QVariant::fromValue<qulonglong>(report.value().entriesVerified));
    reply.insert(QStringLiteral("checkpointsVerified"),
                 QVariant::fromValue<qulonglong>(report.value().checkpointsVerified));
    if (report.value().newestCounter)
        reply.insert(QStringLiteral("newestCounter"), QVariant::fromValue<qulonglong>(*report.value().newestCounter));
    return reply;
}

} // namespace mamori::vaultd

// SPDX-License-Identifier: GPL-3.0-or-later
// VaultService: the administrator's and officer's side of the log — the viewer's query, the
// verification, the signed bundle for mamori-admin — and backup to and restore from a medium the
// kiosk opened (file descriptors passed over the bus).

#include "services/vaultd/vault_service.h"

#include "services/common/file_io.h"
#include "services/vault/audit_chain.h"
#include "services/vaultd/argument_checks.h"
#include "services/vaultd/dbus_values.h"
#include "services/vaultd/request_checks.h"

#include <QCoreApplication>
#include <QDBusServiceWatcher>

#include <sodium.h>

namespace mamori::vaultd {
namespace {

constexpr std::uint64_t kMaxBackupBytes = 4ULL << 30; // as Vault::restoreBackup reads it

// Removes the staged copy of an incoming backup however the restore ends.
struct StagedBackup {
    std::filesystem::path path;
    ~StagedBackup()
    {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
    }
};

} // namespace

QVariantMap VaultService::QueryAudit(const QVariantMap& query)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    const auto parsed = checkAuditQuery(query);
    if (refused(parsed))
        return {};
    const auto page = m_host.vault().queryAudit(*session, parsed.value());
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
    const auto info = m_host.vault().backupToDescriptor(*session, medium.fileDescriptor());
    if (refused(info))
        return {};
    QVariantMap reply;
    reply.insert(QStringLiteral("createdMs"), QVariant::fromValue<qlonglong>(info.value().createdMs));
    reply.insert(QStringLiteral("auditSequence"), QVariant::fromValue<qulonglong>(info.value().auditSequence));
    reply.insert(QStringLiteral("bytes"), QVariant::fromValue<qulonglong>(info.value().bytes));
    return reply;
}

QVariantMap VaultService::Restore(const QDBusUnixFileDescriptor& backup, bool replaceNewer, const QByteArray& nonce,
                                  const QByteArray& signature)
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    if (refused(checkStepUp(nonce, signature)))
        return {};
    // Only an administrator's call may make the daemon read (up to 4 GiB) and stage a file: anyone
    // else is refused — and audited — before a byte is read (the vault refuses before the step-up
    // is looked at, so no nonce is spent).
    bool mayRestore = false;
    for (const vault::Role role : session->roles)
        mayRestore = mayRestore || vault::roleMayPerform(role, vault::Operation::Restore);
    if (!mayRestore) {
        const auto refusal = m_host.vault().authorizeRestore(*session, {}, replaceNewer, {});
        refuse(refusal.ok() ? Error(ErrorCode::PermissionDenied, "not an administrator") : refusal.error());
        return {};
    }
    // The unit may write only the state directory: the backup is copied there, and hashed — the
    // administrator's step-up covers exactly these bytes.
    auto bytes = readDescriptor(backup.fileDescriptor(), kMaxBackupBytes);
    if (refused(bytes))
        return {};
    std::array<std::uint8_t, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), bytes.value().data(), bytes.value().size());
    std::string digestHex(digest.size() * 2 + 1, '\0');
    sodium_bin2hex(digestHex.data(), digestHex.size(), digest.data(), digest.size());
    digestHex.pop_back();
    const StagedBackup staged{m_host.stateDirectory() / "incoming.backup"};
    if (refused(writeFileAtomically(staged.path, bytes.value())))
        return {};
    bytes.value().clear();

    const vault::StepUpProof proof{bytesOf(nonce), bytesOf(signature)};
    const auto record = m_host.vault().authorizeRestore(*session, digestHex, replaceNewer, proof);
    if (refused(record))
        return {};
    const vault::RestoreOptions options{replaceNewer, session->cardId, record.value()};
    // Every session was opened on the vault being replaced: all end (the administrator signs in again).
    for (auto& [who, ended] : m_sessions.closeAll()) {
        if (m_watcher)
            m_watcher->removeWatchedService(QString::fromStdString(who));
        (void)m_host.vault().recordSessionEnd(ended, "restore");
    }
    const auto restored = m_host.restore(staged.path, options);
    if (!m_host.isOpen()) {
        // Neither the restored nor the old database opens: nothing can be served (fail closed).
        refuse(restored.error());
        QCoreApplication::exit(2);
        return {};
    }
    if (refused(restored))
        return {};
    QVariantMap reply;
    reply.insert(QStringLiteral("createdMs"), QVariant::fromValue<qlonglong>(restored.value().createdMs));
    reply.insert(QStringLiteral("auditSequence"), QVariant::fromValue<qulonglong>(restored.value().auditSequence));
    reply.insert(QStringLiteral("bytes"), QVariant::fromValue<qulonglong>(restored.value().bytes));
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
    const auto bundle = m_host.vault().exportAuditBundle(*session, m_host.keys(), fromSequence);
    if (refused(bundle))
        return {};
    return arrayOf(bundle.value());
}

QVariantMap VaultService::VerifyAudit()
{
    vault::SessionContext* session = sessionOrRefuse();
    if (!session)
        return {};
    const auto report = m_host.vault().verifyAudit(*session, m_host.keys());
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

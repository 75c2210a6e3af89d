// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// VaultService: the D-Bus face of the vault (org.mamori.Vault1.xml, README.md). Qt is the shell
// here (DESIGN §8): every method checks its arguments' form and size, finds the caller's session
// by the unique bus name the call came from, and hands over to the Qt-free vault, which authorises
// and audits. Nothing in this class decides what a role may do.
//
// Errors go back as org.mamori.Vault1.Error.<ErrorName> with "E0nnn <ErrorName>" as the message —
// never the developer context (which stays out of the UI) and never a number.

#include "services/vault/vault.h"
#include "services/vaultd/login_throttle.h"
#include "services/vaultd/session_registry.h"
#include "services/vaultd/vault_host.h"

#include <QByteArray>
#include <QDBusContext>
#include <QDBusUnixFileDescriptor>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>

#include <filesystem>
#include <functional>
#include <optional>

class QDBusServiceWatcher;
class QTimer;

namespace mamori::vaultd {

constexpr const char* kServiceName = "org.mamori.Vault1";
constexpr const char* kObjectPath = "/org/mamori/Vault1";
constexpr const char* kInterfaceName = "org.mamori.Vault1";

class VaultService : public QObject, protected QDBusContext {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.mamori.Vault1")

public:
    // `outbox`: where provisions are left for mamori-courier (created 0750 if missing).
    VaultService(VaultHost& host, vault::Clock& clock, std::int64_t idleTimeoutMs, std::filesystem::path outbox,
                 QObject* parent = nullptr);
    ~VaultService() override;
    // The user ids of the device's own services (mamori-vaultd --log-user, --courier-user): only
    // they may call AuditBundleSince and ReportDelivery respectively. Unset: nobody may.
    struct ServiceUsers {
        std::optional<uint> log;
        std::optional<uint> courier;
    };
    void setServiceUsers(const ServiceUsers& users) { m_serviceUsers = users; }

    // Starts watching callers on `connection` (NameOwnerChanged) and the idle timer.
    void attach(const QDBusConnection& connection);

public Q_SLOTS:
    Q_SCRIPTABLE QVariantMap Status();
    Q_SCRIPTABLE QByteArray BeginLogin(const QString& cardId);
    Q_SCRIPTABLE QVariantMap CompleteLogin(const QString& cardId, const QByteArray& signature);
    Q_SCRIPTABLE void Logout();
    Q_SCRIPTABLE void CardRemoved();
    Q_SCRIPTABLE void KeepAlive();
    Q_SCRIPTABLE QVariantList Purposes();
    Q_SCRIPTABLE void SetPurpose(const QString& purpose);
    Q_SCRIPTABLE QVariantMap ListSubjects(const QVariantMap& query);
    Q_SCRIPTABLE QByteArray BeginStepUp(const QString& operation, const QVariantMap& arguments,
                                        QString& canonicalOperation);
    Q_SCRIPTABLE QString RevealNumber(const QString& subjectId, const QByteArray& nonce, const QByteArray& signature);
    Q_SCRIPTABLE QByteArray ExportAuditBundle(qulonglong fromSequence);
    Q_SCRIPTABLE QString RegisterSubject(const QVariantMap& subject);
    Q_SCRIPTABLE void NotifyPurpose(const QString& subjectId, const QString& purpose, const QString& notifiedOn);
    Q_SCRIPTABLE void SetNumber(const QString& subjectId, const QString& typed);
    Q_SCRIPTABLE void RecordVerification(const QString& subjectId, const QString& method, const QString& documents);
    Q_SCRIPTABLE QVariantMap ViewSubject(const QString& subjectId);
    Q_SCRIPTABLE QVariantList DueList();
    Q_SCRIPTABLE qlonglong RequestDisposal(const QString& subjectId);
    Q_SCRIPTABLE void ApproveDisposal(qlonglong requestId, const QByteArray& nonce, const QByteArray& signature);
    Q_SCRIPTABLE QVariantMap ExecuteDisposal(qlonglong requestId);
    Q_SCRIPTABLE QVariantMap ImportCsv(const QByteArray& file, bool validRowsOnly);
    Q_SCRIPTABLE void EditSubject(const QString& subjectId, const QVariantMap& edit);
    Q_SCRIPTABLE qlonglong CreateUser(const QString& displayName, const QStringList& roles,
                                      const QStringList& departments);
    Q_SCRIPTABLE void EnrolCard(qlonglong userId, const QByteArray& certificate);
    Q_SCRIPTABLE void RevokeCard(const QString& cardId);
    Q_SCRIPTABLE QVariantMap VerifyAudit();
    // vault_service_export.cpp
    Q_SCRIPTABLE qlonglong RecordDocument(const QString& subjectId, const QVariantMap& document);
    Q_SCRIPTABLE QVariantList Destinations();
    Q_SCRIPTABLE qlonglong RequestExport(const QString& operation, const QStringList& subjects,
                                         const QString& destination);
    Q_SCRIPTABLE void ApproveExport(qlonglong requestId, const QByteArray& nonce, const QByteArray& signature);
    Q_SCRIPTABLE QVariantList ExportRequests();
    Q_SCRIPTABLE QVariantMap Export(const QStringList& subjects, const QString& destination, qlonglong requestId,
                                    const QByteArray& nonce, const QByteArray& signature,
                                    const QDBusUnixFileDescriptor& medium);
    Q_SCRIPTABLE QVariantMap Provide(const QStringList& subjects, const QString& destination, qlonglong requestId,
                                     const QByteArray& nonce, const QByteArray& signature);
    // vault_service_audit.cpp
    Q_SCRIPTABLE QVariantMap QueryAudit(const QVariantMap& query);
    Q_SCRIPTABLE QVariantMap Backup(const QDBusUnixFileDescriptor& medium);
    Q_SCRIPTABLE QVariantMap Restore(const QDBusUnixFileDescriptor& backup, bool replaceNewer, const QByteArray& nonce,
                                     const QByteArray& signature);
    // vault_service_services.cpp: the device's own services and the administrator's card list
    Q_SCRIPTABLE QByteArray AuditBundleSince(qulonglong afterSequence, uint maxEntries, qulonglong& headSequence);
    Q_SCRIPTABLE void ReportDelivery(qulonglong provideSequence, const QString& outcome, const QString& detail);
    Q_SCRIPTABLE QVariantList ListCards();

private:
    std::string caller() const;
    // The caller's session, or an error reply (PermissionDenied) and nullptr.
    vault::SessionContext* sessionOrRefuse();
    void refuse(const Error& error);
    // Sends the error reply and returns true when `result` failed.
    template <typename T> bool refused(const Result<T>& result)
    {
        if (result.ok())
            return false;
        refuse(result.error());
        return true;
    }
    void endSession(const std::string& caller, std::string_view reason);
    // Export and Provide: builds the payload (step-up, approval) and hands it to `deliver`.
    QVariantMap exportPayload(
        vault::Operation operation, const QStringList& subjects, const QString& destination, qlonglong requestId,
        const QByteArray& nonce, const QByteArray& signature,
        const std::function<mamori::Status(const vault::SessionContext&, const vault::ExportPayload&)>& deliver);
    void expireIdleSessions();
    // True when the caller's user id is `expected`; otherwise a PermissionDenied reply and false.
    bool callerIsService(const std::optional<uint>& expected);
    // ResourceExhausted (and true) when the caller has had too many logins refused lately.
    bool throttled();

    VaultHost& m_host; // the vault is asked for on every call: a restore replaces it
    std::filesystem::path m_outbox;
    SessionRegistry m_sessions;
    LoginThrottle m_loginThrottle;
    QDBusServiceWatcher* m_watcher = nullptr;
    QTimer* m_idleTimer = nullptr;
    ServiceUsers m_serviceUsers;
};

} // namespace mamori::vaultd

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// OversightDesk: what the officer (取扱責任者) and the administrator work with once signed in.
//
// - Officer: approvals waiting for them — disposals a clerk asked for (DueList's pendingRequest)
//   and bulk exports/provisions (ExportRequests, pending) — each approved with the officer's own
//   card at this terminal (a step-up: ApproveDisposal / ApproveExport; the vault refuses the
//   requester's own card); and activity review: the log by clerk, action and period.
// - Administrator: the log viewer (filters: person, action, employee code, period; the chain's
//   head and the newest signed checkpoint), a chain check (VerifyAudit: clean or the first damage,
//   entries and checkpoints verified, the TPM counter), alerts (the log's "alert" entries), the
//   enrolled cards with revocation (ListCards, RevokeCard), and the device's state (id, audit
//   head, TPM counter, newest backup and courier delivery as the log records them, version).
// - Administrator, enrolment: the kiosk has one reader and the administrator's card is in it, so a
//   new card is enrolled from its login certificate, which IT brings on the USB medium (the
//   media directory the clerk's import reads; Session passes ClerkDesk's on). The file is read and
//   shown (card id, common name, validity: certificate_file.h); then, with a display name, roles
//   and departments, ListCards (a card already enrolled, even revoked, is refused before anything
//   is written), CreateUser and EnrolCard — as `mamori-provision enroll-card --certificate`. As
//   there, possession of the card is not proven here: the new holder proves it at their first
//   login (the card signs BeginLogin's nonce). The vault authorises and audits each call; no
//   step-up (its policy asks for none).
// - Administrator, backup: `backup` (BackupJob) writes the vault's encrypted backup to the same
//   medium; when the vault has answered, the device's "last backup" and the log are read again.
//
// Nothing here is a number: audit entries and these lists hold none (DESIGN §5). Owned by Session,
// cleared on every lock; GUI thread only.

#include "kiosk/client/audit_log_model.h"
#include "kiosk/client/backup_job.h"
#include "kiosk/client/record_list_model.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>

#include <functional>

namespace mamori::ui {

class VaultClient;

class OversightDesk : public QObject {
    Q_OBJECT
    Q_PROPERTY(mamori::ui::AuditLogModel* log READ log CONSTANT FINAL)
    Q_PROPERTY(mamori::ui::AuditLogModel* alerts READ alerts CONSTANT FINAL)
    Q_PROPERTY(mamori::ui::RecordListModel* approvals READ approvals CONSTANT FINAL)
    Q_PROPERTY(mamori::ui::RecordListModel* cards READ cards CONSTANT FINAL)
    Q_PROPERTY(mamori::ui::BackupJob* backup READ backup CONSTANT FINAL)
    Q_PROPERTY(QVariantMap chain READ chain NOTIFY chainChanged FINAL)
    Q_PROPERTY(QVariantMap device READ device NOTIFY deviceChanged FINAL)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged FINAL)
    Q_PROPERTY(int error READ error NOTIFY errorChanged FINAL)
    Q_PROPERTY(QString mediaDirectory READ mediaDirectory WRITE setMediaDirectory NOTIFY mediaDirectoryChanged FINAL)
    Q_PROPERTY(bool mediumPresent READ mediumPresent NOTIFY certificateFilesChanged FINAL)
    Q_PROPERTY(QStringList certificateFiles READ certificateFiles NOTIFY certificateFilesChanged FINAL)
    Q_PROPERTY(QVariantMap candidate READ candidate NOTIFY candidateChanged FINAL)
    Q_PROPERTY(QVariantList departmentChoices READ departmentChoices NOTIFY departmentChoicesChanged FINAL)
    Q_PROPERTY(bool enrolling READ enrolling NOTIFY enrollingChanged FINAL)
    Q_PROPERTY(int enrolError READ enrolError NOTIFY enrolErrorChanged FINAL)

public:
    // Session's step-up (Session::requestStepUp): the act gets (nonce, signature) and reports back.
    using StepUpDone = std::function<void(int error)>;
    using StepUpAct = std::function<void(const QByteArray& nonce, const QByteArray& signature, StepUpDone done)>;
    using StepUpHook = std::function<void(const QString& operation, const QVariantMap& arguments, StepUpAct act)>;

    explicit OversightDesk(VaultClient* vault, QObject* parent = nullptr);

    AuditLogModel* log() { return &m_log; }
    AuditLogModel* alerts() { return &m_alerts; }
    RecordListModel* approvals() { return &m_approvals; }
    RecordListModel* cards() { return &m_cards; }
    BackupJob* backup() { return &m_backup; }
    QVariantMap chain() const { return m_chain; }
    QVariantMap device() const { return m_device; }
    bool busy() const { return m_busy > 0; }
    int error() const { return m_error; }
    QString mediaDirectory() const { return m_mediaDirectory; }
    void setMediaDirectory(const QString& directory);
    bool mediumPresent() const { return m_mediumPresent; }
    QStringList certificateFiles() const { return m_certificateFiles; }
    // The chosen certificate: fileName, cardId, commonName, notBeforeMs, notAfterMs, expired,
    // notYetValid, and enrolledTo (the holder's name) when the card is already enrolled. Empty
    // while none is chosen.
    QVariantMap candidate() const { return m_candidate; }
    // The departments a new user can be given: {code, name} — the administrator's own (with the
    // names the vault gave at sign-in) and every one an enrolled card holds.
    QVariantList departmentChoices() const { return m_departmentChoices; }
    bool enrolling() const { return m_enrolling; }
    int enrolError() const { return m_enrolError; }

    // The roles a card can be enrolled with at the kiosk.
    static QStringList enrolRoles();

    void setStepUpHook(StepUpHook hook) { m_stepUp = std::move(hook); }
    // After sign-in: loads what the roles see (officer: approvals, log, cards; admin: log, alerts,
    // cards, device). `departmentNames`: CompleteLogin's (code → name) for the enrolment's choices.
    void begin(const QStringList& roles, const QVariantMap& departmentNames = {});
    // Forgets everything (a lock).
    void clear();

    Q_INVOKABLE void refreshApprovals();
    // kind "disposal" or "export"; asks for the PIN again, then approves. Answers approved().
    Q_INVOKABLE void approve(const QString& kind, qlonglong requestId);
    Q_INVOKABLE void refreshCards();
    // Answers revoked(); the card's sessions end at once (the vault does it).
    Q_INVOKABLE void revokeCard(const QString& cardId);
    Q_INVOKABLE void verifyChain();
    Q_INVOKABLE void refreshDevice();
    Q_INVOKABLE void clearError() { setError(0); }

    // Lists the certificate files on the medium (.der .pem .crt .cer; regular files, no links).
    Q_INVOKABLE void refreshCertificateFiles();
    // Reads one of `certificateFiles` into `candidate`; false (with `enrolError`) if it cannot be
    // a card's certificate, or if the card is already enrolled (AlreadyExists, `candidate` kept).
    Q_INVOKABLE bool chooseCertificate(const QString& fileName);
    // Enrols the candidate for a new user: name (1-128 bytes), roles (enrolRoles, at least one),
    // departments (codes). Answers enrolled() or `enrolError`.
    Q_INVOKABLE void enrolCard(const QString& displayName, const QStringList& roles, const QStringList& departments);
    // Forgets the candidate and its error.
    Q_INVOKABLE void cancelEnrolment();
    Q_INVOKABLE void clearEnrolError() { setEnrolError(0); }

signals:
    void chainChanged();
    void deviceChanged();
    void busyChanged();
    void errorChanged();
    void mediaDirectoryChanged();
    void certificateFilesChanged();
    void candidateChanged();
    void departmentChoicesChanged();
    void enrollingChanged();
    void enrolErrorChanged();
    void enrolled(const QString& cardId, qlonglong userId);
    void approved(const QString& kind, qlonglong requestId);
    void revoked(const QString& cardId);
    // A refusal that may mean the vault ended the session: Session checks.
    void permissionDenied();

private:
    void call(const QString& method, const QVariantList& arguments, std::function<void(const QVariantList&)> done);
    void setError(int error);
    void setDeviceValue(const QString& key, const QVariant& value);
    // Status: the device id (also the backup's file name), the log's head.
    void readStatus();
    void newestEntry(const QString& action, const QString& key);
    void setEnrolError(int error);
    void setEnrolling(bool enrolling);
    void updateDepartmentChoices();
    // The holder's name when `cardId` is in `cards` (a{sv} from ListCards), else a null string.
    static QString holderOf(const QVector<QVariantMap>& cards, const QString& cardId);

    QPointer<VaultClient> m_vault;
    AuditLogModel m_log;
    AuditLogModel m_alerts;
    RecordListModel m_approvals;
    RecordListModel m_cards;
    BackupJob m_backup;
    QVariantMap m_chain;
    QVariantMap m_device;
    StepUpHook m_stepUp;
    int m_busy = 0;
    int m_error = 0;
    quint64 m_generation = 0;
    QString m_mediaDirectory;
    bool m_mediumPresent = false;
    QStringList m_certificateFiles;
    QVariantMap m_candidate;
    QByteArray m_candidateDer;
    QVariantMap m_departmentNames;
    QVariantList m_departmentChoices;
    QVector<QVariantMap> m_cardRecords;
    bool m_enrolling = false;
    int m_enrolError = 0;
};

} // namespace mamori::ui

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
//   Enrolling a new card needs that card and an administrator's at once: it is done with
//   `mamori-provision enroll-card` (a second reader), not at the kiosk, which reads one card.
//
// Nothing here is a number: audit entries and these lists hold none (DESIGN §5). Owned by Session,
// cleared on every lock; GUI thread only.

#include "kiosk/client/audit_log_model.h"
#include "kiosk/client/record_list_model.h"

#include <QObject>
#include <QPointer>
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
    Q_PROPERTY(QVariantMap chain READ chain NOTIFY chainChanged FINAL)
    Q_PROPERTY(QVariantMap device READ device NOTIFY deviceChanged FINAL)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged FINAL)
    Q_PROPERTY(int error READ error NOTIFY errorChanged FINAL)

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
    QVariantMap chain() const { return m_chain; }
    QVariantMap device() const { return m_device; }
    bool busy() const { return m_busy > 0; }
    int error() const { return m_error; }

    void setStepUpHook(StepUpHook hook) { m_stepUp = std::move(hook); }
    // After sign-in: loads what the roles see (officer: approvals, log, cards; admin: log, alerts,
    // cards, device).
    void begin(const QStringList& roles);
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

signals:
    void chainChanged();
    void deviceChanged();
    void busyChanged();
    void errorChanged();
    void approved(const QString& kind, qlonglong requestId);
    void revoked(const QString& cardId);
    // A refusal that may mean the vault ended the session: Session checks.
    void permissionDenied();

private:
    void call(const QString& method, const QVariantList& arguments, std::function<void(const QVariantList&)> done);
    void setError(int error);
    void setDeviceValue(const QString& key, const QVariant& value);
    void newestEntry(const QString& action, const QString& key);

    QPointer<VaultClient> m_vault;
    AuditLogModel m_log;
    AuditLogModel m_alerts;
    RecordListModel m_approvals;
    RecordListModel m_cards;
    QVariantMap m_chain;
    QVariantMap m_device;
    StepUpHook m_stepUp;
    int m_busy = 0;
    int m_error = 0;
    quint64 m_generation = 0;
};

} // namespace mamori::ui

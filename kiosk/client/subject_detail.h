// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// SubjectDetail: the one person the clerk has open — personal data from the vault's ViewSubject,
// their dependents, identity-check records and documents with their retention rules (models filled
// from the same reply), and the number: always
// the mask ••••-••••-•••• until a step-up reveal hands the digits over (Session::requestReveal),
// then the digits for `revealSeconds` (30 by default), then the mask again and the digits wiped.
// The digits are never in a model role, never copied to the clipboard, never logged.
//
// Owned by ClerkDesk; GUI thread only. clear() forgets everything (a lock, another subject).

#include "kiosk/client/document_model.h"
#include "kiosk/client/subject_list_model.h"
#include "kiosk/client/verification_model.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

namespace mamori::ui {

class VaultClient;

class SubjectDetail : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString subjectId READ subjectId NOTIFY changed FINAL)
    Q_PROPERTY(bool loaded READ loaded NOTIFY changed FINAL)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged FINAL)
    Q_PROPERTY(int error READ error NOTIFY errorChanged FINAL)
    Q_PROPERTY(QString code READ code NOTIFY changed FINAL)
    Q_PROPERTY(QString kind READ kind NOTIFY changed FINAL)
    Q_PROPERTY(QString department READ department NOTIFY changed FINAL)
    Q_PROPERTY(QString status READ status NOTIFY changed FINAL)
    Q_PROPERTY(QString name READ name NOTIFY changed FINAL)
    Q_PROPERTY(QString nameKana READ nameKana NOTIFY changed FINAL)
    Q_PROPERTY(QString birthDate READ birthDate NOTIFY changed FINAL)
    Q_PROPERTY(QString address READ address NOTIFY changed FINAL)
    Q_PROPERTY(bool hasNumber READ hasNumber NOTIFY changed FINAL)
    Q_PROPERTY(bool hasVerification READ hasVerification NOTIFY changed FINAL)
    Q_PROPERTY(int verificationCount READ verificationCount NOTIFY changed FINAL)
    Q_PROPERTY(QStringList purposes READ purposes NOTIFY changed FINAL)
    // "••••-••••-••••" while masked, the digits grouped 4-4-4 while revealed, empty without a number.
    Q_PROPERTY(QString numberText READ numberText NOTIFY numberChanged FINAL)
    Q_PROPERTY(bool revealed READ revealed NOTIFY numberChanged FINAL)
    Q_PROPERTY(int revealSecondsLeft READ revealSecondsLeft NOTIFY revealSecondsLeftChanged FINAL)
    // How long a revealed number stays on screen (seconds; tests shorten it).
    Q_PROPERTY(int revealSeconds READ revealSeconds WRITE setRevealSeconds NOTIFY revealSecondsChanged FINAL)
    Q_PROPERTY(QString parentId READ parentId NOTIFY changed FINAL)
    Q_PROPERTY(mamori::ui::SubjectListModel* dependents READ dependents CONSTANT FINAL)
    Q_PROPERTY(mamori::ui::VerificationModel* verifications READ verifications CONSTANT FINAL)
    Q_PROPERTY(mamori::ui::DocumentModel* documents READ documents CONSTANT FINAL)

public:
    static constexpr int kDefaultRevealSeconds = 30;
    static inline const QString kMask = QStringLiteral("••••-••••-••••");

    explicit SubjectDetail(VaultClient* vault, QObject* parent = nullptr);
    ~SubjectDetail() override;

    QString subjectId() const { return m_id; }
    bool loaded() const { return m_loaded; }
    bool loading() const { return m_loading; }
    int error() const { return m_error; }
    QString code() const { return m_code; }
    QString kind() const { return m_kind; }
    QString department() const { return m_department; }
    QString status() const { return m_status; }
    QString name() const { return m_name; }
    QString nameKana() const { return m_nameKana; }
    QString birthDate() const { return m_birthDate; }
    QString address() const { return m_address; }
    bool hasNumber() const { return m_hasNumber; }
    bool hasVerification() const { return m_hasVerification; }
    int verificationCount() const { return m_verificationCount; }
    QStringList purposes() const { return m_purposes; }
    QString numberText() const;
    bool revealed() const { return !m_revealed.isEmpty(); }
    int revealSecondsLeft() const { return m_revealLeft; }
    int revealSeconds() const { return m_revealSeconds; }
    void setRevealSeconds(int seconds);
    QString parentId() const { return m_parentId; }
    SubjectListModel* dependents() { return &m_dependents; }
    VerificationModel* verifications() { return &m_verifications; }
    DocumentModel* documents() { return &m_documents; }

    // Asks the vault for the person (ViewSubject) and their dependents.
    Q_INVOKABLE void load(const QString& subjectId);
    Q_INVOKABLE void reload() { load(m_id); }
    // Shows `digits` (12 ASCII digits from RevealNumber) for revealSeconds; `digits` is wiped here.
    void showNumber(QString& digits);
    // Masks the number again at once and wipes the digits.
    Q_INVOKABLE void mask();
    // Forgets the person entirely.
    Q_INVOKABLE void clear();

signals:
    void changed();
    void loadingChanged();
    void errorChanged();
    void numberChanged();
    void revealSecondsLeftChanged();
    void revealSecondsChanged();

private:
    void setLoading(bool loading);
    void setError(int error);
    void tick();

    QPointer<VaultClient> m_vault;
    SubjectListModel m_dependents;
    VerificationModel m_verifications;
    DocumentModel m_documents;
    QString m_parentId;
    QString m_id, m_code, m_kind, m_department, m_status, m_name, m_nameKana, m_birthDate, m_address;
    QStringList m_purposes;
    bool m_loaded = false;
    bool m_loading = false;
    bool m_hasNumber = false;
    bool m_hasVerification = false;
    int m_verificationCount = 0;
    int m_error = 0;
    QString m_revealed; // grouped digits while shown; wiped when masked
    int m_revealSeconds = kDefaultRevealSeconds;
    int m_revealLeft = 0;
    QTimer m_revealTimer;
    quint64 m_generation = 0;
};

} // namespace mamori::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// ClerkDesk: what the clerk works with once signed in — the subject list, the person open, and the
// clerk's acts on the vault: register an employee or a dependent (RegisterSubject, then
// NotifyPurpose for the session's purpose, which SetNumber needs), set the number (SetNumber, from a
// NumberInput whose text is wiped once sent) and record the identity check (RecordVerification).
// Each act answers with a signal; a failure leaves its error number in `error` for the screen.
//
// Owned by Session, which clears it on every lock; GUI thread only.

#include "kiosk/client/subject_detail.h"
#include "kiosk/client/subject_list_model.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QVariantMap>

namespace mamori::ui {

class NumberInput;
class VaultClient;

class ClerkDesk : public QObject {
    Q_OBJECT
    Q_PROPERTY(mamori::ui::SubjectListModel* subjects READ subjects CONSTANT FINAL)
    Q_PROPERTY(mamori::ui::SubjectDetail* detail READ detail CONSTANT FINAL)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged FINAL)
    Q_PROPERTY(int error READ error NOTIFY errorChanged FINAL)
    Q_PROPERTY(QStringList departments READ departments NOTIFY departmentsChanged FINAL)
    Q_PROPERTY(QStringList verificationMethods READ verificationMethods CONSTANT FINAL)

public:
    explicit ClerkDesk(VaultClient* vault, QObject* parent = nullptr);

    SubjectListModel* subjects() { return &m_subjects; }
    SubjectDetail* detail() { return &m_detail; }
    bool busy() const { return m_busy; }
    int error() const { return m_error; }
    QStringList departments() const { return m_departments; }
    // The six identity-check combinations the vault records (org.mamori.Vault1.xml, RecordVerification).
    static QStringList verificationMethods();

    // Called by Session after login / SetPurpose.
    void begin(const QStringList& departments, const QString& purpose);
    // Forgets everything (a lock).
    void clear();

    Q_INVOKABLE void openSubject(const QString& subjectId);
    // fields: name (required), nameKana, kind (employee|dependent|spouse|payee), code, parent,
    // department, birthDate (YYYY-MM-DD), address; empty values are left out. With
    // `notifyPurpose`, the session's purpose is recorded as notified today. Answers registered().
    Q_INVOKABLE void registerSubject(const QVariantMap& fields, bool notifyPurpose);
    // Sends the input's text, then wipes the input. Answers numberSaved().
    Q_INVOKABLE void setNumber(const QString& subjectId, mamori::ui::NumberInput* input);
    Q_INVOKABLE void recordVerification(const QString& subjectId, const QString& method, const QString& documents);
    Q_INVOKABLE void clearError() { setError(0); }

signals:
    void busyChanged();
    void errorChanged();
    void departmentsChanged();
    void registered(const QString& subjectId, const QString& kind);
    void numberSaved(const QString& subjectId);
    void verificationRecorded(const QString& subjectId);
    // A refusal that may mean the vault ended the session (idle timeout there): Session checks.
    void permissionDenied();

private:
    void setBusy(bool busy);
    void setError(int error);
    void fail(int error);

    QPointer<VaultClient> m_vault;
    SubjectListModel m_subjects;
    SubjectDetail m_detail;
    QStringList m_departments;
    QString m_purpose;
    bool m_busy = false;
    int m_error = 0;
    quint64 m_generation = 0;
};

} // namespace mamori::ui

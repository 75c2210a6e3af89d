// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// ClerkDesk: what the clerk works with once signed in — the subject list, the person open, and the
// clerk's acts on the vault: register an employee or a dependent (RegisterSubject, then
// NotifyPurpose for the session's purpose, which SetNumber needs), edit a person (EditSubject), set
// or replace the number (SetNumber, from a NumberInput whose text is wiped once sent), record the
// identity check (RecordVerification) and a document with its retention rule (RecordDocument); the
// disposal due list (DueList) with its requests (RequestDisposal) and their execution once an
// officer approved (ExecuteDisposal: the signed certificate's request id is kept, nothing of its
// body); the CSV import (ImportJob) and the export / provision (ExportJob). Each act answers with a
// signal; a failure leaves its error number in `error` for the screen.
//
// Two things come from the app, not the vault: `mediaDirectory`, where the inserted USB medium is
// (mamori-kiosk's --media-dir; tests set it), and the step-up hook — Session::requestStepUp — that
// the export's signed acts need (setStepUpHook).
//
// Owned by Session, which clears it on every lock; GUI thread only.

#include "kiosk/client/due_list_model.h"
#include "kiosk/client/export_job.h"
#include "kiosk/client/import_job.h"
#include "kiosk/client/subject_detail.h"
#include "kiosk/client/subject_list_model.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QVariantMap>

namespace mamori::ui {

class NumberInput;
class VaultClient;
struct VaultReply;

class ClerkDesk : public QObject {
    Q_OBJECT
    Q_PROPERTY(mamori::ui::SubjectListModel* subjects READ subjects CONSTANT FINAL)
    Q_PROPERTY(mamori::ui::SubjectDetail* detail READ detail CONSTANT FINAL)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged FINAL)
    Q_PROPERTY(int error READ error NOTIFY errorChanged FINAL)
    Q_PROPERTY(QStringList departments READ departments NOTIFY departmentsChanged FINAL)
    Q_PROPERTY(QStringList verificationMethods READ verificationMethods CONSTANT FINAL)
    Q_PROPERTY(QStringList retentionRules READ retentionRules CONSTANT FINAL)
    Q_PROPERTY(QString mediaDirectory READ mediaDirectory WRITE setMediaDirectory NOTIFY mediaDirectoryChanged FINAL)
    Q_PROPERTY(mamori::ui::DueListModel* dueList READ dueList CONSTANT FINAL)
    Q_PROPERTY(bool dueLoading READ dueLoading NOTIFY dueLoadingChanged FINAL)
    Q_PROPERTY(mamori::ui::ImportJob* importer READ importer CONSTANT FINAL)
    Q_PROPERTY(mamori::ui::ExportJob* exporter READ exporter CONSTANT FINAL)
    // The last disposal certificate the vault issued here: its request id, and whether it came signed
    // (a 64-byte device signature and the device's public key). 0 for none.
    Q_PROPERTY(qlonglong certificateRequestId READ certificateRequestId NOTIFY certificateChanged FINAL)
    Q_PROPERTY(bool certificateSigned READ certificateSigned NOTIFY certificateChanged FINAL)

public:
    explicit ClerkDesk(VaultClient* vault, QObject* parent = nullptr);

    SubjectListModel* subjects() { return &m_subjects; }
    SubjectDetail* detail() { return &m_detail; }
    bool busy() const { return m_busy; }
    int error() const { return m_error; }
    QStringList departments() const { return m_departments; }
    // The six identity-check combinations the vault records (org.mamori.Vault1.xml, RecordVerification).
    static QStringList verificationMethods();
    // The retention rules of the vault's seed table (services/vault/RETENTION.md). An organisation's
    // override may add others; the vault has no method yet to list the table in force.
    static QStringList retentionRules();
    QString mediaDirectory() const { return m_mediaDirectory; }
    void setMediaDirectory(const QString& directory);
    DueListModel* dueList() { return &m_dueList; }
    bool dueLoading() const { return m_dueLoading; }
    ImportJob* importer() { return &m_importer; }
    ExportJob* exporter() { return &m_exporter; }
    qlonglong certificateRequestId() const { return m_certificateRequestId; }
    bool certificateSigned() const { return m_certificateSigned; }
    // Session::requestStepUp, given by Session (see ExportJob::StepUpHook).
    using StepUpHook = ExportJob::StepUpHook;
    using StepUpAct = ExportJob::StepUpAct;
    void setStepUpHook(StepUpHook hook) { m_exporter.setStepUpHook(std::move(hook)); }

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
    // fields: any of name, nameKana, birthDate (YYYY-MM-DD), address, department, status
    // (active|left|ended), statusDate (YYYY-MM-DD) — only what changes (the vault refuses an empty edit).
    // Answers edited().
    Q_INVOKABLE void editSubject(const QString& subjectId, const QVariantMap& fields);
    // fields: ruleCode (required), taxYear (a number, 1990-2200), deadline, filed, completed
    // (YYYY-MM-DD); empty values are left out. Answers documentRecorded().
    Q_INVOKABLE void recordDocument(const QString& subjectId, const QVariantMap& fields);
    Q_INVOKABLE void loadDueList();
    // Asks for a due employee's disposal (their dependents go with them). Answers disposalRequested().
    Q_INVOKABLE void requestDisposal(const QString& subjectId);
    // Carries out a disposal an officer approved. Answers disposalExecuted().
    Q_INVOKABLE void executeDisposal(qlonglong requestId);
    Q_INVOKABLE void clearError() { setError(0); }

signals:
    void busyChanged();
    void errorChanged();
    void departmentsChanged();
    void registered(const QString& subjectId, const QString& kind);
    void numberSaved(const QString& subjectId);
    void verificationRecorded(const QString& subjectId);
    void edited(const QString& subjectId);
    void documentRecorded(const QString& subjectId, qlonglong documentId);
    void disposalRequested(const QString& subjectId, qlonglong requestId);
    void disposalExecuted(qlonglong requestId);
    void mediaDirectoryChanged();
    void dueLoadingChanged();
    void certificateChanged();
    // A refusal that may mean the vault ended the session (idle timeout there): Session checks.
    void permissionDenied();

private:
    void setBusy(bool busy);
    void setError(int error);
    void fail(int error);
    // The common shape of a simple act: busy, the call, then `then` with the reply on success.
    void act(const QString& method, const QVariantList& arguments, std::function<void(const VaultReply&)> then);
    void setDueLoading(bool loading);

    QPointer<VaultClient> m_vault;
    SubjectListModel m_subjects;
    SubjectDetail m_detail;
    DueListModel m_dueList;
    ImportJob m_importer;
    ExportJob m_exporter;
    QString m_mediaDirectory;
    bool m_dueLoading = false;
    qlonglong m_certificateRequestId = 0;
    bool m_certificateSigned = false;
    QStringList m_departments;
    QString m_purpose;
    bool m_busy = false;
    int m_error = 0;
    quint64 m_generation = 0;
};

} // namespace mamori::ui

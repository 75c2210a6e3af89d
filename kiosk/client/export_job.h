// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// ExportJob: the clerk hands the people selected in the subject list over to a destination from the
// device's configuration (Destinations, under the session's purpose; EXPORT_FORMAT.md):
//
//   a medium   → Export: the kiosk creates a file 0600 in the medium's directory (`mediaDirectory`),
//                passes its descriptor, and the vault writes the payload into it; the file is then
//                renamed to the name the vault suggests. A failed export leaves no file behind.
//   an endpoint → Provide: the vault leaves the payload in the courier's outbox.
//
// Both are signed acts: the clerk's card signs BeginStepUp("export"|"provide", {subjects,
// destination}) after the PIN is typed again. ExportJob cannot see Session (Session owns ClerkDesk),
// so Session gives it a hook — Session::requestStepUp — through ClerkDesk::setStepUpHook.
//
// More subjects than `bulkThreshold` (the vault's default, 20) need an officer's approval first
// (二重制御): requestApproval() sends RequestExport and the request's state shows in `requests`
// (ExportRequests); once an officer approved it, runApproved(id) exports exactly that list with the
// request id. The vault refuses a bulk export without an approved request whatever the kiosk thinks.
// The lists of the clerk's own open requests (request id → opaque subject ids, destination) are kept
// in memory across locks — the officer's card signs in at the same terminal, which locks the
// clerk's session — because ExportRequests does not return them; they hold no personal data.
//
// Cancel: before the card signed, nothing happens. Once the vault has the call it cannot be called
// back: cancel() returns the screen at once, the reply is still watched, and `finishedAfterCancel`
// names the file (or outbox payload) if the vault completed it anyway — the act is audited either way.
//
// Owned by ClerkDesk, cleared on every lock; GUI thread only.

#include "kiosk/client/destination_model.h"
#include "kiosk/client/export_request_model.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QVariantMap>

#include <functional>

namespace mamori::ui {

class SubjectListModel;
class VaultClient;

class ExportJob : public QObject {
    Q_OBJECT
    Q_PROPERTY(mamori::ui::DestinationModel* destinations READ destinations CONSTANT FINAL)
    Q_PROPERTY(mamori::ui::ExportRequestModel* requests READ requests CONSTANT FINAL)
    Q_PROPERTY(QString destination READ destination WRITE setDestination NOTIFY destinationChanged FINAL)
    Q_PROPERTY(QString destinationKind READ destinationKind NOTIFY destinationChanged FINAL)
    Q_PROPERTY(bool numbersAllowed READ numbersAllowed NOTIFY destinationChanged FINAL)
    Q_PROPERTY(int subjectCount READ subjectCount NOTIFY subjectsChanged FINAL)
    Q_PROPERTY(int bulkThreshold READ bulkThreshold WRITE setBulkThreshold NOTIFY subjectsChanged FINAL)
    Q_PROPERTY(bool needsApproval READ needsApproval NOTIFY subjectsChanged FINAL)
    Q_PROPERTY(Problem problem READ problem NOTIFY problemChanged FINAL)
    Q_PROPERTY(bool mediumPresent READ mediumPresent NOTIFY problemChanged FINAL)
    Q_PROPERTY(State state READ state NOTIFY stateChanged FINAL)
    Q_PROPERTY(int error READ error NOTIFY stateChanged FINAL)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged FINAL)
    Q_PROPERTY(qlonglong requestId READ requestId NOTIFY requestChanged FINAL)
    Q_PROPERTY(QString requestStatus READ requestStatus NOTIFY requestChanged FINAL)
    Q_PROPERTY(QString resultOperation READ resultOperation NOTIFY resultChanged FINAL)
    Q_PROPERTY(QString resultFile READ resultFile NOTIFY resultChanged FINAL)
    Q_PROPERTY(qlonglong resultSubjects READ resultSubjects NOTIFY resultChanged FINAL)
    Q_PROPERTY(qlonglong resultBytes READ resultBytes NOTIFY resultChanged FINAL)
    Q_PROPERTY(bool resultContainsNumbers READ resultContainsNumbers NOTIFY resultChanged FINAL)
    Q_PROPERTY(qlonglong resultSequence READ resultSequence NOTIFY resultChanged FINAL)
    Q_PROPERTY(QString finishedAfterCancel READ finishedAfterCancel NOTIFY resultChanged FINAL)
    Q_PROPERTY(int elapsedSeconds READ elapsedSeconds NOTIFY elapsedChanged FINAL)

public:
    static constexpr int kDefaultBulkThreshold = 20; // VaultOptions::bulkExportThreshold's default
    static constexpr int kMaxSubjects = 10000;       // the vault's limit for one act
    static constexpr int kTimeoutMs = 5 * 60 * 1000;

    // The same shapes as Session's (session.h), so Session::requestStepUp fits the hook directly.
    using StepUpDone = std::function<void(int error)>;
    using StepUpAct = std::function<void(const QByteArray& nonce, const QByteArray& signature, StepUpDone done)>;
    // Asks for the PIN and the card's signature over (operation, arguments); returns whether the
    // step-up is now pending (the PIN dialog shows). `act` runs once the card signed.
    using StepUpHook = std::function<bool(const QString& operation, const QVariantMap& arguments, StepUpAct act)>;

    // What keeps the act from starting, for the screen to say.
    enum class Problem { None, NoSubjects, TooManySubjects, NoDestination, NoMedium };
    Q_ENUM(Problem)
    enum class State {
        Idle,
        Signing,    // the PIN dialog is open (the hook's step-up)
        Running,    // the vault has the act
        Done,       // exported / provided: the result properties say what
        Requesting, // RequestExport sent
        Requested,  // a bulk request waits for an officer: `requestId`, `requestStatus`
        Cancelled,
        Failed, // `error`
    };
    Q_ENUM(State)

    ExportJob(VaultClient* vault, SubjectListModel* subjects, QObject* parent = nullptr);

    DestinationModel* destinations() { return &m_destinations; }
    ExportRequestModel* requests() { return &m_requests; }
    QString destination() const { return m_destination; }
    void setDestination(const QString& code);
    QString destinationKind() const;
    bool numbersAllowed() const;
    int subjectCount() const;
    int bulkThreshold() const { return m_bulkThreshold; }
    void setBulkThreshold(int threshold);
    bool needsApproval() const { return subjectCount() > m_bulkThreshold; }
    Problem problem() const;
    bool mediumPresent() const;
    State state() const { return m_state; }
    int error() const { return m_error; }
    bool loading() const { return m_loading > 0; }
    qlonglong requestId() const { return m_requestId; }
    QString requestStatus() const;
    QString resultOperation() const { return m_resultOperation; }
    QString resultFile() const { return m_resultFile; }
    qlonglong resultSubjects() const { return m_resultSubjects; }
    qlonglong resultBytes() const { return m_resultBytes; }
    bool resultContainsNumbers() const { return m_resultContainsNumbers; }
    qlonglong resultSequence() const { return m_resultSequence; }
    QString finishedAfterCancel() const { return m_finishedAfterCancel; }
    int elapsedSeconds() const { return m_elapsedSeconds; }

    void setMediaDirectory(const QString& directory);
    QString mediaDirectory() const { return m_directory; }
    void setStepUpHook(StepUpHook hook) { m_stepUp = std::move(hook); }

    // Destinations() and ExportRequests().
    Q_INVOKABLE void load();
    Q_INVOKABLE void loadRequests();
    // The selection to the chosen destination, with the card's step-up (at most bulkThreshold subjects).
    Q_INVOKABLE void start();
    // The selection as a bulk request for an officer's approval (more than bulkThreshold subjects).
    Q_INVOKABLE void requestApproval();
    // Whether this kiosk holds the subject list of one of the clerk's requests (see the header comment).
    Q_INVOKABLE bool canRun(qlonglong requestId) const { return m_held.contains(requestId); }
    // An approved request, exactly as asked, with the card's step-up.
    Q_INVOKABLE void runApproved(qlonglong requestId);
    // Stops waiting (Signing or Running → Cancelled); the view calls it when the PIN dialog is closed.
    Q_INVOKABLE void cancel();
    // Back to Idle: the result and the error are forgotten (the destination choice stays).
    Q_INVOKABLE void reset();
    // Forgets everything but the held request lists (a lock).
    void clear();

signals:
    void destinationChanged();
    void subjectsChanged();
    void problemChanged();
    void stateChanged();
    void loadingChanged();
    void requestChanged();
    void resultChanged();
    void elapsedChanged();
    // A refusal that may mean the vault ended the session: ClerkDesk passes it on to Session.
    void permissionDenied();

private:
    struct Act {
        QString operation; // export | provide
        QStringList subjects;
        QString destination;
        qlonglong requestId = 0;
    };
    void signAndRun(const Act& act);
    void perform(const Act& act, const QByteArray& nonce, const QByteArray& signature, const StepUpDone& done,
                 quint64 serial);
    void finishExportFile(const QString& temporary, const QString& suggested, QString& finalName) const;
    void setState(State state, int error = 0);
    void setLoading(bool on);
    void clearResult();
    void tick();

    QPointer<VaultClient> m_vault;
    QPointer<SubjectListModel> m_subjects;
    DestinationModel m_destinations;
    ExportRequestModel m_requests;
    StepUpHook m_stepUp;
    QString m_directory;
    QString m_destination;
    int m_bulkThreshold = kDefaultBulkThreshold;
    State m_state = State::Idle;
    int m_error = 0;
    int m_loading = 0;
    qlonglong m_requestId = 0;
    QHash<qlonglong, Act> m_held; // the clerk's open bulk requests: kept across locks (no personal data)
    QString m_resultOperation, m_resultFile, m_finishedAfterCancel;
    qlonglong m_resultSubjects = 0, m_resultBytes = 0, m_resultSequence = 0;
    bool m_resultContainsNumbers = false;
    QTimer m_ticker;
    QElapsedTimer m_elapsed;
    int m_elapsedSeconds = 0;
    quint64 m_serial = 0; // the act the screen waits for; 0 for none
    quint64 m_nextSerial = 0;
    quint64 m_generation = 0; // bumped by clear()
};

} // namespace mamori::ui

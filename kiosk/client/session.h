// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Session: the kiosk's sign-in state machine and the one owner of everything a signed-in clerk
// sees. C++ owns the state; the screens show `state` and call the invokables (STYLE).
//
//   Standby ──card in──▶ ReadingCard ──BeginLogin ok──▶ PinEntry ──PIN──▶ SigningIn ──▶ ChoosePurpose
//      ▲                     │ refused                     ▲  wrong PIN ◀──┘               │ SetPurpose
//      │                     ▼                             │                              ▼
//      └──── card out ── CardRefused              idle / logout (card still in) ◀──── Ready (clerk home)
//   Card out in any state: CardRemoved() to the vault if signed in, lock at once, back to Standby.
//
// The reader itself (readerAvailable, readerProblem, readerError): when no reader is usable (the
// PKCS#11 module does not load, C_GetSlotList fails, no reader at all, or the reader goes away)
// the CardReader says so and keeps retrying; the session is then in Standby — a card that was in
// was reported removed first, so a signed-in session locked — and the standby screen shows the
// "reader unavailable" variant until the reader reports itself available again.
//
// Sign-in (DESIGN §2): the card's certificate is read without a PIN; BeginLogin(cardId) checks the
// card is enrolled before a PIN is asked; on the PIN a fresh nonce is fetched, the card signs
// loginMessage(deviceId, nonce) and CompleteLogin opens the vault session on this connection.
// The PIN (STYLE principle 4) is copied from the QString into a stack buffer, from there into a
// SecretBuffer, and the stack copy is wiped at once; the reader wipes the SecretBuffer as soon as
// the card has it. The view clears its field when it calls submitPin. A wrong PIN is never retried
// (the card decides; the screen shows the tries left from the card's flags); a locked card gets the
// guidance and no PIN field.
//
// Lock: card removal, logout, the idle timeout (a warning first), or a vault refusal that shows the
// vault's session is gone. Every lock clears ClerkDesk (every model, the open person, a revealed
// number) and the signed-in user before the screen changes.
//
// Step-up reveal: requestReveal(subjectId) asks for the PIN again; BeginStepUp("reveal_number",
// {subjectId}) gives a nonce and the canonical operation, the card signs stepUpMessage(deviceId,
// nonce, operation), RevealNumber returns the digits, which SubjectDetail shows for its
// revealSeconds and then masks and wipes.
//
// Owned by the app (or a test); GUI thread only. The VaultClient and CardReader outlive it.

#include "kiosk/client/card_reader.h"
#include "kiosk/client/clerk_desk.h"
#include "kiosk/client/oversight_desk.h"

#include <QElapsedTimer>
#include <QVariantMap>

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <functional>

namespace mamori::ui {

class VaultClient;

class Session : public QObject {
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged FINAL)
    // The failure to show on the current screen (an error number, vault_error.h), 0 for none.
    Q_PROPERTY(int error READ error NOTIFY errorChanged FINAL)
    Q_PROPERTY(LockReason lockReason READ lockReason NOTIFY lockReasonChanged FINAL)
    Q_PROPERTY(bool cardPresent READ cardPresent NOTIFY cardChanged FINAL)
    // False while no card reader is usable (the reader retries by itself); true without a reader
    // object at all (an idle Session, as in tst_standby_screen).
    Q_PROPERTY(bool readerAvailable READ readerAvailable NOTIFY readerChanged FINAL)
    // For the standby screen: the vault's Status facts about the device — lastBackupMs /
    // lastBackupResult and lastDeliveryMs / lastDeliveryResult (absent when there is none), and
    // vaultReachable. Read at start, every minute and at every lock; never personal data.
    Q_PROPERTY(QVariantMap deviceState READ deviceState NOTIFY deviceStateChanged FINAL)
    Q_PROPERTY(ReaderProblem readerProblem READ readerProblem NOTIFY readerChanged FINAL)
    // The error number that goes with readerProblem (vault_error.h), 0 while the reader works.
    Q_PROPERTY(int readerError READ readerError NOTIFY readerChanged FINAL)
    Q_PROPERTY(int pinStatus READ pinStatus NOTIFY pinChanged FINAL) // PinInfo::Status
    Q_PROPERTY(int triesLeft READ triesLeft NOTIFY pinChanged FINAL) // -1: the card does not say
    Q_PROPERTY(bool pinLocked READ pinLocked NOTIFY pinChanged FINAL)
    Q_PROPERTY(int minPinLength READ minPinLength NOTIFY cardChanged FINAL)
    Q_PROPERTY(int maxPinLength READ maxPinLength NOTIFY cardChanged FINAL)
    Q_PROPERTY(bool pinDigitsOnly READ pinDigitsOnly NOTIFY cardChanged FINAL)
    Q_PROPERTY(QStringList roles READ roles NOTIFY userChanged FINAL)
    Q_PROPERTY(QStringList departments READ departments NOTIFY userChanged FINAL)
    Q_PROPERTY(bool isClerk READ isClerk NOTIFY userChanged FINAL)
    Q_PROPERTY(bool isOfficer READ isOfficer NOTIFY userChanged FINAL)
    Q_PROPERTY(bool isAdmin READ isAdmin NOTIFY userChanged FINAL)
    // Which of the user's workspaces is shown: "clerk", "officer" or "admin" (the first the user
    // holds, in that order; a user with several roles switches). Empty while signed out.
    Q_PROPERTY(QString workspace READ workspace WRITE setWorkspace NOTIFY workspaceChanged FINAL)
    Q_PROPERTY(mamori::ui::OversightDesk* oversight READ oversight CONSTANT FINAL)
    Q_PROPERTY(QString purpose READ purpose NOTIFY purposeChanged FINAL)
    Q_PROPERTY(QStringList purposeCodes READ purposeCodes CONSTANT FINAL)
    Q_PROPERTY(bool stepUpPending READ stepUpPending NOTIFY stepUpChanged FINAL)
    // BeginStepUp's operation name: reveal_number, approve_disposal, approve_export, export, provide.
    Q_PROPERTY(QString stepUpOperation READ stepUpOperation NOTIFY stepUpChanged FINAL)
    Q_PROPERTY(bool stepUpBusy READ stepUpBusy NOTIFY stepUpChanged FINAL)
    Q_PROPERTY(int stepUpError READ stepUpError NOTIFY stepUpChanged FINAL)
    Q_PROPERTY(bool idleWarning READ idleWarning NOTIFY idleChanged FINAL)
    Q_PROPERTY(int idleSecondsLeft READ idleSecondsLeft NOTIFY idleChanged FINAL)
    // The kiosk locks after this long without input; the vault's own timeout (Status) by default.
    Q_PROPERTY(int idleTimeoutSeconds READ idleTimeoutSeconds WRITE setIdleTimeoutSeconds NOTIFY idleChanged FINAL)
    Q_PROPERTY(mamori::ui::ClerkDesk* desk READ desk CONSTANT FINAL)

public:
    enum class State { Standby, ReadingCard, CardRefused, PinEntry, SigningIn, ChoosePurpose, Ready };
    Q_ENUM(State)
    enum class LockReason { None, CardRemoved, Logout, Idle, SessionEnded };
    Q_ENUM(LockReason)
    // mamori::ui::ReaderProblem for QML (its names must not clash with the other enums' in QML).
    enum class ReaderProblem {
        ReaderOk = static_cast<int>(mamori::ui::ReaderProblem::None),
        ReaderModuleNotLoaded = static_cast<int>(mamori::ui::ReaderProblem::ModuleNotLoaded),
        ReaderNotAnswering = static_cast<int>(mamori::ui::ReaderProblem::SlotListFailed),
        ReaderNotFound = static_cast<int>(mamori::ui::ReaderProblem::NoReader),
    };
    Q_ENUM(ReaderProblem)

    static constexpr int kIdleWarningSeconds = 30;
    static constexpr int kDefaultIdleTimeoutSeconds = 300;
    static constexpr std::size_t kMaxPinLength = 64;

    Session(VaultClient* vault, CardReader* reader, QObject* parent = nullptr);
    ~Session() override;

    State state() const { return m_state; }
    int error() const { return m_error; }
    LockReason lockReason() const { return m_lockReason; }
    bool cardPresent() const { return m_cardPresent; }
    bool readerAvailable() const { return m_readerProblem == ReaderProblem::ReaderOk; }
    QVariantMap deviceState() const { return m_deviceState; }
    ReaderProblem readerProblem() const { return m_readerProblem; }
    int readerError() const { return m_readerError; }
    int pinStatus() const { return static_cast<int>(m_card.pin.status); }
    int triesLeft() const { return m_card.pin.triesLeft(); }
    bool pinLocked() const { return m_card.pin.status == PinInfo::Status::Locked; }
    int minPinLength() const { return m_card.minPinLength; }
    int maxPinLength() const { return m_card.maxPinLength; }
    bool pinDigitsOnly() const { return m_card.digitsOnly; }
    QStringList roles() const { return m_roles; }
    QStringList departments() const { return m_departments; }
    bool isClerk() const { return m_roles.contains(QStringLiteral("clerk")); }
    bool isOfficer() const { return m_roles.contains(QStringLiteral("officer")); }
    bool isAdmin() const { return m_roles.contains(QStringLiteral("admin")); }
    QString workspace() const { return m_workspace; }
    // Only a workspace of one of the user's roles; anything else is ignored.
    void setWorkspace(const QString& workspace);
    OversightDesk* oversight() { return &m_oversight; }
    QString purpose() const { return m_purpose; }
    // The purposes the kiosk offers (codes of the vault's purposes table; the view names them).
    static QStringList purposeCodes();
    bool stepUpPending() const { return !m_stepUp.operation.isEmpty(); }
    QString stepUpOperation() const { return m_stepUp.operation; }
    bool stepUpBusy() const { return m_stepUpBusy; }
    int stepUpError() const { return m_stepUpError; }
    bool idleWarning() const { return m_idleWarning; }
    int idleSecondsLeft() const { return m_idleSecondsLeft; }
    int idleTimeoutSeconds() const { return m_idleTimeoutSeconds; }
    void setIdleTimeoutSeconds(int seconds);
    ClerkDesk* desk() { return &m_desk; }

    // Starts the card reader and asks the vault for the device id.
    Q_INVOKABLE void start();
    Q_INVOKABLE void submitPin(const QString& pin);
    Q_INVOKABLE void choosePurpose(const QString& code);
    // Back to the purpose choice (the vault keeps the session; the desk is cleared).
    Q_INVOKABLE void changePurpose();
    Q_INVOKABLE void logout();
    Q_INVOKABLE void requestReveal(const QString& subjectId);
    // Any act that needs the card's PIN again (the desks use this): the view shows the step-up
    // dialog; with the PIN, BeginStepUp(operation, arguments) gives the nonce and the canonical
    // act, the card signs stepUpMessage(device, nonce, act), and `act` receives (nonce, signature)
    // to perform the act. It must call `done` with 0 or the error number once the vault answered:
    // an error keeps the dialog open with the message; 0 closes it. Nothing runs after a lock.
    using StepUpDone = std::function<void(int error)>;
    using StepUpAct = std::function<void(const QByteArray& nonce, const QByteArray& signature, StepUpDone done)>;
    void requestStepUp(const QString& operation, const QVariantMap& arguments, StepUpAct act);
    Q_INVOKABLE void submitStepUpPin(const QString& pin);
    Q_INVOKABLE void cancelStepUp();
    // Any input counts (an event filter on the application sees it); the view may call it too.
    Q_INVOKABLE void noteActivity();
    // The words for an error number in "ja" or "en" (vault_error.h).
    Q_INVOKABLE static QString errorText(int error, const QString& languageCode);
    // "E0008": an error number as the screens show it.
    Q_INVOKABLE static QString errorCodeText(int error);

signals:
    void stateChanged();
    void errorChanged();
    void lockReasonChanged();
    void cardChanged();
    void readerChanged();
    void deviceStateChanged();
    void pinChanged();
    void userChanged();
    void workspaceChanged();
    void purposeChanged();
    void stepUpChanged();
    void idleChanged();
    // The session locked (after the state and every model were cleared).
    void locked(mamori::ui::Session::LockReason reason);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void setState(State state);
    void setError(int error);
    void setLockReason(LockReason reason);
    bool signedIn() const { return m_state == State::ChoosePurpose || m_state == State::Ready; }
    void onCardInserted(const CardInfo& card);
    void onCardRemoved();
    void onReaderUnavailable(int problem, int error);
    void onReaderAvailable();
    void onSignDone(int request, const QByteArray& signature);
    void onSignFailed(int request, int error, const PinInfo& pin);
    void checkCard();
    void lock(LockReason reason);
    void idleTick();
    void checkVaultSession();
    void refreshDeviceState();
    // The PIN into guarded memory, the intermediate copy wiped; nullptr if it cannot be a PIN.
    static std::shared_ptr<SecretBuffer> securePin(const QString& pin);
    void withDeviceId(std::function<void()> then);

    enum class Signing { None, Login, StepUp };

    QPointer<VaultClient> m_vault;
    QPointer<CardReader> m_reader;
    ClerkDesk m_desk;
    OversightDesk m_oversight;
    QString m_workspace;
    // Signed in and (for a clerk) the purpose chosen: the desks load and the workspace shows.
    void enterWorkspace();
    State m_state = State::Standby;
    int m_error = 0;
    LockReason m_lockReason = LockReason::None;
    bool m_cardPresent = false;
    ReaderProblem m_readerProblem = ReaderProblem::ReaderOk;
    int m_readerError = 0;
    CardInfo m_card;
    QString m_deviceId;
    QStringList m_roles;
    QStringList m_departments;
    QVariantMap m_departmentNames; // CompleteLogin's code → name, for the administrator's enrolment
    QString m_purpose;
    // The sign request in flight and what it is for; a result for another request is stale.
    int m_signRequest = 0;
    Signing m_signing = Signing::None;
    struct PendingStepUp {
        QString operation; // empty: none
        QVariantMap arguments;
        StepUpAct act;
        quint64 serial = 0; // which request a late reply belongs to
    };
    PendingStepUp m_stepUp;
    quint64 m_stepUpSerial = 0;
    QByteArray m_stepUpNonce;
    void clearStepUp();
    bool m_stepUpBusy = false;
    int m_stepUpError = 0;
    QTimer m_idleTimer;
    QTimer m_deviceStateTimer; // the standby screen's backup and network lines
    QVariantMap m_deviceState;
    QElapsedTimer m_idleSince;
    bool m_idleWarning = false;
    int m_idleSecondsLeft = 0;
    int m_idleTimeoutSeconds = kDefaultIdleTimeoutSeconds;
    bool m_idleTimeoutSet = false; // set by the view or a test: the vault's value does not override it
    quint64 m_generation = 0;      // bumped on every lock: replies for an older session are dropped
};

} // namespace mamori::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/session.h"

#include "kiosk/client/vault_client.h"
#include "kiosk/client/vault_error.h"
#include "services/common/card_messages.h"

#include <QCoreApplication>
#include <QEvent>

#include <sodium.h>

#include <algorithm>
#include <array>
#include <span>

namespace mamori::ui {

namespace {

int number(ErrorCode code) { return static_cast<int>(errorNumber(code)); }

std::span<const std::uint8_t> bytesOf(const QByteArray& array)
{
    return {reinterpret_cast<const std::uint8_t*>(array.constData()), static_cast<std::size_t>(array.size())};
}

QByteArray arrayOf(const std::vector<std::uint8_t>& bytes)
{
    return {reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size())};
}

} // namespace

Session::Session(VaultClient* vault, CardReader* reader, QObject* parent)
    : QObject(parent), m_vault(vault), m_reader(reader), m_desk(vault), m_oversight(vault)
{
    m_idleTimer.setInterval(1000);
    connect(&m_idleTimer, &QTimer::timeout, this, &Session::idleTick);
    m_deviceStateTimer.setInterval(60 * 1000);
    connect(&m_deviceStateTimer, &QTimer::timeout, this, &Session::refreshDeviceState);
    connect(&m_desk, &ClerkDesk::permissionDenied, this, &Session::checkVaultSession);
    connect(&m_oversight, &OversightDesk::permissionDenied, this, &Session::checkVaultSession);
    // One medium: the administrator's certificate files come from where the clerk's CSVs do.
    connect(&m_desk, &ClerkDesk::mediaDirectoryChanged, this,
            [this] { m_oversight.setMediaDirectory(m_desk.mediaDirectory()); });
    m_desk.setStepUpHook([this](const QString& operation, const QVariantMap& arguments, ClerkDesk::StepUpAct act) {
        requestStepUp(operation, arguments, std::move(act));
        return stepUpPending();
    });
    m_oversight.setStepUpHook(
        [this](const QString& operation, const QVariantMap& arguments, OversightDesk::StepUpAct act) {
            requestStepUp(operation, arguments, std::move(act));
        });
    if (m_reader) {
        connect(m_reader, &CardReader::cardInserted, this, &Session::onCardInserted);
        connect(m_reader, &CardReader::cardRemoved, this, &Session::onCardRemoved);
        connect(m_reader, &CardReader::cardUnreadable, this, [this](int error) {
            m_cardPresent = true;
            emit cardChanged();
            setError(error);
            setState(State::CardRefused);
        });
        connect(m_reader, &CardReader::pinStateRead, this, [this](const PinInfo& pin) {
            m_card.pin = pin;
            emit pinChanged();
        });
        connect(m_reader, &CardReader::signDone, this, &Session::onSignDone);
        connect(m_reader, &CardReader::signFailed, this, &Session::onSignFailed);
        connect(m_reader, &CardReader::readerUnavailable, this, &Session::onReaderUnavailable);
        connect(m_reader, &CardReader::readerAvailable, this, &Session::onReaderAvailable);
    }
    if (QCoreApplication* app = QCoreApplication::instance())
        app->installEventFilter(this);
}

Session::~Session()
{
    if (QCoreApplication* app = QCoreApplication::instance())
        app->removeEventFilter(this);
}

QStringList Session::purposeCodes()
{
    // The purposes of DESIGN §3 under the codes mamori-provision gives them. The vault decides per
    // act whether the purpose was notified to the person; it has no method yet to list its table.
    return {QStringLiteral("withholding"), QStringLiteral("social_insurance"), QStringLiteral("employment_insurance")};
}

void Session::setIdleTimeoutSeconds(int seconds)
{
    seconds = std::max(1, seconds);
    m_idleTimeoutSet = true;
    if (seconds == m_idleTimeoutSeconds)
        return;
    m_idleTimeoutSeconds = seconds;
    emit idleChanged();
}

void Session::start()
{
    withDeviceId({});
    refreshDeviceState();
    m_deviceStateTimer.start();
    if (m_reader)
        m_reader->start();
}

void Session::refreshDeviceState()
{
    if (!m_vault || signedIn())
        return; // shown on the standby screen only; a session's own calls are enough meanwhile
    m_vault->call(QStringLiteral("Status"), {}, this, [this](const VaultReply& r) {
        QVariantMap state;
        state.insert(QStringLiteral("vaultReachable"), r.ok());
        if (r.ok()) {
            const QVariantMap status = VaultClient::mapOf(r.first());
            for (const QString key : {QStringLiteral("lastBackupMs"), QStringLiteral("lastBackupResult"),
                                      QStringLiteral("lastDeliveryMs"), QStringLiteral("lastDeliveryResult")}) {
                if (status.contains(key))
                    state.insert(key, status.value(key));
            }
        }
        if (state != m_deviceState) {
            m_deviceState = state;
            emit deviceStateChanged();
        }
    });
}

void Session::withDeviceId(std::function<void()> then)
{
    if (!m_deviceId.isEmpty() || !m_vault) {
        if (then)
            then();
        return;
    }
    const quint64 generation = m_generation;
    m_vault->call(QStringLiteral("Status"), {}, this, [this, generation, then = std::move(then)](const VaultReply& r) {
        if (r.ok()) {
            const QVariantMap status = VaultClient::mapOf(r.first());
            m_deviceId = status.value(QStringLiteral("deviceId")).toString();
            if (!m_idleTimeoutSet) {
                const int timeout = status.value(QStringLiteral("idleTimeoutSeconds")).toInt();
                if (timeout > 0 && timeout != m_idleTimeoutSeconds) {
                    m_idleTimeoutSeconds = timeout;
                    emit idleChanged();
                }
            }
        }
        if (generation != m_generation || !then)
            return;
        if (!r.ok()) {
            setError(r.error);
            return;
        }
        then();
    });
}

// ---- the card ---------------------------------------------------------------------------------

void Session::onCardInserted(const CardInfo& card)
{
    m_card = card;
    m_cardPresent = true;
    emit cardChanged();
    emit pinChanged();
    setLockReason(LockReason::None);
    checkCard();
}

// Asks the vault whether this card may sign in at all, so that an unknown card never costs a PIN try.
void Session::checkCard()
{
    setError(0);
    setState(State::ReadingCard);
    if (!m_vault)
        return;
    const quint64 generation = m_generation;
    withDeviceId([this, generation] {
        m_vault->call(QStringLiteral("BeginLogin"), {m_card.cardId}, this, [this, generation](const VaultReply& r) {
            if (generation != m_generation || !m_cardPresent)
                return;
            if (!r.ok()) {
                setError(r.error);
                setState(State::CardRefused);
                return;
            }
            setState(State::PinEntry);
        });
    });
}

void Session::onCardRemoved()
{
    const bool wasSignedIn = signedIn() || m_state == State::SigningIn;
    m_cardPresent = false;
    m_card = CardInfo{};
    emit cardChanged();
    emit pinChanged();
    if (wasSignedIn && m_vault)
        m_vault->send(QStringLiteral("CardRemoved"));
    lock(LockReason::CardRemoved);
}

void Session::onReaderUnavailable(int problem, int error)
{
    // The reader reports a card it had as removed before this; should that ever not hold, the
    // card cannot be used without a reader, so the session locks here all the same.
    if (m_cardPresent)
        onCardRemoved();
    const auto value = static_cast<ReaderProblem>(problem);
    const bool known = value == ReaderProblem::ReaderModuleNotLoaded || value == ReaderProblem::ReaderNotAnswering ||
                       value == ReaderProblem::ReaderNotFound;
    const ReaderProblem reason = known ? value : ReaderProblem::ReaderNotAnswering;
    const int number = error != 0 ? error : static_cast<int>(errorNumber(ErrorCode::Unavailable));
    if (reason == m_readerProblem && number == m_readerError)
        return;
    m_readerProblem = reason;
    m_readerError = number;
    emit readerChanged();
}

void Session::onReaderAvailable()
{
    if (m_readerProblem == ReaderProblem::ReaderOk)
        return;
    m_readerProblem = ReaderProblem::ReaderOk;
    m_readerError = 0;
    emit readerChanged();
}

std::shared_ptr<SecretBuffer> Session::securePin(const QString& pin)
{
    if (pin.isEmpty() || static_cast<std::size_t>(pin.size()) > kMaxPinLength)
        return nullptr;
    std::array<std::uint8_t, kMaxPinLength> stack{};
    std::size_t length = 0;
    bool printable = true;
    for (const QChar c : pin) {
        const char16_t u = c.unicode();
        printable = printable && u >= 0x21 && u <= 0x7e; // PINs are printable ASCII
        stack[length++] = static_cast<std::uint8_t>(u & 0x7f);
    }
    std::shared_ptr<SecretBuffer> secret;
    if (printable) {
        auto copy = SecretBuffer::copyOf(std::span<const std::uint8_t>(stack.data(), length));
        if (copy.ok())
            secret = std::make_shared<SecretBuffer>(std::move(copy).value());
    }
    sodium_memzero(stack.data(), stack.size());
    return secret;
}

void Session::submitPin(const QString& pin)
{
    if (m_state != State::PinEntry || pinLocked() || !m_reader || !m_vault)
        return;
    std::shared_ptr<SecretBuffer> secret = securePin(pin);
    if (!secret) {
        setError(number(ErrorCode::InvalidArgument));
        return;
    }
    setError(0);
    setState(State::SigningIn);
    const quint64 generation = m_generation;
    // A fresh nonce for every PIN: the one from the card check may have expired while the clerk typed.
    m_vault->call(QStringLiteral("BeginLogin"), {m_card.cardId}, this, [this, generation, secret](const VaultReply& r) {
        if (generation != m_generation || m_state != State::SigningIn) {
            secret->wipe();
            return;
        }
        if (!r.ok()) {
            secret->wipe();
            setError(r.error);
            setState(State::CardRefused);
            return;
        }
        const QByteArray nonce = r.first().toByteArray();
        const QByteArray message = arrayOf(loginMessage(m_deviceId.toStdString(), bytesOf(nonce)));
        m_signing = Signing::Login;
        m_reader->sign(++m_signRequest, secret, message);
    });
}

void Session::onSignDone(int request, const QByteArray& signature)
{
    if (request != m_signRequest || !m_vault)
        return;
    const Signing what = std::exchange(m_signing, Signing::None);
    const quint64 generation = m_generation;
    if (what == Signing::Login) {
        m_vault->call(QStringLiteral("CompleteLogin"), {m_card.cardId, signature}, this,
                      [this, generation](const VaultReply& r) {
                          if (generation != m_generation || m_state != State::SigningIn)
                              return;
                          if (!r.ok()) {
                              setError(r.error);
                              setState(State::PinEntry);
                              return;
                          }
                          const QVariantMap session = VaultClient::mapOf(r.first());
                          m_roles = session.value(QStringLiteral("roles")).toStringList();
                          m_departments = session.value(QStringLiteral("departments")).toStringList();
                          m_departmentNames = VaultClient::mapOf(session.value(QStringLiteral("departmentNames")));
                          emit userChanged();
                          m_card.pin.status = PinInfo::Status::Ok; // a good PIN resets the card's counter
                          emit pinChanged();
                          m_idleSince.start();
                          m_idleTimer.start();
                          // Only a clerk's acts name a purpose of use; the officer and the
                          // administrator go straight to their screens.
                          if (isClerk())
                              setState(State::ChoosePurpose);
                          else
                              enterWorkspace();
                      });
    } else if (what == Signing::StepUp) {
        const QByteArray nonce = std::exchange(m_stepUpNonce, QByteArray());
        const quint64 serial = m_stepUp.serial;
        if (!m_stepUp.act)
            return;
        m_stepUp.act(nonce, signature, [this, generation, serial](int error) {
            if (generation != m_generation || m_stepUp.serial != serial)
                return;
            if (error != 0) {
                m_stepUpBusy = false;
                m_stepUpError = error;
                emit stepUpChanged();
                return;
            }
            clearStepUp();
        });
    }
}

void Session::onSignFailed(int request, int error, const PinInfo& pin)
{
    if (request != m_signRequest)
        return;
    const Signing what = std::exchange(m_signing, Signing::None);
    m_card.pin = pin;
    emit pinChanged();
    if (what == Signing::Login) {
        setError(error);
        setState(State::PinEntry);
    } else if (what == Signing::StepUp) {
        m_stepUpNonce.clear();
        m_stepUpBusy = false;
        m_stepUpError = error;
        emit stepUpChanged();
    }
}

// ---- signed in ---------------------------------------------------------------------------------

void Session::choosePurpose(const QString& code)
{
    if (m_state != State::ChoosePurpose || !m_vault)
        return;
    setError(0);
    const quint64 generation = m_generation;
    m_vault->call(QStringLiteral("SetPurpose"), {code}, this, [this, generation, code](const VaultReply& r) {
        if (generation != m_generation || m_state != State::ChoosePurpose)
            return;
        if (!r.ok()) {
            setError(r.error);
            if (r.error == number(ErrorCode::PermissionDenied))
                checkVaultSession();
            return;
        }
        m_purpose = code;
        emit purposeChanged();
        enterWorkspace();
    });
}

void Session::enterWorkspace()
{
    m_desk.begin(m_departments, m_purpose);
    if (isClerk())
        m_desk.subjects()->reload();
    m_oversight.begin(m_roles, m_departmentNames);
    m_workspace = isClerk()     ? QStringLiteral("clerk")
                  : isOfficer() ? QStringLiteral("officer")
                                : QStringLiteral("admin");
    emit workspaceChanged();
    setState(State::Ready);
}

void Session::setWorkspace(const QString& workspace)
{
    if (workspace == m_workspace || m_state != State::Ready || !m_roles.contains(workspace))
        return;
    cancelStepUp();
    m_workspace = workspace;
    emit workspaceChanged();
}

void Session::changePurpose()
{
    if (m_state != State::Ready)
        return;
    cancelStepUp();
    m_desk.clear();
    m_oversight.clear();
    m_workspace.clear();
    emit workspaceChanged();
    m_purpose.clear();
    emit purposeChanged();
    setState(State::ChoosePurpose);
}

void Session::logout()
{
    if (!signedIn())
        return;
    if (m_vault)
        m_vault->send(QStringLiteral("Logout"));
    lock(LockReason::Logout);
}

void Session::requestReveal(const QString& subjectId)
{
    requestStepUp(QStringLiteral("reveal_number"), {{QStringLiteral("subjectId"), subjectId}},
                  [this, subjectId](const QByteArray& nonce, const QByteArray& signature, StepUpDone done) {
                      const quint64 generation = m_generation;
                      m_vault->call(QStringLiteral("RevealNumber"), {subjectId, nonce, signature}, this,
                                    [this, generation, subjectId, done](const VaultReply& r) {
                                        if (generation != m_generation)
                                            return;
                                        if (!r.ok()) {
                                            done(r.error);
                                            return;
                                        }
                                        QString digits = r.first().toString();
                                        done(0);
                                        if (m_desk.detail()->subjectId() == subjectId)
                                            m_desk.detail()->showNumber(digits);
                                        wipeString(digits);
                                    });
                  });
}

void Session::requestStepUp(const QString& operation, const QVariantMap& arguments, StepUpAct act)
{
    if (m_state != State::Ready || operation.isEmpty() || !act || !m_vault)
        return;
    cancelStepUp();
    m_stepUp = PendingStepUp{operation, arguments, std::move(act), ++m_stepUpSerial};
    m_stepUpBusy = false;
    m_stepUpError = 0;
    emit stepUpChanged();
}

void Session::submitStepUpPin(const QString& pin)
{
    if (m_state != State::Ready || !stepUpPending() || m_stepUpBusy || pinLocked() || !m_reader || !m_vault)
        return;
    std::shared_ptr<SecretBuffer> secret = securePin(pin);
    if (!secret) {
        m_stepUpError = number(ErrorCode::InvalidArgument);
        emit stepUpChanged();
        return;
    }
    m_stepUpBusy = true;
    m_stepUpError = 0;
    emit stepUpChanged();
    const quint64 generation = m_generation;
    const quint64 serial = m_stepUp.serial;
    m_vault->call(QStringLiteral("BeginStepUp"), {m_stepUp.operation, m_stepUp.arguments}, this,
                  [this, generation, serial, secret](const VaultReply& r) {
                      if (generation != m_generation || m_stepUp.serial != serial) {
                          secret->wipe();
                          return;
                      }
                      if (!r.ok() || r.arguments.size() < 2) {
                          secret->wipe();
                          m_stepUpBusy = false;
                          m_stepUpError = r.ok() ? number(ErrorCode::Internal) : r.error;
                          emit stepUpChanged();
                          return;
                      }
                      m_stepUpNonce = r.arguments.at(0).toByteArray();
                      const QByteArray operation = r.arguments.at(1).toString().toUtf8();
                      const QByteArray message = arrayOf(stepUpMessage(
                          m_deviceId.toStdString(), bytesOf(m_stepUpNonce),
                          std::string_view(operation.constData(), static_cast<std::size_t>(operation.size()))));
                      m_signing = Signing::StepUp;
                      m_reader->sign(++m_signRequest, secret, message);
                  });
}

void Session::cancelStepUp()
{
    if (!stepUpPending() && !m_stepUpBusy)
        return;
    if (m_signing == Signing::StepUp) {
        m_signing = Signing::None;
        ++m_signRequest; // a signature still on its way is dropped
    }
    clearStepUp();
}

void Session::clearStepUp()
{
    m_stepUp = PendingStepUp{};
    m_stepUpNonce.clear();
    m_stepUpBusy = false;
    m_stepUpError = 0;
    emit stepUpChanged();
}

// ---- idle and lock -----------------------------------------------------------------------------

bool Session::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
    case QEvent::Wheel:
        noteActivity();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void Session::noteActivity()
{
    if (!signedIn())
        return;
    m_idleSince.restart();
    if (m_idleWarning) {
        m_idleWarning = false;
        emit idleChanged();
    }
}

void Session::idleTick()
{
    if (!signedIn() || !m_idleSince.isValid())
        return;
    const qint64 idle = m_idleSince.elapsed() / 1000;
    const int left = static_cast<int>(std::max<qint64>(0, m_idleTimeoutSeconds - idle));
    const bool warn = left <= std::min(kIdleWarningSeconds, m_idleTimeoutSeconds / 2);
    if (left != m_idleSecondsLeft || warn != m_idleWarning) {
        m_idleSecondsLeft = left;
        m_idleWarning = warn;
        emit idleChanged();
    }
    if (left == 0) {
        if (m_vault)
            m_vault->send(QStringLiteral("Logout"));
        lock(LockReason::Idle);
    }
}

void Session::checkVaultSession()
{
    if (!signedIn() || !m_vault)
        return;
    const quint64 generation = m_generation;
    m_vault->call(QStringLiteral("Status"), {}, this, [this, generation](const VaultReply& r) {
        if (generation != m_generation || !signedIn())
            return;
        if (r.ok() && !VaultClient::mapOf(r.first()).value(QStringLiteral("loggedIn")).toBool())
            lock(LockReason::SessionEnded);
    });
}

void Session::lock(LockReason reason)
{
    ++m_generation;
    m_signing = Signing::None;
    ++m_signRequest;
    m_idleTimer.stop();
    m_idleSince.invalidate();
    clearStepUp();
    m_desk.clear();
    m_oversight.clear();
    m_workspace.clear();
    emit workspaceChanged();
    m_roles.clear();
    m_departments.clear();
    m_departmentNames.clear();
    emit userChanged();
    m_purpose.clear();
    emit purposeChanged();
    if (m_idleWarning) {
        m_idleWarning = false;
        emit idleChanged();
    }
    setError(0);
    setLockReason(reason);
    if (m_cardPresent)
        checkCard(); // the card is still in: ask for the PIN again
    else
        setState(State::Standby);
    refreshDeviceState(); // a backup or a provision may have been made in the session
    emit locked(reason);
}

// ---- plumbing ----------------------------------------------------------------------------------

QString Session::errorText(int error, const QString& languageCode)
{
    return mamori::ui::errorText(error, languageCode);
}

QString Session::errorCodeText(int error) { return mamori::ui::errorCodeText(error); }

void Session::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged();
}

void Session::setError(int error)
{
    if (error == m_error)
        return;
    m_error = error;
    emit errorChanged();
}

void Session::setLockReason(LockReason reason)
{
    if (reason == m_lockReason)
        return;
    m_lockReason = reason;
    emit lockReasonChanged();
}

} // namespace mamori::ui

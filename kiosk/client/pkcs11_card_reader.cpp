// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/pkcs11_card_reader.h"

#include "smartcard/card_session.h"
#include "smartcard/pin_state.h"
#include "smartcard/pkcs11_module.h"
#include "smartcard/slot_watcher.h"

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <optional>
#include <span>
#include <string_view>

namespace mamori::ui {

namespace {

int numberOf(const Error& error) { return static_cast<int>(errorNumber(error.code())); }

// OpenSC lists this slot, with no reader behind it, while no reader is attached (plug and play).
constexpr std::string_view kOpenScHotplugSlot = "Virtual hotplug slot";

PinInfo pinInfoOf(const smartcard::PinState& state, const smartcard::CardProfile& profile)
{
    PinInfo info;
    switch (state.status()) {
    case smartcard::PinStatus::Ok:
        info.status = PinInfo::Status::Ok;
        break;
    case smartcard::PinStatus::CountLow:
        info.status = PinInfo::Status::CountLow;
        break;
    case smartcard::PinStatus::FinalTry:
        info.status = PinInfo::Status::FinalTry;
        break;
    case smartcard::PinStatus::Locked:
        info.status = PinInfo::Status::Locked;
        break;
    }
    info.maxTries = profile.maxPinTries;
    return info;
}

} // namespace

// The half of the reader that lives on the worker thread. Every member is touched only there.
class Pkcs11CardWorker : public QObject {
    Q_OBJECT

public:
    Pkcs11CardWorker(Pkcs11CardReader::ModuleLoader loader, std::chrono::milliseconds pollInterval,
                     std::chrono::milliseconds retryInterval)
        : m_loader(std::move(loader)), m_pollInterval(pollInterval), m_retryInterval(retryInterval)
    {}

    void start()
    {
        if (m_timer)
            return;
        m_timer = new QTimer(this);
        m_timer->setInterval(m_pollInterval);
        connect(m_timer, &QTimer::timeout, this, &Pkcs11CardWorker::tick);
        connectReader(); // at once: a card already in is reported without waiting for the first tick
        m_timer->start();
    }

    void shutdown()
    {
        if (m_timer)
            m_timer->stop();
        m_session.reset();
        m_watcher.reset();
        m_slot.reset();
        m_module.reset();
    }

    void sign(int request, const std::shared_ptr<SecretBuffer>& pin, const QByteArray& message)
    {
        if (!m_session || !m_certificate) {
            pin->wipe();
            emit signFailed(request, static_cast<int>(errorNumber(ErrorCode::CardAbsent)), PinInfo{});
            return;
        }
        const Status login = m_session->login(*pin);
        pin->wipe(); // the card has it (or refused it); no copy is kept anywhere
        if (!login.ok()) {
            PinInfo info = currentPin();
            if (login.error().code() == ErrorCode::PinLocked)
                info.status = PinInfo::Status::Locked;
            emit signFailed(request, numberOf(login.error()), info);
            return;
        }
        const std::span bytes(reinterpret_cast<const std::uint8_t*>(message.constData()),
                              static_cast<std::size_t>(message.size()));
        auto signature = m_session->sign(*m_certificate, bytes);
        (void)m_session->logout(); // a failed logout changes nothing for the signature or the error
        if (!signature.ok()) {
            emit signFailed(request, numberOf(signature.error()), currentPin());
            return;
        }
        const auto& value = signature.value();
        emit signDone(request,
                      QByteArray(reinterpret_cast<const char*>(value.data()), static_cast<qsizetype>(value.size())));
    }

    void refreshPinState()
    {
        if (m_session)
            emit pinStateRead(currentPin());
    }

signals:
    void cardInserted(const mamori::ui::CardInfo& card);
    void cardRemoved();
    void cardUnreadable(int error);
    void pinStateRead(const mamori::ui::PinInfo& pin);
    void signDone(int request, const QByteArray& signature);
    void signFailed(int request, int error, const mamori::ui::PinInfo& pin);
    void readerUnavailable(int problem, int error, const QString& context);
    void readerAvailable();

private:
    void tick()
    {
        if (m_watcher) {
            poll();
            return;
        }
        if (m_sinceAttempt.isValid() && m_sinceAttempt.elapsed() < m_retryInterval.count())
            return;
        connectReader();
    }

    // One attempt at a usable reader: the module, the slot list, at least one reader in it. On
    // success the tokens present are the baseline, and the first card among them is opened.
    void connectReader()
    {
        m_sinceAttempt.start();
        if (!m_module) {
            auto module = m_loader ? m_loader()
                                   : Result<std::shared_ptr<smartcard::Pkcs11Module>>(
                                         Error(ErrorCode::Unavailable, "no PKCS#11 module"));
            if (!module.ok() || !module.value()) {
                const Error error = module.ok() ? Error(ErrorCode::Unavailable, "the loader gave no module")
                                                : std::move(module).error();
                unavailable(ReaderProblem::ModuleNotLoaded, error);
                return;
            }
            m_module = std::move(module).value();
        }
        auto watcher = smartcard::SlotWatcher::create(m_module, m_pollInterval);
        if (!watcher.ok()) {
            unavailable(ReaderProblem::SlotListFailed, watcher.error());
            return;
        }
        if (!readersPresent())
            return;
        m_watcher = std::move(watcher).value();
        m_failures = 0;
        m_pollsSinceCheck = 0;
        if (m_problem != ReaderProblem::None) {
            m_problem = ReaderProblem::None;
            m_problemError = 0;
            emit readerAvailable();
        }
        for (const unsigned long slot : m_watcher->present()) {
            if (!m_slot && isCard(slot))
                openCard(slot);
        }
    }

    // Whether the module lists at least one reader; reports why not otherwise.
    bool readersPresent()
    {
        auto listed = m_module->listSlots(false);
        if (!listed.ok()) {
            unavailable(ReaderProblem::SlotListFailed, listed.error());
            return false;
        }
        const auto& list = listed.value();
        const bool any = std::any_of(list.begin(), list.end(), [](const smartcard::SlotInfo& slot) {
            return slot.tokenPresent || slot.description != kOpenScHotplugSlot;
        });
        if (!any)
            unavailable(ReaderProblem::NoReader, noReader());
        return any;
    }

    // The reader stopped answering or is gone: the card with it (the session locks), then retries.
    void lose(ReaderProblem problem, const Error& error)
    {
        if (m_slot) {
            m_session.reset();
            m_certificate.reset();
            m_slot.reset();
            emit cardRemoved();
        }
        m_watcher.reset();
        m_sinceAttempt.start();
        unavailable(problem, error);
    }

    static Error noReader() { return Error(ErrorCode::Unavailable, "C_GetSlotList: no reader"); }

    void unavailable(ReaderProblem problem, const Error& error)
    {
        const int code = numberOf(error);
        if (problem == m_problem && code == m_problemError)
            return; // said already; the retries go on quietly
        m_problem = problem;
        m_problemError = code;
        emit readerUnavailable(static_cast<int>(problem), code, QString::fromStdString(error.describe()));
    }

    void poll()
    {
        auto events = m_watcher->poll();
        if (!events.ok()) {
            // One failure may be a hiccup (the next poll tries again; a card that is gone fails its
            // own calls meanwhile); several in a row are a reader that no longer answers.
            if (++m_failures >= Pkcs11CardReader::kFailuresBeforeUnavailable)
                lose(ReaderProblem::SlotListFailed, events.error());
            return;
        }
        for (const smartcard::SlotEvent& event : events.value()) {
            if (event.kind == smartcard::SlotEvent::Kind::Removed && m_slot == event.slotId) {
                m_session.reset();
                m_certificate.reset();
                m_slot.reset();
                emit cardRemoved();
            } else if (event.kind == smartcard::SlotEvent::Kind::Inserted && !m_slot && isCard(event.slotId)) {
                openCard(event.slotId);
            }
        }
        if (++m_pollsSinceCheck < Pkcs11CardReader::kReaderCheckPolls) {
            m_failures = 0;
            return;
        }
        m_pollsSinceCheck = 0;
        auto listed = m_module->listSlots(false);
        if (!listed.ok()) {
            if (++m_failures >= Pkcs11CardReader::kFailuresBeforeUnavailable)
                lose(ReaderProblem::SlotListFailed, listed.error());
            return;
        }
        m_failures = 0;
        const auto& list = listed.value();
        if (std::none_of(list.begin(), list.end(), [](const smartcard::SlotInfo& slot) {
                return slot.tokenPresent || slot.description != kOpenScHotplugSlot;
            }))
            lose(ReaderProblem::NoReader, noReader());
    }

    // A slot whose token was never initialised (SoftHSM2's spare slot, a blank card) is no one's card.
    bool isCard(unsigned long slot)
    {
        const auto token = m_module->tokenInfo(slot);
        return token.ok() && (token.value().flags & CKF_TOKEN_INITIALIZED) != 0;
    }

    void openCard(unsigned long slot)
    {
        m_slot = slot;
        auto session = smartcard::CardSession::open(m_module, slot);
        if (!session.ok()) {
            emit cardUnreadable(numberOf(session.error()));
            return;
        }
        m_session = std::move(session).value();
        auto certificate = m_session->loginCertificate();
        if (!certificate.ok()) {
            m_session.reset();
            emit cardUnreadable(numberOf(certificate.error()));
            return;
        }
        m_certificate = std::move(certificate).value();
        CardInfo card;
        card.cardId = QString::fromStdString(m_certificate->cardId);
        card.label = QString::fromStdString(m_session->token().label);
        card.certificate = QByteArray(reinterpret_cast<const char*>(m_certificate->der.data()),
                                      static_cast<qsizetype>(m_certificate->der.size()));
        card.pin = currentPin();
        const smartcard::CardProfile& profile = m_session->profile();
        card.digitsOnly = profile.digitsOnly;
        card.minPinLength = static_cast<int>(profile.minPinLength);
        card.maxPinLength = static_cast<int>(profile.maxPinLength);
        emit cardInserted(card);
    }

    PinInfo currentPin()
    {
        auto state = m_session->pinState();
        if (!state.ok())
            return PinInfo{PinInfo::Status::Ok, m_session->profile().maxPinTries};
        return pinInfoOf(state.value(), m_session->profile());
    }

    Pkcs11CardReader::ModuleLoader m_loader;
    std::shared_ptr<smartcard::Pkcs11Module> m_module; // once loaded, kept (see the header)
    std::chrono::milliseconds m_pollInterval;
    std::chrono::milliseconds m_retryInterval;
    QElapsedTimer m_sinceAttempt; // the last attempt at a reader, while there is none
    ReaderProblem m_problem = ReaderProblem::None;
    int m_problemError = 0;
    int m_failures = 0;        // failed slot lists in a row
    int m_pollsSinceCheck = 0; // polls since the reader list was last looked at
    std::unique_ptr<smartcard::SlotWatcher> m_watcher;
    std::unique_ptr<smartcard::CardSession> m_session;
    std::optional<smartcard::CardCertificate> m_certificate;
    std::optional<unsigned long> m_slot;
    QTimer* m_timer = nullptr;
};

std::unique_ptr<Pkcs11CardReader> Pkcs11CardReader::forModulePath(const std::string& modulePath)
{
    return std::make_unique<Pkcs11CardReader>(
        ModuleLoader([modulePath] { return smartcard::Pkcs11Module::load(modulePath); }));
}

Pkcs11CardReader::Pkcs11CardReader(std::shared_ptr<smartcard::Pkcs11Module> module,
                                   std::chrono::milliseconds pollInterval, std::chrono::milliseconds retryInterval,
                                   QObject* parent)
    : Pkcs11CardReader(ModuleLoader([module = std::move(module)]() -> Result<std::shared_ptr<smartcard::Pkcs11Module>> {
                           if (!module)
                               return Error(ErrorCode::Unavailable, "no PKCS#11 module");
                           return module;
                       }),
                       pollInterval, retryInterval, parent)
{}

Pkcs11CardReader::Pkcs11CardReader(ModuleLoader loader, std::chrono::milliseconds pollInterval,
                                   std::chrono::milliseconds retryInterval, QObject* parent)
    : CardReader(parent), m_worker(new Pkcs11CardWorker(std::move(loader), pollInterval, retryInterval))
{
    qRegisterMetaType<mamori::ui::CardInfo>();
    qRegisterMetaType<mamori::ui::PinInfo>();
    m_thread.setObjectName(QStringLiteral("mamori-card"));
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &Pkcs11CardWorker::cardInserted, this, &CardReader::cardInserted);
    connect(m_worker, &Pkcs11CardWorker::cardRemoved, this, &CardReader::cardRemoved);
    connect(m_worker, &Pkcs11CardWorker::cardUnreadable, this, &CardReader::cardUnreadable);
    connect(m_worker, &Pkcs11CardWorker::pinStateRead, this, &CardReader::pinStateRead);
    connect(m_worker, &Pkcs11CardWorker::signDone, this, &CardReader::signDone);
    connect(m_worker, &Pkcs11CardWorker::signFailed, this, &CardReader::signFailed);
    connect(m_worker, &Pkcs11CardWorker::readerUnavailable, this,
            [this](int problem, int error, const QString& context) {
                emit readerUnavailable(problem, error);
                emit readerDiagnostic(context);
            });
    connect(m_worker, &Pkcs11CardWorker::readerAvailable, this, &CardReader::readerAvailable);
    m_thread.start();
}

Pkcs11CardReader::~Pkcs11CardReader()
{
    Pkcs11CardWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [worker] {
            worker->shutdown();
            delete worker;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void Pkcs11CardReader::start() { QMetaObject::invokeMethod(m_worker, &Pkcs11CardWorker::start, Qt::QueuedConnection); }

void Pkcs11CardReader::sign(int request, std::shared_ptr<SecretBuffer> pin, const QByteArray& message)
{
    Pkcs11CardWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, request, pin = std::move(pin), message] { worker->sign(request, pin, message); },
        Qt::QueuedConnection);
}

void Pkcs11CardReader::refreshPinState()
{
    QMetaObject::invokeMethod(m_worker, &Pkcs11CardWorker::refreshPinState, Qt::QueuedConnection);
}

} // namespace mamori::ui

#include "pkcs11_card_reader.moc"

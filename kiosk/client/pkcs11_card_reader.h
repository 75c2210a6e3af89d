// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Pkcs11CardReader: the product's CardReader — mamori::smartcard (SlotWatcher, CardSession) on a
// worker thread of its own, because a PKCS#11 call can take seconds on a real card and the UI
// thread must never wait for one. The worker polls the slots (SlotWatcher::poll, every 200 ms by
// default, so a pulled card is reported well within the 1 s the lock allows), opens a session on a
// new card, reads its login certificate and PIN flags without a PIN, and signs on request.
//
// One card at a time: the first token seen is "the card"; others are ignored until it leaves.
// The module (OpenSC's opensc-pkcs11.so on the terminal, SoftHSM2 in tests) is configuration.
//
// No usable reader is a state, not a failure of start(): when the module does not load, when
// C_GetSlotList fails (kFailuresBeforeUnavailable times in a row, so one hiccup of pcscd does not
// lock a clerk out) or when it lists no reader at all, the worker reports readerUnavailable — a card
// that was in is reported removed first, so the session locks — and tries again every
// retryInterval (2 s by default) until a reader answers, then reports readerAvailable and any card
// present. While it works the reader list is looked at every kReaderCheckPolls polls (a reader
// pulled out with a card in is noticed sooner, through the card's removal). A module that loaded
// once stays loaded: OpenSC reconnects to pcscd by itself, and unloading a module that links its
// own OpenSSL is not safe. OpenSC's "Virtual hotplug slot" (its placeholder while no reader is
// attached) does not count as a reader.
//
// Owned by the app; created, used and destroyed on the GUI thread. Signals arrive on the GUI
// thread. Destruction stops the worker (waiting at most for one module call, which has its own
// deadline in the smartcard library).

#include "kiosk/client/card_reader.h"
#include "services/common/result.h"

#include <QThread>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace mamori::smartcard {
class Pkcs11Module;
}

namespace mamori::ui {

class Pkcs11CardWorker;

class Pkcs11CardReader : public CardReader {
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds kDefaultPollInterval{200};
    static constexpr std::chrono::milliseconds kDefaultRetryInterval{2000};
    static constexpr int kFailuresBeforeUnavailable = 2;
    static constexpr int kReaderCheckPolls = 5;

    // Loads (and, until it loads, retries loading) a module; called on the worker thread.
    using ModuleLoader = std::function<Result<std::shared_ptr<smartcard::Pkcs11Module>>()>;

    // The product's reader: the PKCS#11 module at `modulePath`, loaded on the worker (never fails
    // here: a module that does not load is reported with readerUnavailable and retried).
    static std::unique_ptr<Pkcs11CardReader> forModulePath(const std::string& modulePath);

    // An already loaded module (tests: SoftHSM2 behind the fault-injecting function list).
    explicit Pkcs11CardReader(std::shared_ptr<smartcard::Pkcs11Module> module,
                              std::chrono::milliseconds pollInterval = kDefaultPollInterval,
                              std::chrono::milliseconds retryInterval = kDefaultRetryInterval,
                              QObject* parent = nullptr);
    explicit Pkcs11CardReader(ModuleLoader loader, std::chrono::milliseconds pollInterval = kDefaultPollInterval,
                              std::chrono::milliseconds retryInterval = kDefaultRetryInterval,
                              QObject* parent = nullptr);
    ~Pkcs11CardReader() override;

    void start() override;
    void sign(int request, std::shared_ptr<SecretBuffer> pin, const QByteArray& message) override;
    void refreshPinState() override;

signals:
    // With each readerUnavailable: the developer's context of the failure ("E0008 Unavailable:
    // dlopen …"), for the app to log once (the library never logs). Never shown on screen.
    void readerDiagnostic(const QString& context);

private:
    QThread m_thread;
    Pkcs11CardWorker* m_worker = nullptr; // lives on m_thread
};

} // namespace mamori::ui

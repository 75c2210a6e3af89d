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
// Owned by the app; created, used and destroyed on the GUI thread. Signals arrive on the GUI
// thread. Destruction stops the worker (waiting at most for one module call, which has its own
// deadline in the smartcard library).

#include "kiosk/client/card_reader.h"
#include "services/common/result.h"

#include <QThread>

#include <chrono>
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

    // Loads the PKCS#11 module at `modulePath`.
    static Result<std::unique_ptr<Pkcs11CardReader>> load(const std::string& modulePath);

    explicit Pkcs11CardReader(std::shared_ptr<smartcard::Pkcs11Module> module,
                              std::chrono::milliseconds pollInterval = kDefaultPollInterval, QObject* parent = nullptr);
    ~Pkcs11CardReader() override;

    void start() override;
    void sign(int request, std::shared_ptr<SecretBuffer> pin, const QByteArray& message) override;
    void refreshPinState() override;

private:
    QThread m_thread;
    Pkcs11CardWorker* m_worker = nullptr; // lives on m_thread
};

} // namespace mamori::ui

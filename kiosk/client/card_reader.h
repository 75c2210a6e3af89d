// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// CardReader: the kiosk's hardware seam to the IC card (STYLE: interfaces only at hardware seams).
// The product implementation is Pkcs11CardReader (the smartcard library on a worker thread); tests
// drive the same class over SoftHSM2 tokens wrapped by a fault-injecting function list, which is
// how a card "goes in" and "comes out" where no reader exists.
//
// Events come as signals, on the thread that owns the reader (the GUI thread):
//   cardInserted(CardInfo)   a card is in the reader and its login certificate was read (no PIN);
//                            a card already present when start() is called counts as inserted;
//   cardRemoved()            the card left the reader (the session must lock at once);
//   cardUnreadable(error)    a card is in, but has no usable login certificate or does not answer;
//   signDone/signFailed      the outcome of sign(), with the PIN state read after a failed login;
//   readerUnavailable(problem, error)  no reader is usable (ReaderProblem says why, `error` is the
//                            error number to show); the reader keeps retrying by itself. A card that
//                            was in is reported removed first. Emitted again only when the cause changes;
//   readerAvailable()        a reader is usable again after readerUnavailable (cards present are then
//                            reported with cardInserted).
//
// The PIN goes in as a SecretBuffer (STYLE principle 4) and only to the card: the reader logs in
// once (never retries), signs, logs out and wipes the PIN, whatever happens.

#include "services/common/secret_buffer.h"

#include <QByteArray>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <memory>

namespace mamori::ui {

// What the token's flags say about the PIN (smartcard/pin_state.h), plus the card's try limit when
// its profile knows it (JPKI: 3).
struct PinInfo {
    enum class Status : int { Ok = 0, CountLow = 1, FinalTry = 2, Locked = 3 };
    Status status = Status::Ok;
    int maxTries = 0; // 0: the card does not say

    // What can honestly be shown: 0 when locked, 1 on the final try, the full count when nothing
    // went wrong and the card's limit is known; -1 when the flags do not tell.
    int triesLeft() const noexcept;
};

// Why no card reader is usable (readerUnavailable). Stable: the screen picks its words by it.
enum class ReaderProblem : int {
    None = 0,
    ModuleNotLoaded = 1, // the PKCS#11 module did not load (dlopen, C_GetFunctionList, C_Initialize)
    SlotListFailed = 2,  // C_GetSlotList fails: the reader (or pcscd behind it) does not answer
    NoReader = 3,        // the module answers, but lists no reader at all
};

struct CardInfo {
    QString cardId;         // lowercase hex SHA-256 of the login certificate's SPKI: the vault's card id
    QString label;          // the token's label
    QByteArray certificate; // DER
    PinInfo pin;
    bool digitsOnly = false; // the card's PIN is digits only (JPKI)
    int minPinLength = 0;
    int maxPinLength = 0;
};

class CardReader : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;
    ~CardReader() override = default;

    // Starts watching the reader. A card already present is reported with cardInserted().
    virtual void start() = 0;
    // Logs in to the present card with `pin`, signs `message` with the login key, logs out; the PIN
    // is wiped as soon as the card has it. Answers signDone(request, …) or signFailed(request, …).
    virtual void sign(int request, std::shared_ptr<SecretBuffer> pin, const QByteArray& message) = 0;
    // Reads the PIN flags again (pinStateRead()).
    virtual void refreshPinState() = 0;

signals:
    void cardInserted(const mamori::ui::CardInfo& card);
    void cardRemoved();
    void cardUnreadable(int error);
    void pinStateRead(const mamori::ui::PinInfo& pin);
    void signDone(int request, const QByteArray& signature);
    void signFailed(int request, int error, const mamori::ui::PinInfo& pin);
    // `problem` is a ReaderProblem; `error` an error number (vault_error.h).
    void readerUnavailable(int problem, int error);
    void readerAvailable();
};

} // namespace mamori::ui

Q_DECLARE_METATYPE(mamori::ui::PinInfo)
Q_DECLARE_METATYPE(mamori::ui::CardInfo)

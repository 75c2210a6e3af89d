// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// PinState: what the token's flags say about the user PIN (CK_TOKEN_INFO.flags), read without a PIN.
//
// The kiosk shows it before the clerk types (DESIGN §2: never spend the last try automatically; show
// the tries left). PKCS#11 gives no count, only: COUNT_LOW (at least one wrong PIN since the last
// success), FINAL_TRY (one wrong PIN more locks the card), LOCKED, TO_BE_CHANGED. Tokens differ in
// whether they set them: OpenSC sets them from the card's retry counter where the card reports it
// (JPKI does); SoftHSM2 2.6 sets none of them (it has no retry limit, see README.md).

#include <cstdint>

namespace mamori::smartcard {

enum class PinStatus : std::uint8_t {
    Ok,       // no wrong PIN recorded (or the token does not say)
    CountLow, // a wrong PIN was entered since the last success
    FinalTry, // one more wrong PIN locks the card: the UI must warn before it is spent
    Locked,   // the card refuses every PIN; C_Login is never attempted
};

struct PinState {
    bool initialized = false;   // CKF_USER_PIN_INITIALIZED
    bool countLow = false;      // CKF_USER_PIN_COUNT_LOW
    bool finalTry = false;      // CKF_USER_PIN_FINAL_TRY
    bool locked = false;        // CKF_USER_PIN_LOCKED
    bool toBeChanged = false;   // CKF_USER_PIN_TO_BE_CHANGED
    bool protectedPath = false; // CKF_PROTECTED_AUTHENTICATION_PATH (PIN pad on the reader)

    PinStatus status() const noexcept;
};

PinState pinStateFromTokenFlags(unsigned long flags) noexcept;

} // namespace mamori::smartcard

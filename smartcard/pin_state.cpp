// SPDX-License-Identifier: GPL-3.0-or-later
#include "smartcard/pin_state.h"

#include <p11-kit/pkcs11.h>

namespace mamori::smartcard {

PinStatus PinState::status() const noexcept
{
    if (locked)
        return PinStatus::Locked;
    if (finalTry)
        return PinStatus::FinalTry;
    if (countLow)
        return PinStatus::CountLow;
    return PinStatus::Ok;
}

PinState pinStateFromTokenFlags(unsigned long flags) noexcept
{
    PinState state;
    state.initialized = (flags & CKF_USER_PIN_INITIALIZED) != 0;
    state.countLow = (flags & CKF_USER_PIN_COUNT_LOW) != 0;
    state.finalTry = (flags & CKF_USER_PIN_FINAL_TRY) != 0;
    state.locked = (flags & CKF_USER_PIN_LOCKED) != 0;
    state.toBeChanged = (flags & CKF_USER_PIN_TO_BE_CHANGED) != 0;
    state.protectedPath = (flags & CKF_PROTECTED_AUTHENTICATION_PATH) != 0;
    return state;
}

} // namespace mamori::smartcard

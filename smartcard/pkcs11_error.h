// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The one place where a PKCS#11 return value (CK_RV) becomes a Mamori Error.
//
// Mapping (DESIGN §2; the UI turns the code into an action for the clerk):
//   CKR_PIN_INCORRECT                                 → PinIncorrect
//   CKR_PIN_LOCKED                                    → PinLocked
//   CKR_TOKEN_NOT_PRESENT, CKR_DEVICE_REMOVED,
//   CKR_SESSION_HANDLE_INVALID, CKR_SESSION_CLOSED,
//   CKR_TOKEN_NOT_RECOGNIZED                          → CardAbsent
//   CKR_PIN_LEN_RANGE                                 → InvalidArgument
//   anything else                                     → Unavailable
// The context names the function and the code in hex: "C_Login: CKR_PIN_INCORRECT (0xa0)". It never
// contains a PIN or any data read from the card.

#include "services/common/result.h"

#include <string_view>

namespace mamori::smartcard {

// "CKR_PIN_INCORRECT", or "CKR_?" for a code this table does not name.
std::string_view ckrName(unsigned long rv) noexcept;
ErrorCode errorCodeForCkr(unsigned long rv) noexcept;
// `rv` must not be CKR_OK.
Error pkcs11Error(std::string_view function, unsigned long rv);
// okStatus() for CKR_OK, pkcs11Error() otherwise.
Status checkCkr(std::string_view function, unsigned long rv);

} // namespace mamori::smartcard

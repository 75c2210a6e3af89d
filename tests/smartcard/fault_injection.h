// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// FaultInjection: a CK_FUNCTION_LIST that forwards to SoftHSM2's and fails on purpose (STYLE: a fake
// device that fails on purpose to test error paths). Injected through Pkcs11Module::fromFunctionList.
//
// What it simulates, honestly: what a PKCS#11 module reports when a card is pulled — the token
// disappears from C_GetSlotList(CK_TRUE), CKF_TOKEN_PRESENT clears, C_GetTokenInfo answers
// CKR_TOKEN_NOT_PRESENT and session calls CKR_DEVICE_REMOVED (OpenSC's answers). It does not exercise
// a reader, pcscd or OpenSC's own detection. A "hung reader" makes C_Login/C_Sign block until
// released; token flags (COUNT_LOW, FINAL_TRY, LOCKED) can be added as a card would report them; and
// every C_Login reaching the module is counted. PKCS#11 functions carry no context pointer, so the
// state is process-global: one wrapped module at a time.

#include <p11-kit/pkcs11.h>

#include <atomic>

namespace mamori::test {

struct FaultInjection {
    static CK_FUNCTION_LIST* wrap(CK_FUNCTION_LIST* real);
    static void reset();
    // Wakes every call blocked by `hang` (tests call it before tearing down).
    static void releaseHangs();

    static inline std::atomic<bool> removed{false};
    static inline std::atomic<bool> hang{false}; // C_Login and C_Sign block until releaseHangs()
    static inline std::atomic<unsigned long> extraTokenFlags{0};
    static inline std::atomic<unsigned long> loginResult{0}; // non-zero: C_Login answers this, module untouched
    static inline std::atomic<int> loginCalls{0};            // C_Login calls that reached this layer
};

} // namespace mamori::test

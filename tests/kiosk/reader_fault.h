// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// ReaderFault: a layer over the card's function list (on top of FaultInjection, which moves the
// card in and out) that takes the reader itself away, as a PKCS#11 module reports it:
//   NoReader       C_GetSlotList lists no slot at all (OpenSC with no reader attached, whose
//                  placeholder slot the kiosk does not count); slot and token calls answer
//                  CKR_SLOT_ID_INVALID, session calls CKR_DEVICE_REMOVED;
//   SlotListFails  C_GetSlotList answers CKR_DEVICE_ERROR (pcscd gone, a reader that hangs up);
//                  session calls CKR_DEVICE_REMOVED;
// and `failSlotLists` makes just the next N C_GetSlotList calls fail (a hiccup), whatever the mode.
// Process-global like FaultInjection: one wrapped module at a time. Any thread.

#include <p11-kit/pkcs11.h>

#include <atomic>

namespace mamori::test {

struct ReaderFault {
    enum class Mode : int { Normal = 0, NoReader = 1, SlotListFails = 2 };

    static CK_FUNCTION_LIST* wrap(CK_FUNCTION_LIST* inner);
    static void reset();

    static inline std::atomic<Mode> mode{Mode::Normal};
    static inline std::atomic<int> failSlotLists{0};
    static inline std::atomic<int> slotListCalls{0}; // C_GetSlotList calls that reached this layer
};

} // namespace mamori::test

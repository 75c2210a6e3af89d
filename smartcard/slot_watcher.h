// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// SlotWatcher: notices card insertion and removal. Qt-free; the kiosk drives it from a timer or a
// thread and turns events into signals (DESIGN §2: a session dies on card removal).
//
// How: the set of slots with a token present (C_GetSlotList(CK_TRUE)) is compared with the previous
// one. Where the module supports slot events (OpenSC), pending events are first drained with
// C_WaitForSlotEvent(CKF_DONT_BLOCK) — never the blocking form, which cannot be interrupted and
// would pin a thread inside the module (and, through CallRunner, all other calls behind it). An
// event only says "look at slot N"; the diff decides inserted or removed, so a missed or merged
// event does no harm. SoftHSM2 answers CKR_FUNCTION_NOT_SUPPORTED: polling alone.
//
// waitForEvent() polls every pollInterval (default 200 ms, at most 250 ms) until something changes,
// so a removal is reported within ~pollInterval plus one C_GetSlotList (well under the 1 s target).
// A watcher is not thread-safe; one owner polls it.

#include "smartcard/pkcs11_module.h"

#include <chrono>
#include <memory>
#include <set>
#include <vector>

namespace mamori::smartcard {

struct SlotEvent {
    enum class Kind : std::uint8_t { Inserted, Removed };
    unsigned long slotId = 0;
    Kind kind = Kind::Inserted;
};

class SlotWatcher {
public:
    static constexpr std::chrono::milliseconds kMaxPollInterval{250};

    // The tokens present now are the baseline: they raise no Inserted event.
    static Result<std::unique_ptr<SlotWatcher>>
    create(std::shared_ptr<Pkcs11Module> module,
           std::chrono::milliseconds pollInterval = std::chrono::milliseconds{200});

    // One look, without waiting: the changes since the last look (possibly none).
    Result<std::vector<SlotEvent>> poll();
    // Polls until at least one change or `timeout`; an empty vector means the timeout passed.
    Result<std::vector<SlotEvent>> waitForEvent(std::chrono::milliseconds timeout);

    const std::set<unsigned long>& present() const noexcept { return m_present; }
    // Whether the module answered C_WaitForSlotEvent (otherwise: polling only).
    bool usesSlotEvents() const noexcept { return m_slotEvents; }

private:
    SlotWatcher(std::shared_ptr<Pkcs11Module> module, std::chrono::milliseconds pollInterval);

    std::shared_ptr<Pkcs11Module> m_module;
    std::chrono::milliseconds m_pollInterval;
    std::set<unsigned long> m_present;
    bool m_slotEvents = true;
};

} // namespace mamori::smartcard

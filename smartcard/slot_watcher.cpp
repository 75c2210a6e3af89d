// SPDX-License-Identifier: GPL-3.0-or-later
#include "smartcard/slot_watcher.h"

#include <algorithm>
#include <thread>

namespace mamori::smartcard {

SlotWatcher::SlotWatcher(std::shared_ptr<Pkcs11Module> module, std::chrono::milliseconds pollInterval)
    : m_module(std::move(module)),
      m_pollInterval(std::clamp(pollInterval, std::chrono::milliseconds{10}, kMaxPollInterval))
{}

Result<std::unique_ptr<SlotWatcher>> SlotWatcher::create(std::shared_ptr<Pkcs11Module> module,
                                                         std::chrono::milliseconds pollInterval)
{
    if (!module)
        return Error(ErrorCode::InvalidArgument, "SlotWatcher: no module");
    std::unique_ptr<SlotWatcher> watcher(new SlotWatcher(std::move(module), pollInterval));
    // Probe slot support once, and drain what is pending; the baseline below covers it.
    for (int i = 0; i < 64; ++i) {
        auto event = watcher->m_module->pollSlotEvent();
        if (event.ok())
            continue;
        if (event.code() == ErrorCode::Unavailable)
            watcher->m_slotEvents = false;
        else if (event.code() == ErrorCode::Timeout)
            return std::move(event).error();
        break;
    }
    MAMORI_ASSIGN_OR_RETURN(const auto ids, watcher->m_module->slotIds(true));
    watcher->m_present = std::set<unsigned long>(ids.begin(), ids.end());
    return watcher;
}

Result<std::vector<SlotEvent>> SlotWatcher::poll()
{
    if (m_slotEvents) {
        for (int i = 0; i < 64; ++i) { // drain; the diff below decides what happened
            auto event = m_module->pollSlotEvent();
            if (event.ok())
                continue;
            if (event.code() == ErrorCode::Timeout)
                return std::move(event).error();
            break;
        }
    }
    MAMORI_ASSIGN_OR_RETURN(const auto ids, m_module->slotIds(true));
    const std::set<unsigned long> now(ids.begin(), ids.end());
    std::vector<SlotEvent> events;
    for (const unsigned long id : m_present)
        if (now.count(id) == 0)
            events.push_back({id, SlotEvent::Kind::Removed});
    for (const unsigned long id : now)
        if (m_present.count(id) == 0)
            events.push_back({id, SlotEvent::Kind::Inserted});
    m_present = now;
    return events;
}

Result<std::vector<SlotEvent>> SlotWatcher::waitForEvent(std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        MAMORI_ASSIGN_OR_RETURN(auto events, poll());
        if (!events.empty())
            return events;
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            return events;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(m_pollInterval, deadline - now));
    }
}

} // namespace mamori::smartcard

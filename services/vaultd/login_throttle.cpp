// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vaultd/login_throttle.h"

namespace mamori::vaultd {
namespace {
constexpr std::size_t kMaxTrackedCallers = 1024;
}

void LoginThrottle::prune(std::deque<std::int64_t>& times, std::int64_t now) const
{
    while (!times.empty() && now - times.front() >= m_windowMs)
        times.pop_front();
}

bool LoginThrottle::allowed(const std::string& caller)
{
    const auto found = m_refusals.find(caller);
    if (found == m_refusals.end())
        return true;
    prune(found->second, m_clock.nowMs());
    if (found->second.empty()) {
        m_refusals.erase(found);
        return true;
    }
    return found->second.size() < m_maxRefusals;
}

void LoginThrottle::refused(const std::string& caller)
{
    const std::int64_t now = m_clock.nowMs();
    // Unique bus names are never reused: forget callers whose window has passed, so the map stays small.
    if (m_refusals.size() >= kMaxTrackedCallers) {
        for (auto it = m_refusals.begin(); it != m_refusals.end();) {
            prune(it->second, now);
            it = it->second.empty() ? m_refusals.erase(it) : std::next(it);
        }
    }
    auto& times = m_refusals[caller];
    prune(times, now);
    times.push_back(now);
    if (times.size() > m_maxRefusals)
        times.pop_front();
}

} // namespace mamori::vaultd

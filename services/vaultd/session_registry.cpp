// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vaultd/session_registry.h"

namespace mamori::vaultd {

std::optional<vault::SessionContext> SessionRegistry::open(const std::string& caller, vault::SessionContext session)
{
    std::optional<vault::SessionContext> previous = close(caller);
    m_sessions[caller] = Entry{std::move(session), m_clock.nowMs()};
    return previous;
}

vault::SessionContext* SessionRegistry::touch(const std::string& caller)
{
    const auto found = m_sessions.find(caller);
    if (found == m_sessions.end())
        return nullptr;
    const std::int64_t now = m_clock.nowMs();
    if (now - found->second.lastActivityMs > m_idleTimeoutMs)
        return nullptr; // expired: left for expireIdle() to end and report
    found->second.lastActivityMs = now;
    return &found->second.session;
}

const vault::SessionContext* SessionRegistry::peek(const std::string& caller) const
{
    const auto found = m_sessions.find(caller);
    if (found == m_sessions.end() || m_clock.nowMs() - found->second.lastActivityMs > m_idleTimeoutMs)
        return nullptr;
    return &found->second.session;
}

std::optional<vault::SessionContext> SessionRegistry::close(const std::string& caller)
{
    const auto found = m_sessions.find(caller);
    if (found == m_sessions.end())
        return std::nullopt;
    vault::SessionContext session = std::move(found->second.session);
    m_sessions.erase(found);
    return session;
}

std::vector<std::pair<std::string, vault::SessionContext>> SessionRegistry::expireIdle()
{
    std::vector<std::pair<std::string, vault::SessionContext>> expired;
    const std::int64_t now = m_clock.nowMs();
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        if (now - it->second.lastActivityMs > m_idleTimeoutMs) {
            expired.emplace_back(it->first, std::move(it->second.session));
            it = m_sessions.erase(it);
        } else {
            ++it;
        }
    }
    return expired;
}

std::vector<std::pair<std::string, vault::SessionContext>> SessionRegistry::closeAll()
{
    std::vector<std::pair<std::string, vault::SessionContext>> ended;
    for (auto& [caller, entry] : m_sessions)
        ended.emplace_back(caller, std::move(entry.session));
    m_sessions.clear();
    return ended;
}

std::vector<std::pair<std::string, vault::SessionContext>> SessionRegistry::closeByCard(const std::string& cardId)
{
    std::vector<std::pair<std::string, vault::SessionContext>> ended;
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        if (it->second.session.cardId == cardId) {
            ended.emplace_back(it->first, std::move(it->second.session));
            it = m_sessions.erase(it);
        } else {
            ++it;
        }
    }
    return ended;
}

} // namespace mamori::vaultd

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// SessionRegistry: the logged-in sessions of mamori-vaultd, each bound to the D-Bus connection
// that completed the login (its unique bus name, e.g. ":1.42"). A call is served with the session
// of the connection it arrives on and no other: another connection — even of the same user — has
// no session until it logs in itself, and there is no token to steal. A session ends on Logout, on
// a card removal the kiosk reports, when its connection closes (NameOwnerChanged) and after
// idleTimeoutMs without a call; the daemon audits each end (Vault::recordSessionEnd).
// Qt-free; the daemon feeds it the caller names and the clock.

#include "services/vault/clock.h"
#include "services/vault/policy.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mamori::vaultd {

class SessionRegistry {
public:
    SessionRegistry(vault::Clock& clock, std::int64_t idleTimeoutMs) : m_clock(clock), m_idleTimeoutMs(idleTimeoutMs) {}

    // Opens the caller's session; a session the caller already had is returned (to be audited as
    // ended) and replaced.
    std::optional<vault::SessionContext> open(const std::string& caller, vault::SessionContext session);
    // The caller's session, its idle clock restarted; nullptr when it has none (or it had expired:
    // then expireIdle() reports it).
    vault::SessionContext* touch(const std::string& caller);
    // The caller's session without restarting its idle clock (Status: a kiosk polling it must not
    // keep a forgotten session alive); nullptr when none or expired.
    const vault::SessionContext* peek(const std::string& caller) const;
    // Ends the caller's session and returns it (nullopt when there was none).
    std::optional<vault::SessionContext> close(const std::string& caller);
    // Ends the sessions opened with the card `cardId` (it was revoked); returns them.
    std::vector<std::pair<std::string, vault::SessionContext>> closeByCard(const std::string& cardId);
    // Ends every session (a restore replaces the vault they were opened on); returns them.
    std::vector<std::pair<std::string, vault::SessionContext>> closeAll();
    // Ends every session idle for longer than the timeout; returns them with their callers.
    std::vector<std::pair<std::string, vault::SessionContext>> expireIdle();

    std::size_t size() const noexcept { return m_sessions.size(); }
    std::int64_t idleTimeoutMs() const noexcept { return m_idleTimeoutMs; }

private:
    struct Entry {
        vault::SessionContext session;
        std::int64_t lastActivityMs = 0;
    };
    vault::Clock& m_clock;
    std::int64_t m_idleTimeoutMs;
    std::map<std::string, Entry> m_sessions;
};

} // namespace mamori::vaultd

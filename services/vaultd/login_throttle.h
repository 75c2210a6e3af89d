// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// LoginThrottle: bounds how many refused logins one D-Bus connection can cause. Every refusal the
// vault gives (unknown or revoked card, a signature that does not verify, a spent or expired nonce)
// is an audit entry; without a bound, a process on the bus could fill the log — and the disk — with
// them. After maxRefusals refusals within windowMs, BeginLogin and CompleteLogin from that
// connection are answered ResourceExhausted without reaching the vault, until the window moves on.
// Argument-form errors are not counted: they never reach the vault and are not audited. Wrong PINs
// never reach the vault either (the card refuses them). Qt-free.

#include "services/vault/clock.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>

namespace mamori::vaultd {

class LoginThrottle {
public:
    explicit LoginThrottle(vault::Clock& clock, std::size_t maxRefusals = 10, std::int64_t windowMs = 60'000)
        : m_clock(clock), m_maxRefusals(maxRefusals), m_windowMs(windowMs)
    {}

    // Whether the caller may try to log in now.
    bool allowed(const std::string& caller);
    // The vault refused one of the caller's login steps.
    void refused(const std::string& caller);

    std::size_t trackedCallers() const noexcept { return m_refusals.size(); }

private:
    void prune(std::deque<std::int64_t>& times, std::int64_t now) const;

    vault::Clock& m_clock;
    std::size_t m_maxRefusals;
    std::int64_t m_windowMs;
    std::map<std::string, std::deque<std::int64_t>> m_refusals;
};

} // namespace mamori::vaultd

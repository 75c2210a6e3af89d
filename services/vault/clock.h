// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Clock: the vault's source of time, a seam so that tests can cross retention boundaries and
// idle timeouts without waiting. Calendar dates are taken in Japan Standard Time (UTC+9, no
// daylight saving), the time zone of every legal deadline the vault computes.

#include <chrono>
#include <cstdint>

namespace mamori::vault {

class Clock {
public:
    virtual ~Clock() = default;
    // Milliseconds since the Unix epoch.
    virtual std::int64_t nowMs() = 0;

    // Today's date in JST.
    std::chrono::year_month_day todayJst()
    {
        constexpr std::int64_t kJstOffsetMs = 9LL * 3600 * 1000;
        const auto days = std::chrono::floor<std::chrono::days>(std::chrono::milliseconds(nowMs() + kJstOffsetMs));
        return std::chrono::year_month_day(std::chrono::sys_days(days));
    }
};

class SystemClock final : public Clock {
public:
    std::int64_t nowMs() override
    {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

// A clock that moves only when told to (tests, benchmarks).
class ManualClock final : public Clock {
public:
    explicit ManualClock(std::int64_t startMs) : m_nowMs(startMs) {}
    std::int64_t nowMs() override { return m_nowMs; }
    void advanceMs(std::int64_t ms) { m_nowMs += ms; }
    void setMs(std::int64_t ms) { m_nowMs = ms; }
    // Midday JST of the given date.
    void setDateJst(std::chrono::year_month_day date)
    {
        const auto days = std::chrono::sys_days(date).time_since_epoch();
        m_nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(days).count() + 3LL * 3600 * 1000;
    }

private:
    std::int64_t m_nowMs;
};

} // namespace mamori::vault

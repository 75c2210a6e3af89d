// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small helpers shared by mamori-admin's core: hex, Japan Standard Time, and escaping for the CSV
// and HTML it writes. Pure functions; no I/O.
//
// Decisions: every time mamori-admin shows or reads is Japan Standard Time (UTC+9, no daylight
// saving): the devices are in Japan and the 取扱状況 record is read there. Dates on the command
// line are calendar days in JST; a period "--from D1 --to D2" includes both days whole.

#include "services/common/result.h"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::admin {

constexpr std::int64_t kJstOffsetMs = 9LL * 3600 * 1000;
constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

std::string toHex(std::span<const std::uint8_t> bytes);
// Exactly `N` bytes from 2N hex characters (either case); nullopt otherwise.
std::optional<std::vector<std::uint8_t>> bytesFromHex(std::string_view hex);
template <std::size_t N> std::optional<std::array<std::uint8_t, N>> fixedFromHex(std::string_view hex)
{
    if (hex.size() != 2 * N)
        return std::nullopt;
    const auto bytes = bytesFromHex(hex);
    if (!bytes)
        return std::nullopt;
    std::array<std::uint8_t, N> out{};
    for (std::size_t i = 0; i < N; ++i)
        out[i] = (*bytes)[i];
    return out;
}

// "2026-11-24 09:30:00" (JST) for Unix milliseconds.
std::string formatJst(std::int64_t unixMs);
// "2026-11-24" (JST).
std::string formatJstDate(std::int64_t unixMs);
// Midnight JST of a "YYYY-MM-DD" day, as Unix milliseconds; nullopt if not a real date.
std::optional<std::int64_t> parseJstDate(std::string_view text);
// The JST wall-clock hour (0-23) and weekday (0 = Sunday … 6 = Saturday) of an instant.
int jstHour(std::int64_t unixMs);
int jstWeekday(std::int64_t unixMs);

// A duration in plain words: "3 h 20 min", "2 d 4 h", "45 s".
std::string formatDuration(std::int64_t ms);

// One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; quotes doubled. A field
// starting with = + - @ (a spreadsheet formula) is prefixed with an apostrophe, so that opening
// the report in a spreadsheet never evaluates text that came from a device.
std::string csvField(std::string_view text);
// Text for HTML element content and attribute values (& < > " ').
std::string htmlEscape(std::string_view text);

// A card id (64 hex characters) shortened for people: the first 16 characters in groups of four
// joined by ':' ("a1b2:c3d4:e5f6:a7b8"). The colons also keep a chance run of digits in a card id
// from ever reading as a number in a report. Other text is returned unchanged.
std::string shortCardId(std::string_view actor);
// Hex for people and for paper: groups of four characters joined by spaces ("03a1 07bf f3ce …"),
// `perLine` groups to a line (0: one line). Grouping also keeps a chance run of digits in a key or
// hash from reading as a number in an output (number_fence.h).
std::string groupedHex(std::string_view hex, std::size_t perLine = 0);

// The wall clock, Unix milliseconds.
std::int64_t nowMs();

} // namespace mamori::admin

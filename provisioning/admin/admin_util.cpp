// SPDX-License-Identifier: GPL-3.0-or-later
// Hex, JST dates and escaping for mamori-admin (admin_util.h).

#include "provisioning/admin/admin_util.h"

#include <chrono>
#include <cstdio>

namespace mamori::admin {

namespace {

int hexValue(char c) noexcept
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b) noexcept
{
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

struct Civil {
    int year = 1970;
    unsigned month = 1;
    unsigned day = 1;
    std::int64_t msOfDay = 0;
};

Civil civilJst(std::int64_t unixMs)
{
    const std::int64_t local = unixMs + kJstOffsetMs;
    const std::int64_t days = floorDiv(local, kDayMs);
    const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
    return Civil{int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()), local - days * kDayMs};
}

} // namespace

std::string toHex(std::span<const std::uint8_t> bytes)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const std::uint8_t b : bytes) {
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 0x0f]);
    }
    return out;
}

std::optional<std::vector<std::uint8_t>> bytesFromHex(std::string_view hex)
{
    if (hex.size() % 2 != 0)
        return std::nullopt;
    std::vector<std::uint8_t> out(hex.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int high = hexValue(hex[2 * i]);
        const int low = hexValue(hex[2 * i + 1]);
        if (high < 0 || low < 0)
            return std::nullopt;
        out[i] = static_cast<std::uint8_t>(high * 16 + low);
    }
    return out;
}

std::string formatJst(std::int64_t unixMs)
{
    const Civil c = civilJst(unixMs);
    const std::int64_t seconds = c.msOfDay / 1000;
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u %02d:%02d:%02d", c.year, c.month, c.day, int(seconds / 3600),
                  int(seconds / 60 % 60), int(seconds % 60));
    return text;
}

std::string formatJstDate(std::int64_t unixMs)
{
    const Civil c = civilJst(unixMs);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", c.year, c.month, c.day);
    return text;
}

std::optional<std::int64_t> parseJstDate(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8};
    const std::size_t lengths[3] = {4, 2, 2};
    for (int p = 0; p < 3; ++p) {
        for (std::size_t i = 0; i < lengths[p]; ++i) {
            const char c = text[starts[p] + i];
            if (c < '0' || c > '9')
                return std::nullopt;
            parts[p] = parts[p] * 10 + (c - '0');
        }
    }
    const std::chrono::year_month_day ymd{std::chrono::year{parts[0]}, std::chrono::month{unsigned(parts[1])},
                                          std::chrono::day{unsigned(parts[2])}};
    if (!ymd.ok() || parts[0] < 1970)
        return std::nullopt;
    const std::int64_t days = std::chrono::sys_days{ymd}.time_since_epoch().count();
    return days * kDayMs - kJstOffsetMs;
}

int jstHour(std::int64_t unixMs) { return int(civilJst(unixMs).msOfDay / 3600000); }

int jstWeekday(std::int64_t unixMs)
{
    const std::int64_t days = floorDiv(unixMs + kJstOffsetMs, kDayMs);
    return int(std::chrono::weekday{std::chrono::sys_days{std::chrono::days{days}}}.c_encoding());
}

std::string formatDuration(std::int64_t ms)
{
    if (ms < 0)
        return "-" + formatDuration(-ms);
    const std::int64_t s = ms / 1000;
    if (s < 60)
        return std::to_string(s) + " s";
    if (s < 3600)
        return std::to_string(s / 60) + " min";
    if (s < 86400)
        return std::to_string(s / 3600) + " h " + std::to_string(s / 60 % 60) + " min";
    return std::to_string(s / 86400) + " d " + std::to_string(s / 3600 % 24) + " h";
}

std::string csvField(std::string_view text)
{
    std::string value;
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@'))
        value = "'";
    value.append(text);
    if (value.find_first_of(",\"\r\n") == std::string::npos)
        return value;
    std::string out = "\"";
    for (const char c : value) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string htmlEscape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string shortCardId(std::string_view actor)
{
    if (actor.size() != 64)
        return std::string(actor);
    for (const char c : actor)
        if (hexValue(c) < 0)
            return std::string(actor);
    std::string out;
    for (std::size_t i = 0; i < 16; i += 4) {
        if (i != 0)
            out += ':';
        out.append(actor.substr(i, 4));
    }
    return out;
}

std::string groupedHex(std::string_view hex, std::size_t perLine)
{
    std::string out;
    for (std::size_t i = 0, group = 0; i < hex.size(); i += 4, ++group) {
        if (group != 0)
            out += (perLine != 0 && group % perLine == 0) ? '\n' : ' ';
        out.append(hex.substr(i, 4));
    }
    return out;
}

std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace mamori::admin

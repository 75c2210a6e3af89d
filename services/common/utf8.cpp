// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/common/utf8.h"

namespace mamori {

bool decodeUtf8(std::string_view text, std::size_t& pos, char32_t& out) noexcept
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    std::size_t length = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
        out = lead;
        ++pos;
        return true;
    }
    if ((lead & 0xe0) == 0xc0) {
        length = 2;
        minimum = 0x80;
        out = lead & 0x1fu;
    } else if ((lead & 0xf0) == 0xe0) {
        length = 3;
        minimum = 0x800;
        out = lead & 0x0fu;
    } else if ((lead & 0xf8) == 0xf0) {
        length = 4;
        minimum = 0x10000;
        out = lead & 0x07u;
    } else {
        return false;
    }
    if (text.size() - pos < length)
        return false;
    for (std::size_t i = 1; i < length; ++i) {
        const unsigned char b = byte(pos + i);
        if ((b & 0xc0) != 0x80)
            return false;
        out = (out << 6) | (b & 0x3fu);
    }
    if (out < minimum || out > 0x10ffff || (out >= 0xd800 && out <= 0xdfff))
        return false;
    pos += length;
    return true;
}

bool isValidUtf8(std::string_view text) noexcept
{
    std::size_t pos = 0;
    char32_t c = 0;
    while (pos < text.size())
        if (!decodeUtf8(text, pos, c))
            return false;
    return true;
}

bool isPrintableUtf8(std::string_view text) noexcept
{
    std::size_t pos = 0;
    char32_t c = 0;
    while (pos < text.size()) {
        if (!decodeUtf8(text, pos, c))
            return false;
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029)
            return false;
    }
    return true;
}

} // namespace mamori

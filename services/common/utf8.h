// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Strict UTF-8 checks for text that crosses a trust boundary (D-Bus arguments, imported files).

#include <cstddef>
#include <string_view>

namespace mamori {

// Decodes one code point at `pos` and advances past it; false on malformed input (an overlong
// form, a surrogate, above U+10FFFF, or a truncated sequence). `pos` must be < text.size().
bool decodeUtf8(std::string_view text, std::size_t& pos, char32_t& out) noexcept;

// Well-formed UTF-8: no overlongs, no surrogates, nothing above U+10FFFF.
bool isValidUtf8(std::string_view text) noexcept;
// Well-formed and free of control characters (C0 except none, DEL, C1): fit for a name or code.
bool isPrintableUtf8(std::string_view text) noexcept;

} // namespace mamori

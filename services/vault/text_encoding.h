// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Detection and decoding of the text files that payroll software exports: UTF-8 (with or without a
// byte order mark) and Shift_JIS as Windows writes it (CP932 / Windows-31J, with the NEC and IBM
// extensions such as ① and ㈱). Everything is decoded to UTF-8 with LF line ends, so the CSV reader and
// the import only ever see one encoding.
//
// Detection (TextEncoding::Auto): a UTF-8 BOM means UTF-8; otherwise bytes that are valid UTF-8 are
// UTF-8; otherwise the bytes are decoded as CP932. A UTF-16 or UTF-32 BOM is refused with a message
// saying so (Excel's "Unicode text" export), rather than decoded as garbage. CP932 is decoded by
// glibc's iconv, never by a table of our own.
//
// Errors carry the byte offset and line of the first offending byte, never the bytes themselves
// (they may be part of a number). The decoded text is personal data: DecodedText wipes its buffer
// when it is destroyed. Pure functions, no state: safe from any thread.

#include "services/common/result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mamori::vault {

enum class TextEncoding : std::uint8_t { Auto, Utf8, Cp932 };

// Inputs larger than this are refused before any work is done.
constexpr std::size_t kMaxDecodeInputBytes = std::size_t{64} << 20;

// "auto", "utf-8", "cp932".
std::string_view textEncodingName(TextEncoding encoding) noexcept;
// Accepts the names above and the usual aliases, case-insensitively: utf8, cp932, ms932,
// windows-31j, shift_jis, shift-jis, sjis (all Shift_JIS names mean CP932: that is what Windows
// writes when it says Shift_JIS).
std::optional<TextEncoding> textEncodingFromName(std::string_view name) noexcept;

class DecodedText {
public:
    DecodedText() = default;
    DecodedText(std::string utf8, TextEncoding encoding, bool hadBom) noexcept;
    DecodedText(DecodedText&& other) noexcept;
    DecodedText& operator=(DecodedText&& other) noexcept;
    DecodedText(const DecodedText&) = delete;
    DecodedText& operator=(const DecodedText&) = delete;
    ~DecodedText();

    // UTF-8, no BOM, line ends normalised to LF.
    std::string_view utf8() const noexcept { return m_utf8; }
    // The encoding the bytes were in (never Auto).
    TextEncoding encoding() const noexcept { return m_encoding; }
    bool hadBom() const noexcept { return m_hadBom; }

private:
    std::string m_utf8;
    TextEncoding m_encoding = TextEncoding::Utf8;
    bool m_hadBom = false;
};

// Decode `bytes` (in `encoding`, or detected) to UTF-8 and normalise CRLF and lone CR to LF.
// Errors: TooLarge (over kMaxDecodeInputBytes), InvalidUtf8 (forced or BOM-marked UTF-8 that is not),
// InvalidArgument (a UTF-16/32 BOM; bytes that are neither UTF-8 nor CP932; invalid CP932).
Result<DecodedText> decodeText(std::string_view bytes, TextEncoding encoding = TextEncoding::Auto);

// Offset of the first byte that does not start a well-formed UTF-8 sequence (no overlongs, no
// surrogates, nothing above U+10FFFF), or std::string_view::npos when all of `text` is valid.
std::size_t findInvalidUtf8(std::string_view text) noexcept;
inline bool isValidUtf8(std::string_view text) noexcept { return findInvalidUtf8(text) == std::string_view::npos; }

// 1-based line of byte `offset` in `text` (counting LF, CRLF and lone CR as line ends).
std::size_t lineOfOffset(std::string_view text, std::size_t offset) noexcept;

// Overwrite a string's whole buffer (including an inline short-string buffer) with zeros and make
// it empty. For buffers that held personal data.
void wipeString(std::string& text) noexcept;

} // namespace mamori::vault

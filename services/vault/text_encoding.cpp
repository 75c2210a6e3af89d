// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/text_encoding.h"

#include <sodium.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <iconv.h>

namespace mamori::vault {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

unsigned char byteAt(std::string_view text, std::size_t i) noexcept { return static_cast<unsigned char>(text[i]); }

bool startsWith(std::string_view text, std::string_view prefix) noexcept
{
    return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

std::string positionText(std::string_view bytes, std::size_t offset)
{
    return "byte offset " + std::to_string(offset) + " (line " + std::to_string(lineOfOffset(bytes, offset)) + ")";
}

// Appends `text` to `out` with CRLF and lone CR turned into LF. `out` has room reserved.
void appendNormalised(std::string& out, std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t cr = text.find('\r', i);
        if (cr == std::string_view::npos) {
            out.append(text.substr(i));
            return;
        }
        out.append(text.substr(i, cr - i));
        out.push_back('\n');
        i = cr + 1;
        if (i < text.size() && text[i] == '\n')
            ++i;
    }
}

// A string buffer that wipes every allocation it gives up.
class WipingBuffer {
public:
    explicit WipingBuffer(std::size_t size) { m_data.resize(size); }
    WipingBuffer(const WipingBuffer&) = delete;
    WipingBuffer& operator=(const WipingBuffer&) = delete;
    ~WipingBuffer() { wipeString(m_data); }

    char* data() noexcept { return m_data.data(); }
    std::size_t size() const noexcept { return m_data.size(); }
    void grow(std::size_t used)
    {
        std::string bigger;
        bigger.resize(m_data.size() * 2);
        std::memcpy(bigger.data(), m_data.data(), used);
        wipeString(m_data);
        m_data.swap(bigger);
    }
    std::string_view view(std::size_t used) const noexcept { return {m_data.data(), used}; }

private:
    std::string m_data;
};

class IconvHandle {
public:
    IconvHandle(const char* to, const char* from) : m_handle(iconv_open(to, from)) {}
    IconvHandle(const IconvHandle&) = delete;
    IconvHandle& operator=(const IconvHandle&) = delete;
    ~IconvHandle()
    {
        if (valid())
            iconv_close(m_handle);
    }
    bool valid() const noexcept { return m_handle != reinterpret_cast<iconv_t>(static_cast<std::intptr_t>(-1)); }
    iconv_t get() const noexcept { return m_handle; }

private:
    iconv_t m_handle;
};

struct Cp932Failure {
    std::size_t offset = 0;
    bool unavailable = false;
};

// Decodes CP932 to UTF-8 (not yet newline-normalised) into `out`; on failure returns the offset of
// the offending input byte.
bool decodeCp932(std::string_view bytes, std::string& out, Cp932Failure& failure)
{
    IconvHandle converter("UTF-8", "CP932");
    if (!converter.valid()) {
        failure.unavailable = true;
        return false;
    }
    // Japanese text grows from 2 bytes to 3; half-width kana from 1 to 3 (then the buffer grows).
    WipingBuffer buffer(bytes.size() + bytes.size() / 2 + 64);
    // iconv's interface is not const-correct; it never writes through the input pointer.
    char* in = const_cast<char*>(bytes.data());
    std::size_t inLeft = bytes.size();
    std::size_t used = 0;
    while (inLeft > 0) {
        char* outPtr = buffer.data() + used;
        std::size_t outLeft = buffer.size() - used;
        const std::size_t rc = iconv(converter.get(), &in, &inLeft, &outPtr, &outLeft);
        used = buffer.size() - outLeft;
        if (rc != static_cast<std::size_t>(-1))
            break;
        if (errno == E2BIG) {
            buffer.grow(used);
            continue;
        }
        // EILSEQ (invalid sequence) or EINVAL (a lead byte cut off at the end).
        failure.offset = static_cast<std::size_t>(in - bytes.data());
        return false;
    }
    out.reserve(used);
    appendNormalised(out, buffer.view(used));
    return true;
}

DecodedText decodedUtf8(std::string_view body, bool hadBom)
{
    std::string out;
    out.reserve(body.size());
    appendNormalised(out, body);
    return DecodedText(std::move(out), TextEncoding::Utf8, hadBom);
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = static_cast<char>(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

} // namespace

std::string_view textEncodingName(TextEncoding encoding) noexcept
{
    switch (encoding) {
    case TextEncoding::Auto:
        return "auto";
    case TextEncoding::Utf8:
        return "utf-8";
    case TextEncoding::Cp932:
        return "cp932";
    }
    return "auto";
}

std::optional<TextEncoding> textEncodingFromName(std::string_view name) noexcept
{
    static constexpr std::array<std::pair<std::string_view, TextEncoding>, 11> kNames{{
        {"auto", TextEncoding::Auto},
        {"utf-8", TextEncoding::Utf8},
        {"utf8", TextEncoding::Utf8},
        {"cp932", TextEncoding::Cp932},
        {"ms932", TextEncoding::Cp932},
        {"windows-31j", TextEncoding::Cp932},
        {"windows-932", TextEncoding::Cp932},
        {"shift_jis", TextEncoding::Cp932},
        {"shift-jis", TextEncoding::Cp932},
        {"sjis", TextEncoding::Cp932},
        {"x-sjis", TextEncoding::Cp932},
    }};
    for (const auto& [alias, encoding] : kNames) {
        if (equalsIgnoringCase(name, alias))
            return encoding;
    }
    return std::nullopt;
}

DecodedText::DecodedText(std::string utf8, TextEncoding encoding, bool hadBom) noexcept
    : m_utf8(std::move(utf8)), m_encoding(encoding), m_hadBom(hadBom)
{}

DecodedText::DecodedText(DecodedText&& other) noexcept
    : m_utf8(std::move(other.m_utf8)), m_encoding(other.m_encoding), m_hadBom(other.m_hadBom)
{
    wipeString(other.m_utf8);
}

DecodedText& DecodedText::operator=(DecodedText&& other) noexcept
{
    if (this != &other) {
        wipeString(m_utf8);
        m_utf8 = std::move(other.m_utf8);
        wipeString(other.m_utf8);
        m_encoding = other.m_encoding;
        m_hadBom = other.m_hadBom;
    }
    return *this;
}

DecodedText::~DecodedText() { wipeString(m_utf8); }

void wipeString(std::string& text) noexcept
{
    // capacity() excludes the terminator, which is already zero after clear().
    if (text.capacity() > 0)
        sodium_memzero(text.data(), text.capacity());
    text.clear();
}

std::size_t findInvalidUtf8(std::string_view text) noexcept
{
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        // ASCII fast path, eight bytes at a time.
        while (i + 8 <= size) {
            std::uint64_t chunk = 0;
            std::memcpy(&chunk, text.data() + i, 8);
            if ((chunk & 0x8080808080808080ULL) != 0)
                break;
            i += 8;
        }
        if (i >= size)
            break;
        const unsigned char lead = byteAt(text, i);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0)
                low = 0xA0; // overlong
            else if (lead == 0xED)
                high = 0x9F; // surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0)
                low = 0x90; // overlong
            else if (lead == 0xF4)
                high = 0x8F; // above U+10FFFF
        } else {
            return i;
        }
        if (size - i < length)
            return i;
        const unsigned char second = byteAt(text, i + 1);
        if (second < low || second > high)
            return i;
        for (std::size_t k = 2; k < length; ++k) {
            const unsigned char next = byteAt(text, i + k);
            if (next < 0x80 || next > 0xBF)
                return i;
        }
        i += length;
    }
    return std::string_view::npos;
}

std::size_t lineOfOffset(std::string_view text, std::size_t offset) noexcept
{
    std::size_t line = 1;
    const std::size_t end = offset < text.size() ? offset : text.size();
    for (std::size_t i = 0; i < end; ++i) {
        // A line ends at LF, or at a CR not followed by LF.
        const bool lineFeed = text[i] == '\n';
        const bool loneReturn = text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n');
        if (lineFeed || loneReturn)
            ++line;
    }
    return line;
}

Result<DecodedText> decodeText(std::string_view bytes, TextEncoding encoding)
{
    if (bytes.size() > kMaxDecodeInputBytes)
        return Error(ErrorCode::TooLarge, "input of " + std::to_string(bytes.size()) + " bytes exceeds the limit of " +
                                              std::to_string(kMaxDecodeInputBytes));

    // A UTF-32LE BOM starts with the UTF-16LE one, so test it first.
    if (startsWith(bytes, std::string_view("\xFF\xFE\x00\x00", 4)) ||
        startsWith(bytes, std::string_view("\x00\x00\xFE\xFF", 4)))
        return Error(ErrorCode::InvalidArgument, "UTF-32 text (byte order mark) is not supported; save as UTF-8 CSV");
    if (startsWith(bytes, "\xFF\xFE") || startsWith(bytes, "\xFE\xFF"))
        return Error(ErrorCode::InvalidArgument, "UTF-16 text (byte order mark) is not supported; save as UTF-8 CSV");

    const bool hasBom = startsWith(bytes, kUtf8Bom);
    if (hasBom && encoding == TextEncoding::Cp932)
        return Error(ErrorCode::InvalidArgument,
                     "CP932 was requested but the file starts with a UTF-8 byte order mark");

    if (hasBom || encoding == TextEncoding::Utf8) {
        const std::string_view body = hasBom ? bytes.substr(kUtf8Bom.size()) : bytes;
        const std::size_t bad = findInvalidUtf8(body);
        if (bad != std::string_view::npos) {
            const std::size_t offset = bad + (hasBom ? kUtf8Bom.size() : 0);
            return Error(ErrorCode::InvalidUtf8, "invalid UTF-8 at " + positionText(bytes, offset));
        }
        return decodedUtf8(body, hasBom);
    }

    std::size_t badUtf8 = std::string_view::npos;
    if (encoding == TextEncoding::Auto) {
        badUtf8 = findInvalidUtf8(bytes);
        if (badUtf8 == std::string_view::npos)
            return decodedUtf8(bytes, false);
    }

    std::string out;
    Cp932Failure failure;
    if (decodeCp932(bytes, out, failure))
        return DecodedText(std::move(out), TextEncoding::Cp932, false);
    wipeString(out);
    if (failure.unavailable)
        return Error(ErrorCode::Internal, "iconv has no CP932 converter (glibc gconv modules missing)");
    if (encoding == TextEncoding::Auto)
        return Error(ErrorCode::InvalidArgument, "neither UTF-8 (invalid at " + positionText(bytes, badUtf8) +
                                                     ") nor CP932 (invalid at " + positionText(bytes, failure.offset) +
                                                     ")");
    return Error(ErrorCode::InvalidArgument, "invalid CP932 at " + positionText(bytes, failure.offset));
}

} // namespace mamori::vault

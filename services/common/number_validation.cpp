// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/common/number_validation.h"

#include <sodium.h>

#include <algorithm>

namespace mamori {
namespace {

struct KindErrors {
    ErrorCode length;
    ErrorCode character;
    ErrorCode checkDigit;
    std::size_t digits;
};

constexpr KindErrors errorsFor(NumberKind kind)
{
    return kind == NumberKind::Individual
               ? KindErrors{ErrorCode::IndividualNumberLength, ErrorCode::IndividualNumberCharacter,
                            ErrorCode::IndividualNumberCheckDigit, kIndividualNumberDigits}
               : KindErrors{ErrorCode::CorporateNumberLength, ErrorCode::CorporateNumberCharacter,
                            ErrorCode::CorporateNumberCheckDigit, kCorporateNumberDigits};
}

// Decodes one UTF-8 code point at `pos`, strictly (no overlongs, no surrogates, max U+10FFFF).
// Returns false on malformed input.
bool decodeUtf8(std::string_view text, std::size_t& pos, char32_t& out)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    std::size_t length = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
        out = lead;
        ++pos;
        return true;
    } else if ((lead & 0xe0) == 0xc0) {
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
        const unsigned char next = byte(pos + i);
        if ((next & 0xc0) != 0x80)
            return false;
        out = (out << 6) | (next & 0x3fu);
    }
    if (out < minimum || out > 0x10ffff || (out >= 0xd800 && out <= 0xdfff))
        return false;
    pos += length;
    return true;
}

bool isSeparator(char32_t c)
{
    switch (c) {
    case U' ':
    case U'\u3000': // ideographic space
    case U'-':
    case U'\u2010': // hyphen
    case U'\u2011': // non-breaking hyphen
    case U'\u2012': // figure dash
    case U'\u2013': // en dash
    case U'\u2212': // minus sign
    case U'\uff0d': // full-width hyphen-minus
    case U'\u30fc': // katakana prolonged sound mark, what an IME often gives for '-'
    case U'\uff70': // half-width prolonged sound mark
        return true;
    default:
        return false;
    }
}

// Wipes a stack buffer of digits when the parse ends, whatever the outcome.
struct ScratchDigits {
    std::array<char, kCorporateNumberDigits> digits{};
    ~ScratchDigits() { sodium_memzero(digits.data(), digits.size()); }
};

} // namespace

NumberDigits::NumberDigits(NumberKind kind, std::span<const char> digits) noexcept
    : m_size(std::min(digits.size(), m_digits.size())), m_kind(kind)
{
    std::copy_n(digits.begin(), m_size, m_digits.begin());
}

NumberDigits::NumberDigits(const NumberDigits& other) noexcept
    : m_digits(other.m_digits), m_size(other.m_size), m_kind(other.m_kind)
{}

NumberDigits& NumberDigits::operator=(const NumberDigits& other) noexcept
{
    m_digits = other.m_digits;
    m_size = other.m_size;
    m_kind = other.m_kind;
    return *this;
}

NumberDigits::~NumberDigits() { sodium_memzero(m_digits.data(), m_digits.size()); }

bool NumberDigits::operator==(const NumberDigits& other) const noexcept
{
    return m_kind == other.m_kind && m_size == other.m_size &&
           sodium_memcmp(m_digits.data(), other.m_digits.data(), m_size) == 0;
}

int individualCheckDigit(std::span<const char, 11> body) noexcept
{
    static constexpr std::array<int, 11> kWeights{6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    int sum = 0;
    for (std::size_t i = 0; i < body.size(); ++i)
        sum += (body[i] - '0') * kWeights[i];
    const int remainder = sum % 11;
    return remainder <= 1 ? 0 : 11 - remainder;
}

int corporateCheckDigit(std::span<const char, 12> body) noexcept
{
    int sum = 0;
    // n = 1 is the rightmost digit; odd n weigh 1, even n weigh 2.
    for (std::size_t n = 1; n <= body.size(); ++n)
        sum += (body[body.size() - n] - '0') * (n % 2 == 1 ? 1 : 2);
    return 9 - sum % 9;
}

Result<NumberDigits> parseNumber(NumberKind kind, std::string_view utf8)
{
    const KindErrors errors = errorsFor(kind);
    if (utf8.size() > kMaxNumberInputBytes)
        return Error(errors.length, "input longer than " + std::to_string(kMaxNumberInputBytes) + " bytes");

    ScratchDigits scratch;
    std::size_t count = 0;
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        char32_t c = 0;
        if (!decodeUtf8(utf8, pos, c))
            return Error(errors.character, "invalid UTF-8");
        char digit = 0;
        if (c >= U'0' && c <= U'9')
            digit = static_cast<char>('0' + (c - U'0'));
        else if (c >= U'\uff10' && c <= U'\uff19')
            digit = static_cast<char>('0' + (c - U'\uff10'));
        else if (isSeparator(c))
            continue;
        else
            return Error(errors.character, "character other than a digit or separator");
        if (count == errors.digits)
            return Error(errors.length, "more than " + std::to_string(errors.digits) + " digits");
        scratch.digits[count++] = digit;
    }
    if (count != errors.digits)
        return Error(errors.length, std::to_string(count) + " digits, want " + std::to_string(errors.digits));

    const std::span<const char> digits(scratch.digits.data(), count);
    if (kind == NumberKind::Individual) {
        if (individualCheckDigit(digits.first<11>()) != digits[11] - '0')
            return Error(errors.checkDigit, "check digit mismatch");
    } else {
        if (corporateCheckDigit(digits.subspan<1, 12>()) != digits[0] - '0')
            return Error(errors.checkDigit, "check digit mismatch");
    }
    return NumberDigits(kind, digits);
}

Result<NumberDigits> parseIndividualNumber(std::string_view utf8) { return parseNumber(NumberKind::Individual, utf8); }

Result<NumberDigits> parseCorporateNumber(std::string_view utf8) { return parseNumber(NumberKind::Corporate, utf8); }

} // namespace mamori

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/common/number_validation.h"

#include "services/common/utf8.h"

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

} // namespace

bool isNumberSeparator(char32_t c) noexcept
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

namespace {

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
        else if (isNumberSeparator(c))
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

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Validation of individual numbers (個人番号, 12 digits, check digit last) and corporate numbers
// (法人番号, 13 digits, check digit first), and normalisation of what people type.
//
// Accepted input: ASCII digits and full-width digits (０-９); as separators, which are dropped,
// spaces (U+0020, U+3000) and hyphens or hyphen look-alikes that Japanese input methods produce
// (-, U+2010, U+2011, U+2012, U+2013, U+2212, U+FF0D, U+30FC ー, U+FF70 ｰ). Anything else,
// including invalid UTF-8 and control characters, is refused. Errors name the kind of problem
// (length, character, check digit) and never carry the input: a number must not reach a log.
//
// NumberDigits holds the normalised ASCII digits and wipes them on destruction. It has no
// stream operator and no conversion to a string type on purpose.

#include "services/common/result.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace mamori {

enum class NumberKind : std::uint8_t { Individual, Corporate };

constexpr std::size_t kIndividualNumberDigits = 12;
constexpr std::size_t kCorporateNumberDigits = 13;
// Inputs longer than this (bytes) are refused as the wrong length before being read further.
constexpr std::size_t kMaxNumberInputBytes = 128;

class NumberDigits {
public:
    NumberDigits(NumberKind kind, std::span<const char> digits) noexcept;
    NumberDigits(const NumberDigits& other) noexcept;
    NumberDigits& operator=(const NumberDigits& other) noexcept;
    ~NumberDigits();

    NumberKind kind() const noexcept { return m_kind; }
    std::size_t size() const noexcept { return m_size; }
    // The normalised ASCII digits. Treat as personal data: never log or print them.
    std::span<const char> digits() const noexcept { return {m_digits.data(), m_size}; }
    bool operator==(const NumberDigits& other) const noexcept;

private:
    std::array<char, kCorporateNumberDigits> m_digits{};
    std::size_t m_size = 0;
    NumberKind m_kind;
};

// Whether `c` is one of the separators the parser accepts and drops (spaces and hyphen look-alikes).
bool isNumberSeparator(char32_t c) noexcept;

// Normalise and validate a typed or imported individual number.
Result<NumberDigits> parseIndividualNumber(std::string_view utf8);
// Normalise and validate a corporate number.
Result<NumberDigits> parseCorporateNumber(std::string_view utf8);
Result<NumberDigits> parseNumber(NumberKind kind, std::string_view utf8);

// The check digit (0-9) for the first 11 digits of an individual number (ASCII '0'-'9').
// Weights 6,5,4,3,2,7,6,5,4,3,2 from the left; r = sum mod 11; 0 if r <= 1 else 11 - r.
int individualCheckDigit(std::span<const char, 11> body) noexcept;
// The check digit (1-9, or 9 for a sum divisible by 9) for the last 12 digits of a corporate
// number: 9 - (sum mod 9), weights 1,2,1,2,... counting from the rightmost digit.
int corporateCheckDigit(std::span<const char, 12> body) noexcept;

} // namespace mamori

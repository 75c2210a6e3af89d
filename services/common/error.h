// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Stable error codes and the Error value that every fallible Mamori call returns.
//
// Codes are logged and shown to people as numbers, so they are append-only: never renumber or
// reuse one. Each code has a short message and a suggested user action in Japanese and English
// (error_catalog.cpp); the UI shows those and the number, never Error::context(), which is for
// developers. A context string must never contain an individual or corporate number, nor any
// hash of one.

#include <cstdint>
#include <string>
#include <string_view>

namespace mamori {

enum class ErrorCode : std::uint16_t {
    // General (1-99)
    Internal = 1,
    InvalidArgument = 2,
    PermissionDenied = 3,
    NotFound = 4,
    AlreadyExists = 5,
    Cancelled = 6,
    ResourceExhausted = 7,
    Unavailable = 8,
    Timeout = 9,
    TooLarge = 10,
    InvalidUtf8 = 11,
    // IC card (100-199)
    CardAbsent = 100,
    PinIncorrect = 101,
    PinLocked = 102,
    StepUpRequired = 103,
    // TPM (200-299)
    TpmUnavailable = 200,
    TpmPolicyMismatch = 201,
    TpmLockout = 202,
    TpmSealedDataInvalid = 203,
    TpmNotProvisioned = 204,
    RecoveryKeyMalformed = 205,
    RecoveryKeyIncorrect = 206,
    // Storage (300-399)
    StorageCorrupt = 300,
    StorageFull = 301,
    StorageIo = 302,
    StorageKeyMismatch = 303,
    StorageRolledBack = 304,
    // Audit (400-499)
    AuditWriteFailed = 400,
    AuditChainBroken = 401,
    // Number validation (500-599)
    IndividualNumberLength = 500,
    IndividualNumberCharacter = 501,
    IndividualNumberCheckDigit = 502,
    NumberAlreadyRegistered = 503,
    CorporateNumberLength = 510,
    CorporateNumberCharacter = 511,
    CorporateNumberCheckDigit = 512,
};

enum class Language { Japanese, English };

// The numeric value, as logged and shown ("E0501").
std::uint16_t errorNumber(ErrorCode code) noexcept;
// A stable identifier for developers and logs, e.g. "IndividualNumberCheckDigit".
std::string_view errorName(ErrorCode code) noexcept;
// A short message fit for the UI, in the given language (UTF-8). Never empty.
std::string_view errorMessage(ErrorCode code, Language language) noexcept;
// What the person should do next, in plain words (UTF-8). Never empty.
std::string_view errorAction(ErrorCode code, Language language) noexcept;
// Whether the catalog has user-facing text for this code (tests check every named code has).
bool hasErrorText(ErrorCode code) noexcept;

class Error {
public:
    explicit Error(ErrorCode code, std::string context = {}) : m_code(code), m_context(std::move(context)) {}

    ErrorCode code() const noexcept { return m_code; }
    // Developer-facing detail ("sqlite3_step: disk I/O error (0xa)"). Never shown in the UI.
    const std::string& context() const noexcept { return m_context; }
    std::string_view message(Language language) const noexcept { return errorMessage(m_code, language); }
    std::string_view userAction(Language language) const noexcept { return errorAction(m_code, language); }
    // "E0501 IndividualNumberCharacter: <context>" — for logs; contains no user data by contract.
    std::string describe() const;

private:
    ErrorCode m_code;
    std::string m_context;
};

} // namespace mamori

// SPDX-License-Identifier: GPL-3.0-or-later
#include "smartcard/pkcs11_error.h"

#include <p11-kit/pkcs11.h>

#include <cstdio>
#include <string>

namespace mamori::smartcard {

std::string_view ckrName(unsigned long rv) noexcept
{
    switch (rv) {
#define MAMORI_CKR(name)                                                                                               \
    case name:                                                                                                         \
        return #name;
        MAMORI_CKR(CKR_OK)
        MAMORI_CKR(CKR_CANCEL)
        MAMORI_CKR(CKR_HOST_MEMORY)
        MAMORI_CKR(CKR_SLOT_ID_INVALID)
        MAMORI_CKR(CKR_GENERAL_ERROR)
        MAMORI_CKR(CKR_FUNCTION_FAILED)
        MAMORI_CKR(CKR_ARGUMENTS_BAD)
        MAMORI_CKR(CKR_NO_EVENT)
        MAMORI_CKR(CKR_CANT_LOCK)
        MAMORI_CKR(CKR_ATTRIBUTE_SENSITIVE)
        MAMORI_CKR(CKR_ATTRIBUTE_TYPE_INVALID)
        MAMORI_CKR(CKR_DATA_LEN_RANGE)
        MAMORI_CKR(CKR_DEVICE_ERROR)
        MAMORI_CKR(CKR_DEVICE_MEMORY)
        MAMORI_CKR(CKR_DEVICE_REMOVED)
        MAMORI_CKR(CKR_FUNCTION_CANCELED)
        MAMORI_CKR(CKR_FUNCTION_NOT_SUPPORTED)
        MAMORI_CKR(CKR_KEY_HANDLE_INVALID)
        MAMORI_CKR(CKR_KEY_TYPE_INCONSISTENT)
        MAMORI_CKR(CKR_KEY_FUNCTION_NOT_PERMITTED)
        MAMORI_CKR(CKR_MECHANISM_INVALID)
        MAMORI_CKR(CKR_MECHANISM_PARAM_INVALID)
        MAMORI_CKR(CKR_OBJECT_HANDLE_INVALID)
        MAMORI_CKR(CKR_OPERATION_ACTIVE)
        MAMORI_CKR(CKR_OPERATION_NOT_INITIALIZED)
        MAMORI_CKR(CKR_PIN_INCORRECT)
        MAMORI_CKR(CKR_PIN_INVALID)
        MAMORI_CKR(CKR_PIN_LEN_RANGE)
        MAMORI_CKR(CKR_PIN_EXPIRED)
        MAMORI_CKR(CKR_PIN_LOCKED)
        MAMORI_CKR(CKR_SESSION_CLOSED)
        MAMORI_CKR(CKR_SESSION_COUNT)
        MAMORI_CKR(CKR_SESSION_HANDLE_INVALID)
        MAMORI_CKR(CKR_SESSION_PARALLEL_NOT_SUPPORTED)
        MAMORI_CKR(CKR_SIGNATURE_LEN_RANGE)
        MAMORI_CKR(CKR_TOKEN_NOT_PRESENT)
        MAMORI_CKR(CKR_TOKEN_NOT_RECOGNIZED)
        MAMORI_CKR(CKR_USER_ALREADY_LOGGED_IN)
        MAMORI_CKR(CKR_USER_NOT_LOGGED_IN)
        MAMORI_CKR(CKR_USER_PIN_NOT_INITIALIZED)
        MAMORI_CKR(CKR_USER_TYPE_INVALID)
        MAMORI_CKR(CKR_USER_ANOTHER_ALREADY_LOGGED_IN)
        MAMORI_CKR(CKR_BUFFER_TOO_SMALL)
        MAMORI_CKR(CKR_CRYPTOKI_NOT_INITIALIZED)
        MAMORI_CKR(CKR_CRYPTOKI_ALREADY_INITIALIZED)
#undef MAMORI_CKR
    default:
        return "CKR_?";
    }
}

ErrorCode errorCodeForCkr(unsigned long rv) noexcept
{
    switch (rv) {
    case CKR_PIN_INCORRECT:
        return ErrorCode::PinIncorrect;
    case CKR_PIN_LOCKED:
        return ErrorCode::PinLocked;
    case CKR_TOKEN_NOT_PRESENT:
    case CKR_DEVICE_REMOVED:
    case CKR_SESSION_HANDLE_INVALID:
    case CKR_SESSION_CLOSED:
    case CKR_TOKEN_NOT_RECOGNIZED:
        return ErrorCode::CardAbsent;
    case CKR_PIN_LEN_RANGE:
        return ErrorCode::InvalidArgument;
    default:
        return ErrorCode::Unavailable;
    }
}

Error pkcs11Error(std::string_view function, unsigned long rv)
{
    char hex[24];
    std::snprintf(hex, sizeof hex, " (0x%lx)", rv);
    std::string context(function);
    context += ": ";
    context += ckrName(rv);
    context += hex;
    return Error(errorCodeForCkr(rv), std::move(context));
}

Status checkCkr(std::string_view function, unsigned long rv)
{
    if (rv == CKR_OK)
        return okStatus();
    return pkcs11Error(function, rv);
}

} // namespace mamori::smartcard

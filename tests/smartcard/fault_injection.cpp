// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/smartcard/fault_injection.h"

#include <condition_variable>
#include <mutex>

namespace mamori::test {
namespace {

CK_FUNCTION_LIST* g_real = nullptr;
CK_FUNCTION_LIST g_wrapped;
std::mutex g_mutex;
std::condition_variable g_released;
bool g_releaseFlag = false;

void maybeHang()
{
    if (!FaultInjection::hang)
        return;
    std::unique_lock lock(g_mutex);
    g_released.wait(lock, [] { return g_releaseFlag; });
}

CK_RV getSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID* list, CK_ULONG* count)
{
    if (tokenPresent && FaultInjection::removed) {
        *count = 0;
        return CKR_OK;
    }
    return g_real->C_GetSlotList(tokenPresent, list, count);
}

CK_RV getSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO* info)
{
    const CK_RV rv = g_real->C_GetSlotInfo(slot, info);
    if (rv == CKR_OK && FaultInjection::removed)
        info->flags &= ~static_cast<CK_FLAGS>(CKF_TOKEN_PRESENT);
    return rv;
}

CK_RV getTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO* info)
{
    if (FaultInjection::removed)
        return CKR_TOKEN_NOT_PRESENT;
    const CK_RV rv = g_real->C_GetTokenInfo(slot, info);
    if (rv == CKR_OK)
        info->flags |= FaultInjection::extraTokenFlags;
    return rv;
}

CK_RV openSession(CK_SLOT_ID slot, CK_FLAGS flags, void* application, CK_NOTIFY notify, CK_SESSION_HANDLE* session)
{
    if (FaultInjection::removed)
        return CKR_TOKEN_NOT_PRESENT;
    return g_real->C_OpenSession(slot, flags, application, notify, session);
}

CK_RV login(CK_SESSION_HANDLE session, CK_USER_TYPE user, CK_UTF8CHAR* pin, CK_ULONG length)
{
    ++FaultInjection::loginCalls;
    maybeHang();
    if (FaultInjection::removed)
        return CKR_DEVICE_REMOVED;
    if (const unsigned long forced = FaultInjection::loginResult; forced != 0)
        return forced;
    return g_real->C_Login(session, user, pin, length);
}

CK_RV signInit(CK_SESSION_HANDLE session, CK_MECHANISM* mechanism, CK_OBJECT_HANDLE key)
{
    if (FaultInjection::removed)
        return CKR_DEVICE_REMOVED;
    return g_real->C_SignInit(session, mechanism, key);
}

CK_RV sign(CK_SESSION_HANDLE session, CK_BYTE* data, CK_ULONG length, CK_BYTE* signature, CK_ULONG* signatureLength)
{
    maybeHang();
    if (FaultInjection::removed)
        return CKR_DEVICE_REMOVED;
    return g_real->C_Sign(session, data, length, signature, signatureLength);
}

CK_RV findObjectsInit(CK_SESSION_HANDLE session, CK_ATTRIBUTE* attributes, CK_ULONG count)
{
    if (FaultInjection::removed)
        return CKR_DEVICE_REMOVED;
    return g_real->C_FindObjectsInit(session, attributes, count);
}

} // namespace

CK_FUNCTION_LIST* FaultInjection::wrap(CK_FUNCTION_LIST* real)
{
    g_real = real;
    g_wrapped = *real;
    g_wrapped.C_GetSlotList = getSlotList;
    g_wrapped.C_GetSlotInfo = getSlotInfo;
    g_wrapped.C_GetTokenInfo = getTokenInfo;
    g_wrapped.C_OpenSession = openSession;
    g_wrapped.C_Login = login;
    g_wrapped.C_SignInit = signInit;
    g_wrapped.C_Sign = sign;
    g_wrapped.C_FindObjectsInit = findObjectsInit;
    return &g_wrapped;
}

void FaultInjection::reset()
{
    releaseHangs();
    removed = false;
    hang = false;
    extraTokenFlags = 0;
    loginResult = 0;
    loginCalls = 0;
    std::lock_guard lock(g_mutex);
    g_releaseFlag = false;
}

void FaultInjection::releaseHangs()
{
    {
        std::lock_guard lock(g_mutex);
        g_releaseFlag = true;
    }
    g_released.notify_all();
}

} // namespace mamori::test

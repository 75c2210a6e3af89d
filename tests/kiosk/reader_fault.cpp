// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/kiosk/reader_fault.h"

namespace mamori::test {
namespace {

CK_FUNCTION_LIST* g_inner = nullptr;
CK_FUNCTION_LIST g_wrapped;

bool readerGone() { return ReaderFault::mode != ReaderFault::Mode::Normal; }

CK_RV goneAnswer() { return ReaderFault::mode == ReaderFault::Mode::NoReader ? CKR_SLOT_ID_INVALID : CKR_DEVICE_ERROR; }

CK_RV getSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID* list, CK_ULONG* count)
{
    ++ReaderFault::slotListCalls;
    int pending = ReaderFault::failSlotLists;
    while (pending > 0 && !ReaderFault::failSlotLists.compare_exchange_weak(pending, pending - 1)) {
    }
    if (pending > 0)
        return CKR_DEVICE_ERROR;
    switch (ReaderFault::mode.load()) {
    case ReaderFault::Mode::NoReader:
        *count = 0;
        return CKR_OK;
    case ReaderFault::Mode::SlotListFails:
        return CKR_DEVICE_ERROR;
    case ReaderFault::Mode::Normal:
        break;
    }
    return g_inner->C_GetSlotList(tokenPresent, list, count);
}

CK_RV getSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO* info)
{
    return readerGone() ? goneAnswer() : g_inner->C_GetSlotInfo(slot, info);
}

CK_RV getTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO* info)
{
    return readerGone() ? goneAnswer() : g_inner->C_GetTokenInfo(slot, info);
}

CK_RV openSession(CK_SLOT_ID slot, CK_FLAGS flags, void* application, CK_NOTIFY notify, CK_SESSION_HANDLE* session)
{
    return readerGone() ? goneAnswer() : g_inner->C_OpenSession(slot, flags, application, notify, session);
}

CK_RV login(CK_SESSION_HANDLE session, CK_USER_TYPE user, CK_UTF8CHAR* pin, CK_ULONG length)
{
    return readerGone() ? CKR_DEVICE_REMOVED : g_inner->C_Login(session, user, pin, length);
}

CK_RV signInit(CK_SESSION_HANDLE session, CK_MECHANISM* mechanism, CK_OBJECT_HANDLE key)
{
    return readerGone() ? CKR_DEVICE_REMOVED : g_inner->C_SignInit(session, mechanism, key);
}

CK_RV sign(CK_SESSION_HANDLE session, CK_BYTE* data, CK_ULONG length, CK_BYTE* signature, CK_ULONG* signatureLength)
{
    return readerGone() ? CKR_DEVICE_REMOVED : g_inner->C_Sign(session, data, length, signature, signatureLength);
}

} // namespace

CK_FUNCTION_LIST* ReaderFault::wrap(CK_FUNCTION_LIST* inner)
{
    g_inner = inner;
    g_wrapped = *inner;
    g_wrapped.C_GetSlotList = getSlotList;
    g_wrapped.C_GetSlotInfo = getSlotInfo;
    g_wrapped.C_GetTokenInfo = getTokenInfo;
    g_wrapped.C_OpenSession = openSession;
    g_wrapped.C_Login = login;
    g_wrapped.C_SignInit = signInit;
    g_wrapped.C_Sign = sign;
    return &g_wrapped;
}

void ReaderFault::reset()
{
    mode = Mode::Normal;
    failSlotLists = 0;
    slotListCalls = 0;
}

} // namespace mamori::test

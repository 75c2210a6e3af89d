// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/tpm/tpm_context.h"

#include "services/tpm/tpm_error.h"

#include <sodium.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tctildr.h>

#include <cstdlib>
#include <cstring>
#include <new>

namespace mamori::tpm {
namespace {

// A TCTI that records each command code and passes everything to the real TCTI. The layout
// starts with the common V2 structure, which is all ESAPI looks at.
struct CountingTcti {
    TSS2_TCTI_CONTEXT_COMMON_V2 common;
    TSS2_TCTI_CONTEXT* inner;
    CommandLog* log;
};

CountingTcti* counting(TSS2_TCTI_CONTEXT* context) noexcept { return reinterpret_cast<CountingTcti*>(context); }

// The real TCTI's function table (tss2_tcti.h's macros do the same with C casts).
TSS2_TCTI_CONTEXT_COMMON_V2& innerTable(TSS2_TCTI_CONTEXT* context) noexcept
{
    return *reinterpret_cast<TSS2_TCTI_CONTEXT_COMMON_V2*>(counting(context)->inner);
}

TSS2_RC countingTransmit(TSS2_TCTI_CONTEXT* context, size_t size, const uint8_t* command)
{
    CountingTcti* self = counting(context);
    // Command header: tag (2) ‖ size (4) ‖ command code (4), big-endian.
    if (size >= 10 && command != nullptr) {
        const std::uint32_t code = (std::uint32_t{command[6]} << 24) | (std::uint32_t{command[7]} << 16) |
                                   (std::uint32_t{command[8]} << 8) | std::uint32_t{command[9]};
        try {
            self->log->record(code);
        } catch (...) {
            // Recording is diagnostics; a failed allocation must not fail the command.
        }
    }
    auto& inner = innerTable(context);
    return inner.v1.transmit ? inner.v1.transmit(self->inner, size, command) : TSS2_TCTI_RC_NOT_IMPLEMENTED;
}

TSS2_RC countingReceive(TSS2_TCTI_CONTEXT* context, size_t* size, uint8_t* response, int32_t timeout)
{
    auto& inner = innerTable(context);
    return inner.v1.receive ? inner.v1.receive(counting(context)->inner, size, response, timeout)
                            : TSS2_TCTI_RC_NOT_IMPLEMENTED;
}

TSS2_RC countingCancel(TSS2_TCTI_CONTEXT* context)
{
    auto& inner = innerTable(context);
    return inner.v1.cancel ? inner.v1.cancel(counting(context)->inner) : TSS2_TCTI_RC_NOT_IMPLEMENTED;
}

TSS2_RC countingPollHandles(TSS2_TCTI_CONTEXT* context, TSS2_TCTI_POLL_HANDLE* handles, size_t* count)
{
    auto& inner = innerTable(context);
    return inner.v1.getPollHandles ? inner.v1.getPollHandles(counting(context)->inner, handles, count)
                                   : TSS2_TCTI_RC_NOT_IMPLEMENTED;
}

TSS2_RC countingSetLocality(TSS2_TCTI_CONTEXT* context, uint8_t locality)
{
    auto& inner = innerTable(context);
    return inner.v1.setLocality ? inner.v1.setLocality(counting(context)->inner, locality)
                                : TSS2_TCTI_RC_NOT_IMPLEMENTED;
}

TSS2_RC countingMakeSticky(TSS2_TCTI_CONTEXT* context, TPM2_HANDLE* handle, uint8_t sticky)
{
    auto& inner = innerTable(context);
    if (inner.v1.version < 2 || !inner.makeSticky)
        return TSS2_TCTI_RC_NOT_IMPLEMENTED;
    return inner.makeSticky(counting(context)->inner, handle, sticky);
}

void countingFinalize(TSS2_TCTI_CONTEXT*) {} // the real TCTI is finalised by TpmContext

} // namespace

Result<std::unique_ptr<TpmContext>> TpmContext::connect(const std::string& tcti, CommandLog* log)
{
    if (tcti.empty())
        return Error(ErrorCode::TpmUnavailable, "no TCTI configured");
    // Library code never logs (STYLE.md): tpm2-tss would print every TPM error response to stderr,
    // and Mamori reports errors through its own codes. TSS2_LOG set by a developer still wins.
    ::setenv("TSS2_LOG", "all+none", 0);
    std::unique_ptr<TpmContext> context(new TpmContext());
    context->m_tcti = tcti;

    TSS2_RC rc = Tss2_TctiLdr_Initialize(tcti.c_str(), &context->m_realTcti);
    if (rc != TSS2_RC_SUCCESS) {
        Error error = tpmError(rc, "Tss2_TctiLdr_Initialize '" + tcti + "'");
        // Unknown TCTI names, a missing device and a refused connection all land here.
        return Error(ErrorCode::TpmUnavailable, error.context() + " — no TPM reachable through this TCTI");
    }
    context->m_tctiContext = context->m_realTcti;
    if (log) {
        auto* wrapper = new (std::nothrow) CountingTcti{};
        if (!wrapper)
            return Error(ErrorCode::ResourceExhausted, "counting TCTI");
        wrapper->common.v1.magic = 0x4d414d4f52494354ULL; // "MAMORICT"
        wrapper->common.v1.version = 2;
        wrapper->common.v1.transmit = countingTransmit;
        wrapper->common.v1.receive = countingReceive;
        wrapper->common.v1.finalize = countingFinalize;
        wrapper->common.v1.cancel = countingCancel;
        wrapper->common.v1.getPollHandles = countingPollHandles;
        wrapper->common.v1.setLocality = countingSetLocality;
        wrapper->common.makeSticky = countingMakeSticky;
        wrapper->inner = context->m_realTcti;
        wrapper->log = log;
        context->m_counting = wrapper;
        context->m_tctiContext = reinterpret_cast<TSS2_TCTI_CONTEXT*>(wrapper);
    }

    rc = Esys_Initialize(&context->m_esys, context->m_tctiContext, nullptr);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_Initialize");

    // One round trip: proves the TPM answers, and tells failure mode and lockout apart.
    TPMI_YES_NO more = TPM2_NO;
    TPMS_CAPABILITY_DATA* raw = nullptr;
    rc = Esys_GetCapability(context->m_esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, TPM2_CAP_TPM_PROPERTIES,
                            TPM2_PT_PERMANENT, 1, &more, &raw);
    EsysPtr<TPMS_CAPABILITY_DATA> capability(raw);
    if (rc != TSS2_RC_SUCCESS) {
        if (tpmResponseCode(rc) == TPM2_RC_FAILURE)
            return Error(ErrorCode::TpmUnavailable, "the TPM behind '" + tcti + "' is in failure mode");
        return tpmError(rc, "Esys_GetCapability (first contact with the TPM)");
    }
    const TPML_TAGGED_TPM_PROPERTY& properties = capability->data.tpmProperties;
    for (UINT32 i = 0; i < properties.count && i < TPM2_MAX_TPM_PROPERTIES; ++i) {
        if (properties.tpmProperty[i].property == TPM2_PT_PERMANENT)
            context->m_inLockout = (properties.tpmProperty[i].value & TPMA_PERMANENT_INLOCKOUT) != 0;
    }
    return context;
}

TpmContext::~TpmContext()
{
    closeSessions();
    if (m_esys) {
        for (auto& [handle, object] : m_persistent)
            Esys_TR_Close(m_esys, &object);
        Esys_Finalize(&m_esys);
    }
    if (m_realTcti)
        Tss2_TctiLdr_Finalize(&m_realTcti);
    delete static_cast<CountingTcti*>(m_counting);
}

Result<ESYS_TR> TpmContext::persistent(std::uint32_t tpmHandle)
{
    if (const auto found = m_persistent.find(tpmHandle); found != m_persistent.end())
        return found->second;
    ESYS_TR object = ESYS_TR_NONE;
    const TSS2_RC rc = Esys_TR_FromTPMPublic(m_esys, tpmHandle, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &object);
    if (rc != TSS2_RC_SUCCESS) {
        const std::uint32_t code = tpmResponseCode(rc);
        if (code == TPM2_RC_HANDLE || (code & ~TPM2_RC_FMT1) == (TPM2_RC_HANDLE & ~TPM2_RC_FMT1))
            return Error(ErrorCode::NotFound, "nothing at TPM handle " + hex32(tpmHandle));
        return tpmError(rc, "Esys_TR_FromTPMPublic");
    }
    m_persistent.emplace(tpmHandle, object);
    return object;
}

Result<ESYS_TR> TpmContext::unsealSession(ESYS_TR saltKey)
{
    if (m_unsealSession != ESYS_TR_NONE && m_unsealSessionKey == saltKey)
        return m_unsealSession;
    closeSessions();
    TPMT_SYM_DEF cipher{};
    cipher.algorithm = TPM2_ALG_AES;
    cipher.keyBits.aes = 128;
    cipher.mode.aes = TPM2_ALG_CFB;
    // Our own nonce (libsodium): ESAPI 3.2 would make a fresh OpenSSL library context for it.
    TPM2B_NONCE nonce{};
    nonce.size = 32;
    randombytes_buf(nonce.buffer, nonce.size);
    ESYS_TR session = ESYS_TR_NONE;
    TSS2_RC rc = Esys_StartAuthSession(m_esys, saltKey, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &nonce,
                                       TPM2_SE_POLICY, &cipher, TPM2_ALG_SHA256, &session);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_StartAuthSession (salted policy)");
    // Encrypt responses (the unsealed secret); keep the session for the next unseal.
    rc = Esys_TRSess_SetAttributes(m_esys, session, TPMA_SESSION_ENCRYPT | TPMA_SESSION_CONTINUESESSION,
                                   TPMA_SESSION_ENCRYPT | TPMA_SESSION_DECRYPT | TPMA_SESSION_CONTINUESESSION);
    if (rc != TSS2_RC_SUCCESS) {
        Esys_FlushContext(m_esys, session);
        return tpmError(rc, "Esys_TRSess_SetAttributes");
    }
    m_unsealSession = session;
    m_unsealSessionKey = saltKey;
    return session;
}

void TpmContext::closeSessions() noexcept
{
    if (m_unsealSession != ESYS_TR_NONE && m_esys)
        Esys_FlushContext(m_esys, m_unsealSession);
    m_unsealSession = ESYS_TR_NONE;
    m_unsealSessionKey = ESYS_TR_NONE;
}

void TpmContext::forget(std::uint32_t tpmHandle) noexcept
{
    if (const auto found = m_persistent.find(tpmHandle); found != m_persistent.end()) {
        Esys_TR_Close(m_esys, &found->second);
        m_persistent.erase(found);
    }
}

} // namespace mamori::tpm

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/tpm/nv_counter.h"

#include "services/tpm/tpm_error.h"

namespace mamori::tpm {
namespace {

constexpr TPMA_NV kCounterType = TPM2_NT_COUNTER << TPMA_NV_TPM2_NT_SHIFT;
constexpr TPMA_NV kAttributes = kCounterType | TPMA_NV_AUTHREAD | TPMA_NV_AUTHWRITE | TPMA_NV_NO_DA;

Status checkIsOurCounter(TpmContext& tpm, ESYS_TR object, std::uint32_t index)
{
    TPM2B_NV_PUBLIC* raw = nullptr;
    const TSS2_RC rc = Esys_NV_ReadPublic(tpm.esys(), object, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &raw, nullptr);
    EsysPtr<TPM2B_NV_PUBLIC> info(raw);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_NV_ReadPublic " + hex32(index));
    const TPMA_NV attributes = info->nvPublic.attributes;
    if ((attributes & TPMA_NV_TPM2_NT_MASK) != kCounterType || (attributes & kAttributes) != kAttributes ||
        info->nvPublic.dataSize != 8)
        return Error(ErrorCode::AlreadyExists, "NV index " + hex32(index) + " is not a Mamori counter");
    return okStatus();
}

std::uint64_t bigEndian64(const std::uint8_t* bytes)
{
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i)
        value = (value << 8) | bytes[i];
    return value;
}

} // namespace

Result<NvCounter> NvCounter::define(TpmContext& tpm, std::uint32_t index)
{
    if (index < TPM2_NV_INDEX_FIRST || index > TPM2_NV_INDEX_LAST)
        return Error(ErrorCode::InvalidArgument, hex32(index) + " is not an NV index");
    auto existing = tpm.persistent(index);
    if (existing.ok()) {
        MAMORI_TRY(checkIsOurCounter(tpm, existing.value(), index));
        NvCounter counter(tpm, index, existing.value());
        // A counter defined but never incremented (a crash during provisioning) cannot be read yet.
        if (!counter.read().ok())
            MAMORI_TRY(counter.increment());
        return counter;
    }
    if (existing.code() != ErrorCode::NotFound)
        return existing.error();

    TPM2B_NV_PUBLIC info{};
    info.nvPublic.nvIndex = index;
    info.nvPublic.nameAlg = TPM2_ALG_SHA256;
    info.nvPublic.attributes = kAttributes;
    info.nvPublic.dataSize = 8;
    const TPM2B_AUTH noPassword{};
    ESYS_TR object = ESYS_TR_NONE;
    const TSS2_RC rc = Esys_NV_DefineSpace(tpm.esys(), ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
                                           &noPassword, &info, &object);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_NV_DefineSpace " + hex32(index));
    Esys_TR_Close(tpm.esys(), &object);
    MAMORI_ASSIGN_OR_RETURN(const ESYS_TR cached, tpm.persistent(index));
    NvCounter counter(tpm, index, cached);
    MAMORI_TRY(counter.increment());
    return counter;
}

Result<NvCounter> NvCounter::open(TpmContext& tpm, std::uint32_t index)
{
    auto object = tpm.persistent(index);
    if (!object.ok()) {
        if (object.code() == ErrorCode::NotFound)
            return Error(ErrorCode::TpmNotProvisioned, "no NV counter at " + hex32(index) + " (run provisioning)");
        return object.error();
    }
    MAMORI_TRY(checkIsOurCounter(tpm, object.value(), index));
    return NvCounter(tpm, index, object.value());
}

Result<std::uint64_t> NvCounter::read()
{
    TPM2B_MAX_NV_BUFFER* raw = nullptr;
    const TSS2_RC rc =
        Esys_NV_Read(m_tpm->esys(), m_object, m_object, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, 8, 0, &raw);
    EsysPtr<TPM2B_MAX_NV_BUFFER> data(raw);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_NV_Read counter " + hex32(m_index));
    if (data->size != 8)
        return Error(ErrorCode::TpmUnavailable, "counter read returned " + std::to_string(data->size) + " bytes");
    return bigEndian64(data->buffer);
}

Result<std::uint64_t> NvCounter::increment()
{
    const TSS2_RC rc =
        Esys_NV_Increment(m_tpm->esys(), m_object, m_object, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_NV_Increment counter " + hex32(m_index));
    return read();
}

} // namespace mamori::tpm

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/tpm/nv_counter.h"

#include "services/tpm/tpm_error.h"

#include <sodium.h>

#include <cstring>

namespace mamori::tpm {
namespace {

constexpr TPMA_NV kCounterType = TPM2_NT_COUNTER << TPMA_NV_TPM2_NT_SHIFT;
constexpr TPMA_NV kAttributes = kCounterType | TPMA_NV_OWNERREAD | TPMA_NV_AUTHWRITE | TPMA_NV_NO_DA;
constexpr std::size_t kAuthBytes = 32;

Status checkIsOurCounter(TpmContext& tpm, ESYS_TR object, std::uint32_t index)
{
    TPM2B_NV_PUBLIC* raw = nullptr;
    const TSS2_RC rc = Esys_NV_ReadPublic(tpm.esys(), object, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &raw, nullptr);
    EsysPtr<TPM2B_NV_PUBLIC> info(raw);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_NV_ReadPublic " + hex32(index));
    const TPMA_NV attributes = info->nvPublic.attributes;
    if ((attributes & TPMA_NV_TPM2_NT_MASK) != kCounterType || (attributes & kAttributes) != kAttributes ||
        (attributes & (TPMA_NV_AUTHREAD | TPMA_NV_PPWRITE | TPMA_NV_OWNERWRITE | TPMA_NV_POLICYWRITE)) != 0 ||
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

Status NvCounter::authorise(TpmContext& tpm, std::uint32_t index, std::span<const std::uint8_t> writeAuth)
{
    if (writeAuth.size() != kAuthBytes)
        return Error(ErrorCode::InvalidArgument, "the counter password is 32 bytes");
    MAMORI_ASSIGN_OR_RETURN(const ESYS_TR object, tpm.persistent(index));
    TPM2B_AUTH auth{};
    auth.size = static_cast<UINT16>(writeAuth.size());
    std::memcpy(auth.buffer, writeAuth.data(), writeAuth.size());
    const TSS2_RC rc = Esys_TR_SetAuth(tpm.esys(), object, &auth);
    sodium_memzero(&auth, sizeof auth);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_TR_SetAuth counter");
    return okStatus();
}

Result<NvCounter> NvCounter::define(TpmContext& tpm, std::uint32_t index, std::span<const std::uint8_t> writeAuth)
{
    if (index < TPM2_NV_INDEX_FIRST || index > TPM2_NV_INDEX_LAST)
        return Error(ErrorCode::InvalidArgument, hex32(index) + " is not an NV index");
    if (writeAuth.size() != kAuthBytes)
        return Error(ErrorCode::InvalidArgument, "the counter password is 32 bytes");
    auto existing = tpm.persistent(index);
    if (existing.ok()) {
        MAMORI_TRY(checkIsOurCounter(tpm, existing.value(), index));
        MAMORI_TRY(authorise(tpm, index, writeAuth));
        NvCounter counter(tpm, index, existing.value());
        // A counter defined but never incremented (a crash during provisioning) cannot be read yet;
        // an increment also proves the password is this one.
        auto incremented = counter.increment();
        if (!incremented.ok() && incremented.code() == ErrorCode::PermissionDenied)
            return Error(ErrorCode::AlreadyExists, "NV index " + hex32(index) +
                                                       " holds a counter with another password (another vault's; "
                                                       "the owner must undefine it first)");
        MAMORI_TRY(incremented);
        return counter;
    }
    if (existing.code() != ErrorCode::NotFound)
        return existing.error();

    TPM2B_NV_PUBLIC info{};
    info.nvPublic.nvIndex = index;
    info.nvPublic.nameAlg = TPM2_ALG_SHA256;
    info.nvPublic.attributes = kAttributes;
    info.nvPublic.dataSize = 8;
    TPM2B_AUTH password{};
    password.size = static_cast<UINT16>(writeAuth.size());
    std::memcpy(password.buffer, writeAuth.data(), writeAuth.size());
    ESYS_TR object = ESYS_TR_NONE;
    const TSS2_RC rc = Esys_NV_DefineSpace(tpm.esys(), ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
                                           &password, &info, &object);
    sodium_memzero(&password, sizeof password);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_NV_DefineSpace " + hex32(index));
    Esys_TR_Close(tpm.esys(), &object);
    MAMORI_ASSIGN_OR_RETURN(const ESYS_TR cached, tpm.persistent(index));
    MAMORI_TRY(authorise(tpm, index, writeAuth));
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
    const TSS2_RC rc = Esys_NV_Read(m_tpm->esys(), ESYS_TR_RH_OWNER, m_object, ESYS_TR_PASSWORD, ESYS_TR_NONE,
                                    ESYS_TR_NONE, 8, 0, &raw);
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
    if (rc != TSS2_RC_SUCCESS) {
        const std::uint32_t code = tpmResponseCode(rc);
        if (code == TPM2_RC_AUTH_FAIL || code == TPM2_RC_BAD_AUTH)
            return Error(ErrorCode::PermissionDenied,
                         "incrementing counter " + hex32(m_index) + " needs the vault's key-derived password");
        return tpmError(rc, "Esys_NV_Increment counter " + hex32(m_index));
    }
    return read();
}

} // namespace mamori::tpm

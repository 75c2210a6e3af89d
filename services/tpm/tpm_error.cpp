// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/tpm/tpm_error.h"

#include <tss2/tss2_rc.h>
#include <tss2/tss2_tpm2_types.h>

#include <cstdio>
#include <string>

namespace mamori::tpm {
namespace {

constexpr TSS2_RC kLayerMask = 0xFF0000u;

std::string hex(TSS2_RC rc)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%x", rc);
    return buffer;
}

} // namespace

std::string hex32(std::uint32_t value)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%08x", value);
    return buffer;
}

std::uint32_t tpmResponseCode(TSS2_RC rc) noexcept
{
    const TSS2_RC layer = rc & kLayerMask;
    // The resource manager passes the TPM's codes through in its own layer.
    if (layer != TSS2_TPM_RC_LAYER && layer != TSS2_RESMGR_TPM_RC_LAYER)
        return 0;
    const std::uint32_t base = rc & 0xFFFFu;
    if (base & TPM2_RC_FMT1)
        return base & (TPM2_RC_FMT1 | 0x3Fu); // drop the parameter/handle/session number
    return base;
}

bool isTctiError(TSS2_RC rc) noexcept { return (rc & kLayerMask) == TSS2_TCTI_RC_LAYER; }

Error tpmError(TSS2_RC rc, std::string_view what)
{
    std::string context(what);
    context += ": ";
    context += Tss2_RC_Decode(rc);
    context += " (" + hex(rc) + ")";

    if (isTctiError(rc))
        return Error(ErrorCode::TpmUnavailable, std::move(context));
    switch (tpmResponseCode(rc)) {
    case TPM2_RC_LOCKOUT:
        return Error(ErrorCode::TpmLockout, std::move(context));
    case TPM2_RC_FAILURE:
        return Error(ErrorCode::TpmUnavailable, context + " — the TPM is in failure mode");
    case TPM2_RC_POLICY_FAIL:
    case TPM2_RC_PCR_CHANGED:
        return Error(ErrorCode::TpmPolicyMismatch, std::move(context));
    case TPM2_RC_INTEGRITY:
    case TPM2_RC_BINDING:
    case TPM2_RC_SIZE:
    case TPM2_RC_KEY_SIZE:
    case TPM2_RC_SYMMETRIC:
    case TPM2_RC_ATTRIBUTES:
    case TPM2_RC_HASH:
    case TPM2_RC_TYPE:
        return Error(ErrorCode::TpmSealedDataInvalid, std::move(context));
    default:
        return Error(ErrorCode::TpmUnavailable, std::move(context));
    }
}

} // namespace mamori::tpm

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The one place where a tpm2-tss return code becomes a Mamori Error (STYLE.md: translate a C
// library's return code in exactly one place, with the code in hex in the message).
//
//   TCTI layer (cannot connect, wrong TCTI name, I/O)      → TpmUnavailable
//   TPM_RC_FAILURE / TPM_RC_RETRY-style "not now"          → TpmUnavailable (failure mode named)
//   TPM_RC_LOCKOUT                                         → TpmLockout
//   TPM_RC_POLICY_FAIL, TPM_RC_PCR_CHANGED                 → TpmPolicyMismatch
//   TPM_RC_INTEGRITY, TPM_RC_BINDING, TPM_RC_SIZE, ...     → TpmSealedDataInvalid (on a load)
//   anything else                                          → TpmUnavailable with the decoded code

#include "services/common/error.h"

#include <tss2/tss2_common.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace mamori::tpm {

// The TPM's own response code with the layer and the parameter/handle/session number stripped,
// e.g. TPM2_RC_POLICY_FAIL for a policy failure on any session. 0 for a non-TPM layer.
std::uint32_t tpmResponseCode(TSS2_RC rc) noexcept;
// Whether the return code came from the TCTI layer (connection, I/O).
bool isTctiError(TSS2_RC rc) noexcept;

// `what` names the call ("Esys_Load sealed master key"); the context reads
// "Esys_Load sealed master key: tpm:parameter(1):integrity check failed (0x9df)".
Error tpmError(TSS2_RC rc, std::string_view what);
// "0x81000001" — handles and codes as people read them in TPM tooling.
std::string hex32(std::uint32_t value);

} // namespace mamori::tpm

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Sealing secrets to the TPM under a persistent ECC P-256 storage key and a PCR policy.
//
// Provisioning (once): ensureStorageKey() creates the storage key with CreatePrimary under the
// owner hierarchy and makes it persistent with EvictControl at a configurable handle (TCG's SRK
// template: restricted decrypt, AES-128-CFB, noDA). seal() creates a keyed-hash object holding
// the secret with:
//   - authPolicy = PolicyPCR over the given PCR values (computed by the TPM in a trial session);
//   - fixedTPM | fixedParent | noDA, and NOT userWithAuth: only the policy opens it, there is no
//     password to guess, and unattended reboots never move the dictionary-attack counter.
//
// Unlock (every start): unseal() uses the persistent key as it is — no CreatePrimary on this
// path — and checks that its name is the one recorded at sealing (a different TPM, or a
// re-provisioned key, is reported as such). Then Load, a policy session salted to the storage
// key with AES-128-CFB parameter encryption (the secret crosses the bus encrypted; the session is
// started once per connection and reused, see TpmContext::unsealSession), PolicyPCR, Unseal with
// response encryption, into a SecretBuffer, and the object is flushed. On a policy failure it reads the PCRs
// and names the ones that differ from the values sealed against.

#include "services/common/result.h"
#include "services/common/secret_buffer.h"
#include "services/tpm/pcr.h"
#include "services/tpm/sealed_blob.h"
#include "services/tpm/tpm_context.h"

#include <cstdint>
#include <span>

namespace mamori::tpm {

constexpr std::uint32_t kDefaultStorageKeyHandle = 0x81000001; // TCG's SRK handle

// Makes sure an ECC P-256 storage key is persistent at `handle`; true when it was created now.
// An object of another kind at the handle is refused (AlreadyExists), never evicted.
Result<bool> ensureStorageKey(TpmContext& tpm, std::uint32_t handle);

// Seals `secret` (1..128 bytes) under the storage key at `storageHandle` to the PCR values given.
Result<SealedBlob> seal(TpmContext& tpm, std::uint32_t storageHandle, SealedPurpose purpose,
                        std::span<const std::uint8_t> secret, const PcrValues& sealTo);

// Unseals. TpmPolicyMismatch names the differing PCRs; TpmSealedDataInvalid for a blob from
// another TPM or a damaged one; TpmNotProvisioned when the storage key is gone.
Result<SecretBuffer> unseal(TpmContext& tpm, const SealedBlob& blob);

} // namespace mamori::tpm

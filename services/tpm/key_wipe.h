// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What mamori-provision needs of the TPM beyond KeyStore: a look at the objects Mamori keeps in it
// (for `status` and for refusing a second `init`), the names a gateway or an administrator may pin
// (storage key, endorsement key), and the wipe that `init --wipe` performs.
//
// Wipe: evicts the persistent storage key (EvictControl) and undefines the NV counter
// (NV_UndefineSpace), both with the owner hierarchy's authorisation, which is empty on Mamori
// devices (services/tpm/README.md). Only objects that are what Mamori put there are touched: an
// object at the storage-key handle that is not an ECC P-256 storage key, or an NV index that is
// not a counter, is refused (AlreadyExists) and left alone — another program's key is never
// evicted. What the wipe does NOT do, and why (provisioning/provision/README.md): it does not run
// TPM2_Clear — that needs the lockout authorisation and would also destroy what the rest of the
// image binds to the owner hierarchy (systemd-cryptenroll's LUKS2 key for /var). A primary key is
// derived from the owner seed and its template, so the same storage key could be created again;
// what makes the old sealed objects useless is deleting their files (and the recovery file),
// which the caller does.
//
// Not thread-safe (TpmContext's rule). Library code: nothing here logs.

#include "services/common/result.h"
#include "services/tpm/tpm_context.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace mamori::tpm {

struct TpmInventory {
    bool storageKeyPresent = false;
    bool storageKeyIsEccStorageKey = false;   // an ECC P-256 restricted decryption key (ours, or compatible)
    std::vector<std::uint8_t> storageKeyName; // TPM name (nameAlg ‖ SHA-256 of the public area); empty if absent
    bool counterPresent = false;
    bool counterIsCounter = false;             // TPM2_NT_COUNTER with the attributes NvCounter defines
    std::optional<std::uint64_t> counterValue; // nullopt: absent, another kind, or never incremented
    bool inLockout = false;                    // dictionary-attack lockout reported at connect
};

// Reads what is at the two handles. Never creates, changes or loads anything.
Result<TpmInventory> inspectTpm(TpmContext& tpm, std::uint32_t storageKeyHandle, std::uint32_t counterIndex);

// The TPM name of the endorsement key made from the TCG EK profile's default ECC P-256 template
// (low range, "template L-2"): CreatePrimary under the endorsement hierarchy, ReadPublic, flush.
// The name does not change across boots or wipes, so a gateway or administrator can pin it.
// Unavailable if the endorsement hierarchy has an authorisation value (not Mamori's default).
Result<std::vector<std::uint8_t>> endorsementKeyName(TpmContext& tpm);

struct TpmWipeReport {
    bool evictedStorageKey = false; // false: nothing was there
    bool undefinedCounter = false;  // false: nothing was there
};

// Evicts the storage key and undefines the counter (see the header comment). Idempotent: absent
// objects are fine. AlreadyExists (nothing changed) when either handle holds something that is not
// Mamori's kind of object.
Result<TpmWipeReport> wipeTpmObjects(TpmContext& tpm, std::uint32_t storageKeyHandle, std::uint32_t counterIndex);

} // namespace mamori::tpm

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// SealedBlob: what Mamori stores for one sealed object, and its file encoding. The TPM keeps the
// secret's protection (the private part is encrypted under the storage key's seed and integrity-
// protected by the TPM); this file adds what is needed to use and to diagnose it:
//
//   magic "MAMORISB" (8) ‖ version u8 (1) ‖ purpose u8 ‖ storage key handle u32
//   ‖ storage key name (u16 length ‖ bytes)          — the parent it was sealed under
//   ‖ PCR count u8 ‖ per PCR: index u8 ‖ SHA-256 value (32) — the values sealed against, ascending
//   ‖ TPM2B_PUBLIC (u16 length ‖ TPM-marshalled bytes) ‖ TPM2B_PRIVATE (u16 length ‖ bytes)
//   ‖ BLAKE2b-256 of everything before it (32)
// Integers big-endian. The checksum catches a damaged file before anything is sent to the TPM, so
// that damage is reported as damage (not as a PCR mismatch, which an edited PCR list would cause).
// PCR values are public measurements; nothing in the file is secret without the TPM.

#include "services/common/result.h"
#include "services/tpm/pcr.h"

#include <cstdint>
#include <span>
#include <vector>

namespace mamori::tpm {

enum class SealedPurpose : std::uint8_t { MasterKey = 1, DeviceSigningSeed = 2 };

struct SealedBlob {
    SealedPurpose purpose = SealedPurpose::MasterKey;
    std::uint32_t storageHandle = 0;
    std::vector<std::uint8_t> storageName; // TPM2B_NAME contents of the parent
    PcrValues pcrs;                        // sealed against these
    std::vector<std::uint8_t> publicArea;  // TPM2B_PUBLIC, marshalled (with its size prefix)
    std::vector<std::uint8_t> privateArea; // TPM2B_PRIVATE, marshalled (with its size prefix)
};

std::vector<std::uint8_t> encodeSealedBlob(const SealedBlob& blob);
// TpmSealedDataInvalid for anything that is not a well-formed version-1 blob.
Result<SealedBlob> decodeSealedBlob(std::span<const std::uint8_t> bytes);

} // namespace mamori::tpm

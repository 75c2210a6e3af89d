// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// PCRs in the SHA-256 bank: reading, extending, and the maintenance lock.
//
// The vault's keys are sealed to PCR 7 (Secure Boot state: the firmware's db/dbx/PK/KEK and the
// signer of the boot loader) and to the Mamori PCR, 15 by default. Why 15: it cannot be reset
// (PCRs 16 and 23 can be, from locality 0, so they would make the lock undoable by root), and
// nothing in the shipped boot chain measures into it — Debian 12's systemd 252 with systemd-boot
// and a UKI uses 4, 7, 9 (initrd, by the kernel's EFI stub), 10 (IMA's boot aggregate), 11, 12
// and 13; 8 and 14 are grub's and shim's, which the image does not ship. (systemd 253 and later
// measure the machine-id and file-system identity into 15 at boot; that happens before the vault
// starts and would only change the value sealed against, not the lock — revisit when the image
// moves to a newer systemd.) The index is configurable (TpmSettings::mamoriPcr).
//
// Maintenance lock: enterMaintenance() extends the Mamori PCR with SHA-256("mamori-maintenance-v1").
// PCRs only move forward until the next reset of the TPM (a reboot), so for the rest of that
// boot the sealed keys cannot be unsealed — not even by root — and the vault cannot open.

#include "services/common/result.h"
#include "services/tpm/tpm_context.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace mamori::tpm {

constexpr std::uint8_t kSecureBootPcr = 7;
constexpr std::uint8_t kDefaultMamoriPcr = 15;
constexpr std::uint8_t kPcrCount = 24;

struct PcrValue {
    std::uint8_t index = 0;
    std::array<std::uint8_t, 32> sha256{};
    bool operator==(const PcrValue&) const = default;
};
using PcrValues = std::vector<PcrValue>; // ascending by index, no duplicates

// The selection for the SHA-256 bank. InvalidArgument for an index ≥ 24 or a duplicate.
Result<TPML_PCR_SELECTION> pcrSelection(std::span<const std::uint8_t> indexes);
// Current values of the given PCRs (SHA-256 bank), ascending by index.
Result<PcrValues> readPcrs(TpmContext& tpm, std::span<const std::uint8_t> indexes);
// Extends one PCR with SHA-256(data).
Status extendPcr(TpmContext& tpm, std::uint8_t index, std::span<const std::uint8_t> data);
// The maintenance lock (see above).
Status enterMaintenance(TpmContext& tpm, std::uint8_t mamoriPcr);
// The indexes whose current value differs from `expected`, ascending.
std::vector<std::uint8_t> differingPcrs(const PcrValues& expected, const PcrValues& current);
// "PCR 7, PCR 15" — for error contexts (PCR values are public; no secret is named).
std::string describePcrs(std::span<const std::uint8_t> indexes);

} // namespace mamori::tpm

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// NvCounter: a TPM NV monotonic counter (TPM2_NT_COUNTER). Its value only grows — not even the
// owner can set it back; undefining and redefining the index starts the new counter at or above
// the highest value any counter on that TPM has held. The vault records its value in each signed
// audit checkpoint and, at start, refuses a database whose newest checkpoint is behind it (a
// rolled-back copy).
//
// Attributes: authRead + authWrite with an empty index password (any local process may read or
// increment: incrementing can only make a genuine database look newer, never an old one pass),
// noDA (so it never touches the dictionary-attack counter), not orderly (an orderly counter jumps
// forward after an unclean shutdown, which would read as a rollback after every power cut).
// Each increment is an NV write; the vault increments once per checkpoint, not per entry.

#include "services/common/result.h"
#include "services/tpm/tpm_context.h"

#include <cstdint>

namespace mamori::tpm {

constexpr std::uint32_t kDefaultCounterIndex = 0x01804d4d; // owner range 0x018xxxxx, "MM"

class NvCounter {
public:
    // Defines the counter at `index` if absent (and increments it once: a counter cannot be read
    // before its first increment), or reuses a counter already there. AlreadyExists if the index
    // holds something else.
    static Result<NvCounter> define(TpmContext& tpm, std::uint32_t index);
    // The counter at `index`; TpmNotProvisioned when there is none.
    static Result<NvCounter> open(TpmContext& tpm, std::uint32_t index);

    Result<std::uint64_t> read();
    // Increments and returns the new value.
    Result<std::uint64_t> increment();
    std::uint32_t index() const noexcept { return m_index; }

private:
    NvCounter(TpmContext& tpm, std::uint32_t index, ESYS_TR object) : m_tpm(&tpm), m_index(index), m_object(object) {}

    TpmContext* m_tpm;
    std::uint32_t m_index;
    ESYS_TR m_object;
};

} // namespace mamori::tpm

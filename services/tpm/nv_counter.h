// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// NvCounter: a TPM NV monotonic counter (TPM2_NT_COUNTER). Its value only grows — not even the
// owner can set it back; undefining and redefining the index starts the new counter at or above
// the highest value any counter on that TPM has held. The vault records its value in each signed
// audit checkpoint and, at start, refuses a database whose newest checkpoint is behind it (a
// rolled-back copy).
//
// Attributes: authWrite with a 32-byte password derived from the master key (KeyStore derives it
// after unsealing; see key_store.h), ownerRead (reading needs no secret: the owner password is
// empty on Mamori devices), noDA (a wrong password never moves the dictionary-attack counter, and
// 256 bits are not guessed), not orderly (an orderly counter jumps forward after an unclean
// shutdown, which would read as a rollback after every power cut). Only a holder of the master key
// can increment it: another process with access to the TPM cannot push the counter ahead and make
// the genuine database look rolled back. Each increment is an NV write; the vault increments once
// per checkpoint, not per entry.

#include "services/common/result.h"
#include "services/tpm/tpm_context.h"

#include <cstdint>
#include <span>

namespace mamori::tpm {

constexpr std::uint32_t kDefaultCounterIndex = 0x01804d4d; // owner range 0x018xxxxx, "MM"

class NvCounter {
public:
    // Defines the counter at `index` with this write password if absent (and increments it once: a
    // counter cannot be read before its first increment), or reuses a counter already there whose
    // password it is. AlreadyExists if the index holds something else or another password.
    static Result<NvCounter> define(TpmContext& tpm, std::uint32_t index, std::span<const std::uint8_t> writeAuth);
    // The counter at `index`; TpmNotProvisioned when there is none. Reads work at once;
    // increments need authorise() on this connection first.
    static Result<NvCounter> open(TpmContext& tpm, std::uint32_t index);
    // Gives the connection the write password (kept by ESAPI for the index's handle, so every
    // NvCounter of this index on this connection can increment).
    static Status authorise(TpmContext& tpm, std::uint32_t index, std::span<const std::uint8_t> writeAuth);

    Result<std::uint64_t> read();
    // Increments and returns the new value. PermissionDenied without the write password.
    Result<std::uint64_t> increment();
    std::uint32_t index() const noexcept { return m_index; }

private:
    NvCounter(TpmContext& tpm, std::uint32_t index, ESYS_TR object) : m_tpm(&tpm), m_index(index), m_object(object) {}

    TpmContext* m_tpm;
    std::uint32_t m_index;
    ESYS_TR m_object;
};

} // namespace mamori::tpm

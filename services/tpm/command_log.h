// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// CommandLog: the TPM command codes sent through one TpmContext, in order. TpmContext records
// them by putting a small counting TCTI in front of the real one (tpm_context.cpp), so the record
// is of what actually went to the TPM — including the commands ESAPI sends on its own
// (ReadPublic for a handle, FlushContext). Tests use it to show that the unlock path never sends
// CreatePrimary; the benchmark prints it. Holds command codes only, never parameters.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::tpm {

class CommandLog {
public:
    void record(std::uint32_t commandCode) { m_commands.push_back(commandCode); }
    void clear() noexcept { m_commands.clear(); }
    const std::vector<std::uint32_t>& commands() const noexcept { return m_commands; }
    std::size_t count(std::uint32_t commandCode) const noexcept;
    // "ReadPublic Load StartAuthSession PolicyPCR Unseal FlushContext"
    std::string describe() const;

    // "CreatePrimary" for TPM2_CC_CreatePrimary; "0x0000017f" for a code this table lacks.
    static std::string commandName(std::uint32_t commandCode);

private:
    std::vector<std::uint32_t> m_commands;
};

} // namespace mamori::tpm

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/tpm/command_log.h"

#include <tss2/tss2_tpm2_types.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

namespace mamori::tpm {
namespace {

// The commands Mamori and ESAPI send; anything else prints as hex.
constexpr std::array<std::pair<std::uint32_t, std::string_view>, 26> kNames{{
    {TPM2_CC_CreatePrimary, "CreatePrimary"},
    {TPM2_CC_Create, "Create"},
    {TPM2_CC_Load, "Load"},
    {TPM2_CC_Unseal, "Unseal"},
    {TPM2_CC_StartAuthSession, "StartAuthSession"},
    {TPM2_CC_PolicyPCR, "PolicyPCR"},
    {TPM2_CC_PolicyGetDigest, "PolicyGetDigest"},
    {TPM2_CC_PolicyRestart, "PolicyRestart"},
    {TPM2_CC_FlushContext, "FlushContext"},
    {TPM2_CC_ReadPublic, "ReadPublic"},
    {TPM2_CC_EvictControl, "EvictControl"},
    {TPM2_CC_PCR_Read, "PCR_Read"},
    {TPM2_CC_PCR_Extend, "PCR_Extend"},
    {TPM2_CC_NV_DefineSpace, "NV_DefineSpace"},
    {TPM2_CC_NV_UndefineSpace, "NV_UndefineSpace"},
    {TPM2_CC_NV_Increment, "NV_Increment"},
    {TPM2_CC_NV_Read, "NV_Read"},
    {TPM2_CC_NV_ReadPublic, "NV_ReadPublic"},
    {TPM2_CC_GetCapability, "GetCapability"},
    {TPM2_CC_GetRandom, "GetRandom"},
    {TPM2_CC_Startup, "Startup"},
    {TPM2_CC_Shutdown, "Shutdown"},
    {TPM2_CC_SelfTest, "SelfTest"},
    {TPM2_CC_GetTestResult, "GetTestResult"},
    {TPM2_CC_ContextSave, "ContextSave"},
    {TPM2_CC_ContextLoad, "ContextLoad"},
}};

} // namespace

std::size_t CommandLog::count(std::uint32_t commandCode) const noexcept
{
    return static_cast<std::size_t>(std::count(m_commands.begin(), m_commands.end(), commandCode));
}

std::string CommandLog::describe() const
{
    std::string text;
    for (const std::uint32_t code : m_commands) {
        if (!text.empty())
            text += ' ';
        text += commandName(code);
    }
    return text;
}

std::string CommandLog::commandName(std::uint32_t commandCode)
{
    for (const auto& [code, name] : kNames) {
        if (code == commandCode)
            return std::string(name);
    }
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%08x", commandCode);
    return buffer;
}

} // namespace mamori::tpm

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/tpm/pcr.h"

#include "services/tpm/tpm_error.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace mamori::tpm {

Result<TPML_PCR_SELECTION> pcrSelection(std::span<const std::uint8_t> indexes)
{
    TPML_PCR_SELECTION selection{};
    selection.count = 1;
    selection.pcrSelections[0].hash = TPM2_ALG_SHA256;
    selection.pcrSelections[0].sizeofSelect = 3;
    for (const std::uint8_t index : indexes) {
        if (index >= kPcrCount)
            return Error(ErrorCode::InvalidArgument, "PCR index " + std::to_string(index) + " is out of range");
        std::uint8_t& byte = selection.pcrSelections[0].pcrSelect[index / 8];
        const auto bit = static_cast<std::uint8_t>(1u << (index % 8));
        if (byte & bit)
            return Error(ErrorCode::InvalidArgument, "PCR " + std::to_string(index) + " selected twice");
        byte = static_cast<std::uint8_t>(byte | bit);
    }
    return selection;
}

Result<PcrValues> readPcrs(TpmContext& tpm, std::span<const std::uint8_t> indexes)
{
    MAMORI_ASSIGN_OR_RETURN(const TPML_PCR_SELECTION selection, pcrSelection(indexes));
    std::vector<std::uint8_t> wanted(indexes.begin(), indexes.end());
    std::sort(wanted.begin(), wanted.end());

    UINT32 updateCounter = 0;
    TPML_PCR_SELECTION* selectionOutRaw = nullptr;
    TPML_DIGEST* valuesRaw = nullptr;
    const TSS2_RC rc = Esys_PCR_Read(tpm.esys(), ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &selection, &updateCounter,
                                     &selectionOutRaw, &valuesRaw);
    EsysPtr<TPML_PCR_SELECTION> selectionOut(selectionOutRaw);
    EsysPtr<TPML_DIGEST> values(valuesRaw);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_PCR_Read");
    // The TPM answers in ascending index order; at most 8 per call, and we ask for fewer.
    if (values->count != wanted.size())
        return Error(ErrorCode::TpmUnavailable, "the TPM has no SHA-256 bank for every PCR asked for");
    PcrValues result;
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        if (values->digests[i].size != 32)
            return Error(ErrorCode::TpmUnavailable, "PCR digest of unexpected size");
        PcrValue value;
        value.index = wanted[i];
        std::memcpy(value.sha256.data(), values->digests[i].buffer, 32);
        result.push_back(value);
    }
    return result;
}

Status extendPcr(TpmContext& tpm, std::uint8_t index, std::span<const std::uint8_t> data)
{
    if (index >= kPcrCount)
        return Error(ErrorCode::InvalidArgument, "PCR index " + std::to_string(index) + " is out of range");
    TPML_DIGEST_VALUES digests{};
    digests.count = 1;
    digests.digests[0].hashAlg = TPM2_ALG_SHA256;
    crypto_hash_sha256(digests.digests[0].digest.sha256, data.data(), data.size());
    const TSS2_RC rc = Esys_PCR_Extend(tpm.esys(), static_cast<ESYS_TR>(ESYS_TR_PCR0 + index), ESYS_TR_PASSWORD,
                                       ESYS_TR_NONE, ESYS_TR_NONE, &digests);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_PCR_Extend PCR " + std::to_string(index));
    return okStatus();
}

Status enterMaintenance(TpmContext& tpm, std::uint8_t mamoriPcr)
{
    static constexpr std::string_view kEvent = "mamori-maintenance-v1";
    return extendPcr(tpm, mamoriPcr, std::span(reinterpret_cast<const std::uint8_t*>(kEvent.data()), kEvent.size()));
}

std::vector<std::uint8_t> differingPcrs(const PcrValues& expected, const PcrValues& current)
{
    std::vector<std::uint8_t> differing;
    for (const PcrValue& sealed : expected) {
        const auto now = std::find_if(current.begin(), current.end(),
                                      [&](const PcrValue& value) { return value.index == sealed.index; });
        if (now == current.end() || now->sha256 != sealed.sha256)
            differing.push_back(sealed.index);
    }
    return differing;
}

std::string describePcrs(std::span<const std::uint8_t> indexes)
{
    std::string text;
    for (const std::uint8_t index : indexes) {
        if (!text.empty())
            text += ", ";
        text += "PCR " + std::to_string(index);
    }
    return text;
}

} // namespace mamori::tpm

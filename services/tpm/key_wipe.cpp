// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/tpm/key_wipe.h"

#include "services/tpm/nv_counter.h"
#include "services/tpm/tpm_error.h"

#include <cstring>

namespace mamori::tpm {
namespace {

bool isEccStorageKey(const TPMT_PUBLIC& area)
{
    const TPMA_OBJECT needed = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT | TPMA_OBJECT_FIXEDTPM;
    return area.type == TPM2_ALG_ECC && area.parameters.eccDetail.curveID == TPM2_ECC_NIST_P256 &&
           (area.objectAttributes & needed) == needed && (area.objectAttributes & TPMA_OBJECT_SIGN_ENCRYPT) == 0;
}

constexpr TPMA_NV kCounterType = TPM2_NT_COUNTER << TPMA_NV_TPM2_NT_SHIFT;

struct StorageKeyLook {
    bool present = false;
    bool eccStorageKey = false;
    std::vector<std::uint8_t> name;
};

Result<StorageKeyLook> lookAtStorageKey(TpmContext& tpm, std::uint32_t handle)
{
    StorageKeyLook look;
    auto object = tpm.persistent(handle);
    if (!object.ok()) {
        if (object.code() == ErrorCode::NotFound)
            return look;
        return object.error();
    }
    look.present = true;
    TPM2B_PUBLIC* rawPublic = nullptr;
    TPM2B_NAME* rawName = nullptr;
    const TSS2_RC rc = Esys_ReadPublic(tpm.esys(), object.value(), ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &rawPublic,
                                       &rawName, nullptr);
    EsysPtr<TPM2B_PUBLIC> area(rawPublic);
    EsysPtr<TPM2B_NAME> name(rawName);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_ReadPublic " + hex32(handle));
    look.eccStorageKey = isEccStorageKey(area->publicArea);
    look.name.assign(name->name, name->name + name->size);
    return look;
}

struct CounterLook {
    bool present = false;
    bool counter = false;
};

Result<CounterLook> lookAtCounter(TpmContext& tpm, std::uint32_t index)
{
    CounterLook look;
    auto object = tpm.persistent(index);
    if (!object.ok()) {
        if (object.code() == ErrorCode::NotFound)
            return look;
        return object.error();
    }
    look.present = true;
    TPM2B_NV_PUBLIC* raw = nullptr;
    const TSS2_RC rc =
        Esys_NV_ReadPublic(tpm.esys(), object.value(), ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &raw, nullptr);
    EsysPtr<TPM2B_NV_PUBLIC> info(raw);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_NV_ReadPublic " + hex32(index));
    look.counter = (info->nvPublic.attributes & TPMA_NV_TPM2_NT_MASK) == kCounterType && info->nvPublic.dataSize == 8;
    return look;
}

// TCG EK Credential Profile 2.x, template L-2 (ECC NIST P-256), and its authPolicy "PolicyA"
// (PolicySecret with the endorsement hierarchy, SHA-256).
TPM2B_PUBLIC endorsementKeyTemplate()
{
    static constexpr std::uint8_t kPolicyA[32] = {0x83, 0x71, 0x97, 0x67, 0x44, 0x84, 0xb3, 0xf8, 0x1a, 0x90, 0xcc,
                                                  0x8d, 0x46, 0xa5, 0xd7, 0x24, 0xfd, 0x52, 0xd7, 0x6e, 0x06, 0x52,
                                                  0x0b, 0x64, 0xf2, 0xa1, 0xda, 0x1b, 0x33, 0x14, 0x69, 0xaa};
    TPM2B_PUBLIC key{};
    TPMT_PUBLIC& area = key.publicArea;
    area.type = TPM2_ALG_ECC;
    area.nameAlg = TPM2_ALG_SHA256;
    area.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
                            TPMA_OBJECT_ADMINWITHPOLICY | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT;
    area.authPolicy.size = sizeof kPolicyA;
    std::memcpy(area.authPolicy.buffer, kPolicyA, sizeof kPolicyA);
    area.parameters.eccDetail.symmetric.algorithm = TPM2_ALG_AES;
    area.parameters.eccDetail.symmetric.keyBits.aes = 128;
    area.parameters.eccDetail.symmetric.mode.aes = TPM2_ALG_CFB;
    area.parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
    area.parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
    area.parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
    area.unique.ecc.x.size = 32;
    area.unique.ecc.y.size = 32;
    return key;
}

} // namespace

Result<TpmInventory> inspectTpm(TpmContext& tpm, std::uint32_t storageKeyHandle, std::uint32_t counterIndex)
{
    TpmInventory inventory;
    inventory.inLockout = tpm.inLockoutAtConnect();
    MAMORI_ASSIGN_OR_RETURN(const StorageKeyLook key, lookAtStorageKey(tpm, storageKeyHandle));
    inventory.storageKeyPresent = key.present;
    inventory.storageKeyIsEccStorageKey = key.eccStorageKey;
    inventory.storageKeyName = key.name;
    MAMORI_ASSIGN_OR_RETURN(const CounterLook counter, lookAtCounter(tpm, counterIndex));
    inventory.counterPresent = counter.present;
    inventory.counterIsCounter = counter.counter;
    if (counter.counter) {
        auto opened = NvCounter::open(tpm, counterIndex);
        if (opened.ok()) {
            // A counter defined but never incremented cannot be read (TPM_RC_NV_UNINITIALIZED).
            auto value = opened.value().read();
            if (value.ok())
                inventory.counterValue = value.value();
        }
    }
    return inventory;
}

Result<std::vector<std::uint8_t>> endorsementKeyName(TpmContext& tpm)
{
    const TPM2B_SENSITIVE_CREATE sensitive{};
    const TPM2B_PUBLIC inPublic = endorsementKeyTemplate();
    const TPM2B_DATA outsideInfo{};
    const TPML_PCR_SELECTION creationPcrs{};
    ESYS_TR transient = ESYS_TR_NONE;
    TSS2_RC rc =
        Esys_CreatePrimary(tpm.esys(), ESYS_TR_RH_ENDORSEMENT, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &sensitive,
                           &inPublic, &outsideInfo, &creationPcrs, &transient, nullptr, nullptr, nullptr, nullptr);
    if (rc != TSS2_RC_SUCCESS) {
        const std::uint32_t code = tpmResponseCode(rc);
        if (code == TPM2_RC_AUTH_FAIL || code == TPM2_RC_BAD_AUTH)
            return Error(ErrorCode::Unavailable, "the endorsement hierarchy has an authorisation value");
        return tpmError(rc, "Esys_CreatePrimary endorsement key");
    }
    TPM2B_NAME* rawName = nullptr;
    rc = Esys_TR_GetName(tpm.esys(), transient, &rawName);
    EsysPtr<TPM2B_NAME> name(rawName);
    Esys_FlushContext(tpm.esys(), transient);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_TR_GetName endorsement key");
    return std::vector<std::uint8_t>(name->name, name->name + name->size);
}

Result<TpmWipeReport> wipeTpmObjects(TpmContext& tpm, std::uint32_t storageKeyHandle, std::uint32_t counterIndex)
{
    // Look at both first: refuse before changing anything.
    MAMORI_ASSIGN_OR_RETURN(const StorageKeyLook key, lookAtStorageKey(tpm, storageKeyHandle));
    MAMORI_ASSIGN_OR_RETURN(const CounterLook counter, lookAtCounter(tpm, counterIndex));
    if (key.present && !key.eccStorageKey)
        return Error(ErrorCode::AlreadyExists,
                     "the object at " + hex32(storageKeyHandle) + " is not an ECC P-256 storage key; it is left alone");
    if (counter.present && !counter.counter)
        return Error(ErrorCode::AlreadyExists,
                     "NV index " + hex32(counterIndex) + " is not a monotonic counter; it is left alone");

    TpmWipeReport report;
    if (counter.present) {
        MAMORI_ASSIGN_OR_RETURN(const ESYS_TR object, tpm.persistent(counterIndex));
        const TSS2_RC rc =
            Esys_NV_UndefineSpace(tpm.esys(), ESYS_TR_RH_OWNER, object, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE);
        if (rc != TSS2_RC_SUCCESS)
            return tpmError(rc, "Esys_NV_UndefineSpace " + hex32(counterIndex));
        tpm.forget(counterIndex);
        report.undefinedCounter = true;
    }
    if (key.present) {
        MAMORI_ASSIGN_OR_RETURN(const ESYS_TR object, tpm.persistent(storageKeyHandle));
        // The unseal session may be salted to this key; it goes first.
        tpm.closeSessions();
        ESYS_TR none = ESYS_TR_NONE;
        const TSS2_RC rc = Esys_EvictControl(tpm.esys(), ESYS_TR_RH_OWNER, object, ESYS_TR_PASSWORD, ESYS_TR_NONE,
                                             ESYS_TR_NONE, storageKeyHandle, &none);
        if (rc != TSS2_RC_SUCCESS)
            return tpmError(rc, "Esys_EvictControl (evict) " + hex32(storageKeyHandle));
        tpm.forget(storageKeyHandle);
        report.evictedStorageKey = true;
    }
    return report;
}

} // namespace mamori::tpm

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/tpm/sealing.h"

#include "services/tpm/tpm_error.h"

#include <sodium.h>
#include <tss2/tss2_mu.h>

#include <algorithm>
#include <cstring>

namespace mamori::tpm {
namespace {

constexpr std::size_t kMaxSealedBytes = 128; // TPM2B_SENSITIVE_DATA

// Flushes a transient object or session at scope exit (ignoring errors: it may be gone already).
class FlushGuard {
public:
    FlushGuard(TpmContext& tpm, ESYS_TR handle) : m_tpm(tpm), m_handle(handle) {}
    ~FlushGuard()
    {
        if (m_handle != ESYS_TR_NONE)
            Esys_FlushContext(m_tpm.esys(), m_handle);
    }
    FlushGuard(const FlushGuard&) = delete;
    FlushGuard& operator=(const FlushGuard&) = delete;
    void release() noexcept { m_handle = ESYS_TR_NONE; }

private:
    TpmContext& m_tpm;
    ESYS_TR m_handle;
};

TPM2B_PUBLIC storageKeyTemplate()
{
    TPM2B_PUBLIC key{};
    TPMT_PUBLIC& area = key.publicArea;
    area.type = TPM2_ALG_ECC;
    area.nameAlg = TPM2_ALG_SHA256;
    area.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
                            TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_NODA | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT;
    area.parameters.eccDetail.symmetric.algorithm = TPM2_ALG_AES;
    area.parameters.eccDetail.symmetric.keyBits.aes = 128;
    area.parameters.eccDetail.symmetric.mode.aes = TPM2_ALG_CFB;
    area.parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
    area.parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
    area.parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
    // TCG provisioning guidance: the SRK's unique field is 32 zero bytes for each coordinate.
    area.unique.ecc.x.size = 32;
    area.unique.ecc.y.size = 32;
    return key;
}

bool isEccStorageKey(const TPMT_PUBLIC& area)
{
    const TPMA_OBJECT needed = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT | TPMA_OBJECT_FIXEDTPM;
    return area.type == TPM2_ALG_ECC && area.parameters.eccDetail.curveID == TPM2_ECC_NIST_P256 &&
           (area.objectAttributes & needed) == needed && (area.objectAttributes & TPMA_OBJECT_SIGN_ENCRYPT) == 0;
}

TPMT_SYM_DEF sessionCipher()
{
    TPMT_SYM_DEF symmetric{};
    symmetric.algorithm = TPM2_ALG_AES;
    symmetric.keyBits.aes = 128;
    symmetric.mode.aes = TPM2_ALG_CFB;
    return symmetric;
}

Result<std::vector<std::uint8_t>> nameOf(TpmContext& tpm, ESYS_TR object)
{
    TPM2B_NAME* raw = nullptr;
    const TSS2_RC rc = Esys_TR_GetName(tpm.esys(), object, &raw);
    EsysPtr<TPM2B_NAME> name(raw);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_TR_GetName");
    return std::vector<std::uint8_t>(name->name, name->name + name->size);
}

Result<ESYS_TR> storageKey(TpmContext& tpm, std::uint32_t handle)
{
    auto object = tpm.persistent(handle);
    if (!object.ok() && object.code() == ErrorCode::NotFound)
        return Error(ErrorCode::TpmNotProvisioned, "no storage key at " + hex32(handle) + " (run provisioning)");
    return object;
}

// The digest of PolicyPCR over exactly these values, computed by the TPM in a trial session.
Result<TPM2B_DIGEST> pcrPolicyDigest(TpmContext& tpm, const PcrValues& values)
{
    std::vector<std::uint8_t> indexes;
    for (const PcrValue& value : values)
        indexes.push_back(value.index);
    MAMORI_ASSIGN_OR_RETURN(const TPML_PCR_SELECTION selection, pcrSelection(indexes));
    TPM2B_DIGEST pcrDigest{};
    pcrDigest.size = 32;
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    for (const PcrValue& value : values) // ascending, as the TPM concatenates them
        crypto_hash_sha256_update(&state, value.sha256.data(), value.sha256.size());
    crypto_hash_sha256_final(&state, pcrDigest.buffer);

    const TPMT_SYM_DEF none{.algorithm = TPM2_ALG_NULL, .keyBits = {}, .mode = {}};
    ESYS_TR trial = ESYS_TR_NONE;
    TSS2_RC rc = Esys_StartAuthSession(tpm.esys(), ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
                                       nullptr, TPM2_SE_TRIAL, &none, TPM2_ALG_SHA256, &trial);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_StartAuthSession (trial)");
    FlushGuard flush(tpm, trial);
    rc = Esys_PolicyPCR(tpm.esys(), trial, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &pcrDigest, &selection);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_PolicyPCR (trial)");
    TPM2B_DIGEST* raw = nullptr;
    rc = Esys_PolicyGetDigest(tpm.esys(), trial, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &raw);
    EsysPtr<TPM2B_DIGEST> digest(raw);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_PolicyGetDigest");
    return *digest;
}

template <typename T>
Result<std::vector<std::uint8_t>> marshal(const T& value, TSS2_RC (*marshaller)(const T*, uint8_t*, size_t, size_t*))
{
    std::vector<std::uint8_t> out(sizeof(T) + 2);
    size_t offset = 0;
    const TSS2_RC rc = marshaller(&value, out.data(), out.size(), &offset);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Tss2_MU marshal");
    out.resize(offset);
    return out;
}

template <typename T>
Result<T> unmarshal(const std::vector<std::uint8_t>& bytes,
                    TSS2_RC (*unmarshaller)(const uint8_t*, size_t, size_t*, T*))
{
    T value{};
    size_t offset = 0;
    const TSS2_RC rc = unmarshaller(bytes.data(), bytes.size(), &offset, &value);
    if (rc != TSS2_RC_SUCCESS || offset != bytes.size())
        return Error(ErrorCode::TpmSealedDataInvalid, "sealed blob: the TPM object does not decode");
    return value;
}

} // namespace

Result<bool> ensureStorageKey(TpmContext& tpm, std::uint32_t handle)
{
    if (handle < TPM2_PERSISTENT_FIRST || handle > TPM2_PERSISTENT_LAST)
        return Error(ErrorCode::InvalidArgument, hex32(handle) + " is not a persistent handle");
    auto existing = tpm.persistent(handle);
    if (existing.ok()) {
        TPM2B_PUBLIC* rawPublic = nullptr;
        const TSS2_RC rc = Esys_ReadPublic(tpm.esys(), existing.value(), ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
                                           &rawPublic, nullptr, nullptr);
        EsysPtr<TPM2B_PUBLIC> area(rawPublic);
        if (rc != TSS2_RC_SUCCESS)
            return tpmError(rc, "Esys_ReadPublic storage key");
        if (!isEccStorageKey(area->publicArea))
            return Error(ErrorCode::AlreadyExists,
                         "the object at " + hex32(handle) + " is not an ECC P-256 storage key; choose another handle");
        return false;
    }
    if (existing.code() != ErrorCode::NotFound)
        return existing.error();

    const TPM2B_SENSITIVE_CREATE sensitive{};
    const TPM2B_PUBLIC inPublic = storageKeyTemplate();
    const TPM2B_DATA outsideInfo{};
    const TPML_PCR_SELECTION creationPcrs{};
    ESYS_TR transient = ESYS_TR_NONE;
    TSS2_RC rc =
        Esys_CreatePrimary(tpm.esys(), ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &sensitive,
                           &inPublic, &outsideInfo, &creationPcrs, &transient, nullptr, nullptr, nullptr, nullptr);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_CreatePrimary storage key");
    FlushGuard flush(tpm, transient);
    ESYS_TR persistent = ESYS_TR_NONE;
    rc = Esys_EvictControl(tpm.esys(), ESYS_TR_RH_OWNER, transient, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
                           handle, &persistent);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_EvictControl storage key to " + hex32(handle));
    Esys_TR_Close(tpm.esys(), &persistent);
    tpm.forget(handle);
    return true;
}

Result<SealedBlob> seal(TpmContext& tpm, std::uint32_t storageHandle, SealedPurpose purpose,
                        std::span<const std::uint8_t> secret, const PcrValues& sealTo)
{
    if (secret.empty() || secret.size() > kMaxSealedBytes)
        return Error(ErrorCode::InvalidArgument, "a sealed secret is 1 to 128 bytes");
    if (sealTo.empty())
        return Error(ErrorCode::InvalidArgument, "seal to at least one PCR");
    MAMORI_ASSIGN_OR_RETURN(const ESYS_TR parent, storageKey(tpm, storageHandle));
    MAMORI_ASSIGN_OR_RETURN(const TPM2B_DIGEST policy, pcrPolicyDigest(tpm, sealTo));

    TPM2B_SENSITIVE_CREATE sensitive{};
    sensitive.sensitive.data.size = static_cast<UINT16>(secret.size());
    std::memcpy(sensitive.sensitive.data.buffer, secret.data(), secret.size());
    TPM2B_PUBLIC inPublic{};
    TPMT_PUBLIC& area = inPublic.publicArea;
    area.type = TPM2_ALG_KEYEDHASH;
    area.nameAlg = TPM2_ALG_SHA256;
    area.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_NODA;
    area.authPolicy = policy;
    area.parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_NULL;
    const TPM2B_DATA outsideInfo{};
    const TPML_PCR_SELECTION creationPcrs{};
    TPM2B_PRIVATE* rawPrivate = nullptr;
    TPM2B_PUBLIC* rawPublic = nullptr;
    // The secret goes in encrypted: a session salted to the storage key, parameter encryption on.
    const TPMT_SYM_DEF cipher = sessionCipher();
    ESYS_TR session = ESYS_TR_NONE;
    TSS2_RC rc = Esys_StartAuthSession(tpm.esys(), parent, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE,
                                       nullptr, TPM2_SE_HMAC, &cipher, TPM2_ALG_SHA256, &session);
    if (rc != TSS2_RC_SUCCESS) {
        sodium_memzero(&sensitive, sizeof sensitive);
        return tpmError(rc, "Esys_StartAuthSession (salted, for Create)");
    }
    FlushGuard flushSession(tpm, session);
    Esys_TRSess_SetAttributes(tpm.esys(), session, TPMA_SESSION_DECRYPT,
                              TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT | TPMA_SESSION_CONTINUESESSION);
    rc = Esys_Create(tpm.esys(), parent, ESYS_TR_PASSWORD, session, ESYS_TR_NONE, &sensitive, &inPublic, &outsideInfo,
                     &creationPcrs, &rawPrivate, &rawPublic, nullptr, nullptr, nullptr);
    sodium_memzero(&sensitive, sizeof sensitive);
    EsysPtr<TPM2B_PRIVATE> outPrivate(rawPrivate);
    EsysPtr<TPM2B_PUBLIC> outPublic(rawPublic);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_Create sealed object");
    flushSession.release(); // continueSession was cleared: the TPM flushed it

    SealedBlob blob;
    blob.purpose = purpose;
    blob.storageHandle = storageHandle;
    MAMORI_ASSIGN_OR_RETURN(blob.storageName, nameOf(tpm, parent));
    blob.pcrs = sealTo;
    MAMORI_ASSIGN_OR_RETURN(blob.publicArea, marshal<TPM2B_PUBLIC>(*outPublic, Tss2_MU_TPM2B_PUBLIC_Marshal));
    MAMORI_ASSIGN_OR_RETURN(blob.privateArea, marshal<TPM2B_PRIVATE>(*outPrivate, Tss2_MU_TPM2B_PRIVATE_Marshal));
    return blob;
}

Result<SecretBuffer> unseal(TpmContext& tpm, const SealedBlob& blob)
{
    MAMORI_ASSIGN_OR_RETURN(const ESYS_TR parent, storageKey(tpm, blob.storageHandle));
    MAMORI_ASSIGN_OR_RETURN(const std::vector<std::uint8_t> parentName, nameOf(tpm, parent));
    if (parentName != blob.storageName)
        return Error(ErrorCode::TpmSealedDataInvalid, "sealed under another storage key than the one at " +
                                                          hex32(blob.storageHandle) +
                                                          " (another TPM, or the key was re-created)");
    MAMORI_ASSIGN_OR_RETURN(const TPM2B_PUBLIC inPublic,
                            unmarshal<TPM2B_PUBLIC>(blob.publicArea, Tss2_MU_TPM2B_PUBLIC_Unmarshal));
    MAMORI_ASSIGN_OR_RETURN(const TPM2B_PRIVATE inPrivate,
                            unmarshal<TPM2B_PRIVATE>(blob.privateArea, Tss2_MU_TPM2B_PRIVATE_Unmarshal));
    std::vector<std::uint8_t> indexes;
    for (const PcrValue& value : blob.pcrs)
        indexes.push_back(value.index);
    MAMORI_ASSIGN_OR_RETURN(const TPML_PCR_SELECTION selection, pcrSelection(indexes));

    ESYS_TR item = ESYS_TR_NONE;
    TSS2_RC rc =
        Esys_Load(tpm.esys(), parent, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &inPrivate, &inPublic, &item);
    if (rc != TSS2_RC_SUCCESS) {
        Error error = tpmError(rc, "Esys_Load sealed object");
        if (error.code() == ErrorCode::TpmSealedDataInvalid)
            return Error(ErrorCode::TpmSealedDataInvalid, error.context() + " — damaged, or sealed by another TPM");
        return error;
    }
    FlushGuard flushItem(tpm, item);

    MAMORI_ASSIGN_OR_RETURN(const ESYS_TR session, tpm.unsealSession(parent));
    // Any failure below leaves the session's policy state unknown: drop it.
    struct SessionDropper {
        TpmContext& tpm;
        bool armed = true;
        ~SessionDropper()
        {
            if (armed)
                tpm.closeSessions();
        }
    } dropOnFailure{tpm};
    const TPM2B_DIGEST currentValues{}; // empty: the TPM uses the PCRs as they are now
    rc = Esys_PolicyPCR(tpm.esys(), session, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &currentValues, &selection);
    if (rc != TSS2_RC_SUCCESS)
        return tpmError(rc, "Esys_PolicyPCR");

    TPM2B_SENSITIVE_DATA* rawData = nullptr;
    rc = Esys_Unseal(tpm.esys(), item, session, ESYS_TR_NONE, ESYS_TR_NONE, &rawData);
    EsysPtr<TPM2B_SENSITIVE_DATA> data(rawData);
    if (rc != TSS2_RC_SUCCESS) {
        Error error = tpmError(rc, "Esys_Unseal");
        if (error.code() != ErrorCode::TpmPolicyMismatch)
            return error;
        // Name the PCRs that moved (values are public; nothing secret is said).
        auto current = readPcrs(tpm, indexes);
        if (!current.ok())
            return Error(ErrorCode::TpmPolicyMismatch, error.context() + " — and the PCRs could not be read");
        const auto differing = differingPcrs(blob.pcrs, current.value());
        if (differing.empty())
            return Error(ErrorCode::TpmPolicyMismatch, error.context() + " — no PCR differs (policy damaged?)");
        return Error(ErrorCode::TpmPolicyMismatch,
                     describePcrs(differing) + " differ" + (differing.size() == 1 ? "s" : "") +
                         " from the value sealed against (maintenance mode, or a changed boot chain)");
    }
    dropOnFailure.armed = false;
    auto secret = SecretBuffer::copyOf(std::span<const std::uint8_t>(data->buffer, data->size));
    sodium_memzero(data.get(), sizeof(TPM2B_SENSITIVE_DATA));
    return secret;
}

} // namespace mamori::tpm

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/tpm/key_store.h"

#include "services/common/file_io.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace mamori::tpm {
namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr std::uint64_t kMaxStateFile = std::uint64_t{64} * 1024;

const char* fileName(SealedPurpose purpose)
{
    return purpose == SealedPurpose::MasterKey ? "master-key.sealed" : "signing-seed.sealed";
}

Status ensurePrivateDirectory(const std::filesystem::path& directory)
{
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec)
        return Error(ErrorCode::StorageIo, "create " + directory.filename().string() + ": " + ec.message());
    if (::chmod(directory.c_str(), 0700) != 0)
        return fileError("chmod " + directory.filename().string());
    return okStatus();
}

} // namespace

KeyStore::KeyStore(TpmSettings settings, std::unique_ptr<TpmContext> tpm)
    : m_settings(std::move(settings)), m_tpm(std::move(tpm))
{}

Result<std::unique_ptr<KeyStore>> KeyStore::connect(TpmSettings settings, CommandLog* log)
{
    if (settings.stateDirectory.empty())
        return Error(ErrorCode::InvalidArgument, "no state directory for the sealed keys");
    if (settings.mamoriPcr >= kPcrCount || settings.mamoriPcr == kSecureBootPcr)
        return Error(ErrorCode::InvalidArgument, "the Mamori PCR must be 0-23 and not PCR 7");
    MAMORI_ASSIGN_OR_RETURN(auto tpm, TpmContext::connect(settings.tcti, log));
    return std::unique_ptr<KeyStore>(new KeyStore(std::move(settings), std::move(tpm)));
}

std::filesystem::path KeyStore::sealedPath(SealedPurpose purpose) const
{
    return m_settings.stateDirectory / "tpm" / fileName(purpose);
}

std::filesystem::path KeyStore::recoveryPath() const { return m_settings.stateDirectory / "tpm" / "recovery.wrapped"; }

bool KeyStore::isProvisioned() const
{
    std::error_code ec;
    return std::filesystem::exists(sealedPath(SealedPurpose::MasterKey), ec) &&
           std::filesystem::exists(sealedPath(SealedPurpose::DeviceSigningSeed), ec);
}

std::vector<std::uint8_t> KeyStore::sealedPcrIndexes() const { return {kSecureBootPcr, m_settings.mamoriPcr}; }

Status KeyStore::sealAndStore(const SecretBuffer& masterKey, const SecretBuffer& signingSeed)
{
    MAMORI_ASSIGN_OR_RETURN(const PcrValues now, readPcrs(*m_tpm, sealedPcrIndexes()));
    MAMORI_ASSIGN_OR_RETURN(const SealedBlob master, seal(*m_tpm, m_settings.storageKeyHandle, SealedPurpose::MasterKey,
                                                          masterKey.bytes(), now));
    MAMORI_ASSIGN_OR_RETURN(const SealedBlob seed, seal(*m_tpm, m_settings.storageKeyHandle,
                                                        SealedPurpose::DeviceSigningSeed, signingSeed.bytes(), now));
    MAMORI_TRY(ensurePrivateDirectory(m_settings.stateDirectory / "tpm"));
    MAMORI_TRY(writeFileAtomically(sealedPath(SealedPurpose::MasterKey), encodeSealedBlob(master)));
    MAMORI_TRY(writeFileAtomically(sealedPath(SealedPurpose::DeviceSigningSeed), encodeSealedBlob(seed)));
    return okStatus();
}

Result<ProvisionReport> KeyStore::provision(RecoveryKdfLimits limits)
{
    if (isProvisioned())
        return Error(ErrorCode::AlreadyExists, "this state directory already holds sealed keys");
    ProvisionReport report;
    MAMORI_ASSIGN_OR_RETURN(const SecretBuffer masterKey, SecretBuffer::random(kKeyBytes));
    MAMORI_ASSIGN_OR_RETURN(const SecretBuffer signingSeed, SecretBuffer::random(kKeyBytes));
    MAMORI_ASSIGN_OR_RETURN(const SecretBuffer password, counterPassword(masterKey));
    MAMORI_ASSIGN_OR_RETURN(report.createdStorageKey, ensureStorageKey(*m_tpm, m_settings.storageKeyHandle));
    MAMORI_ASSIGN_OR_RETURN(NvCounter counter, NvCounter::define(*m_tpm, m_settings.counterIndex, password.bytes()));
    MAMORI_ASSIGN_OR_RETURN(report.counterValue, counter.read());

    MAMORI_ASSIGN_OR_RETURN(SecretBuffer payload, SecretBuffer::create(2 * kKeyBytes));
    std::memcpy(payload.data(), masterKey.data(), kKeyBytes);
    std::memcpy(payload.data() + kKeyBytes, signingSeed.data(), kKeyBytes);
    MAMORI_ASSIGN_OR_RETURN(const SecretBuffer recoveryKey, generateRecoveryKey());
    MAMORI_ASSIGN_OR_RETURN(const std::vector<std::uint8_t> wrapped,
                            wrapWithRecoveryKey(recoveryKey, payload.bytes(), limits));
    MAMORI_ASSIGN_OR_RETURN(report.recoveryKeyText, formatRecoveryKey(recoveryKey));

    // The recovery file first: sealed blobs without it would be keys with no way back.
    MAMORI_TRY(ensurePrivateDirectory(m_settings.stateDirectory / "tpm"));
    MAMORI_TRY(writeFileAtomically(recoveryPath(), wrapped));
    MAMORI_TRY(sealAndStore(masterKey, signingSeed));
    return report;
}

Status KeyStore::recover(std::span<const std::uint8_t> recoveryFile, const SecretBuffer& recoveryKey)
{
    MAMORI_ASSIGN_OR_RETURN(const SecretBuffer payload, unwrapWithRecoveryKey(recoveryKey, recoveryFile));
    if (payload.size() != 2 * kKeyBytes)
        return Error(ErrorCode::StorageCorrupt, "the recovery file does not hold a master key and a signing seed");
    MAMORI_ASSIGN_OR_RETURN(const SecretBuffer masterKey, SecretBuffer::copyOf(payload.bytes().first(kKeyBytes)));
    MAMORI_ASSIGN_OR_RETURN(const SecretBuffer signingSeed, SecretBuffer::copyOf(payload.bytes().subspan(kKeyBytes)));
    MAMORI_ASSIGN_OR_RETURN(const SecretBuffer password, counterPassword(masterKey));
    MAMORI_TRY(ensureStorageKey(*m_tpm, m_settings.storageKeyHandle));
    MAMORI_TRY(NvCounter::define(*m_tpm, m_settings.counterIndex, password.bytes()));
    MAMORI_TRY(ensurePrivateDirectory(m_settings.stateDirectory / "tpm"));
    MAMORI_TRY(writeFileAtomically(recoveryPath(), recoveryFile));
    return sealAndStore(masterKey, signingSeed);
}

Status KeyStore::resealToCurrentPcrs()
{
    MAMORI_ASSIGN_OR_RETURN(const SecretBuffer masterKey, unsealMasterKey());
    MAMORI_ASSIGN_OR_RETURN(const SecretBuffer signingSeed, unsealSigningSeed());
    return sealAndStore(masterKey, signingSeed);
}

Result<SealedBlob> KeyStore::loadBlob(SealedPurpose purpose) const
{
    auto bytes = readWholeFile(sealedPath(purpose), kMaxStateFile);
    if (!bytes.ok()) {
        if (bytes.code() == ErrorCode::NotFound)
            return Error(ErrorCode::TpmNotProvisioned, std::string("no ") + fileName(purpose) + " (run provisioning)");
        if (bytes.code() == ErrorCode::TooLarge)
            return Error(ErrorCode::TpmSealedDataInvalid, std::string(fileName(purpose)) + " is too large");
        return bytes.error();
    }
    MAMORI_ASSIGN_OR_RETURN(SealedBlob blob, decodeSealedBlob(bytes.value()));
    if (blob.purpose != purpose)
        return Error(ErrorCode::TpmSealedDataInvalid, std::string(fileName(purpose)) + " holds another key");
    return blob;
}

Result<SecretBuffer> KeyStore::unsealPurpose(SealedPurpose purpose)
{
    MAMORI_ASSIGN_OR_RETURN(const SealedBlob blob, loadBlob(purpose));
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer secret, unseal(*m_tpm, blob));
    if (secret.size() != kKeyBytes)
        return Error(ErrorCode::TpmSealedDataInvalid, std::string(fileName(purpose)) + " unsealed to the wrong size");
    return secret;
}

Result<SecretBuffer> KeyStore::unsealMasterKey()
{
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer masterKey, unsealPurpose(SealedPurpose::MasterKey));
    MAMORI_ASSIGN_OR_RETURN(const SecretBuffer password, counterPassword(masterKey));
    const Status authorised = NvCounter::authorise(*m_tpm, m_settings.counterIndex, password.bytes());
    // No counter at all is reported by counter(), where the vault asks for it.
    if (!authorised.ok() && authorised.code() != ErrorCode::NotFound)
        return authorised.error();
    return masterKey;
}

Result<SecretBuffer> KeyStore::counterPassword(const SecretBuffer& masterKey)
{
    static constexpr std::string_view kLabel = "mamori-nv-counter-password-v1";
    if (masterKey.size() != crypto_generichash_KEYBYTES)
        return Error(ErrorCode::InvalidArgument, "the master key is 32 bytes");
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer password, SecretBuffer::create(32));
    crypto_generichash(password.data(), password.size(), reinterpret_cast<const std::uint8_t*>(kLabel.data()),
                       kLabel.size(), masterKey.data(), masterKey.size());
    return password;
}

Result<SecretBuffer> KeyStore::unsealSigningSeed() { return unsealPurpose(SealedPurpose::DeviceSigningSeed); }

Result<NvCounter> KeyStore::counter() { return NvCounter::open(*m_tpm, m_settings.counterIndex); }

Status KeyStore::enterMaintenance() { return tpm::enterMaintenance(*m_tpm, m_settings.mamoriPcr); }

} // namespace mamori::tpm

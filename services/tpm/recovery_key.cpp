// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/tpm/recovery_key.h"

#include "services/common/number_validation.h"
#include "services/common/utf8.h"

#include <algorithm>
#include <array>
#include <string>

namespace mamori::tpm {
namespace {

constexpr std::size_t kGroupDigits = 6;
constexpr std::uint32_t kGroupModulus = 11;
constexpr std::uint32_t kGroupValueMax = 0xffff;
constexpr std::size_t kGroups = kRecoveryKeyGroups;
static_assert(kRecoveryKeyBytes == 2 * kGroups);
static_assert(kRecoveryKeyDigits == kGroupDigits * kGroups);
static_assert(kRecoveryKeyTextBytes == kRecoveryKeyDigits + kGroups - 1);
static_assert(kGroupValueMax * kGroupModulus + (kRecoveryKeyGroups - 1) <= 999999, "a group fits in 6 digits");

constexpr std::array<std::uint8_t, 8> kMagic{'M', 'A', 'M', 'O', 'R', 'I', 'R', 'K'};
constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kVersionOffset = kMagic.size();
constexpr std::size_t kOpsOffset = kVersionOffset + 1;
constexpr std::size_t kMemOffset = kOpsOffset + 4;
constexpr std::size_t kLengthOffset = kMemOffset + 4;
constexpr std::size_t kSaltOffset = kLengthOffset + 2;
constexpr std::size_t kNonceOffset = kSaltOffset + crypto_pwhash_SALTBYTES;
static_assert(kNonceOffset + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == kRecoveryHeaderBytes);
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kAeadKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr std::size_t kKiB = 1024;
static_assert(kRecoveryMaxMemLimit / kKiB <= 0xffffffffu, "the memory limit fits the u32 KiB field");
static_assert(kRecoveryMaxOpsLimit <= 0xffffffffu, "the ops limit fits the u32 field");
static_assert(kRecoveryPayloadMaxBytes <= 0xffffu, "the payload length fits the u16 field");

void putU16(std::uint8_t* out, std::uint16_t value) noexcept
{
    out[0] = static_cast<std::uint8_t>(value >> 8);
    out[1] = static_cast<std::uint8_t>(value);
}

std::uint16_t getU16(const std::uint8_t* in) noexcept { return static_cast<std::uint16_t>(in[0] << 8 | in[1]); }

void putU32(std::uint8_t* out, std::uint32_t value) noexcept
{
    out[0] = static_cast<std::uint8_t>(value >> 24);
    out[1] = static_cast<std::uint8_t>(value >> 16);
    out[2] = static_cast<std::uint8_t>(value >> 8);
    out[3] = static_cast<std::uint8_t>(value);
}

std::uint32_t getU32(const std::uint8_t* in) noexcept
{
    return std::uint32_t{in[0]} << 24 | std::uint32_t{in[1]} << 16 | std::uint32_t{in[2]} << 8 | std::uint32_t{in[3]};
}

bool limitsAcceptable(unsigned long long opsLimit, std::size_t memLimit) noexcept
{
    return opsLimit >= crypto_pwhash_OPSLIMIT_MIN && opsLimit <= kRecoveryMaxOpsLimit &&
           memLimit >= crypto_pwhash_MEMLIMIT_MIN && memLimit <= kRecoveryMaxMemLimit && memLimit % kKiB == 0;
}

std::string describeLimits(unsigned long long opsLimit, std::size_t memLimit)
{
    return "opsLimit " + std::to_string(opsLimit) + ", memLimit " + std::to_string(memLimit / kKiB) + " KiB (allowed " +
           std::to_string(crypto_pwhash_OPSLIMIT_MIN) + ".." + std::to_string(kRecoveryMaxOpsLimit) + ", " +
           std::to_string(crypto_pwhash_MEMLIMIT_MIN / kKiB) + ".." + std::to_string(kRecoveryMaxMemLimit / kKiB) +
           " KiB)";
}

Status checkKeySize(const SecretBuffer& key)
{
    if (key.size() != kRecoveryKeyBytes)
        return Error(ErrorCode::InvalidArgument, "recovery key of " + std::to_string(key.size()) + " bytes, want " +
                                                     std::to_string(kRecoveryKeyBytes));
    return okStatus();
}

// The AEAD key for this file: Argon2id of the raw key bytes. The one place crypto_pwhash is called.
Result<SecretBuffer> deriveAeadKey(const SecretBuffer& key, const std::uint8_t* salt, unsigned long long opsLimit,
                                   std::size_t memLimit)
{
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer aeadKey, SecretBuffer::create(kAeadKeyBytes));
    // libsodium takes the password as char; the bytes are the same.
    const int rc = crypto_pwhash(aeadKey.data(), aeadKey.size(), reinterpret_cast<const char*>(key.data()), key.size(),
                                 salt, opsLimit, memLimit, crypto_pwhash_ALG_ARGON2ID13);
    if (rc != 0)
        return Error(ErrorCode::ResourceExhausted, "crypto_pwhash returned " + std::to_string(rc) +
                                                       " (out of memory for " + std::to_string(memLimit / kKiB) +
                                                       " KiB?)");
    return aeadKey;
}

// Truncated, extended, or a length field that was itself damaged: all the same to the person.
Error damagedLength(const std::string& detail)
{
    return Error(ErrorCode::StorageCorrupt, "the recovery file is damaged (length): " + detail);
}

Error unexpectedCharacter(std::size_t position)
{
    return Error(ErrorCode::RecoveryKeyMalformed, "unexpected character at position " + std::to_string(position));
}

} // namespace

Result<SecretBuffer> generateRecoveryKey() { return SecretBuffer::random(kRecoveryKeyBytes); }

Result<SecretBuffer> formatRecoveryKey(const SecretBuffer& key)
{
    MAMORI_TRY(checkKeySize(key));
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer text, SecretBuffer::create(kRecoveryKeyTextBytes));
    const std::uint8_t* in = key.data();
    std::uint8_t* out = text.data();
    for (std::size_t group = 0; group < kGroups; ++group) {
        const std::uint32_t value = std::uint32_t{in[2 * group]} << 8 | in[2 * group + 1];
        std::uint32_t n = value * kGroupModulus + static_cast<std::uint32_t>(group);
        std::uint8_t* groupText = out + group * (kGroupDigits + 1);
        for (std::size_t i = kGroupDigits; i-- > 0;) {
            groupText[i] = static_cast<std::uint8_t>('0' + n % 10);
            n /= 10;
        }
        if (group + 1 < kGroups)
            groupText[kGroupDigits] = '-';
    }
    return text;
}

Result<SecretBuffer> parseRecoveryKey(std::string_view typed)
{
    // Digit values (0-9) as read; only the first 48 are kept, the rest only counted.
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer digits, SecretBuffer::create(kRecoveryKeyDigits));
    std::size_t count = 0;
    std::size_t position = 0; // 1-based, in characters
    std::size_t pos = 0;      // in bytes
    while (pos < typed.size()) {
        ++position;
        char32_t c = 0;
        if (!decodeUtf8(typed, pos, c))
            return unexpectedCharacter(position);
        std::uint8_t digit = 0;
        if (c >= U'0' && c <= U'9')
            digit = static_cast<std::uint8_t>(c - U'0');
        else if (c >= U'\uff10' && c <= U'\uff19') // full-width digits
            digit = static_cast<std::uint8_t>(c - U'\uff10');
        else if (isNumberSeparator(c))
            continue;
        else
            return unexpectedCharacter(position);
        if (count < kRecoveryKeyDigits)
            digits.data()[count] = digit;
        ++count;
    }
    if (count != kRecoveryKeyDigits)
        return Error(ErrorCode::RecoveryKeyMalformed,
                     "expected " + std::to_string(kRecoveryKeyDigits) + " digits, got " + std::to_string(count));

    MAMORI_ASSIGN_OR_RETURN(SecretBuffer key, SecretBuffer::create(kRecoveryKeyBytes));
    for (std::size_t group = 0; group < kGroups; ++group) {
        const auto residue = static_cast<std::uint32_t>(group);
        std::uint32_t n = 0;
        for (std::size_t i = 0; i < kGroupDigits; ++i)
            n = n * 10 + digits.data()[group * kGroupDigits + i];
        if (n % kGroupModulus != residue || (n - residue) / kGroupModulus > kGroupValueMax)
            return Error(ErrorCode::RecoveryKeyMalformed, "group " + std::to_string(group + 1));
        const std::uint32_t value = (n - residue) / kGroupModulus;
        key.data()[2 * group] = static_cast<std::uint8_t>(value >> 8);
        key.data()[2 * group + 1] = static_cast<std::uint8_t>(value);
    }
    return key;
}

int recoveryKeyErrorGroup(const Error& error) noexcept
{
    constexpr std::string_view kPrefix = "group ";
    if (error.code() != ErrorCode::RecoveryKeyMalformed)
        return 0;
    const std::string_view context = error.context();
    if (context.size() != kPrefix.size() + 1 || context.substr(0, kPrefix.size()) != kPrefix)
        return 0;
    const char digit = context.back();
    if (digit < '1' || digit > '0' + kRecoveryKeyGroups)
        return 0;
    return digit - '0';
}

Result<std::vector<std::uint8_t>> wrapWithRecoveryKey(const SecretBuffer& key, std::span<const std::uint8_t> payload,
                                                      RecoveryKdfLimits limits)
{
    MAMORI_TRY(initSodium());
    MAMORI_TRY(checkKeySize(key));
    if (payload.empty())
        return Error(ErrorCode::InvalidArgument, "empty recovery payload");
    if (payload.size() > kRecoveryPayloadMaxBytes)
        return Error(ErrorCode::TooLarge, "recovery payload of " + std::to_string(payload.size()) + " bytes, over " +
                                              std::to_string(kRecoveryPayloadMaxBytes));
    if (!limitsAcceptable(limits.opsLimit, limits.memLimit))
        return Error(ErrorCode::InvalidArgument,
                     "Argon2id limits unwrap would refuse, or memLimit not a whole number of KiB: " +
                         describeLimits(limits.opsLimit, limits.memLimit));

    std::vector<std::uint8_t> file(kRecoveryHeaderBytes + payload.size() + kTagBytes);
    std::copy(kMagic.begin(), kMagic.end(), file.begin());
    file[kVersionOffset] = kVersion;
    putU32(file.data() + kOpsOffset, static_cast<std::uint32_t>(limits.opsLimit));
    putU32(file.data() + kMemOffset, static_cast<std::uint32_t>(limits.memLimit / kKiB));
    putU16(file.data() + kLengthOffset, static_cast<std::uint16_t>(payload.size()));
    randombytes_buf(file.data() + kSaltOffset, crypto_pwhash_SALTBYTES);
    randombytes_buf(file.data() + kNonceOffset, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);

    MAMORI_ASSIGN_OR_RETURN(SecretBuffer aeadKey,
                            deriveAeadKey(key, file.data() + kSaltOffset, limits.opsLimit, limits.memLimit));
    unsigned long long ciphertextBytes = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(file.data() + kRecoveryHeaderBytes, &ciphertextBytes, payload.data(),
                                               payload.size(), file.data(), kRecoveryHeaderBytes, nullptr,
                                               file.data() + kNonceOffset, aeadKey.data());
    if (ciphertextBytes != payload.size() + kTagBytes)
        return Error(ErrorCode::Internal, "crypto_aead_xchacha20poly1305_ietf_encrypt wrote an unexpected length");
    return file;
}

Result<SecretBuffer> unwrapWithRecoveryKey(const SecretBuffer& key, std::span<const std::uint8_t> wrapped)
{
    MAMORI_TRY(initSodium());
    MAMORI_TRY(checkKeySize(key));
    if (wrapped.size() < kRecoveryHeaderBytes)
        return damagedLength(std::to_string(wrapped.size()) + " bytes, shorter than the " +
                             std::to_string(kRecoveryHeaderBytes) + "-byte header");
    if (!std::equal(kMagic.begin(), kMagic.end(), wrapped.begin()))
        return Error(ErrorCode::StorageCorrupt, "not a recovery file (magic is not MAMORIRK)");
    if (wrapped[kVersionOffset] != kVersion)
        return Error(ErrorCode::StorageCorrupt, "recovery file version " + std::to_string(wrapped[kVersionOffset]) +
                                                    ", this build reads " + std::to_string(kVersion));
    // The length is checked before the tag so that a truncated or extended file is reported as
    // damage, not as a wrong key; it is in the associated data, so editing it with the file's
    // length to match still fails authentication.
    const std::size_t payloadBytes = getU16(wrapped.data() + kLengthOffset);
    if (payloadBytes == 0 || payloadBytes > kRecoveryPayloadMaxBytes)
        return damagedLength("the header gives a payload of " + std::to_string(payloadBytes) + " bytes (allowed 1.." +
                             std::to_string(kRecoveryPayloadMaxBytes) + ")");
    const std::size_t expectedBytes = kRecoveryHeaderBytes + payloadBytes + kTagBytes;
    if (wrapped.size() != expectedBytes)
        return damagedLength(std::to_string(wrapped.size()) + " bytes, the header gives " +
                             std::to_string(expectedBytes) + " (a payload of " + std::to_string(payloadBytes) +
                             " bytes)");
    // Checked before anything is allocated: a crafted file must not make us reserve gigabytes.
    const unsigned long long opsLimit = getU32(wrapped.data() + kOpsOffset);
    const std::size_t memLimit = std::size_t{getU32(wrapped.data() + kMemOffset)} * kKiB;
    if (!limitsAcceptable(opsLimit, memLimit))
        return Error(ErrorCode::StorageCorrupt,
                     "recovery file Argon2id limits out of range: " + describeLimits(opsLimit, memLimit));

    MAMORI_ASSIGN_OR_RETURN(SecretBuffer aeadKey, deriveAeadKey(key, wrapped.data() + kSaltOffset, opsLimit, memLimit));
    const std::span<const std::uint8_t> ciphertext = wrapped.subspan(kRecoveryHeaderBytes);
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer payload, SecretBuffer::create(payloadBytes));
    unsigned long long decryptedBytes = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(payload.data(), &decryptedBytes, nullptr, ciphertext.data(),
                                                   ciphertext.size(), wrapped.data(), kRecoveryHeaderBytes,
                                                   wrapped.data() + kNonceOffset, aeadKey.data()) != 0)
        return Error(ErrorCode::RecoveryKeyIncorrect, "recovery file does not authenticate with this key");
    if (decryptedBytes != payload.size())
        return Error(ErrorCode::Internal, "crypto_aead_xchacha20poly1305_ietf_decrypt returned an unexpected length");
    return payload;
}

} // namespace mamori::tpm

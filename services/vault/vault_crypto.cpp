// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/vault_crypto.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>

namespace mamori::vault {
namespace {

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES] = {'m', 'a', 'm', 'o', 'r', 'i', 'v', 'k'};
enum KdfSubkey : std::uint64_t { kKek = 1, kBlindIndex = 2, kNameSearch = 3, kBackup = 4 };

constexpr std::uint8_t kCiphertextVersion = 0x01;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kOverhead = 1 + kNonceBytes + kTagBytes;
constexpr std::size_t kMaxFieldBytes = std::size_t{64} * 1024;

Result<SecretBuffer> deriveSubkey(const SecretBuffer& master, std::uint64_t id)
{
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer key, SecretBuffer::create(32));
    if (crypto_kdf_derive_from_key(key.data(), key.size(), id, kKdfContext, master.data()) != 0)
        return Error(ErrorCode::Internal, "crypto_kdf_derive_from_key failed");
    return key;
}

// Concatenates byte strings into one vector (sized once: GCC 12 misreads repeated inserts).
std::vector<std::uint8_t> concat(std::initializer_list<std::span<const std::uint8_t>> parts)
{
    std::size_t total = 0;
    for (const auto& part : parts)
        total += part.size();
    std::vector<std::uint8_t> out(total);
    std::size_t at = 0;
    for (const auto& part : parts) {
        if (!part.empty())
            std::memcpy(out.data() + at, part.data(), part.size());
        at += part.size();
    }
    return out;
}

std::span<const std::uint8_t> asBytes(std::string_view text)
{
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::vector<std::uint8_t> fieldAssociatedData(const SubjectId& subject, std::string_view field,
                                              std::uint32_t schemaVersion)
{
    const std::array<std::uint8_t, 5> tail{
        0, static_cast<std::uint8_t>(schemaVersion >> 24), static_cast<std::uint8_t>(schemaVersion >> 16),
        static_cast<std::uint8_t>(schemaVersion >> 8), static_cast<std::uint8_t>(schemaVersion)};
    return concat({asBytes("mamori-field-v1"), subject.bytes, asBytes(field), tail});
}

std::vector<std::uint8_t> wrapAssociatedData(const SubjectId& subject)
{
    return concat({asBytes("mamori-wrap-v1"), subject.bytes});
}

Result<std::vector<std::uint8_t>> seal(const SecretBuffer& key, std::span<const std::uint8_t> ad,
                                       std::span<const std::uint8_t> plaintext)
{
    if (key.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
        return Error(ErrorCode::Internal, "AEAD key of wrong size");
    if (plaintext.size() > kMaxFieldBytes)
        return Error(ErrorCode::TooLarge, "field of " + std::to_string(plaintext.size()) + " bytes");
    std::vector<std::uint8_t> out(kOverhead + plaintext.size());
    out[0] = kCiphertextVersion;
    std::uint8_t* nonce = out.data() + 1;
    randombytes_buf(nonce, kNonceBytes);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + 1 + kNonceBytes, &written, plaintext.data(),
                                               plaintext.size(), ad.data(), ad.size(), nullptr, nonce, key.data());
    out.resize(1 + kNonceBytes + written);
    return out;
}

// Opens into `out` (already sized to the plaintext length).
Status open(const SecretBuffer& key, std::span<const std::uint8_t> ad, std::span<const std::uint8_t> sealed,
            std::uint8_t* out)
{
    if (sealed.size() < kOverhead || sealed[0] != kCiphertextVersion)
        return Error(ErrorCode::StorageCorrupt, "ciphertext too short or of an unknown version");
    const std::uint8_t* nonce = sealed.data() + 1;
    const std::uint8_t* box = nonce + kNonceBytes;
    const std::size_t boxSize = sealed.size() - 1 - kNonceBytes;
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, &written, nullptr, box, boxSize, ad.data(), ad.size(), nonce,
                                                   key.data()) != 0)
        return Error(ErrorCode::StorageCorrupt, "ciphertext failed authentication");
    return okStatus();
}

std::size_t plaintextSize(std::span<const std::uint8_t> sealed)
{
    return sealed.size() < kOverhead ? 0 : sealed.size() - kOverhead;
}

BlindIndex keyedHash16(const SecretBuffer& key, std::span<const std::uint8_t> message)
{
    std::array<std::uint8_t, crypto_generichash_BYTES> full{};
    crypto_generichash(full.data(), full.size(), message.data(), message.size(), key.data(), key.size());
    BlindIndex truncated{};
    std::copy_n(full.begin(), truncated.size(), truncated.begin());
    sodium_memzero(full.data(), full.size());
    return truncated;
}

} // namespace

SubjectId SubjectId::random()
{
    SubjectId id;
    (void)initSodium();
    randombytes_buf(id.bytes.data(), id.bytes.size());
    return id;
}

Result<SubjectId> SubjectId::fromBytes(std::span<const std::uint8_t> bytes)
{
    if (bytes.size() != kSubjectIdBytes)
        return Error(ErrorCode::InvalidArgument, "subject id of " + std::to_string(bytes.size()) + " bytes");
    SubjectId id;
    std::copy(bytes.begin(), bytes.end(), id.bytes.begin());
    return id;
}

Result<SubjectId> SubjectId::fromHex(std::string_view hex)
{
    SubjectId id;
    std::size_t written = 0;
    const char* end = nullptr;
    if (hex.size() != kSubjectIdBytes * 2 ||
        sodium_hex2bin(id.bytes.data(), id.bytes.size(), hex.data(), hex.size(), nullptr, &written, &end) != 0 ||
        written != kSubjectIdBytes || end != hex.data() + hex.size())
        return Error(ErrorCode::InvalidArgument, "subject id is not 32 hex digits");
    return id;
}

std::string SubjectId::hex() const
{
    char text[kSubjectIdBytes * 2 + 1];
    sodium_bin2hex(text, sizeof text, bytes.data(), bytes.size());
    return std::string(text, kSubjectIdBytes * 2);
}

Result<VaultKeys> VaultKeys::derive(const SecretBuffer& masterKey)
{
    if (masterKey.size() != crypto_kdf_KEYBYTES)
        return Error(ErrorCode::InvalidArgument, "master key must be 32 bytes");
    VaultKeys keys;
    MAMORI_ASSIGN_OR_RETURN(keys.m_kek, deriveSubkey(masterKey, kKek));
    MAMORI_ASSIGN_OR_RETURN(keys.m_blindIndex, deriveSubkey(masterKey, kBlindIndex));
    MAMORI_ASSIGN_OR_RETURN(keys.m_nameSearch, deriveSubkey(masterKey, kNameSearch));
    MAMORI_ASSIGN_OR_RETURN(keys.m_backup, deriveSubkey(masterKey, kBackup));
    return keys;
}

Result<SecretBuffer> newDataKey() { return SecretBuffer::random(kDataKeyBytes); }

Result<std::vector<std::uint8_t>> wrapDataKey(const SecretBuffer& kek, const SubjectId& subject,
                                              const SecretBuffer& dataKey)
{
    return seal(kek, wrapAssociatedData(subject), dataKey.bytes());
}

Result<SecretBuffer> unwrapDataKey(const SecretBuffer& kek, const SubjectId& subject,
                                   std::span<const std::uint8_t> wrapped)
{
    if (plaintextSize(wrapped) != kDataKeyBytes)
        return Error(ErrorCode::StorageCorrupt, "wrapped data key of wrong size");
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer key, SecretBuffer::create(kDataKeyBytes));
    MAMORI_TRY(open(kek, wrapAssociatedData(subject), wrapped, key.data()));
    return key;
}

Status unwrapDataKeyInto(const SecretBuffer& kek, const SubjectId& subject, std::span<const std::uint8_t> wrapped,
                         SecretBuffer& out)
{
    if (plaintextSize(wrapped) != kDataKeyBytes || out.size() != kDataKeyBytes)
        return Error(ErrorCode::StorageCorrupt, "wrapped data key of wrong size");
    return open(kek, wrapAssociatedData(subject), wrapped, out.data());
}

Result<std::vector<std::uint8_t>> encryptField(const SecretBuffer& dataKey, const SubjectId& subject,
                                               std::string_view field, std::uint32_t schemaVersion,
                                               std::span<const std::uint8_t> plaintext)
{
    return seal(dataKey, fieldAssociatedData(subject, field, schemaVersion), plaintext);
}

Result<PersonalText> decryptField(const SecretBuffer& dataKey, const SubjectId& subject, std::string_view field,
                                  std::uint32_t schemaVersion, std::span<const std::uint8_t> ciphertext)
{
    const std::size_t size = plaintextSize(ciphertext);
    if (size == 0 && ciphertext.size() != kOverhead)
        return Error(ErrorCode::StorageCorrupt, "ciphertext too short");
    PersonalText text = PersonalText::zeroed(size);
    // Decrypt straight into the wiping string's storage.
    MAMORI_TRY(open(dataKey, fieldAssociatedData(subject, field, schemaVersion), ciphertext,
                    reinterpret_cast<std::uint8_t*>(text.data())));
    return text;
}

BlindIndex blindIndex(const SecretBuffer& blindIndexKey, const NumberDigits& number)
{
    std::array<std::uint8_t, 1 + kCorporateNumberDigits> message{};
    message[0] = number.kind() == NumberKind::Individual ? 'I' : 'C';
    const auto digits = number.digits();
    std::copy(digits.begin(), digits.end(), message.begin() + 1);
    BlindIndex index = keyedHash16(blindIndexKey, std::span(message.data(), 1 + digits.size()));
    sodium_memzero(message.data(), message.size());
    return index;
}

std::string normaliseKana(std::string_view utf8)
{
    std::string out;
    out.reserve(utf8.size());
    std::size_t i = 0;
    while (i < utf8.size()) {
        const auto byte = static_cast<unsigned char>(utf8[i]);
        // Spaces: ASCII and U+3000 (E3 80 80) are dropped.
        if (byte == ' ') {
            ++i;
            continue;
        }
        if (byte == 0xe3 && i + 2 < utf8.size()) {
            const auto b1 = static_cast<unsigned char>(utf8[i + 1]);
            const auto b2 = static_cast<unsigned char>(utf8[i + 2]);
            const char32_t cp = (char32_t(byte & 0x0f) << 12) | (char32_t(b1 & 0x3f) << 6) | char32_t(b2 & 0x3f);
            if (cp == 0x3000) {
                i += 3;
                continue;
            }
            if (cp >= 0x3041 && cp <= 0x3096) { // hiragana → katakana (+0x60)
                const char32_t k = cp + 0x60;
                out += static_cast<char>(0xe0 | (k >> 12));
                out += static_cast<char>(0x80 | ((k >> 6) & 0x3f));
                out += static_cast<char>(0x80 | (k & 0x3f));
                i += 3;
                continue;
            }
        }
        out += static_cast<char>(byte);
        ++i;
    }
    return out;
}

namespace {
// Byte length of the first `chars` UTF-8 characters of `text` (or its whole length).
std::size_t prefixBytes(std::string_view text, std::size_t chars)
{
    std::size_t i = 0;
    std::size_t count = 0;
    while (i < text.size() && count < chars) {
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xc0) == 0x80)
            ++i;
        ++count;
    }
    return i;
}

std::size_t characterCount(std::string_view text)
{
    std::size_t count = 0;
    for (char c : text)
        count += (static_cast<unsigned char>(c) & 0xc0) != 0x80 ? 1 : 0;
    return count;
}

BlindIndex searchHash(const SecretBuffer& key, std::string_view prefix)
{
    return keyedHash16(key, std::span(reinterpret_cast<const std::uint8_t*>(prefix.data()), prefix.size()));
}
} // namespace

std::vector<BlindIndex> nameSearchTerms(const SecretBuffer& nameSearchKey, std::string_view kanaUtf8)
{
    const std::string normalised = normaliseKana(kanaUtf8);
    std::vector<BlindIndex> terms;
    const std::size_t chars = std::min(characterCount(normalised), kMaxSearchPrefix);
    for (std::size_t n = 1; n <= chars; ++n)
        terms.push_back(searchHash(nameSearchKey, std::string_view(normalised).substr(0, prefixBytes(normalised, n))));
    return terms;
}

Result<BlindIndex> nameSearchTerm(const SecretBuffer& nameSearchKey, std::string_view kanaPrefixUtf8)
{
    const std::string normalised = normaliseKana(kanaPrefixUtf8);
    if (normalised.empty())
        return Error(ErrorCode::InvalidArgument, "empty search prefix");
    const std::string_view prefix = std::string_view(normalised).substr(0, prefixBytes(normalised, kMaxSearchPrefix));
    return searchHash(nameSearchKey, prefix);
}

} // namespace mamori::vault

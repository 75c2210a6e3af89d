// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The vault's key hierarchy and field encryption (DESIGN §4).
//
//   master key (KeySource, 32 bytes)
//     └─ crypto_kdf, context "mamorivk": 1 key-encryption key (KEK), 2 blind-index key,
//                                       3 name-search key, 4 backup key
//   per-subject data key (random 32 bytes), stored wrapped by the KEK
//     └─ every personal field: XChaCha20-Poly1305, AD = "mamori-field-v1" ‖ subject id ‖ field ‖ 0 ‖ schema
//
// Ciphertext layout (fields and wrapped keys): version byte 0x01 ‖ 24-byte random nonce ‖ sealed box
// (plaintext + 16-byte tag). The AD binds a ciphertext to its subject, field and schema version, so a
// value moved to another row or column fails to open (StorageCorrupt). Blind index: keyed BLAKE2b-256
// over kind ‖ normalised digits, truncated to 16 bytes. Name search: keyed BLAKE2b-256 over
// normalised kana prefixes, truncated to 16 bytes (see name_search_terms()).
//
// Pure functions over SecretBuffers; thread-safe as long as each buffer has one owner.

#include "services/common/number_validation.h"
#include "services/common/personal_text.h"
#include "services/common/result.h"
#include "services/common/secret_buffer.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::vault {

constexpr std::size_t kSubjectIdBytes = 16;
constexpr std::size_t kBlindIndexBytes = 16;
constexpr std::size_t kDataKeyBytes = 32;

struct SubjectId {
    std::array<std::uint8_t, kSubjectIdBytes> bytes{};

    static SubjectId random();
    static Result<SubjectId> fromBytes(std::span<const std::uint8_t> bytes);
    static Result<SubjectId> fromHex(std::string_view hex);
    std::string hex() const;
    bool operator==(const SubjectId&) const = default;
};

using BlindIndex = std::array<std::uint8_t, kBlindIndexBytes>;

class VaultKeys {
public:
    static Result<VaultKeys> derive(const SecretBuffer& masterKey);

    const SecretBuffer& keyEncryptionKey() const noexcept { return m_kek; }
    const SecretBuffer& blindIndexKey() const noexcept { return m_blindIndex; }
    const SecretBuffer& nameSearchKey() const noexcept { return m_nameSearch; }
    const SecretBuffer& backupKey() const noexcept { return m_backup; }

private:
    SecretBuffer m_kek;
    SecretBuffer m_blindIndex;
    SecretBuffer m_nameSearch;
    SecretBuffer m_backup;
};

Result<SecretBuffer> newDataKey();
Result<std::vector<std::uint8_t>> wrapDataKey(const SecretBuffer& kek, const SubjectId& subject,
                                              const SecretBuffer& dataKey);
Result<SecretBuffer> unwrapDataKey(const SecretBuffer& kek, const SubjectId& subject,
                                   std::span<const std::uint8_t> wrapped);
// The same into an existing 32-byte buffer (listing pages reuse one guarded buffer).
Status unwrapDataKeyInto(const SecretBuffer& kek, const SubjectId& subject, std::span<const std::uint8_t> wrapped,
                         SecretBuffer& out);

Result<std::vector<std::uint8_t>> encryptField(const SecretBuffer& dataKey, const SubjectId& subject,
                                               std::string_view field, std::uint32_t schemaVersion,
                                               std::span<const std::uint8_t> plaintext);
inline Result<std::vector<std::uint8_t>> encryptField(const SecretBuffer& dataKey, const SubjectId& subject,
                                                      std::string_view field, std::uint32_t schemaVersion,
                                                      std::string_view plaintext)
{
    return encryptField(dataKey, subject, field, schemaVersion,
                        std::span(reinterpret_cast<const std::uint8_t*>(plaintext.data()), plaintext.size()));
}
Result<PersonalText> decryptField(const SecretBuffer& dataKey, const SubjectId& subject, std::string_view field,
                                  std::uint32_t schemaVersion, std::span<const std::uint8_t> ciphertext);

BlindIndex blindIndex(const SecretBuffer& blindIndexKey, const NumberDigits& number);

// Kana search: the normalised reading (hiragana folded to katakana, spaces dropped) yields one term
// per prefix of 1..kMaxSearchPrefix characters. A query of up to kMaxSearchPrefix characters is an
// exact term lookup; a longer one looks up its first kMaxSearchPrefix characters and is filtered
// after decryption. The terms reveal only which subjects share a short prefix.
constexpr std::size_t kMaxSearchPrefix = 4;
std::string normaliseKana(std::string_view utf8);
std::vector<BlindIndex> nameSearchTerms(const SecretBuffer& nameSearchKey, std::string_view kanaUtf8);
Result<BlindIndex> nameSearchTerm(const SecretBuffer& nameSearchKey, std::string_view kanaPrefixUtf8);

} // namespace mamori::vault

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The recovery key: the way back to the vault's keys when the TPM that sealed them is gone
// (a replaced motherboard, a cleared TPM). Generated once at provisioning, shown once to a person
// who copies it by hand onto paper for the officer's safe, and later typed back, possibly on a
// touch keypad, to move the keys onto a new TPM. It wraps a secret payload (the vault master key
// followed by the device signing seed, 64 bytes) with Argon2id and XChaCha20-Poly1305.
//
// Who owns what: the 16 key bytes, their text form and every derived key or decrypted payload live
// only in SecretBuffer (libsodium guarded memory). The text typed by the person arrives as a
// string_view that the caller owns and wipes. Every function here is stateless and thread-safe.
//
// ## Text form
//
// 128 bits as 8 groups of 6 decimal digits separated by '-' (55 characters):
//
//     dddddd-dddddd-...    group g (0-based, 0..7) carries v = bytes[2g] << 8 | bytes[2g + 1]
//                          as the zero-padded decimal of n = v * 11 + g   (0 <= n <= 720892)
//
// A group is valid iff n % 11 == g and (n - g) / 11 <= 65535. Because 10^k is +1 or -1 mod 11,
// the check catches every single-digit error and every transposition of two adjacent different
// digits within a group; because each position has its own residue, it also catches two groups
// swapped and a group typed in the wrong place. The person learns which group to look at again
// without the check costing any key bits. A key that passes the check but is simply the wrong key
// is caught later, by the AEAD tag (RecoveryKeyIncorrect).
//
// parseRecoveryKey accepts ASCII digits and full-width digits (U+FF10..U+FF19) and drops, anywhere,
// the separators that the number parser drops (isNumberSeparator in number_validation.h): ASCII and
// ideographic spaces, '-', and the dash look-alikes Japanese input methods produce (U+30FC ー,
// U+FF0D －, U+2010 ‐, U+2212 −, and a few more). Errors, all RecoveryKeyMalformed, in the order
// they are checked:
//   - "unexpected character at position N": N is the 1-based position in characters (code
//     points) of the first character that is neither a digit nor a separator, or of the first
//     invalid UTF-8 sequence. The character itself is never reported.
//   - "expected 48 digits, got K".
//   - "group N": N (1-based) is the first group whose check fails; recoveryKeyErrorGroup() reads
//     it back so that the UI can point at that group.
// No context ever holds a typed digit.
//
// ## Wrapped file (all integers big-endian)
//
//     offset  size  field
//          0     8  magic "MAMORIRK"
//          8     1  version = 1
//          9     4  Argon2id opsLimit
//         13     4  Argon2id memLimit in KiB (bytes / 1024)
//         17     2  payload length n (1 <= n <= 256)
//         19    16  salt (crypto_pwhash_SALTBYTES)
//         35    24  nonce (crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
//         59   n+16 ciphertext of the n-byte payload followed by the Poly1305 tag
//
// The AEAD key is crypto_pwhash(Argon2id v1.3) of the 16 raw key bytes (not their text) with the
// salt and limits; the associated data is the whole 59-byte header, so editing the limits, length,
// salt or version fails authentication. Before deriving anything, unwrap refuses (StorageCorrupt)
// a file of the wrong magic or version; a file whose length is not exactly 59 + n + 16 for the n
// in its header, or whose n is outside 1..256 ("the recovery file is damaged (length)"), so that
// a truncated or extended file reads as damage and not as a wrong key; and limits outside
// [crypto_pwhash_OPSLIMIT_MIN, kRecoveryMaxOpsLimit] and [crypto_pwhash_MEMLIMIT_MIN,
// kRecoveryMaxMemLimit], so a crafted file cannot make the terminal allocate gigabytes. A tag
// mismatch is RecoveryKeyIncorrect: the tag cannot tell a wrong key from bytes altered in place
// (ciphertext, salt, nonce, or in-range limits), and the wrong key is by far the likelier cause.

#include "services/common/result.h"
#include "services/common/secret_buffer.h"

#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace mamori::tpm {

constexpr std::size_t kRecoveryKeyBytes = 16; // 128 bits
constexpr int kRecoveryKeyGroups = 8;
constexpr std::size_t kRecoveryKeyDigits = 48;
constexpr std::size_t kRecoveryKeyTextBytes = 8 * 6 + 7; // "dddddd-..." 8 groups of 6 digits, '-' between

constexpr std::size_t kRecoveryPayloadMaxBytes = 256;
constexpr unsigned long long kRecoveryMaxOpsLimit = 10;
constexpr std::size_t kRecoveryMaxMemLimit = std::size_t{1} << 30; // 1 GiB
constexpr std::size_t kRecoveryHeaderBytes =
    8 + 1 + 4 + 4 + 2 + crypto_pwhash_SALTBYTES + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;

// 16 random bytes from the system CSPRNG.
Result<SecretBuffer> generateRecoveryKey();
// The 55-byte ASCII text form of a 16-byte key. InvalidArgument for any other size.
Result<SecretBuffer> formatRecoveryKey(const SecretBuffer& key);
// The 16 bytes back from what a person typed. See the header comment for what is accepted.
Result<SecretBuffer> parseRecoveryKey(std::string_view typed);
// The 1-based group named by a RecoveryKeyMalformed "group N" error from parseRecoveryKey, or 0
// for any other error (a bad character, a wrong count, another code).
int recoveryKeyErrorGroup(const Error& error) noexcept;

// Argon2id cost, recorded in the wrapped file. The defaults are libsodium's MODERATE (3 passes,
// 256 MiB); tests use crypto_pwhash_OPSLIMIT_MIN / MEMLIMIT_MIN. memLimit must be a multiple of 1024.
struct RecoveryKdfLimits {
    unsigned long long opsLimit = crypto_pwhash_OPSLIMIT_MODERATE;
    std::size_t memLimit = crypto_pwhash_MEMLIMIT_MODERATE;
};

// Encrypt `payload` (1..256 bytes) under `key` (16 bytes) into the wrapped file format.
// InvalidArgument for a wrong key size, an empty payload or limits unwrap would refuse; TooLarge
// for a payload over 256 bytes; ResourceExhausted if Argon2id cannot get its memory.
Result<std::vector<std::uint8_t>> wrapWithRecoveryKey(const SecretBuffer& key, std::span<const std::uint8_t> payload,
                                                      RecoveryKdfLimits limits = {});
// The payload back. StorageCorrupt for a malformed file (including one truncated or extended by
// any amount), RecoveryKeyIncorrect when the tag does not verify, InvalidArgument for a wrong key size,
// ResourceExhausted if Argon2id cannot get its memory.
Result<SecretBuffer> unwrapWithRecoveryKey(const SecretBuffer& key, std::span<const std::uint8_t> wrapped);

} // namespace mamori::tpm

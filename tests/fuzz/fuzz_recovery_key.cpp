// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the recovery key: any byte string, read as typed text, must give a key
// that formats and parses back to itself or a clean RecoveryKeyMalformed; read as a wrapped file
// under a fixed key, it must give StorageCorrupt or RecoveryKeyIncorrect (or, for the seed that
// really is wrapped under that key, the payload, which must re-wrap and unwrap to itself), and
// RecoveryKeyIncorrect only for a file whose length matches the payload length in its header.
//
// The seed corpus (tests/fuzz/corpus/recovery_key) holds the fixed key's text and a file wrapped
// under it with the minimum Argon2id limits.
#include "services/tpm/recovery_key.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>
#include <vector>

namespace {

using namespace mamori;
using namespace mamori::tpm;

// Bytes 00 01 .. 0f; text 000011-005666-011321-016976-022631-028286-033941-039596.
constexpr std::array<std::uint8_t, kRecoveryKeyBytes> kFixedKey{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
constexpr RecoveryKdfLimits kFastLimits{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
constexpr std::size_t kOpsOffset = 9;
constexpr std::size_t kMemOffset = 13;
constexpr std::size_t kLengthOffset = 17;

const SecretBuffer& fixedKey()
{
    static const SecretBuffer key = SecretBuffer::copyOf(kFixedKey).value();
    return key;
}

void checkTyped(std::string_view typed)
{
    const auto parsed = parseRecoveryKey(typed);
    if (!parsed.ok()) {
        if (parsed.code() != ErrorCode::RecoveryKeyMalformed)
            std::abort();
        return;
    }
    if (parsed.value().size() != kRecoveryKeyBytes)
        std::abort();
    const auto text = formatRecoveryKey(parsed.value());
    if (!text.ok() || text.value().size() != kRecoveryKeyTextBytes)
        std::abort();
    const auto again =
        parseRecoveryKey(std::string_view(reinterpret_cast<const char*>(text.value().data()), text.value().size()));
    if (!again.ok() || !again.value().equals(parsed.value()))
        std::abort();
}

// Argon2id limits that unwrap accepts can still cost a second and a gigabyte per input; lower them
// so that the fuzzer keeps its pace. Out-of-range values are left alone: refusing them is under test.
void cheapenLimits(std::vector<std::uint8_t>& file)
{
    if (file.size() < kMemOffset + 4)
        return;
    const auto get = [&file](std::size_t at) {
        return std::uint32_t{file[at]} << 24 | std::uint32_t{file[at + 1]} << 16 | std::uint32_t{file[at + 2]} << 8 |
               std::uint32_t{file[at + 3]};
    };
    const std::uint32_t ops = get(kOpsOffset);
    const std::uint32_t memKiB = get(kMemOffset);
    const bool accepted = ops >= crypto_pwhash_OPSLIMIT_MIN && ops <= kRecoveryMaxOpsLimit &&
                          memKiB >= crypto_pwhash_MEMLIMIT_MIN / 1024 && memKiB <= kRecoveryMaxMemLimit / 1024;
    if (!accepted)
        return;
    if (ops > 2)
        file[kOpsOffset + 3] = static_cast<std::uint8_t>(1 + ops % 2);
    if (memKiB > 64) {
        std::fill_n(file.begin() + kMemOffset, 3, std::uint8_t{0});
        file[kMemOffset + 3] = static_cast<std::uint8_t>(8 + memKiB % 57);
    }
}

void checkWrapped(std::span<const std::uint8_t> data)
{
    std::vector<std::uint8_t> file(data.begin(), data.end());
    cheapenLimits(file);
    const auto unwrapped = unwrapWithRecoveryKey(fixedKey(), file);
    if (!unwrapped.ok()) {
        if (unwrapped.code() != ErrorCode::StorageCorrupt && unwrapped.code() != ErrorCode::RecoveryKeyIncorrect)
            std::abort();
        // A truncated or extended file is damage, never a wrong key.
        if (unwrapped.code() == ErrorCode::RecoveryKeyIncorrect) {
            const std::size_t declared = std::size_t{file[kLengthOffset]} << 8 | file[kLengthOffset + 1];
            if (file.size() != kRecoveryHeaderBytes + declared + crypto_aead_xchacha20poly1305_ietf_ABYTES)
                std::abort();
        }
        return;
    }
    // Only a file really wrapped under the fixed key (the seed) gets here: every byte is either
    // checked in the header or covered by the tag.
    const SecretBuffer& payload = unwrapped.value();
    if (payload.empty() || payload.size() > kRecoveryPayloadMaxBytes ||
        file.size() != kRecoveryHeaderBytes + payload.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES)
        std::abort();
    const auto rewrapped = wrapWithRecoveryKey(fixedKey(), payload.bytes(), kFastLimits);
    if (!rewrapped.ok())
        std::abort();
    const auto again = unwrapWithRecoveryKey(fixedKey(), rewrapped.value());
    if (!again.ok() || !again.value().equals(payload))
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::span<const std::uint8_t> input(data, size);
    checkTyped(std::string_view(reinterpret_cast<const char*>(data), size));
    checkWrapped(input);
    return 0;
}

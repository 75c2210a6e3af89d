// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the sealed-blob file format: any byte string must decode to a blob that
// encodes back to exactly the same bytes, or fail with TpmSealedDataInvalid.
//
// Random mutations almost never keep the BLAKE2b-256 checksum right, so each input is also tried
// with its last 32 bytes replaced by the checksum of what precedes them: that way the structural
// checks behind the checksum get fuzzed too.
//
// The seed corpus (tests/fuzz/corpus/sealed_blob) holds blobs as encodeSealedBlob writes them.
#include "services/tpm/sealed_blob.h"

#include <sodium.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

namespace {

using namespace mamori;
using namespace mamori::tpm;

constexpr std::size_t kChecksumBytes = 32;

void check(std::span<const std::uint8_t> bytes)
{
    const auto decoded = decodeSealedBlob(bytes);
    if (!decoded.ok()) {
        if (decoded.code() != ErrorCode::TpmSealedDataInvalid)
            std::abort();
        return;
    }
    const std::vector<std::uint8_t> encoded = encodeSealedBlob(decoded.value());
    if (!std::equal(encoded.begin(), encoded.end(), bytes.begin(), bytes.end()))
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::span<const std::uint8_t> input(data, size);
    check(input);
    if (size >= kChecksumBytes) {
        std::vector<std::uint8_t> fixed(input.begin(), input.end());
        const std::size_t bodyBytes = size - kChecksumBytes;
        crypto_generichash(fixed.data() + bodyBytes, kChecksumBytes, fixed.data(), bodyBytes, nullptr, 0);
        check(fixed);
    }
    return 0;
}

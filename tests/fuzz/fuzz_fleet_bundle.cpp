// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the fleet bundle file (services/vault/fleet_bundle.h, FLEET_BUNDLE_FORMAT.md),
// which `mamori-provision bundle apply` hands to the vault from a USB stick: any byte string must be
// refused with a reason or parse to a bundle that keeps the format's rules —
//  - the body is canonical: its content re-encodes to the very same bytes, and decodes alone to the
//    same content; the content passes validateFleetContent();
//  - an unsigned file is rebuilt byte for byte by makeUnsignedFleetBundle();
//  - verification never accepts it against a key nobody holds (all zeros, or the signer's key with
//    one bit flipped), and a refusal always names its kind.
// Seeds: tests/fuzz/corpus/fleet_bundle (an unsigned and a signed bundle).
#include "services/vault/fleet_bundle.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

using namespace mamori;
using namespace mamori::vault;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::span<const std::uint8_t> input(data, size);
    const auto parsed = parseFleetBundle(input);
    if (!parsed.ok()) {
        if (parsed.error().context().empty())
            std::abort(); // a refusal always says why
        return 0;
    }
    const FleetBundleFile& file = parsed.value();
    if (!validateFleetContent(file.content).ok())
        std::abort();
    const auto body = encodeFleetBody(file.content);
    if (!body.ok() || body.value() != file.body)
        std::abort();
    const auto decoded = decodeFleetBody(file.body);
    if (!decoded.ok() || !(decoded.value() == file.content))
        std::abort();
    if (!file.isSigned) {
        const auto rebuilt = makeUnsignedFleetBundle(file.content);
        if (!rebuilt.ok() || !std::equal(rebuilt.value().begin(), rebuilt.value().end(), input.begin(), input.end()))
            std::abort();
    }

    OrganisationKey nobody{};
    OrganisationKey flipped = file.signer;
    flipped[0] ^= 1;
    for (const OrganisationKey& key : {nobody, flipped}) {
        FleetRefusal why = FleetRefusal::Malformed;
        const Status verified = verifyFleetBundle(file, key, &why);
        if (verified.ok())
            std::abort();
        if (why == FleetRefusal::Malformed || why == FleetRefusal::Replayed || why == FleetRefusal::AnotherDevice)
            std::abort(); // a parsed bundle is refused for its signature, not its form
    }
    return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the number parser: any byte string must give a value or a clean error,
// never a crash, an out-of-bounds read or a result that disagrees between the two kinds.
#include "services/common/number_validation.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto individual = mamori::parseIndividualNumber(input);
    const auto corporate = mamori::parseCorporateNumber(input);
    // The same input cannot be both a 12-digit and a 13-digit number.
    if (individual.ok() && corporate.ok())
        std::abort();
    if (individual.ok() && individual.value().size() != mamori::kIndividualNumberDigits)
        std::abort();
    if (corporate.ok() && corporate.value().size() != mamori::kCorporateNumberDigits)
        std::abort();
    return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for netguard's settings parser (toml++ and the validation on top): any byte
// string must give validated settings or a clean error naming a line, never a crash, an
// out-of-bounds read or accepted settings that break the rules of services/net/README.md
// ("Settings file"). Seeds: tests/fuzz/corpus/netguard_settings.
#include "services/net/netguard_settings.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace mamori::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto result = parseNetGuardSettings(input);
    if (!result.ok()) {
        if (result.error().context().empty())
            std::abort(); // a refusal always says why
        return 0;
    }
    const NetGuardSettings& settings = result.value();
    if (settings.version != 1 || !isValidInterfaceName(settings.interfaceName) ||
        !settings.privateKeyFile.is_absolute() || settings.addresses.empty() || settings.addresses.size() > 2 ||
        !isValidUserName(settings.resolverUser) || !isValidUserName(settings.resolverGroup) ||
        (settings.logdPort && *settings.logdPort == 0))
        std::abort();
    int v4 = 0;
    int v6 = 0;
    for (const IpPrefix& prefix : settings.addresses)
        (prefix.address.family == IpAddress::Family::V4 ? v4 : v6)++;
    if (v4 > 1 || v6 > 1)
        std::abort();
    return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the allow-list parser (toml++ and the validation on top): any byte string
// must give a validated AllowList or a clean error naming a line, never a crash, an out-of-bounds
// read or an accepted list that breaks the format's rules.
#include "services/net/allowlist.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace mamori::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<AllowListProblem> problems;
    const auto result = parseAllowList(input, &problems);
    if (!result.ok()) {
        // A refusal always says why, and never lists more problems than promised.
        if (result.error().context().empty() || problems.size() > kMaxReportedProblems)
            std::abort();
        return 0;
    }
    if (!problems.empty())
        std::abort();
    const AllowList& list = result.value();
    if (list.version != 1 || list.gateway.port == 0 || list.admin.publicKey == list.gateway.publicKey)
        std::abort();
    for (const Endpoint& endpoint : list.endpoints) {
        if (!isValidCode(endpoint.name) || !isValidHostName(endpoint.host) || endpoint.port == 0 ||
            endpoint.purposes.empty() || endpoint.ca.value.empty())
            std::abort();
        for (const auto& purpose : endpoint.purposes)
            if (!isValidCode(purpose))
                std::abort();
        if (list.findByName(endpoint.name) != &endpoint || list.find(endpoint.host, endpoint.port) != &endpoint)
            std::abort();
    }
    // The keys survive a round trip through their text form.
    if (parseWireGuardKey(list.gateway.publicKey.base64()) != list.gateway.publicKey)
        std::abort();
    return 0;
}

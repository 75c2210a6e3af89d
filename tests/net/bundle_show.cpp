// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-bundle-show: verifies a signed audit bundle file (services/vault verifyBundle: structure,
// signature, chain, checkpoints, the number scan) and prints what it holds — the range, and the
// newest entries as sequence, actor kind, action, result and detail (an entry never holds a number,
// and the scan in verifyBundle would report one). Used by the namespace test bed (a bundle the
// admin pulled through the tunnel from mamori-logd) and by scripts/demo.sh.
//
//   mamori-bundle-show FILE [--last N] [--grep TEXT]
//
// --grep prints only entries whose detail contains TEXT. Exit 0 when the bundle verifies, 1 when it
// does not (the damage is printed), 2 on bad arguments or an unreadable file.

#include "services/common/file_io.h"
#include "services/vault/audit_bundle.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace mamori;
using namespace mamori::vault;

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fputs("usage: mamori-bundle-show FILE [--last N] [--grep TEXT]\n", stderr);
        return 2;
    }
    std::size_t last = 10;
    std::string grep;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--last")
            last = static_cast<std::size_t>(std::strtoul(argv[i + 1], nullptr, 10));
        else if (flag == "--grep")
            grep = argv[i + 1];
        else {
            std::fprintf(stderr, "mamori-bundle-show: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    auto bytes = readWholeFile(argv[1], kMaxBundleBytes);
    if (!bytes.ok()) {
        std::fprintf(stderr, "mamori-bundle-show: %s\n", bytes.error().describe().c_str());
        return 2;
    }
    const BundleVerification verified = verifyBundle(bytes.value(), std::nullopt);
    if (!verified.parsed || !verified.report.clean()) {
        std::printf("bundle: NOT VERIFIED: %s\n", describe(verified.report).c_str());
        return 1;
    }
    const AuditBundle& bundle = verified.bundle;
    std::printf("bundle: device %s, entries %llu-%llu, %zu checkpoints; signature, chain and checkpoints verified\n",
                bundle.deviceId.c_str(), static_cast<unsigned long long>(bundle.firstSequence),
                static_cast<unsigned long long>(bundle.lastSequence), bundle.checkpoints.size());
    std::vector<const AuditEntry*> shown;
    for (auto it = bundle.entries.rbegin(); it != bundle.entries.rend() && shown.size() < last; ++it)
        if (grep.empty() || it->detail.find(grep) != std::string::npos)
            shown.push_back(&*it);
    for (auto it = shown.rbegin(); it != shown.rend(); ++it) {
        const AuditEntry& entry = **it;
        std::printf("  #%-6llu %-6s %-14s %-13s %s\n", static_cast<unsigned long long>(entry.sequence),
                    entry.actor == kSystemActor ? "system" : "card", std::string(actionName(entry.action)).c_str(),
                    entry.result.c_str(), entry.detail.c_str());
    }
    return 0;
}

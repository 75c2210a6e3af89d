// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for what mamori-admin parses from outside: the first byte picks the parser, the
// rest is its input — 0: the configuration (TOML through toml++, then the rules), 1: a disposal
// certificate file (and, when it verifies, its layout through the number fence), 2: logd's
// /v1/head JSON (simdjson). Built by provisioning/admin/CMakeLists.txt in the fuzz preset:
//   build/fuzz/provisioning/admin/fuzz_admin_inputs -max_total_time=60 tests/provisioning/admin/corpus

#include "provisioning/admin/device_config.h"
#include "provisioning/admin/disposal_certificate.h"
#include "provisioning/admin/logd_client.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::span<const std::uint8_t> rest(data + 1, size - 1);
    const std::string_view text(reinterpret_cast<const char*>(rest.data()), rest.size());
    switch (data[0] % 3) {
    case 0:
        (void)mamori::admin::parseAdminConfig(text);
        break;
    case 1: {
        auto certificate = mamori::admin::parseCertificateFile(rest);
        if (certificate.ok())
            (void)mamori::admin::renderCertificateHtml(certificate.value(), {}, mamori::Language::Japanese, 0);
        break;
    }
    default:
        (void)mamori::admin::parseHeadJson(text);
        break;
    }
    return 0;
}

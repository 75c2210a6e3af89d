// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The last check before mamori-admin writes a report, a certificate or a fleet table: nothing in it
// may read as an individual or corporate number. Audit entries cannot hold one (the vault refuses
// to write such an entry and verification refuses to archive one), so what this guards against is
// everything else that reaches an output: names from the configuration, device ids, text a future
// change adds, and mistakes in this tool.
//
// Two readings, both of which must pass:
//  - each value that came from outside the tool (checkValue) is read as the audit format reads
//    free text (vault::containsNumber, NumberScan::Text: digits joined by spaces and hyphens, full
//    width, a number inside a longer run);
//  - the whole output (checkDocument) is read as number_leak_guard reads test output: any run of
//    exactly 12 ASCII digits with a valid individual check digit, or 13 with a valid corporate one.
// On a hit the output is not written (the error names the field, never the value).

#include "services/common/result.h"

#include <string_view>

namespace mamori::admin {

// Errors: PermissionDenied ("<what> reads as a number").
Status checkValue(std::string_view value, std::string_view what);
Status checkDocument(std::string_view text, std::string_view what);

} // namespace mamori::admin

// SPDX-License-Identifier: GPL-3.0-or-later
// The output fence (number_fence.h).

#include "provisioning/admin/number_fence.h"

#include "services/common/number_validation.h"
#include "services/vault/audit_entry.h"

namespace mamori::admin {

Status checkValue(std::string_view value, std::string_view what)
{
    if (vault::containsNumber(value, vault::NumberScan::Text))
        return Error(ErrorCode::PermissionDenied, std::string(what) + " reads as a number");
    return okStatus();
}

Status checkDocument(std::string_view text, std::string_view what)
{
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] < '0' || text[i] > '9') {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9')
            ++end;
        const std::string_view run = text.substr(i, end - i);
        if ((run.size() == kIndividualNumberDigits && parseIndividualNumber(run).ok()) ||
            (run.size() == kCorporateNumberDigits && parseCorporateNumber(run).ok()))
            return Error(ErrorCode::PermissionDenied,
                         std::string(what) + " holds a digit run that reads as a number at byte " + std::to_string(i));
        i = end;
    }
    return okStatus();
}

} // namespace mamori::admin

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What a verification found, in plain words for the administrator (`verify`, `pull`, `import`):
// one headline naming the kind of damage and where it is, and a few lines on what that means and
// what was still proven. Built from the VerifyReport alone (services/vault/audit_chain.h), which
// never holds personal data; so neither does the text.

#include "services/vault/audit_chain.h"

#include <string>
#include <vector>

namespace mamori::admin {

struct DamageExplanation {
    std::string headline;           // "entry 5 was changed after it was written"
    std::vector<std::string> lines; // what it means, where, what is still proven
};

DamageExplanation explainDamage(const vault::VerifyReport& report);

} // namespace mamori::admin

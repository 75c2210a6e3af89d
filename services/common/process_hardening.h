// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Hardening for every process that may hold key material or personal data (the vault daemon,
// the kiosk, the provisioning tool): no core dumps, not dumpable (so no ptrace attach by the same
// user and no /proc/PID/mem reads), and libsodium initialised. Call first thing in main().

#include "services/common/result.h"

namespace mamori {

Status hardenProcess();

// What hardenProcess() set, read back from the kernel (for tests and the status report).
struct HardeningState {
    bool coreDumpsDisabled = false; // RLIMIT_CORE soft and hard limits are 0
    bool dumpable = true;           // prctl(PR_GET_DUMPABLE)
};
HardeningState currentHardeningState();

} // namespace mamori

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/common/process_hardening.h"

#include "services/common/secret_buffer.h"

#include <cerrno>
#include <cstring>
#include <string>
#include <sys/prctl.h>
#include <sys/resource.h>

namespace mamori {

Status hardenProcess()
{
    const rlimit noCore{0, 0};
    if (setrlimit(RLIMIT_CORE, &noCore) != 0)
        return Error(ErrorCode::Internal, std::string("setrlimit(RLIMIT_CORE): ") + std::strerror(errno));
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        return Error(ErrorCode::Internal, std::string("prctl(PR_SET_DUMPABLE): ") + std::strerror(errno));
    return initSodium();
}

HardeningState currentHardeningState()
{
    HardeningState state;
    rlimit limit{};
    if (getrlimit(RLIMIT_CORE, &limit) == 0)
        state.coreDumpsDisabled = limit.rlim_cur == 0 && limit.rlim_max == 0;
    state.dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0;
    return state;
}

} // namespace mamori

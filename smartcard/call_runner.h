// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// CallRunner: runs token calls on one worker thread and waits for each with a deadline.
//
// Why: a PKCS#11 call talks to a card through a reader (OpenSC → pcscd → USB). If the card is
// pulled mid-APDU or the reader wedges, a call can block for a long time, and the module offers no
// way to cancel it. The caller (the kiosk's UI thread, via a wrapper) must get an answer quickly, so
// every call is handed to a worker and the caller waits at most `deadline` (default 5 s):
//   - the call returns in time  → its CK_RV;
//   - it does not               → Error(Timeout). The call keeps running on the worker: nothing can
//     stop it. The runner is then *wedged*: further calls fail at once with Timeout, without
//     queueing behind the stuck one, until it returns (then the runner recovers by itself).
// A job must own everything it touches (capture shared_ptr / values, never the caller's stack), since
// it can outlive the caller's wait. The destructor does not join a wedged worker: it detaches it and
// the module, seeing wedged(), skips C_Finalize and dlclose (unloading code a thread is
// still executing would crash; leaking the module is the safe choice for a process about to recover
// or exit).
//
// One worker per module also serialises all calls into the module, which is the simplest correct
// threading model for tokens whose modules handle concurrency poorly.

#include "services/common/result.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace mamori::smartcard {

class CallRunner {
public:
    CallRunner();
    ~CallRunner();
    CallRunner(const CallRunner&) = delete;
    CallRunner& operator=(const CallRunner&) = delete;

    // Runs `job` (which returns a CK_RV) on the worker; `what` names it in a Timeout error.
    Result<unsigned long> run(std::function<unsigned long()> job, std::chrono::milliseconds deadline, const char* what);
    // A call has overrun its deadline and has not returned yet.
    bool wedged() const;

private:
    struct Task;
    struct Shared;
    std::shared_ptr<Shared> m_shared;
    std::thread m_worker;
};

} // namespace mamori::smartcard

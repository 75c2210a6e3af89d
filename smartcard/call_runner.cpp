// SPDX-License-Identifier: GPL-3.0-or-later
#include "smartcard/call_runner.h"

#include <string>

namespace mamori::smartcard {

struct CallRunner::Task {
    std::function<unsigned long()> job;
    unsigned long rv = 0;
    bool done = false;
};

struct CallRunner::Shared {
    std::mutex mutex;
    std::condition_variable wake;     // the worker waits for tasks
    std::condition_variable finished; // callers wait for their task
    std::deque<std::shared_ptr<Task>> queue;
    bool stop = false;
    bool busyOverdue = false; // the running task has overrun its caller's deadline
};

CallRunner::CallRunner() : m_shared(std::make_shared<Shared>())
{
    // The worker holds its own reference to the shared state: a detached worker stays valid.
    m_worker = std::thread([shared = m_shared] {
        std::unique_lock lock(shared->mutex);
        for (;;) {
            shared->wake.wait(lock, [&] { return shared->stop || !shared->queue.empty(); });
            if (shared->queue.empty())
                return;
            auto task = shared->queue.front();
            shared->queue.pop_front();
            lock.unlock();
            const unsigned long rv = task->job();
            task->job = nullptr; // release what the job owned (buffers, wiped secrets) promptly
            lock.lock();
            task->rv = rv;
            task->done = true;
            shared->busyOverdue = false;
            shared->finished.notify_all();
        }
    });
}

CallRunner::~CallRunner()
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->stop = true;
        m_shared->queue.clear();
    }
    m_shared->wake.notify_all();
    if (m_worker.joinable()) {
        if (wedged())
            m_worker.detach();
        else
            m_worker.join();
    }
}

bool CallRunner::wedged() const
{
    std::lock_guard lock(m_shared->mutex);
    return m_shared->busyOverdue;
}

Result<unsigned long> CallRunner::run(std::function<unsigned long()> job, std::chrono::milliseconds deadline,
                                      const char* what)
{
    auto task = std::make_shared<Task>();
    task->job = std::move(job);
    std::unique_lock lock(m_shared->mutex);
    if (m_shared->busyOverdue)
        return Error(ErrorCode::Timeout,
                     std::string(what) + ": an earlier token call has not returned (card or reader not responding)");
    m_shared->queue.push_back(task);
    m_shared->wake.notify_one();
    if (!m_shared->finished.wait_for(lock, deadline, [&] { return task->done; })) {
        // Still queued: withdraw it. Running: it is now overdue and wedges the runner.
        for (auto it = m_shared->queue.begin(); it != m_shared->queue.end(); ++it) {
            if (*it == task) {
                m_shared->queue.erase(it);
                return Error(ErrorCode::Timeout, std::string(what) + ": no answer within the deadline");
            }
        }
        m_shared->busyOverdue = true;
        return Error(ErrorCode::Timeout, std::string(what) + ": no answer within the deadline");
    }
    return task->rv;
}

} // namespace mamori::smartcard

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/common/process_hardening.h"

#include <QTest>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace mamori;

class TestProcessHardening : public QObject {
    Q_OBJECT

private slots:
    void hardenDisablesCoreDumpsAndDumpable();
    void crashLeavesNoCore();
};

void TestProcessHardening::hardenDisablesCoreDumpsAndDumpable()
{
    QVERIFY(hardenProcess().ok());
    const HardeningState state = currentHardeningState();
    QVERIFY(state.coreDumpsDisabled);
    QVERIFY(!state.dumpable);
    // Idempotent.
    QVERIFY(hardenProcess().ok());
}

void TestProcessHardening::crashLeavesNoCore()
{
    // A hardened child that aborts is reported as killed by SIGABRT without a core dump.
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        if (!hardenProcess().ok())
            _exit(2);
        std::abort();
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY(WIFSIGNALED(status));
    QCOMPARE(WTERMSIG(status), SIGABRT);
    QVERIFY(!WCOREDUMP(status));
}

QTEST_GUILESS_MAIN(TestProcessHardening)
#include "tst_process_hardening.moc"

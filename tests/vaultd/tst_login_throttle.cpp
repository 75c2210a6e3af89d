// SPDX-License-Identifier: GPL-3.0-or-later
// The bound on refused logins per connection (login_throttle.h).

#include "services/vaultd/login_throttle.h"

#include <QTest>

using namespace mamori;
using mamori::vault::ManualClock;
using mamori::vaultd::LoginThrottle;

class TestLoginThrottle : public QObject {
    Q_OBJECT

private slots:
    void tenRefusalsInAMinuteStopTheCaller();
    void theWindowMovesOn();
    void callersAreSeparate();
    void manyCallersStayBounded();
};

void TestLoginThrottle::tenRefusalsInAMinuteStopTheCaller()
{
    ManualClock clock(0);
    LoginThrottle throttle(clock);
    for (int i = 0; i < 10; ++i) {
        QVERIFY(throttle.allowed(":1.5"));
        throttle.refused(":1.5");
        clock.advanceMs(1000);
    }
    QVERIFY(!throttle.allowed(":1.5"));
}

void TestLoginThrottle::theWindowMovesOn()
{
    ManualClock clock(0);
    LoginThrottle throttle(clock, 3, 60'000);
    for (int i = 0; i < 3; ++i)
        throttle.refused("c");
    QVERIFY(!throttle.allowed("c"));
    clock.advanceMs(59'999);
    QVERIFY(!throttle.allowed("c"));
    clock.advanceMs(1);
    QVERIFY(throttle.allowed("c"));
    QCOMPARE(throttle.trackedCallers(), std::size_t{0});
}

void TestLoginThrottle::callersAreSeparate()
{
    ManualClock clock(0);
    LoginThrottle throttle(clock, 2, 60'000);
    throttle.refused("a");
    throttle.refused("a");
    QVERIFY(!throttle.allowed("a"));
    QVERIFY(throttle.allowed("b"));
}

void TestLoginThrottle::manyCallersStayBounded()
{
    ManualClock clock(0);
    LoginThrottle throttle(clock, 10, 1000);
    for (int i = 0; i < 5000; ++i) {
        throttle.refused(":1." + std::to_string(i));
        clock.advanceMs(10);
    }
    // Callers whose window passed are forgotten: at most a window's worth plus the bound remain.
    QVERIFY(throttle.trackedCallers() <= 1024 + 100);
}

QTEST_GUILESS_MAIN(TestLoginThrottle)
#include "tst_login_throttle.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Sessions bound to a caller, idle expiry, replacement and closing (the daemon's rules).

#include "services/vaultd/session_registry.h"

#include <QTest>

using namespace mamori;
using namespace mamori::vault;
using mamori::vaultd::SessionRegistry;

class TestSessionRegistry : public QObject {
    Q_OBJECT

private slots:
    void sessionsAreBoundToTheirCaller();
    void idleSessionsExpire();
    void activityKeepsASessionAlive();
    void reopeningReplacesAndReturnsTheOldSession();
    void peekingIsNotActivity();
    void revocationAndRestoreEndSessions();
};

namespace {
SessionContext sessionFor(std::int64_t user)
{
    SessionContext session;
    session.userId = user;
    session.roles = {Role::Clerk};
    return session;
}
} // namespace

void TestSessionRegistry::sessionsAreBoundToTheirCaller()
{
    ManualClock clock(1000);
    SessionRegistry registry(clock, 300'000);
    registry.open(":1.10", sessionFor(7));
    QVERIFY(registry.touch(":1.10") != nullptr);
    QCOMPARE(registry.touch(":1.10")->userId, std::int64_t{7});
    QVERIFY(registry.touch(":1.11") == nullptr);
    QVERIFY(registry.close(":1.11") == std::nullopt);
    QCOMPARE(registry.close(":1.10")->userId, std::int64_t{7});
    QVERIFY(registry.touch(":1.10") == nullptr);
}

void TestSessionRegistry::idleSessionsExpire()
{
    ManualClock clock(1000);
    SessionRegistry registry(clock, 300'000);
    registry.open(":1.10", sessionFor(7));
    registry.open(":1.12", sessionFor(8));
    clock.advanceMs(200'000);
    QVERIFY(registry.touch(":1.12") != nullptr);
    clock.advanceMs(100'001);
    // :1.10 has been idle for 300.001 s: no longer served, and reported once.
    QVERIFY(registry.touch(":1.10") == nullptr);
    const auto expired = registry.expireIdle();
    QCOMPARE(expired.size(), std::size_t{1});
    QCOMPARE(expired[0].first, std::string(":1.10"));
    QVERIFY(registry.expireIdle().empty());
    QCOMPARE(registry.size(), std::size_t{1});
}

void TestSessionRegistry::activityKeepsASessionAlive()
{
    ManualClock clock(0);
    SessionRegistry registry(clock, 60'000);
    registry.open("caller", sessionFor(1));
    for (int minute = 0; minute < 30; ++minute) {
        clock.advanceMs(59'000);
        QVERIFY(registry.touch("caller") != nullptr);
    }
    QVERIFY(registry.expireIdle().empty());
}

void TestSessionRegistry::reopeningReplacesAndReturnsTheOldSession()
{
    ManualClock clock(0);
    SessionRegistry registry(clock, 60'000);
    QVERIFY(!registry.open("caller", sessionFor(1)));
    const auto previous = registry.open("caller", sessionFor(2));
    QVERIFY(previous.has_value());
    QCOMPARE(previous->userId, std::int64_t{1});
    QCOMPARE(registry.touch("caller")->userId, std::int64_t{2});
}

void TestSessionRegistry::peekingIsNotActivity()
{
    ManualClock clock(0);
    SessionRegistry registry(clock, 60'000);
    registry.open("caller", sessionFor(1));
    for (int i = 0; i < 5; ++i) {
        clock.advanceMs(20'000);
        if (i < 2)
            QVERIFY(registry.peek("caller") != nullptr);
    }
    // 100 s without activity: peeking every 20 s did not keep it alive.
    QVERIFY(registry.peek("caller") == nullptr);
    QCOMPARE(registry.expireIdle().size(), std::size_t{1});
}

void TestSessionRegistry::revocationAndRestoreEndSessions()
{
    ManualClock clock(1000);
    SessionRegistry registry(clock, 300'000);
    SessionContext a = sessionFor(1);
    a.cardId = std::string(64, 'a');
    SessionContext b = sessionFor(2);
    b.cardId = std::string(64, 'b');
    registry.open(":1.1", a);
    registry.open(":1.2", b);
    registry.open(":1.3", a); // the same card on a second connection
    const auto revoked = registry.closeByCard(std::string(64, 'a'));
    QCOMPARE(revoked.size(), std::size_t{2});
    QVERIFY(registry.touch(":1.1") == nullptr && registry.touch(":1.3") == nullptr);
    QVERIFY(registry.touch(":1.2") != nullptr);
    QVERIFY(registry.closeByCard(std::string(64, 'c')).empty());
    const auto all = registry.closeAll();
    QCOMPARE(all.size(), std::size_t{1});
    QCOMPARE(all.front().first, std::string(":1.2"));
    QCOMPARE(registry.size(), std::size_t{0});
}

QTEST_GUILESS_MAIN(TestSessionRegistry)
#include "tst_session_registry.moc"

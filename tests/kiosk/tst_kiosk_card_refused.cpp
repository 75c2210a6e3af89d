// SPDX-License-Identifier: GPL-3.0-or-later
// A card the vault does not know: the kiosk asks BeginLogin before any PIN, shows the refusal
// (CardRefused, E0003 in plain words) and never offers the PIN field, so an unknown card costs no
// try; the PIN is not even sent to the card. Pulled out, the kiosk is back on standby. Real
// daemon and token (KioskFixture with the card left unenrolled).

#include "kiosk/client/pkcs11_card_reader.h"
#include "kiosk/client/session.h"
#include "kiosk/client/vault_client.h"
#include "tests/kiosk/kiosk_fixture.h"
#include "tests/smartcard/fault_injection.h"

#include <QTest>

using namespace mamori;
using namespace mamori::ui;
using mamori::test::FaultInjection;
using mamori::test::KioskFixture;

class TestKioskCardRefused : public QObject {
    Q_OBJECT

private slots:
    void unknownCardIsRefusedBeforeAnyPin();
};

void TestKioskCardRefused::unknownCardIsRefusedBeforeAnyPin()
{
    KioskFixture fixture;
    const Status started = fixture.start(KioskFixture::Options{false});
    QVERIFY2(started.ok(), started.ok() ? "" : started.error().describe().c_str());
    VaultClient vault(fixture.connect(QStringLiteral("kiosk-refused")));
    Pkcs11CardReader reader(fixture.cardModule(), std::chrono::milliseconds{50});
    Session session(&vault, &reader);
    session.start();

    KioskFixture::insertCard();
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), Session::State::CardRefused, 10000);
    QCOMPARE(session.error(), 3);
    QVERIFY(Session::errorText(session.error(), QStringLiteral("ja")).endsWith(QStringLiteral("(E0003)")));
    QVERIFY(session.cardPresent());

    // No PIN is taken for a refused card, and none reaches the card.
    const int loginsBefore = FaultInjection::loginCalls;
    session.submitPin(QString::fromLatin1(KioskFixture::kPin));
    QTest::qWait(300);
    QCOMPARE(session.state(), Session::State::CardRefused);
    QCOMPARE(FaultInjection::loginCalls.load(), loginsBefore);

    KioskFixture::removeCard();
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), Session::State::Standby, 1000);
    QCOMPARE(session.error(), 0);
}

QTEST_GUILESS_MAIN(TestKioskCardRefused)
#include "tst_kiosk_card_refused.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The officer's and administrator's state (OversightDesk) against the real vault daemon and a real
// PKCS#11 token whose holder is an officer and an administrator: sign-in skips the purpose (only a
// clerk's acts name one) and opens the officer's workspace; a bulk export a clerk asked for waits
// in the approvals and is approved with this card's step-up (PIN again), after which the log shows
// the approval signed by the card; the log pages newest first with keyset paging and filters by
// action and by person; the cards list and a revocation; the chain check and the device's state;
// switching workspaces only to roles held; and a card pulled out empties every model. Every model
// runs under QAbstractItemModelTester. Audit entries hold no number, so nothing here prints one.

#include "kiosk/client/oversight_desk.h"
#include "kiosk/client/pkcs11_card_reader.h"
#include "kiosk/client/session.h"
#include "kiosk/client/vault_client.h"
#include "tests/kiosk/kiosk_fixture.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace mamori;
using namespace mamori::ui;
using mamori::test::KioskFixture;

class TestKioskOversight : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void signInOpensTheOfficerWorkspace();
    void approveABulkExportWithTheCard();
    void logPagesAndFilters();
    void cardsAndRevocation();
    void chainAndDevice();
    void workspacesOnlyOfHeldRoles();
    void cardRemovalClearsEverything();

private:
    KioskFixture m_fixture;
    QDBusConnection m_connection{QString()};
    std::unique_ptr<VaultClient> m_vault;
    std::unique_ptr<Pkcs11CardReader> m_reader;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<QAbstractItemModelTester> m_testers[4];
};

void TestKioskOversight::initTestCase()
{
    KioskFixture::Options options;
    options.cardRoles = {"officer", "admin"};
    options.pendingBulkExport = true;
    const Status started = m_fixture.start(options);
    QVERIFY2(started.ok(), started.ok() ? "" : started.error().describe().c_str());
    m_connection = m_fixture.connect(QStringLiteral("kiosk"));
    m_vault = std::make_unique<VaultClient>(m_connection);
    m_reader = std::make_unique<Pkcs11CardReader>(m_fixture.cardModule(), std::chrono::milliseconds{50});
    m_session = std::make_unique<Session>(m_vault.get(), m_reader.get());
    OversightDesk* desk = m_session->oversight();
    using Mode = QAbstractItemModelTester::FailureReportingMode;
    m_testers[0] = std::make_unique<QAbstractItemModelTester>(desk->log(), Mode::QtTest);
    m_testers[1] = std::make_unique<QAbstractItemModelTester>(desk->alerts(), Mode::QtTest);
    m_testers[2] = std::make_unique<QAbstractItemModelTester>(desk->approvals(), Mode::QtTest);
    m_testers[3] = std::make_unique<QAbstractItemModelTester>(desk->cards(), Mode::QtTest);
    m_session->start();
}

void TestKioskOversight::cleanupTestCase()
{
    for (auto& tester : m_testers)
        tester.reset();
    m_session.reset();
    m_reader.reset();
    m_vault.reset();
}

void TestKioskOversight::signInOpensTheOfficerWorkspace()
{
    KioskFixture::insertCard();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::PinEntry, 10000);
    m_session->submitPin(QString::fromLatin1(KioskFixture::kPin));
    // No purpose to choose: the officer and the administrator name none.
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::Ready, 10000);
    QVERIFY(m_session->purpose().isEmpty());
    QVERIFY(m_session->isOfficer() && m_session->isAdmin() && !m_session->isClerk());
    QCOMPARE(m_session->workspace(), QStringLiteral("officer"));
}

void TestKioskOversight::approveABulkExportWithTheCard()
{
    OversightDesk* desk = m_session->oversight();
    QTRY_COMPARE_WITH_TIMEOUT(desk->approvals()->count(), 1, 10000);
    const QVariantMap request = desk->approvals()->get(0);
    QCOMPARE(request.value(QStringLiteral("kind")).toString(), QStringLiteral("export"));
    QCOMPARE(request.value(QStringLiteral("subjects")).toLongLong(), 21);
    const qlonglong id = request.value(QStringLiteral("requestId")).toLongLong();

    QSignalSpy approved(desk, &OversightDesk::approved);
    desk->approve(QStringLiteral("export"), id);
    QVERIFY(m_session->stepUpPending());
    QCOMPARE(m_session->stepUpOperation(), QStringLiteral("approve_export"));
    // A wrong PIN first: the dialog stays with the card's error, nothing is approved.
    m_session->submitStepUpPin(QStringLiteral("0000"));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->stepUpError(), 101, 10000);
    QVERIFY(m_session->stepUpPending());
    QCOMPARE(approved.count(), 0);
    m_session->submitStepUpPin(QString::fromLatin1(KioskFixture::kPin));
    QTRY_COMPARE_WITH_TIMEOUT(approved.count(), 1, 10000);
    QVERIFY(!m_session->stepUpPending());
    QCOMPARE(m_session->stepUpError(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(desk->approvals()->count(), 0, 10000);

    // The log shows the approval, signed by this card.
    desk->log()->setAction(QStringLiteral("export_approve"));
    QTRY_COMPARE_WITH_TIMEOUT(desk->log()->count(), 1, 10000);
    const QVariantMap row = desk->log()->get(0);
    QVERIFY(row.value(QStringLiteral("signedByCard")).toBool());
    QCOMPARE(row.value(QStringLiteral("result")).toString(), QStringLiteral("ok"));
    QCOMPARE(row.value(QStringLiteral("actorRole")).toString(), QStringLiteral("officer"));
    desk->log()->setAction(QString());
}

void TestKioskOversight::logPagesAndFilters()
{
    AuditLogModel* log = m_session->oversight()->log();
    // Newest first, a page at a time, continuing below the last row shown.
    log->setPageSize(10);
    log->reload();
    QTRY_VERIFY_WITH_TIMEOUT(!log->loading() && log->count() > 0, 10000);
    QCOMPARE(log->count(), 10); // the seeded vault has far more entries than a page
    QVERIFY(log->headSequence() > 20);
    QVERIFY(log->checkpointSequence() >= 1);
    const qulonglong first = log->get(0).value(QStringLiteral("sequence")).toULongLong();
    const qulonglong last = log->get(log->count() - 1).value(QStringLiteral("sequence")).toULongLong();
    QVERIFY(first > last);
    QCOMPARE(log->query().value(QStringLiteral("beforeSequence")).toULongLong(), last);
    QVERIFY(log->canFetchMore({}));
    log->fetchMore({});
    QTRY_VERIFY_WITH_TIMEOUT(log->count() > 10, 10000);
    QCOMPARE(log->get(10).value(QStringLiteral("sequence")).toULongLong(), last - 1);

    // By action: only registrations (the seeding registered the employees).
    log->setAction(QStringLiteral("register"));
    QTRY_VERIFY_WITH_TIMEOUT(!log->loading() && log->count() > 0, 10000);
    for (int row = 0; row < log->count(); ++row)
        QCOMPARE(log->get(row).value(QStringLiteral("action")).toString(), QStringLiteral("register"));

    // By person: the clerk (from the cards list); then a period with nothing in it.
    OversightDesk* desk = m_session->oversight();
    QTRY_VERIFY_WITH_TIMEOUT(desk->cards()->count() >= 2, 10000);
    qlonglong clerk = 0;
    for (int row = 0; row < desk->cards()->count(); ++row)
        if (desk->cards()->get(row).value(QStringLiteral("roles")).toStringList().contains(QStringLiteral("clerk")))
            clerk = desk->cards()->get(row).value(QStringLiteral("userId")).toLongLong();
    QVERIFY(clerk > 0);
    log->setUserId(clerk);
    QTRY_VERIFY_WITH_TIMEOUT(!log->loading() && log->count() > 0, 10000);
    for (int row = 0; row < log->count(); ++row)
        QCOMPARE(log->get(row).value(QStringLiteral("actorRole")).toString(), QStringLiteral("clerk"));
    log->setFromDate(QDate(2001, 1, 1));
    log->setToDate(QDate(2001, 1, 31));
    QTRY_VERIFY_WITH_TIMEOUT(!log->loading(), 10000);
    QCOMPARE(log->count(), 0);
    QVERIFY(log->query().contains(QStringLiteral("fromMs")) && log->query().contains(QStringLiteral("toMs")));
    log->clear();
    QCOMPARE(log->userId(), 0);
    QVERIFY(log->action().isEmpty());
}

void TestKioskOversight::cardsAndRevocation()
{
    OversightDesk* desk = m_session->oversight();
    desk->refreshCards();
    QTRY_VERIFY_WITH_TIMEOUT(!desk->busy() && desk->cards()->count() >= 2, 10000);
    QString clerkCard;
    for (int row = 0; row < desk->cards()->count(); ++row) {
        const QVariantMap card = desk->cards()->get(row);
        QCOMPARE(card.value(QStringLiteral("cardId")).toString().size(), 64);
        QVERIFY(!card.contains(QStringLiteral("certificate")));
        if (card.value(QStringLiteral("roles")).toStringList().contains(QStringLiteral("clerk")))
            clerkCard = card.value(QStringLiteral("cardId")).toString();
    }
    QVERIFY(!clerkCard.isEmpty());
    QSignalSpy revoked(desk, &OversightDesk::revoked);
    desk->revokeCard(clerkCard);
    QTRY_COMPARE_WITH_TIMEOUT(revoked.count(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!desk->busy(), 10000);
    bool sawRevoked = false;
    for (int row = 0; row < desk->cards()->count(); ++row) {
        const QVariantMap card = desk->cards()->get(row);
        if (card.value(QStringLiteral("cardId")).toString() == clerkCard)
            sawRevoked = card.value(QStringLiteral("revoked")).toBool();
    }
    QVERIFY(sawRevoked);
    // Malformed ids never reach the vault.
    desk->revokeCard(QStringLiteral("abc"));
    QCOMPARE(revoked.count(), 1);
}

void TestKioskOversight::chainAndDevice()
{
    OversightDesk* desk = m_session->oversight();
    desk->refreshDevice(); // also checks the chain
    QTRY_VERIFY_WITH_TIMEOUT(desk->chain().contains(QStringLiteral("clean")), 20000);
    QVERIFY(desk->chain().value(QStringLiteral("clean")).toBool());
    QVERIFY(desk->chain().value(QStringLiteral("entriesVerified")).toULongLong() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!desk->busy(), 10000);
    QCOMPARE(desk->device().value(QStringLiteral("deviceId")).toString(), QString::fromLatin1(KioskFixture::kDeviceId));
    QVERIFY(desk->device().value(QStringLiteral("vaultOpen")).toBool());
    QVERIFY(desk->device().contains(QStringLiteral("lastBackup")));
    // Alerts: the administrator's view of "alert" entries only.
    desk->alerts()->setAction(QStringLiteral("alert"));
    desk->alerts()->reload();
    QTRY_VERIFY_WITH_TIMEOUT(!desk->alerts()->loading(), 10000);
    for (int row = 0; row < desk->alerts()->count(); ++row)
        QCOMPARE(desk->alerts()->get(row).value(QStringLiteral("action")).toString(), QStringLiteral("alert"));
    QCOMPARE(desk->error(), 0);
}

void TestKioskOversight::workspacesOnlyOfHeldRoles()
{
    m_session->setWorkspace(QStringLiteral("admin"));
    QCOMPARE(m_session->workspace(), QStringLiteral("admin"));
    m_session->setWorkspace(QStringLiteral("clerk")); // not held: ignored
    QCOMPARE(m_session->workspace(), QStringLiteral("admin"));
    m_session->setWorkspace(QStringLiteral("officer"));
    QCOMPARE(m_session->workspace(), QStringLiteral("officer"));
}

void TestKioskOversight::cardRemovalClearsEverything()
{
    OversightDesk* desk = m_session->oversight();
    desk->log()->reload();
    QTRY_VERIFY_WITH_TIMEOUT(desk->log()->count() > 0, 10000);
    QElapsedTimer timer;
    timer.start();
    KioskFixture::removeCard();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::Standby, 2000);
    QVERIFY(timer.elapsed() <= 1000);
    QCOMPARE(desk->log()->count(), 0);
    QCOMPARE(desk->alerts()->count(), 0);
    QCOMPARE(desk->approvals()->count(), 0);
    QCOMPARE(desk->cards()->count(), 0);
    QVERIFY(desk->chain().isEmpty() && desk->device().isEmpty());
    QVERIFY(m_session->workspace().isEmpty());
}

QTEST_MAIN(TestKioskOversight)
#include "tst_kiosk_oversight.moc"

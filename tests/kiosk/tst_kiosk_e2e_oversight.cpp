// SPDX-License-Identifier: GPL-3.0-or-later
// End to end on Xvfb, the officer's and the administrator's screens (KioskE2eHarness, as
// tst_kiosk_e2e): the IC card's holder is an officer and an administrator (KioskFixture's
// cardRoles), a clerk's bulk export of 21 people waits for approval, and the log holds an alert
// (a number refused as already held by another person). Driven by keyboard:
// PIN → the officer's approvals (the request listed) → activity review (the log, filtered by
// person) → the administrator's operation log (the chain checked intact) → alerts → IC cards (every
// enrolled card) → the device's state → a card enrolled from its certificate file on the medium
// (file, holder, confirm, listed) → a backup to the same medium from the device tab → card out,
// locked. A screenshot of each (kiosk_e2e_2N_<screen>.png, kiosk_e2e_30_admin_backup.png), after
// checking that no visible text holds a 12-digit number.

#include "kiosk/client/audit_log_model.h"
#include "kiosk/client/backup_job.h"
#include "kiosk/client/oversight_desk.h"
#include "kiosk/client/record_list_model.h"
#include "kiosk/client/session.h"
#include "tests/kiosk/kiosk_e2e_harness.h"
#include "tests/support/test_card.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QQuickItem>
#include <QTemporaryDir>
#include <QTest>

using namespace mamori::ui;
using mamori::test::KioskE2eHarness;
using mamori::test::KioskFixture;

class TestKioskE2eOversight : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void officerAndAdministrator();

private:
    KioskE2eHarness m_harness;
};

void TestKioskE2eOversight::initTestCase()
{
    KioskFixture::Options options;
    options.cardRoles = {"officer", "admin"};
    options.pendingBulkExport = true;
    options.duplicateNumberAlert = true;
    m_harness.start(options);
}

void TestKioskE2eOversight::cleanupTestCase()
{
    qInfo("%lld screenshots in %s", static_cast<long long>(m_harness.shots().size()), MAMORI_TEST_OUTPUT_DIR);
    m_harness.stop();
}

void TestKioskE2eOversight::officerAndAdministrator()
{
    KioskE2eHarness& h = m_harness;
    h.signIn(false);
    if (QTest::currentTestFailed())
        return;
    Session* session = h.session();
    QCOMPARE(session->workspace(), QStringLiteral("officer"));
    OversightDesk* desk = session->oversight();

    // 20: approvals — the clerk's bulk export, with its Approve button.
    QTRY_VERIFY_WITH_TIMEOUT(h.item("officerLoader")->property("item").value<QObject*>() != nullptr, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(desk->approvals()->count(), 1, 10000);
    const QVariantMap request = desk->approvals()->get(0);
    QCOMPARE(request.value(QStringLiteral("kind")).toString(), QStringLiteral("export"));
    QCOMPARE(request.value(QStringLiteral("subjects")).toLongLong(), 21);
    QTRY_VERIFY_WITH_TIMEOUT(h.item("approveButton0") && h.item("approveButton0")->isVisible(), 5000);
    QCOMPARE(h.item("approvalList")->property("count").toInt(), 1);
    h.screenshot("20_officer_approvals");

    // 21: activity review — the log, with at least this officer's own sign-in.
    h.press("activityTab", Qt::Key_Space);
    QQuickItem* activity = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((activity = h.item("activityView")) && activity->isVisible(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(desk->log()->count() > 0 && !desk->log()->loading(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(h.item("auditList", activity)->property("count").toInt(), desk->log()->count(), 5000);
    QVERIFY(h.item("auditPersonFilter", activity)->isVisible());
    h.screenshot("21_officer_activity");

    // 22: the administrator's operation log, the chain checked.
    h.press("adminWorkspaceButton");
    QTRY_COMPARE_WITH_TIMEOUT(session->workspace(), QStringLiteral("admin"), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(h.item("adminLoader")->property("item").value<QObject*>() != nullptr, 10000);
    QQuickItem* logView = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((logView = h.item("adminLogView")) && logView->isVisible(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(desk->log()->count() > 0 && !desk->log()->loading(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(h.item("auditList", logView)->property("count").toInt(), desk->log()->count(), 5000);
    h.press("verifyChainButton");
    QTRY_VERIFY_WITH_TIMEOUT(desk->chain().value(QStringLiteral("clean")).toBool(), 20000);
    const QString verified = desk->chain().value(QStringLiteral("entriesVerified")).toString();
    QVERIFY(verified.toLongLong() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(h.text("chainStatus").contains(verified), 5000);
    h.screenshot("22_admin_log");

    // 23: alerts — the view of the log's alert entries, its count in the tab's title.
    h.press("alertsTab", Qt::Key_Space);
    QQuickItem* alerts = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((alerts = h.item("alertView")) && alerts->isVisible(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(desk->alerts()->count(), 1, 10000);
    const QVariantMap alert = desk->alerts()->get(0);
    QCOMPARE(alert.value(QStringLiteral("action")).toString(), QStringLiteral("alert"));
    QCOMPARE(alert.value(QStringLiteral("detail")).toString(), QStringLiteral("duplicate number refused"));
    QTRY_COMPARE_WITH_TIMEOUT(h.item("auditList", alerts)->property("count").toInt(), 1, 5000);
    QVERIFY(h.text("alertsTab").contains(QString::number(desk->alerts()->count())));
    h.screenshot("23_admin_alerts");

    // 24: IC cards — the clerk's, this holder's and the officer's, none revoked.
    h.press("cardsTab", Qt::Key_Space);
    QTRY_VERIFY_WITH_TIMEOUT(h.item("cardsPage") && h.item("cardsPage")->isVisible(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(desk->cards()->count(), 3, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(h.item("cardList")->property("count").toInt(), 3, 5000);
    for (int row = 0; row < desk->cards()->count(); ++row)
        QVERIFY(!desk->cards()->get(row).value(QStringLiteral("revoked")).toBool());
    QVERIFY(h.item("revokeButton0")->isVisible());
    h.screenshot("24_admin_cards");

    // 25: the device — its id and the TPM-unsealed key.
    h.press("deviceTab", Qt::Key_Space);
    QTRY_VERIFY_WITH_TIMEOUT(h.item("devicePage") && h.item("devicePage")->isVisible(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(desk->device().value(QStringLiteral("deviceId")).toString(),
                              QString::fromLatin1(KioskFixture::kDeviceId), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(h.visibleTexts().contains(QString::fromLatin1(KioskFixture::kDeviceId)), 5000);
    h.screenshot("25_admin_device");

    // 26-29: a new officer's card enrolled from its certificate on the medium (DER), by keyboard.
    const mamori::test::TestCard newCard(mamori::test::TestCard::Kind::EcP256, "Mamori e2e new officer");
    QTemporaryDir medium;
    QVERIFY(medium.isValid());
    {
        QFile file(QDir(medium.path()).filePath(QStringLiteral("new_officer.der")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        const auto& der = newCard.certificateDer();
        file.write(reinterpret_cast<const char*>(der.data()), static_cast<qint64>(der.size()));
    }
    session->desk()->setMediaDirectory(medium.path());
    h.press("cardsTab", Qt::Key_Space);
    h.press("enrolCardButton");
    QTRY_VERIFY_WITH_TIMEOUT(h.item("enrolPossessionWarning") && h.item("enrolPossessionWarning")->isVisible(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(h.item("certificateFile_0") && h.item("certificateFile_0")->isVisible(), 5000);
    h.screenshot("26_admin_enrol_file");
    h.press("certificateFile_0");
    QTRY_VERIFY_WITH_TIMEOUT(h.item("enrolCardId") && h.item("enrolCardId")->isVisible(), 5000);
    QVERIFY(h.text("enrolCardId").contains(QString::fromStdString(newCard.cardId()).left(8)));
    QTRY_VERIFY_WITH_TIMEOUT(h.item("enrolNameField") && h.item("enrolNameField")->hasActiveFocus(), 5000);
    QVERIFY(h.visibleTexts().contains(QStringLiteral("Mamori e2e new officer"))); // the CN, as the name
    h.press("enrolRole_officer", Qt::Key_Space);
    h.press("enrolDepartment_0", Qt::Key_Space);
    h.screenshot("27_admin_enrol_holder");
    h.press("enrolNext");
    QTRY_VERIFY_WITH_TIMEOUT(h.item("enrolSummary") && h.item("enrolSummary")->isVisible(), 5000);
    h.screenshot("28_admin_enrol_confirm");
    h.press("enrolConfirm");
    QTRY_COMPARE_WITH_TIMEOUT(desk->cards()->count(), 4, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(h.item("cardList") && h.item("cardList")->isVisible(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(h.item("cardList")->property("count").toInt(), 4, 5000);
    bool listed = false;
    for (int row = 0; row < desk->cards()->count(); ++row) {
        const QVariantMap card = desk->cards()->get(row);
        if (card.value(QStringLiteral("cardId")).toString() == QString::fromStdString(newCard.cardId()))
            listed = card.value(QStringLiteral("roles")).toStringList() == QStringList{QStringLiteral("officer")} &&
                     card.value(QStringLiteral("displayName")).toString() == QStringLiteral("Mamori e2e new officer");
    }
    QVERIFY(listed);
    QCOMPARE(desk->enrolError(), 0);
    h.screenshot("29_admin_enrol_done");

    // 30: a backup to the same medium from the device tab, by keyboard; the result within 1366x768.
    h.press("deviceTab", Qt::Key_Space);
    QTRY_VERIFY_WITH_TIMEOUT(h.item("backupButton") && h.item("backupButton")->isVisible(), 5000);
    h.press("backupButton");
    QTRY_COMPARE_WITH_TIMEOUT(desk->backup()->state(), BackupJob::State::Done, 60000);
    const QString backupFile = desk->backup()->fileName();
    QVERIFY(QFileInfo(QDir(medium.path()).filePath(backupFile)).isFile());
    QTRY_VERIFY_WITH_TIMEOUT(h.text("backupStatus").contains(backupFile), 5000);
    QQuickItem* backupBox = h.item("backupBox");
    QVERIFY(backupBox->mapToScene(QPointF(0, backupBox->height())).y() <= 768);
    h.screenshot("30_admin_backup");

    // The card out: locked, every model empty.
    KioskFixture::removeCard();
    QTRY_COMPARE_WITH_TIMEOUT(session->state(), Session::State::Standby, 1000);
    QCOMPARE(desk->approvals()->count(), 0);
    QCOMPARE(desk->log()->count(), 0);
    QCOMPARE(desk->cards()->count(), 0);
    QVERIFY(h.item("adminLoader")->property("item").value<QObject*>() == nullptr);
}

int main(int argc, char** argv)
{
    TestKioskE2eOversight test;
    return KioskE2eHarness::run(argc, argv, test);
}

#include "tst_kiosk_e2e_oversight.moc"

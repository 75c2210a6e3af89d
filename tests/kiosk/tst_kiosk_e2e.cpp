// SPDX-License-Identifier: GPL-3.0-or-later
// End to end on a real X server: Xvfb (1366x768, the terminal's screen), the kiosk's own Main.qml
// full screen with the product's VaultClient, Pkcs11CardReader and Session, against the real swtpm,
// vault daemon, private dbus-daemon and a SoftHSM2 card (KioskFixture; KioskE2eHarness). Driven by
// keyboard as a clerk would:
//   1. insert card → PIN → purpose → register an employee → set the number → add a dependent →
//      reveal (PIN again) → masked again → remove card → locked, every model empty;
//   2. the clerk's later pages: change a person's details (left the company), record a document,
//      the CSV import's preview and its refusal (from a medium directory, as --media-dir gives it),
//      the hand-over page (selection, destination, export to the medium with the card's step-up)
//      and the disposal due list.
// A screenshot of each screen is taken from outside with `xwd -root | convert` into the build
// directory (kiosk_e2e_NN_<screen>.png) and checked not to be blank, after checking that no visible
// text holds a 12-digit number. No screenshot is taken while a number is revealed: a picture is
// test output too. The officer's and administrator's screens: tst_kiosk_e2e_oversight.
//
// The app runs in this process (so the test reaches the card seam and the scene); mamori-kiosk
// itself on Xvfb is tst_kiosk_xvfb. Needs xvfb, x11-apps (xwd), imagemagick (convert), and
// everything KioskFixture needs; fails naming the Debian package when a tool is missing.

#include "kiosk/client/clerk_desk.h"
#include "kiosk/client/due_list_model.h"
#include "kiosk/client/export_job.h"
#include "kiosk/client/import_issue_model.h"
#include "kiosk/client/import_job.h"
#include "kiosk/client/import_preview_model.h"
#include "kiosk/client/session.h"
#include "kiosk/client/subject_detail.h"
#include "kiosk/client/subject_list_model.h"
#include "tests/kiosk/kiosk_e2e_harness.h"

#include <QClipboard>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

using namespace mamori::ui;
using mamori::test::KioskE2eHarness;
using mamori::test::KioskFixture;

class TestKioskE2e : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void clerkSessionEndToEnd();
    void clerkPagesEndToEnd();

private:
    KioskE2eHarness m_harness;
};

void TestKioskE2e::initTestCase() { m_harness.start(KioskFixture::Options{}); }

void TestKioskE2e::cleanupTestCase()
{
    qInfo("%lld screenshots in %s", static_cast<long long>(m_harness.shots().size()), MAMORI_TEST_OUTPUT_DIR);
    m_harness.stop();
}

void TestKioskE2e::clerkSessionEndToEnd()
{
    KioskE2eHarness& h = m_harness;
    QCOMPARE(h.session()->state(), Session::State::Standby);
    QVERIFY(h.item("standbyScreen")->isVisible());
    h.screenshot("01_standby");

    // Insert the card: its certificate is read, the vault knows it, the PIN is asked.
    KioskFixture::insertCard();
    QTRY_COMPARE_WITH_TIMEOUT(h.session()->state(), Session::State::PinEntry, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(h.item("pinInput") && h.item("pinInput")->hasActiveFocus(), 10000);
    h.screenshot("02_pin");
    h.type(KioskFixture::kPin);
    QTest::keyClick(h.window(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(h.session()->state(), Session::State::ChoosePurpose, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(h.item("purpose_withholding") && h.item("purpose_withholding")->hasActiveFocus(), 10000);
    h.screenshot("03_purpose");
    QTest::keyClick(h.window(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(h.session()->state(), Session::State::Ready, 10000);
    ClerkDesk* desk = h.session()->desk();
    QTRY_COMPARE_WITH_TIMEOUT(desk->subjects()->count(), KioskFixture::kEmployees, 10000);
    h.screenshot("04_subject_list");

    // Register an employee (name typed in Japanese through the field's text, code by keys).
    h.press("registerEmployeeButton");
    QTRY_VERIFY_WITH_TIMEOUT(h.item("nameField") && h.item("nameField")->isVisible(), 10000);
    h.item("nameField")->setProperty("text", QStringLiteral("端末 花子"));
    h.item("kanaField")->setProperty("text", QStringLiteral("タンマツ ハナコ"));
    h.item("birthDateField")->setProperty("text", QStringLiteral("1991-07-07"));
    qobject_cast<QQuickItem*>(h.item("codeField")->property("field").value<QObject*>())->forceActiveFocus();
    h.type("E950");
    h.screenshot("05_register_employee");
    h.press("registerSubmit");
    SubjectDetail* detail = desk->detail();
    QTRY_VERIFY_WITH_TIMEOUT(detail->loaded() && detail->code() == QLatin1String("E950"), 10000);
    QCOMPARE(desk->error(), 0);
    QCOMPARE(detail->purposes(), QStringList{QStringLiteral("withholding")});
    const QString employee = detail->subjectId();
    h.screenshot("06_employee_detail");

    // The number, typed digit by digit into the masked field, checked live, saved.
    h.press("setNumberButton");
    QTRY_VERIFY_WITH_TIMEOUT(h.item("numberField") && h.item("numberField")->isVisible(), 10000);
    qobject_cast<QQuickItem*>(h.item("numberField")->property("field").value<QObject*>())->forceActiveFocus();
    h.type("111222333446");
    QTRY_VERIFY_WITH_TIMEOUT(h.item("numberSubmit")->isEnabled(), 5000);
    h.screenshot("07_set_number");
    QTest::keyClick(h.window(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(detail->hasNumber(), 10000);
    QCOMPARE(desk->error(), 0);
    QCOMPARE(detail->numberText(), SubjectDetail::kMask);

    // A dependent of this employee.
    h.press("addDependentButton");
    QTRY_VERIFY_WITH_TIMEOUT(h.item("nameField") && h.item("nameField")->isVisible(), 10000);
    h.item("nameField")->setProperty("text", QStringLiteral("端末 一郎"));
    h.screenshot("08_register_dependent");
    h.press("registerSubmit");
    QTRY_COMPARE_WITH_TIMEOUT(detail->dependents()->rowCount(), 1, 10000);
    QCOMPARE(detail->subjectId(), employee);
    QCOMPARE(detail->dependents()->index(0).data(SubjectListModel::CodeRole).toString(), QStringLiteral("E950-1"));
    h.screenshot("09_employee_with_dependent");

    // Reveal: the PIN again, the digits for a moment, then the mask by itself.
    detail->setRevealSeconds(2);
    h.press("revealButton");
    QTRY_VERIFY_WITH_TIMEOUT(h.session()->stepUpPending(), 5000);
    QObject* stepUpField = h.item("stepUpPinField")->property("field").value<QObject*>();
    QTRY_VERIFY_WITH_TIMEOUT(h.window()->activeFocusItem() && h.window()->activeFocusItem() == stepUpField, 5000);
    h.screenshot("10_step_up");
    h.type(KioskFixture::kPin);
    QTest::keyClick(h.window(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(detail->revealed(), 10000);
    QVERIFY(h.item("numberText")->property("text").toString() == QStringLiteral("1112-2233-3446")); // never printed
    // The check every screenshot makes sees it (and names no digits): the guard is not blind.
    QVERIFY(!h.numberShown().isEmpty());
    // Copying is not possible: the number is plain text, and a copy shortcut puts nothing on the clipboard.
    QTest::keyClick(h.window(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(h.window(), Qt::Key_C, Qt::ControlModifier);
    QTest::qWait(100);
    QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!detail->revealed(), 5000);
    QCOMPARE(h.item("numberText")->property("text").toString(), SubjectDetail::kMask);
    h.screenshot("11_masked_again");

    // Pull the card: locked at once, nothing left.
    QElapsedTimer clock;
    clock.start();
    KioskFixture::removeCard();
    QTRY_COMPARE_WITH_TIMEOUT(h.session()->state(), Session::State::Standby, 1000);
    QVERIFY2(clock.elapsed() <= 1000, "the lock took longer than 1 s");
    QCOMPARE(desk->subjects()->rowCount(), 0);
    QCOMPARE(detail->dependents()->rowCount(), 0);
    QCOMPARE(detail->verifications()->rowCount(), 0);
    QVERIFY(!detail->loaded());
    QVERIFY(detail->name().isEmpty());
    QVERIFY(h.item("clerkLoader")->property("item").value<QObject*>() == nullptr);
    QVERIFY(h.item("standbyScreen")->isVisible());
    h.screenshot("12_locked");
}

namespace {

// The text input inside a KioskField.
QQuickItem* fieldOf(QQuickItem* kioskField)
{
    return kioskField ? qobject_cast<QQuickItem*>(kioskField->property("field").value<QObject*>()) : nullptr;
}

} // namespace

// The clerk's later pages, each on screen with something meaningful checked on it, by keyboard:
// E124 found by typing in the search box, marked as having left (status and date), a document
// recorded for it; the CSV import's masked preview and its all-or-nothing refusal; two people
// handed over to the USB medium with the card's step-up; the due list, where E124's document keeps
// its number from disposal. The medium is a directory, as --media-dir gives it to the app.
void TestKioskE2e::clerkPagesEndToEnd()
{
    KioskE2eHarness& h = m_harness;
    QTemporaryDir medium;
    QVERIFY(medium.isValid());
    const QString csv = QStringLiteral("payroll_with_issues.csv"); // synthetic numbers
    QVERIFY(QFile::copy(QStringLiteral(MAMORI_TEST_DATA_DIR "/media/") + csv, medium.filePath(csv)));
    ClerkDesk* desk = h.session()->desk();
    desk->setMediaDirectory(medium.path());
    h.signIn(true);
    if (QTest::currentTestFailed())
        return;
    SubjectListModel* subjects = desk->subjects();
    QTRY_VERIFY_WITH_TIMEOUT(subjects->count() > 1, 10000);

    // Search by typing, then Down to the list and Enter.
    QQuickItem* search = fieldOf(h.item("searchField"));
    QVERIFY(search);
    search->forceActiveFocus();
    h.type("E124");
    QTRY_VERIFY_WITH_TIMEOUT(subjects->count() == 1 && subjects->index(0).data(SubjectListModel::CodeRole).toString() ==
                                                           QLatin1String("E124"),
                             10000);
    QQuickItem* list = h.item("subjectList");
    list->forceActiveFocus();
    list->setProperty("currentIndex", 0);
    QTest::keyClick(h.window(), Qt::Key_Return);
    SubjectDetail* detail = desk->detail();
    QTRY_VERIFY_WITH_TIMEOUT(detail->loaded() && detail->code() == QLatin1String("E124"), 10000);
    const QString leaver = detail->subjectId();

    // 13: change the details — left the company at the end of March 2020 (the status by keyboard).
    h.press("editButton");
    QTRY_VERIFY_WITH_TIMEOUT(h.item("editTitle") && h.item("editTitle")->isVisible(), 10000);
    QCOMPARE(h.item("editNameField")->property("text").toString(), QStringLiteral("試験 24"));
    QCOMPARE(h.item("editNameField")->property("text").toString(), detail->name());
    QQuickItem* status = h.item("editStatusBox");
    status->forceActiveFocus();
    QTest::keyClick(h.window(), Qt::Key_Down);
    QTRY_COMPARE_WITH_TIMEOUT(status->property("currentValue").toString(), QStringLiteral("left"), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(h.item("editStatusDateField")->isVisible(), 5000);
    QVERIFY(h.item("editStatusDateHint")->isVisible()); // the date decides the disposal: asked for
    QVERIFY(!h.item("editSubmit")->isEnabled());
    fieldOf(h.item("editStatusDateField"))->forceActiveFocus();
    h.type("2020-03-31");
    QTRY_VERIFY_WITH_TIMEOUT(h.item("editSubmit")->isEnabled(), 5000);
    QVERIFY(!h.item("editStatusDateHint")->isVisible());
    h.screenshot("13_edit_subject");
    h.press("editSubmit");
    QTRY_COMPARE_WITH_TIMEOUT(detail->status(), QStringLiteral("left"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!h.item("editTitle"), 10000); // back on the detail
    QCOMPARE(desk->error(), 0);

    // 14: record a document — the dependents' declaration (the first rule offered) for tax year 2025,
    // which the law keeps for years yet.
    h.press("addDocumentButton");
    QTRY_VERIFY_WITH_TIMEOUT(h.item("documentTitle") && h.item("documentTitle")->isVisible(), 10000);
    QCOMPARE(h.item("documentRuleBox")->property("count").toInt(), ClerkDesk::retentionRules().size());
    QCOMPARE(h.item("documentRuleBox")->property("currentValue").toString(), QStringLiteral("fuyo_kojo_shinkokusho"));
    fieldOf(h.item("documentYearField"))->forceActiveFocus();
    h.type("2025");
    QTRY_VERIFY_WITH_TIMEOUT(h.item("documentSubmit")->isEnabled(), 5000);
    h.screenshot("14_document");
    h.press("documentSubmit");
    QTRY_COMPARE_WITH_TIMEOUT(detail->documents()->rowCount(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!h.item("documentTitle"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(h.item("documentRecord0") && h.item("documentRecord0")->isVisible(), 5000);
    h.press("backButton");
    QTRY_VERIFY_WITH_TIMEOUT(h.item("importButton") && h.item("importButton")->isVisible(), 10000);

    // 15, 16: the CSV import — the preview with the number column masked, then the vault's refusal.
    h.press("importButton");
    ImportJob* importer = desk->importer();
    QTRY_VERIFY_WITH_TIMEOUT(importer->files().contains(csv), 5000);
    const QByteArray fileButton = "importFile_" + QByteArray::number(importer->files().indexOf(csv));
    h.press(fileButton.constData());
    QTRY_COMPARE_WITH_TIMEOUT(importer->state(), ImportJob::State::Previewed, 5000);
    QVERIFY(h.item("importPreview")->isVisible());
    QCOMPARE(importer->preview()->count(), 3);
    QCOMPARE(importer->preview()->maskedColumns().size(), 1);
    QCOMPARE(h.item("importPreviewRows")->property("count").toInt(), 3);
    QVERIFY(h.text("importFileInfo").contains(csv));
    h.screenshot("15_import_preview");
    h.press("importStart");
    QTRY_COMPARE_WITH_TIMEOUT(importer->state(), ImportJob::State::Refused, 20000);
    QCOMPARE(importer->issues()->rowsWithIssues(), 2);
    QCOMPARE(importer->imported(), qlonglong{0});
    QTRY_VERIFY_WITH_TIMEOUT(h.item("importIssues")->isVisible(), 5000);
    QVERIFY(h.text("importIssueText0").contains(QStringLiteral("E0")));
    h.screenshot("16_import_issues");
    h.press("importReset");
    QTRY_COMPARE_WITH_TIMEOUT(importer->state(), ImportJob::State::Idle, 5000);
    h.press("importBack");
    QTRY_VERIFY_WITH_TIMEOUT(!h.item("importTitle"), 5000);

    // 17, 18: hand-over — everyone shown again, two people marked with Space, the USB medium
    // chosen, then the export with the PIN again; the file lands on the medium.
    h.item("searchField")->setProperty("text", QString());
    QTRY_VERIFY_WITH_TIMEOUT(subjects->count() > 2, 10000);
    h.press("selectModeButton");
    list->forceActiveFocus();
    list->setProperty("currentIndex", 1);
    QTest::keyClick(h.window(), Qt::Key_Space);
    QTest::keyClick(h.window(), Qt::Key_Down);
    QTest::keyClick(h.window(), Qt::Key_Space);
    QTRY_COMPARE_WITH_TIMEOUT(subjects->selectedCount(), 2, 5000);
    h.press("exportSelectedButton");
    ExportJob* exporter = desk->exporter();
    QTRY_VERIFY_WITH_TIMEOUT(h.item("exportTitle") && h.item("exportTitle")->isVisible(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(h.item("destination_usb"), 10000);
    h.press("destination_usb", Qt::Key_Space);
    QTRY_COMPARE_WITH_TIMEOUT(exporter->destination(), QString::fromLatin1(KioskFixture::kMedium), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(exporter->problem(), ExportJob::Problem::None, 5000);
    QCOMPARE(exporter->subjectCount(), 2);
    QVERIFY(!exporter->needsApproval());
    QVERIFY(h.text("exportCount").contains(QLatin1Char('2')));
    h.screenshot("17_export");
    h.press("exportStart");
    QTRY_VERIFY_WITH_TIMEOUT(h.session()->stepUpPending(), 5000);
    QObject* stepUpField = h.item("stepUpPinField")->property("field").value<QObject*>();
    QTRY_VERIFY_WITH_TIMEOUT(h.window()->activeFocusItem() && h.window()->activeFocusItem() == stepUpField, 5000);
    h.type(KioskFixture::kPin);
    QTest::keyClick(h.window(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(exporter->state(), ExportJob::State::Done, 20000);
    QCOMPARE(exporter->resultSubjects(), qlonglong{2});
    QVERIFY(!exporter->resultFile().isEmpty());
    QVERIFY(QFile::exists(QDir(medium.path()).filePath(exporter->resultFile())));
    QTRY_VERIFY_WITH_TIMEOUT(h.item("exportOutcome") && h.item("exportOutcome")->isVisible(), 5000);
    h.screenshot("18_export_done");
    h.press("exportBack");
    QTRY_VERIFY_WITH_TIMEOUT(!h.item("exportTitle"), 5000);
    h.press("selectModeButton"); // done selecting: the list's other buttons come back

    // 19: the due list — E124 left in 2020, but the document recorded above keeps its number.
    h.press("dueListButton");
    DueListModel* due = desk->dueList();
    QTRY_VERIFY_WITH_TIMEOUT(due->rowOf(leaver) >= 0, 10000);
    const QModelIndex row = due->index(due->rowOf(leaver));
    QCOMPARE(row.data(DueListModel::CodeRole).toString(), QStringLiteral("E124"));
    QCOMPARE(row.data(DueListModel::BlockedByRole).toString(), QStringLiteral("document_retained"));
    QTRY_VERIFY_WITH_TIMEOUT(h.item("dueRows") && h.item("dueRows")->property("count").toInt() == due->count(), 5000);
    h.screenshot("19_due_list");
    h.press("dueBack");

    // Sign out, then the card out: standby, nothing kept.
    h.press("logoutButton");
    QTRY_COMPARE_WITH_TIMEOUT(h.session()->state(), Session::State::PinEntry, 10000);
    KioskFixture::removeCard();
    QTRY_COMPARE_WITH_TIMEOUT(h.session()->state(), Session::State::Standby, 2000);
    QCOMPARE(due->rowCount(), 0);
    QCOMPARE(subjects->rowCount(), 0);
}

int main(int argc, char** argv)
{
    TestKioskE2e test;
    return KioskE2eHarness::run(argc, argv, test);
}

#include "tst_kiosk_e2e.moc"

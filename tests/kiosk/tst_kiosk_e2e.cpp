// SPDX-License-Identifier: GPL-3.0-or-later
// End to end on a real X server: Xvfb (1366x768, the terminal's screen), the kiosk's own Main.qml
// full screen with the product's VaultClient, Pkcs11CardReader and Session, against the real swtpm,
// vault daemon, private dbus-daemon and a SoftHSM2 card (KioskFixture). Driven by keyboard as a
// clerk would: insert card → PIN → purpose → register an employee → set the number → add a
// dependent → reveal (PIN again) → masked again → remove card → locked, every model empty.
// A screenshot of each screen is taken from outside with `xwd -root | convert` into the build
// directory (kiosk_e2e_NN_<screen>.png) and checked not to be blank. No screenshot is taken while a
// number is revealed: a picture is test output too.
//
// The app runs in this process (so the test reaches the card seam and the scene); mamori-kiosk
// itself on Xvfb is tst_kiosk_xvfb. Needs xvfb, x11-apps (xwd), imagemagick (convert), and
// everything KioskFixture needs; fails naming the Debian package when a tool is missing.

#include "kiosk/client/pkcs11_card_reader.h"
#include "kiosk/client/session.h"
#include "kiosk/client/vault_client.h"
#include "kiosk/ui/qml_types.h"
#include "tests/kiosk/kiosk_fixture.h"

#include <QClipboard>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

Q_IMPORT_QML_PLUGIN(Mamori_KioskPlugin)

using namespace mamori::ui;
using mamori::test::KioskFixture;

namespace {

pid_t g_xvfb = -1;
int g_display = -1;

// Starts Xvfb on the first free display from :60 (as tst_kiosk_xvfb does), dying with this process;
// ready when its socket exists.
bool startXvfb(std::string& why)
{
    const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
    if (xvfb.isEmpty()) {
        why = "Xvfb is missing (Debian package xvfb)";
        return false;
    }
    const std::string program = xvfb.toStdString();
    for (int display = 60; display <= 160; ++display) {
        const std::string socket = "/tmp/.X11-unix/X" + std::to_string(display);
        const std::string lock = "/tmp/.X" + std::to_string(display) + "-lock";
        if (::access(socket.c_str(), F_OK) == 0 || ::access(lock.c_str(), F_OK) == 0)
            continue;
        const std::string name = ":" + std::to_string(display);
        const pid_t pid = ::fork();
        if (pid < 0)
            break;
        if (pid == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            ::execl(program.c_str(), program.c_str(), name.c_str(), "-screen", "0", "1366x768x24", "-nolisten", "tcp",
                    "-noreset", static_cast<char*>(nullptr));
            ::_exit(127);
        }
        for (int waited = 0; waited < 200; ++waited) { // 20 s
            if (::access(socket.c_str(), F_OK) == 0) {
                g_xvfb = pid;
                g_display = display;
                return true;
            }
            int status = 0;
            if (::waitpid(pid, &status, WNOHANG) == pid)
                break; // another server took the number first: try the next
            ::usleep(100 * 1000);
        }
        if (g_xvfb < 0 && ::waitpid(pid, nullptr, WNOHANG) == 0) {
            ::kill(pid, SIGTERM);
            ::waitpid(pid, nullptr, 0);
            why = "Xvfb did not create its socket within 20 s";
            return false;
        }
    }
    why = "no free X display between :60 and :160";
    return false;
}

// Types ASCII text into the window's focused item, key by key (QTest::keyClicks is for widgets).
void typeText(QWindow* window, const char* text)
{
    for (const char* c = text; *c; ++c)
        QTest::keyClick(window, *c);
}

void stopXvfb()
{
    if (g_xvfb > 0) {
        ::kill(g_xvfb, SIGTERM);
        ::waitpid(g_xvfb, nullptr, 0);
        g_xvfb = -1;
    }
}

} // namespace

class TestKioskE2e : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void clerkSessionEndToEnd();

private:
    QQuickItem* item(const char* objectName) const;
    // Focus the button with the keyboard and press Enter.
    void press(const char* objectName);
    void screenshot(const char* name);

    KioskFixture m_fixture;
    std::unique_ptr<VaultClient> m_vault;
    std::unique_ptr<Pkcs11CardReader> m_reader;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow* m_window = nullptr;
    QString m_xwd, m_convert;
    QStringList m_shots;
};

void TestKioskE2e::initTestCase()
{
    m_xwd = QStandardPaths::findExecutable(QStringLiteral("xwd"));
    m_convert = QStandardPaths::findExecutable(QStringLiteral("convert"));
    QVERIFY2(!m_xwd.isEmpty(), "xwd is missing (Debian package x11-apps)");
    QVERIFY2(!m_convert.isEmpty(), "convert is missing (Debian package imagemagick)");
    const mamori::Status started = m_fixture.start();
    QVERIFY2(started.ok(), started.ok() ? "" : started.error().describe().c_str());

    m_vault = std::make_unique<VaultClient>(m_fixture.connect(QStringLiteral("kiosk-e2e")));
    m_reader = std::make_unique<Pkcs11CardReader>(m_fixture.cardModule());
    m_session = std::make_unique<Session>(m_vault.get(), m_reader.get());
    installSession(m_session.get());
    m_session->start();

    m_engine = std::make_unique<QQmlApplicationEngine>();
    m_engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
    m_engine->setInitialProperties(
        {{QStringLiteral("deviceName"), QStringLiteral("E2E terminal")}, {QStringLiteral("fullScreen"), true}});
    m_engine->load(QUrl(QStringLiteral("qrc:/qt/qml/Mamori/Kiosk/Main.qml")));
    QCOMPARE(m_engine->rootObjects().size(), 1);
    m_window = qobject_cast<QQuickWindow*>(m_engine->rootObjects().constFirst());
    QVERIFY(m_window);
    // A fresh machine builds the CJK font cache on the first frame: be patient.
    QVERIFY(QTest::qWaitForWindowExposed(m_window, 120000));
    m_window->requestActivate();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->isActive(), 10000);
}

void TestKioskE2e::cleanupTestCase()
{
    m_engine.reset();
    installSession(nullptr);
    m_session.reset();
    m_reader.reset();
    m_vault.reset();
}

// Searches the scene's items, not only QObject children: a Repeater's delegates are visual children
// of their parent item without being its QObject children.
QQuickItem* TestKioskE2e::item(const char* objectName) const
{
    const QString name = QLatin1String(objectName);
    QList<QQuickItem*> queue{m_window->contentItem()};
    while (!queue.isEmpty()) {
        QQuickItem* candidate = queue.takeFirst();
        if (candidate->objectName() == name)
            return candidate;
        queue.append(candidate->childItems());
    }
    return m_window->findChild<QQuickItem*>(name);
}

void TestKioskE2e::press(const char* objectName)
{
    QQuickItem* button = nullptr;
    QTRY_VERIFY2_WITH_TIMEOUT((button = item(objectName)) && button->isVisible() && button->isEnabled(), objectName,
                              10000);
    button->forceActiveFocus();
    QVERIFY2(button->hasActiveFocus(), objectName);
    QTest::keyClick(m_window, Qt::Key_Return);
}

void TestKioskE2e::screenshot(const char* name)
{
    // Let the scene settle (animations, the next frame) before the picture.
    QTest::qWait(400);
    const QString path = QStringLiteral(MAMORI_TEST_OUTPUT_DIR "/kiosk_e2e_%1.png").arg(QLatin1String(name));
    QFile::remove(path);
    QProcess xwd;
    QProcess convert;
    xwd.setStandardOutputProcess(&convert);
    xwd.start(m_xwd, {QStringLiteral("-root"), QStringLiteral("-silent"), QStringLiteral("-display"),
                      QStringLiteral(":%1").arg(g_display)});
    convert.start(m_convert, {QStringLiteral("xwd:-"), path});
    // The X server answers xwd only while this process's event loop runs (it is the server's client too).
    QTRY_VERIFY_WITH_TIMEOUT(xwd.state() == QProcess::NotRunning && convert.state() == QProcess::NotRunning, 30000);
    QCOMPARE(xwd.exitCode(), 0);
    QCOMPARE(convert.exitCode(), 0);
    QProcess info;
    info.start(m_convert, {path, QStringLiteral("-format"), QStringLiteral("%w %h %[fx:standard_deviation]"),
                           QStringLiteral("info:")});
    QVERIFY(info.waitForFinished(30000));
    const QStringList parts = QString::fromUtf8(info.readAll()).trimmed().split(QLatin1Char(' '));
    QCOMPARE(parts.size(), 3);
    QCOMPARE(parts.at(0), QStringLiteral("1366"));
    QCOMPARE(parts.at(1), QStringLiteral("768"));
    QVERIFY2(parts.at(2).toDouble() > 0.01, qPrintable(QStringLiteral("%1 looks blank").arg(path)));
    m_shots << path;
}

void TestKioskE2e::clerkSessionEndToEnd()
{
    QCOMPARE(m_session->state(), Session::State::Standby);
    QVERIFY(item("standbyScreen")->isVisible());
    screenshot("01_standby");

    // Insert the card: its certificate is read, the vault knows it, the PIN is asked.
    KioskFixture::insertCard();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::PinEntry, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(item("pinInput") && item("pinInput")->hasActiveFocus(), 10000);
    screenshot("02_pin");
    typeText(m_window, KioskFixture::kPin);
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::ChoosePurpose, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(item("purpose_withholding") && item("purpose_withholding")->hasActiveFocus(), 10000);
    screenshot("03_purpose");
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::Ready, 10000);
    ClerkDesk* desk = m_session->desk();
    QTRY_COMPARE_WITH_TIMEOUT(desk->subjects()->count(), KioskFixture::kEmployees, 10000);
    screenshot("04_subject_list");

    // Register an employee (name typed in Japanese through the field's text, code by keys).
    press("registerEmployeeButton");
    QTRY_VERIFY_WITH_TIMEOUT(item("nameField") && item("nameField")->isVisible(), 10000);
    item("nameField")->setProperty("text", QStringLiteral("端末 花子"));
    item("kanaField")->setProperty("text", QStringLiteral("タンマツ ハナコ"));
    item("birthDateField")->setProperty("text", QStringLiteral("1991-07-07"));
    qobject_cast<QQuickItem*>(item("codeField")->property("field").value<QObject*>())->forceActiveFocus();
    typeText(m_window, "E950");
    screenshot("05_register_employee");
    press("registerSubmit");
    SubjectDetail* detail = desk->detail();
    QTRY_VERIFY_WITH_TIMEOUT(detail->loaded() && detail->code() == QLatin1String("E950"), 10000);
    QCOMPARE(desk->error(), 0);
    QCOMPARE(detail->purposes(), QStringList{QStringLiteral("withholding")});
    const QString employee = detail->subjectId();
    screenshot("06_employee_detail");

    // The number, typed digit by digit into the masked field, checked live, saved.
    press("setNumberButton");
    QTRY_VERIFY_WITH_TIMEOUT(item("numberField") && item("numberField")->isVisible(), 10000);
    qobject_cast<QQuickItem*>(item("numberField")->property("field").value<QObject*>())->forceActiveFocus();
    typeText(m_window, "111222333446");
    QTRY_VERIFY_WITH_TIMEOUT(item("numberSubmit")->isEnabled(), 5000);
    screenshot("07_set_number");
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(detail->hasNumber(), 10000);
    QCOMPARE(desk->error(), 0);
    QCOMPARE(detail->numberText(), SubjectDetail::kMask);

    // A dependent of this employee.
    press("addDependentButton");
    QTRY_VERIFY_WITH_TIMEOUT(item("nameField") && item("nameField")->isVisible(), 10000);
    item("nameField")->setProperty("text", QStringLiteral("端末 一郎"));
    screenshot("08_register_dependent");
    press("registerSubmit");
    QTRY_COMPARE_WITH_TIMEOUT(detail->dependents()->rowCount(), 1, 10000);
    QCOMPARE(detail->subjectId(), employee);
    QCOMPARE(detail->dependents()->index(0).data(SubjectListModel::CodeRole).toString(), QStringLiteral("E950-1"));
    screenshot("09_employee_with_dependent");

    // Reveal: the PIN again, the digits for a moment, then the mask by itself.
    detail->setRevealSeconds(2);
    press("revealButton");
    QTRY_VERIFY_WITH_TIMEOUT(m_session->stepUpPending(), 5000);
    QObject* stepUpField = item("stepUpPinField")->property("field").value<QObject*>();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->activeFocusItem() && m_window->activeFocusItem() == stepUpField, 5000);
    screenshot("10_step_up");
    typeText(m_window, KioskFixture::kPin);
    QTest::keyClick(m_window, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(detail->revealed(), 10000);
    QVERIFY(item("numberText")->property("text").toString() == QStringLiteral("1112-2233-3446")); // never printed
    // Copying is not possible: the number is plain text, and a copy shortcut puts nothing on the clipboard.
    QTest::keyClick(m_window, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(m_window, Qt::Key_C, Qt::ControlModifier);
    QTest::qWait(100);
    QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!detail->revealed(), 5000);
    QCOMPARE(item("numberText")->property("text").toString(), SubjectDetail::kMask);
    screenshot("11_masked_again");

    // Pull the card: locked at once, nothing left.
    QElapsedTimer clock;
    clock.start();
    KioskFixture::removeCard();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::Standby, 1000);
    QVERIFY2(clock.elapsed() <= 1000, "the lock took longer than 1 s");
    QCOMPARE(desk->subjects()->rowCount(), 0);
    QCOMPARE(detail->dependents()->rowCount(), 0);
    QCOMPARE(detail->verifications()->rowCount(), 0);
    QVERIFY(!detail->loaded());
    QVERIFY(detail->name().isEmpty());
    QVERIFY(item("clerkLoader")->property("item").value<QObject*>() == nullptr);
    QVERIFY(item("standbyScreen")->isVisible());
    screenshot("12_locked");
    qInfo("%lld screenshots in %s", static_cast<long long>(m_shots.size()), MAMORI_TEST_OUTPUT_DIR);
}

int main(int argc, char** argv)
{
    std::string why;
    if (!startXvfb(why)) {
        std::fprintf(stderr, "tst_kiosk_e2e: %s\n", why.c_str());
        return 1;
    }
    ::setenv("DISPLAY", (":" + std::to_string(g_display)).c_str(), 1);
    ::setenv("QT_QPA_PLATFORM", "xcb", 1);
    ::unsetenv("WAYLAND_DISPLAY");
    int status = 0;
    {
        QGuiApplication app(argc, argv);
        TestKioskE2e test;
        status = QTest::qExec(&test, argc, argv);
    }
    stopXvfb();
    return status;
}

#include "tst_kiosk_e2e.moc"

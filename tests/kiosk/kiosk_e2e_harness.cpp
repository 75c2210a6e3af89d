// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/kiosk/kiosk_e2e_harness.h"

#include "kiosk/ui/qml_types.h"

#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

Q_IMPORT_QML_PLUGIN(Mamori_KioskPlugin)

using namespace mamori::ui;

namespace mamori::test {

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

void stopXvfb()
{
    if (g_xvfb > 0) {
        ::kill(g_xvfb, SIGTERM);
        ::waitpid(g_xvfb, nullptr, 0);
        g_xvfb = -1;
    }
}

} // namespace

int KioskE2eHarness::run(int argc, char** argv, QObject& test)
{
    std::string why;
    if (!startXvfb(why)) {
        std::fprintf(stderr, "%s: %s\n", argc > 0 ? argv[0] : "e2e", why.c_str());
        return 1;
    }
    ::setenv("DISPLAY", (":" + std::to_string(g_display)).c_str(), 1);
    ::setenv("QT_QPA_PLATFORM", "xcb", 1);
    ::unsetenv("WAYLAND_DISPLAY");
    int status = 0;
    {
        QGuiApplication app(argc, argv);
        status = QTest::qExec(&test, argc, argv);
    }
    stopXvfb();
    return status;
}

void KioskE2eHarness::start(const KioskFixture::Options& options)
{
    m_xwd = QStandardPaths::findExecutable(QStringLiteral("xwd"));
    m_convert = QStandardPaths::findExecutable(QStringLiteral("convert"));
    QVERIFY2(!m_xwd.isEmpty(), "xwd is missing (Debian package x11-apps)");
    QVERIFY2(!m_convert.isEmpty(), "convert is missing (Debian package imagemagick)");
    const mamori::Status started = m_fixture.start(options);
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

void KioskE2eHarness::stop()
{
    m_engine.reset();
    installSession(nullptr);
    m_session.reset();
    m_reader.reset();
    m_vault.reset();
}

QQuickItem* KioskE2eHarness::item(const char* objectName, QQuickItem* within) const
{
    const QString name = QLatin1String(objectName);
    QList<QQuickItem*> queue{within ? within : m_window->contentItem()};
    while (!queue.isEmpty()) {
        QQuickItem* candidate = queue.takeFirst();
        if (candidate->objectName() == name)
            return candidate;
        queue.append(candidate->childItems());
    }
    return (within ? static_cast<QObject*>(within) : m_window)->findChild<QQuickItem*>(name);
}

QString KioskE2eHarness::text(const char* objectName) const
{
    QQuickItem* found = item(objectName);
    return found ? found->property("text").toString() : QString();
}

void KioskE2eHarness::press(const char* objectName, int key)
{
    QQuickItem* button = nullptr;
    QTRY_VERIFY2_WITH_TIMEOUT((button = item(objectName)) && button->isVisible() && button->isEnabled(), objectName,
                              10000);
    button->forceActiveFocus();
    QVERIFY2(button->hasActiveFocus(), objectName);
    QTest::keyClick(m_window, static_cast<Qt::Key>(key));
}

void KioskE2eHarness::type(const char* text)
{
    for (const char* c = text; *c; ++c)
        QTest::keyClick(m_window, *c);
}

QStringList KioskE2eHarness::visibleTexts() const
{
    QStringList texts;
    QList<QQuickItem*> queue{m_window->contentItem()};
    while (!queue.isEmpty()) {
        QQuickItem* candidate = queue.takeFirst();
        if (!candidate->isVisible() || candidate->opacity() <= 0.0)
            continue; // neither it nor its children are on screen
        // Only what draws text: a Text, or a text field as it is shown (a PIN or a number typed
        // into a masked field is bullets on screen, and its wrapper's `text` is not drawn).
        QString shown;
        if (candidate->inherits("QQuickTextInput"))
            shown = candidate->property("displayText").toString();
        else if (candidate->inherits("QQuickText") || candidate->inherits("QQuickTextEdit"))
            shown = candidate->property("text").toString();
        if (!shown.isEmpty())
            texts << shown;
        queue.append(candidate->childItems());
    }
    return texts;
}

QString KioskE2eHarness::numberShown() const
{
    // NFKC first: full-width digits and hyphens count as what they look like.
    static const QRegularExpression twelve(QStringLiteral("(?<!\\d)(\\d{12}|\\d{4}[- ]\\d{4}[- ]\\d{4})(?!\\d)"));
    for (const QString& text : visibleTexts()) {
        if (twelve.match(text.normalized(QString::NormalizationForm_KC)).hasMatch())
            return text;
    }
    return {};
}

void KioskE2eHarness::screenshot(const char* name)
{
    // Let the scene settle (animations, the next frame) before the picture.
    QTest::qWait(400);
    // Never printed if found: the message names the picture, not the text.
    QVERIFY2(numberShown().isEmpty(),
             qPrintable(QStringLiteral("a 12-digit number is visible before %1").arg(QLatin1String(name))));
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

void KioskE2eHarness::signIn(bool clerk)
{
    KioskFixture::insertCard();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::PinEntry, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(item("pinInput") && item("pinInput")->hasActiveFocus(), 10000);
    type(KioskFixture::kPin);
    QTest::keyClick(m_window, Qt::Key_Return);
    if (clerk) {
        QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::ChoosePurpose, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(item("purpose_withholding") && item("purpose_withholding")->hasActiveFocus(), 10000);
        QTest::keyClick(m_window, Qt::Key_Return);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_session->state(), Session::State::Ready, 10000);
}

} // namespace mamori::test

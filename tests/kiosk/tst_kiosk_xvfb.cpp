// SPDX-License-Identifier: GPL-3.0-or-later
// End to end on a real X server: starts Xvfb on a free display, runs the real mamori-kiosk on it
// (full screen, as on the terminal), waits for its window, takes a screenshot from outside the
// kiosk with `xwd -root | convert xwd:- PNG` and checks that the standby screen is on it.
//
// Needs xvfb, x11-apps (xwd), x11-utils (xwininfo) and imagemagick (convert); fails, naming the
// Debian package, when one is missing. Stops exactly the processes it started.
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <chrono>

using namespace std::chrono_literals;

namespace {

// Display numbers to try; the first one without a socket or lock file is taken.
constexpr int kFirstDisplay = 60;
constexpr int kLastDisplay = 160;
// A fresh machine builds the font cache on the first start (Noto CJK is large): be patient.
constexpr auto kWindowTimeout = 120s;
constexpr auto kScreenshotTimeout = 30s;

bool displayInUse(int display)
{
    return QFile::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(display)) ||
           QFile::exists(QStringLiteral("/tmp/.X%1-lock").arg(display));
}

// Terminates a process this test started and waits for it; SIGKILL if it does not go.
void stop(QProcess& process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

struct RunResult {
    int exitCode = -1;
    QByteArray output;
};

RunResult run(const QString& program, const QStringList& arguments, int timeoutMs = 30000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    RunResult result;
    if (!process.waitForFinished(timeoutMs)) {
        stop(process);
        result.output = "timed out: " + program.toUtf8();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.output = process.readAll();
    return result;
}

} // namespace

class TestKioskXvfb : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void standbyScreenOnXvfb();
    void cleanupTestCase();

private:
    bool startServer(QString& why);
    bool windowMapped();
    bool screenshot(const QString& path, QString& why);
    // "WxH colours stddev topLeftPixel" of a PNG, from ImageMagick.
    QString describeImage(const QString& path);

    QString m_xvfb, m_xwd, m_xwininfo, m_convert;
    QProcess m_server;
    QProcess m_kiosk;
    int m_display = -1;
};

void TestKioskXvfb::initTestCase()
{
    struct Tool {
        const char* name;
        const char* package;
        QString* path;
    };
    const Tool tools[] = {{"Xvfb", "xvfb", &m_xvfb},
                          {"xwd", "x11-apps", &m_xwd},
                          {"xwininfo", "x11-utils", &m_xwininfo},
                          {"convert", "imagemagick", &m_convert}};
    QStringList missing;
    for (const Tool& tool : tools) {
        *tool.path = QStandardPaths::findExecutable(QLatin1String(tool.name));
        if (tool.path->isEmpty())
            missing
                << QStringLiteral("%1 (Debian package %2)").arg(QLatin1String(tool.name), QLatin1String(tool.package));
    }
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("missing %1; install with scripts/install-deps.sh")
                                               .arg(missing.join(QStringLiteral(", ")))));
    QVERIFY2(QFile::exists(QStringLiteral(MAMORI_KIOSK_BINARY)), "mamori-kiosk is not built");

    QString why;
    QVERIFY2(startServer(why), qPrintable(why));
    qInfo("Xvfb running on :%d", m_display);
}

bool TestKioskXvfb::startServer(QString& why)
{
    for (int display = kFirstDisplay; display <= kLastDisplay; ++display) {
        if (displayInUse(display))
            continue;
        m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_server.setStandardOutputFile(QProcess::nullDevice());
        m_server.start(m_xvfb, {QStringLiteral(":%1").arg(display), QStringLiteral("-screen"), QStringLiteral("0"),
                                QStringLiteral("1366x768x24"), QStringLiteral("-nolisten"), QStringLiteral("tcp"),
                                QStringLiteral("-noreset")});
        if (!m_server.waitForStarted(10000)) {
            why = QStringLiteral("cannot start %1: %2").arg(m_xvfb, m_server.errorString());
            return false;
        }
        // Ready when its socket exists; an early exit means another server took the number first.
        const QDeadlineTimer deadline(20s);
        while (!deadline.hasExpired()) {
            if (QFile::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(display))) {
                m_display = display;
                return true;
            }
            if (m_server.waitForFinished(100))
                break;
        }
        if (m_server.state() != QProcess::NotRunning) {
            stop(m_server);
            why = QStringLiteral("Xvfb on :%1 did not create its socket within 20 s").arg(display);
            return false;
        }
    }
    why = QStringLiteral("no free X display between :%1 and :%2").arg(kFirstDisplay).arg(kLastDisplay);
    return false;
}

bool TestKioskXvfb::windowMapped()
{
    const RunResult tree = run(m_xwininfo, {QStringLiteral("-root"), QStringLiteral("-tree"),
                                            QStringLiteral("-display"), QStringLiteral(":%1").arg(m_display)});
    return tree.exitCode == 0 && tree.output.contains("\"Mamori\"");
}

bool TestKioskXvfb::screenshot(const QString& path, QString& why)
{
    // xwd | convert, without a shell: the screen never passes through a temporary file.
    QProcess xwd;
    QProcess convert;
    xwd.setStandardOutputProcess(&convert);
    xwd.start(m_xwd, {QStringLiteral("-root"), QStringLiteral("-silent"), QStringLiteral("-display"),
                      QStringLiteral(":%1").arg(m_display)});
    convert.start(m_convert, {QStringLiteral("xwd:-"), path});
    const bool finished = xwd.waitForFinished(30000) && convert.waitForFinished(30000);
    if (!finished || xwd.exitCode() != 0 || convert.exitCode() != 0) {
        why = QStringLiteral("xwd | convert failed: %1 %2")
                  .arg(QString::fromLocal8Bit(xwd.readAllStandardError()),
                       QString::fromLocal8Bit(convert.readAllStandardError()));
        stop(xwd);
        stop(convert);
        return false;
    }
    return true;
}

QString TestKioskXvfb::describeImage(const QString& path)
{
    const RunResult info =
        run(m_convert, {path, QStringLiteral("-format"),
                        QStringLiteral("%w %h %k %[fx:standard_deviation] %[pixel:p{4,4}]"), QStringLiteral("info:")});
    return info.exitCode == 0 ? QString::fromUtf8(info.output).trimmed() : QString();
}

void TestKioskXvfb::standbyScreenOnXvfb()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DISPLAY"), QStringLiteral(":%1").arg(m_display));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QUICK_BACKEND"));
    m_kiosk.setProcessEnvironment(env);
    m_kiosk.setProcessChannelMode(QProcess::ForwardedChannels);
    // No --windowed: full screen, as on the terminal.
    m_kiosk.start(QStringLiteral(MAMORI_KIOSK_BINARY), {QStringLiteral("--device-name"), QStringLiteral("Xvfb test")});
    QVERIFY2(m_kiosk.waitForStarted(10000), qPrintable(m_kiosk.errorString()));

    const QDeadlineTimer windowDeadline(kWindowTimeout);
    while (!windowMapped()) {
        QVERIFY2(
            m_kiosk.state() == QProcess::Running,
            qPrintable(QStringLiteral("mamori-kiosk exited with %1 before showing a window").arg(m_kiosk.exitCode())));
        QVERIFY2(!windowDeadline.hasExpired(), "no \"Mamori\" window on the X server within the time limit");
        QTest::qWait(250);
    }

    // The window exists before its first frame is drawn: retry until the screen has content.
    const QString path =
        QDir(QStringLiteral(MAMORI_TEST_OUTPUT_DIR)).filePath(QStringLiteral("kiosk_xvfb_standby.png"));
    const QDeadlineTimer shotDeadline(kScreenshotTimeout);
    QStringList fields;
    for (;;) {
        QString why;
        QVERIFY2(screenshot(path, why), qPrintable(why));
        fields = describeImage(path).split(QLatin1Char(' '));
        QVERIFY2(fields.size() == 5, qPrintable(QStringLiteral("cannot read %1 with convert").arg(path)));
        if (fields.at(3).toDouble() > 0.0 && fields.at(2).toInt() > 16)
            break;
        QVERIFY2(!shotDeadline.hasExpired(), qPrintable(QStringLiteral("screen still blank (%1 colours, stddev %2): %3")
                                                            .arg(fields.at(2), fields.at(3), path)));
        QTest::qWait(500);
    }
    qInfo("screenshot of the kiosk on Xvfb: %s", qPrintable(path));
    qInfo("size %sx%s, %s colours, standard deviation %s", qPrintable(fields.at(0)), qPrintable(fields.at(1)),
          qPrintable(fields.at(2)), qPrintable(fields.at(3)));

    // The whole screen, and the kiosk covers it (full screen): the theme's light background in the
    // top-left corner instead of the X server's black root window.
    QCOMPARE(fields.at(0), QStringLiteral("1366"));
    QCOMPARE(fields.at(1), QStringLiteral("768"));
    QCOMPARE(fields.at(4), QStringLiteral("srgb(246,246,242)"));
    QVERIFY2(fields.at(3).toDouble() > 0.02, qPrintable(QStringLiteral("stddev %1").arg(fields.at(3))));
    QCOMPARE(m_kiosk.state(), QProcess::Running);
}

void TestKioskXvfb::cleanupTestCase()
{
    stop(m_kiosk);
    stop(m_server);
}

QTEST_GUILESS_MAIN(TestKioskXvfb)
#include "tst_kiosk_xvfb.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// mamori-kiosk: the kiosk app. Hardens the process, reads the command line, installs the UI
// language, connects to mamori-vaultd (VaultClient, on the system bus or --bus), loads the card's
// PKCS#11 module (Pkcs11CardReader), makes the Session the QML singleton and shows Mamori.Kiosk's
// Main window. All UI state lives in mamori::kiosk_client; the screens in mamori::kiosk_ui.
//
// There is deliberately no option to write the screen to a file: a kiosk that can dump what it
// shows to disk is a way for personal data to leave it. Screenshots are taken from outside the
// process (xwd in scripts/demo.sh and the Xvfb test) or with QQuickWindow::grabWindow in tests.

#include "kiosk/client/pkcs11_card_reader.h"
#include "kiosk/client/session.h"
#include "kiosk/client/vault_client.h"
#include "kiosk/ui/qml_types.h"
#include "kiosk/ui/translations.h"
#include "services/common/process_hardening.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QDBusConnection>
#include <QDBusError>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QSysInfo>
#include <QUrl>
#include <QVariantMap>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(Mamori_KioskPlugin)

namespace {

constexpr int kUsageError = 2;
constexpr const char* kDefaultModule = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";

void printError(const QString& message) { std::fprintf(stderr, "mamori-kiosk: %s\n", qPrintable(message)); }

struct Options {
    QString language;
    QString deviceName;
    bool windowed = false;
    QString bus;
    QString module;
    QString mediaDirectory;
};

// Returns false (after printing why) when the command line is unusable.
bool parseOptions(const QGuiApplication& app, Options& options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Mamori kiosk: the My Number terminal's user interface."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption langOption(
        QStringLiteral("lang"),
        QStringLiteral("UI language at start: ja or en (default: ja, whatever the system locale)."),
        QStringLiteral("code"), mamori::ui::defaultLanguage());
    const QCommandLineOption deviceNameOption(QStringLiteral("device-name"),
                                              QStringLiteral("Terminal name shown on screen (default: the host name)."),
                                              QStringLiteral("name"));
    const QCommandLineOption windowedOption(QStringLiteral("windowed"),
                                            QStringLiteral("Open a 1366x768 window instead of full screen."));
    const QCommandLineOption busOption(
        QStringLiteral("bus"),
        QStringLiteral("Where mamori-vaultd is: system (default), session, or a D-Bus address (tests, the demo)."),
        QStringLiteral("bus"), QStringLiteral("system"));
    const QCommandLineOption moduleOption(
        QStringLiteral("pkcs11-module"),
        QStringLiteral("The IC card's PKCS#11 module (default: OpenSC's %1).").arg(QLatin1String(kDefaultModule)),
        QStringLiteral("path"), QLatin1String(kDefaultModule));
    parser.addOption(langOption);
    parser.addOption(deviceNameOption);
    parser.addOption(windowedOption);
    parser.addOption(busOption);
    parser.addOption(moduleOption);
    const QCommandLineOption mediaOption(
        QStringLiteral("media-dir"),
        QStringLiteral(
            "Where the inserted USB medium is mounted (imports are read, exports written there; none by default)."),
        QStringLiteral("dir"));
    parser.addOption(mediaOption);
    parser.process(app); // handles --help, --version and unknown options (exit code 1)

    if (!parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("unexpected argument '%1' (see --help)").arg(parser.positionalArguments().first()));
        return false;
    }
    options.language = parser.value(langOption);
    if (!mamori::ui::isSupportedLanguage(options.language)) {
        printError(QStringLiteral("unsupported language '%1' (use one of: %2)")
                       .arg(options.language, mamori::ui::supportedLanguages().join(QStringLiteral(", "))));
        return false;
    }
    options.deviceName =
        parser.isSet(deviceNameOption) ? parser.value(deviceNameOption).trimmed() : QSysInfo::machineHostName();
    if (options.deviceName.isEmpty())
        options.deviceName = QStringLiteral("Mamori");
    options.windowed = parser.isSet(windowedOption);
    options.bus = parser.value(busOption);
    options.module = parser.value(moduleOption);
    options.mediaDirectory = parser.value(mediaOption);
    return true;
}

QDBusConnection connectBus(const QString& bus)
{
    if (bus == QLatin1String("system"))
        return QDBusConnection::systemBus();
    if (bus == QLatin1String("session"))
        return QDBusConnection::sessionBus();
    return QDBusConnection::connectToBus(bus, QStringLiteral("mamori-vault"));
}

} // namespace

int main(int argc, char* argv[])
{
    // Before anything else can hold personal data: no core dumps, not dumpable.
    if (const mamori::Status hardened = mamori::hardenProcess(); !hardened.ok()) {
        std::fprintf(stderr, "mamori-kiosk: cannot harden the process: %s\n", hardened.error().describe().c_str());
        return 1;
    }

    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("mamori-kiosk"));
    QGuiApplication::setApplicationVersion(QStringLiteral(MAMORI_VERSION));
    QGuiApplication::setOrganizationName(QStringLiteral("Mamori"));

    Options options;
    if (!parseOptions(app, options))
        return kUsageError;

    if (const mamori::Status applied = mamori::ui::applyLanguage(options.language); !applied.ok()) {
        std::fprintf(stderr, "mamori-kiosk: cannot load the UI language: %s\n", applied.error().describe().c_str());
        return 1;
    }

    // The vault and the card. Without either the kiosk still shows its standby screen, and says why
    // on stderr once (the edge logs; the libraries never do).
    const QDBusConnection bus = connectBus(options.bus);
    if (!bus.isConnected())
        printError(QStringLiteral("cannot reach the bus '%1': %2").arg(options.bus, bus.lastError().message()));
    mamori::ui::VaultClient vault(bus);
    // A module that does not load is no reason to stop: the reader retries it, and the standby
    // screen says the card reader is unavailable until it loads.
    const std::unique_ptr<mamori::ui::Pkcs11CardReader> reader =
        mamori::ui::Pkcs11CardReader::forModulePath(options.module.toStdString());
    QObject::connect(reader.get(), &mamori::ui::Pkcs11CardReader::readerDiagnostic, &app, [](const QString& context) {
        printError(QStringLiteral("no usable card reader (%1); retrying").arg(context));
    });
    mamori::ui::Session session(&vault, reader.get());
    session.desk()->setMediaDirectory(options.mediaDirectory);
    mamori::ui::installSession(&session);
    session.start();

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    engine.setInitialProperties({
        {QStringLiteral("deviceName"), options.deviceName},
        {QStringLiteral("fullScreen"), !options.windowed},
    });
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Mamori/Kiosk/Main.qml")));
    if (engine.rootObjects().isEmpty()) {
        printError(QStringLiteral("cannot create the main window (see the QML errors above)"));
        return 1;
    }
    return QGuiApplication::exec();
}

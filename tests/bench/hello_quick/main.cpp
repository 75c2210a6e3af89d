// SPDX-License-Identifier: GPL-3.0-or-later
// hello_quick: a minimal Qt Quick app, the baseline that mamori-kiosk's start-up time and memory are
// compared with (tests/bench/kiosk_bench.cpp). Loads HelloQuick's Main.qml from its static QML
// module exactly as mamori-kiosk loads Mamori.Kiosk's.

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QUrl>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(HelloQuickPlugin)

int main(int argc, char* argv[])
{
    QGuiApplication app(argc, argv);
    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/HelloQuick/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    return QGuiApplication::exec();
}

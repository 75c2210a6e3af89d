// SPDX-License-Identifier: GPL-3.0-or-later
// Main: the kiosk's one window. Full screen on the terminal; a 1366x768 window (the terminal's
// screen size) on a developer's desktop. The app passes its command-line options in as initial
// properties (QQmlApplicationEngine::setInitialProperties), never as context properties.
//
// Which screen shows is Session.state (C++ owns it). Every screen after the standby one is made by
// a Loader when its state begins and destroyed when it ends, so on a lock nothing a clerk saw is
// left in the scene.
import QtQuick
import QtQuick.Window
import Mamori.Kiosk

Window {
    id: window

    // The terminal's name as IT set it (--device-name).
    required property string deviceName
    // True on the terminal (the default); --windowed sets it false.
    property bool fullScreen: false

    title: "Mamori"
    width: 1366
    height: 768
    minimumWidth: 1024
    minimumHeight: 640
    color: Theme.background
    flags: fullScreen ? (Qt.Window | Qt.FramelessWindowHint) : Qt.Window
    visibility: fullScreen ? Window.FullScreen : Window.Windowed
    visible: true

    SessionView {
        anchors.fill: parent
        deviceName: window.deviceName
    }
}

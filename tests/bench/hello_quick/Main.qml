// SPDX-License-Identifier: GPL-3.0-or-later
// The baseline of the kiosk's startup benchmark: one full-screen window with one Text, the same
// size and window flags as mamori-kiosk's Main on the terminal.
import QtQuick
import QtQuick.Window

Window {
    width: 1366
    height: 768
    title: "Hello"
    color: "white"
    flags: Qt.Window | Qt.FramelessWindowHint
    visibility: Window.FullScreen
    visible: true

    Text {
        anchors.centerIn: parent
        text: "Hello, world"
        font.pixelSize: 32
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
// IdleWarning: shown over any signed-in screen shortly before the idle lock. Any key or touch
// dismisses it (Session sees the input) and keeps the session.
import QtQuick
import Mamori.Kiosk

Rectangle {
    color: "#99000000"

    MouseArea { anchors.fill: parent; onClicked: Session.noteActivity() }

    Rectangle {
        anchors.centerIn: parent
        width: 640
        height: 200
        radius: 12
        color: Theme.surface
        Column {
            anchors.centerIn: parent
            spacing: 14
            width: parent.width - 64
            Text {
                objectName: "idleWarningText"
                width: parent.width
                wrapMode: Text.Wrap
                //: %1 = seconds until the idle lock.
                text: qsTr("The screen locks in %1 seconds.").arg(Session.idleSecondsLeft)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: Theme.text
            }
            Text {
                width: parent.width
                wrapMode: Text.Wrap
                //: Under the idle warning.
                text: qsTr("Press any key or touch the screen to keep working.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
            }
        }
    }
}

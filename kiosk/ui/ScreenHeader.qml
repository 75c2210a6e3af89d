// SPDX-License-Identifier: GPL-3.0-or-later
// ScreenHeader: the band at the top of every screen after the standby one — product, terminal,
// what the screen is for, the clock, and the language switch.
import QtQuick
import Mamori.Kiosk

Rectangle {
    id: root

    property string deviceName
    property string title

    height: 84
    color: Theme.surface

    Row {
        anchors { left: parent.left; leftMargin: Theme.compactMargin; verticalCenter: parent.verticalCenter }
        spacing: 18
        Text {
            text: "Mamori"
            font.family: Theme.fontFamily
            font.pixelSize: 26
            font.weight: Font.DemiBold
            color: Theme.accent
            anchors.verticalCenter: parent.verticalCenter
        }
        Text {
            objectName: "screenTitle"
            text: root.title
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fieldSize
            color: Theme.text
            anchors.verticalCenter: parent.verticalCenter
        }
    }

    Row {
        anchors { right: parent.right; rightMargin: Theme.compactMargin; verticalCenter: parent.verticalCenter }
        spacing: 18
        Text {
            //: %1 is the terminal's name as IT configured it.
            text: qsTr("Terminal: %1").arg(root.deviceName)
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
            anchors.verticalCenter: parent.verticalCenter
        }
        Text {
            text: Qt.formatTime(Clock.now, "HH:mm")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fieldSize
            color: Theme.text
            anchors.verticalCenter: parent.verticalCenter
        }
        LanguageButton {
            anchors.verticalCenter: parent.verticalCenter
        }
    }

    Rectangle {
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        height: 1
        color: Theme.line
    }
}

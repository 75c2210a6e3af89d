// SPDX-License-Identifier: GPL-3.0-or-later
// StandbyScreen: what the kiosk shows while nobody is signed in — one clear instruction, the
// terminal's name, the time, and a quiet status line. It holds no state of its own: the time
// comes from Clock, the language from Language, the terminal's name from the window.
import QtQuick
import Mamori.Kiosk

Rectangle {
    id: root

    property string deviceName
    //: Status line at the bottom of the standby screen.
    property string statusText: qsTr("Standby: no card inserted")

    color: Theme.background

    // Header: product and terminal on the left, clock on the right.
    Column {
        id: brand
        anchors { left: parent.left; top: parent.top; margins: Theme.margin }
        spacing: 6

        Row {
            spacing: 14
            Text {
                id: productName
                text: "Mamori"
                font.family: Theme.fontFamily
                font.pixelSize: 30
                font.weight: Font.DemiBold
                color: Theme.accent
            }
            Text {
                anchors.baseline: productName.baseline
                text: "守り"
                font.family: Theme.fontFamily
                font.pixelSize: 22
                color: Theme.secondaryText
            }
        }
        Text {
            objectName: "deviceName"
            //: %1 is the terminal's name as IT configured it.
            text: qsTr("Terminal: %1").arg(root.deviceName)
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
        }
    }

    Column {
        anchors { right: parent.right; top: parent.top; margins: Theme.margin }
        spacing: 4

        Text {
            objectName: "clockTime"
            anchors.right: parent.right
            text: Qt.formatTime(Clock.now, "HH:mm:ss")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.clockSize
            font.weight: Font.Light
            color: Theme.text
        }
        Text {
            objectName: "clockDate"
            anchors.right: parent.right
            //: Date format of the standby clock (Qt date format: d M yyyy, ddd = short day name,
            //: dddd = full day name); day and month names come from the UI language's locale.
            text: Clock.now.toLocaleDateString(Qt.locale(Language.localeName), qsTr("dddd, MMMM d, yyyy"))
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
        }
    }

    Rectangle {
        anchors { left: parent.left; right: parent.right; top: brand.bottom; topMargin: 28 }
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: Theme.margin
        height: 1
        color: Theme.line
    }

    // The instruction, centred.
    Column {
        anchors.centerIn: parent
        anchors.verticalCenterOffset: 20
        spacing: 36

        CardIllustration {
            anchors.horizontalCenter: parent.horizontalCenter
        }
        Column {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: 18

            Text {
                objectName: "insertCardMessage"
                anchors.horizontalCenter: parent.horizontalCenter
                //: The standby screen's main instruction; the first thing a clerk reads.
                text: qsTr("Insert your IC card")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.headlineSize
                font.weight: Font.Medium
                color: Theme.text
            }
            Text {
                objectName: "insertCardHint"
                anchors.horizontalCenter: parent.horizontalCenter
                //: Shown under "Insert your IC card".
                text: qsTr("Then enter your PIN to sign in.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: Theme.secondaryText
            }
        }
    }

    // Footer: status on the left, language switch on the right.
    Row {
        anchors { left: parent.left; bottom: parent.bottom; margins: Theme.margin }
        spacing: 12

        Rectangle {
            anchors.verticalCenter: parent.verticalCenter
            width: 12
            height: 12
            radius: 6
            color: Theme.ok
        }
        Text {
            objectName: "statusLine"
            anchors.verticalCenter: parent.verticalCenter
            text: root.statusText
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
        }
    }

    LanguageButton {
        objectName: "languageButton"
        anchors { right: parent.right; bottom: parent.bottom; margins: Theme.margin }
    }
}

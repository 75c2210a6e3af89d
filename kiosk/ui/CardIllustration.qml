// SPDX-License-Identifier: GPL-3.0-or-later
// CardIllustration: an IC card going into a reader slot, drawn with plain shapes so that it
// scales and needs no image files.
import QtQuick
import Mamori.Kiosk

Item {
    id: root
    implicitWidth: 300
    implicitHeight: 190

    Rectangle {
        id: card
        width: 236
        height: 150
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: slot.verticalCenter
        radius: 14
        color: Theme.surface
        border.color: Theme.line
        border.width: 2

        Rectangle {
            id: chip
            x: 28
            y: 44
            width: 46
            height: 36
            radius: 7
            color: Theme.chip
        }
        Rectangle {
            anchors { left: chip.left; top: chip.bottom; topMargin: 26 }
            width: 132
            height: 10
            radius: 5
            color: Theme.line
        }
        Rectangle {
            anchors { left: chip.left; top: chip.bottom; topMargin: 46 }
            width: 86
            height: 10
            radius: 5
            color: Theme.line
        }
    }

    // The reader's slot, drawn over the card's lower edge.
    Rectangle {
        id: slot
        width: root.width
        height: 14
        radius: 7
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        color: Theme.slot
    }
}

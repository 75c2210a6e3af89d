// SPDX-License-Identifier: GPL-3.0-or-later
// ErrorBanner: a failure in plain words — what happened, what to do next, and the error code.
// Hidden while `error` is 0.
import QtQuick
import Mamori.Kiosk

Rectangle {
    id: root

    property int error: 0

    visible: error !== 0
    width: 640
    height: visible ? message.implicitHeight + 28 : 0
    radius: 8
    color: Theme.warningBackground
    border.color: Theme.danger
    border.width: 1

    Text {
        id: message
        objectName: root.objectName ? root.objectName + "Text" : "errorBannerText"
        anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: 16 }
        text: Labels.error(root.error)
        wrapMode: Text.Wrap
        font.family: Theme.fontFamily
        font.pixelSize: Theme.smallSize
        color: Theme.danger
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
// KioskButton: the kiosk's push button — large, reachable with Tab, pressed with Enter or Space.
// `primary` fills it with the accent colour for the one main action of a screen.
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

Button {
    id: control

    property bool primary: false

    focusPolicy: Qt.StrongFocus
    leftPadding: 26
    rightPadding: 26
    topPadding: 12
    bottomPadding: 12
    Accessible.name: text

    Keys.onReturnPressed: if (enabled) clicked()
    Keys.onEnterPressed: if (enabled) clicked()

    contentItem: Text {
        text: control.text
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fieldSize
        color: !control.enabled ? Theme.disabledText : control.primary ? Theme.surface : Theme.accent
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }

    background: Rectangle {
        implicitWidth: 160
        implicitHeight: 52
        radius: 8
        color: !control.enabled ? Theme.line
             : control.primary ? (control.pressed ? Qt.darker(Theme.accent, 1.2) : Theme.accent)
             : (control.pressed ? Theme.line : Theme.surface)
        border.color: control.activeFocus ? Theme.text : Theme.accent
        border.width: control.activeFocus ? 3 : 1
    }
}

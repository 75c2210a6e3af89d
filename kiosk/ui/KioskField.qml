// SPDX-License-Identifier: GPL-3.0-or-later
// KioskField: a labelled one-line text field (a focus scope: `focus: true` puts the cursor in it).
// The label sits above the field; a focused field has a thick outline so the clerk always sees
// where typing goes.
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

FocusScope {
    id: root

    property alias label: caption.text
    property alias text: input.text
    property alias field: input
    property alias placeholder: input.placeholderText
    property alias echoMode: input.echoMode
    property alias maximumLength: input.maximumLength
    property alias inputMethodHints: input.inputMethodHints
    property alias validator: input.validator
    signal accepted()

    width: 520
    implicitHeight: column.implicitHeight
    height: implicitHeight

    Column {
        id: column
        width: root.width
        spacing: 6

        Text {
            id: caption
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
        }
        TextField {
            id: input
            width: root.width
            focus: true
            font.family: Theme.fontFamily
            font.pixelSize: Theme.fieldSize
            color: Theme.text
            selectByMouse: false
            Accessible.name: caption.text
            onAccepted: root.accepted()
            background: Rectangle {
                implicitHeight: 52
                radius: 6
                color: Theme.surface
                border.color: input.activeFocus ? Theme.accent : Theme.line
                border.width: input.activeFocus ? 3 : 1
            }
        }
    }

    function forceInputFocus() { input.forceActiveFocus() }
}

// SPDX-License-Identifier: GPL-3.0-or-later
// LanguageButton: one button that switches the UI between Japanese and English. It shows the
// other language in that language's own words ("English" / "日本語"), which is what a person who
// cannot read the current one looks for.
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

Button {
    id: control

    text: Language.nextNativeName
    //: Accessible name of the button that switches between Japanese and English.
    Accessible.name: qsTr("Switch language")
    focusPolicy: Qt.NoFocus
    leftPadding: 28
    rightPadding: 28
    topPadding: 12
    bottomPadding: 12

    onClicked: Language.toggle()

    contentItem: Text {
        text: control.text
        font.family: Theme.fontFamily
        font.pixelSize: Theme.smallSize
        color: Theme.accent
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }

    background: Rectangle {
        implicitWidth: 140
        implicitHeight: 48
        radius: height / 2
        color: control.pressed ? Theme.line : Theme.surface
        border.color: Theme.accent
        border.width: 1
    }
}

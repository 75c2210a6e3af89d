// SPDX-License-Identifier: GPL-3.0-or-later
// CardStatusScreen: a card is in the reader and is being read, or it cannot be used here (not
// enrolled, revoked, unreadable) — then what to do, with the error code.
import QtQuick
import Mamori.Kiosk

Rectangle {
    id: root

    property string deviceName

    color: Theme.background

    ScreenHeader {
        id: header
        anchors { left: parent.left; right: parent.right; top: parent.top }
        deviceName: root.deviceName
        //: Title of the screen shown while the IC card is read.
        title: qsTr("IC card")
    }

    Column {
        anchors.centerIn: parent
        spacing: 28
        width: Math.min(parent.width - 2 * Theme.margin, 760)

        Text {
            objectName: "cardStatusMessage"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: Session.state === Session.CardRefused
                  //: Shown when the inserted card cannot be used to sign in.
                  ? qsTr("This card cannot be used to sign in on this terminal.")
                  //: Shown while the certificate is read from the inserted card (no PIN needed yet).
                  : qsTr("Reading the card…")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.titleSize
            color: Theme.text
        }
        ErrorBanner {
            objectName: "cardError"
            anchors.horizontalCenter: parent.horizontalCenter
            width: parent.width
            error: Session.state === Session.CardRefused ? Session.error : 0
        }
        Text {
            visible: Session.state === Session.CardRefused
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            //: Under the refusal: what the person should do with the card.
            text: qsTr("Remove the card. If it should work here, ask the system administrator to enrol it.")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            color: Theme.secondaryText
        }
    }
}

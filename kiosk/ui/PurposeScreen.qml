// SPDX-License-Identifier: GPL-3.0-or-later
// PurposeScreen: after sign-in, the clerk says what the work is for (利用目的). Every act on a
// number is done under this purpose, and the vault refuses acts for people it was not notified to.
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
        //: Title of the purpose choice screen.
        title: qsTr("Purpose of use")
    }

    Column {
        anchors.centerIn: parent
        spacing: 20
        width: Math.min(parent.width - 2 * Theme.margin, 720)

        Text {
            objectName: "purposePrompt"
            width: parent.width
            wrapMode: Text.Wrap
            //: Headline of the purpose choice screen.
            text: qsTr("What is this work for?")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.titleSize
            color: Theme.text
        }
        Text {
            width: parent.width
            wrapMode: Text.Wrap
            //: Under the purpose headline.
            text: qsTr("Numbers are used only for the purpose chosen here. To change it later, use “Change purpose”.")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
        }

        Repeater {
            model: Session.purposeCodes
            KioskButton {
                required property string modelData
                required property int index
                objectName: "purpose_" + modelData
                width: parent.width
                text: Labels.purpose(modelData)
                focus: index === 0
                onClicked: Session.choosePurpose(modelData)
            }
        }

        ErrorBanner {
            objectName: "purposeError"
            width: parent.width
            error: Session.error
        }

        KioskButton {
            objectName: "purposeLogout"
            //: Button: end the session.
            text: qsTr("Sign out")
            onClicked: Session.logout()
        }
    }
}

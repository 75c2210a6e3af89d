// SPDX-License-Identifier: GPL-3.0-or-later
// SessionView: the screen for each Session.state — standby, the card being read or refused, the
// PIN, the purpose (clerks only), the workspace of the user's role (clerk, officer, administrator;
// Session.workspace) — and the idle warning on top. The standby screen always
// exists (it holds nothing personal); every other screen is loaded for its state only.
import QtQuick
import Mamori.Kiosk

Item {
    id: root

    property string deviceName

    readonly property bool signedIn: Session.state === Session.ChoosePurpose || Session.state === Session.Ready

    StandbyScreen {
        objectName: "standbyScreen"
        anchors.fill: parent
        deviceName: root.deviceName
        visible: Session.state === Session.Standby
        readerAvailable: Session.readerAvailable
        readerProblem: Session.readerProblem
        readerError: Session.readerError
        deviceState: Session.deviceState
        statusText: {
            Language.code // the catalogue is installed before the first qsTr runs
            return Session.lockReason === Session.CardRemoved
                   //: Status line after the card was pulled out: the session is locked.
                   ? qsTr("Locked: the card was removed")
                   //: Status line at the bottom of the standby screen.
                   : qsTr("Standby: no card inserted")
        }
    }

    Loader {
        objectName: "cardStatusLoader"
        anchors.fill: parent
        focus: active
        active: Session.state === Session.ReadingCard || Session.state === Session.CardRefused
        sourceComponent: CardStatusScreen { deviceName: root.deviceName }
    }

    Loader {
        objectName: "pinLoader"
        anchors.fill: parent
        focus: active
        active: Session.state === Session.PinEntry || Session.state === Session.SigningIn
        sourceComponent: PinScreen { deviceName: root.deviceName }
    }

    Loader {
        objectName: "purposeLoader"
        anchors.fill: parent
        focus: active
        active: Session.state === Session.ChoosePurpose
        sourceComponent: PurposeScreen { deviceName: root.deviceName }
    }

    Loader {
        objectName: "clerkLoader"
        anchors.fill: parent
        focus: active
        active: Session.state === Session.Ready && Session.workspace === "clerk"
        sourceComponent: ClerkScreen { deviceName: root.deviceName }
    }

    Loader {
        objectName: "officerLoader"
        anchors.fill: parent
        focus: active
        active: Session.state === Session.Ready && Session.workspace === "officer"
        sourceComponent: OfficerScreen { deviceName: root.deviceName }
    }

    Loader {
        objectName: "adminLoader"
        anchors.fill: parent
        focus: active
        active: Session.state === Session.Ready && Session.workspace === "admin"
        sourceComponent: AdminScreen { deviceName: root.deviceName }
    }

    IdleWarning {
        anchors.fill: parent
        visible: root.signedIn && Session.idleWarning
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
// WorkspaceBar: under the header of the officer's and administrator's screens — the other
// workspaces a user with several roles may switch to, and "Sign out".
import QtQuick
import Mamori.Kiosk

Rectangle {
    id: root

    height: 68
    color: Theme.background

    Row {
        anchors { left: parent.left; leftMargin: Theme.compactMargin; verticalCenter: parent.verticalCenter }
        spacing: 12
        KioskButton {
            objectName: "clerkWorkspaceButton"
            visible: Session.isClerk && Session.workspace !== "clerk"
            //: Button: switch to the clerk's screens (for a user with several roles).
            text: qsTr("Clerk's screens")
            onClicked: Session.workspace = "clerk"
        }
        KioskButton {
            objectName: "officerWorkspaceButton"
            visible: Session.isOfficer && Session.workspace !== "officer"
            //: Button: switch to the officer's screens (approvals, activity review).
            text: qsTr("Officer's screens")
            onClicked: Session.workspace = "officer"
        }
        KioskButton {
            objectName: "adminWorkspaceButton"
            visible: Session.isAdmin && Session.workspace !== "admin"
            //: Button: switch to the administrator's screens (log, cards, device).
            text: qsTr("Administrator's screens")
            onClicked: Session.workspace = "admin"
        }
    }
    KioskButton {
        objectName: "logoutButton"
        anchors { right: parent.right; rightMargin: Theme.compactMargin; verticalCenter: parent.verticalCenter }
        //: Button: end the session.
        text: qsTr("Sign out")
        onClicked: Session.logout()
    }
}

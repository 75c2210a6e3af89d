// SPDX-License-Identifier: GPL-3.0-or-later
// ClerkScreen: the signed-in clerk's workspace — a bar with the purpose, "Change purpose" and
// "Sign out", and a stack of pages: the subject list, a person, registering and changing a person,
// setting a number, recording the identity check or a document, the CSV import, the hand-over
// (export / provide) of the people selected, and the disposal due list. The step-up PIN dialog sits
// on top when a reveal or a hand-over asks for it. The pages only show Session.desk's state and
// call its invokables.
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

Rectangle {
    id: root

    property string deviceName
    readonly property ClerkDesk desk: Session.desk

    color: Theme.background

    function openSubject(subjectId) {
        desk.openSubject(subjectId)
        stack.push(detailPage)
    }

    ScreenHeader {
        id: header
        anchors { left: parent.left; right: parent.right; top: parent.top }
        deviceName: root.deviceName
        //: Title of the clerk's screens; %1 = the purpose of use chosen after sign-in.
        title: qsTr("Purpose: %1").arg(Labels.purpose(Session.purpose))
    }

    Rectangle {
        id: bar
        anchors { left: parent.left; right: parent.right; top: header.bottom }
        height: 68
        color: Theme.background
        Row {
            anchors { right: parent.right; rightMargin: Theme.compactMargin; verticalCenter: parent.verticalCenter }
            spacing: 12
            KioskButton {
                objectName: "changePurposeButton"
                //: Button: go back to the purpose choice.
                text: qsTr("Change purpose")
                onClicked: Session.changePurpose()
            }
            KioskButton {
                objectName: "logoutButton"
                //: Button: end the session.
                text: qsTr("Sign out")
                onClicked: Session.logout()
            }
        }
        Text {
            anchors { left: parent.left; leftMargin: Theme.compactMargin; verticalCenter: parent.verticalCenter }
            visible: !Session.isClerk
            //: Shown to a signed-in user who is not a clerk: their screens are not on this terminal yet.
            text: qsTr("Your role has no clerk screens. Sign out and ask the system administrator.")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.danger
        }
    }

    StackView {
        id: stack
        objectName: "clerkStack"
        anchors { left: parent.left; right: parent.right; top: bar.bottom; bottom: parent.bottom }
        anchors.margins: Theme.compactMargin
        initialItem: Session.isClerk ? listPage : null
        clip: true
        focus: true
        // Pages change at once: no sliding, so nothing of the previous page lingers on screen.
        pushEnter: Transition {}
        pushExit: Transition {}
        popEnter: Transition {}
        popExit: Transition {}
        replaceEnter: Transition {}
        replaceExit: Transition {}
    }

    Component {
        id: listPage
        SubjectListPage {
            focus: true
            desk: root.desk
            onOpenRequested: (subjectId) => root.openSubject(subjectId)
            onRegisterRequested: stack.push(registerPage, { kind: "employee" })
            onImportRequested: stack.push(importPage)
            onDueListRequested: stack.push(dueListPage)
            onExportRequested: stack.push(exportPage)
        }
    }
    Component {
        id: importPage
        ImportPage {
            focus: true
            desk: root.desk
            onDone: stack.pop()
        }
    }
    Component {
        id: exportPage
        ExportPage {
            focus: true
            desk: root.desk
            onDone: stack.pop()
        }
    }
    Component {
        id: dueListPage
        DueListPage {
            focus: true
            desk: root.desk
            onDone: { desk.clearError(); stack.pop(); desk.subjects.reload() }
        }
    }
    Component {
        id: editPage
        EditSubjectPage {
            focus: true
            desk: root.desk
            onDone: stack.pop()
        }
    }
    Component {
        id: documentPage
        DocumentPage {
            focus: true
            desk: root.desk
            onDone: stack.pop()
        }
    }
    Component {
        id: detailPage
        SubjectDetailPage {
            focus: true
            desk: root.desk
            onBackRequested: { desk.detail.clear(); stack.pop(); desk.subjects.reload() }
            onSetNumberRequested: stack.push(numberPage)
            onVerificationRequested: stack.push(verificationPage)
            onAddDependentRequested: stack.push(registerPage, { kind: "dependent", parentId: desk.detail.subjectId,
                                                                 parentCode: desk.detail.code })
            onOpenRequested: (subjectId) => { desk.openSubject(subjectId) }
            onEditRequested: stack.push(editPage)
            onAddDocumentRequested: stack.push(documentPage)
        }
    }
    Component {
        id: registerPage
        RegisterSubjectPage {
            focus: true
            desk: root.desk
            onCancelled: stack.pop()
            onRegistered: (subjectId) => {
                stack.pop()
                if (stack.depth === 1)
                    root.openSubject(subjectId)
                else
                    desk.detail.reload()
            }
        }
    }
    Component {
        id: numberPage
        SetNumberPage {
            focus: true
            desk: root.desk
            onDone: stack.pop()
        }
    }
    Component {
        id: verificationPage
        VerificationPage {
            focus: true
            desk: root.desk
            onDone: stack.pop()
        }
    }

    StepUpDialog {
        anchors.fill: parent
        visible: Session.stepUpPending
    }
}

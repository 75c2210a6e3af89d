// SPDX-License-Identifier: GPL-3.0-or-later
// OfficerScreen: the officer's (取扱責任者) workspace — approvals waiting for them (disposals and
// bulk exports a clerk asked for; each approved with the officer's own card: the PIN again, the
// card signs exactly that request) and the activity review: the log by clerk, action and period.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Mamori.Kiosk

Rectangle {
    id: root

    property string deviceName
    readonly property OversightDesk desk: Session.oversight

    color: Theme.background

    ScreenHeader {
        id: header
        anchors { left: parent.left; right: parent.right; top: parent.top }
        deviceName: root.deviceName
        //: Title of the officer's screens.
        title: qsTr("Officer")
    }
    WorkspaceBar {
        id: bar
        anchors { left: parent.left; right: parent.right; top: header.bottom }
    }

    TabBar {
        id: tabs
        objectName: "officerTabs"
        anchors { left: parent.left; right: parent.right; top: bar.bottom; leftMargin: Theme.compactMargin }
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fieldSize
        TabButton {
            objectName: "approvalsTab"
            //: Tab: requests waiting for the officer's approval; %1 = how many.
            text: qsTr("Approvals (%1)").arg(root.desk.approvals.count)
            width: implicitWidth + 40
        }
        TabButton {
            objectName: "activityTab"
            //: Tab: the review of the clerks' activity (取扱状況).
            text: qsTr("Activity review")
            width: implicitWidth + 40
        }
    }

    StackLayout {
        anchors { left: parent.left; right: parent.right; top: tabs.bottom; bottom: parent.bottom; margins: Theme.compactMargin }
        currentIndex: tabs.currentIndex

        Item {
            objectName: "approvalsPage"
            ErrorBanner {
                id: approvalError
                objectName: "approvalError"
                anchors { left: parent.left; top: parent.top }
                error: root.desk.error
            }
            ListView {
                id: approvals
                objectName: "approvalList"
                anchors { left: parent.left; right: parent.right; top: approvalError.bottom; topMargin: 8; bottom: parent.bottom }
                clip: true
                spacing: 8
                model: root.desk.approvals
                keyNavigationEnabled: true
                activeFocusOnTab: true
                delegate: Rectangle {
                    id: request
                    required property int index
                    required property string kind
                    required property var requestId
                    required property var subjectCode
                    required property var department
                    required property var operation
                    required property var destination
                    required property var subjects
                    width: ListView.view.width
                    height: 84
                    radius: 8
                    color: Theme.surface
                    border.color: Theme.line
                    Column {
                        anchors { left: parent.left; leftMargin: 20; verticalCenter: parent.verticalCenter }
                        spacing: 4
                        Text {
                            text: request.kind === "disposal"
                                  //: An approval request: disposal of an employee's records; %1 = employee code.
                                  ? qsTr("Disposal of %1 and their dependents").arg(request.subjectCode)
                                  : request.operation === "provide"
                                    //: An approval request: provision to a destination; %1 = how many people, %2 = destination code.
                                    ? qsTr("Provision of %1 people to %2").arg(request.subjects).arg(request.destination)
                                    //: An approval request: export to a medium; %1 = how many people, %2 = destination code.
                                    : qsTr("Export of %1 people to %2").arg(request.subjects).arg(request.destination)
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fieldSize
                            color: Theme.text
                        }
                        Text {
                            //: Under an approval request; %1 = the request's number.
                            text: qsTr("Request %1").arg(request.requestId)
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.smallSize
                            color: Theme.secondaryText
                        }
                    }
                    KioskButton {
                        objectName: "approveButton" + request.index
                        anchors { right: parent.right; rightMargin: 20; verticalCenter: parent.verticalCenter }
                        primary: true
                        //: Button: approve a request with the officer's card.
                        text: qsTr("Approve")
                        onClicked: root.desk.approve(request.kind, request.requestId)
                    }
                }
                Text {
                    anchors.centerIn: parent
                    visible: approvals.count === 0 && !root.desk.busy
                    //: Nothing waits for the officer's approval.
                    text: qsTr("Nothing waits for your approval.")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.bodySize
                    color: Theme.secondaryText
                }
            }
        }

        AuditLogView {
            objectName: "activityView"
            model: root.desk.log
            people: root.desk.cards
        }
    }

    StepUpDialog {
        anchors.fill: parent
        visible: Session.stepUpPending
    }
}

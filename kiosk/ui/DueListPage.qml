// SPDX-License-Identifier: GPL-3.0-or-later
// DueListPage: the people whose numbers are, or will soon be, due for disposal — people who left
// or whose relationship ended, with what still keeps their number (a document's retention) and the
// open disposal request. The clerk asks for the disposal of a due employee (dependents go with
// them); an officer approves it with their card at this terminal; then the clerk carries it out and
// the vault deletes irrecoverably and issues a signed certificate. Codes only: no name, no number.
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

FocusScope {
    id: root

    property ClerkDesk desk
    property var lastExecuted: 0 // the request last asked to be carried out (for the hint on refusal)
    signal done()

    ClerkWords { id: words }

    Component.onCompleted: desk.loadDueList()

    Flickable {
        id: flick
        anchors.fill: parent
        contentHeight: content.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

        Column {
            id: content
            width: flick.width - 16
            spacing: 12

            Row {
                spacing: 12
                KioskButton {
                    objectName: "dueBack"
                    text: qsTr("Back")
                    focus: true
                    onClicked: root.done()
                }
                KioskButton {
                    objectName: "dueRefresh"
                    text: qsTr("Refresh")
                    onClicked: root.desk.loadDueList()
                }
                Text {
                    objectName: "dueTitle"
                    anchors.verticalCenter: parent.verticalCenter
                    //: Title of the disposal due list; %1 = due now, %2 = listed.
                    text: qsTr("Disposal: %1 due of %2 listed").arg(root.desk.dueList.dueCount).arg(root.desk.dueList.count)
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.titleSize
                    color: Theme.text
                }
            }
            Text {
                width: Math.min(content.width, 1100)
                wrapMode: Text.Wrap
                //: How a disposal goes.
                text: qsTr("Ask for the disposal of a due employee (their dependents go with them). An officer approves it with their own card at this terminal; then carry it out here. The vault deletes the data for good and signs a certificate.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
            }
            ErrorBanner { objectName: "dueError"; width: Math.min(content.width, 1000); error: root.desk.error }
            Text {
                objectName: "dueNotApproved"
                visible: root.desk.error === 2 && root.lastExecuted > 0
                width: Math.min(content.width, 1000)
                wrapMode: Text.Wrap
                //: Carrying out a disposal was refused; %1 = request number.
                text: qsTr("Request %1 is not approved yet (or no longer due). An officer must approve it with their card first.").arg(root.lastExecuted)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.danger
            }
            Text {
                objectName: "dueCertificate"
                visible: root.desk.certificateRequestId > 0
                width: Math.min(content.width, 1000)
                wrapMode: Text.Wrap
                text: root.desk.certificateSigned
                      //: After a disposal; %1 = request number.
                      ? qsTr("Disposal %1 carried out. The terminal signed its disposal certificate.").arg(root.desk.certificateRequestId)
                      //: After a disposal whose certificate came without a valid signature.
                      : qsTr("Disposal %1 carried out, but its certificate is not signed. Tell the system administrator.").arg(root.desk.certificateRequestId)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: root.desk.certificateSigned ? Theme.ok : Theme.danger
            }

            Rectangle {
                width: content.width
                height: 40
                color: Theme.line
                Row {
                    anchors { fill: parent; leftMargin: 16 }
                    Repeater {
                        model: [
                            { title: qsTr("Code"), width: 0.14 },
                            { title: qsTr("Kind"), width: 0.12 },
                            { title: qsTr("Department"), width: 0.14 },
                            //: Column header in the disposal list: due now, or why not.
                            { title: qsTr("Disposal"), width: 0.30 },
                            //: Column header in the disposal list: the open request.
                            { title: qsTr("Request"), width: 0.30 }
                        ]
                        Text {
                            required property var modelData
                            width: content.width * modelData.width
                            anchors.verticalCenter: parent.verticalCenter
                            text: modelData.title
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.smallSize
                            color: Theme.secondaryText
                        }
                    }
                }
            }
            Repeater {
                objectName: "dueRows"
                model: root.desk.dueList
                Rectangle {
                    id: dueRow
                    required property int index
                    required property string subjectId
                    required property string code
                    required property string kind
                    required property string department
                    required property bool due
                    required property string blockedBy
                    required property var requestId
                    objectName: "dueRow" + index
                    width: content.width
                    height: Theme.rowHeight + 8
                    color: index % 2 ? Theme.background : Theme.surface
                    Row {
                        anchors { fill: parent; leftMargin: 16 }
                        Text {
                            width: content.width * 0.14
                            anchors.verticalCenter: parent.verticalCenter
                            text: dueRow.code
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.smallSize
                            color: Theme.text
                        }
                        Text {
                            width: content.width * 0.12
                            anchors.verticalCenter: parent.verticalCenter
                            text: Labels.kind(dueRow.kind)
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.smallSize
                            color: Theme.text
                        }
                        Text {
                            width: content.width * 0.14
                            anchors.verticalCenter: parent.verticalCenter
                            text: dueRow.department
                            elide: Text.ElideRight
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.smallSize
                            color: Theme.text
                        }
                        Text {
                            objectName: "dueState" + dueRow.index
                            width: content.width * 0.30
                            anchors.verticalCenter: parent.verticalCenter
                            //: In the disposal list: the number may be disposed of now.
                            text: dueRow.due ? qsTr("Due now") : words.disposalBlock(dueRow.blockedBy)
                            elide: Text.ElideRight
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.smallSize
                            color: dueRow.due ? Theme.warning : Theme.secondaryText
                        }
                        Row {
                            width: content.width * 0.30
                            anchors.verticalCenter: parent.verticalCenter
                            spacing: 10
                            Text {
                                visible: dueRow.requestId > 0
                                anchors.verticalCenter: parent.verticalCenter
                                //: In the disposal list: the open request's number.
                                text: qsTr("Request %1").arg(dueRow.requestId)
                                font.family: Theme.fontFamily
                                font.pixelSize: Theme.smallSize
                                color: Theme.text
                            }
                            KioskButton {
                                objectName: "requestDisposal" + dueRow.index
                                visible: dueRow.due && dueRow.requestId === 0 && dueRow.kind === "employee"
                                enabled: !root.desk.busy
                                //: Button: ask for this employee's disposal.
                                text: qsTr("Request disposal")
                                onClicked: root.desk.requestDisposal(dueRow.subjectId)
                            }
                            KioskButton {
                                objectName: "executeDisposal" + dueRow.index
                                visible: dueRow.requestId > 0
                                enabled: !root.desk.busy
                                //: Button: carry out an approved disposal.
                                text: qsTr("Carry out")
                                onClicked: { root.lastExecuted = dueRow.requestId; root.desk.executeDisposal(dueRow.requestId) }
                            }
                        }
                    }
                }
            }
            Text {
                visible: root.desk.dueList.count === 0 && !root.desk.dueLoading
                //: The disposal list is empty.
                text: qsTr("Nobody has left: nothing to dispose of.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: Theme.secondaryText
            }
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
// SubjectDetailPage: one person — personal data, the number (masked ••••-••••-•••• until a step-up
// reveal; then shown for a few seconds with a countdown, not selectable, never copied), the
// identity check, the documents that keep the number (with their retention rules), and the
// dependents of an employee. From here: change the details, register or replace the number, record
// the identity check or a document, add a dependent.
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

FocusScope {
    id: root

    property ClerkDesk desk
    readonly property SubjectDetail detail: desk.detail
    signal backRequested()
    signal setNumberRequested()
    signal verificationRequested()
    signal addDependentRequested()
    signal openRequested(string subjectId)
    signal editRequested()
    signal addDocumentRequested()

    ClerkWords { id: words }

    Flickable {
        anchors.fill: parent
        contentHeight: content.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        Column {
            id: content
            width: parent.width
            spacing: 14

            Row {
                spacing: 12
                KioskButton {
                    objectName: "backButton"
                    //: Button: back to the list.
                    text: qsTr("Back")
                    focus: true
                    onClicked: root.backRequested()
                }
                Text {
                    objectName: "detailTitle"
                    anchors.verticalCenter: parent.verticalCenter
                    text: root.detail.loaded ? root.detail.code + "  " + root.detail.name : ""
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.titleSize
                    color: Theme.text
                }
            }

            ErrorBanner { objectName: "detailError"; error: root.detail.error }
            ErrorBanner { objectName: "deskError"; error: root.desk.error }

            Grid {
                columns: content.width > 1400 ? 4 : 3
                columnSpacing: 28
                rowSpacing: 10
                Repeater {
                    model: [
                        //: Field label in a person's details.
                        { label: qsTr("Employee code"), value: root.detail.code, name: "detailCode" },
                        //: Field label in a person's details.
                        { label: qsTr("Name"), value: root.detail.name, name: "detailName" },
                        //: Field label in a person's details.
                        { label: qsTr("Name (kana)"), value: root.detail.nameKana, name: "detailKana" },
                        //: Field label in a person's details.
                        { label: qsTr("Kind"), value: Labels.kind(root.detail.kind), name: "detailKind" },
                        //: Field label in a person's details.
                        { label: qsTr("Department"), value: root.detail.department, name: "detailDepartment" },
                        //: Field label in a person's details.
                        { label: qsTr("Status"), value: Labels.status(root.detail.status), name: "detailStatus" },
                        //: Field label in a person's details.
                        { label: qsTr("Date of birth"), value: root.detail.birthDate, name: "detailBirthDate" },
                        //: Field label in a person's details.
                        { label: qsTr("Address"), value: root.detail.address, name: "detailAddress" },
                        //: Field label in a person's details: the purposes notified to the person.
                        { label: qsTr("Purposes notified"), value: root.detail.purposes.map(p => Labels.purpose(p)).join("、"), name: "detailPurposes" },
                        //: Field label in a person's details: identity check records.
                        { label: qsTr("Identity check"),
                          //: %1 = number of identity check records.
                          value: root.detail.hasVerification ? qsTr("Recorded (%1)").arg(root.detail.verificationCount)
                                                             //: No identity check recorded yet.
                                                             : qsTr("Not recorded"),
                          name: "detailVerification" }
                    ]
                    Column {
                        required property var modelData
                        spacing: 2
                        width: Math.floor((content.width - 28 * 3) / (content.width > 1400 ? 4 : 3))
                        Text {
                            text: modelData.label
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.smallSize
                            color: Theme.secondaryText
                        }
                        Text {
                            objectName: modelData.name
                            width: parent.width
                            text: modelData.value || "—"
                            wrapMode: Text.Wrap
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fieldSize
                            color: Theme.text
                        }
                    }
                }
            }

            // The number: masked unless revealed; plain Text (not selectable), so it cannot be copied.
            Rectangle {
                width: Math.min(content.width, 1000)
                height: 84
                radius: 8
                color: root.detail.revealed ? Theme.warningBackground : Theme.surface
                border.color: Theme.line
                Row {
                    anchors { left: parent.left; leftMargin: 20; verticalCenter: parent.verticalCenter }
                    spacing: 24
                    Column {
                        anchors.verticalCenter: parent.verticalCenter
                        Text {
                            //: Label of the individual number (個人番号) in a person's details.
                            text: qsTr("Individual number")
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.smallSize
                            color: Theme.secondaryText
                        }
                        Text {
                            objectName: "numberText"
                            text: root.detail.hasNumber ? root.detail.numberText
                                                        //: No number registered for this person.
                                                        : qsTr("Not registered")
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.titleSize
                            font.letterSpacing: 2
                            color: Theme.text
                        }
                    }
                    Text {
                        objectName: "revealCountdown"
                        anchors.verticalCenter: parent.verticalCenter
                        visible: root.detail.revealed
                        //: %1 = seconds until the revealed number is masked again.
                        text: qsTr("Masked again in %1 s").arg(root.detail.revealSecondsLeft)
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.smallSize
                        color: Theme.warning
                    }
                    KioskButton {
                        objectName: "revealButton"
                        anchors.verticalCenter: parent.verticalCenter
                        visible: root.detail.hasNumber && !root.detail.revealed
                        //: Button: show the number (asks for the PIN again).
                        text: qsTr("Show number (PIN)")
                        onClicked: Session.requestReveal(root.detail.subjectId)
                    }
                    KioskButton {
                        objectName: "maskButton"
                        anchors.verticalCenter: parent.verticalCenter
                        visible: root.detail.revealed
                        //: Button: hide the revealed number now.
                        text: qsTr("Hide now")
                        onClicked: root.detail.mask()
                    }
                }
            }

            Flow {
                width: content.width
                spacing: 12
                KioskButton {
                    objectName: "editButton"
                    //: Button: change the person's details.
                    text: qsTr("Change details")
                    enabled: root.detail.loaded
                    onClicked: root.editRequested()
                }
                KioskButton {
                    objectName: "setNumberButton"
                    text: root.detail.hasNumber
                          //: Button: replace the registered number.
                          ? qsTr("Correct the number")
                          //: Button: register the person's number.
                          : qsTr("Register the number")
                    enabled: root.detail.loaded
                    onClicked: root.setNumberRequested()
                }
                KioskButton {
                    objectName: "verificationButton"
                    //: Button: record the identity check.
                    text: qsTr("Record identity check")
                    enabled: root.detail.loaded
                    onClicked: root.verificationRequested()
                }
                KioskButton {
                    objectName: "addDependentButton"
                    visible: root.detail.kind === "employee"
                    //: Button: register a dependent of this employee.
                    text: qsTr("Add a dependent")
                    enabled: root.detail.loaded
                    onClicked: root.addDependentRequested()
                }
                KioskButton {
                    objectName: "addDocumentButton"
                    //: Button: record a document that used the number.
                    text: qsTr("Record a document")
                    enabled: root.detail.loaded
                    onClicked: root.addDocumentRequested()
                }
            }

            Repeater {
                objectName: "verificationRecords"
                model: root.detail.verifications
                Text {
                    required property int index
                    required property string method
                    required property string documents
                    required property var verifiedAt
                    objectName: "verificationRecord" + index
                    width: Math.min(content.width, 1000)
                    wrapMode: Text.Wrap
                    //: One identity check record: %1 = date, %2 = document combination, %3 = documents named.
                    text: qsTr("%1: %2 (%3)").arg(Qt.formatDate(verifiedAt, "yyyy-MM-dd"))
                                             .arg(Labels.verificationMethod(method)).arg(documents || "—")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.smallSize
                    color: Theme.secondaryText
                }
            }

            Text {
                //: Heading of the documents list; %1 = how many.
                text: qsTr("Documents kept (%1)").arg(root.detail.documents.count)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: Theme.text
            }
            Repeater {
                objectName: "documentsList"
                model: root.detail.documents
                Text {
                    required property int index
                    required property string ruleCode
                    required property int taxYear
                    required property string deadline
                    required property string filed
                    required property string completed
                    objectName: "documentRecord" + index
                    width: Math.min(content.width, 1100)
                    wrapMode: Text.Wrap
                    //: One document: %1 = its kind, %2 = tax year, %3 = deadline, %4 = filed, %5 = completed.
                    text: qsTr("%1 — tax year %2, deadline %3, filed %4, completed %5").arg(words.rule(ruleCode))
                          .arg(taxYear > 0 ? taxYear : "—").arg(deadline || "—").arg(filed || "—").arg(completed || "—")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.smallSize
                    color: Theme.secondaryText
                }
            }

            Text {
                visible: root.detail.kind === "employee"
                //: Heading of the dependents list; %1 = how many.
                text: qsTr("Dependents (%1)").arg(root.detail.dependents.total)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: Theme.text
            }
            Repeater {
                objectName: "dependentsList"
                model: root.detail.kind === "employee" ? root.detail.dependents : null
                KioskButton {
                    required property string subjectId
                    required property string code
                    required property string name
                    required property string kind
                    required property bool hasNumber
                    width: Math.min(content.width, 1000)
                    text: code + "  " + name + "  (" + Labels.kind(kind) + ")  "
                          + (hasNumber ? qsTr("Registered") : qsTr("None"))
                    onClicked: root.openRequested(subjectId)
                }
            }
        }
    }
}

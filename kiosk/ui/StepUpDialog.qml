// SPDX-License-Identifier: GPL-3.0-or-later
// StepUpDialog: revealing a number needs the card's PIN again (二重制御): the card signs this one
// operation and the signature goes into the audit log. The PIN goes to Session.submitStepUpPin and
// the field is emptied at once.
import QtQuick
import Mamori.Kiosk

Rectangle {
    id: root

    color: "#99000000"

    function submit() {
        if (Session.stepUpBusy || pin.text.length === 0)
            return
        Session.submitStepUpPin(pin.text)
        pin.text = ""
    }

    onVisibleChanged: if (visible) pin.forceInputFocus()

    MouseArea { anchors.fill: parent } // nothing behind the dialog is reachable

    Rectangle {
        anchors.centerIn: parent
        width: 720
        height: box.height + 64
        radius: 12
        color: Theme.surface

        Column {
            id: box
            anchors.centerIn: parent
            width: parent.width - 64
            spacing: 16

            Text {
                objectName: "stepUpTitle"
                width: parent.width
                wrapMode: Text.Wrap
                text: {
                    switch (Session.stepUpOperation) {
                    case "approve_disposal":
                        //: Title of the step-up dialog before an officer approves a disposal.
                        return qsTr("Enter your PIN again to approve this disposal")
                    case "approve_export":
                        //: Title of the step-up dialog before an officer approves a bulk export.
                        return qsTr("Enter your PIN again to approve this export")
                    case "export":
                    case "provide":
                        //: Title of the step-up dialog before data leaves the terminal.
                        return qsTr("Enter your PIN again to hand over this data")
                    default:
                        //: Title of the dialog that asks for the PIN again before a number is shown.
                        return qsTr("Enter your PIN again to show the number")
                    }
                }
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: Theme.text
            }
            Text {
                width: parent.width
                wrapMode: Text.Wrap
                text: Session.stepUpOperation === "reveal_number"
                      //: Under the step-up title: why the PIN is asked again.
                      ? qsTr("Your card signs this one viewing; it is recorded in the operation log.")
                      //: Under the step-up title for approvals and hand-overs.
                      : qsTr("Your card signs exactly this act; it is recorded in the operation log.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
            }
            KioskField {
                id: pin
                objectName: "stepUpPinField"
                width: parent.width
                //: Label of the PIN field.
                label: qsTr("PIN")
                echoMode: TextInput.Password
                maximumLength: 64
                inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText | Qt.ImhHiddenText
                field.enabled: !Session.stepUpBusy
                onAccepted: root.submit()
            }
            Text {
                objectName: "stepUpTries"
                visible: Session.triesLeft === 1 || Session.pinStatus === 1
                width: parent.width
                wrapMode: Text.Wrap
                text: Session.triesLeft === 1 ? qsTr("Last try: one more wrong PIN locks this card.")
                                              : qsTr("A wrong PIN was entered before. Fewer tries are left; type carefully.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.danger
            }
            ErrorBanner { objectName: "stepUpError"; width: parent.width; error: Session.stepUpError }
            Row {
                spacing: 12
                KioskButton {
                    objectName: "stepUpSubmit"
                    primary: true
                    enabled: !Session.stepUpBusy && pin.text.length > 0
                    text: Session.stepUpBusy
                          //: On the confirm button while the card signs.
                          ? qsTr("Checking…")
                          : Session.stepUpOperation === "reveal_number"
                            //: Button: confirm the PIN and show the number.
                            ? qsTr("Show")
                            //: Button: confirm the PIN and sign the act (approve, hand over).
                            : qsTr("Sign")
                    onClicked: root.submit()
                }
                KioskButton {
                    objectName: "stepUpCancel"
                    text: qsTr("Cancel")
                    onClicked: { pin.text = ""; Session.cancelStepUp() }
                }
            }
        }
    }
}

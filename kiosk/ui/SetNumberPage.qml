// SPDX-License-Identifier: GPL-3.0-or-later
// SetNumberPage: type the person's number, checked as it is typed (12 digits, check digit;
// full-width digits, spaces and hyphens accepted), by the same parser the vault uses. The field is
// masked like a PIN; the typed number is wiped once sent.
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

FocusScope {
    id: root

    property ClerkDesk desk
    signal done()

    NumberInput {
        id: number
        text: numberField.text
    }

    Connections {
        target: root.desk
        function onNumberSaved(subjectId) { numberField.text = ""; root.done() }
    }

    function submit() {
        if (!number.valid || root.desk.busy)
            return
        root.desk.setNumber(root.desk.detail.subjectId, number)
        numberField.text = ""
    }

    Column {
        spacing: 14
        width: parent.width

        Text {
            objectName: "numberTitle"
            //: Title of the form that stores a person's number; %1 = the person's code.
            text: qsTr("Individual number of %1").arg(root.desk.detail.code)
            font.family: Theme.fontFamily
            font.pixelSize: Theme.titleSize
            color: Theme.text
        }
        Text {
            objectName: "numberReplaceNote"
            visible: root.desk.detail.hasNumber
            width: parent.width
            wrapMode: Text.Wrap
            //: Above the number field when the person already has a number.
            text: qsTr("A number is registered. Saving replaces it; the change is recorded in the operation log.")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.warning
        }
        Text {
            width: parent.width
            wrapMode: Text.Wrap
            //: Under the title: what may be typed.
            text: qsTr("Type the 12 digits from the document. Full-width digits, spaces and hyphens are fine.")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
        }
        KioskField {
            id: numberField
            objectName: "numberField"
            //: Label of the number field.
            label: qsTr("Individual number")
            echoMode: TextInput.Password
            maximumLength: 40
            inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
            focus: true
            onAccepted: root.submit()
        }
        Text {
            objectName: "numberStatus"
            width: parent.width
            wrapMode: Text.Wrap
            text: number.valid
                  //: Live check: the typed number is valid.
                  ? qsTr("The number is valid.")
                  : number.error !== 0
                    ? Labels.error(number.error)
                    : number.digitCount > 0
                      //: Live check while typing; %1 = digits typed so far.
                      ? qsTr("%1 of 12 digits").arg(number.digitCount)
                      : ""
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: number.valid ? Theme.ok : number.error !== 0 ? Theme.danger : Theme.secondaryText
        }
        ErrorBanner { objectName: "setNumberError"; error: root.desk.error }
        Row {
            spacing: 12
            KioskButton {
                objectName: "numberSubmit"
                primary: true
                enabled: number.valid && !root.desk.busy
                //: Button: store the number.
                text: qsTr("Save the number")
                onClicked: root.submit()
            }
            KioskButton {
                objectName: "numberCancel"
                text: qsTr("Cancel")
                onClicked: { numberField.text = ""; root.done() }
            }
        }
    }
}

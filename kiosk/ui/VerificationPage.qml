// SPDX-License-Identifier: GPL-3.0-or-later
// VerificationPage: record how the number and the person's identity were checked — one of the six
// document combinations (番号確認 + 身元確認), and which documents, in words.
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

FocusScope {
    id: root

    property ClerkDesk desk
    property string method: ""
    signal done()

    Connections {
        target: root.desk
        function onVerificationRecorded(subjectId) { root.done() }
    }

    Column {
        spacing: 12
        width: parent.width

        Text {
            objectName: "verificationTitle"
            //: Title of the identity check form; %1 = the person's code.
            text: qsTr("Identity check for %1").arg(root.desk.detail.code)
            font.family: Theme.fontFamily
            font.pixelSize: Theme.titleSize
            color: Theme.text
        }
        Text {
            //: Over the list of document combinations.
            text: qsTr("Which documents were shown?")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
        }
        ButtonGroup { id: methods }
        Repeater {
            model: root.desk.verificationMethods
            RadioButton {
                required property string modelData
                required property int index
                objectName: "method_" + modelData
                ButtonGroup.group: methods
                text: Labels.verificationMethod(modelData)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.fieldSize
                focus: index === 0
                onToggled: if (checked) root.method = modelData
            }
        }
        KioskField {
            id: documents
            objectName: "documentsField"
            width: 760
            //: Form label: free text naming the documents (e.g. driving licence).
            label: qsTr("Documents (e.g. driving licence, passport)")
            maximumLength: 80
        }
        ErrorBanner { objectName: "verificationError"; error: root.desk.error }
        Row {
            spacing: 12
            KioskButton {
                objectName: "verificationSubmit"
                primary: true
                enabled: root.method !== "" && !root.desk.busy
                //: Button: store the identity check record.
                text: qsTr("Record")
                onClicked: root.desk.recordVerification(root.desk.detail.subjectId, root.method, documents.text)
            }
            KioskButton {
                objectName: "verificationCancel"
                text: qsTr("Cancel")
                onClicked: root.done()
            }
        }
    }
}

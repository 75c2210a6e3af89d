// SPDX-License-Identifier: GPL-3.0-or-later
// DocumentPage: record a legal document that used the open person's number (a 扶養控除等申告書, a
// 源泉徴収票, an insurance filing …) with its retention rule and the dates the rule counts from: the
// tax year, the filing deadline, the filing date, the day the matter was completed. The number is
// kept while any such document must be kept (RETENTION.md).
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

FocusScope {
    id: root

    property ClerkDesk desk
    signal done()

    ClerkWords { id: words }

    Connections {
        target: root.desk
        function onDocumentRecorded(subjectId, documentId) { root.done() }
    }

    readonly property bool yearValid: yearField.text.trim() === "" || /^(199\d|2[01]\d\d|2200)$/.test(yearField.text.trim())

    Flickable {
        anchors.fill: parent
        contentHeight: form.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        Column {
            id: form
            spacing: 12
            width: parent.width

            Text {
                objectName: "documentTitle"
                //: Title of the form that records a document; %1 = the person's code.
                text: qsTr("Record a document for %1").arg(root.desk.detail.code)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.titleSize
                color: Theme.text
            }
            ErrorBanner { objectName: "documentError"; error: root.desk.error }
            Column {
                spacing: 6
                Text {
                    //: Form label: the kind of document, which decides how long it is kept.
                    text: qsTr("Document (retention rule)")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.smallSize
                    color: Theme.secondaryText
                }
                ComboBox {
                    id: ruleBox
                    objectName: "documentRuleBox"
                    width: 760
                    focus: true
                    textRole: "text"
                    valueRole: "value"
                    model: root.desk.retentionRules.map(code => ({ value: code, text: words.rule(code) }))
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fieldSize
                }
            }
            Row {
                spacing: 24
                Column {
                    spacing: 12
                    KioskField {
                        id: yearField
                        objectName: "documentYearField"
                        //: Form label: the tax year the document is for.
                        label: qsTr("Tax year (e.g. 2025)")
                        maximumLength: 4
                        inputMethodHints: Qt.ImhDigitsOnly
                    }
                    KioskField {
                        id: deadlineField
                        objectName: "documentDeadlineField"
                        //: Form label: the filing deadline.
                        label: qsTr("Filing deadline (YYYY-MM-DD)")
                        maximumLength: 10
                        inputMethodHints: Qt.ImhDate
                    }
                }
                Column {
                    spacing: 12
                    KioskField {
                        id: filedField
                        objectName: "documentFiledField"
                        //: Form label: the day the document was filed.
                        label: qsTr("Filed on (YYYY-MM-DD)")
                        maximumLength: 10
                        inputMethodHints: Qt.ImhDate
                    }
                    KioskField {
                        id: completedField
                        objectName: "documentCompletedField"
                        //: Form label: the day the matter the document records was completed (完結の日).
                        label: qsTr("Completed on (YYYY-MM-DD)")
                        maximumLength: 10
                        inputMethodHints: Qt.ImhDate
                    }
                }
            }
            Text {
                visible: !root.yearValid
                //: The tax year typed is not a year the vault accepts.
                text: qsTr("The tax year is a year from 1990 to 2200.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.danger
            }
            Row {
                spacing: 12
                KioskButton {
                    objectName: "documentSubmit"
                    primary: true
                    enabled: !root.desk.busy && root.yearValid && ruleBox.currentIndex >= 0
                    //: Button: store the document record.
                    text: qsTr("Record")
                    onClicked: root.desk.recordDocument(root.desk.detail.subjectId, {
                        ruleCode: ruleBox.currentValue, taxYear: yearField.text, deadline: deadlineField.text,
                        filed: filedField.text, completed: completedField.text })
                }
                KioskButton {
                    objectName: "documentCancel"
                    text: qsTr("Cancel")
                    onClicked: { root.desk.clearError(); root.done() }
                }
            }
        }
    }
}

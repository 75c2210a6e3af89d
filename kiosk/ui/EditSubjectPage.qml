// SPDX-License-Identifier: GPL-3.0-or-later
// EditSubjectPage: change the open person's details — name, kana, date of birth, address, the
// department of an employee, and the status: active, left (an employee) or ended (a dependent's
// relationship), with the date. Only what changed is sent; the vault records the edit.
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

FocusScope {
    id: root

    property ClerkDesk desk
    readonly property SubjectDetail detail: desk.detail
    readonly property bool isEmployee: detail.kind === "employee" || detail.kind === "payee"
    signal done()

    Connections {
        target: root.desk
        function onEdited(subjectId) { root.done() }
    }

    function changes() {
        var fields = {}
        if (nameField.text.trim() !== root.detail.name) fields.name = nameField.text
        if (kanaField.text.trim() !== root.detail.nameKana) fields.nameKana = kanaField.text
        if (birthField.text.trim() !== root.detail.birthDate) fields.birthDate = birthField.text
        if (addressField.text.trim() !== root.detail.address) fields.address = addressField.text
        if (root.isEmployee && departmentBox.currentText !== "" && departmentBox.currentText !== root.detail.department)
            fields.department = departmentBox.currentText
        if (statusBox.currentValue !== root.detail.status) fields.status = statusBox.currentValue
        if (statusBox.currentValue !== "active" && statusDateField.text.trim() !== "")
            fields.statusDate = statusDateField.text
        return fields
    }
    readonly property bool statusDateMissing: statusBox.currentValue !== "active" && statusBox.currentValue !== root.detail.status
                                              && statusDateField.text.trim() === ""

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
                objectName: "editTitle"
                //: Title of the form that changes a person's details; %1 = the person's code.
                text: qsTr("Change the details of %1").arg(root.detail.code)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.titleSize
                color: Theme.text
            }
            ErrorBanner { objectName: "editError"; error: root.desk.error }

            Row {
                spacing: 24
                Column {
                    spacing: 12
                    KioskField {
                        id: nameField
                        objectName: "editNameField"
                        label: qsTr("Name (required)")
                        maximumLength: 128
                        text: root.detail.name
                        focus: true
                    }
                    KioskField {
                        id: kanaField
                        objectName: "editKanaField"
                        label: qsTr("Name in kana")
                        maximumLength: 128
                        text: root.detail.nameKana
                    }
                    KioskField {
                        id: birthField
                        objectName: "editBirthDateField"
                        label: qsTr("Date of birth (YYYY-MM-DD)")
                        maximumLength: 10
                        inputMethodHints: Qt.ImhDate
                        text: root.detail.birthDate
                    }
                    KioskField {
                        id: addressField
                        objectName: "editAddressField"
                        label: qsTr("Address")
                        maximumLength: 256
                        text: root.detail.address
                    }
                }
                Column {
                    spacing: 12
                    Column {
                        spacing: 6
                        visible: root.isEmployee
                        Text {
                            text: qsTr("Department")
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.smallSize
                            color: Theme.secondaryText
                        }
                        ComboBox {
                            id: departmentBox
                            objectName: "editDepartmentBox"
                            width: 520
                            model: root.desk.departments
                            currentIndex: root.desk.departments.indexOf(root.detail.department)
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fieldSize
                        }
                    }
                    Column {
                        spacing: 6
                        Text {
                            //: Form label: whether the person is still employed / the relationship continues.
                            text: qsTr("Status")
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.smallSize
                            color: Theme.secondaryText
                        }
                        ComboBox {
                            id: statusBox
                            objectName: "editStatusBox"
                            width: 520
                            textRole: "text"
                            valueRole: "value"
                            model: root.isEmployee
                                   ? [{ value: "active", text: Labels.status("active") },
                                      { value: "left", text: Labels.status("left") }]
                                   : [{ value: "active", text: Labels.status("active") },
                                      { value: "ended", text: Labels.status("ended") }]
                            Component.onCompleted: currentIndex = Math.max(0, indexOfValue(root.detail.status))
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fieldSize
                        }
                    }
                    KioskField {
                        id: statusDateField
                        objectName: "editStatusDateField"
                        visible: statusBox.currentValue !== "active"
                        label: root.isEmployee
                               //: Form label: the last day of employment.
                               ? qsTr("Last day of employment (YYYY-MM-DD)")
                               //: Form label: the day a dependent's relationship ended.
                               : qsTr("Day the relationship ended (YYYY-MM-DD)")
                        maximumLength: 10
                        inputMethodHints: Qt.ImhDate
                    }
                    Text {
                        objectName: "editStatusDateHint"
                        visible: root.statusDateMissing
                        width: 520
                        wrapMode: Text.Wrap
                        //: The status changes to left/ended: the date is needed (it decides when the number is disposed of).
                        text: qsTr("Type the date: it decides when the number may be disposed of.")
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.smallSize
                        color: Theme.danger
                    }
                }
            }

            Row {
                spacing: 12
                KioskButton {
                    objectName: "editSubmit"
                    primary: true
                    enabled: !root.desk.busy && nameField.text.trim().length > 0 && !root.statusDateMissing
                    //: Button: save the changed details.
                    text: qsTr("Save")
                    onClicked: {
                        const fields = root.changes()
                        if (Object.keys(fields).length === 0)
                            root.done()
                        else
                            root.desk.editSubject(root.detail.subjectId, fields)
                    }
                }
                KioskButton {
                    objectName: "editCancel"
                    text: qsTr("Cancel")
                    onClicked: { root.desk.clearError(); root.done() }
                }
            }
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
// RegisterSubjectPage: register an employee (code, department) or a dependent of the employee open
// (their code is the employee's with "-n" unless one is typed). Name required; date of birth as
// YYYY-MM-DD. By default the session's purpose is recorded as notified today, which the vault needs
// before a number can be stored.
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

FocusScope {
    id: root

    property ClerkDesk desk
    property string kind: "employee"
    property string parentId
    property string parentCode
    signal cancelled()
    signal registered(string subjectId)

    Connections {
        target: root.desk
        function onRegistered(subjectId, kind) { root.registered(subjectId) }
    }

    function submit() {
        var fields = {
            kind: kindBox.currentValue,
            name: nameField.text,
            nameKana: kanaField.text,
            code: codeField.text,
            birthDate: birthField.text,
            address: addressField.text
        }
        if (root.kind === "employee")
            fields.department = departmentBox.currentText
        else
            fields.parent = root.parentId
        root.desk.registerSubject(fields, notified.checked)
    }

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
                objectName: "registerTitle"
                text: root.kind === "employee"
                      //: Title of the form that registers an employee.
                      ? qsTr("Register an employee")
                      //: Title of the form that registers a dependent; %1 = the employee's code.
                      : qsTr("Register a dependent of %1").arg(root.parentCode)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.titleSize
                color: Theme.text
            }

            ErrorBanner { objectName: "registerError"; error: root.desk.error }

            Row {
                spacing: 24
                Column {
                    spacing: 12
                    KioskField {
                        id: nameField
                        objectName: "nameField"
                        //: Form label: the person's name in kanji (required).
                        label: qsTr("Name (required)")
                        maximumLength: 128
                        focus: true
                    }
                    KioskField {
                        id: kanaField
                        objectName: "kanaField"
                        //: Form label: the person's name in katakana.
                        label: qsTr("Name in kana")
                        maximumLength: 128
                    }
                    KioskField {
                        id: codeField
                        objectName: "codeField"
                        label: root.kind === "employee"
                               //: Form label: the employee code.
                               ? qsTr("Employee code")
                               //: Form label: a dependent's code; empty = the employee's code with -1, -2, …
                               : qsTr("Code (empty: %1-1, %1-2, …)").arg(root.parentCode)
                        maximumLength: 32
                    }
                }
                Column {
                    spacing: 12
                    KioskField {
                        id: birthField
                        objectName: "birthDateField"
                        //: Form label: date of birth, typed as year-month-day.
                        label: qsTr("Date of birth (YYYY-MM-DD)")
                        maximumLength: 10
                        inputMethodHints: Qt.ImhDate
                    }
                    KioskField {
                        id: addressField
                        objectName: "addressField"
                        //: Form label: address.
                        label: qsTr("Address")
                        maximumLength: 256
                    }
                    Column {
                        spacing: 6
                        Text {
                            text: root.kind === "employee"
                                  //: Form label: the department.
                                  ? qsTr("Department")
                                  //: Form label: the relationship to the employee.
                                  : qsTr("Relationship")
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.smallSize
                            color: Theme.secondaryText
                        }
                        ComboBox {
                            id: departmentBox
                            objectName: "departmentBox"
                            visible: root.kind === "employee"
                            width: 520
                            model: root.desk.departments
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fieldSize
                        }
                        ComboBox {
                            id: kindBox
                            objectName: "kindBox"
                            visible: root.kind !== "employee"
                            width: 520
                            textRole: "text"
                            valueRole: "value"
                            model: root.kind === "employee"
                                   ? [{ value: "employee", text: Labels.kind("employee") }]
                                   : [{ value: "dependent", text: Labels.kind("dependent") },
                                      { value: "spouse", text: Labels.kind("spouse") }]
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fieldSize
                        }
                    }
                }
            }

            CheckBox {
                id: notified
                objectName: "notifiedCheck"
                checked: true
                //: Checkbox: the purpose was told to the person today (the vault needs this before a number is stored).
                text: qsTr("The purpose “%1” was notified to this person today").arg(Labels.purpose(Session.purpose))
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
            }

            Row {
                spacing: 12
                KioskButton {
                    objectName: "registerSubmit"
                    primary: true
                    enabled: !root.desk.busy && nameField.text.trim().length > 0
                    //: Button: register the person.
                    text: qsTr("Register")
                    onClicked: root.submit()
                }
                KioskButton {
                    objectName: "registerCancel"
                    //: Button: leave the form without saving.
                    text: qsTr("Cancel")
                    onClicked: root.cancelled()
                }
            }
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
// EnrolCardPage: the administrator enrols a new IC card from its login certificate on the USB
// medium (the kiosk's one reader holds the administrator's own card). Three steps, by keyboard:
// pick the file (the card id, common name and validity are read from it); the holder's name, roles
// and departments; confirm — then OversightDesk does ListCards, CreateUser and EnrolCard. Always
// says that possession of the card was not proven here: the new holder proves it at their first
// sign-in. The card id is shown in groups of eight so that it never reads as a 12-digit number.
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

FocusScope {
    id: root

    property OversightDesk desk
    // "file", "details" or "confirm"
    property string step: "file"
    signal done(string enrolledName)

    readonly property var candidate: desk.candidate
    property var chosenRoles: []
    property var chosenDepartments: []

    function when(ms) {
        return ms ? Qt.formatDateTime(new Date(Number(ms)), "yyyy-MM-dd") : ""
    }
    function groupedId(id) {
        return id ? id.match(/.{1,8}/g).join(" ") : ""
    }
    function toggle(list, value, on) {
        const next = list.filter(v => v !== value)
        if (on)
            next.push(value)
        return next
    }
    function roleNames() {
        return root.chosenRoles.map(r => Labels.role(r)).join("、")
    }
    function departmentNames() {
        return root.chosenDepartments.map(code => {
            const found = root.desk.departmentChoices.find(d => d.code === code)
            return found && found.name ? found.name + " (" + code + ")" : code
        }).join("、")
    }
    function choose(fileName) {
        if (root.desk.chooseCertificate(fileName)) {
            nameField.text = root.candidate.commonName || ""
            root.chosenRoles = []
            root.chosenDepartments = []
            root.step = "details"
            nameField.forceInputFocus()
        }
    }
    // Keeps the focused item in view when a long department list scrolls.
    function reveal(item) {
        const at = item.mapToItem(content, 0, 0)
        if (at.y < flick.contentY)
            flick.contentY = at.y
        else if (at.y + item.height > flick.contentY + flick.height)
            flick.contentY = Math.min(at.y + item.height - flick.height, Math.max(0, flick.contentHeight - flick.height))
    }
    function cancel() {
        root.desk.cancelEnrolment()
        root.step = "file"
        root.done("")
    }

    Component.onCompleted: { desk.cancelEnrolment(); desk.refreshCertificateFiles() }

    Connections {
        target: root.desk
        function onEnrolled(cardId, userId) {
            const name = nameField.text.trim()
            root.step = "file"
            root.done(name)
        }
    }

    Keys.onEscapePressed: if (!root.desk.enrolling) root.cancel()

    Flickable {
        id: flick
        anchors { left: parent.left; right: parent.right; top: parent.top; bottom: actions.top; bottomMargin: 10 }
        contentHeight: content.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

        Column {
            id: content
            width: flick.width - 16
            spacing: 10

            Text {
                objectName: "enrolTitle"
                width: content.width
                wrapMode: Text.Wrap
                text: {
                    switch (root.step) {
                    //: Title of the card enrolment, step 2: who holds the new card.
                    case "details": return qsTr("Enrol a card — the holder")
                    //: Title of the card enrolment, step 3: confirm.
                    case "confirm": return qsTr("Enrol a card — confirm")
                    //: Title of the card enrolment, step 1: choose the certificate file.
                    default: return qsTr("Enrol a card — the certificate")
                    }
                }
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: Theme.text
            }

            // Possession is not proven at this terminal: said on every step.
            Rectangle {
                objectName: "enrolPossessionWarning"
                width: content.width
                height: warningText.implicitHeight + 24
                radius: 8
                color: Theme.warningBackground
                border.color: Theme.warning
                Text {
                    id: warningText
                    anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: 14 }
                    wrapMode: Text.Wrap
                    //: Card enrolment from a certificate file: the warning that the card itself was not checked.
                    text: qsTr("The card is enrolled from its certificate file only: possession of the card is not proven here. The new holder proves it at their first sign-in with the card and its PIN. Enrol only a certificate IT gave you for this person.")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.smallSize
                    color: Theme.warning
                }
            }

            ErrorBanner {
                objectName: "enrolError"
                width: content.width
                error: root.desk.enrolError
            }
            Text {
                objectName: "enrolAlreadyEnrolled"
                visible: root.candidate.enrolledTo !== undefined
                width: content.width
                wrapMode: Text.Wrap
                //: The chosen certificate's card is enrolled already; %1 = its holder's name.
                text: qsTr("This card is already enrolled for %1. A card is enrolled only once; a revoked card is never enrolled again.")
                      .arg(root.candidate.enrolledTo || "")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.danger
            }

            // 1. The certificate file on the medium.
            Text {
                visible: root.step === "file"
                width: content.width
                wrapMode: Text.Wrap
                text: root.desk.mediumPresent
                      //: Over the list of certificate files on the USB medium.
                      ? qsTr("Choose the new card's certificate file (.der, .pem, .crt or .cer) that IT put on the USB medium.")
                      //: No USB medium: what to do.
                      : qsTr("No USB medium found. Insert the medium with the certificate, then press Refresh.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: root.desk.mediumPresent ? Theme.secondaryText : Theme.danger
            }
            Flow {
                visible: root.step === "file"
                width: content.width
                spacing: 10
                Repeater {
                    model: root.desk.certificateFiles
                    KioskButton {
                        required property string modelData
                        required property int index
                        objectName: "certificateFile_" + index
                        focus: index === 0
                        text: modelData
                        onClicked: root.choose(modelData)
                    }
                }
            }
            Text {
                visible: root.step === "file" && root.desk.mediumPresent && root.desk.certificateFiles.length === 0
                //: The USB medium holds no certificate file.
                text: qsTr("There is no certificate file on the medium.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
            }

            // The certificate as read (steps 2 and 3).
            Rectangle {
                objectName: "enrolCertificate"
                visible: root.step !== "file" && root.candidate.cardId !== undefined
                width: content.width
                height: certificateColumn.implicitHeight + 24
                radius: 8
                color: Theme.surface
                border.color: Theme.line
                Column {
                    id: certificateColumn
                    anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: 14 }
                    spacing: 4
                    Text {
                        objectName: "enrolCardId"
                        width: parent.width
                        wrapMode: Text.WrapAnywhere
                        //: The new card's id (SHA-256 of its public key, in groups of 8); %1 = the id.
                        text: qsTr("Card id: %1").arg(root.groupedId(root.candidate.cardId))
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.smallSize
                        color: Theme.text
                    }
                    Text {
                        width: parent.width
                        wrapMode: Text.Wrap
                        //: The certificate's subject name and validity; %1 = name, %2 and %3 = dates, %4 = file name.
                        text: qsTr("Name in the certificate: %1 · valid %2 to %3 · file %4")
                              .arg(root.candidate.commonName || "—").arg(root.when(root.candidate.notBeforeMs))
                              .arg(root.when(root.candidate.notAfterMs)).arg(root.candidate.fileName || "")
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.smallSize
                        color: Theme.secondaryText
                    }
                    Text {
                        objectName: "enrolValidityWarning"
                        visible: root.candidate.expired === true || root.candidate.notYetValid === true
                        width: parent.width
                        wrapMode: Text.Wrap
                        text: root.candidate.expired === true
                              //: The certificate has expired: the card may not sign in.
                              ? qsTr("This certificate has expired. Ask IT for the card's current certificate.")
                              //: The certificate is not valid yet.
                              : qsTr("This certificate is not valid yet. Check the date with IT.")
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.smallSize
                        color: Theme.danger
                    }
                }
            }

            // 2. The holder: name, roles, departments.
            KioskField {
                id: nameField
                objectName: "enrolNameField"
                visible: root.step === "details"
                width: Math.min(content.width, 640)
                //: Label: the new card holder's display name.
                label: qsTr("Holder's name (shown on screens and in the log)")
                maximumLength: 42 // the vault takes 128 bytes: 42 kanji
                onAccepted: if (nextButton.enabled) nextButton.clicked()
            }
            // Roles and departments side by side: the step fits 1366x768 without scrolling.
            Row {
                visible: root.step === "details"
                width: content.width
                spacing: 24
                Column {
                    width: (parent.width - parent.spacing) * 0.45
                    spacing: 6
                    Text {
                        //: Label over the role choices (at least one).
                        text: qsTr("Roles (at least one)")
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.smallSize
                        color: Theme.secondaryText
                    }
                    Flow {
                        width: parent.width
                        spacing: 20
                        Repeater {
                            model: ["clerk", "officer", "admin"]
                            CheckBox {
                                required property string modelData
                                objectName: "enrolRole_" + modelData
                                text: Labels.role(modelData)
                                font.family: Theme.fontFamily
                                font.pixelSize: Theme.fieldSize
                                focusPolicy: Qt.StrongFocus
                                checked: root.chosenRoles.indexOf(modelData) >= 0
                                onToggled: root.chosenRoles = root.toggle(root.chosenRoles, modelData, checked)
                            }
                        }
                    }
                }
                Column {
                    width: (parent.width - parent.spacing) * 0.55
                    spacing: 6
                    Text {
                        width: parent.width
                        wrapMode: Text.Wrap
                        text: root.desk.departmentChoices.length > 0
                              //: Label over the department choices.
                              ? qsTr("Departments (a clerk sees only the people of these departments)")
                              //: No department known to the terminal.
                              : qsTr("No departments are known here; the holder gets none.")
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.smallSize
                        color: Theme.secondaryText
                    }
                    Flow {
                        width: parent.width
                        spacing: 20
                        Repeater {
                            model: root.desk.departmentChoices
                            CheckBox {
                                required property var modelData
                                required property int index
                                objectName: "enrolDepartment_" + index
                                text: modelData.name ? modelData.name + " (" + modelData.code + ")" : modelData.code
                                font.family: Theme.fontFamily
                                font.pixelSize: Theme.fieldSize
                                focusPolicy: Qt.StrongFocus
                                checked: root.chosenDepartments.indexOf(modelData.code) >= 0
                                onToggled: root.chosenDepartments = root.toggle(root.chosenDepartments, modelData.code, checked)
                                onActiveFocusChanged: if (activeFocus) root.reveal(this)
                            }
                        }
                    }
                }
            }

            // 3. Confirm.
            Text {
                objectName: "enrolSummary"
                visible: root.step === "confirm"
                width: content.width
                wrapMode: Text.Wrap
                text: {
                    Language.code
                    //: Confirmation of the card enrolment; %1 = name, %2 = roles, %3 = departments.
                    return qsTr("Enrol this card for %1 — roles: %2 — departments: %3?")
                        .arg(nameField.text.trim()).arg(root.roleNames())
                        //: No department chosen.
                        .arg(root.chosenDepartments.length > 0 ? root.departmentNames() : qsTr("none"))
                }
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: Theme.text
            }
            Text {
                visible: root.step === "confirm"
                width: content.width
                wrapMode: Text.Wrap
                //: Under the enrolment confirmation.
                text: qsTr("The card can sign in from now on. This is recorded in the operation log with your name.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
            }
        }
    }

    // The step's buttons, always on screen (the content above scrolls).
    Column {
        id: actions
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        spacing: 6
        Row {
            visible: root.step === "file"
            spacing: 12
            KioskButton {
                objectName: "enrolRefresh"
                //: Button: look at the USB medium again.
                text: qsTr("Refresh")
                onClicked: { root.desk.cancelEnrolment(); root.desk.refreshCertificateFiles() }
            }
            KioskButton {
                objectName: "enrolCancel"
                //: Button: leave the card enrolment without enrolling.
                text: qsTr("Cancel")
                onClicked: root.cancel()
            }
        }
        Row {
            visible: root.step === "details"
            spacing: 12
            KioskButton {
                objectName: "enrolDetailsBack"
                //: Button: back to the previous step.
                text: qsTr("Back")
                onClicked: { root.desk.cancelEnrolment(); root.desk.refreshCertificateFiles(); root.step = "file" }
            }
            KioskButton {
                id: nextButton
                objectName: "enrolNext"
                primary: true
                //: Button: on to the confirmation.
                text: qsTr("Next")
                enabled: nameField.text.trim().length > 0 && root.chosenRoles.length > 0
                onClicked: { root.step = "confirm"; enrolButton.forceActiveFocus() }
            }
            Text {
                visible: !nextButton.enabled
                anchors.verticalCenter: parent.verticalCenter
                //: Why Next is disabled.
                text: qsTr("Enter the name and choose at least one role.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
            }
        }
        Row {
            visible: root.step === "confirm"
            spacing: 12
            KioskButton {
                objectName: "enrolConfirmBack"
                text: qsTr("Back")
                enabled: !root.desk.enrolling
                onClicked: { root.desk.clearEnrolError(); root.step = "details"; nameField.forceInputFocus() }
            }
            KioskButton {
                id: enrolButton
                objectName: "enrolConfirm"
                primary: true
                //: Button: enrol the card (CreateUser + EnrolCard).
                text: root.desk.enrolling ? qsTr("Enrolling…") : qsTr("Enrol the card")
                enabled: !root.desk.enrolling && root.candidate.enrolledTo === undefined
                onClicked: root.desk.enrolCard(nameField.text, root.chosenRoles, root.chosenDepartments)
            }
            KioskButton {
                objectName: "enrolConfirmCancel"
                text: qsTr("Cancel")
                enabled: !root.desk.enrolling
                onClicked: root.cancel()
            }
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
// AdminScreen: the administrator's workspace — the operation log (filters; the chain's head, the
// newest signed checkpoint and a full chain check), alerts, the enrolled IC cards (revocation ends
// the card's sessions at once; a new card is enrolled from its certificate file on the USB medium:
// EnrolCardPage), and the device's state with a backup to the USB medium (BackupJob: progress,
// cancel). Never a number: the log and these lists hold none.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Mamori.Kiosk

Rectangle {
    id: root

    property string deviceName
    readonly property OversightDesk desk: Session.oversight

    color: Theme.background

    function when(ms) {
        return ms ? Qt.formatDateTime(new Date(Number(ms)), "yyyy-MM-dd HH:mm") : ""
    }
    function size(bytes) {
        const n = Number(bytes)
        if (n >= 1048576)
            return (n / 1048576).toLocaleString(Qt.locale(), "f", 1) + " MB"
        if (n >= 1024)
            return (n / 1024).toLocaleString(Qt.locale(), "f", 1) + " KB"
        return n + " B"
    }

    ScreenHeader {
        id: header
        anchors { left: parent.left; right: parent.right; top: parent.top }
        deviceName: root.deviceName
        //: Title of the administrator's screens.
        title: qsTr("Administrator")
    }
    WorkspaceBar {
        id: bar
        anchors { left: parent.left; right: parent.right; top: header.bottom }
    }

    TabBar {
        id: tabs
        objectName: "adminTabs"
        anchors { left: parent.left; right: parent.right; top: bar.bottom; leftMargin: Theme.compactMargin }
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fieldSize
        TabButton {
            objectName: "logTab"
            //: Tab: the operation log viewer.
            text: qsTr("Operation log")
            width: implicitWidth + 40
        }
        TabButton {
            objectName: "alertsTab"
            //: Tab: alerts; %1 = how many are shown.
            text: qsTr("Alerts (%1)").arg(root.desk.alerts.count)
            width: implicitWidth + 40
        }
        TabButton {
            objectName: "cardsTab"
            //: Tab: the enrolled IC cards.
            text: qsTr("IC cards")
            width: implicitWidth + 40
        }
        TabButton {
            objectName: "deviceTab"
            //: Tab: the terminal's state.
            text: qsTr("Device")
            width: implicitWidth + 40
        }
    }

    StackLayout {
        anchors { left: parent.left; right: parent.right; top: tabs.bottom; bottom: parent.bottom; margins: Theme.compactMargin }
        currentIndex: tabs.currentIndex

        Item {
            objectName: "logPage"
            Rectangle {
                id: chainBox
                objectName: "chainBox"
                anchors { left: parent.left; right: parent.right; top: parent.top }
                height: 64
                radius: 8
                color: Theme.surface
                border.color: root.desk.chain.clean === false ? Theme.danger : Theme.line
                Text {
                    objectName: "chainStatus"
                    anchors { left: parent.left; leftMargin: 16; right: verifyButton.left; rightMargin: 12; verticalCenter: parent.verticalCenter }
                    elide: Text.ElideRight
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.smallSize
                    color: root.desk.chain.clean === false ? Theme.danger : Theme.text
                    text: {
                        Language.code
                        //: Log viewer: the newest entry and the newest signed checkpoint; %1, %2 = sequence numbers, %3 = time.
                        let line = qsTr("Newest entry #%1 · signed checkpoint #%2 (%3)")
                            .arg(root.desk.log.headSequence).arg(root.desk.log.checkpointSequence)
                            .arg(root.when(root.desk.log.checkpointMs))
                        if (root.desk.chain.clean === true)
                            //: After a chain check; %1 = entries verified, %2 = checkpoints verified.
                            line += " · " + qsTr("Chain intact: %1 entries, %2 checkpoints verified")
                                .arg(root.desk.chain.entriesVerified).arg(root.desk.chain.checkpointsVerified)
                        else if (root.desk.chain.clean === false)
                            //: After a chain check that found damage; %1 = kind of damage, %2 = sequence.
                            line += " · " + qsTr("Chain damaged: %1 at entry #%2. Call IT; do not use the terminal.")
                                .arg(root.desk.chain.damage).arg(root.desk.chain.sequence)
                        return line
                    }
                }
                KioskButton {
                    id: verifyButton
                    objectName: "verifyChainButton"
                    anchors { right: parent.right; rightMargin: 12; verticalCenter: parent.verticalCenter }
                    //: Button: verify the whole operation log's chain and signatures.
                    text: qsTr("Check the chain")
                    enabled: !root.desk.busy
                    onClicked: root.desk.verifyChain()
                }
            }
            AuditLogView {
                objectName: "adminLogView"
                anchors { left: parent.left; right: parent.right; top: chainBox.bottom; topMargin: 12; bottom: parent.bottom }
                model: root.desk.log
                people: root.desk.cards
            }
        }

        AuditLogView {
            objectName: "alertView"
            model: root.desk.alerts
            showFilters: false
        }

        Item {
            id: cardsPage
            objectName: "cardsPage"
            // The holder of the card enrolled last, for the note after an enrolment.
            property string enrolledName
            ErrorBanner {
                id: cardError
                objectName: "cardError"
                anchors { left: parent.left; top: parent.top }
                error: root.desk.error
            }
            Row {
                id: enrolRow
                anchors { left: parent.left; right: parent.right; top: cardError.bottom; topMargin: 8 }
                spacing: 16
                visible: !enrolPage.active
                KioskButton {
                    id: enrolButton
                    objectName: "enrolCardButton"
                    //: Button on the cards page: enrol a new card from its certificate file.
                    text: qsTr("Enrol a card")
                    onClicked: { cardsPage.enrolledName = ""; enrolPage.active = true }
                }
                Text {
                    id: enrolHint
                    width: parent.width - enrolButton.width - parent.spacing
                    anchors.verticalCenter: parent.verticalCenter
                    wrapMode: Text.Wrap
                    text: cardsPage.enrolledName !== ""
                          //: After an enrolment; %1 = the new holder's name.
                          ? qsTr("The card for %1 is enrolled. They prove they hold it at their first sign-in.").arg(cardsPage.enrolledName)
                          //: On the cards page: how new cards are enrolled.
                          : qsTr("A new card is enrolled from its certificate file, which IT brings on the USB medium. Your card stays in the reader.")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.smallSize
                    color: cardsPage.enrolledName !== "" ? Theme.ok : Theme.secondaryText
                }
            }
            Loader {
                id: enrolPage
                objectName: "enrolLoader"
                anchors { left: parent.left; right: parent.right; top: cardError.bottom; topMargin: 8; bottom: parent.bottom }
                active: false
                visible: active
                sourceComponent: EnrolCardPage {
                    objectName: "enrolPage"
                    desk: root.desk
                    focus: true
                    onDone: function(enrolledName) {
                        cardsPage.enrolledName = enrolledName
                        enrolPage.active = false
                        enrolButton.forceActiveFocus()
                    }
                }
                onLoaded: item.forceActiveFocus()
            }
            ListView {
                id: cards
                objectName: "cardList"
                anchors { left: parent.left; right: parent.right; top: enrolRow.bottom; topMargin: 12; bottom: parent.bottom }
                visible: !enrolPage.active
                clip: true
                spacing: 8
                model: root.desk.cards
                keyNavigationEnabled: true
                activeFocusOnTab: true
                delegate: Rectangle {
                    id: card
                    required property int index
                    required property string cardId
                    required property string displayName
                    required property var roles
                    required property var departments
                    required property var enrolledMs
                    required property bool revoked
                    width: ListView.view.width
                    height: 84
                    radius: 8
                    color: card.revoked ? Theme.background : Theme.surface
                    border.color: Theme.line
                    Column {
                        anchors { left: parent.left; leftMargin: 20; verticalCenter: parent.verticalCenter }
                        spacing: 4
                        Text {
                            text: card.displayName + " · " + card.roles.map(r => Labels.role(r)).join("、")
                                  + (card.departments.length > 0 ? " · " + card.departments.join("、") : "")
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fieldSize
                            color: card.revoked ? Theme.disabledText : Theme.text
                        }
                        Text {
                            // Eight hex digits: never a run that reads as a 12-digit number.
                            text: card.revoked
                                  //: Under a card: revoked; %1 = the card's id (first digits).
                                  ? qsTr("Card %1… · revoked").arg(card.cardId.substring(0, 8))
                                  //: Under a card: enrolled on a date; %1 = the card's id (first digits), %2 = date.
                                  : qsTr("Card %1… · enrolled %2").arg(card.cardId.substring(0, 8)).arg(root.when(card.enrolledMs))
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.smallSize
                            color: Theme.secondaryText
                        }
                    }
                    KioskButton {
                        objectName: "revokeButton" + card.index
                        visible: !card.revoked
                        anchors { right: parent.right; rightMargin: 20; verticalCenter: parent.verticalCenter }
                        //: Button: revoke a card (asks to confirm).
                        text: qsTr("Revoke")
                        onClicked: { confirm.cardId = card.cardId; confirm.name = card.displayName; confirm.open() }
                    }
                }
            }
        }

        Item {
            objectName: "devicePage"
            Column {
                anchors { left: parent.left; right: parent.right; top: parent.top }
                spacing: 10
                Repeater {
                    model: {
                        Language.code
                        const d = root.desk.device
                        const backup = d.lastBackup || {}
                        const delivery = d.lastDelivery || {}
                        return [
                            //: Device page: the terminal's id.
                            { label: qsTr("Device id"), value: d.deviceId || "" },
                            //: Device page: the TPM; the vault answers only with its key unsealed by the TPM.
                            { label: qsTr("TPM"), value: d.vaultOpen ? (d.tpmCounter !== undefined
                                ? qsTr("Key unsealed; counter %1").arg(d.tpmCounter) : qsTr("Key unsealed")) : "" },
                            //: Device page: the newest audit entry.
                            { label: qsTr("Operation log"), value: d.auditHead !== undefined ? "#" + d.auditHead : "" },
                            //: Device page: the newest backup (from the log).
                            { label: qsTr("Last backup"), value: backup.timeMs ? root.when(backup.timeMs) + " · " + Labels.result(backup.result) : qsTr("None yet") },
                            //: Device page: the newest provision or delivery through the network (from the log).
                            { label: qsTr("Network (last provision)"), value: delivery.timeMs ? root.when(delivery.timeMs) + " · " + Labels.result(delivery.result) + " · " + delivery.detail : qsTr("None yet") },
                            //: Device page: the kiosk's version.
                            { label: qsTr("Version"), value: d.version || "" }
                        ]
                    }
                    Row {
                        required property var modelData
                        spacing: 24
                        Text {
                            width: 320
                            text: modelData.label
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fieldSize
                            color: Theme.secondaryText
                        }
                        Text {
                            text: modelData.value
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.fieldSize
                            color: Theme.text
                        }
                    }
                }
                KioskButton {
                    objectName: "refreshDeviceButton"
                    //: Button: read the device's state again.
                    text: qsTr("Refresh")
                    onClicked: root.desk.refreshDevice()
                }

                // Backup to the USB medium (BackupJob): no progress from the vault, so an
                // indicator and the seconds; then the file, its size and the log it covers.
                Rectangle {
                    id: backupBox
                    objectName: "backupBox"
                    readonly property BackupJob job: root.desk.backup
                    width: parent.width
                    height: backupColumn.implicitHeight + 28
                    radius: 8
                    color: Theme.surface
                    border.color: Theme.line
                    Column {
                        id: backupColumn
                        anchors { left: parent.left; right: parent.right; top: parent.top; margins: 14 }
                        spacing: 10
                        Row {
                            spacing: 16
                            KioskButton {
                                id: backupButton
                                objectName: "backupButton"
                                primary: true
                                enabled: !backupBox.job.running
                                //: Button on the device page: write an encrypted backup of the vault to the USB medium.
                                text: qsTr("Take a backup to the USB medium")
                                onClicked: backupBox.job.start()
                            }
                            KioskButton {
                                id: backupCancel
                                objectName: "backupCancelButton"
                                visible: backupBox.job.running
                                //: Button: stop the running backup; the partial file is removed.
                                text: qsTr("Cancel the backup")
                                onClicked: { backupBox.job.cancel(); backupButton.forceActiveFocus() }
                                onVisibleChanged: if (visible) forceActiveFocus()
                            }
                            BusyIndicator {
                                objectName: "backupBusy"
                                visible: backupBox.job.running
                                running: visible
                                width: 48
                                height: 48
                            }
                        }
                        Text {
                            objectName: "backupStatus"
                            width: parent.width
                            wrapMode: Text.Wrap
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.smallSize
                            color: backupBox.job.state === BackupJob.Done ? Theme.ok : Theme.text
                            text: {
                                Language.code
                                const job = backupBox.job
                                switch (job.state) {
                                case BackupJob.Running:
                                    //: While the vault writes the backup; %1 = seconds so far.
                                    return qsTr("The vault is writing the encrypted backup to the medium… %1 s. Do not remove the medium.").arg(job.elapsedSeconds)
                                case BackupJob.Done:
                                    //: After a backup; %1 = file name on the medium, %2 = size, %3 = the newest log entry it holds.
                                    return qsTr("Backup written to “%1” (%2). It holds the operation log up to entry #%3.")
                                        .arg(job.fileName).arg(root.size(job.bytes)).arg(job.auditSequence)
                                case BackupJob.Cancelled:
                                    return job.finishedAfterCancel
                                        //: Cancelled, but the vault had finished writing into the removed file.
                                        ? qsTr("Cancelled. The vault had already finished, and the operation log records the backup, but its file was removed from the medium.")
                                        //: After cancelling a backup.
                                        : qsTr("Cancelled. The unfinished file was removed from the medium.")
                                case BackupJob.Failed:
                                    return job.error === 4
                                        //: A backup without a USB medium.
                                        ? qsTr("No USB medium was found. Insert it and try again. No file was written.")
                                        //: A backup that failed; the error follows.
                                        : qsTr("The backup was not written. No file was left on the medium.")
                                }
                                //: Before a backup: what it is.
                                return qsTr("An encrypted copy of the whole vault, written to the USB medium. Keep the medium locked away.")
                            }
                        }
                        ErrorBanner {
                            objectName: "backupError"
                            width: Math.min(parent.width, 1000)
                            error: backupBox.job.state === BackupJob.Failed ? backupBox.job.error : 0
                        }
                    }
                }
            }
        }
    }

    Dialog {
        id: confirm
        objectName: "revokeDialog"
        property string cardId
        property string name
        anchors.centerIn: parent
        modal: true
        font.family: Theme.fontFamily
        font.pixelSize: Theme.fieldSize
        //: Confirmation before revoking a card; %1 = the holder's name.
        title: qsTr("Revoke %1's card?").arg(name)
        standardButtons: Dialog.Ok | Dialog.Cancel
        Text {
            width: 560
            wrapMode: Text.Wrap
            //: In the revoke confirmation.
            text: qsTr("The card can no longer sign in, and any session it has ends now. This is recorded in the operation log.")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.text
        }
        onAccepted: root.desk.revokeCard(cardId)
    }
}

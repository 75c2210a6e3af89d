// SPDX-License-Identifier: GPL-3.0-or-later
// ExportPage: hand the people selected in the list over to a destination from the device's
// configuration — a USB medium (a file the vault writes; the kiosk never holds the bytes) or an
// endpoint (left for the courier). Each is signed by the card after the PIN is typed again. More
// people than the bulk threshold need an officer's approval first (二重制御): ask for it, and run the
// request once approved. The page says what is missing before anything starts.
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

FocusScope {
    id: root

    property ClerkDesk desk
    readonly property ExportJob job: desk.exporter
    readonly property bool busy: job.state === ExportJob.Signing || job.state === ExportJob.Running
                                 || job.state === ExportJob.Requesting
    signal done()

    ClerkWords { id: words }

    Component.onCompleted: job.load()

    // The PIN dialog closed without the act finishing (Cancel there): stop waiting here too.
    Connections {
        target: Session
        function onStepUpPendingChanged() {
            if (!Session.stepUpPending && (root.job.state === ExportJob.Signing || root.job.state === ExportJob.Running))
                root.job.cancel()
        }
    }

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
                    objectName: "exportBack"
                    text: qsTr("Back")
                    enabled: !root.busy
                    onClicked: { root.job.reset(); root.done() }
                }
                Text {
                    objectName: "exportTitle"
                    anchors.verticalCenter: parent.verticalCenter
                    //: Title of the export / provision screen.
                    text: qsTr("Hand over data")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.titleSize
                    color: Theme.text
                }
            }
            Text {
                objectName: "exportCount"
                //: %1 = how many people are selected in the list.
                text: qsTr("%1 people selected").arg(root.job.subjectCount)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: Theme.text
            }

            Text {
                //: Over the list of destinations.
                text: qsTr("Where does the data go?")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
            }
            ButtonGroup { id: destinationGroup }
            Repeater {
                model: root.job.destinations
                RadioButton {
                    required property int index
                    required property string code
                    required property string name
                    required property string kind
                    required property bool numbersAllowed
                    objectName: "destination_" + code
                    ButtonGroup.group: destinationGroup
                    focus: index === 0
                    enabled: !root.busy
                    checked: root.job.destination === code
                    //: A destination: %1 = its name, %2 = its kind, %3 = whether numbers go with the data.
                    text: qsTr("%1 — %2, %3").arg(name).arg(words.destinationKind(kind))
                          //: A destination whose payloads include the individual numbers.
                          .arg(numbersAllowed ? qsTr("with numbers")
                                              //: A destination whose payloads never include numbers.
                                              : qsTr("without numbers"))
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.fieldSize
                    onToggled: if (checked) root.job.destination = code
                }
            }
            Text {
                visible: root.job.destinations.count === 0 && !root.job.loading
                width: content.width
                wrapMode: Text.Wrap
                //: No destination is configured for the session's purpose.
                text: qsTr("No destination serves this purpose on this terminal. Ask the system administrator.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.danger
            }

            // What is missing, before anything starts.
            Text {
                objectName: "exportProblem"
                width: Math.min(content.width, 1100)
                wrapMode: Text.Wrap
                visible: text !== "" && !root.busy
                text: {
                    Language.code
                    switch (root.job.problem) {
                    case ExportJob.NoSubjects:
                        //: Export validation: nobody selected.
                        return qsTr("Select the people first: go back to the list, press “Select for hand-over” and mark them.")
                    case ExportJob.TooManySubjects:
                        //: Export validation: too many people for one act.
                        return qsTr("At most 10,000 people can be handed over at once. Select fewer.")
                    case ExportJob.NoDestination:
                        //: Export validation: no destination chosen.
                        return qsTr("Choose where the data goes.")
                    case ExportJob.NoMedium:
                        //: Export validation: the USB medium is missing.
                        return qsTr("Insert the USB medium, then press Refresh.")
                    }
                    if (root.job.needsApproval)
                        //: More people than the bulk threshold: an officer approves first; %1 = the threshold.
                        return qsTr("More than %1 people: an officer must approve this first (two-person rule). Ask for approval; once the officer has approved it at this terminal, run it below.")
                               .arg(root.job.bulkThreshold)
                    return ""
                }
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: root.job.needsApproval && root.job.problem === ExportJob.None ? Theme.warning : Theme.danger
            }
            Text {
                visible: root.job.destination !== "" && !root.job.numbersAllowed
                width: content.width
                wrapMode: Text.Wrap
                //: The chosen destination may not receive numbers.
                text: qsTr("The numbers are left out for this destination.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
            }

            Flow {
                width: content.width
                spacing: 12
                KioskButton {
                    objectName: "exportStart"
                    primary: true
                    visible: !root.job.needsApproval
                    enabled: root.job.problem === ExportJob.None && !root.busy
                    text: root.job.destinationKind === "endpoint"
                          //: Button: provide the data to the endpoint (asks for the PIN).
                          ? qsTr("Provide (PIN)")
                          //: Button: write the data to the USB medium (asks for the PIN).
                          : qsTr("Export to the medium (PIN)")
                    onClicked: root.job.start()
                }
                KioskButton {
                    objectName: "exportRequestApproval"
                    primary: true
                    visible: root.job.needsApproval
                    enabled: root.job.problem === ExportJob.None && !root.busy
                    //: Button: ask an officer to approve a bulk export.
                    text: qsTr("Ask for an officer's approval")
                    onClicked: root.job.requestApproval()
                }
                KioskButton {
                    objectName: "exportRefresh"
                    enabled: !root.busy
                    text: qsTr("Refresh")
                    onClicked: root.job.load()
                }
            }

            // Progress and outcome.
            Row {
                visible: root.busy
                spacing: 16
                BusyIndicator { running: root.busy; width: 48; height: 48 }
                Text {
                    objectName: "exportProgress"
                    anchors.verticalCenter: parent.verticalCenter
                    text: root.job.state === ExportJob.Signing
                          //: Waiting for the PIN in the dialog.
                          ? qsTr("Waiting for your PIN…")
                          : root.job.state === ExportJob.Requesting
                            //: While the approval request is sent.
                            ? qsTr("Sending the request…")
                            //: While the vault writes or hands over the data; %1 = seconds so far.
                            : qsTr("The vault is preparing the data… %1 s").arg(root.job.elapsedSeconds)
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.bodySize
                    color: Theme.text
                }
                KioskButton {
                    objectName: "exportCancel"
                    text: qsTr("Cancel")
                    onClicked: { Session.cancelStepUp(); root.job.cancel() }
                }
            }
            ErrorBanner {
                objectName: "exportError"
                width: Math.min(content.width, 1000)
                error: root.job.state === ExportJob.Failed ? root.job.error : 0
            }
            Text {
                objectName: "exportOutcome"
                width: Math.min(content.width, 1100)
                wrapMode: Text.Wrap
                visible: text !== ""
                text: {
                    Language.code
                    switch (root.job.state) {
                    case ExportJob.Done:
                        return (root.job.resultOperation === "export"
                                //: After an export; %1 = people, %2 = file name on the medium, %3 = operation log entry.
                                ? qsTr("%1 people written to “%2” on the medium (operation log entry %3).")
                                //: After a provision; %1 = people, %2 = payload name, %3 = operation log entry.
                                : qsTr("%1 people handed to the courier as “%2” (operation log entry %3)."))
                               .arg(root.job.resultSubjects).arg(root.job.resultFile).arg(root.job.resultSequence)
                               + " " + (root.job.resultContainsNumbers
                                        //: The payload holds the individual numbers.
                                        ? qsTr("The numbers are included.")
                                        //: The payload holds no number.
                                        : qsTr("No number is included."))
                    case ExportJob.Requested:
                        //: After asking for approval; %1 = request number.
                        return qsTr("Request %1 sent. An officer approves it with their card at this terminal; then run it below.")
                               .arg(root.job.requestId)
                    case ExportJob.Cancelled:
                        return root.job.finishedAfterCancel !== ""
                               //: Cancelled, but the vault had already finished; %1 = file or payload name.
                               ? qsTr("You cancelled, but the vault had already finished: “%1”. The act is in the operation log.")
                                 .arg(root.job.finishedAfterCancel)
                               //: After a cancel.
                               : qsTr("Cancelled. Before your card signs, nothing happens. If the vault had already received the act, it completes it and this screen says so.")
                    }
                    return ""
                }
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: root.job.state === ExportJob.Done ? Theme.ok : Theme.text
            }

            // The clerk's bulk requests.
            Text {
                visible: root.job.requests.count > 0
                //: Heading of the list of bulk requests.
                text: qsTr("Your requests for approval")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: Theme.text
            }
            Repeater {
                objectName: "exportRequests"
                model: root.job.requests
                Row {
                    required property int index
                    required property var requestId
                    required property string operation
                    required property string destination
                    required property var subjects
                    required property string status
                    spacing: 16
                    Text {
                        objectName: "exportRequest" + index
                        anchors.verticalCenter: parent.verticalCenter
                        //: A bulk request: %1 = number, %2 = people, %3 = destination code, %4 = state.
                        text: qsTr("Request %1: %2 people to %3 — %4").arg(requestId).arg(subjects).arg(destination)
                              .arg(words.requestStatus(status))
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.smallSize
                        color: Theme.text
                    }
                    KioskButton {
                        objectName: "exportRun" + index
                        visible: status === "approved"
                        enabled: !root.busy && root.job.canRun(requestId)
                        //: Button: carry out an approved bulk request (asks for the PIN).
                        text: qsTr("Run (PIN)")
                        onClicked: root.job.runApproved(requestId)
                    }
                    Text {
                        visible: status === "approved" && !root.job.canRun(requestId)
                        anchors.verticalCenter: parent.verticalCenter
                        //: An approved request whose list of people this terminal no longer holds (it was restarted).
                        text: qsTr("(the list of people is no longer on this terminal: ask again)")
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.smallSize
                        color: Theme.secondaryText
                    }
                }
            }
        }
    }
}

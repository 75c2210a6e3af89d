// SPDX-License-Identifier: GPL-3.0-or-later
// ImportPage: import people from a payroll CSV on the USB medium. Pick a file; see its first rows
// (the number columns masked, never shown); let the vault check it — all or nothing: any issue and
// nothing is written, the issues listed by line and column (never a value); then, if the clerk
// chooses, import only the valid rows. While the vault works, a counter runs and Cancel returns the
// screen at once; the vault writes an import as one whole, so nothing is ever half imported.
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

FocusScope {
    id: root

    property ClerkDesk desk
    readonly property ImportJob job: desk.importer
    signal done()

    ClerkWords { id: words }

    Component.onCompleted: job.refreshFiles()

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
                    objectName: "importBack"
                    //: Button: back to the list.
                    text: qsTr("Back")
                    enabled: root.job.state !== ImportJob.Running
                    onClicked: { root.job.reset(); root.done() }
                }
                Text {
                    objectName: "importTitle"
                    anchors.verticalCenter: parent.verticalCenter
                    //: Title of the CSV import screen.
                    text: qsTr("Import people from a CSV file")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.titleSize
                    color: Theme.text
                }
            }

            // 1. The file.
            Text {
                width: content.width
                wrapMode: Text.Wrap
                visible: root.job.state === ImportJob.Idle
                text: root.job.mediumPresent
                      //: Over the list of files on the USB medium.
                      ? qsTr("Choose the file exported by the payroll software (UTF-8 or Shift_JIS).")
                      //: No USB medium: what to do.
                      : qsTr("No USB medium found. Insert the medium with the file, then press Refresh.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: root.job.mediumPresent ? Theme.secondaryText : Theme.danger
            }
            Flow {
                width: content.width
                spacing: 10
                visible: root.job.state === ImportJob.Idle
                Repeater {
                    model: root.job.files
                    KioskButton {
                        required property string modelData
                        required property int index
                        objectName: "importFile_" + index
                        focus: index === 0
                        text: modelData
                        onClicked: root.job.choose(modelData)
                    }
                }
                KioskButton {
                    objectName: "importRefresh"
                    //: Button: look at the USB medium again.
                    text: qsTr("Refresh")
                    onClicked: root.job.refreshFiles()
                }
            }
            Text {
                visible: root.job.state === ImportJob.Idle && root.job.mediumPresent && root.job.files.length === 0
                //: The USB medium holds no CSV file.
                text: qsTr("There is no CSV file on the medium.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
            }

            // 2. The preview.
            Text {
                objectName: "importFileInfo"
                visible: root.job.fileName !== "" && root.job.state !== ImportJob.Idle
                width: content.width
                wrapMode: Text.Wrap
                //: %1 = file name, %2 = size in KB, %3 = data rows in the file, %4 = text encoding.
                text: qsTr("%1 — %2 KB, %3 rows, %4").arg(root.job.fileName).arg(Math.ceil(root.job.fileSize / 1024))
                      .arg(root.job.preview.totalRows)
                      .arg(root.job.preview.encoding === "cp932" ? "Shift_JIS" : "UTF-8")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: Theme.text
            }
            Text {
                visible: root.job.preview.columns.length > 0
                width: content.width
                wrapMode: Text.Wrap
                //: Under the preview: what it is, and that numbers are never shown.
                text: qsTr("The first rows, for a look only: the vault checks the whole file. Numbers are never shown (••••).")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.secondaryText
            }
            Rectangle {
                id: previewBox
                objectName: "importPreview"
                visible: root.job.preview.columns.length > 0
                width: content.width
                height: Math.min(previewList.contentHeight + 44, 300)
                color: Theme.surface
                border.color: Theme.line
                clip: true
                readonly property int cellWidth: Math.max(110, Math.floor((width - 70) / Math.max(1, root.job.preview.columns.length)))
                Row {
                    id: previewHeader
                    x: 8
                    height: 40
                    Text {
                        width: 62
                        anchors.verticalCenter: parent.verticalCenter
                        //: Preview column: the line of the file.
                        text: qsTr("Line")
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.smallSize
                        color: Theme.secondaryText
                    }
                    Repeater {
                        model: root.job.preview.columns
                        Text {
                            required property string modelData
                            required property int index
                            width: previewBox.cellWidth
                            anchors.verticalCenter: parent.verticalCenter
                            text: modelData
                            elide: Text.ElideRight
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.smallSize
                            font.weight: Font.DemiBold
                            color: Theme.text
                        }
                    }
                }
                ListView {
                    id: previewList
                    objectName: "importPreviewRows"
                    anchors { left: parent.left; right: parent.right; top: previewHeader.bottom; bottom: parent.bottom; leftMargin: 8 }
                    model: root.job.preview
                    interactive: true
                    clip: true
                    boundsBehavior: Flickable.StopAtBounds
                    ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
                    delegate: Row {
                        id: previewRow
                        required property int line
                        required property var cells
                        height: 34
                        Text {
                            width: 62
                            anchors.verticalCenter: parent.verticalCenter
                            text: previewRow.line
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.smallSize
                            color: Theme.secondaryText
                        }
                        Repeater {
                            model: previewRow.cells
                            Text {
                                required property string modelData
                                width: previewBox.cellWidth
                                anchors.verticalCenter: parent.verticalCenter
                                text: modelData
                                elide: Text.ElideRight
                                font.family: Theme.fontFamily
                                font.pixelSize: Theme.smallSize
                                color: Theme.text
                            }
                        }
                    }
                }
            }

            // 3. The vault's answer.
            ErrorBanner {
                objectName: "importError"
                width: Math.min(content.width, 1000)
                error: root.job.state === ImportJob.Failed ? root.job.error : 0
            }
            Row {
                visible: root.job.state === ImportJob.Running
                spacing: 16
                BusyIndicator { running: root.job.state === ImportJob.Running; width: 48; height: 48 }
                Text {
                    objectName: "importProgress"
                    anchors.verticalCenter: parent.verticalCenter
                    text: root.job.validRowsOnly
                          //: While the vault imports; %1 = seconds so far.
                          ? qsTr("Importing the valid rows… %1 s").arg(root.job.elapsedSeconds)
                          //: While the vault checks and imports; %1 = seconds so far.
                          : qsTr("The vault is checking and importing the file… %1 s").arg(root.job.elapsedSeconds)
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.bodySize
                    color: Theme.text
                }
                KioskButton {
                    objectName: "importCancel"
                    //: Button: stop waiting for the import.
                    text: qsTr("Cancel")
                    onClicked: root.job.cancel()
                }
            }
            Text {
                objectName: "importOutcome"
                width: Math.min(content.width, 1100)
                wrapMode: Text.Wrap
                visible: text !== ""
                text: {
                    switch (root.job.state) {
                    case ImportJob.Running:
                        //: While importing: what a cancel or a failure means.
                        return qsTr("The vault imports the file as one whole: if it stops or fails, nothing is written.")
                    case ImportJob.Refused:
                        //: After the all-or-nothing check found issues; %1 = issues, %2 = rows with issues, %3 = rows.
                        return qsTr("Nothing was imported: %1 issues on %2 of %3 rows. Correct the file and try again, or import only the valid rows.")
                               .arg(root.job.issues.count).arg(root.job.issues.rowsWithIssues).arg(root.job.rows)
                    case ImportJob.Done:
                        return root.job.validRowsOnly
                               //: After importing the valid rows; %1 = imported, %2 = skipped.
                               ? qsTr("%1 rows imported. %2 rows with issues were skipped; they are listed below.")
                                 .arg(root.job.imported).arg(root.job.skipped)
                               //: After a clean import; %1 = rows imported.
                               : qsTr("%1 rows imported.").arg(root.job.imported)
                    case ImportJob.Cancelled:
                        return root.job.importedAfterCancel > 0
                               //: The clerk cancelled, but the vault had already finished; %1 = rows imported.
                               ? qsTr("You cancelled, but the vault had already finished the import: %1 rows were imported. Check the list.")
                                 .arg(root.job.importedAfterCancel)
                               //: After a cancel: nothing is half done.
                               : qsTr("Cancelled. The vault writes an import as one whole: if it had not finished, nothing was written. If it finishes after all, this screen says so.")
                    case ImportJob.Failed:
                        //: After the vault refused the whole file (the error above says why).
                        return qsTr("Nothing was imported.")
                    }
                    return ""
                }
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: root.job.state === ImportJob.Done ? Theme.ok
                     : root.job.state === ImportJob.Refused || root.job.state === ImportJob.Failed ? Theme.danger
                     : Theme.text
            }
            Flow {
                width: content.width
                spacing: 12
                KioskButton {
                    objectName: "importStart"
                    primary: true
                    visible: root.job.state === ImportJob.Previewed || root.job.state === ImportJob.Cancelled
                             || (root.job.state === ImportJob.Failed && root.job.fileName !== "")
                    //: Button: send the file to the vault, all rows or none.
                    text: qsTr("Check and import")
                    onClicked: root.job.start(false)
                }
                KioskButton {
                    objectName: "importValidOnly"
                    visible: root.job.state === ImportJob.Refused
                    enabled: root.job.rows > root.job.issues.rowsWithIssues
                    //: Button: import only the rows without issues; %1 = how many.
                    text: qsTr("Import only the %1 valid rows").arg(Math.max(0, root.job.rows - root.job.issues.rowsWithIssues))
                    onClicked: root.job.start(true)
                }
                KioskButton {
                    objectName: "importReset"
                    visible: root.job.state !== ImportJob.Idle && root.job.state !== ImportJob.Running
                    //: Button: pick another file.
                    text: qsTr("Choose another file")
                    onClicked: root.job.reset()
                }
            }
            Text {
                visible: root.job.issuesTruncated
                //: More issues than the vault lists.
                text: qsTr("Only the first 10,000 issues are listed.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.danger
            }
            // A list of its own (delegates made as they scroll into view): the vault may list 10,000 issues.
            ListView {
                id: issueList
                objectName: "importIssues"
                visible: root.job.issues.count > 0
                width: Math.min(content.width, 1200)
                height: Math.min(contentHeight, 320)
                clip: true
                spacing: 4
                boundsBehavior: Flickable.StopAtBounds
                activeFocusOnTab: true
                keyNavigationEnabled: true
                ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
                model: root.job.issues
                delegate: Column {
                    required property int index
                    required property var line
                    required property string column
                    required property int error
                    required property string detail
                    objectName: "importIssue" + index
                    width: issueList.width - 16
                    Text {
                        objectName: "importIssueText" + index
                        width: parent.width
                        wrapMode: Text.Wrap
                        //: One import issue: %1 = line of the file, %2 = column, %3 = what is wrong and the code.
                        text: qsTr("Line %1, %2: %3").arg(line).arg(column || qsTr("(whole row)")).arg(words.issue(error))
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.smallSize
                        color: Theme.text
                    }
                    Text {
                        width: parent.width
                        wrapMode: Text.Wrap
                        visible: detail !== ""
                        text: "  " + detail
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.smallSize - 3
                        color: Theme.secondaryText
                    }
                }
            }
        }
    }
}

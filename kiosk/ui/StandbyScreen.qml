// SPDX-License-Identifier: GPL-3.0-or-later
// StandbyScreen: what the kiosk shows while nobody is signed in — one clear instruction, the
// terminal's name, the time, and a quiet status line. It holds no state of its own: the time
// comes from Clock, the language from Language, the terminal's name from the window, and
// whether a card reader is usable from its properties (SessionView binds them to Session).
//
// Without a usable reader the instruction becomes 「ICカードリーダーが見つかりません」 with what to
// do (check the cable, call IT), the cause and its error code; the status line says the kiosk is
// looking for the reader again. The normal instruction comes back by itself when the reader does.
import QtQuick
import Mamori.Kiosk

Rectangle {
    id: root

    property string deviceName
    //: Status line at the bottom of the standby screen.
    property string statusText: qsTr("Standby: no card inserted")
    // False while no card reader is usable (Session.readerAvailable).
    property bool readerAvailable: true
    // Why not (Session.readerProblem) and the error number to show with it (Session.readerError).
    property int readerProblem: 0
    property int readerError: 0
    // Session.deviceState: the newest backup (from the log) and the courier's newest delivery report.
    property var deviceState: ({})

    // mamori-courier's report on the newest hand-over to an endpoint.
    function outcome(name) {
        Language.code
        if (name === "delivered")
            //: Standby footer: the newest sending reached its endpoint.
            return qsTr("delivered")
        if (name === "blocked")
            //: Standby footer: the outgoing check stopped the newest sending (it held a number for an endpoint that may not receive one).
            return qsTr("stopped by the outgoing check")
        if (name === "refused")
            //: Standby footer: the endpoint refused the newest sending.
            return qsTr("refused by the endpoint")
        //: Standby footer: the newest sending did not get through after its retries.
        return qsTr("not delivered")
    }

    function stateLine() {
        Language.code
        const d = root.deviceState || {}
        if (d.vaultReachable === false)
            //: Standby footer: the vault service does not answer (call IT).
            return qsTr("The vault does not answer: call IT")
        const when = ms => Qt.formatDateTime(new Date(ms), "yyyy-MM-dd HH:mm")
        const backup = d.lastBackupMs
                //: Standby footer: the newest backup; %1 = date and time, %2 = its result.
                ? qsTr("Last backup: %1 (%2)").arg(when(d.lastBackupMs)).arg(Labels.result(d.lastBackupResult))
                //: Standby footer: no backup was ever taken on this terminal.
                : qsTr("Last backup: none yet")
        const sent = d.lastDeliveryMs
                //: Standby footer: the newest hand-over to an endpoint (network); %1 = date and time, %2 = its result.
                ? qsTr("Last sending: %1 (%2)").arg(when(d.lastDeliveryMs)).arg(root.outcome(d.lastDeliveryResult))
                //: Standby footer: nothing was ever sent from this terminal.
                : qsTr("Last sending: none yet")
        return backup + "　·　" + sent
    }

    // The cause in plain words, for the one who calls IT to read out.
    function readerCause() {
        Language.code // the catalogue is installed before the first qsTr runs
        switch (root.readerProblem) {
        case Session.ReaderModuleNotLoaded:
            //: Cause on the "no card reader" screen: the PKCS#11 module (the reader's driver software) did not load.
            return qsTr("The card reader's software could not be loaded.")
        case Session.ReaderNotFound:
            //: Cause on the "no card reader" screen: no reader is connected at all.
            return qsTr("No card reader is connected to this terminal.")
        default:
            //: Cause on the "no card reader" screen: the reader (or its service) does not answer.
            return qsTr("The card reader does not answer.")
        }
    }

    color: Theme.background

    // Header: product and terminal on the left, clock on the right.
    Column {
        id: brand
        anchors { left: parent.left; top: parent.top; margins: Theme.margin }
        spacing: 6

        Row {
            spacing: 14
            Text {
                id: productName
                text: "Mamori"
                font.family: Theme.fontFamily
                font.pixelSize: 30
                font.weight: Font.DemiBold
                color: Theme.accent
            }
            Text {
                anchors.baseline: productName.baseline
                text: "守り"
                font.family: Theme.fontFamily
                font.pixelSize: 22
                color: Theme.secondaryText
            }
        }
        Text {
            objectName: "deviceName"
            //: %1 is the terminal's name as IT configured it.
            text: qsTr("Terminal: %1").arg(root.deviceName)
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
        }
    }

    Column {
        anchors { right: parent.right; top: parent.top; margins: Theme.margin }
        spacing: 4

        Text {
            objectName: "clockTime"
            anchors.right: parent.right
            text: Qt.formatTime(Clock.now, "HH:mm:ss")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.clockSize
            font.weight: Font.Light
            color: Theme.text
        }
        Text {
            objectName: "clockDate"
            anchors.right: parent.right
            //: Date format of the standby clock (Qt date format: d M yyyy, ddd = short day name,
            //: dddd = full day name); day and month names come from the UI language's locale.
            text: Clock.now.toLocaleDateString(Qt.locale(Language.localeName), qsTr("dddd, MMMM d, yyyy"))
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
        }
    }

    Rectangle {
        anchors { left: parent.left; right: parent.right; top: brand.bottom; topMargin: 28 }
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: Theme.margin
        height: 1
        color: Theme.line
    }

    // The instruction, centred.
    Column {
        objectName: "readyContent"
        visible: root.readerAvailable
        anchors.centerIn: parent
        anchors.verticalCenterOffset: 20
        spacing: 36

        CardIllustration {
            anchors.horizontalCenter: parent.horizontalCenter
        }
        Column {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: 18

            Text {
                objectName: "insertCardMessage"
                anchors.horizontalCenter: parent.horizontalCenter
                //: The standby screen's main instruction; the first thing a clerk reads.
                text: qsTr("Insert your IC card")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.headlineSize
                font.weight: Font.Medium
                color: Theme.text
            }
            Text {
                objectName: "insertCardHint"
                anchors.horizontalCenter: parent.horizontalCenter
                //: Shown under "Insert your IC card".
                text: qsTr("Then enter your PIN to sign in.")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: Theme.secondaryText
            }
        }
    }

    // No usable card reader: what is wrong, what to do, the cause and its code.
    Column {
        objectName: "readerUnavailableContent"
        visible: !root.readerAvailable
        anchors.centerIn: parent
        anchors.verticalCenterOffset: 20
        width: Math.min(parent.width - 2 * Theme.margin, 980)
        spacing: 26

        CardIllustration {
            anchors.horizontalCenter: parent.horizontalCenter
            opacity: 0.35
        }
        Text {
            objectName: "readerMissingMessage"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            //: The standby screen's main line when no IC card reader can be used.
            text: qsTr("No IC card reader found")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.headlineSize
            font.weight: Font.Medium
            color: Theme.text
        }
        Text {
            objectName: "readerMissingHint"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            //: Under "No IC card reader found": what the person at the terminal should do.
            text: qsTr("Check that the card reader is plugged in to this terminal. If this screen stays, call IT support (the system administrator).")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            color: Theme.text
        }
        Rectangle {
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.min(parent.width, 820)
            height: readerCauseText.implicitHeight + 28
            radius: 8
            color: Theme.warningBackground
            border.color: Theme.danger
            border.width: 1

            Text {
                id: readerCauseText
                objectName: "readerProblemText"
                anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter; margins: 16 }
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                //: The cause of the missing card reader (%1) and its error code (%2, e.g. E0008), to tell IT.
                text: qsTr("%1 (%2)").arg(root.readerCause()).arg(Session.errorCodeText(root.readerError))
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.danger
            }
        }
    }

    // Footer: status on the left, language switch on the right.
    Row {
        id: footer
        anchors { left: parent.left; bottom: parent.bottom; margins: Theme.margin }
        spacing: 12

        Rectangle {
            anchors.verticalCenter: parent.verticalCenter
            width: 12
            height: 12
            radius: 6
            color: root.readerAvailable ? Theme.ok : Theme.warning
        }
        Text {
            objectName: "statusLine"
            anchors.verticalCenter: parent.verticalCenter
            text: root.readerAvailable ? root.statusText
                                       //: Status line while no card reader is usable: the kiosk keeps looking for one.
                                       : qsTr("Looking for the card reader again every few seconds…")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
        }
    }

    // Above the status line: the newest backup and sending, as the vault's log records them.
    Text {
        objectName: "deviceStateLine"
        anchors { left: parent.left; bottom: footer.top; leftMargin: Theme.margin; bottomMargin: 6 }
        width: parent.width - 2 * Theme.margin
        elide: Text.ElideRight
        text: root.stateLine()
        font.family: Theme.fontFamily
        font.pixelSize: Theme.smallSize
        color: root.deviceState && root.deviceState.vaultReachable === false ? Theme.warning : Theme.secondaryText
    }

    LanguageButton {
        objectName: "languageButton"
        anchors { right: parent.right; bottom: parent.bottom; margins: Theme.margin }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
// PinScreen: the clerk types the card's PIN. Masked; the PIN goes to Session.submitPin and the
// field is emptied at once (Session copies it into guarded memory). Shows the tries left as the
// card's flags tell them, warns before the last try, and for a locked card shows where to have it
// unlocked instead of a field. Nothing is ever retried automatically.
import QtQuick
import Mamori.Kiosk

Rectangle {
    id: root

    property string deviceName
    readonly property bool busy: Session.state === Session.SigningIn

    color: Theme.background

    function submit() {
        if (root.busy || Session.pinLocked || pinField.text.length === 0)
            return
        Session.submitPin(pinField.text)
        pinField.text = ""
    }

    ScreenHeader {
        id: header
        anchors { left: parent.left; right: parent.right; top: parent.top }
        deviceName: root.deviceName
        //: Title of the PIN entry screen.
        title: qsTr("Sign in")
    }

    Column {
        anchors.centerIn: parent
        anchors.verticalCenterOffset: header.height / 2
        spacing: 22
        width: Math.min(parent.width - 2 * Theme.margin, 640)

        Text {
            objectName: "pinPrompt"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: Session.pinLocked
                  //: Headline when the card refuses every PIN.
                  ? qsTr("This IC card is locked")
                  //: Headline of the PIN screen.
                  : qsTr("Enter your PIN")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.headlineSize * 0.75
            font.weight: Font.Medium
            color: Session.pinLocked ? Theme.danger : Theme.text
        }

        Text {
            objectName: "pinLockedGuidance"
            visible: Session.pinLocked
            width: parent.width
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
            //: Guidance for a locked card. JPKI = the My Number card's certificate; the city office resets its PIN.
            text: qsTr("Too many wrong PINs were entered. Have the card's issuer unlock it: a My Number card is unlocked at your city office (市区町村の窓口) with the card and an ID. Remove the card now.")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            color: Theme.text
        }

        KioskField {
            id: pinField
            objectName: "pinField"
            visible: !Session.pinLocked
            width: parent.width
            //: Label of the PIN field.
            label: qsTr("PIN (it goes only to your card)")
            echoMode: TextInput.Password
            maximumLength: Session.maxPinLength > 0 ? Session.maxPinLength : 64
            inputMethodHints: (Session.pinDigitsOnly ? Qt.ImhDigitsOnly : Qt.ImhNone) | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText | Qt.ImhHiddenText
            field.enabled: !root.busy
            field.objectName: "pinInput"
            focus: true
            onAccepted: root.submit()
        }

        Text {
            objectName: "pinTriesLeft"
            visible: !Session.pinLocked
            width: parent.width
            wrapMode: Text.Wrap
            text: Session.triesLeft === 1
                  //: Warning when one more wrong PIN locks the card.
                  ? qsTr("Last try: one more wrong PIN locks this card.")
                  : Session.triesLeft > 1
                    //: %1 = how many PIN tries the card allows before it locks.
                    ? qsTr("Tries left: %1").arg(Session.triesLeft)
                    : Session.pinStatus === 1
                      //: The card reports an earlier wrong PIN but not how many tries are left.
                      ? qsTr("A wrong PIN was entered before. Fewer tries are left; type carefully.")
                      : ""
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            font.weight: Session.triesLeft === 1 ? Font.Bold : Font.Normal
            color: Session.triesLeft === 1 || Session.pinStatus === 1 ? Theme.danger : Theme.secondaryText
        }

        ErrorBanner {
            objectName: "pinError"
            width: parent.width
            error: Session.error
        }

        Row {
            spacing: 16
            visible: !Session.pinLocked
            KioskButton {
                objectName: "pinSubmit"
                primary: true
                enabled: !root.busy && pinField.text.length > 0
                text: root.busy
                      //: On the sign-in button while the card signs and the vault checks.
                      ? qsTr("Signing in…")
                      //: The sign-in button under the PIN field.
                      : qsTr("Sign in")
                onClicked: root.submit()
            }
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
// SubjectListPage: the people in the clerk's departments, a page at a time (the list asks for more
// as it scrolls), with one search box (employee code or kana) and two filters. No number is ever
// here: a column only says whether there is one.
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

FocusScope {
    id: root

    property ClerkDesk desk
    readonly property SubjectListModel subjects: desk.subjects
    signal openRequested(string subjectId)
    signal registerRequested()

    Row {
        id: tools
        spacing: 16
        anchors { left: parent.left; right: parent.right; top: parent.top }

        KioskField {
            id: search
            objectName: "searchField"
            width: 420
            //: Label of the subject search box.
            label: qsTr("Search: employee code or kana")
            //: Placeholder in the search box.
            placeholder: qsTr("e.g. E100 or ヤマダ")
            focus: true
            onTextChanged: searchDelay.restart()
            Keys.onDownPressed: list.forceActiveFocus()
        }
        Timer {
            id: searchDelay
            interval: 300
            onTriggered: root.subjects.search = search.text
        }
        CheckBox {
            id: missingNumber
            objectName: "filterMissingNumber"
            anchors.bottom: search.bottom
            //: Filter: only people without a registered number.
            text: qsTr("No number")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            checked: root.subjects.missingNumber
            onToggled: root.subjects.missingNumber = checked
        }
        CheckBox {
            objectName: "filterMissingVerification"
            anchors.bottom: search.bottom
            //: Filter: only people whose identity check is not recorded.
            text: qsTr("No identity check")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            checked: root.subjects.missingVerification
            onToggled: root.subjects.missingVerification = checked
        }
    }

    Row {
        id: summary
        anchors { left: parent.left; right: parent.right; top: tools.bottom; topMargin: 12 }
        spacing: 16
        Text {
            objectName: "subjectCount"
            anchors.verticalCenter: parent.verticalCenter
            //: %1 = how many people match; %2 = how many are loaded.
            text: qsTr("%1 people (%2 shown)").arg(root.subjects.total).arg(root.subjects.count)
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
        }
        KioskButton {
            objectName: "registerEmployeeButton"
            //: Button: register a new employee.
            text: qsTr("Register an employee")
            onClicked: root.registerRequested()
        }
    }

    ErrorBanner {
        id: listError
        objectName: "listError"
        anchors { left: parent.left; top: summary.bottom; topMargin: 8 }
        error: root.subjects.error
    }

    Rectangle {
        id: headerRow
        anchors { left: parent.left; right: parent.right; top: listError.bottom; topMargin: 12 }
        height: 40
        color: Theme.line
        Row {
            anchors { fill: parent; leftMargin: 16 }
            spacing: 0
            Repeater {
                model: [
                    //: Column header: employee code.
                    { title: qsTr("Code"), width: 0.14 },
                    //: Column header: name.
                    { title: qsTr("Name"), width: 0.22 },
                    //: Column header: name in kana.
                    { title: qsTr("Kana"), width: 0.22 },
                    //: Column header: kind of person (employee, dependent, …).
                    { title: qsTr("Kind"), width: 0.14 },
                    //: Column header: whether a number is registered.
                    { title: qsTr("Number"), width: 0.14 },
                    //: Column header: whether the identity check is recorded.
                    { title: qsTr("Checked"), width: 0.14 }
                ]
                Text {
                    required property var modelData
                    width: headerRow.width * modelData.width
                    anchors.verticalCenter: parent.verticalCenter
                    text: modelData.title
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.smallSize
                    color: Theme.secondaryText
                }
            }
        }
    }

    ListView {
        id: list
        objectName: "subjectList"
        anchors { left: parent.left; right: parent.right; top: headerRow.bottom; bottom: parent.bottom }
        clip: true
        model: root.subjects
        keyNavigationEnabled: true
        activeFocusOnTab: true
        highlightMoveDuration: 0
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
        Keys.onReturnPressed: if (currentIndex >= 0) root.openRequested(root.subjects.get(currentIndex).subjectId)
        Keys.onEnterPressed: if (currentIndex >= 0) root.openRequested(root.subjects.get(currentIndex).subjectId)

        delegate: Rectangle {
            id: row
            required property int index
            required property string subjectId
            required property string code
            required property string name
            required property string nameKana
            required property string kind
            required property bool hasNumber
            required property bool hasVerification

            width: ListView.view.width
            height: Theme.rowHeight
            color: ListView.isCurrentItem && list.activeFocus ? Theme.selected : (index % 2 ? Theme.background : Theme.surface)
            border.color: ListView.isCurrentItem && list.activeFocus ? Theme.accent : "transparent"

            MouseArea {
                anchors.fill: parent
                onClicked: { list.currentIndex = row.index; root.openRequested(row.subjectId) }
            }
            Row {
                anchors { fill: parent; leftMargin: 16 }
                Repeater {
                    model: [
                        { text: row.code, width: 0.14 },
                        { text: row.name, width: 0.22 },
                        { text: row.nameKana, width: 0.22 },
                        { text: Labels.kind(row.kind), width: 0.14 },
                        //: In the list: a number is registered / is not.
                        { text: row.hasNumber ? qsTr("Registered") : qsTr("None"), width: 0.14 },
                        //: In the list: the identity check is recorded / is not.
                        { text: row.hasVerification ? qsTr("Done") : qsTr("Not yet"), width: 0.14 }
                    ]
                    Text {
                        required property var modelData
                        width: row.width * modelData.width
                        anchors.verticalCenter: parent.verticalCenter
                        text: modelData.text
                        elide: Text.ElideRight
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.smallSize
                        color: Theme.text
                    }
                }
            }
        }

        Text {
            anchors.centerIn: parent
            visible: list.count === 0 && !root.subjects.loading && root.subjects.error === 0
            //: The subject list is empty for this search.
            text: qsTr("No one matches.")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            color: Theme.secondaryText
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
// SubjectListPage: the people in the clerk's departments, a page at a time (the list asks for more
// as it scrolls), with one search box (employee code or kana) and three filters (no number, no
// identity check, due for disposal). No number is ever here: a column only says whether there is
// one. "Select for hand-over" turns the list into a multi-select (Space or a click marks a row,
// "Select all shown" marks every row loaded) for an export or a provision.
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

FocusScope {
    id: root

    property ClerkDesk desk
    readonly property SubjectListModel subjects: desk.subjects
    signal openRequested(string subjectId)
    signal registerRequested()
    signal importRequested()
    signal dueListRequested()
    signal exportRequested()
    property bool selecting: false

    Flow {
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
            height: search.height
            //: Filter: only people without a registered number.
            text: qsTr("No number")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            checked: root.subjects.missingNumber
            onToggled: root.subjects.missingNumber = checked
        }
        CheckBox {
            objectName: "filterMissingVerification"
            height: search.height
            //: Filter: only people whose identity check is not recorded.
            text: qsTr("No identity check")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            checked: root.subjects.missingVerification
            onToggled: root.subjects.missingVerification = checked
        }
        CheckBox {
            objectName: "filterDue"
            height: search.height
            //: Filter: only people whose number is due for disposal.
            text: qsTr("Due for disposal")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            checked: root.subjects.dueForDisposal
            onToggled: root.subjects.dueForDisposal = checked
        }
    }

    Flow {
        id: summary
        anchors { left: parent.left; right: parent.right; top: tools.bottom; topMargin: 12 }
        spacing: 12
        Text {
            objectName: "subjectCount"
            height: 52
            verticalAlignment: Text.AlignVCenter
            text: root.selecting
                  //: In selection mode: %1 = people selected, %2 = people shown.
                  ? qsTr("%1 selected (%2 shown)").arg(root.subjects.selectedCount).arg(root.subjects.count)
                  //: %1 = how many people match; %2 = how many are loaded.
                  : qsTr("%1 people (%2 shown)").arg(root.subjects.total).arg(root.subjects.count)
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.secondaryText
        }
        KioskButton {
            objectName: "registerEmployeeButton"
            visible: !root.selecting
            //: Button: register a new employee.
            text: qsTr("Register an employee")
            onClicked: root.registerRequested()
        }
        KioskButton {
            objectName: "importButton"
            visible: !root.selecting
            //: Button: import people from a CSV file on the USB medium.
            text: qsTr("Import CSV")
            onClicked: root.importRequested()
        }
        KioskButton {
            objectName: "dueListButton"
            visible: !root.selecting
            //: Button: open the disposal due list.
            text: qsTr("Disposal list")
            onClicked: root.dueListRequested()
        }
        KioskButton {
            objectName: "selectModeButton"
            text: root.selecting
                  //: Button: leave the selection mode (the selection is kept).
                  ? qsTr("Done selecting")
                  //: Button: mark people in the list to export or provide them.
                  : qsTr("Select for hand-over")
            onClicked: root.selecting = !root.selecting
        }
        KioskButton {
            objectName: "selectAllButton"
            visible: root.selecting
            //: Button: select every person loaded in the list.
            text: qsTr("Select all shown")
            onClicked: root.subjects.selectAllShown()
        }
        KioskButton {
            objectName: "clearSelectionButton"
            visible: root.selecting && root.subjects.selectedCount > 0
            //: Button: unselect everybody.
            text: qsTr("Clear selection")
            onClicked: root.subjects.clearSelection()
        }
        KioskButton {
            objectName: "exportSelectedButton"
            visible: root.selecting || root.subjects.selectedCount > 0
            primary: true
            //: Button: hand the selected people over (export / provide); %1 = how many.
            text: qsTr("Hand over %1 people…").arg(root.subjects.selectedCount)
            onClicked: root.exportRequested()
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
        Keys.onSpacePressed: if (root.selecting && currentIndex >= 0) root.subjects.toggleSelected(currentIndex)

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
            required property bool selected

            width: ListView.view.width
            height: Theme.rowHeight
            color: row.selected && root.selecting ? Theme.warningBackground
                 : ListView.isCurrentItem && list.activeFocus ? Theme.selected : (index % 2 ? Theme.background : Theme.surface)
            border.color: ListView.isCurrentItem && list.activeFocus ? Theme.accent : "transparent"

            MouseArea {
                anchors.fill: parent
                onClicked: {
                    list.currentIndex = row.index
                    if (root.selecting)
                        root.subjects.toggleSelected(row.index)
                    else
                        root.openRequested(row.subjectId)
                }
            }
            Row {
                anchors { fill: parent; leftMargin: 16 }
                Repeater {
                    model: [
                        { text: (root.selecting ? (row.selected ? "■ " : "□ ") : "") + row.code, width: 0.14 },
                        { text: row.name, width: 0.22 },
                        { text: row.nameKana, width: 0.22 },
                        { text: Labels.kind(row.kind), width: 0.14 },
                        //: In the list: a number is registered / is not.
                        { text: root.subjects.dueForDisposal ? "—" : row.hasNumber ? qsTr("Registered") : qsTr("None"), width: 0.14 },
                        //: In the list: the identity check is recorded / is not.
                        { text: root.subjects.dueForDisposal ? "—" : row.hasVerification ? qsTr("Done") : qsTr("Not yet"), width: 0.14 }
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

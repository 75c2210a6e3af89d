// SPDX-License-Identifier: GPL-3.0-or-later
// AuditLogView: pages of the operation log, newest first, with the filters the officer's activity
// review and the administrator's log viewer use — person, action, employee code, period — and one
// row per entry: time, person and role, action, employee code, result, detail, and whether the
// person's card signed the act. Entries never hold a number (DESIGN §5).
import QtQuick
import QtQuick.Controls.Basic
import Mamori.Kiosk

Item {
    id: root

    required property AuditLogModel model
    // The people the "person" filter offers (OversightDesk.cards); null hides the filter.
    property RecordListModel people: null
    property bool showFilters: true

    function dateOf(text) {
        const trimmed = text.trim()
        if (trimmed.length === 0)
            return new Date(NaN)
        const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed)
        return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : new Date(NaN)
    }
    function dateValid(text) {
        return text.trim().length === 0 || !isNaN(dateOf(text).getTime())
    }
    function apply() {
        if (!dateValid(fromField.text) || !dateValid(toField.text))
            return
        root.model.subjectCode = codeField.text
        root.model.fromDate = dateOf(fromField.text)
        root.model.toDate = dateOf(toField.text)
        root.model.reload()
    }

    Flow {
        id: filters
        objectName: "auditFilters"
        visible: root.showFilters
        anchors { left: parent.left; right: parent.right; top: parent.top }
        height: visible ? implicitHeight : 0
        spacing: 12

        ComboBox {
            id: personBox
            objectName: "auditPersonFilter"
            visible: root.people !== null
            width: 260
            height: 52
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            textRole: "label"
            valueRole: "userId"
            model: {
                Language.code
                //: Person filter of the log: everyone.
                const items = [{ label: qsTr("Everyone"), userId: 0 }]
                const seen = {}
                if (root.people) {
                    root.people.count
                    for (let i = 0; i < root.people.count; ++i) {
                        const card = root.people.get(i)
                        if (seen[card.userId])
                            continue
                        seen[card.userId] = true
                        items.push({ label: card.displayName, userId: card.userId })
                    }
                }
                return items
            }
            onActivated: root.model.userId = currentValue
        }
        ComboBox {
            id: actionBox
            objectName: "auditActionFilter"
            width: 260
            height: 52
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            textRole: "label"
            valueRole: "code"
            model: {
                Language.code
                //: Action filter of the log: every action.
                const items = [{ label: qsTr("Every action"), code: "" }]
                for (const code of root.model.actions())
                    items.push({ label: Labels.action(code), code: code })
                return items
            }
            onActivated: root.model.action = currentValue
        }
        KioskField {
            id: codeField
            objectName: "auditCodeFilter"
            width: 200
            //: Log filter: an employee code.
            label: qsTr("Employee code")
            maximumLength: 32
            onAccepted: root.apply()
        }
        KioskField {
            id: fromField
            objectName: "auditFromFilter"
            width: 200
            //: Log filter: first day of the period (YYYY-MM-DD).
            label: qsTr("From (YYYY-MM-DD)")
            maximumLength: 10
            onAccepted: root.apply()
        }
        KioskField {
            id: toField
            objectName: "auditToFilter"
            width: 200
            //: Log filter: last day of the period (YYYY-MM-DD).
            label: qsTr("To (YYYY-MM-DD)")
            maximumLength: 10
            onAccepted: root.apply()
        }
        KioskButton {
            objectName: "auditApplyButton"
            //: Button: show the log with these filters.
            text: qsTr("Show")
            onClicked: root.apply()
        }
    }

    Text {
        id: dateHint
        anchors { left: parent.left; top: filters.bottom; topMargin: 4 }
        visible: root.showFilters && (!root.dateValid(fromField.text) || !root.dateValid(toField.text))
        height: visible ? implicitHeight : 0
        //: Under the period filter when a date cannot be read.
        text: qsTr("Write dates as YYYY-MM-DD, for example 2026-04-01.")
        font.family: Theme.fontFamily
        font.pixelSize: Theme.smallSize
        color: Theme.danger
    }

    ErrorBanner {
        id: logError
        objectName: "auditError"
        anchors { left: parent.left; top: dateHint.bottom; topMargin: 8 }
        error: root.model.error
    }

    ListView {
        id: list
        objectName: "auditList"
        anchors { left: parent.left; right: parent.right; top: logError.bottom; topMargin: 8; bottom: parent.bottom }
        clip: true
        model: root.model
        keyNavigationEnabled: true
        activeFocusOnTab: true
        highlightMoveDuration: 0
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

        delegate: Rectangle {
            id: row
            required property int index
            required property var sequence
            required property var timeMs
            required property string actorName
            required property string actorRole
            required property string action
            required property string subjectCode
            required property string result
            required property string detail
            required property bool signedByCard

            width: ListView.view.width
            height: Theme.rowHeight
            color: ListView.isCurrentItem && list.activeFocus ? Theme.selected : (index % 2 ? Theme.background : Theme.surface)
            border.color: ListView.isCurrentItem && list.activeFocus ? Theme.accent : "transparent"
            Row {
                anchors { fill: parent; leftMargin: 12 }
                Repeater {
                    model: [
                        { text: "#" + row.sequence, width: 0.07 },
                        { text: Qt.formatDateTime(new Date(Number(row.timeMs)), "yyyy-MM-dd HH:mm:ss"), width: 0.16 },
                        //: The actor of a log entry that is the device itself.
                        { text: row.actorName.length > 0 ? row.actorName : qsTr("The device"), width: 0.14 },
                        { text: Labels.action(row.action), width: 0.14 },
                        { text: row.subjectCode, width: 0.08 },
                        { text: Labels.result(row.result), width: 0.10 },
                        //: Marks an entry the person's card signed (a step-up act).
                        { text: row.signedByCard ? qsTr("Card signed") : "", width: 0.09 },
                        { text: row.detail, width: 0.22 }
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
            visible: list.count === 0 && !root.model.loading && root.model.error === 0
            //: The log view is empty for these filters.
            text: qsTr("No entries.")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            color: Theme.secondaryText
        }
    }
}

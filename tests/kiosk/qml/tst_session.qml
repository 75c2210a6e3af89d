// SPDX-License-Identifier: GPL-3.0-or-later
// The kiosk's screens, driven as a clerk would (keyboard first), against the real vault and card.
// Numbers are compared, never printed: verify(a === b), not compare(a, b).
// The import test reads tests/kiosk/data/media/ as its "USB medium" (synthetic numbers).
import QtQuick
import QtTest
import Mamori.Kiosk
import MamoriTest

Item {
    id: top
    width: 1366
    height: 768

    SessionView {
        id: view
        anchors.fill: parent
        deviceName: "Quick Test"
    }

    TestCase {
        name: "KioskSession"
        when: windowShown

        readonly property string mask: "••••-••••-••••"

        function find(name) {
            const item = findChild(view, name)
            verify(item, "no item " + name)
            return item
        }

        function typeText(text) {
            for (let i = 0; i < text.length; ++i)
                keyClick(text[i])
        }

        // Presses a button with the keyboard (Tab focus, then Enter): every action works without a mouse.
        function click(name) {
            const item = find(name)
            tryVerify(() => item.visible && item.enabled, 5000, name + " not enabled")
            item.forceActiveFocus()
            verify(item.activeFocus, name + " takes no keyboard focus")
            keyClick(Qt.Key_Return)
        }

        function init() {
            TestCard.setPinFlags(0)
            TestCard.plugReader()
            tryCompare(Session, "readerAvailable", true, 5000)
            TestCard.remove()
            tryCompare(Session, "state", Session.Standby, 5000)
        }

        function cardInWithPinScreen() {
            TestCard.insert()
            tryCompare(Session, "state", Session.PinEntry, 10000)
            tryVerify(() => findChild(view, "pinInput") !== null && findChild(view, "pinInput").activeFocus, 5000)
        }

        function enterPin(pin) {
            typeText(pin)
            keyClick(Qt.Key_Return)
        }

        function signIn() {
            cardInWithPinScreen()
            enterPin(TestCard.pin)
            tryCompare(Session, "state", Session.ChoosePurpose, 10000)
            // The first purpose has the focus: Enter chooses it.
            tryVerify(() => findChild(view, "purpose_withholding") && findChild(view, "purpose_withholding").activeFocus, 5000)
            keyClick(Qt.Key_Return)
            tryCompare(Session, "state", Session.Ready, 10000)
            tryVerify(() => Session.desk.subjects.count > 0, 10000)
        }

        function openRow(row) {
            const list = find("subjectList")
            list.forceActiveFocus()
            list.currentIndex = row
            keyClick(Qt.Key_Return)
            tryVerify(() => Session.desk.detail.loaded, 10000)
        }

        function test_login() {
            compare(find("standbyScreen").visible, true)
            cardInWithPinScreen()
            compare(find("pinField").echoMode, TextInput.Password)
            enterPin(TestCard.pin)
            tryCompare(Session, "state", Session.ChoosePurpose, 10000)
            compare(find("pinLoader").item, null) // the PIN screen is gone, with its field
            click("purpose_social_insurance")
            tryCompare(Session, "state", Session.Ready, 10000)
            compare(Session.purpose, "social_insurance")
            verify(find("screenTitle").text.indexOf("健康保険") >= 0)
            verify(Session.isClerk)
            click("logoutButton")
            tryCompare(Session, "state", Session.PinEntry, 10000) // the card is still in
            compare(Session.lockReason, Session.Logout)
            compare(Session.desk.subjects.count, 0)
        }

        function test_wrongPinCountsDown() {
            cardInWithPinScreen()
            enterPin("9999")
            tryCompare(Session, "error", 101, 10000)
            tryCompare(Session, "state", Session.PinEntry, 10000)
            verify(find("pinErrorText").text.indexOf("E0101") >= 0)
            verify(find("pinErrorText").text.indexOf("暗証番号が正しくありません") >= 0)
            compare(Session.pinStatus, 1) // COUNT_LOW: tries were lost, the card does not say how many
            verify(find("pinTriesLeft").text.length > 0)
            compare(find("pinInput").text, "") // the field never keeps a PIN

            // A card on its last try (as JPKI reports it): the screen warns before it is spent.
            TestCard.setPinFlags(TestCard.finalTryFlag)
            find("pinInput").forceActiveFocus()
            enterPin("9998")
            tryCompare(Session, "triesLeft", 1, 10000)
            verify(find("pinTriesLeft").text.indexOf("残り1回") >= 0)

            // Then locked: no field any more, and where to have it unlocked.
            TestCard.setPinFlags(TestCard.lockedFlag)
            find("pinInput").forceActiveFocus()
            enterPin("9997")
            tryCompare(Session, "pinLocked", true, 10000)
            compare(Session.triesLeft, 0)
            compare(find("pinField").visible, false)
            verify(find("pinLockedGuidance").visible)
            verify(find("pinLockedGuidance").text.indexOf("市区町村") >= 0)
            // Submitting is refused before the card: nothing is tried on a locked card.
            Session.submitPin(TestCard.pin)
            compare(Session.state, Session.PinEntry)
        }

        function test_revealThenMask() {
            signIn()
            openRow(0) // E100, the employee with a number
            compare(Session.desk.detail.code, "E100")
            compare(find("numberText").text, mask)
            Session.desk.detail.revealSeconds = 2
            click("revealButton")
            tryCompare(Session, "stepUpPending", true, 5000)
            tryVerify(() => find("stepUpPinField").field.activeFocus, 5000)
            enterPin(TestCard.pin)
            tryCompare(Session.desk.detail, "revealed", true, 10000)
            verify(find("numberText").text === "1234-5678-9018")
            verify(find("revealCountdown").visible)
            compare(Session.stepUpPending, false)
            // Masked again after the timeout, by itself.
            tryCompare(Session.desk.detail, "revealed", false, 5000)
            compare(find("numberText").text, mask)
            verify(!find("revealCountdown").visible)
        }

        function test_lockOnCardRemoval() {
            signIn()
            openRow(1)
            verify(Session.desk.detail.name.length > 0)
            const started = Date.now()
            TestCard.remove()
            tryCompare(Session, "state", Session.Standby, 1000)
            verify(Date.now() - started <= 1000, "locked within 1 s")
            compare(Session.lockReason, Session.CardRemoved)
            compare(find("clerkLoader").item, null)
            compare(Session.desk.subjects.count, 0)
            compare(Session.desk.detail.loaded, false)
            compare(Session.desk.detail.name, "")
            compare(Session.roles.length, 0)
            verify(find("standbyScreen").visible)
            compare(find("statusLine").text, "ロックしました：カードが抜かれました")
        }

        // The clerk's screens at both terminal sizes: everything on screen, nothing cut at the right
        // edge; pictures (masked number) saved as kiosk_qml_<width>.png in the build directory.
        function test_layoutAt1366And1920() {
            signIn()
            openRow(0)
            for (const size of [[1366, 768], [1920, 1080]]) {
                top.width = size[0]
                top.height = size[1]
                waitForRendering(top)
                for (const name of ["logoutButton", "changePurposeButton", "revealButton", "backButton",
                                    "detailAddress", "numberText"]) {
                    const item = find(name)
                    verify(item.visible, name)
                    const right = item.mapToItem(top, item.width, 0).x
                    verify(right <= top.width, name + " ends beyond the right edge")
                }
                compare(find("numberText").text, mask)
                grabImage(top).save(TestCard.outputDir + "/kiosk_qml_detail_" + size[0] + ".png")
            }
            top.width = 1366
            top.height = 768
        }

        function test_verificationForm() {
            signIn()
            openRow(2) // E102: nothing recorded yet
            compare(Session.desk.detail.hasVerification, false)
            click("verificationButton")
            const method = find("method_notification_card_photo_id")
            tryVerify(() => method.visible, 5000)
            compare(find("verificationSubmit").enabled, false) // no combination chosen yet
            method.forceActiveFocus()
            keyClick(Qt.Key_Space)
            verify(method.checked)
            find("documentsField").text = "運転免許証"
            click("verificationSubmit")
            tryCompare(Session.desk.detail, "hasVerification", true, 10000)
            tryCompare(Session.desk.detail.verifications, "count", 1, 10000)
            const record = find("verificationRecord0")
            verify(record.text.indexOf("通知カード＋顔写真付き本人確認書類") >= 0)
            verify(record.text.indexOf("運転免許証") >= 0)
            compare(find("detailVerification").text, "記録あり（1件）")
        }

        // A local path from a file URL (the test's own folder, on disk).
        function pathOf(url) {
            return decodeURIComponent(url.toString().replace(/^file:\/\//, ""))
        }

        // The CSV import: pick the file on the medium, a preview without numbers, the all-or-nothing
        // check refused with the issues listed by line and column and code, nothing imported.
        function test_importPreviewAndIssues() {
            signIn()
            Session.desk.mediaDirectory = pathOf(Qt.resolvedUrl("../data/media"))
            click("importButton")
            tryVerify(() => findChild(view, "importFile_0") !== null, 5000)
            const job = Session.desk.importer
            verify(job.files.indexOf("payroll_with_issues.csv") >= 0)
            click("importFile_" + job.files.indexOf("payroll_with_issues.csv"))
            tryCompare(job, "state", ImportJob.Previewed, 5000)
            verify(find("importPreview").visible)
            compare(job.preview.columns.length, 5)
            compare(job.preview.maskedColumns.length, 1)
            compare(job.preview.maskedColumns[0], 4)
            compare(find("importPreviewRows").count, 3)
            verify(find("importFileInfo").text.indexOf("payroll_with_issues.csv") >= 0)
            click("importStart")
            tryCompare(job, "state", ImportJob.Refused, 20000)
            verify(find("importIssues").visible)
            compare(job.issues.rowsWithIssues, 2)
            let codes = []
            for (let i = 0; i < job.issues.count; ++i)
                codes.push(find("importIssueText" + i).text)
            verify(codes.some(t => t.indexOf("3行目") === 0 && t.indexOf("個人番号") > 0 && t.indexOf("E0502") > 0),
                   "the check digit issue on line 3")
            verify(codes.some(t => t.indexOf("4行目") === 0 && t.indexOf("氏名") > 0 && t.indexOf("E0002") > 0),
                   "the missing name on line 4")
            verify(find("importOutcome").text.indexOf("取り込んでいません") >= 0)
            verify(find("importValidOnly").visible)
            verify(find("importValidOnly").text.indexOf("1") >= 0)
            compare(job.imported, 0)
            grabImage(top).save(TestCard.outputDir + "/kiosk_qml_import_issues_1366.png")
            click("importReset")
            tryCompare(job, "state", ImportJob.Idle, 5000)
            click("importBack")
            tryVerify(() => findChild(view, "importTitle") === null, 5000)
        }

        function leaveExportPage() {
            click("exportBack")
            tryVerify(() => findChild(view, "exportTitle") === null, 5000) // the page is gone, with its items
        }

        // The hand-over page says what is missing before anything can start: nobody selected, no
        // destination, no medium; and above the bulk threshold it offers the officer's approval instead.
        function test_exportPageValidation() {
            signIn()
            Session.desk.mediaDirectory = "/nonexistent-mamori-medium"
            click("selectModeButton")
            click("exportSelectedButton")
            const job = Session.desk.exporter
            tryCompare(job, "problem", ExportJob.NoSubjects, 5000)
            verify(find("exportProblem").visible)
            verify(find("exportProblem").text.indexOf("選") >= 0)
            compare(find("exportStart").enabled, false)
            leaveExportPage()

            // Two people marked by keyboard (Space on the current row).
            const list = find("subjectList")
            list.forceActiveFocus()
            list.currentIndex = 0
            keyClick(Qt.Key_Space)
            keyClick(Qt.Key_Down)
            keyClick(Qt.Key_Space)
            compare(Session.desk.subjects.selectedCount, 2)
            grabImage(top).save(TestCard.outputDir + "/kiosk_qml_select_1366.png")
            click("exportSelectedButton")
            tryCompare(job, "loading", false, 10000) // the page reloads the destinations as it opens
            compare(job.destinations.count, 3)
            compare(job.subjectCount, 2)
            verify(find("exportCount").text.indexOf("2") >= 0)
            compare(job.problem, ExportJob.NoDestination)
            const usb = find("destination_usb")
            usb.forceActiveFocus()
            keyClick(Qt.Key_Space)
            compare(job.destination, "usb")
            compare(job.problem, ExportJob.NoMedium)
            verify(find("exportProblem").text.indexOf("USB") >= 0)
            compare(find("exportStart").enabled, false)
            const payroll = find("destination_payroll")
            payroll.forceActiveFocus()
            keyClick(Qt.Key_Space)
            compare(job.problem, ExportJob.None)
            compare(find("exportProblem").visible, false)
            compare(find("exportStart").enabled, true)
            verify(find("exportStart").text.indexOf("暗証番号") >= 0)
            compare(find("exportRequestApproval").visible, false)
            grabImage(top).save(TestCard.outputDir + "/kiosk_qml_export_1366.png")
            leaveExportPage()

            // Everybody shown: more than the threshold — the approval instead of the act.
            click("selectAllButton")
            verify(Session.desk.subjects.selectedCount > job.bulkThreshold)
            click("exportSelectedButton")
            tryVerify(() => job.needsApproval, 5000)
            compare(find("exportStart").visible, false)
            verify(find("exportRequestApproval").visible)
            verify(find("exportProblem").text.indexOf(String(job.bulkThreshold)) >= 0)
            compare(Session.stepUpPending, false)
            leaveExportPage()
            click("clearSelectionButton")
            compare(Session.desk.subjects.selectedCount, 0)
        }

        function test_numberValidationMessages() {
            signIn()
            openRow(1) // E101: no number yet
            compare(Session.desk.detail.hasNumber, false)
            click("setNumberButton")
            const field = find("numberField")
            tryVerify(() => field.field.activeFocus, 5000)
            const status = find("numberStatus")
            typeText("1234")
            compare(status.text, "12桁中4桁")
            compare(find("numberSubmit").enabled, false)
            typeText("56789010")
            verify(status.text.indexOf("E0502") >= 0)
            verify(status.text.indexOf("検査用数字") >= 0)
            field.text = "１２３４－５６７８－９０１８" // full-width, as an input method types it
            compare(status.text, "正しい個人番号です。")
            compare(find("numberSubmit").enabled, true)
            field.text = "12a"
            verify(status.text.indexOf("E0501") >= 0)
            field.text = "1234567890181"
            verify(status.text.indexOf("E0500") >= 0)
            click("numberCancel")
            compare(Session.desk.detail.hasNumber, false)
        }

        // No usable reader: the standby says so in Japanese first, with what to do and the code,
        // keeps looking, and comes back by itself — to the standby, or to the PIN with a card in.
        function test_readerUnavailable() {
            compare(find("insertCardMessage").visible, true)
            compare(find("readerMissingMessage").visible, false)
            TestCard.unplugReader()
            tryCompare(Session, "readerAvailable", false, 5000)
            compare(Session.readerProblem, Session.ReaderNotFound)
            compare(Session.state, Session.Standby)
            compare(find("standbyScreen").visible, true)
            compare(find("insertCardMessage").visible, false)
            compare(find("readerMissingMessage").visible, true)
            compare(find("readerMissingMessage").text, "ICカードリーダーが見つかりません")
            verify(find("readerMissingHint").text.indexOf("情報システム") >= 0, "tells whom to call")
            verify(find("readerProblemText").text.indexOf("接続されていません") >= 0)
            verify(find("readerProblemText").text.indexOf("(E0008)") > 0, "the code as other errors show it")
            verify(find("statusLine").text.indexOf("カードリーダー") >= 0)
            // Readable at 1366x768: nothing runs past the screen's edges.
            const message = find("readerUnavailableContent")
            const topLeft = message.mapToItem(top, 0, 0)
            verify(topLeft.x >= 0 && topLeft.y >= 0)
            verify(topLeft.x + message.width <= top.width && topLeft.y + message.height <= top.height)
            grabImage(top).save(TestCard.outputDir + "/kiosk_qml_reader_unavailable_1366.png")

            // A card in an unusable reader is not seen; the reader not answering is a different cause.
            TestCard.insert()
            TestCard.silenceReader()
            tryCompare(Session, "readerProblem", Session.ReaderNotAnswering, 5000)
            verify(find("readerProblemText").text.indexOf("応答しません") >= 0)
            compare(Session.state, Session.Standby)

            // English too, switched at runtime (the button is the standby's one pointer target).
            mouseClick(find("languageButton"))
            tryCompare(find("readerMissingMessage"), "text", "No IC card reader found", 5000)
            mouseClick(find("languageButton"))
            tryCompare(find("readerMissingMessage"), "text", "ICカードリーダーが見つかりません", 5000)

            // Plugged back in: the reader is found again and the card in it asks for the PIN.
            TestCard.plugReader()
            tryCompare(Session, "readerAvailable", true, 5000)
            tryCompare(Session, "state", Session.PinEntry, 10000)
            TestCard.remove()
            tryCompare(Session, "state", Session.Standby, 5000)
            compare(find("insertCardMessage").visible, true)
            compare(find("readerMissingMessage").visible, false)
        }

        // Signed in, the reader is pulled out: locked at once, then the reader's absence on standby.
        function test_readerUnpluggedWhileSignedIn() {
            signIn()
            TestCard.unplugReader()
            tryCompare(Session, "state", Session.Standby, 1000)
            compare(Session.desk.subjects.count, 0)
            compare(find("clerkLoader").item, null)
            tryCompare(Session, "readerAvailable", false, 5000)
            compare(find("readerMissingMessage").visible, true)
            TestCard.plugReader()
            tryCompare(Session, "state", Session.PinEntry, 10000) // the card is still in
        }
    }
}

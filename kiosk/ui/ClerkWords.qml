// SPDX-License-Identifier: GPL-3.0-or-later
// ClerkWords: the words of the clerk's import, export and disposal screens for the vault's codes —
// why a disposal is not yet possible, retention rules (RETENTION.md), kinds of destination, the
// state of a request, and what an import issue means. An instance per page (not a singleton, so it
// needs no registration); each function reads Language.code, so bindings follow a language switch.
import QtQuick
import Mamori.Kiosk

QtObject {
    // "E0002" for 2.
    function code(number) {
        return "E" + String(number).padStart(4, "0")
    }

    function disposalBlock(name) {
        Language.code
        switch (name) {
        //: Why a number cannot be disposed of yet: the person is still employed / the relationship continues.
        case "subject_active": return qsTr("Still active")
        //: Why a number cannot be disposed of yet.
        case "status_date_unknown": return qsTr("The leaving date is not recorded")
        //: Why a number cannot be disposed of yet: the leaving date is in the future.
        case "not_yet_left": return qsTr("Not left yet")
        //: Why a number cannot be disposed of yet: a document's retention period has not ended.
        case "document_retained": return qsTr("A document must still be kept")
        //: Why a number cannot be disposed of yet.
        case "unknown_rule": return qsTr("A document has an unknown retention rule")
        //: Why a number cannot be disposed of yet.
        case "document_facts_missing": return qsTr("A document lacks the dates its rule counts from")
        }
        return name
    }

    function rule(code) {
        Language.code
        switch (code) {
        //: Retention rule: 給与所得者の扶養控除等（異動）申告書.
        case "fuyo_kojo_shinkokusho": return qsTr("Dependants' deduction declaration")
        //: Retention rule: 給与所得者の保険料控除申告書.
        case "hokenryo_kojo_shinkokusho": return qsTr("Insurance premium deduction declaration")
        //: Retention rule: 基礎控除申告書 兼 配偶者控除等申告書 兼 所得金額調整控除申告書.
        case "kiso_kojo_shinkokusho": return qsTr("Basic and spouse deduction declaration")
        //: Retention rule: 個人番号を記載した帳簿 (the register of numbers).
        case "bangou_choubo": return qsTr("Register of numbers")
        //: Retention rule: 給与所得の源泉徴収票.
        case "gensen_choshuhyo": return qsTr("Withholding tax slip")
        //: Retention rule: 報酬、料金、契約金及び賞金の支払調書.
        case "shiharai_chosho": return qsTr("Payment record for fees")
        //: Retention rule: 雇用保険被保険者資格取得届.
        case "koyo_hoken_shikaku_shutoku": return qsTr("Employment insurance: enrolment")
        //: Retention rule: 雇用保険被保険者資格喪失届.
        case "koyo_hoken_shikaku_soshitsu": return qsTr("Employment insurance: loss of coverage")
        //: Retention rule: other employment insurance documents.
        case "koyo_hoken": return qsTr("Employment insurance: other documents")
        //: Retention rule: 健康保険・厚生年金保険被保険者資格取得届.
        case "shakai_hoken_shikaku_shutoku": return qsTr("Health and pension insurance: enrolment")
        //: Retention rule: 健康保険・厚生年金保険被保険者資格喪失届.
        case "shakai_hoken_shikaku_soshitsu": return qsTr("Health and pension insurance: loss of coverage")
        //: Retention rule: 健康保険被扶養者（異動）届.
        case "hifuyosha_ido_todoke": return qsTr("Health insurance: dependants' change")
        //: Retention rule: other health and pension insurance documents.
        case "shakai_hoken": return qsTr("Health and pension insurance: other documents")
        //: Retention rule: 労災保険・労働保険 documents.
        case "rodo_hoken": return qsTr("Labour insurance documents")
        }
        return code
    }

    function destinationKind(kind) {
        Language.code
        switch (kind) {
        //: A destination that is a USB medium inserted in the terminal.
        case "medium": return qsTr("USB medium")
        //: A destination that is an outside service reached over the network.
        case "endpoint": return qsTr("Sent over the network")
        }
        return kind
    }

    function requestStatus(status) {
        Language.code
        switch (status) {
        //: State of a request: waiting for the officer.
        case "pending": return qsTr("Waiting for the officer's approval")
        //: State of a request: the officer approved it.
        case "approved": return qsTr("Approved")
        //: State of a request: carried out.
        case "executed": return qsTr("Done")
        }
        return status
    }

    // What an import issue means, by its error number, with the code; the catalogue's words for the rest.
    function issue(number) {
        const words = issueWords(number)
        return words ? words + " (" + code(number) + ")" : Labels.error(number)
    }

    function issueWords(number) {
        Language.code
        switch (number) {
        //: An import issue (one cell of a CSV row).
        case 2: return qsTr("The value is missing, in the wrong form, or not allowed here.")
        //: An import issue (one cell of a CSV row).
        case 3: return qsTr("The department is missing or not one of yours.")
        //: An import issue (one cell of a CSV row).
        case 4: return qsTr("Not found: the employee this row belongs to, or the department.")
        //: An import issue (one cell of a CSV row).
        case 5: return qsTr("The same code or number is on another row.")
        //: An import issue (one cell of a CSV row).
        case 10: return qsTr("The value is too long.")
        //: An import issue (one cell of a CSV row).
        case 11: return qsTr("The text is not valid UTF-8.")
        }
        return ""
    }
}

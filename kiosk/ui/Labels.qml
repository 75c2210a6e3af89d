// SPDX-License-Identifier: GPL-3.0-or-later
// Labels: the words for the vault's codes (purposes, kinds of person, statuses, identity-check
// methods) and for error numbers, in the current language. Each function reads Language.code, so
// a binding that calls it is re-evaluated when the language changes.
pragma Singleton
import QtQuick
import Mamori.Kiosk

QtObject {
    function purpose(code) {
        Language.code
        switch (code) {
        //: A purpose of use (利用目的) of a My Number.
        case "withholding": return qsTr("Withholding tax slips")
        //: A purpose of use (利用目的) of a My Number.
        case "social_insurance": return qsTr("Health and pension insurance filings")
        //: A purpose of use (利用目的) of a My Number.
        case "employment_insurance": return qsTr("Employment insurance filings")
        }
        return code
    }

    function kind(code) {
        Language.code
        switch (code) {
        case "employee": return qsTr("Employee")
        case "dependent": return qsTr("Dependent")
        case "spouse": return qsTr("Spouse")
        //: A person paid by the company who is not an employee (支払調書の対象者).
        case "payee": return qsTr("Payee")
        }
        return code
    }

    function status(code) {
        Language.code
        switch (code) {
        case "active": return qsTr("Active")
        //: Status of an employee who has left the company.
        case "left": return qsTr("Left")
        //: Status of a dependent whose relationship has ended.
        case "ended": return qsTr("Ended")
        }
        return code
    }

    function verificationMethod(code) {
        Language.code
        switch (code) {
        //: Identity check (番号確認・身元確認) document combination.
        case "my_number_card": return qsTr("My Number card")
        //: Identity check document combination.
        case "notification_card_photo_id": return qsTr("Notification card + photo ID")
        //: Identity check document combination.
        case "notification_card_two_ids": return qsTr("Notification card + two IDs without photo")
        //: Identity check document combination.
        case "resident_record_photo_id": return qsTr("Resident record with number + photo ID")
        //: Identity check document combination.
        case "resident_record_two_ids": return qsTr("Resident record with number + two IDs without photo")
        //: Identity check through a representative (代理人).
        case "proxy": return qsTr("Through a representative")
        }
        return code
    }

    // What happened, what to do next, and the code, e.g. "… (E0101)".
    function error(number) {
        return number ? Session.errorText(number, Language.code) : ""
    }
}

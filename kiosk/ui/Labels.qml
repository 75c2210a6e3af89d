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

    function action(code) {
        Language.code
        switch (code) {
        //: An action in the operation log.
        case "login": return qsTr("Sign-in")
        //: An action in the operation log.
        case "login_failed": return qsTr("Failed sign-in")
        //: An action in the operation log.
        case "logout": return qsTr("Sign-out")
        //: An action in the operation log.
        case "lock": return qsTr("Lock")
        //: An action in the operation log.
        case "list": return qsTr("List viewed")
        //: An action in the operation log.
        case "search": return qsTr("Search")
        //: An action in the operation log.
        case "view": return qsTr("Record viewed")
        //: An action in the operation log.
        case "reveal": return qsTr("Number shown")
        //: An action in the operation log.
        case "register": return qsTr("Registration")
        //: An action in the operation log.
        case "edit": return qsTr("Change")
        //: An action in the operation log.
        case "import": return qsTr("Import")
        //: An action in the operation log.
        case "export": return qsTr("Export to a medium")
        //: An action in the operation log.
        case "provide": return qsTr("Provision to a destination")
        //: An action in the operation log.
        case "disposal_request": return qsTr("Disposal requested")
        //: An action in the operation log.
        case "disposal_approve": return qsTr("Disposal approved")
        //: An action in the operation log.
        case "disposal_execute": return qsTr("Disposal executed")
        //: An action in the operation log.
        case "backup": return qsTr("Backup")
        //: An action in the operation log.
        case "restore": return qsTr("Restore")
        //: An action in the operation log.
        case "enrol": return qsTr("Card enrolled")
        //: An action in the operation log.
        case "revoke": return qsTr("Card revoked")
        //: An action in the operation log.
        case "config": return qsTr("Configuration change")
        //: An action in the operation log.
        case "maintenance": return qsTr("Maintenance")
        //: An action in the operation log.
        case "alert": return qsTr("Alert")
        //: An action in the operation log.
        case "checkpoint": return qsTr("Checkpoint")
        //: An action in the operation log.
        case "log_export": return qsTr("Log handed to the administrator")
        //: An action in the operation log.
        case "startup": return qsTr("Start-up")
        //: An action in the operation log.
        case "provision": return qsTr("Device set-up")
        //: An action in the operation log.
        case "export_request": return qsTr("Export requested")
        //: An action in the operation log.
        case "export_approve": return qsTr("Export approved")
        }
        return code
    }

    // An audit entry's result: "ok", "refused:<number>" or "failed:<number>".
    function result(text) {
        Language.code
        if (text === "ok")
            //: Result of a logged act.
            return qsTr("Done")
        const parts = text.split(":")
        const code = parts.length === 2 ? "E" + ("0000" + parts[1]).slice(-4) : ""
        if (parts[0] === "refused")
            //: Result of a logged act; %1 = the error code.
            return qsTr("Refused (%1)").arg(code)
        if (parts[0] === "failed")
            //: Result of a logged act; %1 = the error code.
            return qsTr("Failed (%1)").arg(code)
        return text
    }

    // A role's name (clerk, officer, admin, provisioner).
    function role(code) {
        Language.code
        switch (code) {
        //: Role: 事務取扱担当者.
        case "clerk": return qsTr("Clerk")
        //: Role: 事務取扱責任者.
        case "officer": return qsTr("Officer")
        //: Role: system administrator.
        case "admin": return qsTr("Administrator")
        //: Role: the IT staff who set devices up.
        case "provisioner": return qsTr("Provisioner")
        }
        return code
    }

    // What happened, what to do next, and the code, e.g. "… (E0101)".
    function error(number) {
        return number ? Session.errorText(number, Language.code) : ""
    }
}

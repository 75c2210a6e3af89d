<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
<context>
    <name>AdminScreen</name>
    <message>
        <source>Administrator</source>
        <extracomment>Title of the administrator&apos;s screens.</extracomment>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Operation log</source>
        <extracomment>Tab: the operation log viewer.
----------
Device page: the newest audit entry.</extracomment>
        <translation>Operation log</translation>
    </message>
    <message>
        <source>Alerts (%1)</source>
        <extracomment>Tab: alerts; %1 = how many are shown.</extracomment>
        <translation>Alerts (%1)</translation>
    </message>
    <message>
        <source>IC cards</source>
        <extracomment>Tab: the enrolled IC cards.</extracomment>
        <translation>IC cards</translation>
    </message>
    <message>
        <source>Device</source>
        <extracomment>Tab: the terminal&apos;s state.</extracomment>
        <translation>Device</translation>
    </message>
    <message>
        <source>Newest entry #%1 · signed checkpoint #%2 (%3)</source>
        <extracomment>Log viewer: the newest entry and the newest signed checkpoint; %1, %2 = sequence numbers, %3 = time.</extracomment>
        <translation>Newest entry #%1 · signed checkpoint #%2 (%3)</translation>
    </message>
    <message>
        <source>Chain intact: %1 entries, %2 checkpoints verified</source>
        <extracomment>After a chain check; %1 = entries verified, %2 = checkpoints verified.</extracomment>
        <translation>Chain intact: %1 entries, %2 checkpoints verified</translation>
    </message>
    <message>
        <source>Chain damaged: %1 at entry #%2. Call IT; do not use the terminal.</source>
        <extracomment>After a chain check that found damage; %1 = kind of damage, %2 = sequence.</extracomment>
        <translation>Chain damaged: %1 at entry #%2. Call IT; do not use the terminal.</translation>
    </message>
    <message>
        <source>Check the chain</source>
        <extracomment>Button: verify the whole operation log&apos;s chain and signatures.</extracomment>
        <translation>Check the chain</translation>
    </message>
    <message>
        <source>Card %1… · revoked</source>
        <extracomment>Under a card: revoked; %1 = the card&apos;s id (first digits).</extracomment>
        <translation>Card %1… · revoked</translation>
    </message>
    <message>
        <source>Card %1… · enrolled %2</source>
        <extracomment>Under a card: enrolled on a date; %1 = the card&apos;s id (first digits), %2 = date.</extracomment>
        <translation>Card %1… · enrolled %2</translation>
    </message>
    <message>
        <source>Revoke</source>
        <extracomment>Button: revoke a card (asks to confirm).</extracomment>
        <translation>Revoke</translation>
    </message>
    <message>
        <source>Device id</source>
        <extracomment>Device page: the terminal&apos;s id.</extracomment>
        <translation>Device id</translation>
    </message>
    <message>
        <source>TPM</source>
        <extracomment>Device page: the TPM; the vault answers only with its key unsealed by the TPM.</extracomment>
        <translation>TPM</translation>
    </message>
    <message>
        <source>Key unsealed; counter %1</source>
        <translation>Key unsealed; counter %1</translation>
    </message>
    <message>
        <source>Key unsealed</source>
        <translation>Key unsealed</translation>
    </message>
    <message>
        <source>Last backup</source>
        <extracomment>Device page: the newest backup (from the log).</extracomment>
        <translation>Last backup</translation>
    </message>
    <message>
        <source>None yet</source>
        <translation>None yet</translation>
    </message>
    <message>
        <source>Network (last provision)</source>
        <extracomment>Device page: the newest provision or delivery through the network (from the log).</extracomment>
        <translation>Network (last provision)</translation>
    </message>
    <message>
        <source>Version</source>
        <extracomment>Device page: the kiosk&apos;s version.</extracomment>
        <translation>Version</translation>
    </message>
    <message>
        <source>Refresh</source>
        <extracomment>Button: read the device&apos;s state again.</extracomment>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Revoke %1&apos;s card?</source>
        <extracomment>Confirmation before revoking a card; %1 = the holder&apos;s name.</extracomment>
        <translation>Revoke %1&apos;s card?</translation>
    </message>
    <message>
        <source>The card can no longer sign in, and any session it has ends now. This is recorded in the operation log.</source>
        <extracomment>In the revoke confirmation.</extracomment>
        <translation>The card can no longer sign in, and any session it has ends now. This is recorded in the operation log.</translation>
    </message>
    <message>
        <source>Enrol a card</source>
        <extracomment>Button on the cards page: enrol a new card from its certificate file.</extracomment>
        <translation>Enrol a card</translation>
    </message>
    <message>
        <source>The card for %1 is enrolled. They prove they hold it at their first sign-in.</source>
        <extracomment>After an enrolment; %1 = the new holder&apos;s name.</extracomment>
        <translation>The card for %1 is enrolled. They prove they hold it at their first sign-in.</translation>
    </message>
    <message>
        <source>A new card is enrolled from its certificate file, which IT brings on the USB medium. Your card stays in the reader.</source>
        <extracomment>On the cards page: how new cards are enrolled.</extracomment>
        <translation>A new card is enrolled from its certificate file, which IT brings on the USB medium. Your card stays in the reader.</translation>
    </message>
    <message>
        <source>Take a backup to the USB medium</source>
        <extracomment>Button on the device page: write an encrypted backup of the vault to the USB medium.</extracomment>
        <translation>Take a backup to the USB medium</translation>
    </message>
    <message>
        <source>Cancel the backup</source>
        <extracomment>Button: stop the running backup; the partial file is removed.</extracomment>
        <translation>Cancel the backup</translation>
    </message>
    <message>
        <source>The vault is writing the encrypted backup to the medium… %1 s. Do not remove the medium.</source>
        <extracomment>While the vault writes the backup; %1 = seconds so far.</extracomment>
        <translation>The vault is writing the encrypted backup to the medium… %1 s. Do not remove the medium.</translation>
    </message>
    <message>
        <source>Backup written to “%1” (%2). It holds the operation log up to entry #%3.</source>
        <extracomment>After a backup; %1 = file name on the medium, %2 = size, %3 = the newest log entry it holds.</extracomment>
        <translation>Backup written to “%1” (%2). It holds the operation log up to entry #%3.</translation>
    </message>
    <message>
        <source>Cancelled. The vault had already finished, and the operation log records the backup, but its file was removed from the medium.</source>
        <extracomment>Cancelled, but the vault had finished writing into the removed file.</extracomment>
        <translation>Cancelled. The vault had already finished, and the operation log records the backup, but its file was removed from the medium.</translation>
    </message>
    <message>
        <source>Cancelled. The unfinished file was removed from the medium.</source>
        <extracomment>After cancelling a backup.</extracomment>
        <translation>Cancelled. The unfinished file was removed from the medium.</translation>
    </message>
    <message>
        <source>No USB medium was found. Insert it and try again. No file was written.</source>
        <extracomment>A backup without a USB medium.</extracomment>
        <translation>No USB medium was found. Insert it and try again. No file was written.</translation>
    </message>
    <message>
        <source>The backup was not written. No file was left on the medium.</source>
        <extracomment>A backup that failed; the error follows.</extracomment>
        <translation>The backup was not written. No file was left on the medium.</translation>
    </message>
    <message>
        <source>An encrypted copy of the whole vault, written to the USB medium. Keep the medium locked away.</source>
        <extracomment>Before a backup: what it is.</extracomment>
        <translation>An encrypted copy of the whole vault, written to the USB medium. Keep the medium locked away.</translation>
    </message>
</context>
<context>
    <name>AuditLogView</name>
    <message>
        <source>Everyone</source>
        <extracomment>Person filter of the log: everyone.</extracomment>
        <translation>Everyone</translation>
    </message>
    <message>
        <source>Every action</source>
        <extracomment>Action filter of the log: every action.</extracomment>
        <translation>Every action</translation>
    </message>
    <message>
        <source>Employee code</source>
        <extracomment>Log filter: an employee code.</extracomment>
        <translation>Employee code</translation>
    </message>
    <message>
        <source>From (YYYY-MM-DD)</source>
        <extracomment>Log filter: first day of the period (YYYY-MM-DD).</extracomment>
        <translation>From (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>To (YYYY-MM-DD)</source>
        <extracomment>Log filter: last day of the period (YYYY-MM-DD).</extracomment>
        <translation>To (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>Show</source>
        <extracomment>Button: show the log with these filters.</extracomment>
        <translation>Show</translation>
    </message>
    <message>
        <source>Write dates as YYYY-MM-DD, for example 2026-04-01.</source>
        <extracomment>Under the period filter when a date cannot be read.</extracomment>
        <translation>Write dates as YYYY-MM-DD, for example 2026-04-01.</translation>
    </message>
    <message>
        <source>The device</source>
        <extracomment>The actor of a log entry that is the device itself.</extracomment>
        <translation>The device</translation>
    </message>
    <message>
        <source>Card signed</source>
        <extracomment>Marks an entry the person&apos;s card signed (a step-up act).</extracomment>
        <translation>Card signed</translation>
    </message>
    <message>
        <source>No entries.</source>
        <extracomment>The log view is empty for these filters.</extracomment>
        <translation>No entries.</translation>
    </message>
</context>
<context>
    <name>CardStatusScreen</name>
    <message>
        <source>IC card</source>
        <extracomment>Title of the screen shown while the IC card is read.</extracomment>
        <translation>IC card</translation>
    </message>
    <message>
        <source>This card cannot be used to sign in on this terminal.</source>
        <extracomment>Shown when the inserted card cannot be used to sign in.</extracomment>
        <translation>This card cannot be used to sign in on this terminal.</translation>
    </message>
    <message>
        <source>Reading the card…</source>
        <extracomment>Shown while the certificate is read from the inserted card (no PIN needed yet).</extracomment>
        <translation>Reading the card…</translation>
    </message>
    <message>
        <source>Remove the card. If it should work here, ask the system administrator to enrol it.</source>
        <extracomment>Under the refusal: what the person should do with the card.</extracomment>
        <translation>Remove the card. If it should work here, ask the system administrator to enrol it.</translation>
    </message>
</context>
<context>
    <name>ClerkScreen</name>
    <message>
        <source>Purpose: %1</source>
        <extracomment>Title of the clerk&apos;s screens; %1 = the purpose of use chosen after sign-in.</extracomment>
        <translation>Purpose: %1</translation>
    </message>
    <message>
        <source>Change purpose</source>
        <extracomment>Button: go back to the purpose choice.</extracomment>
        <translation>Change purpose</translation>
    </message>
    <message>
        <source>Sign out</source>
        <extracomment>Button: end the session.</extracomment>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Your role has no clerk screens. Sign out and ask the system administrator.</source>
        <extracomment>Shown to a signed-in user who is not a clerk: their screens are not on this terminal yet.</extracomment>
        <translation>Your role has no clerk screens. Sign out and ask the system administrator.</translation>
    </message>
</context>
<context>
    <name>ClerkWords</name>
    <message>
        <source>Still active</source>
        <extracomment>Why a number cannot be disposed of yet: the person is still employed / the relationship continues.</extracomment>
        <translation>Still active</translation>
    </message>
    <message>
        <source>The leaving date is not recorded</source>
        <extracomment>Why a number cannot be disposed of yet.</extracomment>
        <translation>The leaving date is not recorded</translation>
    </message>
    <message>
        <source>Not left yet</source>
        <extracomment>Why a number cannot be disposed of yet: the leaving date is in the future.</extracomment>
        <translation>Not left yet</translation>
    </message>
    <message>
        <source>A document must still be kept</source>
        <extracomment>Why a number cannot be disposed of yet: a document&apos;s retention period has not ended.</extracomment>
        <translation>A document must still be kept</translation>
    </message>
    <message>
        <source>A document has an unknown retention rule</source>
        <extracomment>Why a number cannot be disposed of yet.</extracomment>
        <translation>A document has an unknown retention rule</translation>
    </message>
    <message>
        <source>A document lacks the dates its rule counts from</source>
        <extracomment>Why a number cannot be disposed of yet.</extracomment>
        <translation>A document lacks the dates its rule counts from</translation>
    </message>
    <message>
        <source>Dependants&apos; deduction declaration</source>
        <extracomment>Retention rule: 給与所得者の扶養控除等（異動）申告書.</extracomment>
        <translation>Dependants&apos; deduction declaration</translation>
    </message>
    <message>
        <source>Insurance premium deduction declaration</source>
        <extracomment>Retention rule: 給与所得者の保険料控除申告書.</extracomment>
        <translation>Insurance premium deduction declaration</translation>
    </message>
    <message>
        <source>Basic and spouse deduction declaration</source>
        <extracomment>Retention rule: 基礎控除申告書 兼 配偶者控除等申告書 兼 所得金額調整控除申告書.</extracomment>
        <translation>Basic and spouse deduction declaration</translation>
    </message>
    <message>
        <source>Register of numbers</source>
        <extracomment>Retention rule: 個人番号を記載した帳簿 (the register of numbers).</extracomment>
        <translation>Register of numbers</translation>
    </message>
    <message>
        <source>Withholding tax slip</source>
        <extracomment>Retention rule: 給与所得の源泉徴収票.</extracomment>
        <translation>Withholding tax slip</translation>
    </message>
    <message>
        <source>Payment record for fees</source>
        <extracomment>Retention rule: 報酬、料金、契約金及び賞金の支払調書.</extracomment>
        <translation>Payment record for fees</translation>
    </message>
    <message>
        <source>Employment insurance: enrolment</source>
        <extracomment>Retention rule: 雇用保険被保険者資格取得届.</extracomment>
        <translation>Employment insurance: enrolment</translation>
    </message>
    <message>
        <source>Employment insurance: loss of coverage</source>
        <extracomment>Retention rule: 雇用保険被保険者資格喪失届.</extracomment>
        <translation>Employment insurance: loss of coverage</translation>
    </message>
    <message>
        <source>Employment insurance: other documents</source>
        <extracomment>Retention rule: other employment insurance documents.</extracomment>
        <translation>Employment insurance: other documents</translation>
    </message>
    <message>
        <source>Health and pension insurance: enrolment</source>
        <extracomment>Retention rule: 健康保険・厚生年金保険被保険者資格取得届.</extracomment>
        <translation>Health and pension insurance: enrolment</translation>
    </message>
    <message>
        <source>Health and pension insurance: loss of coverage</source>
        <extracomment>Retention rule: 健康保険・厚生年金保険被保険者資格喪失届.</extracomment>
        <translation>Health and pension insurance: loss of coverage</translation>
    </message>
    <message>
        <source>Health insurance: dependants&apos; change</source>
        <extracomment>Retention rule: 健康保険被扶養者（異動）届.</extracomment>
        <translation>Health insurance: dependants&apos; change</translation>
    </message>
    <message>
        <source>Health and pension insurance: other documents</source>
        <extracomment>Retention rule: other health and pension insurance documents.</extracomment>
        <translation>Health and pension insurance: other documents</translation>
    </message>
    <message>
        <source>Labour insurance documents</source>
        <extracomment>Retention rule: 労災保険・労働保険 documents.</extracomment>
        <translation>Labour insurance documents</translation>
    </message>
    <message>
        <source>USB medium</source>
        <extracomment>A destination that is a USB medium inserted in the terminal.</extracomment>
        <translation>USB medium</translation>
    </message>
    <message>
        <source>Sent over the network</source>
        <extracomment>A destination that is an outside service reached over the network.</extracomment>
        <translation>Sent over the network</translation>
    </message>
    <message>
        <source>Waiting for the officer&apos;s approval</source>
        <extracomment>State of a request: waiting for the officer.</extracomment>
        <translation>Waiting for the officer&apos;s approval</translation>
    </message>
    <message>
        <source>Approved</source>
        <extracomment>State of a request: the officer approved it.</extracomment>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>State of a request: carried out.</extracomment>
        <translation>Done</translation>
    </message>
    <message>
        <source>The value is missing, in the wrong form, or not allowed here.</source>
        <extracomment>An import issue (one cell of a CSV row).</extracomment>
        <translation>The value is missing, in the wrong form, or not allowed here.</translation>
    </message>
    <message>
        <source>The department is missing or not one of yours.</source>
        <extracomment>An import issue (one cell of a CSV row).</extracomment>
        <translation>The department is missing or not one of yours.</translation>
    </message>
    <message>
        <source>Not found: the employee this row belongs to, or the department.</source>
        <extracomment>An import issue (one cell of a CSV row).</extracomment>
        <translation>Not found: the employee this row belongs to, or the department.</translation>
    </message>
    <message>
        <source>The same code or number is on another row.</source>
        <extracomment>An import issue (one cell of a CSV row).</extracomment>
        <translation>The same code or number is on another row.</translation>
    </message>
    <message>
        <source>The value is too long.</source>
        <extracomment>An import issue (one cell of a CSV row).</extracomment>
        <translation>The value is too long.</translation>
    </message>
    <message>
        <source>The text is not valid UTF-8.</source>
        <extracomment>An import issue (one cell of a CSV row).</extracomment>
        <translation>The text is not valid UTF-8.</translation>
    </message>
</context>
<context>
    <name>DocumentPage</name>
    <message>
        <source>Record a document for %1</source>
        <extracomment>Title of the form that records a document; %1 = the person&apos;s code.</extracomment>
        <translation>Record a document for %1</translation>
    </message>
    <message>
        <source>Document (retention rule)</source>
        <extracomment>Form label: the kind of document, which decides how long it is kept.</extracomment>
        <translation>Document (retention rule)</translation>
    </message>
    <message>
        <source>Tax year (e.g. 2025)</source>
        <extracomment>Form label: the tax year the document is for.</extracomment>
        <translation>Tax year (e.g. 2025)</translation>
    </message>
    <message>
        <source>Filing deadline (YYYY-MM-DD)</source>
        <extracomment>Form label: the filing deadline.</extracomment>
        <translation>Filing deadline (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>Filed on (YYYY-MM-DD)</source>
        <extracomment>Form label: the day the document was filed.</extracomment>
        <translation>Filed on (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>Completed on (YYYY-MM-DD)</source>
        <extracomment>Form label: the day the matter the document records was completed (完結の日).</extracomment>
        <translation>Completed on (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>The tax year is a year from 1990 to 2200.</source>
        <extracomment>The tax year typed is not a year the vault accepts.</extracomment>
        <translation>The tax year is a year from 1990 to 2200.</translation>
    </message>
    <message>
        <source>Record</source>
        <extracomment>Button: store the document record.</extracomment>
        <translation>Record</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DueListPage</name>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Disposal: %1 due of %2 listed</source>
        <extracomment>Title of the disposal due list; %1 = due now, %2 = listed.</extracomment>
        <translation>Disposal: %1 due of %2 listed</translation>
    </message>
    <message>
        <source>Ask for the disposal of a due employee (their dependents go with them). An officer approves it with their own card at this terminal; then carry it out here. The vault deletes the data for good and signs a certificate.</source>
        <extracomment>How a disposal goes.</extracomment>
        <translation>Ask for the disposal of a due employee (their dependents go with them). An officer approves it with their own card at this terminal; then carry it out here. The vault deletes the data for good and signs a certificate.</translation>
    </message>
    <message>
        <source>Request %1 is not approved yet (or no longer due). An officer must approve it with their card first.</source>
        <extracomment>Carrying out a disposal was refused; %1 = request number.</extracomment>
        <translation>Request %1 is not approved yet (or no longer due). An officer must approve it with their card first.</translation>
    </message>
    <message>
        <source>Disposal %1 carried out. The terminal signed its disposal certificate.</source>
        <extracomment>After a disposal; %1 = request number.</extracomment>
        <translation>Disposal %1 carried out. The terminal signed its disposal certificate.</translation>
    </message>
    <message>
        <source>Disposal %1 carried out, but its certificate is not signed. Tell the system administrator.</source>
        <extracomment>After a disposal whose certificate came without a valid signature.</extracomment>
        <translation>Disposal %1 carried out, but its certificate is not signed. Tell the system administrator.</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Disposal</source>
        <extracomment>Column header in the disposal list: due now, or why not.</extracomment>
        <translation>Disposal</translation>
    </message>
    <message>
        <source>Request</source>
        <extracomment>Column header in the disposal list: the open request.</extracomment>
        <translation>Request</translation>
    </message>
    <message>
        <source>Due now</source>
        <extracomment>In the disposal list: the number may be disposed of now.</extracomment>
        <translation>Due now</translation>
    </message>
    <message>
        <source>Request %1</source>
        <extracomment>In the disposal list: the open request&apos;s number.</extracomment>
        <translation>Request %1</translation>
    </message>
    <message>
        <source>Request disposal</source>
        <extracomment>Button: ask for this employee&apos;s disposal.</extracomment>
        <translation>Request disposal</translation>
    </message>
    <message>
        <source>Carry out</source>
        <extracomment>Button: carry out an approved disposal.</extracomment>
        <translation>Carry out</translation>
    </message>
    <message>
        <source>Nobody has left: nothing to dispose of.</source>
        <extracomment>The disposal list is empty.</extracomment>
        <translation>Nobody has left: nothing to dispose of.</translation>
    </message>
</context>
<context>
    <name>EditSubjectPage</name>
    <message>
        <source>Change the details of %1</source>
        <extracomment>Title of the form that changes a person&apos;s details; %1 = the person&apos;s code.</extracomment>
        <translation>Change the details of %1</translation>
    </message>
    <message>
        <source>Name (required)</source>
        <translation>Name (required)</translation>
    </message>
    <message>
        <source>Name in kana</source>
        <translation>Name in kana</translation>
    </message>
    <message>
        <source>Date of birth (YYYY-MM-DD)</source>
        <translation>Date of birth (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Status</source>
        <extracomment>Form label: whether the person is still employed / the relationship continues.</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last day of employment (YYYY-MM-DD)</source>
        <extracomment>Form label: the last day of employment.</extracomment>
        <translation>Last day of employment (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>Day the relationship ended (YYYY-MM-DD)</source>
        <extracomment>Form label: the day a dependent&apos;s relationship ended.</extracomment>
        <translation>Day the relationship ended (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>Type the date: it decides when the number may be disposed of.</source>
        <extracomment>The status changes to left/ended: the date is needed (it decides when the number is disposed of).</extracomment>
        <translation>Type the date: it decides when the number may be disposed of.</translation>
    </message>
    <message>
        <source>Save</source>
        <extracomment>Button: save the changed details.</extracomment>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>EnrolCardPage</name>
    <message>
        <source>Enrol a card — the holder</source>
        <extracomment>Title of the card enrolment, step 2: who holds the new card.</extracomment>
        <translation>Enrol a card — the holder</translation>
    </message>
    <message>
        <source>Enrol a card — confirm</source>
        <extracomment>Title of the card enrolment, step 3: confirm.</extracomment>
        <translation>Enrol a card — confirm</translation>
    </message>
    <message>
        <source>Enrol a card — the certificate</source>
        <extracomment>Title of the card enrolment, step 1: choose the certificate file.</extracomment>
        <translation>Enrol a card — the certificate</translation>
    </message>
    <message>
        <source>The card is enrolled from its certificate file only: possession of the card is not proven here. The new holder proves it at their first sign-in with the card and its PIN. Enrol only a certificate IT gave you for this person.</source>
        <extracomment>Card enrolment from a certificate file: the warning that the card itself was not checked.</extracomment>
        <translation>The card is enrolled from its certificate file only: possession of the card is not proven here. The new holder proves it at their first sign-in with the card and its PIN. Enrol only a certificate IT gave you for this person.</translation>
    </message>
    <message>
        <source>This card is already enrolled for %1. A card is enrolled only once; a revoked card is never enrolled again.</source>
        <extracomment>The chosen certificate&apos;s card is enrolled already; %1 = its holder&apos;s name.</extracomment>
        <translation>This card is already enrolled for %1. A card is enrolled only once; a revoked card is never enrolled again.</translation>
    </message>
    <message>
        <source>Choose the new card&apos;s certificate file (.der, .pem, .crt or .cer) that IT put on the USB medium.</source>
        <extracomment>Over the list of certificate files on the USB medium.</extracomment>
        <translation>Choose the new card&apos;s certificate file (.der, .pem, .crt or .cer) that IT put on the USB medium.</translation>
    </message>
    <message>
        <source>No USB medium found. Insert the medium with the certificate, then press Refresh.</source>
        <extracomment>No USB medium: what to do.</extracomment>
        <translation>No USB medium found. Insert the medium with the certificate, then press Refresh.</translation>
    </message>
    <message>
        <source>There is no certificate file on the medium.</source>
        <extracomment>The USB medium holds no certificate file.</extracomment>
        <translation>There is no certificate file on the medium.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <extracomment>Button: look at the USB medium again.</extracomment>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>Button: leave the card enrolment without enrolling.</extracomment>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Card id: %1</source>
        <extracomment>The new card&apos;s id (SHA-256 of its public key, in groups of 8); %1 = the id.</extracomment>
        <translation>Card id: %1</translation>
    </message>
    <message>
        <source>Name in the certificate: %1 · valid %2 to %3 · file %4</source>
        <extracomment>The certificate&apos;s subject name and validity; %1 = name, %2 and %3 = dates, %4 = file name.</extracomment>
        <translation>Name in the certificate: %1 · valid %2 to %3 · file %4</translation>
    </message>
    <message>
        <source>This certificate has expired. Ask IT for the card&apos;s current certificate.</source>
        <extracomment>The certificate has expired: the card may not sign in.</extracomment>
        <translation>This certificate has expired. Ask IT for the card&apos;s current certificate.</translation>
    </message>
    <message>
        <source>This certificate is not valid yet. Check the date with IT.</source>
        <extracomment>The certificate is not valid yet.</extracomment>
        <translation>This certificate is not valid yet. Check the date with IT.</translation>
    </message>
    <message>
        <source>Holder&apos;s name (shown on screens and in the log)</source>
        <extracomment>Label: the new card holder&apos;s display name.</extracomment>
        <translation>Holder&apos;s name (shown on screens and in the log)</translation>
    </message>
    <message>
        <source>Roles (at least one)</source>
        <extracomment>Label over the role choices (at least one).</extracomment>
        <translation>Roles (at least one)</translation>
    </message>
    <message>
        <source>Departments (a clerk sees only the people of these departments)</source>
        <extracomment>Label over the department choices.</extracomment>
        <translation>Departments (a clerk sees only the people of these departments)</translation>
    </message>
    <message>
        <source>No departments are known here; the holder gets none.</source>
        <extracomment>No department known to the terminal.</extracomment>
        <translation>No departments are known here; the holder gets none.</translation>
    </message>
    <message>
        <source>Back</source>
        <extracomment>Button: back to the previous step.</extracomment>
        <translation>Back</translation>
    </message>
    <message>
        <source>Next</source>
        <extracomment>Button: on to the confirmation.</extracomment>
        <translation>Next</translation>
    </message>
    <message>
        <source>Enter the name and choose at least one role.</source>
        <extracomment>Why Next is disabled.</extracomment>
        <translation>Enter the name and choose at least one role.</translation>
    </message>
    <message>
        <source>Enrol this card for %1 — roles: %2 — departments: %3?</source>
        <extracomment>Confirmation of the card enrolment; %1 = name, %2 = roles, %3 = departments.</extracomment>
        <translation>Enrol this card for %1 — roles: %2 — departments: %3?</translation>
    </message>
    <message>
        <source>none</source>
        <extracomment>No department chosen.</extracomment>
        <translation>none</translation>
    </message>
    <message>
        <source>The card can sign in from now on. This is recorded in the operation log with your name.</source>
        <extracomment>Under the enrolment confirmation.</extracomment>
        <translation>The card can sign in from now on. This is recorded in the operation log with your name.</translation>
    </message>
    <message>
        <source>Enrolling…</source>
        <extracomment>Button: enrol the card (CreateUser + EnrolCard).</extracomment>
        <translation>Enrolling…</translation>
    </message>
    <message>
        <source>Enrol the card</source>
        <translation>Enrol the card</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Hand over data</source>
        <extracomment>Title of the export / provision screen.</extracomment>
        <translation>Hand over data</translation>
    </message>
    <message>
        <source>%1 people selected</source>
        <extracomment>%1 = how many people are selected in the list.</extracomment>
        <translation>%1 people selected</translation>
    </message>
    <message>
        <source>Where does the data go?</source>
        <extracomment>Over the list of destinations.</extracomment>
        <translation>Where does the data go?</translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <extracomment>A destination: %1 = its name, %2 = its kind, %3 = whether numbers go with the data.</extracomment>
        <translation>%1 — %2, %3</translation>
    </message>
    <message>
        <source>with numbers</source>
        <extracomment>A destination whose payloads include the individual numbers.</extracomment>
        <translation>with numbers</translation>
    </message>
    <message>
        <source>without numbers</source>
        <extracomment>A destination whose payloads never include numbers.</extracomment>
        <translation>without numbers</translation>
    </message>
    <message>
        <source>No destination serves this purpose on this terminal. Ask the system administrator.</source>
        <extracomment>No destination is configured for the session&apos;s purpose.</extracomment>
        <translation>No destination serves this purpose on this terminal. Ask the system administrator.</translation>
    </message>
    <message>
        <source>Select the people first: go back to the list, press “Select for hand-over” and mark them.</source>
        <extracomment>Export validation: nobody selected.</extracomment>
        <translation>Select the people first: go back to the list, press “Select for hand-over” and mark them.</translation>
    </message>
    <message>
        <source>At most 10,000 people can be handed over at once. Select fewer.</source>
        <extracomment>Export validation: too many people for one act.</extracomment>
        <translation>At most 10,000 people can be handed over at once. Select fewer.</translation>
    </message>
    <message>
        <source>Choose where the data goes.</source>
        <extracomment>Export validation: no destination chosen.</extracomment>
        <translation>Choose where the data goes.</translation>
    </message>
    <message>
        <source>Insert the USB medium, then press Refresh.</source>
        <extracomment>Export validation: the USB medium is missing.</extracomment>
        <translation>Insert the USB medium, then press Refresh.</translation>
    </message>
    <message>
        <source>More than %1 people: an officer must approve this first (two-person rule). Ask for approval; once the officer has approved it at this terminal, run it below.</source>
        <extracomment>More people than the bulk threshold: an officer approves first; %1 = the threshold.</extracomment>
        <translation>More than %1 people: an officer must approve this first (two-person rule). Ask for approval; once the officer has approved it at this terminal, run it below.</translation>
    </message>
    <message>
        <source>The numbers are left out for this destination.</source>
        <extracomment>The chosen destination may not receive numbers.</extracomment>
        <translation>The numbers are left out for this destination.</translation>
    </message>
    <message>
        <source>Provide (PIN)</source>
        <extracomment>Button: provide the data to the endpoint (asks for the PIN).</extracomment>
        <translation>Provide (PIN)</translation>
    </message>
    <message>
        <source>Export to the medium (PIN)</source>
        <extracomment>Button: write the data to the USB medium (asks for the PIN).</extracomment>
        <translation>Export to the medium (PIN)</translation>
    </message>
    <message>
        <source>Ask for an officer&apos;s approval</source>
        <extracomment>Button: ask an officer to approve a bulk export.</extracomment>
        <translation>Ask for an officer&apos;s approval</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Waiting for your PIN…</source>
        <extracomment>Waiting for the PIN in the dialog.</extracomment>
        <translation>Waiting for your PIN…</translation>
    </message>
    <message>
        <source>Sending the request…</source>
        <extracomment>While the approval request is sent.</extracomment>
        <translation>Sending the request…</translation>
    </message>
    <message>
        <source>The vault is preparing the data… %1 s</source>
        <extracomment>While the vault writes or hands over the data; %1 = seconds so far.</extracomment>
        <translation>The vault is preparing the data… %1 s</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>%1 people written to “%2” on the medium (operation log entry %3).</source>
        <extracomment>After an export; %1 = people, %2 = file name on the medium, %3 = operation log entry.</extracomment>
        <translation>%1 people written to “%2” on the medium (operation log entry %3).</translation>
    </message>
    <message>
        <source>%1 people handed to the courier as “%2” (operation log entry %3).</source>
        <extracomment>After a provision; %1 = people, %2 = payload name, %3 = operation log entry.</extracomment>
        <translation>%1 people handed to the courier as “%2” (operation log entry %3).</translation>
    </message>
    <message>
        <source>The numbers are included.</source>
        <extracomment>The payload holds the individual numbers.</extracomment>
        <translation>The numbers are included.</translation>
    </message>
    <message>
        <source>No number is included.</source>
        <extracomment>The payload holds no number.</extracomment>
        <translation>No number is included.</translation>
    </message>
    <message>
        <source>Request %1 sent. An officer approves it with their card at this terminal; then run it below.</source>
        <extracomment>After asking for approval; %1 = request number.</extracomment>
        <translation>Request %1 sent. An officer approves it with their card at this terminal; then run it below.</translation>
    </message>
    <message>
        <source>You cancelled, but the vault had already finished: “%1”. The act is in the operation log.</source>
        <extracomment>Cancelled, but the vault had already finished; %1 = file or payload name.</extracomment>
        <translation>You cancelled, but the vault had already finished: “%1”. The act is in the operation log.</translation>
    </message>
    <message>
        <source>Cancelled. Before your card signs, nothing happens. If the vault had already received the act, it completes it and this screen says so.</source>
        <extracomment>After a cancel.</extracomment>
        <translation>Cancelled. Before your card signs, nothing happens. If the vault had already received the act, it completes it and this screen says so.</translation>
    </message>
    <message>
        <source>Your requests for approval</source>
        <extracomment>Heading of the list of bulk requests.</extracomment>
        <translation>Your requests for approval</translation>
    </message>
    <message>
        <source>Request %1: %2 people to %3 — %4</source>
        <extracomment>A bulk request: %1 = number, %2 = people, %3 = destination code, %4 = state.</extracomment>
        <translation>Request %1: %2 people to %3 — %4</translation>
    </message>
    <message>
        <source>Run (PIN)</source>
        <extracomment>Button: carry out an approved bulk request (asks for the PIN).</extracomment>
        <translation>Run (PIN)</translation>
    </message>
    <message>
        <source>(the list of people is no longer on this terminal: ask again)</source>
        <extracomment>An approved request whose list of people this terminal no longer holds (it was restarted).</extracomment>
        <translation>(the list of people is no longer on this terminal: ask again)</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <source>The screen locks in %1 seconds.</source>
        <extracomment>%1 = seconds until the idle lock.</extracomment>
        <translation>The screen locks in %1 seconds.</translation>
    </message>
    <message>
        <source>Press any key or touch the screen to keep working.</source>
        <extracomment>Under the idle warning.</extracomment>
        <translation>Press any key or touch the screen to keep working.</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Back</source>
        <extracomment>Button: back to the list.</extracomment>
        <translation>Back</translation>
    </message>
    <message>
        <source>Import people from a CSV file</source>
        <extracomment>Title of the CSV import screen.</extracomment>
        <translation>Import people from a CSV file</translation>
    </message>
    <message>
        <source>Choose the file exported by the payroll software (UTF-8 or Shift_JIS).</source>
        <extracomment>Over the list of files on the USB medium.</extracomment>
        <translation>Choose the file exported by the payroll software (UTF-8 or Shift_JIS).</translation>
    </message>
    <message>
        <source>No USB medium found. Insert the medium with the file, then press Refresh.</source>
        <extracomment>No USB medium: what to do.</extracomment>
        <translation>No USB medium found. Insert the medium with the file, then press Refresh.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <extracomment>Button: look at the USB medium again.</extracomment>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>There is no CSV file on the medium.</source>
        <extracomment>The USB medium holds no CSV file.</extracomment>
        <translation>There is no CSV file on the medium.</translation>
    </message>
    <message>
        <source>%1 — %2 KB, %3 rows, %4</source>
        <extracomment>%1 = file name, %2 = size in KB, %3 = data rows in the file, %4 = text encoding.</extracomment>
        <translation>%1 — %2 KB, %3 rows, %4</translation>
    </message>
    <message>
        <source>The first rows, for a look only: the vault checks the whole file. Numbers are never shown (••••).</source>
        <extracomment>Under the preview: what it is, and that numbers are never shown.</extracomment>
        <translation>The first rows, for a look only: the vault checks the whole file. Numbers are never shown (••••).</translation>
    </message>
    <message>
        <source>Line</source>
        <extracomment>Preview column: the line of the file.</extracomment>
        <translation>Line</translation>
    </message>
    <message>
        <source>Importing the valid rows… %1 s</source>
        <extracomment>While the vault imports; %1 = seconds so far.</extracomment>
        <translation>Importing the valid rows… %1 s</translation>
    </message>
    <message>
        <source>The vault is checking and importing the file… %1 s</source>
        <extracomment>While the vault checks and imports; %1 = seconds so far.</extracomment>
        <translation>The vault is checking and importing the file… %1 s</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>Button: stop waiting for the import.</extracomment>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>The vault imports the file as one whole: if it stops or fails, nothing is written.</source>
        <extracomment>While importing: what a cancel or a failure means.</extracomment>
        <translation>The vault imports the file as one whole: if it stops or fails, nothing is written.</translation>
    </message>
    <message>
        <source>Nothing was imported: %1 issues on %2 of %3 rows. Correct the file and try again, or import only the valid rows.</source>
        <extracomment>After the all-or-nothing check found issues; %1 = issues, %2 = rows with issues, %3 = rows.</extracomment>
        <translation>Nothing was imported: %1 issues on %2 of %3 rows. Correct the file and try again, or import only the valid rows.</translation>
    </message>
    <message>
        <source>%1 rows imported. %2 rows with issues were skipped; they are listed below.</source>
        <extracomment>After importing the valid rows; %1 = imported, %2 = skipped.</extracomment>
        <translation>%1 rows imported. %2 rows with issues were skipped; they are listed below.</translation>
    </message>
    <message>
        <source>%1 rows imported.</source>
        <extracomment>After a clean import; %1 = rows imported.</extracomment>
        <translation>%1 rows imported.</translation>
    </message>
    <message>
        <source>You cancelled, but the vault had already finished the import: %1 rows were imported. Check the list.</source>
        <extracomment>The clerk cancelled, but the vault had already finished; %1 = rows imported.</extracomment>
        <translation>You cancelled, but the vault had already finished the import: %1 rows were imported. Check the list.</translation>
    </message>
    <message>
        <source>Cancelled. The vault writes an import as one whole: if it had not finished, nothing was written. If it finishes after all, this screen says so.</source>
        <extracomment>After a cancel: nothing is half done.</extracomment>
        <translation>Cancelled. The vault writes an import as one whole: if it had not finished, nothing was written. If it finishes after all, this screen says so.</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <extracomment>After the vault refused the whole file (the error above says why).</extracomment>
        <translation>Nothing was imported.</translation>
    </message>
    <message>
        <source>Only the first 10,000 issues are listed.</source>
        <extracomment>More issues than the vault lists.</extracomment>
        <translation>Only the first 10,000 issues are listed.</translation>
    </message>
    <message>
        <source>Line %1, %2: %3</source>
        <extracomment>One import issue: %1 = line of the file, %2 = column, %3 = what is wrong and the code.</extracomment>
        <translation>Line %1, %2: %3</translation>
    </message>
    <message>
        <source>(whole row)</source>
        <translation>(whole row)</translation>
    </message>
    <message>
        <source>Check and import</source>
        <extracomment>Button: send the file to the vault, all rows or none.</extracomment>
        <translation>Check and import</translation>
    </message>
    <message>
        <source>Import only the %1 valid rows</source>
        <extracomment>Button: import only the rows without issues; %1 = how many.</extracomment>
        <translation>Import only the %1 valid rows</translation>
    </message>
    <message>
        <source>Choose another file</source>
        <extracomment>Button: pick another file.</extracomment>
        <translation>Choose another file</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Withholding tax slips</source>
        <extracomment>A purpose of use (利用目的) of a My Number.</extracomment>
        <translation>Withholding tax slips</translation>
    </message>
    <message>
        <source>Health and pension insurance filings</source>
        <extracomment>A purpose of use (利用目的) of a My Number.</extracomment>
        <translation>Health and pension insurance filings</translation>
    </message>
    <message>
        <source>Employment insurance filings</source>
        <extracomment>A purpose of use (利用目的) of a My Number.</extracomment>
        <translation>Employment insurance filings</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>Employee</translation>
    </message>
    <message>
        <source>Dependent</source>
        <translation>Dependent</translation>
    </message>
    <message>
        <source>Spouse</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <source>Payee</source>
        <extracomment>A person paid by the company who is not an employee (支払調書の対象者).</extracomment>
        <translation>Payee</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Left</source>
        <extracomment>Status of an employee who has left the company.</extracomment>
        <translation>Left</translation>
    </message>
    <message>
        <source>Ended</source>
        <extracomment>Status of a dependent whose relationship has ended.</extracomment>
        <translation>Ended</translation>
    </message>
    <message>
        <source>My Number card</source>
        <extracomment>Identity check (番号確認・身元確認) document combination.</extracomment>
        <translation>My Number card</translation>
    </message>
    <message>
        <source>Notification card + photo ID</source>
        <extracomment>Identity check document combination.</extracomment>
        <translation>Notification card + photo ID</translation>
    </message>
    <message>
        <source>Notification card + two IDs without photo</source>
        <extracomment>Identity check document combination.</extracomment>
        <translation>Notification card + two IDs without photo</translation>
    </message>
    <message>
        <source>Resident record with number + photo ID</source>
        <extracomment>Identity check document combination.</extracomment>
        <translation>Resident record with number + photo ID</translation>
    </message>
    <message>
        <source>Resident record with number + two IDs without photo</source>
        <extracomment>Identity check document combination.</extracomment>
        <translation>Resident record with number + two IDs without photo</translation>
    </message>
    <message>
        <source>Through a representative</source>
        <extracomment>Identity check through a representative (代理人).</extracomment>
        <translation>Through a representative</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Sign-in</translation>
    </message>
    <message>
        <source>Failed sign-in</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Failed sign-in</translation>
    </message>
    <message>
        <source>Sign-out</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Sign-out</translation>
    </message>
    <message>
        <source>Lock</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Lock</translation>
    </message>
    <message>
        <source>List viewed</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>List viewed</translation>
    </message>
    <message>
        <source>Search</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Search</translation>
    </message>
    <message>
        <source>Record viewed</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Record viewed</translation>
    </message>
    <message>
        <source>Number shown</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Number shown</translation>
    </message>
    <message>
        <source>Registration</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Registration</translation>
    </message>
    <message>
        <source>Change</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Change</translation>
    </message>
    <message>
        <source>Import</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Import</translation>
    </message>
    <message>
        <source>Export to a medium</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Export to a medium</translation>
    </message>
    <message>
        <source>Provision to a destination</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Provision to a destination</translation>
    </message>
    <message>
        <source>Disposal requested</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Disposal requested</translation>
    </message>
    <message>
        <source>Disposal approved</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Disposal approved</translation>
    </message>
    <message>
        <source>Disposal executed</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Disposal executed</translation>
    </message>
    <message>
        <source>Backup</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Backup</translation>
    </message>
    <message>
        <source>Restore</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Card enrolled</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Card enrolled</translation>
    </message>
    <message>
        <source>Card revoked</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Card revoked</translation>
    </message>
    <message>
        <source>Configuration change</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Configuration change</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Maintenance</translation>
    </message>
    <message>
        <source>Alert</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Alert</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>Log handed to the administrator</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Log handed to the administrator</translation>
    </message>
    <message>
        <source>Start-up</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Start-up</translation>
    </message>
    <message>
        <source>Device set-up</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Device set-up</translation>
    </message>
    <message>
        <source>Export requested</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Export requested</translation>
    </message>
    <message>
        <source>Export approved</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>Export approved</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>Result of a logged act.</extracomment>
        <translation>Done</translation>
    </message>
    <message>
        <source>Refused (%1)</source>
        <extracomment>Result of a logged act; %1 = the error code.</extracomment>
        <translation>Refused (%1)</translation>
    </message>
    <message>
        <source>Failed (%1)</source>
        <extracomment>Result of a logged act; %1 = the error code.</extracomment>
        <translation>Failed (%1)</translation>
    </message>
    <message>
        <source>Clerk</source>
        <extracomment>Role: 事務取扱担当者.</extracomment>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>Officer</source>
        <extracomment>Role: 事務取扱責任者.</extracomment>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Administrator</source>
        <extracomment>Role: system administrator.</extracomment>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Provisioner</source>
        <extracomment>Role: the IT staff who set devices up.</extracomment>
        <translation>Provisioner</translation>
    </message>
</context>
<context>
    <name>LanguageButton</name>
    <message>
        <source>Switch language</source>
        <extracomment>Accessible name of the button that switches between Japanese and English.</extracomment>
        <translation>Switch language</translation>
    </message>
</context>
<context>
    <name>OfficerScreen</name>
    <message>
        <source>Officer</source>
        <extracomment>Title of the officer&apos;s screens.</extracomment>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Approvals (%1)</source>
        <extracomment>Tab: requests waiting for the officer&apos;s approval; %1 = how many.</extracomment>
        <translation>Approvals (%1)</translation>
    </message>
    <message>
        <source>Activity review</source>
        <extracomment>Tab: the review of the clerks&apos; activity (取扱状況).</extracomment>
        <translation>Activity review</translation>
    </message>
    <message>
        <source>Disposal of %1 and their dependents</source>
        <extracomment>An approval request: disposal of an employee&apos;s records; %1 = employee code.</extracomment>
        <translation>Disposal of %1 and their dependents</translation>
    </message>
    <message>
        <source>Provision of %1 people to %2</source>
        <extracomment>An approval request: provision to a destination; %1 = how many people, %2 = destination code.</extracomment>
        <translation>Provision of %1 people to %2</translation>
    </message>
    <message>
        <source>Export of %1 people to %2</source>
        <extracomment>An approval request: export to a medium; %1 = how many people, %2 = destination code.</extracomment>
        <translation>Export of %1 people to %2</translation>
    </message>
    <message>
        <source>Request %1</source>
        <extracomment>Under an approval request; %1 = the request&apos;s number.</extracomment>
        <translation>Request %1</translation>
    </message>
    <message>
        <source>Approve</source>
        <extracomment>Button: approve a request with the officer&apos;s card.</extracomment>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Nothing waits for your approval.</source>
        <extracomment>Nothing waits for the officer&apos;s approval.</extracomment>
        <translation>Nothing waits for your approval.</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Sign in</source>
        <extracomment>Title of the PIN entry screen.
----------
The sign-in button under the PIN field.</extracomment>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>This IC card is locked</source>
        <extracomment>Headline when the card refuses every PIN.</extracomment>
        <translation>This IC card is locked</translation>
    </message>
    <message>
        <source>Enter your PIN</source>
        <extracomment>Headline of the PIN screen.</extracomment>
        <translation>Enter your PIN</translation>
    </message>
    <message>
        <source>Too many wrong PINs were entered. Have the card&apos;s issuer unlock it: a My Number card is unlocked at your city office (市区町村の窓口) with the card and an ID. Remove the card now.</source>
        <extracomment>Guidance for a locked card. JPKI = the My Number card&apos;s certificate; the city office resets its PIN.</extracomment>
        <translation>Too many wrong PINs were entered. Have the card&apos;s issuer unlock it: a My Number card is unlocked at your city office (市区町村の窓口) with the card and an ID. Remove the card now.</translation>
    </message>
    <message>
        <source>Last try: one more wrong PIN locks this card.</source>
        <extracomment>Warning when one more wrong PIN locks the card.</extracomment>
        <translation>Last try: one more wrong PIN locks this card.</translation>
    </message>
    <message>
        <source>Tries left: %1</source>
        <extracomment>%1 = how many PIN tries the card allows before it locks.</extracomment>
        <translation>Tries left: %1</translation>
    </message>
    <message>
        <source>A wrong PIN was entered before. Fewer tries are left; type carefully.</source>
        <extracomment>The card reports an earlier wrong PIN but not how many tries are left.</extracomment>
        <translation>A wrong PIN was entered before. Fewer tries are left; type carefully.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <extracomment>On the sign-in button while the card signs and the vault checks.</extracomment>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>PIN (it goes only to your card)</source>
        <extracomment>Label of the PIN field.</extracomment>
        <translation>PIN (it goes only to your card)</translation>
    </message>
</context>
<context>
    <name>PurposeScreen</name>
    <message>
        <source>Purpose of use</source>
        <extracomment>Title of the purpose choice screen.</extracomment>
        <translation>Purpose of use</translation>
    </message>
    <message>
        <source>What is this work for?</source>
        <extracomment>Headline of the purpose choice screen.</extracomment>
        <translation>What is this work for?</translation>
    </message>
    <message>
        <source>Numbers are used only for the purpose chosen here. To change it later, use “Change purpose”.</source>
        <extracomment>Under the purpose headline.</extracomment>
        <translation>Numbers are used only for the purpose chosen here. To change it later, use “Change purpose”.</translation>
    </message>
    <message>
        <source>Sign out</source>
        <extracomment>Button: end the session.</extracomment>
        <translation>Sign out</translation>
    </message>
</context>
<context>
    <name>RegisterSubjectPage</name>
    <message>
        <source>Register an employee</source>
        <extracomment>Title of the form that registers an employee.</extracomment>
        <translation>Register an employee</translation>
    </message>
    <message>
        <source>Register a dependent of %1</source>
        <extracomment>Title of the form that registers a dependent; %1 = the employee&apos;s code.</extracomment>
        <translation>Register a dependent of %1</translation>
    </message>
    <message>
        <source>Name (required)</source>
        <extracomment>Form label: the person&apos;s name in kanji (required).</extracomment>
        <translation>Name (required)</translation>
    </message>
    <message>
        <source>Name in kana</source>
        <extracomment>Form label: the person&apos;s name in katakana.</extracomment>
        <translation>Name in kana</translation>
    </message>
    <message>
        <source>Employee code</source>
        <extracomment>Form label: the employee code.</extracomment>
        <translation>Employee code</translation>
    </message>
    <message>
        <source>Code (empty: %1-1, %1-2, …)</source>
        <extracomment>Form label: a dependent&apos;s code; empty = the employee&apos;s code with -1, -2, …</extracomment>
        <translation>Code (empty: %1-1, %1-2, …)</translation>
    </message>
    <message>
        <source>Date of birth (YYYY-MM-DD)</source>
        <extracomment>Form label: date of birth, typed as year-month-day.</extracomment>
        <translation>Date of birth (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>Address</source>
        <extracomment>Form label: address.</extracomment>
        <translation>Address</translation>
    </message>
    <message>
        <source>Department</source>
        <extracomment>Form label: the department.</extracomment>
        <translation>Department</translation>
    </message>
    <message>
        <source>Relationship</source>
        <extracomment>Form label: the relationship to the employee.</extracomment>
        <translation>Relationship</translation>
    </message>
    <message>
        <source>The purpose “%1” was notified to this person today</source>
        <extracomment>Checkbox: the purpose was told to the person today (the vault needs this before a number is stored).</extracomment>
        <translation>The purpose “%1” was notified to this person today</translation>
    </message>
    <message>
        <source>Register</source>
        <extracomment>Button: register the person.</extracomment>
        <translation>Register</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>Button: leave the form without saving.</extracomment>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ScreenHeader</name>
    <message>
        <source>Terminal: %1</source>
        <extracomment>%1 is the terminal&apos;s name as IT configured it.</extracomment>
        <translation>Terminal: %1</translation>
    </message>
</context>
<context>
    <name>SessionView</name>
    <message>
        <source>Locked: the card was removed</source>
        <extracomment>Status line after the card was pulled out: the session is locked.</extracomment>
        <translation>Locked: the card was removed</translation>
    </message>
    <message>
        <source>Standby: no card inserted</source>
        <extracomment>Status line at the bottom of the standby screen.</extracomment>
        <translation>Standby: no card inserted</translation>
    </message>
</context>
<context>
    <name>SetNumberPage</name>
    <message>
        <source>Individual number of %1</source>
        <extracomment>Title of the form that stores a person&apos;s number; %1 = the person&apos;s code.</extracomment>
        <translation>Individual number of %1</translation>
    </message>
    <message>
        <source>Type the 12 digits from the document. Full-width digits, spaces and hyphens are fine.</source>
        <extracomment>Under the title: what may be typed.</extracomment>
        <translation>Type the 12 digits from the document. Full-width digits, spaces and hyphens are fine.</translation>
    </message>
    <message>
        <source>Individual number</source>
        <extracomment>Label of the number field.</extracomment>
        <translation>Individual number</translation>
    </message>
    <message>
        <source>The number is valid.</source>
        <extracomment>Live check: the typed number is valid.</extracomment>
        <translation>The number is valid.</translation>
    </message>
    <message>
        <source>%1 of 12 digits</source>
        <extracomment>Live check while typing; %1 = digits typed so far.</extracomment>
        <translation>%1 of 12 digits</translation>
    </message>
    <message>
        <source>Save the number</source>
        <extracomment>Button: store the number.</extracomment>
        <translation>Save the number</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>A number is registered. Saving replaces it; the change is recorded in the operation log.</source>
        <extracomment>Above the number field when the person already has a number.</extracomment>
        <translation>A number is registered. Saving replaces it; the change is recorded in the operation log.</translation>
    </message>
</context>
<context>
    <name>StandbyScreen</name>
    <message>
        <source>Standby: no card inserted</source>
        <extracomment>Status line at the bottom of the standby screen.</extracomment>
        <translation>Standby: no card inserted</translation>
    </message>
    <message>
        <source>Terminal: %1</source>
        <extracomment>%1 is the terminal&apos;s name as IT configured it.</extracomment>
        <translation>Terminal: %1</translation>
    </message>
    <message>
        <source>Insert your IC card</source>
        <extracomment>The standby screen&apos;s main instruction; the first thing a clerk reads.</extracomment>
        <translation>Insert your IC card</translation>
    </message>
    <message>
        <source>Then enter your PIN to sign in.</source>
        <extracomment>Shown under &quot;Insert your IC card&quot;.</extracomment>
        <translation>Then enter your PIN to sign in.</translation>
    </message>
    <message>
        <source>dddd, MMMM d, yyyy</source>
        <extracomment>Date format of the standby clock (Qt date format: d M yyyy, ddd = short day name, dddd = full day name); day and month names come from the UI language&apos;s locale.</extracomment>
        <translation>dddd, MMMM d, yyyy</translation>
    </message>
    <message>
        <source>The card reader&apos;s software could not be loaded.</source>
        <extracomment>Cause on the &quot;no card reader&quot; screen: the PKCS#11 module (the reader&apos;s driver software) did not load.</extracomment>
        <translation>The card reader&apos;s software could not be loaded.</translation>
    </message>
    <message>
        <source>No card reader is connected to this terminal.</source>
        <extracomment>Cause on the &quot;no card reader&quot; screen: no reader is connected at all.</extracomment>
        <translation>No card reader is connected to this terminal.</translation>
    </message>
    <message>
        <source>The card reader does not answer.</source>
        <extracomment>Cause on the &quot;no card reader&quot; screen: the reader (or its service) does not answer.</extracomment>
        <translation>The card reader does not answer.</translation>
    </message>
    <message>
        <source>No IC card reader found</source>
        <extracomment>The standby screen&apos;s main line when no IC card reader can be used.</extracomment>
        <translation>No IC card reader found</translation>
    </message>
    <message>
        <source>Check that the card reader is plugged in to this terminal. If this screen stays, call IT support (the system administrator).</source>
        <extracomment>Under &quot;No IC card reader found&quot;: what the person at the terminal should do.</extracomment>
        <translation>Check that the card reader is plugged in to this terminal. If this screen stays, call IT support (the system administrator).</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>The cause of the missing card reader (%1) and its error code (%2, e.g. E0008), to tell IT.</extracomment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Looking for the card reader again every few seconds…</source>
        <extracomment>Status line while no card reader is usable: the kiosk keeps looking for one.</extracomment>
        <translation>Looking for the card reader again every few seconds…</translation>
    </message>
    <message>
        <source>The vault does not answer: call IT</source>
        <extracomment>Standby footer: the vault service does not answer (call IT).</extracomment>
        <translation>The vault does not answer: call IT</translation>
    </message>
    <message>
        <source>Last backup: %1 (%2)</source>
        <extracomment>Standby footer: the newest backup; %1 = date and time, %2 = its result.</extracomment>
        <translation>Last backup: %1 (%2)</translation>
    </message>
    <message>
        <source>Last backup: none yet</source>
        <extracomment>Standby footer: no backup was ever taken on this terminal.</extracomment>
        <translation>Last backup: none yet</translation>
    </message>
    <message>
        <source>Last sending: %1 (%2)</source>
        <extracomment>Standby footer: the newest hand-over to an endpoint (network); %1 = date and time, %2 = its result.</extracomment>
        <translation>Last sending: %1 (%2)</translation>
    </message>
    <message>
        <source>Last sending: none yet</source>
        <extracomment>Standby footer: nothing was ever sent from this terminal.</extracomment>
        <translation>Last sending: none yet</translation>
    </message>
    <message>
        <source>delivered</source>
        <extracomment>Standby footer: the newest sending reached its endpoint.</extracomment>
        <translation>delivered</translation>
    </message>
    <message>
        <source>stopped by the outgoing check</source>
        <extracomment>Standby footer: the outgoing check stopped the newest sending (it held a number for an endpoint that may not receive one).</extracomment>
        <translation>stopped by the outgoing check</translation>
    </message>
    <message>
        <source>refused by the endpoint</source>
        <extracomment>Standby footer: the endpoint refused the newest sending.</extracomment>
        <translation>refused by the endpoint</translation>
    </message>
    <message>
        <source>not delivered</source>
        <extracomment>Standby footer: the newest sending did not get through after its retries.</extracomment>
        <translation>not delivered</translation>
    </message>
</context>
<context>
    <name>StepUpDialog</name>
    <message>
        <source>Enter your PIN again to show the number</source>
        <extracomment>Title of the dialog that asks for the PIN again before a number is shown.</extracomment>
        <translation>Enter your PIN again to show the number</translation>
    </message>
    <message>
        <source>Your card signs this one viewing; it is recorded in the operation log.</source>
        <extracomment>Under the step-up title: why the PIN is asked again.</extracomment>
        <translation>Your card signs this one viewing; it is recorded in the operation log.</translation>
    </message>
    <message>
        <source>PIN</source>
        <extracomment>Label of the PIN field.</extracomment>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Last try: one more wrong PIN locks this card.</source>
        <translation>Last try: one more wrong PIN locks this card.</translation>
    </message>
    <message>
        <source>A wrong PIN was entered before. Fewer tries are left; type carefully.</source>
        <translation>A wrong PIN was entered before. Fewer tries are left; type carefully.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <extracomment>On the confirm button while the card signs.</extracomment>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Show</source>
        <extracomment>Button: confirm the PIN and show the number.</extracomment>
        <translation>Show</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Enter your PIN again to approve this disposal</source>
        <extracomment>Title of the step-up dialog before an officer approves a disposal.</extracomment>
        <translation>Enter your PIN again to approve this disposal</translation>
    </message>
    <message>
        <source>Enter your PIN again to approve this export</source>
        <extracomment>Title of the step-up dialog before an officer approves a bulk export.</extracomment>
        <translation>Enter your PIN again to approve this export</translation>
    </message>
    <message>
        <source>Enter your PIN again to hand over this data</source>
        <extracomment>Title of the step-up dialog before data leaves the terminal.</extracomment>
        <translation>Enter your PIN again to hand over this data</translation>
    </message>
    <message>
        <source>Your card signs exactly this act; it is recorded in the operation log.</source>
        <extracomment>Under the step-up title for approvals and hand-overs.</extracomment>
        <translation>Your card signs exactly this act; it is recorded in the operation log.</translation>
    </message>
    <message>
        <source>Sign</source>
        <extracomment>Button: confirm the PIN and sign the act (approve, hand over).</extracomment>
        <translation>Sign</translation>
    </message>
</context>
<context>
    <name>SubjectDetailPage</name>
    <message>
        <source>Back</source>
        <extracomment>Button: back to the list.</extracomment>
        <translation>Back</translation>
    </message>
    <message>
        <source>Employee code</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>Employee code</translation>
    </message>
    <message>
        <source>Name</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <source>Name (kana)</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>Name (kana)</translation>
    </message>
    <message>
        <source>Kind</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Department</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>Department</translation>
    </message>
    <message>
        <source>Status</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Address</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>Address</translation>
    </message>
    <message>
        <source>Purposes notified</source>
        <extracomment>Field label in a person&apos;s details: the purposes notified to the person.</extracomment>
        <translation>Purposes notified</translation>
    </message>
    <message>
        <source>Identity check</source>
        <extracomment>Field label in a person&apos;s details: identity check records.</extracomment>
        <translation>Identity check</translation>
    </message>
    <message>
        <source>Recorded (%1)</source>
        <extracomment>%1 = number of identity check records.</extracomment>
        <translation>Recorded (%1)</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <extracomment>No identity check recorded yet.</extracomment>
        <translation>Not recorded</translation>
    </message>
    <message>
        <source>Individual number</source>
        <extracomment>Label of the individual number (個人番号) in a person&apos;s details.</extracomment>
        <translation>Individual number</translation>
    </message>
    <message>
        <source>Not registered</source>
        <extracomment>No number registered for this person.</extracomment>
        <translation>Not registered</translation>
    </message>
    <message>
        <source>Masked again in %1 s</source>
        <extracomment>%1 = seconds until the revealed number is masked again.</extracomment>
        <translation>Masked again in %1 s</translation>
    </message>
    <message>
        <source>Show number (PIN)</source>
        <extracomment>Button: show the number (asks for the PIN again).</extracomment>
        <translation>Show number (PIN)</translation>
    </message>
    <message>
        <source>Hide now</source>
        <extracomment>Button: hide the revealed number now.</extracomment>
        <translation>Hide now</translation>
    </message>
    <message>
        <source>Correct the number</source>
        <extracomment>Button: replace the registered number.</extracomment>
        <translation>Correct the number</translation>
    </message>
    <message>
        <source>Register the number</source>
        <extracomment>Button: register the person&apos;s number.</extracomment>
        <translation>Register the number</translation>
    </message>
    <message>
        <source>Record identity check</source>
        <extracomment>Button: record the identity check.</extracomment>
        <translation>Record identity check</translation>
    </message>
    <message>
        <source>Add a dependent</source>
        <extracomment>Button: register a dependent of this employee.</extracomment>
        <translation>Add a dependent</translation>
    </message>
    <message>
        <source>Dependents (%1)</source>
        <extracomment>Heading of the dependents list; %1 = how many.</extracomment>
        <translation>Dependents (%1)</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <extracomment>One identity check record: %1 = date, %2 = document combination, %3 = documents named.</extracomment>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <source>Change details</source>
        <extracomment>Button: change the person&apos;s details.</extracomment>
        <translation>Change details</translation>
    </message>
    <message>
        <source>Record a document</source>
        <extracomment>Button: record a document that used the number.</extracomment>
        <translation>Record a document</translation>
    </message>
    <message>
        <source>Documents kept (%1)</source>
        <extracomment>Heading of the documents list; %1 = how many.</extracomment>
        <translation>Documents kept (%1)</translation>
    </message>
    <message>
        <source>%1 — tax year %2, deadline %3, filed %4, completed %5</source>
        <extracomment>One document: %1 = its kind, %2 = tax year, %3 = deadline, %4 = filed, %5 = completed.</extracomment>
        <translation>%1 — tax year %2, deadline %3, filed %4, completed %5</translation>
    </message>
</context>
<context>
    <name>SubjectListPage</name>
    <message>
        <source>Search: employee code or kana</source>
        <extracomment>Label of the subject search box.</extracomment>
        <translation>Search: employee code or kana</translation>
    </message>
    <message>
        <source>e.g. E100 or ヤマダ</source>
        <extracomment>Placeholder in the search box.</extracomment>
        <translation>e.g. E100 or ヤマダ</translation>
    </message>
    <message>
        <source>No number</source>
        <extracomment>Filter: only people without a registered number.</extracomment>
        <translation>No number</translation>
    </message>
    <message>
        <source>No identity check</source>
        <extracomment>Filter: only people whose identity check is not recorded.</extracomment>
        <translation>No identity check</translation>
    </message>
    <message>
        <source>%1 people (%2 shown)</source>
        <extracomment>%1 = how many people match; %2 = how many are loaded.</extracomment>
        <translation>%1 people (%2 shown)</translation>
    </message>
    <message>
        <source>Register an employee</source>
        <extracomment>Button: register a new employee.</extracomment>
        <translation>Register an employee</translation>
    </message>
    <message>
        <source>Code</source>
        <extracomment>Column header: employee code.</extracomment>
        <translation>Code</translation>
    </message>
    <message>
        <source>Name</source>
        <extracomment>Column header: name.</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kana</source>
        <extracomment>Column header: name in kana.</extracomment>
        <translation>Kana</translation>
    </message>
    <message>
        <source>Kind</source>
        <extracomment>Column header: kind of person (employee, dependent, …).</extracomment>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Number</source>
        <extracomment>Column header: whether a number is registered.</extracomment>
        <translation>Number</translation>
    </message>
    <message>
        <source>Checked</source>
        <extracomment>Column header: whether the identity check is recorded.</extracomment>
        <translation>Checked</translation>
    </message>
    <message>
        <source>Registered</source>
        <extracomment>In the list: a number is registered / is not.</extracomment>
        <translation>Registered</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>In the list: the identity check is recorded / is not.</extracomment>
        <translation>Done</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Not yet</translation>
    </message>
    <message>
        <source>No one matches.</source>
        <extracomment>The subject list is empty for this search.</extracomment>
        <translation>No one matches.</translation>
    </message>
    <message>
        <source>Due for disposal</source>
        <extracomment>Filter: only people whose number is due for disposal.</extracomment>
        <translation>Due for disposal</translation>
    </message>
    <message>
        <source>%1 selected (%2 shown)</source>
        <extracomment>In selection mode: %1 = people selected, %2 = people shown.</extracomment>
        <translation>%1 selected (%2 shown)</translation>
    </message>
    <message>
        <source>Import CSV</source>
        <extracomment>Button: import people from a CSV file on the USB medium.</extracomment>
        <translation>Import CSV</translation>
    </message>
    <message>
        <source>Disposal list</source>
        <extracomment>Button: open the disposal due list.</extracomment>
        <translation>Disposal list</translation>
    </message>
    <message>
        <source>Done selecting</source>
        <extracomment>Button: leave the selection mode (the selection is kept).</extracomment>
        <translation>Done selecting</translation>
    </message>
    <message>
        <source>Select for hand-over</source>
        <extracomment>Button: mark people in the list to export or provide them.</extracomment>
        <translation>Select for hand-over</translation>
    </message>
    <message>
        <source>Select all shown</source>
        <extracomment>Button: select every person loaded in the list.</extracomment>
        <translation>Select all shown</translation>
    </message>
    <message>
        <source>Clear selection</source>
        <extracomment>Button: unselect everybody.</extracomment>
        <translation>Clear selection</translation>
    </message>
    <message>
        <source>Hand over %1 people…</source>
        <extracomment>Button: hand the selected people over (export / provide); %1 = how many.</extracomment>
        <translation>Hand over %1 people…</translation>
    </message>
</context>
<context>
    <name>VerificationPage</name>
    <message>
        <source>Identity check for %1</source>
        <extracomment>Title of the identity check form; %1 = the person&apos;s code.</extracomment>
        <translation>Identity check for %1</translation>
    </message>
    <message>
        <source>Which documents were shown?</source>
        <extracomment>Over the list of document combinations.</extracomment>
        <translation>Which documents were shown?</translation>
    </message>
    <message>
        <source>Documents (e.g. driving licence, passport)</source>
        <extracomment>Form label: free text naming the documents (e.g. driving licence).</extracomment>
        <translation>Documents (e.g. driving licence, passport)</translation>
    </message>
    <message>
        <source>Record</source>
        <extracomment>Button: store the identity check record.</extracomment>
        <translation>Record</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>WorkspaceBar</name>
    <message>
        <source>Clerk&apos;s screens</source>
        <extracomment>Button: switch to the clerk&apos;s screens (for a user with several roles).</extracomment>
        <translation>Clerk&apos;s screens</translation>
    </message>
    <message>
        <source>Officer&apos;s screens</source>
        <extracomment>Button: switch to the officer&apos;s screens (approvals, activity review).</extracomment>
        <translation>Officer&apos;s screens</translation>
    </message>
    <message>
        <source>Administrator&apos;s screens</source>
        <extracomment>Button: switch to the administrator&apos;s screens (log, cards, device).</extracomment>
        <translation>Administrator&apos;s screens</translation>
    </message>
    <message>
        <source>Sign out</source>
        <extracomment>Button: end the session.</extracomment>
        <translation>Sign out</translation>
    </message>
</context>
</TS>

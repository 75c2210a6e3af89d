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
        <source>New cards are enrolled by IT with mamori-provision enroll-card, which reads the new card and yours at the same time.</source>
        <extracomment>On the cards page: how new cards are enrolled.</extracomment>
        <translation>New cards are enrolled by IT with mamori-provision enroll-card, which reads the new card and yours at the same time.</translation>
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

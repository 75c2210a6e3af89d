<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="en_US">
<context>
    <name>AdminScreen</name>
    <message>
        <source>Administrator</source>
        <extracomment>Title of the administrator&apos;s screens.</extracomment>
        <translation>管理者</translation>
    </message>
    <message>
        <source>Operation log</source>
        <extracomment>Tab: the operation log viewer.
----------
Device page: the newest audit entry.</extracomment>
        <translation>操作ログ</translation>
    </message>
    <message>
        <source>Alerts (%1)</source>
        <extracomment>Tab: alerts; %1 = how many are shown.</extracomment>
        <translation>アラート（%1）</translation>
    </message>
    <message>
        <source>IC cards</source>
        <extracomment>Tab: the enrolled IC cards.</extracomment>
        <translation>ICカード</translation>
    </message>
    <message>
        <source>Device</source>
        <extracomment>Tab: the terminal&apos;s state.</extracomment>
        <translation>端末</translation>
    </message>
    <message>
        <source>Newest entry #%1 · signed checkpoint #%2 (%3)</source>
        <extracomment>Log viewer: the newest entry and the newest signed checkpoint; %1, %2 = sequence numbers, %3 = time.</extracomment>
        <translation>最新の記録 #%1・署名済みチェックポイント #%2（%3）</translation>
    </message>
    <message>
        <source>Chain intact: %1 entries, %2 checkpoints verified</source>
        <extracomment>After a chain check; %1 = entries verified, %2 = checkpoints verified.</extracomment>
        <translation>チェーンは正常です：%1件の記録と%2件のチェックポイントを検証しました</translation>
    </message>
    <message>
        <source>Chain damaged: %1 at entry #%2. Call IT; do not use the terminal.</source>
        <extracomment>After a chain check that found damage; %1 = kind of damage, %2 = sequence.</extracomment>
        <translation>チェーンが損なわれています：記録 #%2 で %1。端末を使わず、IT担当者に連絡してください。</translation>
    </message>
    <message>
        <source>Check the chain</source>
        <extracomment>Button: verify the whole operation log&apos;s chain and signatures.</extracomment>
        <translation>チェーンを検証</translation>
    </message>
    <message>
        <source>Card %1… · revoked</source>
        <extracomment>Under a card: revoked; %1 = the card&apos;s id (first digits).</extracomment>
        <translation>カード %1…・失効</translation>
    </message>
    <message>
        <source>Card %1… · enrolled %2</source>
        <extracomment>Under a card: enrolled on a date; %1 = the card&apos;s id (first digits), %2 = date.</extracomment>
        <translation>カード %1…・%2 登録</translation>
    </message>
    <message>
        <source>Revoke</source>
        <extracomment>Button: revoke a card (asks to confirm).</extracomment>
        <translation>失効させる</translation>
    </message>
    <message>
        <source>Device id</source>
        <extracomment>Device page: the terminal&apos;s id.</extracomment>
        <translation>端末ID</translation>
    </message>
    <message>
        <source>TPM</source>
        <extracomment>Device page: the TPM; the vault answers only with its key unsealed by the TPM.</extracomment>
        <translation>TPM</translation>
    </message>
    <message>
        <source>Key unsealed; counter %1</source>
        <translation>鍵の封印解除済み・カウンター %1</translation>
    </message>
    <message>
        <source>Key unsealed</source>
        <translation>鍵の封印解除済み</translation>
    </message>
    <message>
        <source>Last backup</source>
        <extracomment>Device page: the newest backup (from the log).</extracomment>
        <translation>最後のバックアップ</translation>
    </message>
    <message>
        <source>None yet</source>
        <translation>まだありません</translation>
    </message>
    <message>
        <source>Network (last provision)</source>
        <extracomment>Device page: the newest provision or delivery through the network (from the log).</extracomment>
        <translation>ネットワーク（最後の提供）</translation>
    </message>
    <message>
        <source>Version</source>
        <extracomment>Device page: the kiosk&apos;s version.</extracomment>
        <translation>バージョン</translation>
    </message>
    <message>
        <source>Refresh</source>
        <extracomment>Button: read the device&apos;s state again.</extracomment>
        <translation>再読み込み</translation>
    </message>
    <message>
        <source>Revoke %1&apos;s card?</source>
        <extracomment>Confirmation before revoking a card; %1 = the holder&apos;s name.</extracomment>
        <translation>%1 さんのカードを失効させますか？</translation>
    </message>
    <message>
        <source>The card can no longer sign in, and any session it has ends now. This is recorded in the operation log.</source>
        <extracomment>In the revoke confirmation.</extracomment>
        <translation>このカードではサインインできなくなり、利用中のセッションはすぐに終了します。操作ログに記録されます。</translation>
    </message>
    <message>
        <source>Enrol a card</source>
        <extracomment>Button on the cards page: enrol a new card from its certificate file.</extracomment>
        <translation>カードを登録</translation>
    </message>
    <message>
        <source>The card for %1 is enrolled. They prove they hold it at their first sign-in.</source>
        <extracomment>After an enrolment; %1 = the new holder&apos;s name.</extracomment>
        <translation>%1さんのカードを登録しました。本人がカードを持っていることは、最初のサインインで確かめられます。</translation>
    </message>
    <message>
        <source>A new card is enrolled from its certificate file, which IT brings on the USB medium. Your card stays in the reader.</source>
        <extracomment>On the cards page: how new cards are enrolled.</extracomment>
        <translation>新しいカードは、IT担当者がUSBメモリで持ってくる証明書ファイルから登録します。ご自分のカードはリーダーに挿したままにしてください。</translation>
    </message>
    <message>
        <source>Take a backup to the USB medium</source>
        <extracomment>Button on the device page: write an encrypted backup of the vault to the USB medium.</extracomment>
        <translation>USBメディアにバックアップを取る</translation>
    </message>
    <message>
        <source>Cancel the backup</source>
        <extracomment>Button: stop the running backup; the partial file is removed.</extracomment>
        <translation>バックアップを中止</translation>
    </message>
    <message>
        <source>The vault is writing the encrypted backup to the medium… %1 s. Do not remove the medium.</source>
        <extracomment>While the vault writes the backup; %1 = seconds so far.</extracomment>
        <translation>保管庫が暗号化したバックアップをメディアに書き込んでいます… %1 秒。メディアを抜かないでください。</translation>
    </message>
    <message>
        <source>Backup written to “%1” (%2). It holds the operation log up to entry #%3.</source>
        <extracomment>After a backup; %1 = file name on the medium, %2 = size, %3 = the newest log entry it holds.</extracomment>
        <translation>バックアップを「%1」（%2）に書き込みました。操作ログは #%3 までを含みます。</translation>
    </message>
    <message>
        <source>Cancelled. The vault had already finished, and the operation log records the backup, but its file was removed from the medium.</source>
        <extracomment>Cancelled, but the vault had finished writing into the removed file.</extracomment>
        <translation>中止しました。保管庫は書き込みを終えており操作ログにはバックアップが記録されていますが、そのファイルはメディアから削除しました。</translation>
    </message>
    <message>
        <source>Cancelled. The unfinished file was removed from the medium.</source>
        <extracomment>After cancelling a backup.</extracomment>
        <translation>中止しました。書きかけのファイルはメディアから削除しました。</translation>
    </message>
    <message>
        <source>No USB medium was found. Insert it and try again. No file was written.</source>
        <extracomment>A backup without a USB medium.</extracomment>
        <translation>USBメディアが見つかりません。差し込んでからもう一度お試しください。ファイルは書き込まれていません。</translation>
    </message>
    <message>
        <source>The backup was not written. No file was left on the medium.</source>
        <extracomment>A backup that failed; the error follows.</extracomment>
        <translation>バックアップは書き込まれませんでした。メディアにファイルは残っていません。</translation>
    </message>
    <message>
        <source>An encrypted copy of the whole vault, written to the USB medium. Keep the medium locked away.</source>
        <extracomment>Before a backup: what it is.</extracomment>
        <translation>保管庫全体を暗号化した複製をUSBメディアに書き込みます。メディアは施錠して保管してください。</translation>
    </message>
</context>
<context>
    <name>AuditLogView</name>
    <message>
        <source>Everyone</source>
        <extracomment>Person filter of the log: everyone.</extracomment>
        <translation>全員</translation>
    </message>
    <message>
        <source>Every action</source>
        <extracomment>Action filter of the log: every action.</extracomment>
        <translation>すべての操作</translation>
    </message>
    <message>
        <source>Employee code</source>
        <extracomment>Log filter: an employee code.</extracomment>
        <translation>社員番号</translation>
    </message>
    <message>
        <source>From (YYYY-MM-DD)</source>
        <extracomment>Log filter: first day of the period (YYYY-MM-DD).</extracomment>
        <translation>開始日（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>To (YYYY-MM-DD)</source>
        <extracomment>Log filter: last day of the period (YYYY-MM-DD).</extracomment>
        <translation>終了日（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Show</source>
        <extracomment>Button: show the log with these filters.</extracomment>
        <translation>表示</translation>
    </message>
    <message>
        <source>Write dates as YYYY-MM-DD, for example 2026-04-01.</source>
        <extracomment>Under the period filter when a date cannot be read.</extracomment>
        <translation>日付は YYYY-MM-DD の形で入力してください（例：2026-04-01）。</translation>
    </message>
    <message>
        <source>The device</source>
        <extracomment>The actor of a log entry that is the device itself.</extracomment>
        <translation>端末</translation>
    </message>
    <message>
        <source>Card signed</source>
        <extracomment>Marks an entry the person&apos;s card signed (a step-up act).</extracomment>
        <translation>カード署名あり</translation>
    </message>
    <message>
        <source>No entries.</source>
        <extracomment>The log view is empty for these filters.</extracomment>
        <translation>記録はありません。</translation>
    </message>
</context>
<context>
    <name>CardStatusScreen</name>
    <message>
        <source>IC card</source>
        <extracomment>Title of the screen shown while the IC card is read.</extracomment>
        <translation>ICカード</translation>
    </message>
    <message>
        <source>This card cannot be used to sign in on this terminal.</source>
        <extracomment>Shown when the inserted card cannot be used to sign in.</extracomment>
        <translation>このカードではこの端末にサインインできません。</translation>
    </message>
    <message>
        <source>Reading the card…</source>
        <extracomment>Shown while the certificate is read from the inserted card (no PIN needed yet).</extracomment>
        <translation>カードを読み取っています…</translation>
    </message>
    <message>
        <source>Remove the card. If it should work here, ask the system administrator to enrol it.</source>
        <extracomment>Under the refusal: what the person should do with the card.</extracomment>
        <translation>カードを抜いてください。この端末で使う必要がある場合は、システム管理者にカードの登録を依頼してください。</translation>
    </message>
</context>
<context>
    <name>ClerkScreen</name>
    <message>
        <source>Purpose: %1</source>
        <extracomment>Title of the clerk&apos;s screens; %1 = the purpose of use chosen after sign-in.</extracomment>
        <translation>利用目的：%1</translation>
    </message>
    <message>
        <source>Change purpose</source>
        <extracomment>Button: go back to the purpose choice.</extracomment>
        <translation>利用目的を変更</translation>
    </message>
    <message>
        <source>Sign out</source>
        <extracomment>Button: end the session.</extracomment>
        <translation>サインアウト</translation>
    </message>
    <message>
        <source>Your role has no clerk screens. Sign out and ask the system administrator.</source>
        <extracomment>Shown to a signed-in user who is not a clerk: their screens are not on this terminal yet.</extracomment>
        <translation>あなたの役割には事務取扱担当者の画面がありません。サインアウトしてシステム管理者に相談してください。</translation>
    </message>
</context>
<context>
    <name>ClerkWords</name>
    <message>
        <source>Still active</source>
        <extracomment>Why a number cannot be disposed of yet: the person is still employed / the relationship continues.</extracomment>
        <translation>在職中・継続中</translation>
    </message>
    <message>
        <source>The leaving date is not recorded</source>
        <extracomment>Why a number cannot be disposed of yet.</extracomment>
        <translation>退職日（終了日）が記録されていません</translation>
    </message>
    <message>
        <source>Not left yet</source>
        <extracomment>Why a number cannot be disposed of yet: the leaving date is in the future.</extracomment>
        <translation>まだ退職していません</translation>
    </message>
    <message>
        <source>A document must still be kept</source>
        <extracomment>Why a number cannot be disposed of yet: a document&apos;s retention period has not ended.</extracomment>
        <translation>保存期間中の書類があります</translation>
    </message>
    <message>
        <source>A document has an unknown retention rule</source>
        <extracomment>Why a number cannot be disposed of yet.</extracomment>
        <translation>保存規則が不明な書類があります</translation>
    </message>
    <message>
        <source>A document lacks the dates its rule counts from</source>
        <extracomment>Why a number cannot be disposed of yet.</extracomment>
        <translation>保存期間の起算日が書類に記録されていません</translation>
    </message>
    <message>
        <source>Dependants&apos; deduction declaration</source>
        <extracomment>Retention rule: 給与所得者の扶養控除等（異動）申告書.</extracomment>
        <translation>扶養控除等（異動）申告書</translation>
    </message>
    <message>
        <source>Insurance premium deduction declaration</source>
        <extracomment>Retention rule: 給与所得者の保険料控除申告書.</extracomment>
        <translation>保険料控除申告書</translation>
    </message>
    <message>
        <source>Basic and spouse deduction declaration</source>
        <extracomment>Retention rule: 基礎控除申告書 兼 配偶者控除等申告書 兼 所得金額調整控除申告書.</extracomment>
        <translation>基礎控除申告書 兼 配偶者控除等申告書</translation>
    </message>
    <message>
        <source>Register of numbers</source>
        <extracomment>Retention rule: 個人番号を記載した帳簿 (the register of numbers).</extracomment>
        <translation>個人番号を記載した帳簿</translation>
    </message>
    <message>
        <source>Withholding tax slip</source>
        <extracomment>Retention rule: 給与所得の源泉徴収票.</extracomment>
        <translation>源泉徴収票</translation>
    </message>
    <message>
        <source>Payment record for fees</source>
        <extracomment>Retention rule: 報酬、料金、契約金及び賞金の支払調書.</extracomment>
        <translation>報酬、料金、契約金及び賞金の支払調書</translation>
    </message>
    <message>
        <source>Employment insurance: enrolment</source>
        <extracomment>Retention rule: 雇用保険被保険者資格取得届.</extracomment>
        <translation>雇用保険被保険者資格取得届</translation>
    </message>
    <message>
        <source>Employment insurance: loss of coverage</source>
        <extracomment>Retention rule: 雇用保険被保険者資格喪失届.</extracomment>
        <translation>雇用保険被保険者資格喪失届</translation>
    </message>
    <message>
        <source>Employment insurance: other documents</source>
        <extracomment>Retention rule: other employment insurance documents.</extracomment>
        <translation>雇用保険のその他の書類</translation>
    </message>
    <message>
        <source>Health and pension insurance: enrolment</source>
        <extracomment>Retention rule: 健康保険・厚生年金保険被保険者資格取得届.</extracomment>
        <translation>健康保険・厚生年金保険被保険者資格取得届</translation>
    </message>
    <message>
        <source>Health and pension insurance: loss of coverage</source>
        <extracomment>Retention rule: 健康保険・厚生年金保険被保険者資格喪失届.</extracomment>
        <translation>健康保険・厚生年金保険被保険者資格喪失届</translation>
    </message>
    <message>
        <source>Health insurance: dependants&apos; change</source>
        <extracomment>Retention rule: 健康保険被扶養者（異動）届.</extracomment>
        <translation>健康保険被扶養者（異動）届</translation>
    </message>
    <message>
        <source>Health and pension insurance: other documents</source>
        <extracomment>Retention rule: other health and pension insurance documents.</extracomment>
        <translation>健康保険・厚生年金保険のその他の書類</translation>
    </message>
    <message>
        <source>Labour insurance documents</source>
        <extracomment>Retention rule: 労災保険・労働保険 documents.</extracomment>
        <translation>労災保険・労働保険の書類</translation>
    </message>
    <message>
        <source>USB medium</source>
        <extracomment>A destination that is a USB medium inserted in the terminal.</extracomment>
        <translation>USBメディア</translation>
    </message>
    <message>
        <source>Sent over the network</source>
        <extracomment>A destination that is an outside service reached over the network.</extracomment>
        <translation>ネットワーク経由で送信</translation>
    </message>
    <message>
        <source>Waiting for the officer&apos;s approval</source>
        <extracomment>State of a request: waiting for the officer.</extracomment>
        <translation>取扱責任者の承認待ち</translation>
    </message>
    <message>
        <source>Approved</source>
        <extracomment>State of a request: the officer approved it.</extracomment>
        <translation>承認済み</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>State of a request: carried out.</extracomment>
        <translation>実施済み</translation>
    </message>
    <message>
        <source>The value is missing, in the wrong form, or not allowed here.</source>
        <extracomment>An import issue (one cell of a CSV row).</extracomment>
        <translation>値がないか、形式が正しくないか、この区分では使えません。</translation>
    </message>
    <message>
        <source>The department is missing or not one of yours.</source>
        <extracomment>An import issue (one cell of a CSV row).</extracomment>
        <translation>部署がないか、担当外の部署です。</translation>
    </message>
    <message>
        <source>Not found: the employee this row belongs to, or the department.</source>
        <extracomment>An import issue (one cell of a CSV row).</extracomment>
        <translation>この行の扶養元の従業員、または部署が見つかりません。</translation>
    </message>
    <message>
        <source>The same code or number is on another row.</source>
        <extracomment>An import issue (one cell of a CSV row).</extracomment>
        <translation>同じ番号（社員番号または個人番号）が他の行にあるか、すでに登録されています。</translation>
    </message>
    <message>
        <source>The value is too long.</source>
        <extracomment>An import issue (one cell of a CSV row).</extracomment>
        <translation>値が長すぎます。</translation>
    </message>
    <message>
        <source>The text is not valid UTF-8.</source>
        <extracomment>An import issue (one cell of a CSV row).</extracomment>
        <translation>文字コードが正しい UTF-8 ではありません。</translation>
    </message>
</context>
<context>
    <name>DocumentPage</name>
    <message>
        <source>Record a document for %1</source>
        <extracomment>Title of the form that records a document; %1 = the person&apos;s code.</extracomment>
        <translation>%1 の書類を記録</translation>
    </message>
    <message>
        <source>Document (retention rule)</source>
        <extracomment>Form label: the kind of document, which decides how long it is kept.</extracomment>
        <translation>書類（保存規則）</translation>
    </message>
    <message>
        <source>Tax year (e.g. 2025)</source>
        <extracomment>Form label: the tax year the document is for.</extracomment>
        <translation>対象年（例：2025）</translation>
    </message>
    <message>
        <source>Filing deadline (YYYY-MM-DD)</source>
        <extracomment>Form label: the filing deadline.</extracomment>
        <translation>提出期限（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Filed on (YYYY-MM-DD)</source>
        <extracomment>Form label: the day the document was filed.</extracomment>
        <translation>提出日（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Completed on (YYYY-MM-DD)</source>
        <extracomment>Form label: the day the matter the document records was completed (完結の日).</extracomment>
        <translation>完結の日（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>The tax year is a year from 1990 to 2200.</source>
        <extracomment>The tax year typed is not a year the vault accepts.</extracomment>
        <translation>対象年は1990年から2200年までの年を入力してください。</translation>
    </message>
    <message>
        <source>Record</source>
        <extracomment>Button: store the document record.</extracomment>
        <translation>記録</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>DueListPage</name>
    <message>
        <source>Back</source>
        <translation>戻る</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>再読み込み</translation>
    </message>
    <message>
        <source>Disposal: %1 due of %2 listed</source>
        <extracomment>Title of the disposal due list; %1 = due now, %2 = listed.</extracomment>
        <translation>廃棄：対象 %1 件（一覧 %2 件）</translation>
    </message>
    <message>
        <source>Ask for the disposal of a due employee (their dependents go with them). An officer approves it with their own card at this terminal; then carry it out here. The vault deletes the data for good and signs a certificate.</source>
        <extracomment>How a disposal goes.</extracomment>
        <translation>廃棄時期を迎えた従業員の廃棄を申請します（扶養親族も一緒に廃棄されます）。取扱責任者がこの端末で自分のICカードで承認した後、ここで実行します。データは復元できない形で削除され、署名付きの廃棄証明書が発行されます。</translation>
    </message>
    <message>
        <source>Request %1 is not approved yet (or no longer due). An officer must approve it with their card first.</source>
        <extracomment>Carrying out a disposal was refused; %1 = request number.</extracomment>
        <translation>申請 %1 はまだ承認されていません（または廃棄時期ではなくなりました）。先に取扱責任者がICカードで承認してください。</translation>
    </message>
    <message>
        <source>Disposal %1 carried out. The terminal signed its disposal certificate.</source>
        <extracomment>After a disposal; %1 = request number.</extracomment>
        <translation>廃棄 %1 を実行しました。端末が廃棄証明書に署名しました。</translation>
    </message>
    <message>
        <source>Disposal %1 carried out, but its certificate is not signed. Tell the system administrator.</source>
        <extracomment>After a disposal whose certificate came without a valid signature.</extracomment>
        <translation>廃棄 %1 を実行しましたが、証明書に署名がありません。システム管理者に連絡してください。</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>社員番号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>区分</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部署</translation>
    </message>
    <message>
        <source>Disposal</source>
        <extracomment>Column header in the disposal list: due now, or why not.</extracomment>
        <translation>廃棄</translation>
    </message>
    <message>
        <source>Request</source>
        <extracomment>Column header in the disposal list: the open request.</extracomment>
        <translation>申請</translation>
    </message>
    <message>
        <source>Due now</source>
        <extracomment>In the disposal list: the number may be disposed of now.</extracomment>
        <translation>廃棄可能</translation>
    </message>
    <message>
        <source>Request %1</source>
        <extracomment>In the disposal list: the open request&apos;s number.</extracomment>
        <translation>申請 %1</translation>
    </message>
    <message>
        <source>Request disposal</source>
        <extracomment>Button: ask for this employee&apos;s disposal.</extracomment>
        <translation>廃棄を申請</translation>
    </message>
    <message>
        <source>Carry out</source>
        <extracomment>Button: carry out an approved disposal.</extracomment>
        <translation>実行</translation>
    </message>
    <message>
        <source>Nobody has left: nothing to dispose of.</source>
        <extracomment>The disposal list is empty.</extracomment>
        <translation>退職者はいません。廃棄するものはありません。</translation>
    </message>
</context>
<context>
    <name>EditSubjectPage</name>
    <message>
        <source>Change the details of %1</source>
        <extracomment>Title of the form that changes a person&apos;s details; %1 = the person&apos;s code.</extracomment>
        <translation>%1 の登録内容を変更</translation>
    </message>
    <message>
        <source>Name (required)</source>
        <translation>氏名（必須）</translation>
    </message>
    <message>
        <source>Name in kana</source>
        <translation>氏名（カナ）</translation>
    </message>
    <message>
        <source>Date of birth (YYYY-MM-DD)</source>
        <translation>生年月日（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部署</translation>
    </message>
    <message>
        <source>Status</source>
        <extracomment>Form label: whether the person is still employed / the relationship continues.</extracomment>
        <translation>状態</translation>
    </message>
    <message>
        <source>Last day of employment (YYYY-MM-DD)</source>
        <extracomment>Form label: the last day of employment.</extracomment>
        <translation>退職日（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Day the relationship ended (YYYY-MM-DD)</source>
        <extracomment>Form label: the day a dependent&apos;s relationship ended.</extracomment>
        <translation>扶養等の終了日（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Type the date: it decides when the number may be disposed of.</source>
        <extracomment>The status changes to left/ended: the date is needed (it decides when the number is disposed of).</extracomment>
        <translation>日付を入力してください。個人番号を廃棄できる時期はこの日付で決まります。</translation>
    </message>
    <message>
        <source>Save</source>
        <extracomment>Button: save the changed details.</extracomment>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>EnrolCardPage</name>
    <message>
        <source>Enrol a card — the holder</source>
        <extracomment>Title of the card enrolment, step 2: who holds the new card.</extracomment>
        <translation>カードを登録 — 利用者</translation>
    </message>
    <message>
        <source>Enrol a card — confirm</source>
        <extracomment>Title of the card enrolment, step 3: confirm.</extracomment>
        <translation>カードを登録 — 確認</translation>
    </message>
    <message>
        <source>Enrol a card — the certificate</source>
        <extracomment>Title of the card enrolment, step 1: choose the certificate file.</extracomment>
        <translation>カードを登録 — 証明書</translation>
    </message>
    <message>
        <source>The card is enrolled from its certificate file only: possession of the card is not proven here. The new holder proves it at their first sign-in with the card and its PIN. Enrol only a certificate IT gave you for this person.</source>
        <extracomment>Card enrolment from a certificate file: the warning that the card itself was not checked.</extracomment>
        <translation>カードは証明書ファイルだけで登録されます。この端末ではカードを持っていることを確かめていません。新しい利用者は、最初のサインイン（カードと暗証番号）で確かめられます。IT担当者からこの人のものとして受け取った証明書だけを登録してください。</translation>
    </message>
    <message>
        <source>This card is already enrolled for %1. A card is enrolled only once; a revoked card is never enrolled again.</source>
        <extracomment>The chosen certificate&apos;s card is enrolled already; %1 = its holder&apos;s name.</extracomment>
        <translation>このカードは%1さんのカードとして登録済みです。カードは一度しか登録できず、失効したカードは再登録できません。</translation>
    </message>
    <message>
        <source>Choose the new card&apos;s certificate file (.der, .pem, .crt or .cer) that IT put on the USB medium.</source>
        <extracomment>Over the list of certificate files on the USB medium.</extracomment>
        <translation>IT担当者がUSBメモリに入れた新しいカードの証明書ファイル（.der、.pem、.crt、.cer）を選んでください。</translation>
    </message>
    <message>
        <source>No USB medium found. Insert the medium with the certificate, then press Refresh.</source>
        <extracomment>No USB medium: what to do.</extracomment>
        <translation>USBメモリが見つかりません。証明書の入ったUSBメモリを挿してから「再読み込み」を押してください。</translation>
    </message>
    <message>
        <source>There is no certificate file on the medium.</source>
        <extracomment>The USB medium holds no certificate file.</extracomment>
        <translation>USBメモリに証明書ファイルがありません。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <extracomment>Button: look at the USB medium again.</extracomment>
        <translation>再読み込み</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>Button: leave the card enrolment without enrolling.</extracomment>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Card id: %1</source>
        <extracomment>The new card&apos;s id (SHA-256 of its public key, in groups of 8); %1 = the id.</extracomment>
        <translation>カードID: %1</translation>
    </message>
    <message>
        <source>Name in the certificate: %1 · valid %2 to %3 · file %4</source>
        <extracomment>The certificate&apos;s subject name and validity; %1 = name, %2 and %3 = dates, %4 = file name.</extracomment>
        <translation>証明書の名前: %1 · 有効期間 %2〜%3 · ファイル %4</translation>
    </message>
    <message>
        <source>This certificate has expired. Ask IT for the card&apos;s current certificate.</source>
        <extracomment>The certificate has expired: the card may not sign in.</extracomment>
        <translation>この証明書は有効期限が切れています。IT担当者に現在の証明書を依頼してください。</translation>
    </message>
    <message>
        <source>This certificate is not valid yet. Check the date with IT.</source>
        <extracomment>The certificate is not valid yet.</extracomment>
        <translation>この証明書はまだ有効になっていません。IT担当者に日付を確認してください。</translation>
    </message>
    <message>
        <source>Holder&apos;s name (shown on screens and in the log)</source>
        <extracomment>Label: the new card holder&apos;s display name.</extracomment>
        <translation>利用者の名前（画面と操作ログに表示）</translation>
    </message>
    <message>
        <source>Roles (at least one)</source>
        <extracomment>Label over the role choices (at least one).</extracomment>
        <translation>役割（1つ以上）</translation>
    </message>
    <message>
        <source>Departments (a clerk sees only the people of these departments)</source>
        <extracomment>Label over the department choices.</extracomment>
        <translation>部署（事務取扱担当者は、これらの部署の人だけを扱えます）</translation>
    </message>
    <message>
        <source>No departments are known here; the holder gets none.</source>
        <extracomment>No department known to the terminal.</extracomment>
        <translation>この端末で分かる部署がありません。部署なしで登録されます。</translation>
    </message>
    <message>
        <source>Back</source>
        <extracomment>Button: back to the previous step.</extracomment>
        <translation>戻る</translation>
    </message>
    <message>
        <source>Next</source>
        <extracomment>Button: on to the confirmation.</extracomment>
        <translation>次へ</translation>
    </message>
    <message>
        <source>Enter the name and choose at least one role.</source>
        <extracomment>Why Next is disabled.</extracomment>
        <translation>名前を入力し、役割を1つ以上選んでください。</translation>
    </message>
    <message>
        <source>Enrol this card for %1 — roles: %2 — departments: %3?</source>
        <extracomment>Confirmation of the card enrolment; %1 = name, %2 = roles, %3 = departments.</extracomment>
        <translation>このカードを%1さんのカードとして登録しますか？ 役割: %2 · 部署: %3</translation>
    </message>
    <message>
        <source>none</source>
        <extracomment>No department chosen.</extracomment>
        <translation>なし</translation>
    </message>
    <message>
        <source>The card can sign in from now on. This is recorded in the operation log with your name.</source>
        <extracomment>Under the enrolment confirmation.</extracomment>
        <translation>このカードは今からサインインできます。あなたの名前で操作ログに記録されます。</translation>
    </message>
    <message>
        <source>Enrolling…</source>
        <extracomment>Button: enrol the card (CreateUser + EnrolCard).</extracomment>
        <translation>登録しています…</translation>
    </message>
    <message>
        <source>Enrol the card</source>
        <translation>カードを登録する</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <source>Back</source>
        <translation>戻る</translation>
    </message>
    <message>
        <source>Hand over data</source>
        <extracomment>Title of the export / provision screen.</extracomment>
        <translation>データの提供・持ち出し</translation>
    </message>
    <message>
        <source>%1 people selected</source>
        <extracomment>%1 = how many people are selected in the list.</extracomment>
        <translation>%1 人を選択中</translation>
    </message>
    <message>
        <source>Where does the data go?</source>
        <extracomment>Over the list of destinations.</extracomment>
        <translation>提供先・持ち出し先</translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <extracomment>A destination: %1 = its name, %2 = its kind, %3 = whether numbers go with the data.</extracomment>
        <translation>%1 — %2、%3</translation>
    </message>
    <message>
        <source>with numbers</source>
        <extracomment>A destination whose payloads include the individual numbers.</extracomment>
        <translation>個人番号を含む</translation>
    </message>
    <message>
        <source>without numbers</source>
        <extracomment>A destination whose payloads never include numbers.</extracomment>
        <translation>個人番号を含まない</translation>
    </message>
    <message>
        <source>No destination serves this purpose on this terminal. Ask the system administrator.</source>
        <extracomment>No destination is configured for the session&apos;s purpose.</extracomment>
        <translation>この端末には、この利用目的で使える提供先がありません。システム管理者に相談してください。</translation>
    </message>
    <message>
        <source>Select the people first: go back to the list, press “Select for hand-over” and mark them.</source>
        <extracomment>Export validation: nobody selected.</extracomment>
        <translation>先に対象者を選んでください：一覧に戻り、「提供する人を選ぶ」を押して選択します。</translation>
    </message>
    <message>
        <source>At most 10,000 people can be handed over at once. Select fewer.</source>
        <extracomment>Export validation: too many people for one act.</extracomment>
        <translation>一度に提供できるのは10,000人までです。人数を減らしてください。</translation>
    </message>
    <message>
        <source>Choose where the data goes.</source>
        <extracomment>Export validation: no destination chosen.</extracomment>
        <translation>提供先を選んでください。</translation>
    </message>
    <message>
        <source>Insert the USB medium, then press Refresh.</source>
        <extracomment>Export validation: the USB medium is missing.</extracomment>
        <translation>USBメディアを差し込んでから、再読み込みを押してください。</translation>
    </message>
    <message>
        <source>More than %1 people: an officer must approve this first (two-person rule). Ask for approval; once the officer has approved it at this terminal, run it below.</source>
        <extracomment>More people than the bulk threshold: an officer approves first; %1 = the threshold.</extracomment>
        <translation>%1 人を超えるため、先に取扱責任者の承認が必要です（二重チェック）。承認を依頼し、取扱責任者がこの端末で承認した後、下の一覧から実行してください。</translation>
    </message>
    <message>
        <source>The numbers are left out for this destination.</source>
        <extracomment>The chosen destination may not receive numbers.</extracomment>
        <translation>この提供先には個人番号を含めません。</translation>
    </message>
    <message>
        <source>Provide (PIN)</source>
        <extracomment>Button: provide the data to the endpoint (asks for the PIN).</extracomment>
        <translation>提供する（暗証番号）</translation>
    </message>
    <message>
        <source>Export to the medium (PIN)</source>
        <extracomment>Button: write the data to the USB medium (asks for the PIN).</extracomment>
        <translation>USBメディアに書き出す（暗証番号）</translation>
    </message>
    <message>
        <source>Ask for an officer&apos;s approval</source>
        <extracomment>Button: ask an officer to approve a bulk export.</extracomment>
        <translation>取扱責任者に承認を依頼</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>再読み込み</translation>
    </message>
    <message>
        <source>Waiting for your PIN…</source>
        <extracomment>Waiting for the PIN in the dialog.</extracomment>
        <translation>暗証番号の入力を待っています…</translation>
    </message>
    <message>
        <source>Sending the request…</source>
        <extracomment>While the approval request is sent.</extracomment>
        <translation>申請を送信しています…</translation>
    </message>
    <message>
        <source>The vault is preparing the data… %1 s</source>
        <extracomment>While the vault writes or hands over the data; %1 = seconds so far.</extracomment>
        <translation>データを準備しています… %1 秒</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>%1 people written to “%2” on the medium (operation log entry %3).</source>
        <extracomment>After an export; %1 = people, %2 = file name on the medium, %3 = operation log entry.</extracomment>
        <translation>%1 人分をUSBメディアの「%2」に書き出しました（操作記録 %3）。</translation>
    </message>
    <message>
        <source>%1 people handed to the courier as “%2” (operation log entry %3).</source>
        <extracomment>After a provision; %1 = people, %2 = payload name, %3 = operation log entry.</extracomment>
        <translation>%1 人分を「%2」として送信待ちにしました（操作記録 %3）。</translation>
    </message>
    <message>
        <source>The numbers are included.</source>
        <extracomment>The payload holds the individual numbers.</extracomment>
        <translation>個人番号を含みます。</translation>
    </message>
    <message>
        <source>No number is included.</source>
        <extracomment>The payload holds no number.</extracomment>
        <translation>個人番号は含みません。</translation>
    </message>
    <message>
        <source>Request %1 sent. An officer approves it with their card at this terminal; then run it below.</source>
        <extracomment>After asking for approval; %1 = request number.</extracomment>
        <translation>申請 %1 を送信しました。取扱責任者がこの端末でICカードにより承認した後、下の一覧から実行してください。</translation>
    </message>
    <message>
        <source>You cancelled, but the vault had already finished: “%1”. The act is in the operation log.</source>
        <extracomment>Cancelled, but the vault had already finished; %1 = file or payload name.</extracomment>
        <translation>キャンセルしましたが、処理はすでに完了していました：「%1」。操作記録に残っています。</translation>
    </message>
    <message>
        <source>Cancelled. Before your card signs, nothing happens. If the vault had already received the act, it completes it and this screen says so.</source>
        <extracomment>After a cancel.</extracomment>
        <translation>キャンセルしました。ICカードで署名する前なら何も行われません。すでに処理が始まっていた場合は最後まで行われ、この画面でお知らせします。</translation>
    </message>
    <message>
        <source>Your requests for approval</source>
        <extracomment>Heading of the list of bulk requests.</extracomment>
        <translation>承認依頼中の申請</translation>
    </message>
    <message>
        <source>Request %1: %2 people to %3 — %4</source>
        <extracomment>A bulk request: %1 = number, %2 = people, %3 = destination code, %4 = state.</extracomment>
        <translation>申請 %1：%2 人 → %3 — %4</translation>
    </message>
    <message>
        <source>Run (PIN)</source>
        <extracomment>Button: carry out an approved bulk request (asks for the PIN).</extracomment>
        <translation>実行する（暗証番号）</translation>
    </message>
    <message>
        <source>(the list of people is no longer on this terminal: ask again)</source>
        <extracomment>An approved request whose list of people this terminal no longer holds (it was restarted).</extracomment>
        <translation>（対象者の一覧がこの端末に残っていません。もう一度申請してください）</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <source>The screen locks in %1 seconds.</source>
        <extracomment>%1 = seconds until the idle lock.</extracomment>
        <translation>あと%1秒で画面をロックします。</translation>
    </message>
    <message>
        <source>Press any key or touch the screen to keep working.</source>
        <extracomment>Under the idle warning.</extracomment>
        <translation>作業を続けるには、キーを押すか画面に触れてください。</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Back</source>
        <extracomment>Button: back to the list.</extracomment>
        <translation>戻る</translation>
    </message>
    <message>
        <source>Import people from a CSV file</source>
        <extracomment>Title of the CSV import screen.</extracomment>
        <translation>CSVファイルから取り込む</translation>
    </message>
    <message>
        <source>Choose the file exported by the payroll software (UTF-8 or Shift_JIS).</source>
        <extracomment>Over the list of files on the USB medium.</extracomment>
        <translation>給与ソフトから出力したファイルを選んでください（UTF-8 または Shift_JIS）。</translation>
    </message>
    <message>
        <source>No USB medium found. Insert the medium with the file, then press Refresh.</source>
        <extracomment>No USB medium: what to do.</extracomment>
        <translation>USBメディアが見つかりません。ファイルの入ったメディアを差し込んでから、再読み込みを押してください。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <extracomment>Button: look at the USB medium again.</extracomment>
        <translation>再読み込み</translation>
    </message>
    <message>
        <source>There is no CSV file on the medium.</source>
        <extracomment>The USB medium holds no CSV file.</extracomment>
        <translation>メディアにCSVファイルがありません。</translation>
    </message>
    <message>
        <source>%1 — %2 KB, %3 rows, %4</source>
        <extracomment>%1 = file name, %2 = size in KB, %3 = data rows in the file, %4 = text encoding.</extracomment>
        <translation>%1 — %2 KB、%3 行、%4</translation>
    </message>
    <message>
        <source>The first rows, for a look only: the vault checks the whole file. Numbers are never shown (••••).</source>
        <extracomment>Under the preview: what it is, and that numbers are never shown.</extracomment>
        <translation>先頭の行の確認用表示です。ファイル全体の検査は取り込み時に行います。個人番号は表示しません（••••）。</translation>
    </message>
    <message>
        <source>Line</source>
        <extracomment>Preview column: the line of the file.</extracomment>
        <translation>行</translation>
    </message>
    <message>
        <source>Importing the valid rows… %1 s</source>
        <extracomment>While the vault imports; %1 = seconds so far.</extracomment>
        <translation>有効な行を取り込んでいます… %1 秒</translation>
    </message>
    <message>
        <source>The vault is checking and importing the file… %1 s</source>
        <extracomment>While the vault checks and imports; %1 = seconds so far.</extracomment>
        <translation>ファイルを検査して取り込んでいます… %1 秒</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>Button: stop waiting for the import.</extracomment>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>The vault imports the file as one whole: if it stops or fails, nothing is written.</source>
        <extracomment>While importing: what a cancel or a failure means.</extracomment>
        <translation>取り込みはファイル全体をひとまとまりで行います。中断や失敗のときは何も書き込まれません。</translation>
    </message>
    <message>
        <source>Nothing was imported: %1 issues on %2 of %3 rows. Correct the file and try again, or import only the valid rows.</source>
        <extracomment>After the all-or-nothing check found issues; %1 = issues, %2 = rows with issues, %3 = rows.</extracomment>
        <translation>何も取り込んでいません：%3 行中 %2 行に %1 件の問題があります。ファイルを直してやり直すか、有効な行だけを取り込んでください。</translation>
    </message>
    <message>
        <source>%1 rows imported. %2 rows with issues were skipped; they are listed below.</source>
        <extracomment>After importing the valid rows; %1 = imported, %2 = skipped.</extracomment>
        <translation>%1 行を取り込みました。問題のある %2 行は取り込んでいません（下に一覧があります）。</translation>
    </message>
    <message>
        <source>%1 rows imported.</source>
        <extracomment>After a clean import; %1 = rows imported.</extracomment>
        <translation>%1 行を取り込みました。</translation>
    </message>
    <message>
        <source>You cancelled, but the vault had already finished the import: %1 rows were imported. Check the list.</source>
        <extracomment>The clerk cancelled, but the vault had already finished; %1 = rows imported.</extracomment>
        <translation>キャンセルしましたが、取り込みはすでに完了していました：%1 行を取り込みました。一覧を確認してください。</translation>
    </message>
    <message>
        <source>Cancelled. The vault writes an import as one whole: if it had not finished, nothing was written. If it finishes after all, this screen says so.</source>
        <extracomment>After a cancel: nothing is half done.</extracomment>
        <translation>キャンセルしました。取り込みはひとまとまりで行われるため、完了前なら何も書き込まれていません。その後に完了した場合は、この画面でお知らせします。</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <extracomment>After the vault refused the whole file (the error above says why).</extracomment>
        <translation>何も取り込んでいません。</translation>
    </message>
    <message>
        <source>Only the first 10,000 issues are listed.</source>
        <extracomment>More issues than the vault lists.</extracomment>
        <translation>問題は最初の10,000件だけを表示しています。</translation>
    </message>
    <message>
        <source>Line %1, %2: %3</source>
        <extracomment>One import issue: %1 = line of the file, %2 = column, %3 = what is wrong and the code.</extracomment>
        <translation>%1行目・%2：%3</translation>
    </message>
    <message>
        <source>(whole row)</source>
        <translation>（行全体）</translation>
    </message>
    <message>
        <source>Check and import</source>
        <extracomment>Button: send the file to the vault, all rows or none.</extracomment>
        <translation>検査して取り込む</translation>
    </message>
    <message>
        <source>Import only the %1 valid rows</source>
        <extracomment>Button: import only the rows without issues; %1 = how many.</extracomment>
        <translation>有効な %1 行だけ取り込む</translation>
    </message>
    <message>
        <source>Choose another file</source>
        <extracomment>Button: pick another file.</extracomment>
        <translation>別のファイルを選ぶ</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Withholding tax slips</source>
        <extracomment>A purpose of use (利用目的) of a My Number.</extracomment>
        <translation>源泉徴収票作成事務</translation>
    </message>
    <message>
        <source>Health and pension insurance filings</source>
        <extracomment>A purpose of use (利用目的) of a My Number.</extracomment>
        <translation>健康保険・厚生年金保険届出事務</translation>
    </message>
    <message>
        <source>Employment insurance filings</source>
        <extracomment>A purpose of use (利用目的) of a My Number.</extracomment>
        <translation>雇用保険届出事務</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>従業員</translation>
    </message>
    <message>
        <source>Dependent</source>
        <translation>扶養親族</translation>
    </message>
    <message>
        <source>Spouse</source>
        <translation>配偶者</translation>
    </message>
    <message>
        <source>Payee</source>
        <extracomment>A person paid by the company who is not an employee (支払調書の対象者).</extracomment>
        <translation>支払先</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在籍</translation>
    </message>
    <message>
        <source>Left</source>
        <extracomment>Status of an employee who has left the company.</extracomment>
        <translation>退職</translation>
    </message>
    <message>
        <source>Ended</source>
        <extracomment>Status of a dependent whose relationship has ended.</extracomment>
        <translation>関係終了</translation>
    </message>
    <message>
        <source>My Number card</source>
        <extracomment>Identity check (番号確認・身元確認) document combination.</extracomment>
        <translation>マイナンバーカード</translation>
    </message>
    <message>
        <source>Notification card + photo ID</source>
        <extracomment>Identity check document combination.</extracomment>
        <translation>通知カード＋顔写真付き本人確認書類</translation>
    </message>
    <message>
        <source>Notification card + two IDs without photo</source>
        <extracomment>Identity check document combination.</extracomment>
        <translation>通知カード＋顔写真なし本人確認書類2点</translation>
    </message>
    <message>
        <source>Resident record with number + photo ID</source>
        <extracomment>Identity check document combination.</extracomment>
        <translation>個人番号付き住民票＋顔写真付き本人確認書類</translation>
    </message>
    <message>
        <source>Resident record with number + two IDs without photo</source>
        <extracomment>Identity check document combination.</extracomment>
        <translation>個人番号付き住民票＋顔写真なし本人確認書類2点</translation>
    </message>
    <message>
        <source>Through a representative</source>
        <extracomment>Identity check through a representative (代理人).</extracomment>
        <translation>代理人による確認</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>Failed sign-in</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>サインイン失敗</translation>
    </message>
    <message>
        <source>Sign-out</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>サインアウト</translation>
    </message>
    <message>
        <source>Lock</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>ロック</translation>
    </message>
    <message>
        <source>List viewed</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>一覧の表示</translation>
    </message>
    <message>
        <source>Search</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>検索</translation>
    </message>
    <message>
        <source>Record viewed</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>記録の表示</translation>
    </message>
    <message>
        <source>Number shown</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>番号の表示</translation>
    </message>
    <message>
        <source>Registration</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>登録</translation>
    </message>
    <message>
        <source>Change</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>変更</translation>
    </message>
    <message>
        <source>Import</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>取り込み</translation>
    </message>
    <message>
        <source>Export to a medium</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>媒体への書き出し</translation>
    </message>
    <message>
        <source>Provision to a destination</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>提供先への提供</translation>
    </message>
    <message>
        <source>Disposal requested</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>廃棄の申請</translation>
    </message>
    <message>
        <source>Disposal approved</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>廃棄の承認</translation>
    </message>
    <message>
        <source>Disposal executed</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>廃棄の実行</translation>
    </message>
    <message>
        <source>Backup</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>バックアップ</translation>
    </message>
    <message>
        <source>Restore</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>復元</translation>
    </message>
    <message>
        <source>Card enrolled</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>カードの登録</translation>
    </message>
    <message>
        <source>Card revoked</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>カードの失効</translation>
    </message>
    <message>
        <source>Configuration change</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>設定の変更</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>保守</translation>
    </message>
    <message>
        <source>Alert</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>アラート</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>チェックポイント</translation>
    </message>
    <message>
        <source>Log handed to the administrator</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>管理者へのログ送付</translation>
    </message>
    <message>
        <source>Start-up</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>起動</translation>
    </message>
    <message>
        <source>Device set-up</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>端末の初期設定</translation>
    </message>
    <message>
        <source>Export requested</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>持ち出しの申請</translation>
    </message>
    <message>
        <source>Export approved</source>
        <extracomment>An action in the operation log.</extracomment>
        <translation>持ち出しの承認</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>Result of a logged act.</extracomment>
        <translation>完了</translation>
    </message>
    <message>
        <source>Refused (%1)</source>
        <extracomment>Result of a logged act; %1 = the error code.</extracomment>
        <translation>拒否（%1）</translation>
    </message>
    <message>
        <source>Failed (%1)</source>
        <extracomment>Result of a logged act; %1 = the error code.</extracomment>
        <translation>失敗（%1）</translation>
    </message>
    <message>
        <source>Clerk</source>
        <extracomment>Role: 事務取扱担当者.</extracomment>
        <translation>事務取扱担当者</translation>
    </message>
    <message>
        <source>Officer</source>
        <extracomment>Role: 事務取扱責任者.</extracomment>
        <translation>事務取扱責任者</translation>
    </message>
    <message>
        <source>Administrator</source>
        <extracomment>Role: system administrator.</extracomment>
        <translation>管理者</translation>
    </message>
    <message>
        <source>Provisioner</source>
        <extracomment>Role: the IT staff who set devices up.</extracomment>
        <translation>設定担当者</translation>
    </message>
</context>
<context>
    <name>LanguageButton</name>
    <message>
        <source>Switch language</source>
        <extracomment>Accessible name of the button that switches between Japanese and English.</extracomment>
        <translation>言語を切り替える</translation>
    </message>
</context>
<context>
    <name>OfficerScreen</name>
    <message>
        <source>Officer</source>
        <extracomment>Title of the officer&apos;s screens.</extracomment>
        <translation>事務取扱責任者</translation>
    </message>
    <message>
        <source>Approvals (%1)</source>
        <extracomment>Tab: requests waiting for the officer&apos;s approval; %1 = how many.</extracomment>
        <translation>承認待ち（%1）</translation>
    </message>
    <message>
        <source>Activity review</source>
        <extracomment>Tab: the review of the clerks&apos; activity (取扱状況).</extracomment>
        <translation>取扱状況の確認</translation>
    </message>
    <message>
        <source>Disposal of %1 and their dependents</source>
        <extracomment>An approval request: disposal of an employee&apos;s records; %1 = employee code.</extracomment>
        <translation>%1 とその扶養親族等の廃棄</translation>
    </message>
    <message>
        <source>Provision of %1 people to %2</source>
        <extracomment>An approval request: provision to a destination; %1 = how many people, %2 = destination code.</extracomment>
        <translation>%1 人分を %2 へ提供</translation>
    </message>
    <message>
        <source>Export of %1 people to %2</source>
        <extracomment>An approval request: export to a medium; %1 = how many people, %2 = destination code.</extracomment>
        <translation>%1 人分を %2 へ書き出し</translation>
    </message>
    <message>
        <source>Request %1</source>
        <extracomment>Under an approval request; %1 = the request&apos;s number.</extracomment>
        <translation>申請 %1</translation>
    </message>
    <message>
        <source>Approve</source>
        <extracomment>Button: approve a request with the officer&apos;s card.</extracomment>
        <translation>承認する</translation>
    </message>
    <message>
        <source>Nothing waits for your approval.</source>
        <extracomment>Nothing waits for the officer&apos;s approval.</extracomment>
        <translation>承認待ちはありません。</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Sign in</source>
        <extracomment>Title of the PIN entry screen.
----------
The sign-in button under the PIN field.</extracomment>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>This IC card is locked</source>
        <extracomment>Headline when the card refuses every PIN.</extracomment>
        <translation>このICカードはロックされています</translation>
    </message>
    <message>
        <source>Enter your PIN</source>
        <extracomment>Headline of the PIN screen.</extracomment>
        <translation>暗証番号を入力してください</translation>
    </message>
    <message>
        <source>Too many wrong PINs were entered. Have the card&apos;s issuer unlock it: a My Number card is unlocked at your city office (市区町村の窓口) with the card and an ID. Remove the card now.</source>
        <extracomment>Guidance for a locked card. JPKI = the My Number card&apos;s certificate; the city office resets its PIN.</extracomment>
        <translation>暗証番号の誤入力が続いたため、カードがロックされました。カードの発行元でロックを解除してください。マイナンバーカードは、カードと本人確認書類を持って市区町村の窓口で解除できます。カードを抜いてください。</translation>
    </message>
    <message>
        <source>Last try: one more wrong PIN locks this card.</source>
        <extracomment>Warning when one more wrong PIN locks the card.</extracomment>
        <translation>残り1回：次に間違えるとカードがロックされます。</translation>
    </message>
    <message>
        <source>Tries left: %1</source>
        <extracomment>%1 = how many PIN tries the card allows before it locks.</extracomment>
        <translation>残り回数：%1回</translation>
    </message>
    <message>
        <source>A wrong PIN was entered before. Fewer tries are left; type carefully.</source>
        <extracomment>The card reports an earlier wrong PIN but not how many tries are left.</extracomment>
        <translation>以前に誤った暗証番号が入力されています。残り回数が減っているので、慎重に入力してください。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <extracomment>On the sign-in button while the card signs and the vault checks.</extracomment>
        <translation>サインインしています…</translation>
    </message>
    <message>
        <source>PIN (it goes only to your card)</source>
        <extracomment>Label of the PIN field.</extracomment>
        <translation>暗証番号（カードにだけ送られます）</translation>
    </message>
</context>
<context>
    <name>PurposeScreen</name>
    <message>
        <source>Purpose of use</source>
        <extracomment>Title of the purpose choice screen.</extracomment>
        <translation>利用目的</translation>
    </message>
    <message>
        <source>What is this work for?</source>
        <extracomment>Headline of the purpose choice screen.</extracomment>
        <translation>何の事務のために使いますか？</translation>
    </message>
    <message>
        <source>Numbers are used only for the purpose chosen here. To change it later, use “Change purpose”.</source>
        <extracomment>Under the purpose headline.</extracomment>
        <translation>個人番号はここで選んだ目的にのみ使用されます。後で変えるときは「利用目的を変更」を押してください。</translation>
    </message>
    <message>
        <source>Sign out</source>
        <extracomment>Button: end the session.</extracomment>
        <translation>サインアウト</translation>
    </message>
</context>
<context>
    <name>RegisterSubjectPage</name>
    <message>
        <source>Register an employee</source>
        <extracomment>Title of the form that registers an employee.</extracomment>
        <translation>従業員を登録</translation>
    </message>
    <message>
        <source>Register a dependent of %1</source>
        <extracomment>Title of the form that registers a dependent; %1 = the employee&apos;s code.</extracomment>
        <translation>%1 の扶養親族を登録</translation>
    </message>
    <message>
        <source>Name (required)</source>
        <extracomment>Form label: the person&apos;s name in kanji (required).</extracomment>
        <translation>氏名（必須）</translation>
    </message>
    <message>
        <source>Name in kana</source>
        <extracomment>Form label: the person&apos;s name in katakana.</extracomment>
        <translation>氏名（カナ）</translation>
    </message>
    <message>
        <source>Employee code</source>
        <extracomment>Form label: the employee code.</extracomment>
        <translation>社員番号</translation>
    </message>
    <message>
        <source>Code (empty: %1-1, %1-2, …)</source>
        <extracomment>Form label: a dependent&apos;s code; empty = the employee&apos;s code with -1, -2, …</extracomment>
        <translation>番号（空欄なら %1-1、%1-2、…）</translation>
    </message>
    <message>
        <source>Date of birth (YYYY-MM-DD)</source>
        <extracomment>Form label: date of birth, typed as year-month-day.</extracomment>
        <translation>生年月日（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Address</source>
        <extracomment>Form label: address.</extracomment>
        <translation>住所</translation>
    </message>
    <message>
        <source>Department</source>
        <extracomment>Form label: the department.</extracomment>
        <translation>部署</translation>
    </message>
    <message>
        <source>Relationship</source>
        <extracomment>Form label: the relationship to the employee.</extracomment>
        <translation>続柄</translation>
    </message>
    <message>
        <source>The purpose “%1” was notified to this person today</source>
        <extracomment>Checkbox: the purpose was told to the person today (the vault needs this before a number is stored).</extracomment>
        <translation>本日、利用目的「%1」を本人に通知しました</translation>
    </message>
    <message>
        <source>Register</source>
        <extracomment>Button: register the person.</extracomment>
        <translation>登録</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>Button: leave the form without saving.</extracomment>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>ScreenHeader</name>
    <message>
        <source>Terminal: %1</source>
        <extracomment>%1 is the terminal&apos;s name as IT configured it.</extracomment>
        <translation>端末：%1</translation>
    </message>
</context>
<context>
    <name>SessionView</name>
    <message>
        <source>Locked: the card was removed</source>
        <extracomment>Status line after the card was pulled out: the session is locked.</extracomment>
        <translation>ロックしました：カードが抜かれました</translation>
    </message>
    <message>
        <source>Standby: no card inserted</source>
        <extracomment>Status line at the bottom of the standby screen.</extracomment>
        <translation>待機中：カードが挿入されていません</translation>
    </message>
</context>
<context>
    <name>SetNumberPage</name>
    <message>
        <source>Individual number of %1</source>
        <extracomment>Title of the form that stores a person&apos;s number; %1 = the person&apos;s code.</extracomment>
        <translation>%1 の個人番号</translation>
    </message>
    <message>
        <source>Type the 12 digits from the document. Full-width digits, spaces and hyphens are fine.</source>
        <extracomment>Under the title: what may be typed.</extracomment>
        <translation>書類の12桁を入力してください。全角数字、空白、ハイフンも使えます。</translation>
    </message>
    <message>
        <source>Individual number</source>
        <extracomment>Label of the number field.</extracomment>
        <translation>個人番号</translation>
    </message>
    <message>
        <source>The number is valid.</source>
        <extracomment>Live check: the typed number is valid.</extracomment>
        <translation>正しい個人番号です。</translation>
    </message>
    <message>
        <source>%1 of 12 digits</source>
        <extracomment>Live check while typing; %1 = digits typed so far.</extracomment>
        <translation>12桁中%1桁</translation>
    </message>
    <message>
        <source>Save the number</source>
        <extracomment>Button: store the number.</extracomment>
        <translation>個人番号を保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>A number is registered. Saving replaces it; the change is recorded in the operation log.</source>
        <extracomment>Above the number field when the person already has a number.</extracomment>
        <translation>個人番号は登録済みです。保存すると置き換わり、変更は操作記録に残ります。</translation>
    </message>
</context>
<context>
    <name>StandbyScreen</name>
    <message>
        <source>Standby: no card inserted</source>
        <extracomment>Status line at the bottom of the standby screen.</extracomment>
        <translation>待機中：カードが挿入されていません</translation>
    </message>
    <message>
        <source>Terminal: %1</source>
        <extracomment>%1 is the terminal&apos;s name as IT configured it.</extracomment>
        <translation>端末：%1</translation>
    </message>
    <message>
        <source>Insert your IC card</source>
        <extracomment>The standby screen&apos;s main instruction; the first thing a clerk reads.</extracomment>
        <translation>ICカードを挿入してください</translation>
    </message>
    <message>
        <source>Then enter your PIN to sign in.</source>
        <extracomment>Shown under &quot;Insert your IC card&quot;.</extracomment>
        <translation>挿入後、暗証番号を入力してサインインします。</translation>
    </message>
    <message>
        <source>dddd, MMMM d, yyyy</source>
        <extracomment>Date format of the standby clock (Qt date format: d M yyyy, ddd = short day name, dddd = full day name); day and month names come from the UI language&apos;s locale.</extracomment>
        <translation>yyyy年M月d日（ddd）</translation>
    </message>
    <message>
        <source>The card reader&apos;s software could not be loaded.</source>
        <extracomment>Cause on the &quot;no card reader&quot; screen: the PKCS#11 module (the reader&apos;s driver software) did not load.</extracomment>
        <translation>カードリーダーのソフトウェアを読み込めませんでした。</translation>
    </message>
    <message>
        <source>No card reader is connected to this terminal.</source>
        <extracomment>Cause on the &quot;no card reader&quot; screen: no reader is connected at all.</extracomment>
        <translation>この端末にカードリーダーが接続されていません。</translation>
    </message>
    <message>
        <source>The card reader does not answer.</source>
        <extracomment>Cause on the &quot;no card reader&quot; screen: the reader (or its service) does not answer.</extracomment>
        <translation>カードリーダーが応答しません。</translation>
    </message>
    <message>
        <source>No IC card reader found</source>
        <extracomment>The standby screen&apos;s main line when no IC card reader can be used.</extracomment>
        <translation>ICカードリーダーが見つかりません</translation>
    </message>
    <message>
        <source>Check that the card reader is plugged in to this terminal. If this screen stays, call IT support (the system administrator).</source>
        <extracomment>Under &quot;No IC card reader found&quot;: what the person at the terminal should do.</extracomment>
        <translation>カードリーダーがこの端末に接続されているか確認してください。この画面が消えない場合は、情報システム担当者（システム管理者）に連絡してください。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>The cause of the missing card reader (%1) and its error code (%2, e.g. E0008), to tell IT.</extracomment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Looking for the card reader again every few seconds…</source>
        <extracomment>Status line while no card reader is usable: the kiosk keeps looking for one.</extracomment>
        <translation>数秒ごとにカードリーダーを探し直しています…</translation>
    </message>
    <message>
        <source>The vault does not answer: call IT</source>
        <extracomment>Standby footer: the vault service does not answer (call IT).</extracomment>
        <translation>保管庫サービスが応答しません：情報システム担当者に連絡してください</translation>
    </message>
    <message>
        <source>Last backup: %1 (%2)</source>
        <extracomment>Standby footer: the newest backup; %1 = date and time, %2 = its result.</extracomment>
        <translation>最後のバックアップ：%1（%2）</translation>
    </message>
    <message>
        <source>Last backup: none yet</source>
        <extracomment>Standby footer: no backup was ever taken on this terminal.</extracomment>
        <translation>最後のバックアップ：まだありません</translation>
    </message>
    <message>
        <source>Last sending: %1 (%2)</source>
        <extracomment>Standby footer: the newest hand-over to an endpoint (network); %1 = date and time, %2 = its result.</extracomment>
        <translation>最後の送信：%1（%2）</translation>
    </message>
    <message>
        <source>Last sending: none yet</source>
        <extracomment>Standby footer: nothing was ever sent from this terminal.</extracomment>
        <translation>最後の送信：まだありません</translation>
    </message>
    <message>
        <source>delivered</source>
        <extracomment>Standby footer: the newest sending reached its endpoint.</extracomment>
        <translation>送信済み</translation>
    </message>
    <message>
        <source>stopped by the outgoing check</source>
        <extracomment>Standby footer: the outgoing check stopped the newest sending (it held a number for an endpoint that may not receive one).</extracomment>
        <translation>送信前の検査で停止</translation>
    </message>
    <message>
        <source>refused by the endpoint</source>
        <extracomment>Standby footer: the endpoint refused the newest sending.</extracomment>
        <translation>送信先が拒否</translation>
    </message>
    <message>
        <source>not delivered</source>
        <extracomment>Standby footer: the newest sending did not get through after its retries.</extracomment>
        <translation>未送信</translation>
    </message>
</context>
<context>
    <name>StepUpDialog</name>
    <message>
        <source>Enter your PIN again to show the number</source>
        <extracomment>Title of the dialog that asks for the PIN again before a number is shown.</extracomment>
        <translation>個人番号を表示するには、暗証番号をもう一度入力してください</translation>
    </message>
    <message>
        <source>Your card signs this one viewing; it is recorded in the operation log.</source>
        <extracomment>Under the step-up title: why the PIN is asked again.</extracomment>
        <translation>この1回の表示にカードで署名し、操作記録に残します。</translation>
    </message>
    <message>
        <source>PIN</source>
        <extracomment>Label of the PIN field.</extracomment>
        <translation>暗証番号</translation>
    </message>
    <message>
        <source>Last try: one more wrong PIN locks this card.</source>
        <translation>残り1回：次に間違えるとカードがロックされます。</translation>
    </message>
    <message>
        <source>A wrong PIN was entered before. Fewer tries are left; type carefully.</source>
        <translation>以前に誤った暗証番号が入力されています。残り回数が減っているので、慎重に入力してください。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <extracomment>On the confirm button while the card signs.</extracomment>
        <translation>確認しています…</translation>
    </message>
    <message>
        <source>Show</source>
        <extracomment>Button: confirm the PIN and show the number.</extracomment>
        <translation>表示</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Enter your PIN again to approve this disposal</source>
        <extracomment>Title of the step-up dialog before an officer approves a disposal.</extracomment>
        <translation>この廃棄を承認するには、PINをもう一度入力してください</translation>
    </message>
    <message>
        <source>Enter your PIN again to approve this export</source>
        <extracomment>Title of the step-up dialog before an officer approves a bulk export.</extracomment>
        <translation>この持ち出しを承認するには、PINをもう一度入力してください</translation>
    </message>
    <message>
        <source>Enter your PIN again to hand over this data</source>
        <extracomment>Title of the step-up dialog before data leaves the terminal.</extracomment>
        <translation>このデータを渡すには、PINをもう一度入力してください</translation>
    </message>
    <message>
        <source>Your card signs exactly this act; it is recorded in the operation log.</source>
        <extracomment>Under the step-up title for approvals and hand-overs.</extracomment>
        <translation>カードはこの操作だけに署名します。操作ログに記録されます。</translation>
    </message>
    <message>
        <source>Sign</source>
        <extracomment>Button: confirm the PIN and sign the act (approve, hand over).</extracomment>
        <translation>署名する</translation>
    </message>
</context>
<context>
    <name>SubjectDetailPage</name>
    <message>
        <source>Back</source>
        <extracomment>Button: back to the list.</extracomment>
        <translation>戻る</translation>
    </message>
    <message>
        <source>Employee code</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>社員番号</translation>
    </message>
    <message>
        <source>Name</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Name (kana)</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>氏名（カナ）</translation>
    </message>
    <message>
        <source>Kind</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>区分</translation>
    </message>
    <message>
        <source>Department</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>部署</translation>
    </message>
    <message>
        <source>Status</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>状態</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>生年月日</translation>
    </message>
    <message>
        <source>Address</source>
        <extracomment>Field label in a person&apos;s details.</extracomment>
        <translation>住所</translation>
    </message>
    <message>
        <source>Purposes notified</source>
        <extracomment>Field label in a person&apos;s details: the purposes notified to the person.</extracomment>
        <translation>通知済みの利用目的</translation>
    </message>
    <message>
        <source>Identity check</source>
        <extracomment>Field label in a person&apos;s details: identity check records.</extracomment>
        <translation>本人確認</translation>
    </message>
    <message>
        <source>Recorded (%1)</source>
        <extracomment>%1 = number of identity check records.</extracomment>
        <translation>記録あり（%1件）</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <extracomment>No identity check recorded yet.</extracomment>
        <translation>記録なし</translation>
    </message>
    <message>
        <source>Individual number</source>
        <extracomment>Label of the individual number (個人番号) in a person&apos;s details.</extracomment>
        <translation>個人番号</translation>
    </message>
    <message>
        <source>Not registered</source>
        <extracomment>No number registered for this person.</extracomment>
        <translation>未登録</translation>
    </message>
    <message>
        <source>Masked again in %1 s</source>
        <extracomment>%1 = seconds until the revealed number is masked again.</extracomment>
        <translation>あと%1秒で再び伏せます</translation>
    </message>
    <message>
        <source>Show number (PIN)</source>
        <extracomment>Button: show the number (asks for the PIN again).</extracomment>
        <translation>個人番号を表示（暗証番号）</translation>
    </message>
    <message>
        <source>Hide now</source>
        <extracomment>Button: hide the revealed number now.</extracomment>
        <translation>すぐに伏せる</translation>
    </message>
    <message>
        <source>Correct the number</source>
        <extracomment>Button: replace the registered number.</extracomment>
        <translation>個人番号を訂正</translation>
    </message>
    <message>
        <source>Register the number</source>
        <extracomment>Button: register the person&apos;s number.</extracomment>
        <translation>個人番号を登録</translation>
    </message>
    <message>
        <source>Record identity check</source>
        <extracomment>Button: record the identity check.</extracomment>
        <translation>本人確認を記録</translation>
    </message>
    <message>
        <source>Add a dependent</source>
        <extracomment>Button: register a dependent of this employee.</extracomment>
        <translation>扶養親族を追加</translation>
    </message>
    <message>
        <source>Dependents (%1)</source>
        <extracomment>Heading of the dependents list; %1 = how many.</extracomment>
        <translation>扶養親族（%1人）</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登録済み</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <extracomment>One identity check record: %1 = date, %2 = document combination, %3 = documents named.</extracomment>
        <translation>%1：%2（%3）</translation>
    </message>
    <message>
        <source>Change details</source>
        <extracomment>Button: change the person&apos;s details.</extracomment>
        <translation>登録内容を変更</translation>
    </message>
    <message>
        <source>Record a document</source>
        <extracomment>Button: record a document that used the number.</extracomment>
        <translation>書類を記録</translation>
    </message>
    <message>
        <source>Documents kept (%1)</source>
        <extracomment>Heading of the documents list; %1 = how many.</extracomment>
        <translation>保存中の書類（%1件）</translation>
    </message>
    <message>
        <source>%1 — tax year %2, deadline %3, filed %4, completed %5</source>
        <extracomment>One document: %1 = its kind, %2 = tax year, %3 = deadline, %4 = filed, %5 = completed.</extracomment>
        <translation>%1 — 対象年 %2、提出期限 %3、提出日 %4、完結の日 %5</translation>
    </message>
</context>
<context>
    <name>SubjectListPage</name>
    <message>
        <source>Search: employee code or kana</source>
        <extracomment>Label of the subject search box.</extracomment>
        <translation>検索：社員番号またはカナ</translation>
    </message>
    <message>
        <source>e.g. E100 or ヤマダ</source>
        <extracomment>Placeholder in the search box.</extracomment>
        <translation>例：E100、ヤマダ</translation>
    </message>
    <message>
        <source>No number</source>
        <extracomment>Filter: only people without a registered number.</extracomment>
        <translation>個人番号なし</translation>
    </message>
    <message>
        <source>No identity check</source>
        <extracomment>Filter: only people whose identity check is not recorded.</extracomment>
        <translation>本人確認なし</translation>
    </message>
    <message>
        <source>%1 people (%2 shown)</source>
        <extracomment>%1 = how many people match; %2 = how many are loaded.</extracomment>
        <translation>%1人（%2人を表示）</translation>
    </message>
    <message>
        <source>Register an employee</source>
        <extracomment>Button: register a new employee.</extracomment>
        <translation>従業員を登録</translation>
    </message>
    <message>
        <source>Code</source>
        <extracomment>Column header: employee code.</extracomment>
        <translation>社員番号</translation>
    </message>
    <message>
        <source>Name</source>
        <extracomment>Column header: name.</extracomment>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Kana</source>
        <extracomment>Column header: name in kana.</extracomment>
        <translation>カナ</translation>
    </message>
    <message>
        <source>Kind</source>
        <extracomment>Column header: kind of person (employee, dependent, …).</extracomment>
        <translation>区分</translation>
    </message>
    <message>
        <source>Number</source>
        <extracomment>Column header: whether a number is registered.</extracomment>
        <translation>個人番号</translation>
    </message>
    <message>
        <source>Checked</source>
        <extracomment>Column header: whether the identity check is recorded.</extracomment>
        <translation>本人確認</translation>
    </message>
    <message>
        <source>Registered</source>
        <extracomment>In the list: a number is registered / is not.</extracomment>
        <translation>登録済み</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>In the list: the identity check is recorded / is not.</extracomment>
        <translation>済</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>未</translation>
    </message>
    <message>
        <source>No one matches.</source>
        <extracomment>The subject list is empty for this search.</extracomment>
        <translation>該当する人はいません。</translation>
    </message>
    <message>
        <source>Due for disposal</source>
        <extracomment>Filter: only people whose number is due for disposal.</extracomment>
        <translation>廃棄対象</translation>
    </message>
    <message>
        <source>%1 selected (%2 shown)</source>
        <extracomment>In selection mode: %1 = people selected, %2 = people shown.</extracomment>
        <translation>%1 人を選択（%2 人を表示）</translation>
    </message>
    <message>
        <source>Import CSV</source>
        <extracomment>Button: import people from a CSV file on the USB medium.</extracomment>
        <translation>CSV取り込み</translation>
    </message>
    <message>
        <source>Disposal list</source>
        <extracomment>Button: open the disposal due list.</extracomment>
        <translation>廃棄一覧</translation>
    </message>
    <message>
        <source>Done selecting</source>
        <extracomment>Button: leave the selection mode (the selection is kept).</extracomment>
        <translation>選択を終える</translation>
    </message>
    <message>
        <source>Select for hand-over</source>
        <extracomment>Button: mark people in the list to export or provide them.</extracomment>
        <translation>提供する人を選ぶ</translation>
    </message>
    <message>
        <source>Select all shown</source>
        <extracomment>Button: select every person loaded in the list.</extracomment>
        <translation>表示中をすべて選ぶ</translation>
    </message>
    <message>
        <source>Clear selection</source>
        <extracomment>Button: unselect everybody.</extracomment>
        <translation>選択を解除</translation>
    </message>
    <message>
        <source>Hand over %1 people…</source>
        <extracomment>Button: hand the selected people over (export / provide); %1 = how many.</extracomment>
        <translation>%1 人を提供・持ち出し…</translation>
    </message>
</context>
<context>
    <name>VerificationPage</name>
    <message>
        <source>Identity check for %1</source>
        <extracomment>Title of the identity check form; %1 = the person&apos;s code.</extracomment>
        <translation>%1 の本人確認</translation>
    </message>
    <message>
        <source>Which documents were shown?</source>
        <extracomment>Over the list of document combinations.</extracomment>
        <translation>提示された書類の組み合わせ</translation>
    </message>
    <message>
        <source>Documents (e.g. driving licence, passport)</source>
        <extracomment>Form label: free text naming the documents (e.g. driving licence).</extracomment>
        <translation>書類（例：運転免許証、パスポート）</translation>
    </message>
    <message>
        <source>Record</source>
        <extracomment>Button: store the identity check record.</extracomment>
        <translation>記録</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>WorkspaceBar</name>
    <message>
        <source>Clerk&apos;s screens</source>
        <extracomment>Button: switch to the clerk&apos;s screens (for a user with several roles).</extracomment>
        <translation>担当者の画面</translation>
    </message>
    <message>
        <source>Officer&apos;s screens</source>
        <extracomment>Button: switch to the officer&apos;s screens (approvals, activity review).</extracomment>
        <translation>責任者の画面</translation>
    </message>
    <message>
        <source>Administrator&apos;s screens</source>
        <extracomment>Button: switch to the administrator&apos;s screens (log, cards, device).</extracomment>
        <translation>管理者の画面</translation>
    </message>
    <message>
        <source>Sign out</source>
        <extracomment>Button: end the session.</extracomment>
        <translation>サインアウト</translation>
    </message>
</context>
</TS>

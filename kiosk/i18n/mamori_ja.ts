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
        <source>New cards are enrolled by IT with mamori-provision enroll-card, which reads the new card and yours at the same time.</source>
        <extracomment>On the cards page: how new cards are enrolled.</extracomment>
        <translation>新しいカードの登録は、IT担当者が mamori-provision enroll-card で行います（新しいカードとあなたのカードを同時に読み取ります）。</translation>
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

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="en_US">
<context>
    <name>LanguageButton</name>
    <message>
        <source>Switch language</source>
        <extracomment>Accessible name of the button that switches between Japanese and English.</extracomment>
        <translation>言語を切り替える</translation>
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
</TS>

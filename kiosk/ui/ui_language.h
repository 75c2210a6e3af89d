// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// UiLanguage: the QML singleton `Language` of Mamori.Kiosk. It tells the view which language the
// UI is in and switches it at runtime: it installs the catalogue (translations.h) and has the QML
// engine re-evaluate every qsTr() binding, so the screen changes language without a reload.
//
// Owned by the QML engine that created it (one per engine); the catalogue itself is process-wide.
// If no language has been applied when it is created (the app applies --lang first), it applies
// the default, Japanese. GUI thread only.

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

class QJSEngine;
class QQmlEngine;

namespace mamori::ui {

class UiLanguage : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(Language)
    QML_SINGLETON
    // "ja" or "en". Writing an unsupported code changes nothing.
    Q_PROPERTY(QString code READ code WRITE setCode NOTIFY codeChanged FINAL)
    // For Qt.locale(): "ja_JP" or "en_US".
    Q_PROPERTY(QString localeName READ localeName NOTIFY codeChanged FINAL)
    // The language a one-button switch offers next, and its own name ("English" while in Japanese).
    Q_PROPERTY(QString nextCode READ nextCode NOTIFY codeChanged FINAL)
    Q_PROPERTY(QString nextNativeName READ nextNativeName NOTIFY codeChanged FINAL)
    Q_PROPERTY(QStringList available READ available CONSTANT FINAL)

public:
    // `engine` is retranslated on every change; null (plain C++ use) retranslates nothing.
    explicit UiLanguage(QQmlEngine* engine, QObject* parent = nullptr);

    // The QML engine's factory for the singleton.
    static UiLanguage* create(QQmlEngine* qmlEngine, QJSEngine* jsEngine);

    QString code() const { return m_code; }
    void setCode(const QString& code);
    QString localeName() const;
    QString nextCode() const;
    QString nextNativeName() const;
    QStringList available() const;

    // Switches to `code`; false (and no change) if the code is unsupported or its catalogue missing.
    Q_INVOKABLE bool select(const QString& code);
    // Switches to nextCode: what the language button does.
    Q_INVOKABLE void toggle();

signals:
    void codeChanged();

private:
    QPointer<QQmlEngine> m_engine;
    QString m_code;
};

} // namespace mamori::ui

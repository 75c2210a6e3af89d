// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/ui/ui_language.h"

#include "kiosk/ui/translations.h"

#include <QQmlEngine>

namespace mamori::ui {

UiLanguage::UiLanguage(QQmlEngine* engine, QObject* parent) : QObject(parent), m_engine(engine)
{
    m_code = currentLanguage();
    // A failure leaves the English source strings on screen; there is nothing better to fall back
    // to, and the catalogue is compiled in, so tst_language catches a build that lost it.
    if (m_code.isEmpty() && applyLanguage(defaultLanguage()).ok())
        m_code = defaultLanguage();
}

UiLanguage* UiLanguage::create(QQmlEngine* qmlEngine, QJSEngine* jsEngine)
{
    Q_UNUSED(jsEngine)
    return new UiLanguage(qmlEngine);
}

void UiLanguage::setCode(const QString& code) { select(code); }

QString UiLanguage::localeName() const { return localeFor(m_code).name(); }

QString UiLanguage::nextCode() const
{
    const QStringList codes = supportedLanguages();
    const auto index = codes.indexOf(m_code);
    return codes.at((index + 1) % codes.size());
}

QString UiLanguage::nextNativeName() const { return nativeLanguageName(nextCode()); }

QStringList UiLanguage::available() const { return supportedLanguages(); }

bool UiLanguage::select(const QString& code)
{
    if (code == m_code && currentLanguage() == code)
        return true;
    if (!applyLanguage(code).ok())
        return false;
    m_code = code;
    if (m_engine)
        m_engine->retranslate();
    emit codeChanged();
    return true;
}

void UiLanguage::toggle() { select(nextCode()); }

} // namespace mamori::ui

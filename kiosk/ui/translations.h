// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The kiosk's languages and its one installed translation catalogue.
//
// The UI is written with English source strings and ships Japanese first, English second
// (kiosk/i18n/mamori_<code>.ts, compiled into the binary under :/i18n). Japanese is the default
// whatever the system locale says: the kiosk is a Japanese office terminal.
//
// applyLanguage() swaps the process-wide QTranslator and the default QLocale, so it belongs to
// the GUI thread and needs a QCoreApplication; the catalogue is a child of the application and
// dies with it. QML engines must still be told to re-evaluate their qsTr() bindings
// (QQmlEngine::retranslate(), done by UiLanguage).

#include "services/common/result.h"

#include <QLocale>
#include <QString>
#include <QStringList>

namespace mamori::ui {

// Language codes in the order the kiosk offers them: {"ja", "en"}.
QStringList supportedLanguages();
bool isSupportedLanguage(const QString& code);
// "ja".
QString defaultLanguage();
// The locale used to format dates for a supported language (ja_JP, en_US); QLocale::c() otherwise.
QLocale localeFor(const QString& code);
// The language's own name ("日本語", "English"), as a language switch shows it; empty if unsupported.
QString nativeLanguageName(const QString& code);

// Installs the catalogue for `code` (replacing the previous one) and makes its locale the default.
// InvalidArgument for an unsupported code, Internal without a QCoreApplication, NotFound when the
// catalogue is not in the binary. On failure nothing changes.
Status applyLanguage(const QString& code);
// The code last applied successfully; empty before the first applyLanguage().
QString currentLanguage();

} // namespace mamori::ui

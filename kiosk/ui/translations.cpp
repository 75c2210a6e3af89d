// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/ui/translations.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTranslator>

#include <iterator>
#include <memory>

namespace mamori::ui {

namespace {

struct LanguageInfo {
    const char* code;
    QLocale::Language language;
    QLocale::Territory territory;
    const char* nativeName; // UTF-8
};

// Japanese first: the order is the order of the language switch and of supportedLanguages().
constexpr LanguageInfo kLanguages[] = {
    {"ja", QLocale::Japanese, QLocale::Japan, "日本語"},
    {"en", QLocale::English, QLocale::UnitedStates, "English"},
};

const LanguageInfo* findLanguage(const QString& code)
{
    for (const LanguageInfo& info : kLanguages) {
        if (code == QLatin1String(info.code))
            return &info;
    }
    return nullptr;
}

// The installed catalogue and its code. The translator is parented to the application, so the
// QPointer clears itself if the application (and with it the catalogue) goes away.
struct InstalledCatalogue {
    QPointer<QTranslator> translator;
    QString code;
};

InstalledCatalogue& installedCatalogue()
{
    static InstalledCatalogue catalogue;
    return catalogue;
}

} // namespace

QStringList supportedLanguages()
{
    QStringList codes;
    for (const LanguageInfo& info : kLanguages)
        codes.append(QLatin1String(info.code));
    return codes;
}

bool isSupportedLanguage(const QString& code) { return findLanguage(code) != nullptr; }

QString defaultLanguage() { return QLatin1String(kLanguages[0].code); }

QLocale localeFor(const QString& code)
{
    const LanguageInfo* info = findLanguage(code);
    return info ? QLocale(info->language, info->territory) : QLocale::c();
}

QString nativeLanguageName(const QString& code)
{
    const LanguageInfo* info = findLanguage(code);
    return info ? QString::fromUtf8(info->nativeName) : QString();
}

Status applyLanguage(const QString& code)
{
    const LanguageInfo* info = findLanguage(code);
    if (!info)
        return Error(ErrorCode::InvalidArgument, "unsupported UI language: " + code.left(16).toStdString());
    QCoreApplication* app = QCoreApplication::instance();
    if (!app)
        return Error(ErrorCode::Internal, "applyLanguage() needs a QCoreApplication");

    const QString path = QStringLiteral(":/i18n/mamori_%1.qm").arg(code);
    auto translator = std::make_unique<QTranslator>();
    if (!translator->load(path))
        return Error(ErrorCode::NotFound, "translation catalogue missing from the binary: " + path.toStdString());

    // The locale comes first so that whoever reacts to QEvent::LanguageChange (sent by each
    // install and removal) already formats dates in the new language.
    InstalledCatalogue& installed = installedCatalogue();
    const QLocale previousLocale;
    QLocale::setDefault(localeFor(code));
    // Install the new catalogue before removing the old one, so no lookup ever falls back to the
    // English source strings in between.
    translator->setParent(app);
    if (!QCoreApplication::installTranslator(translator.get())) {
        QLocale::setDefault(previousLocale);
        return Error(ErrorCode::Internal, "QCoreApplication::installTranslator refused " + path.toStdString());
    }
    delete installed.translator.data(); // removes itself from the application
    installed.translator = translator.release();
    installed.code = code;
    return okStatus();
}

QString currentLanguage()
{
    const InstalledCatalogue& installed = installedCatalogue();
    return installed.translator ? installed.code : QString();
}

} // namespace mamori::ui

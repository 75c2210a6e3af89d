// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/vault_error.h"

#include <QRegularExpression>

namespace mamori::ui {

namespace {
constexpr auto kVaultErrorPrefix = QLatin1String("org.mamori.Vault1.Error.");
} // namespace

int errorNumberOf(const QDBusError& error)
{
    if (!error.isValid())
        return 0;
    if (error.name().startsWith(kVaultErrorPrefix)) {
        static const QRegularExpression number(QStringLiteral("^E(\\d{4}) "));
        const QRegularExpressionMatch match = number.match(error.message());
        if (match.hasMatch())
            return static_cast<int>(errorNumber(errorCodeOf(match.captured(1).toInt())));
        return static_cast<int>(ErrorCode::Internal);
    }
    switch (error.type()) {
    case QDBusError::NoReply:
    case QDBusError::Timeout:
    case QDBusError::TimedOut:
        return static_cast<int>(ErrorCode::Timeout);
    case QDBusError::ServiceUnknown:
    case QDBusError::Disconnected:
    case QDBusError::NoServer:
    case QDBusError::AccessDenied:
    case QDBusError::Failed:
    case QDBusError::NoMemory:
    case QDBusError::LimitsExceeded:
        return static_cast<int>(ErrorCode::Unavailable);
    default:
        return static_cast<int>(ErrorCode::Internal);
    }
}

ErrorCode errorCodeOf(int number)
{
    if (number <= 0 || number > 0xffff)
        return ErrorCode::Internal;
    const auto code = static_cast<ErrorCode>(number);
    return hasErrorText(code) ? code : ErrorCode::Internal;
}

QString errorCodeText(int number) { return QStringLiteral("E%1").arg(number, 4, 10, QLatin1Char('0')); }

QString errorText(int number, const QString& languageCode)
{
    if (number == 0)
        return {};
    const ErrorCode code = errorCodeOf(number);
    const Language language = languageCode == QLatin1String("ja") ? Language::Japanese : Language::English;
    const std::string_view message = errorMessage(code, language);
    const std::string_view action = errorAction(code, language);
    const QString separator = language == Language::Japanese ? QString() : QStringLiteral(" ");
    return QString::fromUtf8(message.data(), static_cast<qsizetype>(message.size())) + separator +
           QString::fromUtf8(action.data(), static_cast<qsizetype>(action.size())) +
           QStringLiteral(" (%1)").arg(errorCodeText(static_cast<int>(errorNumber(code))));
}

} // namespace mamori::ui

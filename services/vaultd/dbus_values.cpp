// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vaultd/dbus_values.h"

#include "services/common/error.h"

#include <QVariant>

namespace mamori::vaultd {

QString errorReplyName(ErrorCode code) { return QStringLiteral("org.mamori.Vault1.Error.") + text(errorName(code)); }

QString errorReplyMessage(ErrorCode code)
{
    return QStringLiteral("E%1 %2").arg(errorNumber(code), 4, 10, QLatin1Char('0')).arg(text(errorName(code)));
}

QString text(std::string_view value) { return QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size())); }

QStringList roleNames(const std::set<vault::Role>& roles)
{
    QStringList names;
    for (const vault::Role role : roles)
        names << text(vault::roleName(role));
    return names;
}

std::vector<std::uint8_t> bytesOf(const QByteArray& array)
{
    return {reinterpret_cast<const std::uint8_t*>(array.constData()),
            reinterpret_cast<const std::uint8_t*>(array.constData()) + array.size()};
}

QByteArray arrayOf(std::span<const std::uint8_t> bytes)
{
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()));
}

QString isoDate(const std::optional<std::chrono::year_month_day>& date)
{
    if (!date)
        return {};
    return QStringLiteral("%1-%2-%3")
        .arg(static_cast<int>(date->year()), 4, 10, QLatin1Char('0'))
        .arg(static_cast<unsigned>(date->month()), 2, 10, QLatin1Char('0'))
        .arg(static_cast<unsigned>(date->day()), 2, 10, QLatin1Char('0'));
}

QVariantMap documentMap(const vault::DocumentRecord& document)
{
    QVariantMap item;
    item.insert(QStringLiteral("id"), QVariant::fromValue<qlonglong>(document.id));
    item.insert(QStringLiteral("ruleCode"), QString::fromStdString(document.ruleCode));
    item.insert(QStringLiteral("taxYear"), document.taxYear ? *document.taxYear : 0);
    item.insert(QStringLiteral("deadline"), isoDate(document.deadline));
    item.insert(QStringLiteral("filed"), isoDate(document.filed));
    item.insert(QStringLiteral("completed"), isoDate(document.completed));
    return item;
}

QVariantMap destinationMap(const vault::Destination& destination)
{
    QVariantMap item;
    item.insert(QStringLiteral("code"), QString::fromStdString(destination.code));
    item.insert(QStringLiteral("name"), text(destination.name));
    item.insert(QStringLiteral("kind"), text(vault::destinationKindName(destination.kind)));
    QStringList purposes;
    for (const auto& purpose : destination.purposes)
        purposes << QString::fromStdString(purpose);
    item.insert(QStringLiteral("purposes"), purposes);
    item.insert(QStringLiteral("numbersAllowed"), destination.numbersAllowed);
    return item;
}

QVariantMap exportRequestMap(const vault::ExportRequest& request)
{
    QVariantMap item;
    item.insert(QStringLiteral("id"), QVariant::fromValue<qlonglong>(request.id));
    item.insert(QStringLiteral("operation"), text(vault::operationName(request.operation)));
    item.insert(QStringLiteral("destination"), QString::fromStdString(request.destination));
    item.insert(QStringLiteral("purpose"), QString::fromStdString(request.purpose));
    item.insert(QStringLiteral("subjects"), QVariant::fromValue<qlonglong>(static_cast<qlonglong>(request.subjects)));
    item.insert(QStringLiteral("status"), QString::fromStdString(request.status));
    item.insert(QStringLiteral("requestedBy"), QVariant::fromValue<qlonglong>(request.requestedBy));
    item.insert(QStringLiteral("requestedMs"), QVariant::fromValue<qlonglong>(request.requestedMs));
    item.insert(QStringLiteral("approvedBy"), QVariant::fromValue<qlonglong>(request.approvedBy.value_or(0)));
    return item;
}

QVariantMap auditRowMap(const vault::AuditRow& row)
{
    QVariantMap item;
    item.insert(QStringLiteral("sequence"), QVariant::fromValue<qulonglong>(row.sequence));
    item.insert(QStringLiteral("timeMs"), QVariant::fromValue<qlonglong>(row.timeMs));
    item.insert(QStringLiteral("actor"), QString::fromStdString(row.actor));
    item.insert(QStringLiteral("actorName"), text(row.actorName));
    item.insert(QStringLiteral("role"), QString::fromStdString(row.role));
    item.insert(QStringLiteral("action"), QString::fromStdString(row.action));
    item.insert(QStringLiteral("subjectCode"), text(row.subjectCode));
    item.insert(QStringLiteral("purpose"), QString::fromStdString(row.purpose));
    item.insert(QStringLiteral("result"), QString::fromStdString(row.result));
    item.insert(QStringLiteral("detail"), text(row.detail));
    item.insert(QStringLiteral("signedByCard"), row.signedByCard);
    item.insert(QStringLiteral("secondSigner"), row.secondSigner);
    return item;
}

} // namespace mamori::vaultd

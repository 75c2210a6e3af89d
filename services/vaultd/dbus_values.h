// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Conversions between the vault's values and what crosses the bus, shared by VaultService's files.
// Personal text is copied into QString only at the moment a reply is built (README: what crosses
// the bus); nothing here holds a key.

#include "services/common/result.h"
#include "services/vault/policy.h"
#include "services/vault/vault_types.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <set>
#include <span>
#include <string_view>
#include <vector>

namespace mamori::vaultd {

// "org.mamori.Vault1.Error.<Name>" and "E0nnn <Name>" for an error code.
QString errorReplyName(ErrorCode code);
QString errorReplyMessage(ErrorCode code);

QString text(std::string_view value);
QStringList roleNames(const std::set<vault::Role>& roles);
std::vector<std::uint8_t> bytesOf(const QByteArray& array);
QByteArray arrayOf(std::span<const std::uint8_t> bytes);
QString isoDate(const std::optional<std::chrono::year_month_day>& date);

QVariantMap documentMap(const vault::DocumentRecord& document);
QVariantMap destinationMap(const vault::Destination& destination);
QVariantMap exportRequestMap(const vault::ExportRequest& request);
QVariantMap auditRowMap(const vault::AuditRow& row);

} // namespace mamori::vaultd

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The form and size of every argument mamori-vaultd accepts, checked before anything else runs.
// D-Bus already guarantees the types (a call with the wrong signature never reaches a method);
// these checks bound sizes and counts and refuse anything not in the documented form, with
// InvalidArgument or TooLarge. Contexts name the argument, never echo its content.

#include "services/common/result.h"
#include "services/vault/policy.h"
#include "services/vault/vault_crypto.h"
#include "services/vault/vault_types.h"

#include <QByteArray>
#include <QString>
#include <QVariantMap>

#include <chrono>
#include <set>
#include <string>

namespace mamori::vaultd {

constexpr qsizetype kMaxSignatureBytes = 1024;
constexpr qsizetype kNonceBytes = 32;
constexpr int kMaxPageSize = 200;
constexpr qsizetype kMaxQueryText = 64;
constexpr qsizetype kMaxImportBytes = qsizetype{16} * 1024 * 1024; // a payroll export of ~100,000 rows
constexpr qsizetype kMaxCertificateBytes = 16384;

// 64 lowercase hex digits (SHA-256 of the card's SPKI).
Result<std::string> checkCardId(const QString& cardId);
// 32 lowercase hex digits.
Result<vault::SubjectId> checkSubjectId(const QString& subjectId);
// 1..1024 bytes.
Status checkSignature(const QByteArray& signature);
// A 32-byte nonce and a signature.
Status checkStepUp(const QByteArray& nonce, const QByteArray& signature);
// 1..64 characters of [a-z0-9_-].
Result<std::string> checkPurpose(const QString& purpose);
// Known keys only, each of its documented type and range.
Result<vault::ListQuery> checkListQuery(const QVariantMap& query);
// kind, code, parent, department, name, nameKana, birthDate, address (README.md); name required.
Result<vault::NewSubject> checkNewSubject(const QVariantMap& subject);
// name, nameKana, birthDate, address, department, status (active|left|ended), statusDate.
Result<vault::SubjectEdit> checkSubjectEdit(const QVariantMap& edit);
// Role names (clerk, officer, admin, provisioner), 1..4 of them, no repeats.
Result<std::set<vault::Role>> checkRoles(const QStringList& roles);
// Department codes, 0..64 of them.
Result<std::set<std::string>> checkDepartments(const QStringList& departments);
// YYYY-MM-DD, a real calendar day.
Result<std::chrono::year_month_day> checkDate(const QString& date);
// Printable UTF-8 of 1..maxBytes bytes (what = the argument's name, for the error context).
Result<std::string> checkText(const QString& text, std::size_t maxBytes, const char* what);

} // namespace mamori::vaultd

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Argument checks for the composite requests (argument_checks.h has the simple ones): what a step-up
// covers, an export's subject list and destination, an audit log query and a document record. Same
// rules: known keys only, each of its documented D-Bus type, bounded; errors name the argument.

#include "services/common/result.h"
#include "services/vault/vault.h"

#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace mamori::vaultd {

constexpr qsizetype kMaxExportSubjects = 10000;

// reveal_number {subjectId}, approve_disposal {request}, export|provide {subjects, destination},
// approve_export {request}, restore {backupSha256, replaceNewer}.
Result<vault::Vault::StepUpTarget> checkStepUpTarget(const QString& operation, const QVariantMap& arguments);
// 1..10000 subject ids (32 lowercase hex), no repeats; a destination code [A-Za-z0-9._-]{1,64}.
Result<vault::ExportSpec> checkExportSpec(vault::Operation operation, const QStringList& subjects,
                                          const QString& destination);
// userId (x), action (s), subjectCode (s), fromMs/toMs (x), beforeSequence (t), limit (i 1..500).
Result<vault::AuditQuery> checkAuditQuery(const QVariantMap& query);
// ruleCode (s, required), taxYear (i), deadline/filed/completed (s, YYYY-MM-DD).
Result<vault::DocumentRecord> checkDocument(const QVariantMap& document);

} // namespace mamori::vaultd

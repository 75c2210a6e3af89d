// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vaultd/request_checks.h"

#include "services/vaultd/argument_checks.h"

#include <QMetaType>

#include <set>

namespace mamori::vaultd {
namespace {

Error invalid(const std::string& what) { return Error(ErrorCode::InvalidArgument, what); }

bool isCodeChar(char16_t u)
{
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'.' || u == u'_' ||
           u == u'-';
}

Result<std::string> codeOf(const QString& code, qsizetype maxLength, const char* what)
{
    if (code.isEmpty() || code.size() > maxLength)
        return invalid(std::string(what) + " must be 1-" + std::to_string(maxLength) + " characters");
    for (const QChar c : code)
        if (!isCodeChar(c.unicode()))
            return invalid(std::string(what) + " must be [A-Za-z0-9._-]");
    return code.toStdString();
}

Result<qlonglong> longOf(const QVariant& value, const char* what)
{
    if (value.metaType().id() != QMetaType::LongLong)
        return invalid(std::string(what) + " must be an int64");
    return value.toLongLong();
}

Result<QString> stringOf(const QVariant& value, const char* what)
{
    if (value.metaType().id() != QMetaType::QString)
        return invalid(std::string(what) + " must be a string");
    return value.toString();
}

Result<std::optional<std::chrono::year_month_day>> optionalDate(const QVariant& value, const char* what)
{
    MAMORI_ASSIGN_OR_RETURN(const QString text, stringOf(value, what));
    if (text.isEmpty())
        return std::optional<std::chrono::year_month_day>();
    MAMORI_ASSIGN_OR_RETURN(const auto date, checkDate(text));
    return std::optional<std::chrono::year_month_day>(date);
}

} // namespace

Result<vault::ExportSpec> checkExportSpec(vault::Operation operation, const QStringList& subjects,
                                          const QString& destination)
{
    if (subjects.isEmpty())
        return invalid("an export names at least one subject");
    if (subjects.size() > kMaxExportSubjects)
        return Error(ErrorCode::TooLarge, "an export names at most 10000 subjects");
    vault::ExportSpec spec;
    spec.operation = operation;
    spec.subjects.reserve(static_cast<std::size_t>(subjects.size()));
    std::set<std::array<std::uint8_t, vault::kSubjectIdBytes>> seen;
    for (const QString& subject : subjects) {
        MAMORI_ASSIGN_OR_RETURN(const vault::SubjectId id, checkSubjectId(subject));
        if (!seen.insert(id.bytes).second)
            return invalid("a subject appears twice in the export");
        spec.subjects.push_back(id);
    }
    MAMORI_ASSIGN_OR_RETURN(spec.destination, codeOf(destination, 64, "destination"));
    return spec;
}

Result<vault::Vault::StepUpTarget> checkStepUpTarget(const QString& operation, const QVariantMap& arguments)
{
    if (arguments.size() > 4)
        return Error(ErrorCode::TooLarge, "too many step-up arguments");
    vault::Vault::StepUpTarget target;
    const auto only = [&](std::initializer_list<const char*> keys) -> Status {
        for (auto it = arguments.constBegin(); it != arguments.constEnd(); ++it) {
            bool known = false;
            for (const char* key : keys)
                known = known || it.key() == QLatin1String(key);
            if (!known)
                return invalid("unknown step-up argument");
        }
        for (const char* key : keys)
            if (!arguments.contains(QLatin1String(key)))
                return invalid(std::string("step-up argument missing: ") + key);
        return okStatus();
    };
    if (operation == QLatin1String("reveal_number")) {
        MAMORI_TRY(only({"subjectId"}));
        MAMORI_ASSIGN_OR_RETURN(const QString subject,
                                stringOf(arguments.value(QStringLiteral("subjectId")), "subjectId"));
        target.operation = vault::Operation::RevealNumber;
        MAMORI_ASSIGN_OR_RETURN(const vault::SubjectId id, checkSubjectId(subject));
        target.spec.subjects.push_back(id);
    } else if (operation == QLatin1String("approve_disposal") || operation == QLatin1String("approve_export")) {
        MAMORI_TRY(only({"request"}));
        MAMORI_ASSIGN_OR_RETURN(target.requestId, longOf(arguments.value(QStringLiteral("request")), "request"));
        if (target.requestId <= 0)
            return invalid("request ids start at 1");
        target.operation = operation == QLatin1String("approve_disposal") ? vault::Operation::ApproveDisposal
                                                                          : vault::Operation::ApproveExport;
    } else if (operation == QLatin1String("export") || operation == QLatin1String("provide")) {
        MAMORI_TRY(only({"subjects", "destination"}));
        const QVariant subjects = arguments.value(QStringLiteral("subjects"));
        if (subjects.metaType().id() != QMetaType::QStringList)
            return invalid("subjects must be an array of strings");
        MAMORI_ASSIGN_OR_RETURN(const QString destination,
                                stringOf(arguments.value(QStringLiteral("destination")), "destination"));
        target.operation = operation == QLatin1String("export") ? vault::Operation::Export : vault::Operation::Provide;
        MAMORI_ASSIGN_OR_RETURN(target.spec, checkExportSpec(target.operation, subjects.toStringList(), destination));
    } else if (operation == QLatin1String("restore")) {
        MAMORI_TRY(only({"backupSha256", "replaceNewer"}));
        MAMORI_ASSIGN_OR_RETURN(const QString digest,
                                stringOf(arguments.value(QStringLiteral("backupSha256")), "backupSha256"));
        if (!checkCardId(digest).ok()) // the same form: 64 lowercase hex digits
            return invalid("backupSha256 must be 64 lowercase hex digits");
        const QVariant replace = arguments.value(QStringLiteral("replaceNewer"));
        if (replace.metaType().id() != QMetaType::Bool)
            return invalid("replaceNewer must be a boolean");
        target.operation = vault::Operation::Restore;
        target.backupSha256Hex = digest.toStdString();
        target.replaceNewer = replace.toBool();
    } else {
        return invalid("no step-up for this operation");
    }
    return target;
}

Result<vault::AuditQuery> checkAuditQuery(const QVariantMap& query)
{
    if (query.size() > 8)
        return Error(ErrorCode::TooLarge, "too many query keys");
    vault::AuditQuery parsed;
    for (auto it = query.constBegin(); it != query.constEnd(); ++it) {
        const QString& key = it.key();
        const QVariant& value = it.value();
        if (key == QLatin1String("userId")) {
            MAMORI_ASSIGN_OR_RETURN(parsed.userId, longOf(value, "userId"));
            if (parsed.userId < 0)
                return invalid("userId must not be negative");
        } else if (key == QLatin1String("action")) {
            MAMORI_ASSIGN_OR_RETURN(const QString action, stringOf(value, "action"));
            if (!action.isEmpty()) {
                MAMORI_ASSIGN_OR_RETURN(parsed.action, codeOf(action, 32, "action"));
            }
        } else if (key == QLatin1String("subjectCode")) {
            MAMORI_ASSIGN_OR_RETURN(const QString code, stringOf(value, "subjectCode"));
            if (!code.isEmpty()) {
                MAMORI_ASSIGN_OR_RETURN(parsed.subjectCode, checkText(code, vault::kMaxCodeBytes, "subjectCode"));
            }
        } else if (key == QLatin1String("fromMs") || key == QLatin1String("toMs")) {
            MAMORI_ASSIGN_OR_RETURN(const qlonglong ms, longOf(value, "fromMs/toMs"));
            if (ms < 0)
                return invalid("times are not negative");
            (key == QLatin1String("fromMs") ? parsed.fromMs : parsed.toMs) = ms;
        } else if (key == QLatin1String("beforeSequence")) {
            if (value.metaType().id() != QMetaType::ULongLong)
                return invalid("beforeSequence must be a uint64");
            parsed.beforeSequence = value.toULongLong();
        } else if (key == QLatin1String("limit")) {
            if (value.metaType().id() != QMetaType::Int)
                return invalid("limit must be an int32");
            parsed.limit = value.toInt();
            if (parsed.limit < 1 || parsed.limit > 500)
                return invalid("limit must be 1-500");
        } else {
            return invalid("unknown query key");
        }
    }
    return parsed;
}

Result<vault::DocumentRecord> checkDocument(const QVariantMap& document)
{
    if (document.size() > 5)
        return Error(ErrorCode::TooLarge, "too many document keys");
    vault::DocumentRecord record;
    for (auto it = document.constBegin(); it != document.constEnd(); ++it) {
        const QString& key = it.key();
        const QVariant& value = it.value();
        if (key == QLatin1String("ruleCode")) {
            MAMORI_ASSIGN_OR_RETURN(const QString code, stringOf(value, "ruleCode"));
            MAMORI_ASSIGN_OR_RETURN(record.ruleCode, codeOf(code, 64, "ruleCode"));
        } else if (key == QLatin1String("taxYear")) {
            if (value.metaType().id() != QMetaType::Int)
                return invalid("taxYear must be an int32");
            if (value.toInt() < 1990 || value.toInt() > 2200)
                return invalid("taxYear out of range");
            record.taxYear = value.toInt();
        } else if (key == QLatin1String("deadline")) {
            MAMORI_ASSIGN_OR_RETURN(record.deadline, optionalDate(value, "deadline"));
        } else if (key == QLatin1String("filed")) {
            MAMORI_ASSIGN_OR_RETURN(record.filed, optionalDate(value, "filed"));
        } else if (key == QLatin1String("completed")) {
            MAMORI_ASSIGN_OR_RETURN(record.completed, optionalDate(value, "completed"));
        } else {
            return invalid("unknown document key");
        }
    }
    if (record.ruleCode.empty())
        return invalid("a document names its retention rule (ruleCode)");
    return record;
}

} // namespace mamori::vaultd

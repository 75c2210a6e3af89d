// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vaultd/argument_checks.h"

#include "services/common/utf8.h"

#include "services/vault/subject_kind.h"

#include <QMetaType>

#include <sodium.h>

namespace mamori::vaultd {
namespace {

bool isLowerHex(const QString& text, qsizetype length)
{
    if (text.size() != length)
        return false;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!((u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f')))
            return false;
    }
    return true;
}

// A personal field as PersonalText, with the intermediate UTF-8 copy wiped.
PersonalText personalOf(const QString& value)
{
    QByteArray utf8 = value.toUtf8();
    PersonalText text(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
    sodium_memzero(utf8.data(), static_cast<std::size_t>(utf8.size()));
    return text;
}

Error invalid(const char* what) { return Error(ErrorCode::InvalidArgument, what); }

Result<std::string> queryText(const QVariant& value, const char* name)
{
    if (value.metaType().id() != QMetaType::QString)
        return Error(ErrorCode::InvalidArgument, std::string(name) + " must be a string");
    const QString text = value.toString();
    if (text.size() > kMaxQueryText)
        return Error(ErrorCode::TooLarge, std::string(name) + " is too long");
    std::string utf8 = text.toStdString();
    if (!isPrintableUtf8(utf8))
        return Error(ErrorCode::InvalidArgument, std::string(name) + " holds control characters");
    return utf8;
}

} // namespace

Result<std::string> checkCardId(const QString& cardId)
{
    if (!isLowerHex(cardId, 64))
        return invalid("card id must be 64 lowercase hex digits");
    return cardId.toStdString();
}

Result<vault::SubjectId> checkSubjectId(const QString& subjectId)
{
    if (!isLowerHex(subjectId, 32))
        return invalid("subject id must be 32 lowercase hex digits");
    return vault::SubjectId::fromHex(subjectId.toStdString());
}

Status checkSignature(const QByteArray& signature)
{
    if (signature.isEmpty())
        return invalid("empty signature");
    if (signature.size() > kMaxSignatureBytes)
        return Error(ErrorCode::TooLarge, "signature larger than 1024 bytes");
    return okStatus();
}

Status checkStepUp(const QByteArray& nonce, const QByteArray& signature)
{
    if (nonce.size() != kNonceBytes)
        return invalid("a nonce is 32 bytes");
    return checkSignature(signature);
}

Result<std::string> checkPurpose(const QString& purpose)
{
    if (purpose.isEmpty() || purpose.size() > 64)
        return invalid("purpose must be 1-64 characters");
    for (const QChar c : purpose) {
        const char16_t u = c.unicode();
        if (!((u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'_' || u == u'-'))
            return invalid("purpose must be [a-z0-9_-]");
    }
    return purpose.toStdString();
}

Result<vault::ListQuery> checkListQuery(const QVariantMap& query)
{
    if (query.size() > 8)
        return Error(ErrorCode::TooLarge, "too many query keys");
    vault::ListQuery parsed;
    for (auto it = query.constBegin(); it != query.constEnd(); ++it) {
        const QString& key = it.key();
        const QVariant& value = it.value();
        if (key == QLatin1String("codePrefix")) {
            MAMORI_ASSIGN_OR_RETURN(parsed.codePrefix, queryText(value, "codePrefix"));
        } else if (key == QLatin1String("kanaPrefix")) {
            MAMORI_ASSIGN_OR_RETURN(parsed.kanaPrefix, queryText(value, "kanaPrefix"));
        } else if (key == QLatin1String("afterCode")) {
            MAMORI_ASSIGN_OR_RETURN(parsed.afterCode, queryText(value, "afterCode"));
        } else if (key == QLatin1String("missingNumber") || key == QLatin1String("missingVerification")) {
            if (value.metaType().id() != QMetaType::Bool)
                return invalid("missingNumber/missingVerification must be booleans");
            (key == QLatin1String("missingNumber") ? parsed.missingNumber : parsed.missingVerification) =
                value.toBool();
        } else if (key == QLatin1String("limit")) {
            if (value.metaType().id() != QMetaType::Int)
                return invalid("limit must be an int32");
            const int limit = value.toInt();
            if (limit < 1 || limit > kMaxPageSize)
                return invalid("limit must be 1-200");
            parsed.limit = limit;
        } else if (key == QLatin1String("offset")) {
            if (value.metaType().id() != QMetaType::LongLong)
                return invalid("offset must be an int64");
            const qlonglong offset = value.toLongLong();
            if (offset < 0 || offset > 100'000'000)
                return invalid("offset out of range");
            parsed.offset = offset;
        } else {
            return invalid("unknown query key");
        }
    }
    return parsed;
}

Result<std::string> checkText(const QString& text, std::size_t maxBytes, const char* what)
{
    std::string utf8 = text.toStdString();
    if (utf8.empty())
        return Error(ErrorCode::InvalidArgument, std::string(what) + " is empty");
    if (utf8.size() > maxBytes)
        return Error(ErrorCode::TooLarge, std::string(what) + " is too long");
    if (!isPrintableUtf8(utf8))
        return Error(ErrorCode::InvalidArgument, std::string(what) + " holds control characters");
    return utf8;
}

Result<std::chrono::year_month_day> checkDate(const QString& date)
{
    if (date.size() != 10 || date[4] != QLatin1Char('-') || date[7] != QLatin1Char('-'))
        return invalid("a date is YYYY-MM-DD");
    bool yearOk = false;
    bool monthOk = false;
    bool dayOk = false;
    const int year = date.left(4).toInt(&yearOk);
    const auto month = date.mid(5, 2).toUInt(&monthOk);
    const auto day = date.mid(8, 2).toUInt(&dayOk);
    const std::chrono::year_month_day parsed{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    if (!yearOk || !monthOk || !dayOk || !parsed.ok() || year < 1900 || year > 2200)
        return invalid("not a calendar date");
    return parsed;
}

Result<vault::NewSubject> checkNewSubject(const QVariantMap& subject)
{
    if (subject.size() > 8)
        return Error(ErrorCode::TooLarge, "too many subject keys");
    vault::NewSubject parsed;
    bool named = false;
    for (auto it = subject.constBegin(); it != subject.constEnd(); ++it) {
        const QString& key = it.key();
        if (it.value().metaType().id() != QMetaType::QString)
            return invalid("subject fields are strings");
        const QString value = it.value().toString();
        if (key == QLatin1String("kind")) {
            const auto kind = vault::subjectKindFromName(value.toStdString());
            if (!kind)
                return invalid("kind must be employee, dependent, spouse or payee");
            parsed.kind = *kind;
        } else if (key == QLatin1String("code")) {
            MAMORI_ASSIGN_OR_RETURN(parsed.code, checkText(value, vault::kMaxCodeBytes, "code"));
        } else if (key == QLatin1String("parent")) {
            MAMORI_ASSIGN_OR_RETURN(parsed.parent, checkSubjectId(value));
        } else if (key == QLatin1String("department")) {
            MAMORI_ASSIGN_OR_RETURN(parsed.department, checkText(value, vault::kMaxDepartmentBytes, "department"));
        } else if (key == QLatin1String("name")) {
            MAMORI_ASSIGN_OR_RETURN(std::string name, checkText(value, vault::kMaxNameBytes, "name"));
            parsed.name = PersonalText(name);
            sodium_memzero(name.data(), name.size());
            named = true;
        } else if (key == QLatin1String("nameKana")) {
            MAMORI_ASSIGN_OR_RETURN(std::string kana, checkText(value, vault::kMaxNameBytes, "nameKana"));
            parsed.nameKana = PersonalText(kana);
            sodium_memzero(kana.data(), kana.size());
        } else if (key == QLatin1String("birthDate")) {
            MAMORI_TRY(checkDate(value));
            parsed.birthDate = personalOf(value);
        } else if (key == QLatin1String("address")) {
            MAMORI_ASSIGN_OR_RETURN(std::string address, checkText(value, vault::kMaxAddressBytes, "address"));
            parsed.address = PersonalText(address);
            sodium_memzero(address.data(), address.size());
        } else {
            return invalid("unknown subject key");
        }
    }
    if (!named)
        return invalid("a subject needs a name");
    return parsed;
}

Result<vault::SubjectEdit> checkSubjectEdit(const QVariantMap& edit)
{
    if (edit.isEmpty())
        return invalid("nothing to edit");
    if (edit.size() > 7)
        return Error(ErrorCode::TooLarge, "too many edit keys");
    vault::SubjectEdit parsed;
    for (auto it = edit.constBegin(); it != edit.constEnd(); ++it) {
        const QString& key = it.key();
        if (it.value().metaType().id() != QMetaType::QString)
            return invalid("edit fields are strings");
        const QString value = it.value().toString();
        const auto personal = [&](std::size_t maxBytes, const char* what) -> Result<PersonalText> {
            MAMORI_ASSIGN_OR_RETURN(std::string text, checkText(value, maxBytes, what));
            PersonalText result(text);
            sodium_memzero(text.data(), text.size());
            return result;
        };
        if (key == QLatin1String("name")) {
            MAMORI_ASSIGN_OR_RETURN(parsed.name, personal(vault::kMaxNameBytes, "name"));
        } else if (key == QLatin1String("nameKana")) {
            MAMORI_ASSIGN_OR_RETURN(parsed.nameKana, personal(vault::kMaxNameBytes, "nameKana"));
        } else if (key == QLatin1String("address")) {
            MAMORI_ASSIGN_OR_RETURN(parsed.address, personal(vault::kMaxAddressBytes, "address"));
        } else if (key == QLatin1String("birthDate")) {
            MAMORI_TRY(checkDate(value));
            parsed.birthDate = personalOf(value);
        } else if (key == QLatin1String("department")) {
            MAMORI_ASSIGN_OR_RETURN(parsed.department, checkText(value, vault::kMaxDepartmentBytes, "department"));
        } else if (key == QLatin1String("status")) {
            const auto status = vault::subjectStatusFromName(value.toStdString());
            if (!status)
                return invalid("status must be active, left or ended");
            parsed.status = *status;
        } else if (key == QLatin1String("statusDate")) {
            MAMORI_ASSIGN_OR_RETURN(parsed.statusDate, checkDate(value));
        } else {
            return invalid("unknown edit key");
        }
    }
    return parsed;
}

Result<std::set<vault::Role>> checkRoles(const QStringList& roles)
{
    if (roles.isEmpty() || roles.size() > 4)
        return invalid("1 to 4 roles");
    std::set<vault::Role> parsed;
    for (const QString& name : roles) {
        const auto role = vault::roleFromName(name.toStdString());
        if (!role || !parsed.insert(*role).second)
            return invalid("unknown or repeated role");
    }
    return parsed;
}

Result<std::set<std::string>> checkDepartments(const QStringList& departments)
{
    if (departments.size() > 64)
        return Error(ErrorCode::TooLarge, "too many departments");
    std::set<std::string> parsed;
    for (const QString& department : departments) {
        MAMORI_ASSIGN_OR_RETURN(std::string code, checkText(department, vault::kMaxDepartmentBytes, "department"));
        if (!parsed.insert(std::move(code)).second)
            return invalid("repeated department");
    }
    return parsed;
}

} // namespace mamori::vaultd

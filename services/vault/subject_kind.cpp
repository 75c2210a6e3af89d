// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/subject_kind.h"

namespace mamori::vault {

std::string_view subjectKindName(SubjectKind kind) noexcept
{
    switch (kind) {
    case SubjectKind::Employee:
        return "employee";
    case SubjectKind::Dependent:
        return "dependent";
    case SubjectKind::Spouse:
        return "spouse";
    case SubjectKind::Payee:
        return "payee";
    }
    return "employee";
}

std::optional<SubjectKind> subjectKindFromName(std::string_view name) noexcept
{
    for (auto kind : {SubjectKind::Employee, SubjectKind::Dependent, SubjectKind::Spouse, SubjectKind::Payee})
        if (subjectKindName(kind) == name)
            return kind;
    return std::nullopt;
}

std::string_view subjectStatusName(SubjectStatus status) noexcept
{
    switch (status) {
    case SubjectStatus::Active:
        return "active";
    case SubjectStatus::Left:
        return "left";
    case SubjectStatus::Ended:
        return "ended";
    }
    return "active";
}

std::optional<SubjectStatus> subjectStatusFromName(std::string_view name) noexcept
{
    for (auto status : {SubjectStatus::Active, SubjectStatus::Left, SubjectStatus::Ended})
        if (subjectStatusName(status) == name)
            return status;
    return std::nullopt;
}

} // namespace mamori::vault

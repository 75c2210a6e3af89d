// SPDX-License-Identifier: GPL-3.0-or-later
// Names the kiosk shows instead of codes: purposes, the signed-in user's display name and their
// departments. None of it is personal data of a subject, so reading it is not an audited act; it
// still needs a session (the daemon checks that the connection holds one).

#include "services/vault/vault_internal.h"

namespace mamori::vault {

Result<std::vector<PurposeInfo>> Vault::purposes(const SessionContext& session)
{
    if (session.roles.empty())
        return Error(ErrorCode::PermissionDenied, "no role");
    MAMORI_ASSIGN_OR_RETURN(auto select,
                            m_statements.get("SELECT code, name_ja, numbers_allowed FROM purposes ORDER BY code"));
    std::vector<PurposeInfo> list;
    for (;;) {
        MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
        if (!row)
            break;
        list.push_back(PurposeInfo{std::string(select.columnText(0)), std::string(select.columnText(1)),
                                   select.columnInt(2) != 0});
    }
    return list;
}

Result<SessionDirectory> Vault::sessionDirectory(const SessionContext& session)
{
    SessionDirectory directory;
    MAMORI_ASSIGN_OR_RETURN(auto user, m_statements.get("SELECT display_name FROM users WHERE id = ?"));
    user.bind(1, session.userId);
    MAMORI_ASSIGN_OR_RETURN(const bool found, user.step());
    if (!found)
        return Error(ErrorCode::NotFound, "no such user");
    directory.displayName = std::string(user.columnText(0));
    MAMORI_ASSIGN_OR_RETURN(auto department, m_statements.get("SELECT name FROM departments WHERE code = ?"));
    for (const std::string& code : session.departments) {
        department.reset();
        department.bind(1, code);
        MAMORI_ASSIGN_OR_RETURN(const bool known, department.step());
        directory.departments.emplace_back(code, known ? std::string(department.columnText(0)) : code);
    }
    return directory;
}

} // namespace mamori::vault

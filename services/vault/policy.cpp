// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/policy.h"

#include <algorithm>
#include <array>

namespace mamori::vault {
namespace {

enum RoleBit : std::uint8_t {
    kClerk = 1u << 0,
    kOfficer = 1u << 1,
    kAdmin = 1u << 2,
    kProvisioner = 1u << 3,
};

struct Rule {
    Operation operation;
    std::string_view name;
    std::uint8_t roles;   // RoleBit mask of who may
    bool subject;         // touches one subject (or a list of them)
    bool clerkScoped;     // a clerk only within their departments
    bool purposeRequired; // the call names a purpose notified to the subject
    bool stepUp;          // a fresh card signature over the operation
};

// The whole policy. Officers see subjects of every department (they approve disposals and review
// activity) but neither reveal nor register numbers unless they also hold the clerk role.
// Administrators and provisioners never touch a subject.
constexpr std::array kRules{
    // Lists and searches span many subjects: the vault's query applies the clerk's departments.
    Rule{Operation::ListSubjects, "list_subjects", kClerk | kOfficer, false, false, false, false},
    Rule{Operation::SearchSubjects, "search_subjects", kClerk | kOfficer, false, false, false, false},
    Rule{Operation::ViewSubject, "view_subject", kClerk | kOfficer, true, true, false, false},
    Rule{Operation::RevealNumber, "reveal_number", kClerk, true, true, true, true},
    Rule{Operation::RegisterSubject, "register_subject", kClerk, true, true, false, false},
    Rule{Operation::EditSubject, "edit_subject", kClerk, true, true, false, false},
    Rule{Operation::RegisterNumber, "register_number", kClerk, true, true, true, false},
    Rule{Operation::RecordVerification, "record_verification", kClerk, true, true, false, false},
    Rule{Operation::RecordDocument, "record_document", kClerk, true, true, true, false},
    Rule{Operation::Import, "import", kClerk, false, false, false, false},
    Rule{Operation::Export, "export", kClerk, true, true, true, true},
    Rule{Operation::Provide, "provide", kClerk, true, true, true, true},
    Rule{Operation::ViewDueList, "view_due_list", kClerk | kOfficer, false, false, false, false},
    Rule{Operation::RequestDisposal, "request_disposal", kClerk, true, true, false, false},
    Rule{Operation::ApproveDisposal, "approve_disposal", kOfficer, true, false, false, true},
    Rule{Operation::ExecuteDisposal, "execute_disposal", kClerk | kOfficer, true, true, false, false},
    Rule{Operation::ReviewActivity, "review_activity", kOfficer, false, false, false, false},
    Rule{Operation::QueryAudit, "query_audit", kAdmin | kOfficer, false, false, false, false},
    Rule{Operation::ExportAuditBundle, "export_audit_bundle", kAdmin, false, false, false, false},
    Rule{Operation::EnrolCard, "enrol_card", kAdmin | kProvisioner, false, false, false, false},
    Rule{Operation::RevokeCard, "revoke_card", kAdmin, false, false, false, false},
    Rule{Operation::Backup, "backup", kAdmin, false, false, false, false},
    Rule{Operation::Restore, "restore", kAdmin, false, false, false, true},
    Rule{Operation::ConfigureDevice, "configure_device", kAdmin | kProvisioner, false, false, false, false},
    Rule{Operation::ApproveExport, "approve_export", kOfficer, false, false, false, true},
    Rule{Operation::QueryDestinations, "query_destinations", kClerk | kOfficer, false, false, false, false},
    // Officers too: they review activity clerk by clerk (取扱状況の確認).
    Rule{Operation::ListCards, "list_cards", kAdmin | kOfficer | kProvisioner, false, false, false, false},
    // No card holder does these: the daemon performs them for its own services, which it
    // recognises by their user id (mamori-vaultd --log-user, --courier-user).
    Rule{Operation::PullAuditLog, "pull_audit_log", 0, false, false, false, false},
    Rule{Operation::ReportDelivery, "report_delivery", 0, false, false, false, false},
};

const Rule& ruleFor(Operation operation)
{
    const auto index = static_cast<std::size_t>(operation);
    // kRules is in enum order; tst_policy checks it, this keeps a mistake from reading out of bounds.
    if (index < kRules.size() && kRules[index].operation == operation)
        return kRules[index];
    return *std::find_if(kRules.begin(), kRules.end(), [&](const Rule& r) { return r.operation == operation; });
}

std::uint8_t bitFor(Role role)
{
    switch (role) {
    case Role::Clerk:
        return kClerk;
    case Role::Officer:
        return kOfficer;
    case Role::Admin:
        return kAdmin;
    case Role::Provisioner:
        return kProvisioner;
    }
    return 0;
}

} // namespace

std::string_view roleName(Role role) noexcept
{
    switch (role) {
    case Role::Clerk:
        return "clerk";
    case Role::Officer:
        return "officer";
    case Role::Admin:
        return "admin";
    case Role::Provisioner:
        return "provisioner";
    }
    return "unknown";
}

std::optional<Role> roleFromName(std::string_view name) noexcept
{
    for (Role role : {Role::Clerk, Role::Officer, Role::Admin, Role::Provisioner})
        if (roleName(role) == name)
            return role;
    return std::nullopt;
}

std::string_view operationName(Operation operation) noexcept { return ruleFor(operation).name; }

bool roleMayPerform(Role role, Operation operation) noexcept { return (ruleFor(operation).roles & bitFor(role)) != 0; }

bool isSubjectOperation(Operation operation) noexcept { return ruleFor(operation).subject; }

bool needsStepUp(Operation operation) noexcept { return ruleFor(operation).stepUp; }

Status authorize(const SessionContext& session, Operation operation, const SubjectScope* subject)
{
    const Rule& rule = ruleFor(operation);
    std::uint8_t held = 0;
    for (Role role : session.roles)
        held |= bitFor(role);
    if ((held & rule.roles) == 0)
        return Error(ErrorCode::PermissionDenied, "no role of the session may " + std::string(rule.name));

    if (!subject)
        return rule.subject && (rule.clerkScoped || rule.purposeRequired)
                   ? Status(Error(ErrorCode::Internal, std::string(rule.name) + " without a subject scope"))
                   : okStatus();

    // A clerk acting without a wider role is held to their departments.
    const bool widerRole = (held & rule.roles & ~kClerk) != 0;
    if (rule.clerkScoped && !widerRole && session.departments.count(subject->department) == 0)
        return Error(ErrorCode::PermissionDenied, "subject outside the clerk's departments");

    if (rule.purposeRequired) {
        if (session.purpose.empty())
            return Error(ErrorCode::PermissionDenied, std::string(rule.name) + " without a purpose");
        const auto& purposes = subject->notifiedPurposes;
        if (std::find(purposes.begin(), purposes.end(), session.purpose) == purposes.end())
            return Error(ErrorCode::PermissionDenied, "purpose not notified to the subject");
    }
    return okStatus();
}

} // namespace mamori::vault

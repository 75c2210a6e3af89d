// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Access policy (DESIGN §2, PPC guideline's access control): roles × departments × purposes.
// Enforced here, in the vault library, for every call; the UI's view of what is allowed is only a
// convenience. One table (kRules in policy.cpp) says, per operation, which roles may do it, whether
// a clerk is limited to their departments, and whether the call must name a purpose that was
// notified to the subject. Every refusal is returned as PermissionDenied with a context that says
// which rule refused; the vault writes it to the audit log.

#include "services/common/result.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::vault {

enum class Role : std::uint8_t { Clerk, Officer, Admin, Provisioner };

enum class Operation : std::uint8_t {
    ListSubjects,    // paginated list, masked
    SearchSubjects,  // by employee code, kana prefix or exact number
    ViewSubject,     // detail: decrypted personal fields, number masked
    RevealNumber,    // step-up
    RegisterSubject, // create a subject (employee, dependent, payee)
    EditSubject,     // personal fields, status (left / ended)
    RegisterNumber,  // store or replace the number
    RecordVerification,
    RecordDocument,
    Import,
    Export,  // step-up
    Provide, // step-up
    ViewDueList,
    RequestDisposal,
    ApproveDisposal, // step-up, officer, a card other than the requester's
    ExecuteDisposal,
    ReviewActivity, // the officer's view of the audit log
    QueryAudit,     // the administrator's audit log viewer
    ExportAuditBundle,
    EnrolCard,
    RevokeCard,
    Backup,
    Restore,
    ConfigureDevice,
    ApproveExport,     // step-up, officer: a bulk export or provision above the threshold
    QueryDestinations, // the destinations an export may name (any role with a session)
    ListCards,         // the enrolled cards with their users (administrator, officer, provisioner)
    PullAuditLog,      // mamori-logd: a signed bundle for the administrator's pull (no role: the system)
    ReportDelivery,    // mamori-courier: what became of a provision (no role: the system)
};

std::string_view roleName(Role role) noexcept;
std::optional<Role> roleFromName(std::string_view name) noexcept;
std::string_view operationName(Operation operation) noexcept;

// Who is calling: established by the login protocol (card signature verified by the vault).
struct SessionContext {
    std::int64_t userId = 0;
    std::string cardId; // lowercase hex SHA-256 of the card's SPKI
    std::set<Role> roles;
    std::set<std::string> departments; // a clerk's scope
    std::string purpose;               // the purpose this use names (purposes table code), if any

    bool hasRole(Role role) const { return roles.count(role) != 0; }
};

// What the policy needs to know of the subject an operation touches.
struct SubjectScope {
    std::string department;
    std::vector<std::string> notifiedPurposes;
};

// Whether `session` may perform `operation` (on `subject`, for subject operations).
Status authorize(const SessionContext& session, Operation operation, const SubjectScope* subject = nullptr);

// Whether `role` may perform `operation` at all (before departments and purposes).
bool roleMayPerform(Role role, Operation operation) noexcept;
// Whether the operation touches a subject (then authorize() needs a SubjectScope).
bool isSubjectOperation(Operation operation) noexcept;
// Whether the operation needs a fresh card signature over the operation (step-up).
bool needsStepUp(Operation operation) noexcept;

} // namespace mamori::vault

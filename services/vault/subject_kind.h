// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The kind and status of a subject (DESIGN §3), shared by the store, the import and the retention
// rules. Wire names are those of the subjects table.

#include <cstdint>
#include <optional>
#include <string_view>

namespace mamori::vault {

enum class SubjectKind : std::uint8_t { Employee, Dependent, Spouse, Payee };
enum class SubjectStatus : std::uint8_t { Active, Left, Ended };

// "employee", "dependent", "spouse", "payee".
std::string_view subjectKindName(SubjectKind kind) noexcept;
std::optional<SubjectKind> subjectKindFromName(std::string_view name) noexcept;
// "active", "left", "ended".
std::string_view subjectStatusName(SubjectStatus status) noexcept;
std::optional<SubjectStatus> subjectStatusFromName(std::string_view name) noexcept;

} // namespace mamori::vault

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/vault_schema.h"

#include <array>
#include <string>

namespace mamori::vault {
namespace {

// Version 1: the data model of DESIGN §3.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE departments (
    code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32),
    name TEXT NOT NULL CHECK (length(name) <= 256)
) WITHOUT ROWID;

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 128),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_ms INTEGER NOT NULL
);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('clerk', 'officer', 'admin', 'provisioner')),
    PRIMARY KEY (user_id, role)
) WITHOUT ROWID;

CREATE TABLE user_departments (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    department TEXT NOT NULL REFERENCES departments(code),
    PRIMARY KEY (user_id, department)
) WITHOUT ROWID;

CREATE TABLE cards (
    spki_sha256 BLOB PRIMARY KEY CHECK (length(spki_sha256) = 32),
    user_id INTEGER NOT NULL REFERENCES users(id),
    certificate BLOB NOT NULL CHECK (length(certificate) <= 16384),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    enrolled_ms INTEGER NOT NULL,
    revoked_ms INTEGER
) WITHOUT ROWID;

CREATE TABLE subjects (
    id BLOB PRIMARY KEY CHECK (length(id) = 16),
    code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    kind TEXT NOT NULL CHECK (kind IN ('employee', 'dependent', 'spouse', 'payee')),
    parent_id BLOB REFERENCES subjects(id),
    department TEXT REFERENCES departments(code),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left', 'ended')),
    status_date TEXT,
    wrapped_key BLOB NOT NULL,
    name BLOB,
    name_kana BLOB,
    birth_date BLOB,
    address BLOB,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    CHECK ((kind IN ('dependent', 'spouse')) = (parent_id IS NOT NULL))
) WITHOUT ROWID;
CREATE INDEX subjects_by_department ON subjects(department, code);
CREATE INDEX subjects_by_parent ON subjects(parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE numbers (
    subject_id BLOB PRIMARY KEY REFERENCES subjects(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('individual', 'corporate')),
    ciphertext BLOB NOT NULL,
    registered_ms INTEGER NOT NULL,
    registered_by INTEGER REFERENCES users(id)
) WITHOUT ROWID;

CREATE TABLE number_index (
    blind BLOB PRIMARY KEY CHECK (length(blind) = 16),
    subject_id BLOB NOT NULL UNIQUE REFERENCES subjects(id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE verifications (
    id INTEGER PRIMARY KEY,
    subject_id BLOB NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    method TEXT NOT NULL CHECK (method IN ('my_number_card', 'notification_card_photo_id',
        'notification_card_two_ids', 'resident_record_photo_id', 'resident_record_two_ids', 'proxy')),
    documents TEXT NOT NULL CHECK (length(documents) <= 512),
    verified_by INTEGER NOT NULL REFERENCES users(id),
    verified_ms INTEGER NOT NULL
);
CREATE INDEX verifications_by_subject ON verifications(subject_id);

CREATE TABLE purposes (
    code TEXT PRIMARY KEY,
    name_ja TEXT NOT NULL,
    numbers_allowed INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

CREATE TABLE subject_purposes (
    subject_id BLOB NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL REFERENCES purposes(code),
    notified_date TEXT NOT NULL,
    PRIMARY KEY (subject_id, purpose)
) WITHOUT ROWID;

CREATE TABLE retention_rules (
    code TEXT PRIMARY KEY,
    definition TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    subject_id BLOB NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    rule_code TEXT NOT NULL REFERENCES retention_rules(code),
    tax_year INTEGER,
    filed_date TEXT,
    completed_date TEXT,
    created_ms INTEGER NOT NULL
);
CREATE INDEX documents_by_subject ON documents(subject_id);

CREATE TABLE disposal_requests (
    id INTEGER PRIMARY KEY,
    subject_id BLOB NOT NULL,
    subject_code TEXT NOT NULL,
    requested_by INTEGER NOT NULL REFERENCES users(id),
    requested_card BLOB NOT NULL,
    requested_ms INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'executed', 'rejected')),
    approved_by INTEGER REFERENCES users(id),
    approved_card BLOB,
    approval_signature BLOB,
    approved_ms INTEGER,
    executed_ms INTEGER
);

CREATE TABLE disposal_certificates (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL UNIQUE REFERENCES disposal_requests(id),
    body BLOB NOT NULL,
    signature BLOB NOT NULL
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE audit_entries (
    seq INTEGER PRIMARY KEY,
    time_ms INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_code TEXT,
    encoded BLOB NOT NULL,
    hash BLOB NOT NULL CHECK (length(hash) = 32)
);
CREATE INDEX audit_by_actor ON audit_entries(actor, seq);
CREATE INDEX audit_by_action ON audit_entries(action, seq);

CREATE TABLE audit_checkpoints (
    seq INTEGER PRIMARY KEY,
    encoded BLOB NOT NULL
);
)sql";

// Version 2: name search by kana prefix over keyed hashes (vault_crypto.h, nameSearchTerms), and
// the filing deadline of a document (retention rules that count from it).
constexpr std::string_view kVersion2 = R"sql(
CREATE TABLE name_search (
    term BLOB NOT NULL CHECK (length(term) = 16),
    subject_id BLOB NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    PRIMARY KEY (term, subject_id)
) WITHOUT ROWID;
CREATE INDEX name_search_by_subject ON name_search(subject_id);
ALTER TABLE documents ADD COLUMN deadline_date TEXT;
)sql";

// Version 3: the list in code order filtered by department reads only this index while it skips
// to a page (listSubjects).
constexpr std::string_view kVersion3 = R"sql(
CREATE INDEX subjects_by_code_department ON subjects(code, department);
)sql";

// Version 4: destinations of exports and provisions, and bulk exports awaiting an officer's
// approval (vault_export.cpp). `subjects` holds the 16-byte ids back to back, in payload order.
constexpr std::string_view kVersion4 = R"sql(
CREATE TABLE destinations (
    code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 64),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 256),
    kind TEXT NOT NULL CHECK (kind IN ('medium', 'endpoint')),
    purposes TEXT NOT NULL,
    numbers_allowed INTEGER NOT NULL CHECK (numbers_allowed IN (0, 1))
) WITHOUT ROWID;

CREATE TABLE export_requests (
    id INTEGER PRIMARY KEY,
    operation TEXT NOT NULL CHECK (operation IN ('export', 'provide')),
    destination TEXT NOT NULL REFERENCES destinations(code),
    purpose TEXT NOT NULL,
    subjects BLOB NOT NULL CHECK (length(subjects) % 16 = 0),
    requested_by INTEGER NOT NULL REFERENCES users(id),
    requested_card BLOB NOT NULL,
    requested_ms INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'executed')),
    approved_by INTEGER REFERENCES users(id),
    approved_card BLOB,
    approval_signature BLOB,
    approved_ms INTEGER,
    executed_ms INTEGER
);
)sql";

// Version 5: what mamori-courier reported of each provision (vault_services.cpp) — one row a
// provision, so that a report cannot be made twice.
constexpr std::string_view kVersion5 = R"sql(
CREATE TABLE deliveries (
    provide_seq INTEGER PRIMARY KEY,
    outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'failed', 'blocked', 'refused')),
    reported_ms INTEGER NOT NULL
);
)sql";

constexpr std::array<std::string_view, kSchemaVersion> kSteps{kVersion1, kVersion2, kVersion3, kVersion4, kVersion5};

// A table or index each version must have; a file claiming a version without it is damaged.
constexpr std::array<std::string_view, kSchemaVersion> kMarkerTable{
    "subjects", "name_search", "subjects_by_code_department", "export_requests", "deliveries"};

Status checkMarker(Database& db, std::uint32_t version)
{
    MAMORI_ASSIGN_OR_RETURN(auto statement,
                            db.prepare("SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'index') AND name = ?"));
    statement.bind(1, kMarkerTable[version - 1]);
    MAMORI_ASSIGN_OR_RETURN(const bool found, statement.step());
    if (!found)
        return Error(ErrorCode::StorageCorrupt, "schema version " + std::to_string(version) + " without its table " +
                                                    std::string(kMarkerTable[version - 1]));
    return okStatus();
}

} // namespace

std::span<const std::string_view> migrationSteps() { return kSteps; }

Result<std::uint32_t> schemaVersion(Database& db)
{
    MAMORI_ASSIGN_OR_RETURN(auto statement, db.prepare("PRAGMA user_version"));
    MAMORI_ASSIGN_OR_RETURN(const bool row, statement.step());
    if (!row)
        return Error(ErrorCode::StorageCorrupt, "no user_version");
    const std::int64_t version = statement.columnInt(0);
    if (version < 0)
        return Error(ErrorCode::StorageCorrupt, "negative schema version");
    return static_cast<std::uint32_t>(version);
}

Status migrateTo(Database& db, std::uint32_t target)
{
    MAMORI_ASSIGN_OR_RETURN(const std::uint32_t current, schemaVersion(db));
    if (current > kSchemaVersion)
        return Error(ErrorCode::StorageCorrupt, "database schema " + std::to_string(current) +
                                                    " is newer than this build (" + std::to_string(kSchemaVersion) +
                                                    ")");
    if (current > 0)
        MAMORI_TRY(checkMarker(db, current));
    for (std::uint32_t version = current + 1; version <= target && version <= kSchemaVersion; ++version) {
        MAMORI_ASSIGN_OR_RETURN(auto transaction, Transaction::begin(db));
        MAMORI_TRY(db.exec(kSteps[version - 1]));
        MAMORI_TRY(db.exec("PRAGMA user_version = " + std::to_string(version)));
        MAMORI_TRY(transaction.commit());
    }
    return okStatus();
}

Result<std::uint32_t> migrate(Database& db)
{
    MAMORI_ASSIGN_OR_RETURN(const std::uint32_t from, schemaVersion(db));
    MAMORI_TRY(migrateTo(db, kSchemaVersion));
    return from;
}

} // namespace mamori::vault

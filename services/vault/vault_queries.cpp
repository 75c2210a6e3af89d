// SPDX-License-Identifier: GPL-3.0-or-later
// Vault read operations: the paginated list, the detail view, lookup by number and the reveal.

#include "services/vault/card_signature.h"
#include "services/vault/vault_internal.h"

namespace mamori::vault {

namespace {

// The columns summaryFrom() reads, in order.
constexpr std::string_view kSummaryColumns =
    "s.id, s.code, s.kind, s.department, s.status, s.parent_id, s.wrapped_key, s.name, s.name_kana, "
    "EXISTS (SELECT 1 FROM numbers n WHERE n.subject_id = s.id), "
    "EXISTS (SELECT 1 FROM verifications v WHERE v.subject_id = s.id)";

// Departments as a JSON array for json_each(); codes are [A-Za-z0-9._-] only, so no escaping.
std::string departmentsJson(const std::set<std::string>& departments)
{
    std::string json = "[";
    for (const auto& d : departments) {
        if (json.size() > 1)
            json += ',';
        json += '"' + d + '"';
    }
    return json + "]";
}

std::size_t utf8Length(std::string_view text)
{
    std::size_t count = 0;
    for (char c : text)
        count += (static_cast<unsigned char>(c) & 0xc0) != 0x80 ? 1 : 0;
    return count;
}

} // namespace

Result<SubjectSummary> Vault::summaryFrom(Statement& row, bool decrypt)
{
    SubjectSummary summary;
    MAMORI_ASSIGN_OR_RETURN(summary.id, SubjectId::fromBytes(row.columnBlob(0)));
    summary.code = std::string(row.columnText(1));
    summary.kind = subjectKindFromName(row.columnText(2)).value_or(SubjectKind::Employee);
    summary.department = std::string(row.columnText(3));
    summary.status = subjectStatusFromName(row.columnText(4)).value_or(SubjectStatus::Active);
    if (!row.columnIsNull(5)) {
        MAMORI_ASSIGN_OR_RETURN(const SubjectId parent, SubjectId::fromBytes(row.columnBlob(5)));
        summary.parent = parent;
    }
    summary.hasNumber = row.columnInt(9) != 0;
    summary.hasVerification = row.columnInt(10) != 0;
    if (decrypt) {
        MAMORI_TRY(unwrapDataKeyInto(m_keys->keyEncryptionKey(), summary.id, row.columnBlob(6), m_scratchKey));
        auto name = decryptField(m_scratchKey, summary.id, "name", kFieldSchemaVersion, row.columnBlob(7));
        auto kana = decryptField(m_scratchKey, summary.id, "name_kana", kFieldSchemaVersion, row.columnBlob(8));
        m_scratchKey.wipe();
        if (!name.ok())
            return name.error();
        if (!kana.ok())
            return kana.error();
        summary.name = std::move(name).value();
        summary.nameKana = std::move(kana).value();
    }
    return summary;
}

Result<SubjectPage> Vault::listSubjects(const SessionContext& session, const ListQuery& query)
{
    if (query.limit < 1 || query.limit > 500 || query.offset < 0)
        return Error(ErrorCode::InvalidArgument, "page: limit 1-500, offset >= 0");
    if (query.codePrefix.size() > kMaxCodeBytes || query.kanaPrefix.size() > kMaxNameBytes)
        return Error(ErrorCode::TooLarge, "search prefix too long");

    return perform<SubjectPage>(
        &session, Operation::ListSubjects, "list", Target{},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<SubjectPage> {
            // Officers see every department; a clerk only theirs (policy.h).
            const bool scoped = !session.hasRole(Role::Officer);
            std::string where = " WHERE 1";
            if (scoped)
                where += " AND s.department IN (SELECT value FROM json_each(?1))";
            if (!query.codePrefix.empty())
                where += " AND s.code >= ?2 AND s.code < ?2 || char(1114111)";
            std::optional<BlindIndex> term;
            const bool longKana = utf8Length(normaliseKana(query.kanaPrefix)) > kMaxSearchPrefix;
            if (!query.kanaPrefix.empty()) {
                MAMORI_ASSIGN_OR_RETURN(term, nameSearchTerm(m_keys->nameSearchKey(), query.kanaPrefix));
                where += " AND s.id IN (SELECT subject_id FROM name_search WHERE term = ?3)";
            }
            if (query.missingNumber)
                where += " AND NOT EXISTS (SELECT 1 FROM numbers n WHERE n.subject_id = s.id)";
            if (query.missingVerification)
                where += " AND NOT EXISTS (SELECT 1 FROM verifications v WHERE v.subject_id = s.id)";
            // The count does not depend on the page; the main query adds the keyset bound.
            const std::string pageWhere = query.afterCode.empty() ? where : where + " AND s.code > ?6";

            const auto bindFilters = [&](Statement& statement) {
                if (scoped)
                    statement.bind(1, departmentsJson(session.departments));
                if (!query.codePrefix.empty())
                    statement.bind(2, query.codePrefix);
                if (term)
                    statement.bind(3, std::span<const std::uint8_t>(*term));
            };
            // Counts are cached until the next write: the same filters give the same total.
            std::string countKey = where + '|' + (scoped ? departmentsJson(session.departments) : "*") + '|' +
                                   query.codePrefix + '|' + (term ? hexOf(*term) : "");

            SubjectPage page;
            if (!longKana) {
                const auto cached = m_countCache.find(countKey);
                if (cached != m_countCache.end() && cached->second.first == m_writeGeneration) {
                    page.total = cached->second.second;
                } else {
                    MAMORI_ASSIGN_OR_RETURN(auto count, m_statements.get("SELECT count(*) FROM subjects s" + where));
                    bindFilters(count);
                    MAMORI_ASSIGN_OR_RETURN(const bool counted, count.step());
                    page.total = counted ? count.columnInt(0) : 0;
                    if (m_countCache.size() > 256)
                        m_countCache.clear();
                    m_countCache[countKey] = {m_writeGeneration, page.total};
                }
                // An offset is turned into a keyset bound first, by skipping through the (code,
                // department) index alone: SQLite would otherwise read every skipped row (a
                // WITHOUT ROWID table has no deferred seek). Then only the page's rows are read.
                std::string from = query.afterCode;
                bool inclusive = false;
                if (query.offset > 0) {
                    MAMORI_ASSIGN_OR_RETURN(auto skip,
                                            m_statements.get("SELECT s.code FROM subjects s INDEXED BY "
                                                             "subjects_by_code_department" +
                                                             pageWhere + " ORDER BY s.code LIMIT 1 OFFSET ?5"));
                    bindFilters(skip);
                    skip.bind(5, query.offset);
                    if (!query.afterCode.empty())
                        skip.bind(6, query.afterCode);
                    MAMORI_ASSIGN_OR_RETURN(const bool found, skip.step());
                    if (!found) {
                        draft.detail =
                            "list offset " + std::to_string(query.offset) + " count 0 of " + std::to_string(page.total);
                        return page;
                    }
                    from = std::string(skip.columnText(0));
                    inclusive = true;
                }
                std::string keyset = where;
                if (!from.empty())
                    keyset += inclusive ? " AND s.code >= ?6" : " AND s.code > ?6";
                MAMORI_ASSIGN_OR_RETURN(auto select,
                                        m_statements.get("SELECT " + std::string(kSummaryColumns) +
                                                         " FROM subjects s INDEXED BY subjects_by_code_department" +
                                                         keyset + " ORDER BY s.code LIMIT ?4"));
                bindFilters(select);
                select.bind(4, std::int64_t(query.limit));
                if (!from.empty())
                    select.bind(6, from);
                while (true) {
                    MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
                    if (!row)
                        break;
                    MAMORI_ASSIGN_OR_RETURN(SubjectSummary summary, summaryFrom(select, true));
                    page.items.push_back(std::move(summary));
                }
            } else {
                // Longer than the indexed prefix: the index narrows, decryption decides.
                const std::string wanted = normaliseKana(query.kanaPrefix);
                MAMORI_ASSIGN_OR_RETURN(auto select,
                                        m_statements.get("SELECT " + std::string(kSummaryColumns) + " FROM subjects s" +
                                                         where + " ORDER BY s.code LIMIT 10000"));
                bindFilters(select);
                std::int64_t matched = 0;
                while (true) {
                    MAMORI_ASSIGN_OR_RETURN(const bool row, select.step());
                    if (!row)
                        break;
                    MAMORI_ASSIGN_OR_RETURN(SubjectSummary summary, summaryFrom(select, true));
                    const std::string kana = normaliseKana(summary.nameKana.view());
                    if (kana.compare(0, wanted.size(), wanted) != 0)
                        continue;
                    if (matched >= query.offset && page.items.size() < std::size_t(query.limit))
                        page.items.push_back(std::move(summary));
                    ++matched;
                }
                page.total = matched;
            }
            draft.detail = "list offset " + std::to_string(query.offset) + " count " +
                           std::to_string(page.items.size()) + " of " + std::to_string(page.total);
            return page;
        });
}

Result<SubjectDetail> Vault::viewSubject(const SessionContext& session, const SubjectId& id)
{
    return perform<SubjectDetail>(
        &session, Operation::ViewSubject, "view", Target{&id, {}, {}},
        [&](AuditDraft&, const SubjectRow* row) -> Result<SubjectDetail> {
            SubjectDetail detail;
            MAMORI_ASSIGN_OR_RETURN(auto select, m_statements.get("SELECT " + std::string(kSummaryColumns) +
                                                                  " FROM subjects s WHERE s.id = ?1"));
            select.bind(1, std::span<const std::uint8_t>(id.bytes));
            MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
            if (!found)
                return Error(ErrorCode::NotFound, "subject vanished");
            MAMORI_ASSIGN_OR_RETURN(detail.summary, summaryFrom(select, true));

            MAMORI_ASSIGN_OR_RETURN(SecretBuffer dataKey,
                                    unwrapDataKey(m_keys->keyEncryptionKey(), id, row->wrappedKey));
            MAMORI_ASSIGN_OR_RETURN(detail.birthDate,
                                    decryptField(dataKey, id, "birth_date", kFieldSchemaVersion, row->birthDate));
            MAMORI_ASSIGN_OR_RETURN(detail.address,
                                    decryptField(dataKey, id, "address", kFieldSchemaVersion, row->address));
            detail.statusDate = parseIsoDate(row->statusDate);
            MAMORI_ASSIGN_OR_RETURN(detail.purposes, purposesOf(id));

            MAMORI_ASSIGN_OR_RETURN(auto verifications,
                                    m_statements.get("SELECT id, method, documents, verified_by, verified_ms FROM "
                                                     "verifications WHERE subject_id = ? ORDER BY id"));
            verifications.bind(1, std::span<const std::uint8_t>(id.bytes));
            while (true) {
                MAMORI_ASSIGN_OR_RETURN(const bool more, verifications.step());
                if (!more)
                    break;
                detail.verifications.push_back(Verification{
                    verifications.columnInt(0), std::string(verifications.columnText(1)),
                    std::string(verifications.columnText(2)), verifications.columnInt(3), verifications.columnInt(4)});
            }

            MAMORI_ASSIGN_OR_RETURN(auto documents,
                                    m_statements.get("SELECT id, rule_code, tax_year, filed_date, completed_date, "
                                                     "deadline_date FROM documents WHERE subject_id = ? ORDER BY id"));
            documents.bind(1, std::span<const std::uint8_t>(id.bytes));
            while (true) {
                MAMORI_ASSIGN_OR_RETURN(const bool more, documents.step());
                if (!more)
                    break;
                DocumentRecord document;
                document.id = documents.columnInt(0);
                document.ruleCode = std::string(documents.columnText(1));
                if (!documents.columnIsNull(2))
                    document.taxYear = static_cast<int>(documents.columnInt(2));
                document.filed = parseIsoDate(documents.columnText(3));
                document.completed = parseIsoDate(documents.columnText(4));
                document.deadline = parseIsoDate(documents.columnText(5));
                detail.documents.push_back(std::move(document));
            }

            MAMORI_ASSIGN_OR_RETURN(auto dependents, m_statements.get("SELECT " + std::string(kSummaryColumns) +
                                                                      " FROM subjects s WHERE s.parent_id = ?1 "
                                                                      "ORDER BY s.code"));
            dependents.bind(1, std::span<const std::uint8_t>(id.bytes));
            while (true) {
                MAMORI_ASSIGN_OR_RETURN(const bool more, dependents.step());
                if (!more)
                    break;
                MAMORI_ASSIGN_OR_RETURN(SubjectSummary dependent, summaryFrom(dependents, true));
                detail.dependents.push_back(std::move(dependent));
            }
            return detail;
        });
}

Result<std::optional<SubjectSummary>> Vault::lookupByNumber(const NumberDigits& number, bool decrypt)
{
    const BlindIndex blind = blindIndex(m_keys->blindIndexKey(), number);
    // Without decryption only the scope matters: no subqueries (a subject found by its number has
    // one; hasVerification is left false).
    static const std::string kLookupScope =
        "SELECT s.id, s.code, s.kind, s.department, s.status, s.parent_id, NULL, NULL, NULL, 1, 0 "
        "FROM number_index i JOIN subjects s ON s.id = i.subject_id WHERE i.blind = ?1";
    static const std::string kLookupFull = "SELECT " + std::string(kSummaryColumns) +
                                           " FROM number_index i JOIN subjects s ON s.id = i.subject_id "
                                           "WHERE i.blind = ?1";
    MAMORI_ASSIGN_OR_RETURN(auto select, m_statements.get(decrypt ? kLookupFull : kLookupScope));
    select.bind(1, std::span<const std::uint8_t>(blind));
    MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
    if (!found)
        return std::optional<SubjectSummary>();
    MAMORI_ASSIGN_OR_RETURN(SubjectSummary summary, summaryFrom(select, decrypt));
    return std::optional<SubjectSummary>(std::move(summary));
}

Result<std::optional<SubjectSummary>> Vault::findByNumber(const SessionContext& session, std::string_view typed)
{
    return perform<std::optional<SubjectSummary>>(
        &session, Operation::SearchSubjects, "search", Target{},
        [&](AuditDraft& draft, const SubjectRow*) -> Result<std::optional<SubjectSummary>> {
            draft.detail = "by number";
            auto parsed = parseIndividualNumber(typed);
            if (!parsed.ok()) {
                auto corporate = parseCorporateNumber(typed);
                if (!corporate.ok())
                    return parsed.error();
                parsed = std::move(corporate);
            }
            MAMORI_ASSIGN_OR_RETURN(auto found, lookupByNumber(parsed.value(), false));
            // Outside a clerk's departments the lookup says "not found": it must not confirm that
            // the number is held for someone the clerk may not see.
            if (!found || (!session.hasRole(Role::Officer) && session.departments.count(found->department) == 0))
                return std::optional<SubjectSummary>();
            MAMORI_ASSIGN_OR_RETURN(found, lookupByNumber(parsed.value(), true));
            if (found) {
                draft.subjectId = found->id.hex();
                draft.subjectCode = found->code;
            }
            return found;
        });
}

Result<NumberDigits> Vault::revealNumber(const SessionContext& session, const SubjectId& id, const StepUpProof& proof)
{
    return perform<NumberDigits>(
        &session, Operation::RevealNumber, "reveal", Target{&id, {}, {}},
        [&](AuditDraft& draft, const SubjectRow* row) -> Result<NumberDigits> {
            MAMORI_ASSIGN_OR_RETURN(draft.signature, verifyStepUp(session, Operation::RevealNumber, id, proof));
            MAMORI_ASSIGN_OR_RETURN(auto select,
                                    m_statements.get("SELECT kind, ciphertext FROM numbers WHERE subject_id = ?"));
            select.bind(1, std::span<const std::uint8_t>(id.bytes));
            MAMORI_ASSIGN_OR_RETURN(const bool found, select.step());
            if (!found)
                return Error(ErrorCode::NotFound, "no number registered for this subject");
            const NumberKind kind =
                select.columnText(0) == "corporate" ? NumberKind::Corporate : NumberKind::Individual;
            MAMORI_ASSIGN_OR_RETURN(SecretBuffer dataKey,
                                    unwrapDataKey(m_keys->keyEncryptionKey(), id, row->wrappedKey));
            MAMORI_ASSIGN_OR_RETURN(PersonalText digits,
                                    decryptField(dataKey, id, "number", kFieldSchemaVersion, select.columnBlob(1)));
            // Re-validate what was stored: a ciphertext that opens but holds no valid number is damage.
            auto number = parseNumber(kind, digits.view());
            if (!number.ok())
                return Error(ErrorCode::StorageCorrupt, "stored number fails validation");
            return std::move(number).value();
        });
}

} // namespace mamori::vault

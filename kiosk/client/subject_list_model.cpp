// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/subject_list_model.h"

#include "kiosk/client/vault_client.h"

#include <algorithm>
#include <cstring>

namespace mamori::ui {

void wipeString(QString& text)
{
    if (text.isDetached() && !text.isEmpty())
        std::memset(static_cast<void*>(text.data()), 0, static_cast<std::size_t>(text.size()) * sizeof(QChar));
    text.clear();
}

SubjectListModel::SubjectListModel(VaultClient* vault, QObject* parent) : QAbstractListModel(parent), m_vault(vault) {}

SubjectListModel::~SubjectListModel() { wipeRows(); }

int SubjectListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant SubjectListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return row.code;
    case IdRole:
        return row.id;
    case CodeRole:
        return row.code;
    case KindRole:
        return row.kind;
    case DepartmentRole:
        return row.department;
    case StatusRole:
        return row.status;
    case HasNumberRole:
        return row.hasNumber;
    case HasVerificationRole:
        return row.hasVerification;
    case NameRole:
        return row.name;
    case NameKanaRole:
        return row.nameKana;
    case SelectedRole:
        return m_selected.contains(row.id);
    default:
        return {};
    }
}

QHash<int, QByteArray> SubjectListModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"},
            {IdRole, "subjectId"},
            {CodeRole, "code"},
            {KindRole, "kind"},
            {DepartmentRole, "department"},
            {StatusRole, "status"},
            {HasNumberRole, "hasNumber"},
            {HasVerificationRole, "hasVerification"},
            {NameRole, "name"},
            {NameKanaRole, "nameKana"},
            {SelectedRole, "selected"}};
}

bool SubjectListModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_active && !m_loading && m_error == 0 && m_rows.size() < m_total;
}

void SubjectListModel::fetchMore(const QModelIndex& parent)
{
    if (canFetchMore(parent))
        requestPage();
}

void SubjectListModel::setSearch(const QString& search)
{
    if (search == m_search)
        return;
    m_search = search;
    emit queryChanged();
    if (m_active)
        reload();
}

void SubjectListModel::setMissingNumber(bool on)
{
    if (on == m_missingNumber)
        return;
    m_missingNumber = on;
    emit queryChanged();
    if (m_active)
        reload();
}

void SubjectListModel::setMissingVerification(bool on)
{
    if (on == m_missingVerification)
        return;
    m_missingVerification = on;
    emit queryChanged();
    if (m_active)
        reload();
}

void SubjectListModel::setDueForDisposal(bool on)
{
    if (on == m_dueForDisposal)
        return;
    m_dueForDisposal = on;
    emit queryChanged();
    if (m_active)
        reload();
}

void SubjectListModel::setSelected(int row, bool on)
{
    if (row < 0 || row >= m_rows.size())
        return;
    const QString& id = m_rows.at(row).id;
    if (on == m_selected.contains(id))
        return;
    if (on) {
        m_selected.insert(id);
        m_selectedOrder.append(id);
    } else {
        m_selected.remove(id);
        m_selectedOrder.removeOne(id);
    }
    emit dataChanged(index(row), index(row), {SelectedRole});
    emit selectionChanged();
}

void SubjectListModel::toggleSelected(int row)
{
    if (row >= 0 && row < m_rows.size())
        setSelected(row, !m_selected.contains(m_rows.at(row).id));
}

void SubjectListModel::selectAllShown()
{
    bool changed = false;
    for (const Row& row : std::as_const(m_rows)) {
        if (m_selected.contains(row.id))
            continue;
        m_selected.insert(row.id);
        m_selectedOrder.append(row.id);
        changed = true;
    }
    if (!changed)
        return;
    emit dataChanged(index(0), index(static_cast<int>(m_rows.size()) - 1), {SelectedRole});
    emit selectionChanged();
}

void SubjectListModel::clearSelection()
{
    if (m_selectedOrder.isEmpty())
        return;
    m_selected.clear();
    m_selectedOrder.clear();
    if (!m_rows.isEmpty())
        emit dataChanged(index(0), index(static_cast<int>(m_rows.size()) - 1), {SelectedRole});
    emit selectionChanged();
}

void SubjectListModel::setPageSize(int size) { m_pageSize = std::clamp(size, 1, kMaxPageSize); }

QVariantMap SubjectListModel::searchQuery(const QString& text)
{
    QString normalised = text.normalized(QString::NormalizationForm_KC).trimmed();
    if (normalised.isEmpty())
        return {};
    const QChar first = normalised.front();
    if (first.unicode() < 0x80 && first.isLetterOrNumber())
        return {{QStringLiteral("codePrefix"), normalised}};
    // Hiragana → katakana: the vault keeps names in katakana (U+3041–U+3096 are U+30A1–U+30F6 less 0x60).
    for (QChar& c : normalised) {
        if (c.unicode() >= 0x3041 && c.unicode() <= 0x3096)
            c = QChar(static_cast<char16_t>(c.unicode() + 0x60));
    }
    return {{QStringLiteral("kanaPrefix"), normalised}};
}

void SubjectListModel::reload()
{
    ++m_generation;
    m_active = false; // a view reacting to the reset must not fetch before the first page is asked for
    if (!m_rows.isEmpty()) {
        beginResetModel();
        wipeRows();
        endResetModel();
        emit countChanged();
    }
    if (m_total != 0) {
        m_total = 0;
        emit totalChanged();
    }
    setError(0);
    setLoading(false);
    m_active = true;
    requestPage();
}

void SubjectListModel::clear()
{
    ++m_generation;
    m_active = false;
    beginResetModel();
    wipeRows();
    endResetModel();
    emit countChanged();
    wipeString(m_search);
    m_missingNumber = false;
    m_missingVerification = false;
    m_dueForDisposal = false;
    emit queryChanged();
    if (!m_selectedOrder.isEmpty()) {
        m_selected.clear();
        m_selectedOrder.clear();
        emit selectionChanged();
    }
    m_total = 0;
    emit totalChanged();
    setError(0);
    setLoading(false);
}

QVariantMap SubjectListModel::get(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    QVariantMap map;
    const QHash<int, QByteArray> names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        map.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    return map;
}

void SubjectListModel::requestPage()
{
    if (!m_vault)
        return;
    if (m_dueForDisposal) {
        requestDueList();
        return;
    }
    QVariantMap query = searchQuery(m_search);
    if (m_missingNumber)
        query.insert(QStringLiteral("missingNumber"), true);
    if (m_missingVerification)
        query.insert(QStringLiteral("missingVerification"), true);
    query.insert(QStringLiteral("limit"), m_pageSize);
    if (!m_rows.isEmpty())
        query.insert(QStringLiteral("afterCode"), m_rows.constLast().code);
    setLoading(true);
    const quint64 generation = m_generation;
    m_vault->call(QStringLiteral("ListSubjects"), {query}, this, [this, generation](const VaultReply& reply) {
        if (generation != m_generation)
            return;
        if (!reply.ok()) {
            setLoading(false);
            setError(reply.error);
            return;
        }
        const QVariantMap page = VaultClient::mapOf(reply.first());
        const QVariantList items = VaultClient::listOf(page.value(QStringLiteral("items")));
        QVector<Row> rows;
        rows.reserve(items.size());
        for (const QVariant& entry : items)
            rows.append(rowOf(VaultClient::mapOf(entry)));
        const qlonglong total = page.value(QStringLiteral("total")).toLongLong();
        if (!rows.isEmpty()) {
            const int first = static_cast<int>(m_rows.size());
            beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
            m_rows.append(rows);
            endInsertRows();
            emit countChanged();
        }
        // A page shorter than asked means the end, whatever the count said (rows may have gone).
        const qlonglong known = rows.size() < m_pageSize ? m_rows.size() : std::max<qlonglong>(total, m_rows.size());
        if (known != m_total) {
            m_total = known;
            emit totalChanged();
        }
        // Last: a view that asks for more when rows arrive must see the new rows and total first.
        setLoading(false);
    });
}

void SubjectListModel::requestDueList()
{
    setLoading(true);
    const quint64 generation = m_generation;
    const QString codePrefix = searchQuery(m_search).value(QStringLiteral("codePrefix")).toString();
    const bool kana = !m_search.trimmed().isEmpty() && codePrefix.isEmpty();
    m_vault->call(QStringLiteral("DueList"), {}, this, [this, generation, codePrefix, kana](const VaultReply& reply) {
        if (generation != m_generation)
            return;
        if (!reply.ok()) {
            setLoading(false);
            setError(reply.error);
            return;
        }
        QVector<Row> rows;
        for (const QVariant& entry : VaultClient::listOf(reply.first())) {
            const QVariantMap item = VaultClient::mapOf(entry);
            if (!item.value(QStringLiteral("due")).toBool() || kana)
                continue;
            Row row = rowOf(item);
            if (!codePrefix.isEmpty() && !row.code.startsWith(codePrefix, Qt::CaseInsensitive))
                continue;
            rows.append(row);
        }
        if (!rows.isEmpty()) {
            const int first = static_cast<int>(m_rows.size());
            beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
            m_rows.append(rows);
            endInsertRows();
            emit countChanged();
        }
        if (m_total != m_rows.size()) {
            m_total = m_rows.size();
            emit totalChanged();
        }
        setLoading(false);
    });
}

SubjectListModel::Row SubjectListModel::rowOf(const QVariantMap& item)
{
    Row row;
    row.id = item.value(QStringLiteral("id")).toString();
    row.code = item.value(QStringLiteral("code")).toString();
    row.kind = item.value(QStringLiteral("kind")).toString();
    row.department = item.value(QStringLiteral("department")).toString();
    row.status = item.value(QStringLiteral("status")).toString();
    row.hasNumber = item.value(QStringLiteral("hasNumber")).toBool();
    row.hasVerification = item.value(QStringLiteral("hasVerification")).toBool();
    row.name = item.value(QStringLiteral("name")).toString();
    row.nameKana = item.value(QStringLiteral("nameKana")).toString();
    return row;
}

void SubjectListModel::setItems(const QVariantList& items)
{
    ++m_generation;
    m_active = false;
    beginResetModel();
    wipeRows();
    for (const QVariant& entry : items)
        m_rows.append(rowOf(VaultClient::mapOf(entry)));
    endResetModel();
    emit countChanged();
    m_total = m_rows.size();
    emit totalChanged();
    setError(0);
    setLoading(false);
}

void SubjectListModel::setLoading(bool loading)
{
    if (loading == m_loading)
        return;
    m_loading = loading;
    emit loadingChanged();
}

void SubjectListModel::setError(int error)
{
    if (error == m_error)
        return;
    m_error = error;
    emit errorChanged();
}

void SubjectListModel::wipeRows()
{
    for (Row& row : m_rows) {
        wipeString(row.name);
        wipeString(row.nameKana);
        wipeString(row.code);
        wipeString(row.id);
    }
    m_rows.clear();
}

} // namespace mamori::ui

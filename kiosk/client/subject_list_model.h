// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// SubjectListModel: the people whose numbers the clerk may handle, a page at a time, from the
// vault's ListSubjects (masked: no number ever, only whether there is one). Keyset paging: each
// page asks for the codes after the last one shown (`afterCode`), so page 500 costs what page 1
// costs. A view scrolls; QAbstractItemModel::fetchMore asks for the next page while there are more.
//
// Search: one text box. Text that starts with a letter or digit is an employee-code prefix; other
// text is a kana prefix (hiragana are turned into katakana, and full-width forms into the usual
// ones, NFKC, so the clerk may type either). Filters: number missing, verification missing, and
// due for disposal — which lists the vault's DueList instead (the people due now, whole, in code
// order; codes only: the due list carries no names, so the name columns are empty, the other two
// filters do not apply and a kana search finds nobody, while a code prefix narrows it).
// setItems() turns the model into a fixed list (the dependents ViewSubject returns with a person).
//
// Selection (for an export): rows are selected by subject id, so a selection survives a new search
// or filter; selectedIds() gives them in the order they were selected, which is the payload's order.
//
// Owned by ClerkDesk or SubjectDetail; GUI thread only. clear() forgets every row (a lock).

#include <QAbstractListModel>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVector>

namespace mamori::ui {

class VaultClient;

class SubjectListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY queryChanged FINAL)
    Q_PROPERTY(bool missingNumber READ missingNumber WRITE setMissingNumber NOTIFY queryChanged FINAL)
    Q_PROPERTY(bool missingVerification READ missingVerification WRITE setMissingVerification NOTIFY queryChanged FINAL)
    Q_PROPERTY(bool dueForDisposal READ dueForDisposal WRITE setDueForDisposal NOTIFY queryChanged FINAL)
    Q_PROPERTY(int selectedCount READ selectedCount NOTIFY selectionChanged FINAL)
    Q_PROPERTY(qlonglong total READ total NOTIFY totalChanged FINAL)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged FINAL)
    Q_PROPERTY(int error READ error NOTIFY errorChanged FINAL)
    Q_PROPERTY(int count READ count NOTIFY countChanged FINAL)

public:
    static constexpr int kMaxPageSize = 200; // the vault's limit
    static constexpr int kDefaultPageSize = 50;

    enum Role {
        IdRole = Qt::UserRole + 1,
        CodeRole,
        KindRole,
        DepartmentRole,
        StatusRole,
        HasNumberRole,
        HasVerificationRole,
        NameRole,
        NameKanaRole,
        SelectedRole,
    };
    Q_ENUM(Role)

    explicit SubjectListModel(VaultClient* vault, QObject* parent = nullptr);
    ~SubjectListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    QString search() const { return m_search; }
    void setSearch(const QString& search);
    bool missingNumber() const { return m_missingNumber; }
    void setMissingNumber(bool on);
    bool missingVerification() const { return m_missingVerification; }
    void setMissingVerification(bool on);
    bool dueForDisposal() const { return m_dueForDisposal; }
    void setDueForDisposal(bool on);
    int selectedCount() const { return static_cast<int>(m_selectedOrder.size()); }
    // The selected subject ids, in the order they were selected.
    QStringList selectedIds() const { return m_selectedOrder; }
    qlonglong total() const { return m_total; }
    bool loading() const { return m_loading; }
    int error() const { return m_error; }
    int count() const { return static_cast<int>(m_rows.size()); }

    // 1..kMaxPageSize; values outside are clamped.
    void setPageSize(int size);
    int pageSize() const { return m_pageSize; }
    // A fixed list (aa{sv} items as ListSubjects or ViewSubject's dependents give them): replaces the
    // rows; nothing more is fetched until reload().
    void setItems(const QVariantList& items);

    // The search text as the vault is asked: {"codePrefix": …} or {"kanaPrefix": …} or empty.
    static QVariantMap searchQuery(const QString& text);

    // Drops the rows and asks for the first page (again).
    Q_INVOKABLE void reload();
    // Forgets every row and the query; nothing is fetched until reload().
    Q_INVOKABLE void clear();
    // A row as a map (for a view that opens it); empty for a bad row.
    Q_INVOKABLE QVariantMap get(int row) const;
    Q_INVOKABLE void setSelected(int row, bool on);
    Q_INVOKABLE void toggleSelected(int row);
    // Every row loaded now (what the list shows), after those already selected.
    Q_INVOKABLE void selectAllShown();
    Q_INVOKABLE void clearSelection();

signals:
    void queryChanged();
    void totalChanged();
    void loadingChanged();
    void errorChanged();
    void countChanged();
    void selectionChanged();

private:
    struct Row {
        QString id, code, kind, department, status, name, nameKana;
        bool hasNumber = false;
        bool hasVerification = false;
    };
    void requestPage();
    void requestDueList();
    static Row rowOf(const QVariantMap& item);
    void setLoading(bool loading);
    void setError(int error);
    void wipeRows();

    QPointer<VaultClient> m_vault;
    QVector<Row> m_rows;
    QString m_search;
    bool m_missingNumber = false;
    bool m_missingVerification = false;
    bool m_dueForDisposal = false;
    QStringList m_selectedOrder;
    QSet<QString> m_selected;
    qlonglong m_total = 0;
    bool m_loading = false;
    bool m_active = false; // reload() was called since the last clear()
    int m_error = 0;
    int m_pageSize = kDefaultPageSize;
    quint64 m_generation = 0; // replies for an older query are dropped
};

// Overwrites a string's characters if this is the only copy (QString is shared on copy; a shared
// buffer is left to its other owners), then empties it. For personal data on a lock.
void wipeString(QString& text);

} // namespace mamori::ui

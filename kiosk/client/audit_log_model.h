// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// AuditLogModel: the operation log as the officer (activity review) and the administrator (log
// viewer, alerts) see it — pages of the vault's QueryAudit, newest first, with keyset paging
// (`beforeSequence`, so an old page costs what the first costs). Filters: the person (a user id from
// ListCards), the action, an employee code and a period (days, inclusive, local time). The page
// also tells the head of the chain and the newest signed checkpoint, which the viewer shows.
//
// Audit entries never hold a number (DESIGN §5), so nothing here is wiped; the rows still go on a
// lock with everything else. Owned by OversightDesk; GUI thread only.

#include <QAbstractListModel>
#include <QDate>
#include <QPointer>
#include <QVector>

#include <algorithm>

namespace mamori::ui {

class VaultClient;

class AuditLogModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(qlonglong userId READ userId WRITE setUserId NOTIFY queryChanged FINAL)
    Q_PROPERTY(QString action READ action WRITE setAction NOTIFY queryChanged FINAL)
    Q_PROPERTY(QString subjectCode READ subjectCode WRITE setSubjectCode NOTIFY queryChanged FINAL)
    Q_PROPERTY(QDate fromDate READ fromDate WRITE setFromDate NOTIFY queryChanged FINAL)
    Q_PROPERTY(QDate toDate READ toDate WRITE setToDate NOTIFY queryChanged FINAL)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged FINAL)
    Q_PROPERTY(int error READ error NOTIFY errorChanged FINAL)
    Q_PROPERTY(int count READ count NOTIFY countChanged FINAL)
    Q_PROPERTY(qulonglong headSequence READ headSequence NOTIFY chainChanged FINAL)
    Q_PROPERTY(qulonglong checkpointSequence READ checkpointSequence NOTIFY chainChanged FINAL)
    Q_PROPERTY(qlonglong checkpointMs READ checkpointMs NOTIFY chainChanged FINAL)

public:
    static constexpr int kDefaultPageSize = 100;
    static constexpr int kMaxPageSize = 500; // the vault's limit

    enum Role {
        SequenceRole = Qt::UserRole + 1,
        TimeMsRole,
        ActorNameRole,
        ActorRole,
        ActorRoleRole, // the role the act was done in
        ActionRole,
        SubjectCodeRole,
        PurposeRole,
        ResultRole,
        DetailRole,
        SignedRole,
        SecondSignerRole,
    };
    Q_ENUM(Role)

    explicit AuditLogModel(VaultClient* vault, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    qlonglong userId() const { return m_userId; }
    void setUserId(qlonglong userId);
    QString action() const { return m_action; }
    void setAction(const QString& action);
    QString subjectCode() const { return m_subjectCode; }
    void setSubjectCode(const QString& code);
    QDate fromDate() const { return m_from; }
    void setFromDate(const QDate& date);
    QDate toDate() const { return m_to; }
    void setToDate(const QDate& date);
    bool loading() const { return m_loading; }
    int error() const { return m_error; }
    int count() const { return static_cast<int>(m_rows.size()); }
    qulonglong headSequence() const { return m_head; }
    qulonglong checkpointSequence() const { return m_checkpoint; }
    qlonglong checkpointMs() const { return m_checkpointMs; }

    // 1..kMaxPageSize; values outside are clamped.
    void setPageSize(int size) { m_pageSize = std::clamp(size, 1, kMaxPageSize); }
    int pageSize() const { return m_pageSize; }
    // The query the vault is asked for the next page (tests check it).
    QVariantMap query() const;
    // Drops the rows and asks for the first page with the current filters.
    Q_INVOKABLE void reload();
    // Forgets the rows and filters; nothing is fetched until reload().
    Q_INVOKABLE void clear();
    Q_INVOKABLE QVariantMap get(int row) const;
    // The actions the filter offers (the audit log's action names, AUDIT_FORMAT.md).
    Q_INVOKABLE static QStringList actions();

signals:
    void queryChanged();
    void loadingChanged();
    void errorChanged();
    void countChanged();
    void chainChanged();

private:
    struct Row {
        qulonglong sequence = 0;
        qlonglong timeMs = 0;
        QString actorName, actor, role, action, subjectCode, purpose, result, detail;
        bool signedByCard = false;
        bool secondSigner = false;
    };
    void requestPage();
    void setLoading(bool loading);
    void setError(int error);

    QPointer<VaultClient> m_vault;
    QVector<Row> m_rows;
    qlonglong m_userId = 0;
    QString m_action;
    QString m_subjectCode;
    QDate m_from;
    QDate m_to;
    bool m_more = false;
    bool m_loading = false;
    bool m_active = false;
    int m_error = 0;
    qulonglong m_head = 0;
    qulonglong m_checkpoint = 0;
    qlonglong m_checkpointMs = 0;
    int m_pageSize = kDefaultPageSize;
    quint64 m_generation = 0;
};

} // namespace mamori::ui

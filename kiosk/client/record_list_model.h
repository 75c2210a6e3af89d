// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// RecordListModel: a short list of records as the vault returns them (a{sv} maps), one role per
// key named at construction — the officer's approvals and the administrator's cards. Lists the
// vault returns whole (no paging), so the model is simply replaced on each answer.
//
// GUI thread only. clear() forgets every row (a lock).

#include <QAbstractListModel>
#include <QByteArrayList>
#include <QVariantList>
#include <QVariantMap>
#include <QVector>

namespace mamori::ui {

class RecordListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged FINAL)

public:
    RecordListModel(QByteArrayList keys, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(m_rows.size()); }
    // Replaces every row; keys outside the model's are dropped.
    void setRecords(const QVector<QVariantMap>& records);
    void clear();
    Q_INVOKABLE QVariantMap get(int row) const;

signals:
    void countChanged();

private:
    QByteArrayList m_keys;
    QVector<QVariantMap> m_rows;
};

} // namespace mamori::ui

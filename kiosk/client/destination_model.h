// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// DestinationModel: where the clerk may hand data over under the session's purpose, from the
// vault's Destinations (device configuration, EXPORT_FORMAT.md): code, name, kind — "medium" (a USB
// medium the kiosk opens: Export) or "endpoint" (an allow-listed endpoint the courier sends to:
// Provide) — the purposes it serves and whether its payloads may hold numbers.
//
// Filled and cleared by ExportJob; GUI thread only.

#include <QAbstractListModel>
#include <QStringList>
#include <QVector>

namespace mamori::ui {

class DestinationModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged FINAL)

public:
    enum Role { CodeRole = Qt::UserRole + 1, NameRole, KindRole, PurposesRole, NumbersAllowedRole };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return static_cast<int>(m_rows.size()); }

    // Destinations' answer (aa{sv}).
    void setItems(const QVariantList& items);
    void clear() { setItems({}); }
    // The row of a destination code, -1 if absent.
    Q_INVOKABLE int rowOf(const QString& code) const;
    Q_INVOKABLE QVariantMap get(int row) const;

signals:
    void countChanged();

private:
    struct Row {
        QString code, name, kind;
        QStringList purposes;
        bool numbersAllowed = false;
    };
    QVector<Row> m_rows;
};

} // namespace mamori::ui

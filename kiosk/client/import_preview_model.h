// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// ImportPreviewModel: what a payroll CSV on the medium looks like, before the vault sees it — the
// header and the first rows, parsed here for display only. The vault parses the file again, by
// its own rules (services/vault/IMPORT_FORMAT.md), and is the only judge of what is valid.
//
// Never a number on screen: the columns that hold numbers (my_number, corporate_number and their
// Japanese aliases) show a fixed mask, and in every other cell any run of twelve or more digits
// (ASCII or full-width, spaces and hyphens between them) is masked too — a number typed into the
// wrong column. A header cell with four or more digits is shown as "(column N)", as the vault does.
// Cells are cut to kMaxCellChars for display.
//
// Encodings as the vault reads them: UTF-8 (a byte-order mark dropped), else Shift_JIS as Windows
// writes it (CP932, through glibc's iconv); a UTF-16/32 byte-order mark is refused (InvalidUtf8:
// "save as UTF-8"). The bytes given to load() and the decoded text are wiped before it returns;
// the rows kept are wiped by clear().
//
// Owned by ImportJob; GUI thread only.

#include <QAbstractListModel>
#include <QByteArray>
#include <QStringList>
#include <QVector>

namespace mamori::ui {

class ImportPreviewModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(QStringList columns READ columns NOTIFY previewChanged FINAL)
    Q_PROPERTY(QList<int> maskedColumns READ maskedColumns NOTIFY previewChanged FINAL)
    Q_PROPERTY(int count READ count NOTIFY previewChanged FINAL)
    // Data records in the whole file (blank ones not counted), as far as this simple reading goes.
    Q_PROPERTY(int totalRows READ totalRows NOTIFY previewChanged FINAL)
    Q_PROPERTY(QString encoding READ encoding NOTIFY previewChanged FINAL) // "utf-8" or "cp932"

public:
    static constexpr int kPreviewRows = 20;
    static constexpr int kMaxCellChars = 40;
    static inline const QString kMask = QStringLiteral("••••");

    enum Role { LineRole = Qt::UserRole + 1, CellsRole };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;
    ~ImportPreviewModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QStringList columns() const { return m_columns; }
    QList<int> maskedColumns() const { return m_masked; }
    int count() const { return static_cast<int>(m_rows.size()); }
    int totalRows() const { return m_totalRows; }
    QString encoding() const { return m_encoding; }

    // Decodes and parses `bytes` (wiped before this returns). 0, or the error number: InvalidUtf8
    // (11) for UTF-16/32 or bytes that are neither UTF-8 nor CP932, NotFound (4) for an empty file.
    int load(QByteArray& bytes);
    void clear();

    // Exposed for tests: whether a header cell names a number column; a cell with long digit runs masked.
    static bool isNumberColumn(const QString& header);
    static QString maskDigitRuns(const QString& cell);
    // Text from file bytes as the vault reads them; false if it is neither UTF-8 nor CP932 (or UTF-16/32).
    static bool decode(const QByteArray& bytes, QString& text, QString& encoding);

signals:
    void previewChanged();

private:
    struct Row {
        int line = 0;
        QStringList cells;
    };
    void wipeRows();

    QStringList m_columns;
    QList<int> m_masked;
    QVector<Row> m_rows;
    int m_totalRows = 0;
    QString m_encoding;
};

// Overwrites a byte array's bytes if this is the only copy, then empties it (file contents).
void wipeBytes(QByteArray& bytes);

} // namespace mamori::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/import_preview_model.h"

#include "kiosk/client/subject_list_model.h"
#include "services/common/error.h"

#include <QStringDecoder>

#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace mamori::ui {

namespace {

int number(ErrorCode code) { return static_cast<int>(errorNumber(code)); }

bool isAsciiOrWideDigit(QChar c) { return (c >= u'0' && c <= u'9') || (c >= u'０' && c <= u'９'); }

bool isDigitSeparator(QChar c)
{
    switch (c.unicode()) {
    case u' ':
    case u'\u3000':
    case u'-':
    case u'ー':
    case u'ｰ':
    case u'－':
    case u'‐':
    case u'−':
        return true;
    default:
        return false;
    }
}

// A strict RFC 4180 reading is the vault's job; this one is lenient (a stray quote is data) and
// only has to find records and their first line for display.
class PreviewReader {
public:
    explicit PreviewReader(const QString& text) : m_text(text) {}

    // The next record that is not blank; false at the end. `keep` false: fields are not collected.
    bool next(int& line, QStringList& fields, bool keep)
    {
        while (m_at < m_text.size()) {
            fields.clear();
            line = m_line;
            bool blank = readRecord(fields, keep);
            if (!blank)
                return true;
        }
        return false;
    }

private:
    // Returns true when every field was empty (a blank line, or only commas).
    bool readRecord(QStringList& fields, bool keep)
    {
        QString field;
        bool quoted = false;
        bool started = false; // something (a quote or a character) was read for this field
        bool blank = true;
        const auto endField = [&] {
            if (!field.isEmpty())
                blank = false;
            if (keep)
                fields.append(field);
            wipeString(field);
            started = false;
        };
        while (m_at < m_text.size()) {
            const QChar c = m_text.at(m_at++);
            if (quoted) {
                if (c == u'"') {
                    if (m_at < m_text.size() && m_text.at(m_at) == u'"') {
                        field.append(c);
                        ++m_at;
                    } else {
                        quoted = false;
                    }
                } else if (c == u'\r' || c == u'\n') {
                    if (c == u'\r' && m_at < m_text.size() && m_text.at(m_at) == u'\n')
                        ++m_at;
                    ++m_line;
                    field.append(u'\n');
                } else {
                    field.append(c);
                }
                continue;
            }
            if (c == u',') {
                endField();
            } else if (c == u'\r' || c == u'\n') {
                if (c == u'\r' && m_at < m_text.size() && m_text.at(m_at) == u'\n')
                    ++m_at;
                ++m_line;
                endField();
                return blank;
            } else if (c == u'"' && !started) {
                quoted = true;
                started = true;
                blank = false; // "" is a field, if an empty one
            } else {
                field.append(c);
                started = true;
            }
        }
        endField();
        return blank;
    }

    const QString& m_text;
    qsizetype m_at = 0;
    int m_line = 1;
};

QString shortened(const QString& cell)
{
    QString shown = cell;
    shown.replace(u'\n', u' ');
    if (shown.size() > ImportPreviewModel::kMaxCellChars) {
        QString cut = shown.left(ImportPreviewModel::kMaxCellChars - 1) + QStringLiteral("…");
        wipeString(shown);
        return cut;
    }
    return shown;
}

bool decodeCp932(const QByteArray& bytes, QString& text)
{
    iconv_t converter = iconv_open("UTF-8", "CP932");
    if (converter == reinterpret_cast<iconv_t>(-1))
        return false;
    // CP932 → UTF-8: at most 3 bytes out for each byte in (half-width kana: 1 → 3).
    std::vector<char> out(static_cast<std::size_t>(bytes.size()) * 3 + 4);
    char* in = const_cast<char*>(bytes.constData());
    std::size_t inLeft = static_cast<std::size_t>(bytes.size());
    char* to = out.data();
    std::size_t outLeft = out.size();
    const bool ok = iconv(converter, &in, &inLeft, &to, &outLeft) != static_cast<std::size_t>(-1) && inLeft == 0;
    iconv_close(converter);
    if (ok)
        text = QString::fromUtf8(out.data(), static_cast<qsizetype>(out.size() - outLeft));
    std::memset(out.data(), 0, out.size());
    return ok;
}

} // namespace

void wipeBytes(QByteArray& bytes)
{
    if (bytes.isDetached() && !bytes.isEmpty())
        std::memset(bytes.data(), 0, static_cast<std::size_t>(bytes.size()));
    bytes.clear();
}

ImportPreviewModel::~ImportPreviewModel() { wipeRows(); }

int ImportPreviewModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ImportPreviewModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return row.cells.join(QStringLiteral(", "));
    case LineRole:
        return row.line;
    case CellsRole:
        return row.cells;
    default:
        return {};
    }
}

QHash<int, QByteArray> ImportPreviewModel::roleNames() const
{
    return {{Qt::DisplayRole, "display"}, {LineRole, "line"}, {CellsRole, "cells"}};
}

bool ImportPreviewModel::isNumberColumn(const QString& header)
{
    QString name = header.normalized(QString::NormalizationForm_KC).trimmed().toLower();
    name.replace(u' ', u'_');
    name.replace(u'-', u'_');
    static const QStringList exact{QStringLiteral("my_number"), QStringLiteral("mynumber"),
                                   QStringLiteral("individual_number"), QStringLiteral("corporate_number")};
    return exact.contains(name) || name.contains(QStringLiteral("個人番号")) ||
           name.contains(QStringLiteral("マイナンバー")) || name.contains(QStringLiteral("法人番号"));
}

QString ImportPreviewModel::maskDigitRuns(const QString& cell)
{
    QString result;
    qsizetype at = 0;
    while (at < cell.size()) {
        if (!isAsciiOrWideDigit(cell.at(at))) {
            result.append(cell.at(at++));
            continue;
        }
        // A run: digits, with single separators between them.
        qsizetype end = at; // one past the last digit of the run
        qsizetype scan = at;
        int digits = 0;
        while (scan < cell.size()) {
            if (isAsciiOrWideDigit(cell.at(scan))) {
                ++digits;
                end = ++scan;
            } else if (isDigitSeparator(cell.at(scan)) && scan + 1 < cell.size() &&
                       isAsciiOrWideDigit(cell.at(scan + 1))) {
                ++scan;
            } else {
                break;
            }
        }
        if (digits >= 12)
            result.append(kMask);
        else
            result.append(QStringView(cell).mid(at, end - at));
        at = end;
    }
    return result;
}

bool ImportPreviewModel::decode(const QByteArray& bytes, QString& text, QString& encoding)
{
    const auto startsWith = [&](std::initializer_list<unsigned char> prefix) {
        if (bytes.size() < static_cast<qsizetype>(prefix.size()))
            return false;
        qsizetype i = 0;
        for (const unsigned char b : prefix)
            if (static_cast<unsigned char>(bytes.at(i++)) != b)
                return false;
        return true;
    };
    if (startsWith({0xff, 0xfe}) || startsWith({0xfe, 0xff}) || startsWith({0x00, 0x00, 0xfe, 0xff}))
        return false; // UTF-16/32: Excel's "Unicode text", not a CSV the vault reads
    const bool bom = startsWith({0xef, 0xbb, 0xbf});
    QStringDecoder utf8(QStringDecoder::Utf8, QStringConverter::Flag::Stateless);
    text = utf8(QByteArrayView(bytes).sliced(bom ? 3 : 0));
    if (!utf8.hasError()) {
        encoding = QStringLiteral("utf-8");
        return true;
    }
    wipeString(text);
    if (bom)
        return false;
    if (!decodeCp932(bytes, text))
        return false;
    encoding = QStringLiteral("cp932");
    return true;
}

int ImportPreviewModel::load(QByteArray& bytes)
{
    beginResetModel();
    wipeRows();
    m_columns.clear();
    m_masked.clear();
    m_totalRows = 0;
    m_encoding.clear();
    QString text;
    int result = 0;
    if (bytes.isEmpty()) {
        result = number(ErrorCode::NotFound);
    } else if (!decode(bytes, text, m_encoding)) {
        result = number(ErrorCode::InvalidUtf8);
    } else {
        PreviewReader reader(text);
        int line = 0;
        QStringList fields;
        if (reader.next(line, fields, true)) {
            for (int column = 0; column < fields.size(); ++column) {
                QString& header = fields[column];
                int digits = 0;
                for (const QChar c : header)
                    digits += isAsciiOrWideDigit(c) ? 1 : 0;
                m_columns.append(digits >= 4 ? QStringLiteral("#%1").arg(column + 1) : shortened(header.trimmed()));
                if (isNumberColumn(header))
                    m_masked.append(column);
                wipeString(header);
            }
            while (reader.next(line, fields, m_rows.size() < kPreviewRows)) {
                ++m_totalRows;
                if (fields.isEmpty())
                    continue;
                Row row;
                row.line = line;
                for (int column = 0; column < fields.size(); ++column) {
                    QString& cell = fields[column];
                    if (m_masked.contains(column)) {
                        row.cells.append(cell.trimmed().isEmpty() ? QString() : kMask);
                    } else {
                        QString masked = maskDigitRuns(cell);
                        row.cells.append(shortened(masked));
                        wipeString(masked);
                    }
                    wipeString(cell);
                }
                m_rows.append(row);
            }
        }
        if (m_columns.isEmpty())
            result = number(ErrorCode::NotFound);
    }
    wipeString(text);
    wipeBytes(bytes);
    endResetModel();
    emit previewChanged();
    return result;
}

void ImportPreviewModel::clear()
{
    if (m_rows.isEmpty() && m_columns.isEmpty())
        return;
    beginResetModel();
    wipeRows();
    m_columns.clear();
    m_masked.clear();
    m_totalRows = 0;
    m_encoding.clear();
    endResetModel();
    emit previewChanged();
}

void ImportPreviewModel::wipeRows()
{
    for (Row& row : m_rows)
        for (QString& cell : row.cells)
            wipeString(cell);
    m_rows.clear();
}

} // namespace mamori::ui

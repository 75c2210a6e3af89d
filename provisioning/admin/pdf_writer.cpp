// SPDX-License-Identifier: GPL-3.0-or-later
// HTML → PDF through QTextDocument and QPdfWriter (pdf_writer.h).

#include "provisioning/admin/pdf_writer.h"

#include <QBuffer>
#include <QFont>
#include <QGuiApplication>
#include <QMarginsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

namespace mamori::admin {

Result<std::vector<std::uint8_t>> renderPdf(const std::string& html, const PdfOptions& options)
{
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return Error(ErrorCode::Unavailable, "PDF output needs a QGuiApplication");
    QByteArray bytes;
    {
        QBuffer buffer(&bytes);
        if (!buffer.open(QIODevice::WriteOnly))
            return Error(ErrorCode::Internal, "QBuffer did not open");
        QPdfWriter writer(&buffer);
        writer.setTitle(QString::fromStdString(options.title));
        writer.setCreator(QStringLiteral("mamori-admin"));
        writer.setResolution(300);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4),
                                         options.landscape ? QPageLayout::Landscape : QPageLayout::Portrait,
                                         QMarginsF(options.marginMillimetres, options.marginMillimetres,
                                                   options.marginMillimetres, options.marginMillimetres),
                                         QPageLayout::Millimeter));
        QTextDocument document;
        QFont font(QStringLiteral("Noto Sans CJK JP"));
        font.setPointSize(options.baseFontPoints);
        // Without shaping: HarfBuzz's substitutions in Noto Sans CJK JP (alternate digit glyphs, the
        // "fi" ligature) leave glyphs that Qt's PDF engine cannot map back to characters, so digits
        // vanished from the text layer (pdftotext, search, copy) though they were drawn. Japanese
        // and Latin need no shaping to be laid out right.
        font.setStyleStrategy(QFont::PreferNoShaping);
        document.setDefaultFont(font);
        document.setHtml(QString::fromStdString(html));
        document.print(&writer);
    }
    if (bytes.size() < 8 || !bytes.startsWith("%PDF-"))
        return Error(ErrorCode::Internal, "Qt wrote no PDF");
    return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
}

} // namespace mamori::admin

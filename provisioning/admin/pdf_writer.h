// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// HTML to PDF with Qt (QTextDocument laid out on a QPdfWriter, A4 portrait): the report and the
// disposal certificate. The only Qt code of mamori-admin besides main: it needs a QGuiApplication
// (fonts), which main creates on the offscreen platform, so no display is needed. Text stays text
// in the PDF (pdftotext reads it back, digits included: shaping is off, see pdf_writer.cpp); Japanese
// is set in Noto Sans CJK JP (fonts-noto-cjk), as the document's default font (the HTML names none
// except for <pre>).

#include "services/common/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mamori::admin {

struct PdfOptions {
    std::string title;
    double marginMillimetres = 15.0;
    int baseFontPoints = 9;
    bool landscape = false; // the report's wide tables
};

// Errors: Unavailable (no QGuiApplication), Internal (Qt could not write the PDF).
Result<std::vector<std::uint8_t>> renderPdf(const std::string& html, const PdfOptions& options);

} // namespace mamori::admin

// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/number_input.h"

#include "kiosk/client/subject_list_model.h"
#include "services/common/number_validation.h"

#include <QByteArray>

#include <cstring>

namespace mamori::ui {

NumberInput::NumberInput(QObject* parent) : QObject(parent) {}

NumberInput::~NumberInput() { wipeString(m_text); }

void NumberInput::setText(const QString& text)
{
    if (text == m_text)
        return;
    wipeString(m_text);
    m_text = text;
    emit textChanged();
    evaluate();
}

void NumberInput::clear() { setText(QString()); }

void NumberInput::evaluate()
{
    int digits = 0;
    bool other = false;
    for (const QChar c : m_text) {
        const char16_t u = c.unicode();
        if ((u >= u'0' && u <= u'9') || (u >= 0xFF10 && u <= 0xFF19))
            ++digits;
        else if (!isNumberSeparator(c.unicode()))
            other = true;
    }
    bool valid = false;
    int error = 0;
    if (!m_text.isEmpty()) {
        QByteArray utf8 = m_text.toUtf8();
        const auto parsed =
            parseIndividualNumber(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
        std::memset(utf8.data(), 0, static_cast<std::size_t>(utf8.size()));
        valid = parsed.ok();
        // While fewer than 12 digits are typed and nothing is wrong yet, it is "not finished", not an error.
        if (!valid && (other || digits >= static_cast<int>(kIndividualNumberDigits)))
            error = static_cast<int>(errorNumber(parsed.error().code()));
    }
    if (valid == m_valid && digits == m_digitCount && error == m_error)
        return;
    m_valid = valid;
    m_digitCount = digits;
    m_error = error;
    emit resultChanged();
}

} // namespace mamori::ui

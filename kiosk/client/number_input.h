// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// NumberInput: live validation of an individual number as the clerk types it, with the same parser
// the vault uses (services/common/number_validation.h): ASCII or full-width digits, spaces and the
// hyphens Japanese input methods produce. The view binds `text` to its field and shows `valid`,
// the digits typed so far, and — once the input is complete or cannot become valid — the error
// number (500 length, 501 character, 502 check digit), whose words come from the error catalogue.
// The number itself is never exposed back, never logged; clear() wipes this object's copy.
//
// Instantiated by the view (one per form); GUI thread only.

#include <QObject>
#include <QString>

namespace mamori::ui {

class NumberInput : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged FINAL)
    Q_PROPERTY(bool valid READ valid NOTIFY resultChanged FINAL)
    Q_PROPERTY(int digitCount READ digitCount NOTIFY resultChanged FINAL)
    // 0 while the input is empty, valid, or still being typed (fewer than 12 digits, nothing wrong yet).
    Q_PROPERTY(int error READ error NOTIFY resultChanged FINAL)

public:
    explicit NumberInput(QObject* parent = nullptr);
    ~NumberInput() override;

    QString text() const { return m_text; }
    void setText(const QString& text);
    bool valid() const { return m_valid; }
    int digitCount() const { return m_digitCount; }
    int error() const { return m_error; }

    Q_INVOKABLE void clear();

signals:
    void textChanged();
    void resultChanged();

private:
    void evaluate();

    QString m_text;
    bool m_valid = false;
    int m_digitCount = 0;
    int m_error = 0;
};

} // namespace mamori::ui

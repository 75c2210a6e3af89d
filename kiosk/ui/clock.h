// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Clock: the QML singleton `Clock` of Mamori.Kiosk — the wall-clock time the screens show. It
// ticks on every second boundary (not every 1000 ms from start, which drifts against the
// seconds) and the view formats `now` in the current language.
//
// Owned by the QML engine that created it; GUI thread only.

#include <QDateTime>
#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace mamori::ui {

class Clock : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QDateTime now READ now NOTIFY nowChanged FINAL)

public:
    explicit Clock(QObject* parent = nullptr);

    QDateTime now() const { return m_now; }

signals:
    void nowChanged();

private:
    void tick();

    QTimer m_timer;
    QDateTime m_now;
};

} // namespace mamori::ui

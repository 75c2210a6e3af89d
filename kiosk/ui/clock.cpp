// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/ui/clock.h"

namespace mamori::ui {

namespace {

// Wake a few milliseconds after the boundary so that a timer firing a little early still reads
// the new second.
constexpr int kAfterBoundaryMs = 5;

int msecsToNextSecond(const QDateTime& now) { return 1000 - now.time().msec() + kAfterBoundaryMs; }

} // namespace

Clock::Clock(QObject* parent) : QObject(parent), m_now(QDateTime::currentDateTime())
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Clock::tick);
    m_timer.start(msecsToNextSecond(m_now));
}

void Clock::tick()
{
    m_now = QDateTime::currentDateTime();
    emit nowChanged();
    m_timer.start(msecsToNextSecond(m_now));
}

} // namespace mamori::ui

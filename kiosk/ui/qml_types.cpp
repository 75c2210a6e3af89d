// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/ui/qml_types.h"

#include <QJSEngine>
#include <QPointer>

namespace mamori::ui {

namespace {
QPointer<Session>& installed()
{
    static QPointer<Session> session;
    return session;
}
} // namespace

void installSession(Session* session) { installed() = session; }

Session* SessionForeign::create(QQmlEngine* qmlEngine, QJSEngine* jsEngine)
{
    Q_UNUSED(qmlEngine)
    Q_UNUSED(jsEngine)
    if (Session* session = installed()) {
        QJSEngine::setObjectOwnership(session, QJSEngine::CppOwnership);
        return session;
    }
    return new Session(nullptr, nullptr); // owned by the engine
}

} // namespace mamori::ui

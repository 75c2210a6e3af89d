// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The kiosk's state types (kiosk/client, Qt Core only) made known to the QML module Mamori.Kiosk
// with QML_FOREIGN — registration by the module, never context properties (STYLE).
//
//   Session       singleton: the instance the app (or a test) installs with installSession()
//                 before the first engine loads; without one, an idle Session with no vault and
//                 no card reader (the standby screen alone, as in tst_standby_screen).
//   ClerkDesk, SubjectListModel, SubjectDetail, VerificationModel: reachable from Session, not creatable in QML.
//   OversightDesk, AuditLogModel, RecordListModel, BackupJob: the officer's and administrator's, from Session.
//   NumberInput   creatable: one per number field.
//
// GUI thread only.

#include "kiosk/client/audit_log_model.h"
#include "kiosk/client/clerk_desk.h"
#include "kiosk/client/number_input.h"
#include "kiosk/client/oversight_desk.h"
#include "kiosk/client/record_list_model.h"
#include "kiosk/client/session.h"
#include "kiosk/client/subject_detail.h"
#include "kiosk/client/subject_list_model.h"
#include "kiosk/client/verification_model.h"

#include <QtQml/qqml.h>
#include <QtQml/qqmlregistration.h>

class QJSEngine;
class QQmlEngine;

namespace mamori::ui {

// The Session every engine's `Session` singleton is (not owned: the installer keeps it alive
// longer than the engines). nullptr uninstalls.
void installSession(Session* session);

struct SessionForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::Session)
    QML_NAMED_ELEMENT(Session)
    QML_SINGLETON

public:
    static Session* create(QQmlEngine* qmlEngine, QJSEngine* jsEngine);
};

struct ClerkDeskForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::ClerkDesk)
    QML_NAMED_ELEMENT(ClerkDesk)
    QML_UNCREATABLE("ClerkDesk belongs to Session")
};

struct SubjectListModelForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::SubjectListModel)
    QML_NAMED_ELEMENT(SubjectListModel)
    QML_UNCREATABLE("SubjectListModel belongs to Session")
};

struct SubjectDetailForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::SubjectDetail)
    QML_NAMED_ELEMENT(SubjectDetail)
    QML_UNCREATABLE("SubjectDetail belongs to Session")
};

struct VerificationModelForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::VerificationModel)
    QML_NAMED_ELEMENT(VerificationModel)
    QML_UNCREATABLE("VerificationModel belongs to Session")
};

struct OversightDeskForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::OversightDesk)
    QML_NAMED_ELEMENT(OversightDesk)
    QML_UNCREATABLE("OversightDesk belongs to Session")
};

struct BackupJobForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::BackupJob)
    QML_NAMED_ELEMENT(BackupJob)
    QML_UNCREATABLE("BackupJob belongs to OversightDesk")
};

struct AuditLogModelForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::AuditLogModel)
    QML_NAMED_ELEMENT(AuditLogModel)
    QML_UNCREATABLE("AuditLogModel belongs to Session")
};

struct RecordListModelForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::RecordListModel)
    QML_NAMED_ELEMENT(RecordListModel)
    QML_UNCREATABLE("RecordListModel belongs to Session")
};

struct NumberInputForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::NumberInput)
    QML_NAMED_ELEMENT(NumberInput)
};

} // namespace mamori::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The clerk's import, export, disposal and document types (kiosk/client) made known to the QML
// module Mamori.Kiosk with QML_FOREIGN, as qml_types.h does for the rest: reachable from
// Session.desk, never created in QML. Registering them gives the pages their enums
// (ImportJob.Running, ExportJob.NoMedium, …) and typed properties.

#include "kiosk/client/destination_model.h"
#include "kiosk/client/document_model.h"
#include "kiosk/client/due_list_model.h"
#include "kiosk/client/export_job.h"
#include "kiosk/client/export_request_model.h"
#include "kiosk/client/import_issue_model.h"
#include "kiosk/client/import_job.h"
#include "kiosk/client/import_preview_model.h"

#include <QtQml/qqml.h>
#include <QtQml/qqmlregistration.h>

namespace mamori::ui {

struct ImportJobForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::ImportJob)
    QML_NAMED_ELEMENT(ImportJob)
    QML_UNCREATABLE("ImportJob belongs to ClerkDesk")
};

struct ExportJobForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::ExportJob)
    QML_NAMED_ELEMENT(ExportJob)
    QML_UNCREATABLE("ExportJob belongs to ClerkDesk")
};

struct ImportPreviewModelForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::ImportPreviewModel)
    QML_NAMED_ELEMENT(ImportPreviewModel)
    QML_UNCREATABLE("ImportPreviewModel belongs to ImportJob")
};

struct ImportIssueModelForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::ImportIssueModel)
    QML_NAMED_ELEMENT(ImportIssueModel)
    QML_UNCREATABLE("ImportIssueModel belongs to ImportJob")
};

struct DestinationModelForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::DestinationModel)
    QML_NAMED_ELEMENT(DestinationModel)
    QML_UNCREATABLE("DestinationModel belongs to ExportJob")
};

struct ExportRequestModelForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::ExportRequestModel)
    QML_NAMED_ELEMENT(ExportRequestModel)
    QML_UNCREATABLE("ExportRequestModel belongs to ExportJob")
};

struct DueListModelForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::DueListModel)
    QML_NAMED_ELEMENT(DueListModel)
    QML_UNCREATABLE("DueListModel belongs to ClerkDesk")
};

struct DocumentModelForeign {
    Q_GADGET
    QML_FOREIGN(mamori::ui::DocumentModel)
    QML_NAMED_ELEMENT(DocumentModel)
    QML_UNCREATABLE("DocumentModel belongs to SubjectDetail")
};

} // namespace mamori::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// How a failed vault call reaches the person at the terminal. mamori-vaultd answers a refusal with
// the D-Bus error org.mamori.Vault1.Error.<Name> and the message "E0nnn <Name>"; the number is the
// stable ErrorCode (services/common/error.h). The kiosk keeps only that number and shows the
// catalogue's message and suggested action in the UI language, with the code — never a developer
// context (STYLE principle 5). D-Bus failures that are not the vault's (no daemon, no reply, a
// dropped connection) become Unavailable or Timeout.
//
// Free functions, no state; any thread.

#include "services/common/error.h"

#include <QDBusError>
#include <QString>

namespace mamori::ui {

// The error number a vault reply stands for (e.g. 3 for PermissionDenied). Internal (1) when the
// reply names an error the kiosk does not know.
int errorNumberOf(const QDBusError& error);
// The ErrorCode for a number; Internal for an unknown one.
ErrorCode errorCodeOf(int number);
// "E0101": the code as the screen shows it.
QString errorCodeText(int number);
// What happened and what to do next, in the language `languageCode` ("ja" or "en"; anything else
// is English), followed by the code: "暗証番号が正しくありません。残り回数に注意して… (E0101)". Empty for 0.
QString errorText(int number, const QString& languageCode);

} // namespace mamori::ui

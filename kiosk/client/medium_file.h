// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Files the kiosk writes on the USB medium for the vault (an export, a backup): the kiosk creates
// the file, passes its descriptor over D-Bus, and gives it its final name only once the vault has
// written it. These are the shared steps; ExportJob and BackupJob own the rest. Plain functions,
// any thread.

#include <QString>

namespace mamori::ui {

// Creates `.mamori-<operation>-<random>.part` 0600 in `directory` (O_EXCL, O_NOFOLLOW) and returns
// its descriptor, with `path` set. On failure -1, and `error` is the error number to show
// (StorageFull, StorageIo).
int createMediumFile(const QString& directory, const QString& operation, QString& path, int& error);

// fsync on the directory, so a rename or an unlink reaches the medium before it is pulled out.
void syncDirectory(const QString& directory);

// Renames `temporary` to `name` in the same directory, or to `<base>-2.<ext>` … if that is taken;
// never replaces a file. The final file name, or a null string if the rename failed.
QString renameWithoutReplacing(const QString& temporary, const QString& name);

} // namespace mamori::ui

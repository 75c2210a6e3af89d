// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/medium_file.h"

#include "services/common/error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace mamori::ui {

namespace {

int number(ErrorCode code) { return static_cast<int>(errorNumber(code)); }

} // namespace

int createMediumFile(const QString& directory, const QString& operation, QString& path, int& error)
{
    for (int attempt = 0; attempt < 8; ++attempt) {
        path = QDir(directory).filePath(QStringLiteral(".mamori-%1-%2.part")
                                            .arg(operation)
                                            .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0')));
        const QByteArray native = QFile::encodeName(path);
        const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0)
            return fd;
        if (errno == EEXIST)
            continue;
        error = number(errno == ENOSPC || errno == EDQUOT ? ErrorCode::StorageFull : ErrorCode::StorageIo);
        return -1;
    }
    error = number(ErrorCode::StorageIo);
    return -1;
}

void syncDirectory(const QString& directory)
{
    const int fd = ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)::fsync(fd);
        ::close(fd);
    }
}

QString renameWithoutReplacing(const QString& temporary, const QString& name)
{
    // RENAME_NOREPLACE: the kernel refuses an existing target in the same step as the rename, so a
    // file that appears on the medium between a check and the rename is never replaced.
    const QFileInfo from(temporary);
    const QFileInfo shape(name);
    const QByteArray source = QFile::encodeName(temporary);
    for (int n = 1; n < 100; ++n) {
        const QString target =
            n == 1 ? from.dir().filePath(name)
                   : from.dir().filePath(
                         QStringLiteral("%1-%2.%3").arg(shape.completeBaseName()).arg(n).arg(shape.suffix()));
        if (::renameat2(AT_FDCWD, source.constData(), AT_FDCWD, QFile::encodeName(target).constData(),
                        RENAME_NOREPLACE) == 0)
            return QFileInfo(target).fileName();
        if (errno != EEXIST)
            return QString();
    }
    return QString();
}

} // namespace mamori::ui

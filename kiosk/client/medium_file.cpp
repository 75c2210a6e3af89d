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
    const QFileInfo from(temporary);
    QString target = from.dir().filePath(name);
    for (int n = 2; QFileInfo::exists(target) && n < 100; ++n) {
        const QFileInfo shape(name);
        target =
            from.dir().filePath(QStringLiteral("%1-%2.%3").arg(shape.completeBaseName()).arg(n).arg(shape.suffix()));
    }
    if (QFileInfo::exists(target) ||
        ::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(target).constData()) != 0)
        return QString();
    return QFileInfo(target).fileName();
}

} // namespace mamori::ui

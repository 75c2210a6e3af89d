// SPDX-License-Identifier: GPL-3.0-or-later
// Schema creation and forward migration, the SQLite wrapper's error translation, and refusal of
// files that are not (or no longer) vault databases — without ever writing to them.

#include "services/vault/vault_schema.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace mamori;
using namespace mamori::vault;

namespace {
QByteArray fileHash(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

bool tableExists(Database& db, const char* name)
{
    auto statement = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").value();
    statement.bind(1, std::string_view(name));
    return statement.step().value();
}
} // namespace

class TestVaultSchema : public QObject {
    Q_OBJECT

private slots:
    void createsCurrentSchema();
    void migratesVersion1File();
    void refusesNewerSchema();
    void refusesVersionWithoutItsTables();
    void refusesNonDatabaseWithoutWriting_data();
    void refusesNonDatabaseWithoutWriting();
    void missingFileNotCreatedInReadWrite();
    void errorTranslation_data();
    void errorTranslation();
    void transactionRollsBackUnlessCommitted();
    void constraintsHold();

private:
    QTemporaryDir m_dir;
};

void TestVaultSchema::createsCurrentSchema()
{
    const std::string path = m_dir.filePath("fresh.db").toStdString();
    Database db = Database::open(path, Database::Mode::ReadWriteCreate).value();
    QCOMPARE(schemaVersion(db).value(), 0u);
    QCOMPARE(migrate(db).value(), 0u);
    QCOMPARE(schemaVersion(db).value(), kSchemaVersion);
    for (const char* table : {"subjects", "numbers", "number_index", "audit_entries", "name_search"})
        QVERIFY2(tableExists(db, table), table);
    // Idempotent.
    QCOMPARE(migrate(db).value(), kSchemaVersion);
}

void TestVaultSchema::migratesVersion1File()
{
    const std::string path = m_dir.filePath("old.db").toStdString();
    {
        // A file as version 1 of Mamori left it, with a subject in it.
        Database db = Database::open(path, Database::Mode::ReadWriteCreate).value();
        QVERIFY(migrateTo(db, 1).ok());
        QCOMPARE(schemaVersion(db).value(), 1u);
        QVERIFY(!tableExists(db, "name_search"));
        QVERIFY(db.exec("INSERT INTO subjects (id, code, kind, wrapped_key, created_ms, updated_ms) "
                        "VALUES (zeroblob(16), 'E0001', 'employee', x'00', 1, 1)")
                    .ok());
    }
    Database db = Database::open(path, Database::Mode::ReadWrite).value();
    QCOMPARE(migrate(db).value(), 1u);
    QCOMPARE(schemaVersion(db).value(), kSchemaVersion);
    QVERIFY(tableExists(db, "name_search"));
    auto count = db.prepare("SELECT count(*) FROM subjects WHERE code = 'E0001'").value();
    QVERIFY(count.step().value());
    QCOMPARE(count.columnInt(0), std::int64_t(1));
}

void TestVaultSchema::refusesNewerSchema()
{
    const QString path = m_dir.filePath("newer.db");
    {
        Database db = Database::open(path.toStdString(), Database::Mode::ReadWriteCreate).value();
        QVERIFY(migrate(db).ok());
        QVERIFY(db.exec("PRAGMA user_version = 99").ok());
    }
    const QByteArray before = fileHash(path);
    Database db = Database::open(path.toStdString(), Database::Mode::ReadWrite).value();
    QCOMPARE(migrate(db).code(), ErrorCode::StorageCorrupt);
    db.close();
    QCOMPARE(fileHash(path), before);
}

void TestVaultSchema::refusesVersionWithoutItsTables()
{
    const std::string path = m_dir.filePath("liar.db").toStdString();
    Database db = Database::open(path, Database::Mode::ReadWriteCreate).value();
    QVERIFY(db.exec("CREATE TABLE t(x); PRAGMA user_version = 2").ok());
    QCOMPARE(migrate(db).code(), ErrorCode::StorageCorrupt);
}

void TestVaultSchema::refusesNonDatabaseWithoutWriting_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("text file") << QByteArray("this is not a database\n").repeated(100);
    QTest::newRow("random bytes") << QByteArray(8192, '\x5a');
    QByteArray header("SQLite format 3\0", 16);
    QTest::newRow("valid magic, garbage after") << (header + QByteArray(8192 - 16, '\xff'));
}

void TestVaultSchema::refusesNonDatabaseWithoutWriting()
{
    QFETCH(QByteArray, content);
    const QString path = m_dir.filePath("notadb.db");
    QFile::remove(path);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    const QByteArray before = fileHash(path);
    for (auto mode : {Database::Mode::ReadWrite, Database::Mode::ReadWriteCreate}) {
        const auto opened = Database::open(path.toStdString(), mode);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.code(), ErrorCode::StorageCorrupt);
    }
    QCOMPARE(fileHash(path), before);
}

void TestVaultSchema::missingFileNotCreatedInReadWrite()
{
    const QString path = m_dir.filePath("absent.db");
    QCOMPARE(Database::open(path.toStdString(), Database::Mode::ReadWrite).code(), ErrorCode::StorageIo);
    QVERIFY(!QFile::exists(path));
}

void TestVaultSchema::errorTranslation_data()
{
    QTest::addColumn<int>("sqliteCode");
    QTest::addColumn<int>("expected");
    QTest::newRow("corrupt") << SQLITE_CORRUPT << int(ErrorCode::StorageCorrupt);
    QTest::newRow("not a database") << SQLITE_NOTADB << int(ErrorCode::StorageCorrupt);
    QTest::newRow("disk full") << SQLITE_FULL << int(ErrorCode::StorageFull);
    QTest::newRow("I/O error") << SQLITE_IOERR << int(ErrorCode::StorageIo);
    QTest::newRow("extended I/O error (fsync)") << SQLITE_IOERR_FSYNC << int(ErrorCode::StorageIo);
    QTest::newRow("busy") << SQLITE_BUSY << int(ErrorCode::Unavailable);
    QTest::newRow("unique") << SQLITE_CONSTRAINT_UNIQUE << int(ErrorCode::AlreadyExists);
    QTest::newRow("primary key") << SQLITE_CONSTRAINT_PRIMARYKEY << int(ErrorCode::AlreadyExists);
    QTest::newRow("check") << SQLITE_CONSTRAINT_CHECK << int(ErrorCode::InvalidArgument);
    QTest::newRow("foreign key") << SQLITE_CONSTRAINT_FOREIGNKEY << int(ErrorCode::InvalidArgument);
    QTest::newRow("too big") << SQLITE_TOOBIG << int(ErrorCode::TooLarge);
    QTest::newRow("out of memory") << SQLITE_NOMEM << int(ErrorCode::ResourceExhausted);
    QTest::newRow("misuse") << SQLITE_MISUSE << int(ErrorCode::Internal);
}

void TestVaultSchema::errorTranslation()
{
    QFETCH(int, sqliteCode);
    QFETCH(int, expected);
    const Error error = sqliteError(sqliteCode, "test");
    QCOMPARE(int(error.code()), expected);
    // The code is in the context, in hex.
    QVERIFY(error.context().find("0x") != std::string::npos);
}

void TestVaultSchema::transactionRollsBackUnlessCommitted()
{
    const std::string path = m_dir.filePath("tx.db").toStdString();
    Database db = Database::open(path, Database::Mode::ReadWriteCreate).value();
    QVERIFY(db.exec("CREATE TABLE t(x INTEGER)").ok());
    {
        auto tx = Transaction::begin(db).value();
        QVERIFY(db.exec("INSERT INTO t VALUES (1)").ok());
    } // not committed
    {
        auto tx = Transaction::begin(db).value();
        QVERIFY(db.exec("INSERT INTO t VALUES (2)").ok());
        QVERIFY(tx.commit().ok());
    }
    auto sum = db.prepare("SELECT coalesce(sum(x), 0) FROM t").value();
    QVERIFY(sum.step().value());
    QCOMPARE(sum.columnInt(0), std::int64_t(2));
}

void TestVaultSchema::constraintsHold()
{
    const std::string path = m_dir.filePath("constraints.db").toStdString();
    Database db = Database::open(path, Database::Mode::ReadWriteCreate).value();
    QVERIFY(migrate(db).ok());
    QVERIFY(db.exec("PRAGMA foreign_keys = ON").ok());
    // A dependent needs a parent; an employee must not have one; ids are 16 bytes.
    QCOMPARE(db.exec("INSERT INTO subjects (id, code, kind, wrapped_key, created_ms, updated_ms) "
                     "VALUES (zeroblob(16), 'D1', 'dependent', x'00', 1, 1)")
                 .code(),
             ErrorCode::InvalidArgument);
    QCOMPARE(db.exec("INSERT INTO subjects (id, code, kind, wrapped_key, created_ms, updated_ms) "
                     "VALUES (zeroblob(15), 'E1', 'employee', x'00', 1, 1)")
                 .code(),
             ErrorCode::InvalidArgument);
    // A blind index row must point at an existing subject.
    QCOMPARE(db.exec("INSERT INTO number_index (blind, subject_id) VALUES (zeroblob(16), zeroblob(16))").code(),
             ErrorCode::InvalidArgument);
    // Two subjects cannot share a code.
    const char* employee = "INSERT INTO subjects (id, code, kind, wrapped_key, created_ms, updated_ms) "
                           "VALUES (randomblob(16), 'E2', 'employee', x'00', 1, 1)";
    QVERIFY(db.exec(employee).ok());
    QCOMPARE(db.exec(employee).code(), ErrorCode::AlreadyExists);
}

QTEST_GUILESS_MAIN(TestVaultSchema)
#include "tst_vault_schema.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/common/result.h"

#include <QTest>

#include <memory>

using namespace mamori;

namespace {

Result<int> half(int value)
{
    if (value % 2 != 0)
        return Error(ErrorCode::InvalidArgument, "odd");
    return value / 2;
}

Result<int> quarter(int value)
{
    MAMORI_ASSIGN_OR_RETURN(const int h, half(value));
    MAMORI_ASSIGN_OR_RETURN(const int q, half(h));
    return q;
}

Status checkEven(int value)
{
    MAMORI_TRY(half(value));
    return okStatus();
}

Result<std::unique_ptr<int>> makeBox(int value) { return std::make_unique<int>(value); }

} // namespace

class TestResult : public QObject {
    Q_OBJECT

private slots:
    void holdsValue();
    void holdsError();
    void propagatesWithMacros();
    void moveOnlyValues();
    void statusDefaultsToOk();
    void describeFormatsCodeAndContext();
};

void TestResult::holdsValue()
{
    const Result<int> r = half(8);
    QVERIFY(r.ok());
    QVERIFY(bool(r));
    QCOMPARE(r.value(), 4);
}

void TestResult::holdsError()
{
    const Result<int> r = half(7);
    QVERIFY(!r.ok());
    QCOMPARE(r.code(), ErrorCode::InvalidArgument);
    QCOMPARE(r.error().context(), std::string("odd"));
}

void TestResult::propagatesWithMacros()
{
    QCOMPARE(quarter(8).value(), 2);
    QCOMPARE(quarter(6).code(), ErrorCode::InvalidArgument); // fails at the second step
    QCOMPARE(quarter(5).code(), ErrorCode::InvalidArgument); // fails at the first step
    QVERIFY(checkEven(4).ok());
    QCOMPARE(checkEven(3).code(), ErrorCode::InvalidArgument);
}

void TestResult::moveOnlyValues()
{
    Result<std::unique_ptr<int>> r = makeBox(42);
    QVERIFY(r.ok());
    std::unique_ptr<int> box = std::move(r).value();
    QVERIFY(box);
    QCOMPARE(*box, 42);
}

void TestResult::statusDefaultsToOk()
{
    const Status s = okStatus();
    QVERIFY(s.ok());
    const Status failed = Error(ErrorCode::StorageFull);
    QVERIFY(!failed.ok());
    QCOMPARE(failed.code(), ErrorCode::StorageFull);
}

void TestResult::describeFormatsCodeAndContext()
{
    QCOMPARE(Error(ErrorCode::IndividualNumberCharacter, "invalid UTF-8").describe(),
             std::string("E0501 IndividualNumberCharacter: invalid UTF-8"));
    QCOMPARE(Error(ErrorCode::Internal).describe(), std::string("E0001 Internal"));
    QCOMPARE(Error(ErrorCode::StorageCorrupt, "x").describe(), std::string("E0300 StorageCorrupt: x"));
}

QTEST_GUILESS_MAIN(TestResult)
#include "tst_result.moc"

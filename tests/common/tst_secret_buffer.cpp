// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/common/secret_buffer.h"

#include <QTest>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

using namespace mamori;

namespace {
bool allZero(std::span<const std::uint8_t> bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}
} // namespace

class TestSecretBuffer : public QObject {
    Q_OBJECT

private slots:
    void createIsZeroed_data();
    void createIsZeroed();
    void sizeZeroRejected();
    void tooLargeRejected();
    void randomIsRandom();
    void copyOfCopies();
    void moveConstructEmptiesSource();
    void moveAssignReplaces();
    void wipeZeroes();
    void equalsComparesSizeAndContent();
    void defaultIsEmpty();
    void notCopyable();
};

void TestSecretBuffer::createIsZeroed_data()
{
    QTest::addColumn<int>("size");
    QTest::newRow("1 byte") << 1;
    QTest::newRow("32 bytes, a key") << 32;
    QTest::newRow("4097 bytes, over a page") << 4097;
    QTest::newRow("maximum") << int(SecretBuffer::kMaxSize);
}

void TestSecretBuffer::createIsZeroed()
{
    QFETCH(int, size);
    auto buffer = SecretBuffer::create(std::size_t(size));
    QVERIFY(buffer.ok());
    QCOMPARE(buffer.value().size(), std::size_t(size));
    QVERIFY(!buffer.value().empty());
    // sodium_malloc fills fresh memory with 0xdb; create() must have zeroed it.
    QVERIFY(allZero(buffer.value().bytes()));
}

void TestSecretBuffer::sizeZeroRejected()
{
    QCOMPARE(SecretBuffer::create(0).code(), ErrorCode::InvalidArgument);
    QCOMPARE(SecretBuffer::random(0).code(), ErrorCode::InvalidArgument);
    QCOMPARE(SecretBuffer::copyOf({}).code(), ErrorCode::InvalidArgument);
}

void TestSecretBuffer::tooLargeRejected()
{
    QCOMPARE(SecretBuffer::create(SecretBuffer::kMaxSize + 1).code(), ErrorCode::TooLarge);
}

void TestSecretBuffer::randomIsRandom()
{
    auto a = SecretBuffer::random(32);
    auto b = SecretBuffer::random(32);
    QVERIFY(a.ok() && b.ok());
    QVERIFY(!allZero(a.value().bytes()));
    QVERIFY(!a.value().equals(b.value()));
}

void TestSecretBuffer::copyOfCopies()
{
    std::array<std::uint8_t, 5> source{1, 2, 3, 4, 5};
    auto copy = SecretBuffer::copyOf(source);
    QVERIFY(copy.ok());
    QCOMPARE(copy.value().size(), source.size());
    QVERIFY(std::equal(source.begin(), source.end(), copy.value().data()));
    QVERIFY(copy.value().data() != source.data());
}

void TestSecretBuffer::moveConstructEmptiesSource()
{
    auto made = SecretBuffer::random(16);
    QVERIFY(made.ok());
    SecretBuffer first = std::move(made).value();
    const std::uint8_t* address = first.data();
    SecretBuffer second(std::move(first));
    QCOMPARE(second.data(), address);
    QCOMPARE(second.size(), std::size_t(16));
    QVERIFY(first.empty()); // NOLINT(bugprone-use-after-move): the moved-from state is what we test
    QVERIFY(first.data() == nullptr);
}

void TestSecretBuffer::moveAssignReplaces()
{
    SecretBuffer a = SecretBuffer::random(8).value();
    SecretBuffer b = SecretBuffer::create(24).value();
    const std::uint8_t* address = b.data();
    a = std::move(b);
    QCOMPARE(a.size(), std::size_t(24));
    QCOMPARE(a.data(), address);
    QVERIFY(b.empty()); // NOLINT(bugprone-use-after-move)
    // Self-move leaves the buffer intact.
    SecretBuffer& alias = a;
    a = std::move(alias);
    QCOMPARE(a.size(), std::size_t(24));
}

void TestSecretBuffer::wipeZeroes()
{
    SecretBuffer buffer = SecretBuffer::random(64).value();
    QVERIFY(!allZero(buffer.bytes()));
    buffer.wipe();
    QCOMPARE(buffer.size(), std::size_t(64));
    QVERIFY(allZero(buffer.bytes()));
    SecretBuffer empty;
    empty.wipe(); // no allocation: a no-op, not a crash
}

void TestSecretBuffer::equalsComparesSizeAndContent()
{
    std::array<std::uint8_t, 4> x{9, 8, 7, 6};
    std::array<std::uint8_t, 4> y{9, 8, 7, 5};
    std::array<std::uint8_t, 3> z{9, 8, 7};
    const SecretBuffer a = SecretBuffer::copyOf(x).value();
    const SecretBuffer a2 = SecretBuffer::copyOf(x).value();
    const SecretBuffer b = SecretBuffer::copyOf(y).value();
    const SecretBuffer c = SecretBuffer::copyOf(z).value();
    QVERIFY(a.equals(a2));
    QVERIFY(!a.equals(b));
    QVERIFY(!a.equals(c));
    QVERIFY(SecretBuffer().equals(SecretBuffer()));
}

void TestSecretBuffer::defaultIsEmpty()
{
    const SecretBuffer buffer;
    QVERIFY(buffer.empty());
    QCOMPARE(buffer.size(), std::size_t(0));
    QVERIFY(buffer.data() == nullptr);
    QVERIFY(buffer.bytes().empty());
}

void TestSecretBuffer::notCopyable()
{
    static_assert(!std::is_copy_constructible_v<SecretBuffer>);
    static_assert(!std::is_copy_assignable_v<SecretBuffer>);
    static_assert(std::is_nothrow_move_constructible_v<SecretBuffer>);
    static_assert(!std::is_convertible_v<SecretBuffer, std::string>);
    QVERIFY(true);
}

QTEST_GUILESS_MAIN(TestSecretBuffer)
#include "tst_secret_buffer.moc"

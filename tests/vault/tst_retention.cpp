// SPDX-License-Identifier: GPL-3.0-or-later
// Retention rules and the disposal-due computation: the Civil Code's way of counting periods
// (including 29 February), every default rule on both sides of its boundary, the example from the
// design (扶養控除等申告書 for 2018: disposable from 2026-01-11, not on 2026-01-10), subjects that have
// not left, documents still retained, dependents following their employee, and the rule table's
// text format (round trip, overrides, errors).

#include "services/vault/retention.h"

#include <QTest>

#include <set>
#include <string>

using namespace mamori;
using namespace mamori::vault;
using std::chrono::year_month_day;

namespace {

int code(ErrorCode c) { return int(errorNumber(c)); }

year_month_day ymd(int y, unsigned m, unsigned d)
{
    return year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

year_month_day fromIso(const QString& text)
{
    const QStringList parts = text.split(QLatin1Char('-'));
    return ymd(parts[0].toInt(), parts[1].toUInt(), parts[2].toUInt());
}

QString iso(const std::optional<year_month_day>& date)
{
    if (!date)
        return QStringLiteral("-");
    return QString::asprintf("%04d-%02u-%02u", int(date->year()), unsigned(date->month()), unsigned(date->day()));
}

year_month_day addDays(year_month_day date, int days)
{
    return year_month_day{std::chrono::sys_days{date} + std::chrono::days{days}};
}

DocumentFacts taxDocument(const char* rule, int taxYear)
{
    DocumentFacts facts;
    facts.ruleCode = rule;
    facts.taxYear = taxYear;
    return facts;
}

DocumentFacts completedDocument(const char* rule, std::optional<year_month_day> completed)
{
    DocumentFacts facts;
    facts.ruleCode = rule;
    facts.completedDate = completed;
    return facts;
}

SubjectFacts leftOn(year_month_day date)
{
    SubjectFacts subject;
    subject.status = SubjectStatus::Left;
    subject.statusDate = date;
    return subject;
}

const std::vector<RetentionRule>& rules()
{
    static const std::vector<RetentionRule> table = defaultRetentionRules();
    return table;
}

// Every default rule's code, with the facts and the last retained day checked in eachDefaultRule.
const char* const kDefaultCodes[] = {
    "fuyo_kojo_shinkokusho",
    "hokenryo_kojo_shinkokusho",
    "kiso_kojo_shinkokusho",
    "bangou_choubo",
    "gensen_choshuhyo",
    "shiharai_chosho",
    "koyo_hoken_shikaku_shutoku",
    "koyo_hoken_shikaku_soshitsu",
    "koyo_hoken",
    "shakai_hoken_shikaku_shutoku",
    "shakai_hoken_shikaku_soshitsu",
    "hifuyosha_ido_todoke",
    "shakai_hoken",
    "rodo_hoken",
};

} // namespace

class TestRetention : public QObject {
    Q_OBJECT

private slots:
    void periodLastDay_data();
    void periodLastDay();
    void designExample();
    void eachDefaultRule_data();
    void eachDefaultRule();
    void everyDefaultRuleIsTestedAndValid();
    void deadlineInAnotherYear();
    void missingFacts();
    void subjectNotLeft();
    void notYetLeft();
    void leftButOneDocumentRetained();
    void unknownRuleIsNeverDue();
    void leapDays();
    void dependentsFollowTheirEmployee();
    void rulesRoundTrip();
    void rulesFromText();
    void overrides();
    void ruleErrors_data();
    void ruleErrors();
    void names();
};

void TestRetention::periodLastDay_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<int>("years");
    QTest::addColumn<int>("months");
    QTest::addColumn<int>("days");
    QTest::addColumn<QString>("last");

    QTest::newRow("7 years from 11 January") << "2019-01-11" << 7 << 0 << 0 << "2026-01-10";
    QTest::newRow("2 years from 1 April") << "2020-04-01" << 2 << 0 << 0 << "2022-03-31";
    QTest::newRow("1 year from 1 January") << "2020-01-01" << 1 << 0 << 0 << "2020-12-31";
    QTest::newRow("from 29 Feb, no 29 Feb at the end") << "2020-02-29" << 2 << 0 << 0 << "2022-02-28";
    QTest::newRow("from 29 Feb to a leap year") << "2020-02-29" << 4 << 0 << 0 << "2024-02-28";
    QTest::newRow("from 1 March, ends on 28 Feb") << "2020-03-01" << 2 << 0 << 0 << "2022-02-28";
    QTest::newRow("from 1 March, ends on 29 Feb") << "2023-03-01" << 1 << 0 << 0 << "2024-02-29";
    QTest::newRow("from 29 Feb, one year") << "2024-02-29" << 1 << 0 << 0 << "2025-02-28";
    QTest::newRow("from 28 Feb in a leap year") << "2024-02-28" << 1 << 0 << 0 << "2025-02-27";
    QTest::newRow("one month from 31 Jan, leap") << "2020-01-31" << 0 << 1 << 0 << "2020-02-29";
    QTest::newRow("one month from 31 Jan") << "2021-01-31" << 0 << 1 << 0 << "2021-02-28";
    QTest::newRow("one month from 30 April") << "2021-04-30" << 0 << 1 << 0 << "2021-05-29";
    QTest::newRow("13 months") << "2020-12-15" << 0 << 13 << 0 << "2022-01-14";
    QTest::newRow("30 days") << "2020-01-01" << 0 << 0 << 30 << "2020-01-30";
    QTest::newRow("30 days across 29 Feb") << "2020-02-15" << 0 << 0 << 30 << "2020-03-15";
    QTest::newRow("years then days") << "2019-01-11" << 7 << 0 << 10 << "2026-01-20";
    QTest::newRow("zero length") << "2020-01-01" << 0 << 0 << 0 << "2019-12-31";
}

void TestRetention::periodLastDay()
{
    QFETCH(QString, first);
    QFETCH(int, years);
    QFETCH(int, months);
    QFETCH(int, days);
    QFETCH(QString, last);
    QCOMPARE(iso(mamori::vault::periodLastDay(fromIso(first), years, months, days)), last);
}

void TestRetention::designExample()
{
    // 扶養控除等申告書 for 2018, filed by 2018-01-10: kept 7 years from 2019-01-11.
    const RetentionRule* rule = findRetentionRule(rules(), "fuyo_kojo_shinkokusho");
    QVERIFY(rule != nullptr);
    DocumentFacts byYear = taxDocument("fuyo_kojo_shinkokusho", 2018);
    DocumentFacts byDeadline;
    byDeadline.ruleCode = "fuyo_kojo_shinkokusho";
    byDeadline.deadlineDate = ymd(2018, 1, 10);
    byDeadline.filedDate = ymd(2018, 1, 10);
    for (const DocumentFacts& document : {byYear, byDeadline}) {
        const auto period = retentionEnd(*rule, document);
        QVERIFY(period.ok());
        QCOMPARE(iso(period.value().anchorDate), QStringLiteral("2019-01-10"));
        QCOMPARE(iso(period.value().firstDay), QStringLiteral("2019-01-11"));
        QCOMPARE(iso(period.value().lastRetainedDay), QStringLiteral("2026-01-10"));
        QCOMPARE(iso(period.value().firstDisposableDay), QStringLiteral("2026-01-11"));

        // The employee left in 2020.
        const SubjectFacts subject = leftOn(ymd(2020, 3, 31));
        const std::vector<DocumentFacts> documents{document};
        const auto onTheLastDay = dueForDisposal(subject, documents, rules(), ymd(2026, 1, 10));
        QVERIFY(!onTheLastDay.due);
        QCOMPARE(onTheLastDay.reason, DisposalBlock::DocumentRetained);
        QCOMPARE(iso(onTheLastDay.dueFrom), QStringLiteral("2026-01-11"));
        QVERIFY(onTheLastDay.blockingDocument == std::size_t(0));
        const auto theDayAfter = dueForDisposal(subject, documents, rules(), ymd(2026, 1, 11));
        QVERIFY(theDayAfter.due);
        QCOMPARE(theDayAfter.reason, DisposalBlock::None);
        QCOMPARE(iso(theDayAfter.dueFrom), QStringLiteral("2026-01-11"));
        // Years later it is still due (and still says since when).
        const auto later = dueForDisposal(subject, documents, rules(), ymd(2030, 6, 1));
        QVERIFY(later.due);
        QCOMPARE(iso(later.dueFrom), QStringLiteral("2026-01-11"));
    }
}

void TestRetention::eachDefaultRule_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<int>("taxYear");       // 0: none
    QTest::addColumn<QString>("completed"); // "": none
    QTest::addColumn<QString>("last");

    QTest::newRow("fuyo_kojo_shinkokusho") << "fuyo_kojo_shinkokusho" << 2018 << ""
                                           << "2026-01-10";
    QTest::newRow("hokenryo_kojo_shinkokusho") << "hokenryo_kojo_shinkokusho" << 2023 << ""
                                               << "2031-01-10";
    QTest::newRow("kiso_kojo_shinkokusho") << "kiso_kojo_shinkokusho" << 2020 << ""
                                           << "2028-01-10";
    QTest::newRow("bangou_choubo") << "bangou_choubo" << 2024 << ""
                                   << "2032-01-10";
    QTest::newRow("gensen_choshuhyo") << "gensen_choshuhyo" << 2023 << ""
                                      << "2031-01-31";
    QTest::newRow("shiharai_chosho") << "shiharai_chosho" << 2023 << ""
                                     << "2031-01-31";
    QTest::newRow("koyo_hoken_shikaku_shutoku") << "koyo_hoken_shikaku_shutoku" << 0 << "2024-03-31"
                                                << "2028-03-31";
    QTest::newRow("koyo_hoken_shikaku_soshitsu") << "koyo_hoken_shikaku_soshitsu" << 0 << "2024-04-10"
                                                 << "2028-04-10";
    QTest::newRow("koyo_hoken") << "koyo_hoken" << 0 << "2021-06-30"
                                << "2025-06-30";
    QTest::newRow("shakai_hoken_shikaku_shutoku") << "shakai_hoken_shikaku_shutoku" << 0 << "2024-03-31"
                                                  << "2026-03-31";
    QTest::newRow("shakai_hoken_shikaku_soshitsu") << "shakai_hoken_shikaku_soshitsu" << 0 << "2024-04-05"
                                                   << "2026-04-05";
    QTest::newRow("hifuyosha_ido_todoke") << "hifuyosha_ido_todoke" << 0 << "2022-12-31"
                                          << "2024-12-31";
    QTest::newRow("shakai_hoken") << "shakai_hoken" << 0 << "2023-01-01"
                                  << "2025-01-01";
    QTest::newRow("rodo_hoken") << "rodo_hoken" << 0 << "2023-03-31"
                                << "2026-03-31";
}

void TestRetention::eachDefaultRule()
{
    QFETCH(QString, rule);
    QFETCH(int, taxYear);
    QFETCH(QString, completed);
    QFETCH(QString, last);
    const std::string ruleCode = rule.toStdString();
    const RetentionRule* found = findRetentionRule(rules(), ruleCode);
    QVERIFY(found != nullptr);
    DocumentFacts document;
    document.ruleCode = ruleCode;
    if (taxYear != 0)
        document.taxYear = taxYear;
    if (!completed.isEmpty())
        document.completedDate = fromIso(completed);
    const auto period = retentionEnd(*found, document);
    QVERIFY(period.ok());
    QCOMPARE(iso(period.value().lastRetainedDay), last);
    QCOMPARE(iso(period.value().firstDisposableDay), iso(addDays(fromIso(last), 1)));

    // On both sides of the boundary, for someone who left long before.
    const SubjectFacts subject = leftOn(ymd(2001, 3, 31));
    const std::vector<DocumentFacts> documents{document};
    const auto before = dueForDisposal(subject, documents, rules(), fromIso(last));
    QVERIFY(!before.due);
    QCOMPARE(before.reason, DisposalBlock::DocumentRetained);
    const auto after = dueForDisposal(subject, documents, rules(), addDays(fromIso(last), 1));
    QVERIFY(after.due);
    QCOMPARE(iso(after.dueFrom), iso(addDays(fromIso(last), 1)));
}

void TestRetention::everyDefaultRuleIsTestedAndValid()
{
    std::set<std::string> codes;
    for (const RetentionRule& rule : rules()) {
        QVERIFY(validateRetentionRule(rule).ok());
        QVERIFY(!rule.nameJa.empty());
        QVERIFY(!rule.basis.empty());
        QVERIFY(rule.years > 0);
        QVERIFY(codes.insert(rule.code).second);
    }
    QCOMPARE(codes.size(), std::size(kDefaultCodes));
    for (const char* code : kDefaultCodes)
        QVERIFY(codes.count(code) == 1);
    // The periods DESIGN §3 names.
    QCOMPARE(findRetentionRule(rules(), "fuyo_kojo_shinkokusho")->years, 7);
    QCOMPARE(findRetentionRule(rules(), "koyo_hoken")->years, 4);
    QCOMPARE(findRetentionRule(rules(), "rodo_hoken")->years, 3);
    QCOMPARE(findRetentionRule(rules(), "shakai_hoken")->years, 2);
    QCOMPARE(findRetentionRule(rules(), "bangou_choubo")->anchor, RetentionAnchor::TaxDeadlineNextYearJan10);
}

void TestRetention::deadlineInAnotherYear()
{
    const RetentionRule* rule = findRetentionRule(rules(), "fuyo_kojo_shinkokusho");
    // A recorded deadline wins over the tax year: a deadline in late 2017 counts from 2018-01-11.
    DocumentFacts document = taxDocument("fuyo_kojo_shinkokusho", 2018);
    document.deadlineDate = ymd(2017, 12, 28);
    auto period = retentionEnd(*rule, document);
    QVERIFY(period.ok());
    QCOMPARE(iso(period.value().lastRetainedDay), QStringLiteral("2025-01-10"));

    // A rule whose deadline falls in the year after the tax year.
    RetentionRule shifted = *rule;
    shifted.deadlineYearOffset = 1;
    period = retentionEnd(shifted, taxDocument("fuyo_kojo_shinkokusho", 2018));
    QVERIFY(period.ok());
    QCOMPARE(iso(period.value().lastRetainedDay), QStringLiteral("2027-01-10"));

    // 源泉徴収票 with an explicit deadline date.
    DocumentFacts slip;
    slip.ruleCode = "gensen_choshuhyo";
    slip.deadlineDate = ymd(2024, 1, 31);
    period = retentionEnd(*findRetentionRule(rules(), "gensen_choshuhyo"), slip);
    QVERIFY(period.ok());
    QCOMPARE(iso(period.value().lastRetainedDay), QStringLiteral("2031-01-31"));

    // From filing.
    RetentionRule filed;
    filed.code = "custom_filed";
    filed.nameJa = "独自の書類";
    filed.anchor = RetentionAnchor::FromFiling;
    filed.years = 5;
    DocumentFacts custom;
    custom.ruleCode = "custom_filed";
    custom.filedDate = ymd(2020, 6, 30);
    period = retentionEnd(filed, custom);
    QVERIFY(period.ok());
    QCOMPARE(iso(period.value().lastRetainedDay), QStringLiteral("2025-06-30"));
}

void TestRetention::missingFacts()
{
    const auto noYear = retentionEnd(*findRetentionRule(rules(), "fuyo_kojo_shinkokusho"), DocumentFacts{});
    QVERIFY(!noYear.ok());
    QCOMPARE(noYear.code(), ErrorCode::InvalidArgument);
    const auto noCompletion =
        retentionEnd(*findRetentionRule(rules(), "koyo_hoken"), completedDocument("koyo_hoken", std::nullopt));
    QVERIFY(!noCompletion.ok());
    RetentionRule filed{"custom_filed", "独自の書類", RetentionAnchor::FromFiling, 5, 0, 0, 0, 0, 0, ""};
    QVERIFY(!retentionEnd(filed, DocumentFacts{}).ok());
    DocumentFacts outOfRange = taxDocument("fuyo_kojo_shinkokusho", 20000);
    QVERIFY(!retentionEnd(*findRetentionRule(rules(), "fuyo_kojo_shinkokusho"), outOfRange).ok());
    // An invalid rule is refused rather than applied.
    RetentionRule broken = filed;
    broken.years = -1;
    DocumentFacts withFiling;
    withFiling.filedDate = ymd(2020, 1, 1);
    QVERIFY(!retentionEnd(broken, withFiling).ok());

    // In the due computation a missing date blocks disposal and names the document...
    const std::vector<DocumentFacts> documents{taxDocument("fuyo_kojo_shinkokusho", 2010),
                                               completedDocument("fuyo_kojo_shinkokusho", ymd(2010, 1, 1))};
    const auto assessment = dueForDisposal(leftOn(ymd(2011, 3, 31)), documents, rules(), ymd(2040, 1, 1));
    QVERIFY(!assessment.due);
    QCOMPARE(assessment.reason, DisposalBlock::DocumentFactsMissing);
    QVERIFY(assessment.blockingDocument == std::size_t(1));
    QVERIFY(!assessment.dueFrom.has_value());
    // ...but a missing completion date is the day the person left.
    const std::vector<DocumentFacts> open{completedDocument("koyo_hoken", std::nullopt)};
    const auto byLeaving = dueForDisposal(leftOn(ymd(2020, 3, 31)), open, rules(), ymd(2024, 3, 31));
    QVERIFY(!byLeaving.due);
    QCOMPARE(iso(byLeaving.dueFrom), QStringLiteral("2024-04-01"));
    QVERIFY(dueForDisposal(leftOn(ymd(2020, 3, 31)), open, rules(), ymd(2024, 4, 1)).due);
}

void TestRetention::subjectNotLeft()
{
    const std::vector<DocumentFacts> documents{taxDocument("fuyo_kojo_shinkokusho", 2018)};
    SubjectFacts active;
    for (const year_month_day today : {ymd(2026, 1, 11), ymd(2099, 12, 31)}) {
        const auto assessment = dueForDisposal(active, documents, rules(), today);
        QVERIFY(!assessment.due);
        QCOMPARE(assessment.reason, DisposalBlock::SubjectActive);
        QVERIFY(!assessment.dueFrom.has_value());
    }
    // No documents at all changes nothing while the person is employed.
    QVERIFY(!dueForDisposal(active, {}, rules(), ymd(2099, 1, 1)).due);

    SubjectFacts noDate;
    noDate.status = SubjectStatus::Left;
    const auto unknown = dueForDisposal(noDate, documents, rules(), ymd(2099, 1, 1));
    QVERIFY(!unknown.due);
    QCOMPARE(unknown.reason, DisposalBlock::StatusDateUnknown);
    QVERIFY(!unknown.dueFrom.has_value());
}

void TestRetention::notYetLeft()
{
    const SubjectFacts subject = leftOn(ymd(2025, 3, 31));
    const auto onTheLastDay = dueForDisposal(subject, {}, rules(), ymd(2025, 3, 31));
    QVERIFY(!onTheLastDay.due);
    QCOMPARE(onTheLastDay.reason, DisposalBlock::NotYetLeft);
    QCOMPARE(iso(onTheLastDay.dueFrom), QStringLiteral("2025-04-01"));
    const auto before = dueForDisposal(subject, {}, rules(), ymd(2024, 1, 1));
    QCOMPARE(before.reason, DisposalBlock::NotYetLeft);
    const auto after = dueForDisposal(subject, {}, rules(), ymd(2025, 4, 1));
    QVERIFY(after.due);
    QCOMPARE(iso(after.dueFrom), QStringLiteral("2025-04-01"));
}

void TestRetention::leftButOneDocumentRetained()
{
    const SubjectFacts subject = leftOn(ymd(2024, 3, 31));
    const std::vector<DocumentFacts> documents{
        taxDocument("fuyo_kojo_shinkokusho", 2018),                          // until 2026-01-10
        completedDocument("shakai_hoken_shikaku_shutoku", ymd(2024, 3, 31)), // until 2026-03-31
        completedDocument("koyo_hoken_shikaku_shutoku", std::nullopt),       // until 2028-03-31
        taxDocument("gensen_choshuhyo", 2024),                               // until 2032-01-31
    };
    const auto in2027 = dueForDisposal(subject, documents, rules(), ymd(2027, 1, 1));
    QVERIFY(!in2027.due);
    QCOMPARE(in2027.reason, DisposalBlock::DocumentRetained);
    QVERIFY(in2027.blockingDocument == std::size_t(3));
    QCOMPARE(iso(in2027.dueFrom), QStringLiteral("2032-02-01"));

    // Without the 源泉徴収票, the 雇用保険 filing holds it until 2028-03-31.
    const std::vector<DocumentFacts> three(documents.begin(), documents.begin() + 3);
    const auto onItsLastDay = dueForDisposal(subject, three, rules(), ymd(2028, 3, 31));
    QVERIFY(!onItsLastDay.due);
    QCOMPARE(onItsLastDay.reason, DisposalBlock::DocumentRetained);
    QVERIFY(onItsLastDay.blockingDocument == std::size_t(2));
    QCOMPARE(iso(onItsLastDay.dueFrom), QStringLiteral("2028-04-01"));
    QVERIFY(dueForDisposal(subject, three, rules(), ymd(2028, 4, 1)).due);
}

void TestRetention::unknownRuleIsNeverDue()
{
    const std::vector<DocumentFacts> documents{taxDocument("fuyo_kojo_shinkokusho", 2000),
                                               taxDocument("no_such_rule", 2000)};
    const auto assessment = dueForDisposal(leftOn(ymd(2001, 1, 1)), documents, rules(), ymd(2099, 1, 1));
    QVERIFY(!assessment.due);
    QCOMPARE(assessment.reason, DisposalBlock::UnknownRule);
    QVERIFY(assessment.blockingDocument == std::size_t(1));
    QVERIFY(!assessment.dueFrom.has_value());
}

void TestRetention::leapDays()
{
    // Left on 29 February: due from 1 March.
    const auto leapLeaver = dueForDisposal(leftOn(ymd(2024, 2, 29)), {}, rules(), ymd(2024, 3, 1));
    QVERIFY(leapLeaver.due);
    QCOMPARE(iso(leapLeaver.dueFrom), QStringLiteral("2024-03-01"));
    QVERIFY(!dueForDisposal(leftOn(ymd(2024, 2, 29)), {}, rules(), ymd(2024, 2, 29)).due);

    // 労働保険 (3 years) completed on 28 or 29 February 2024: both end on 2027-02-28.
    for (const unsigned day : {28u, 29u}) {
        const std::vector<DocumentFacts> documents{completedDocument("rodo_hoken", ymd(2024, 2, day))};
        const auto assessment = dueForDisposal(leftOn(ymd(2024, 2, 29)), documents, rules(), ymd(2027, 2, 28));
        QVERIFY(!assessment.due);
        QCOMPARE(iso(assessment.dueFrom), QStringLiteral("2027-03-01"));
        QVERIFY(dueForDisposal(leftOn(ymd(2024, 2, 29)), documents, rules(), ymd(2027, 3, 1)).due);
    }
    // 雇用保険 (4 years) completed on 28 February 2024 runs from 29 February to 28 February 2028.
    const std::vector<DocumentFacts> toLeapYear{completedDocument("koyo_hoken", ymd(2024, 2, 28))};
    const auto fourYears = dueForDisposal(leftOn(ymd(2024, 2, 28)), toLeapYear, rules(), ymd(2028, 2, 28));
    QVERIFY(!fourYears.due);
    QCOMPARE(iso(fourYears.dueFrom), QStringLiteral("2028-02-29"));
    QVERIFY(dueForDisposal(leftOn(ymd(2024, 2, 28)), toLeapYear, rules(), ymd(2028, 2, 29)).due);
    // 社会保険 (2 years) completed on 28 February 2023 runs from 1 March 2023 to 28 February 2025.
    const auto social =
        retentionEnd(*findRetentionRule(rules(), "shakai_hoken"), completedDocument("shakai_hoken", ymd(2023, 2, 28)));
    QVERIFY(social.ok());
    QCOMPARE(iso(social.value().lastRetainedDay), QStringLiteral("2025-02-28"));
}

void TestRetention::dependentsFollowTheirEmployee()
{
    // A dependent still "active" whose employee left: due from the day after the employee left.
    SubjectFacts dependent;
    dependent.parentStatus = SubjectStatus::Left;
    dependent.parentStatusDate = ymd(2023, 3, 31);
    auto assessment = dueForDisposal(dependent, {}, rules(), ymd(2023, 4, 1));
    QVERIFY(assessment.due);
    QCOMPARE(iso(assessment.dueFrom), QStringLiteral("2023-04-01"));

    // The relationship ended first: that date counts.
    dependent.status = SubjectStatus::Ended;
    dependent.statusDate = ymd(2022, 12, 31);
    assessment = dueForDisposal(dependent, {}, rules(), ymd(2023, 1, 1));
    QVERIFY(assessment.due);
    QCOMPARE(iso(assessment.dueFrom), QStringLiteral("2023-01-01"));

    // Relationship ended, employee still employed: due, unless the 申告書 listing the dependent is kept.
    SubjectFacts ended;
    ended.status = SubjectStatus::Ended;
    ended.statusDate = ymd(2022, 12, 31);
    ended.parentStatus = SubjectStatus::Active;
    const std::vector<DocumentFacts> documents{taxDocument("fuyo_kojo_shinkokusho", 2022)};
    assessment = dueForDisposal(ended, documents, rules(), ymd(2024, 1, 1));
    QVERIFY(!assessment.due);
    QCOMPARE(assessment.reason, DisposalBlock::DocumentRetained);
    QCOMPARE(iso(assessment.dueFrom), QStringLiteral("2030-01-11"));

    // Both active: not due.
    SubjectFacts bothActive;
    bothActive.parentStatus = SubjectStatus::Active;
    QCOMPARE(dueForDisposal(bothActive, {}, rules(), ymd(2099, 1, 1)).reason, DisposalBlock::SubjectActive);
}

void TestRetention::rulesRoundTrip()
{
    const std::string text = formatRetentionRules(rules());
    const auto parsed = parseRetentionRules(text);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().size(), rules().size());
    for (std::size_t i = 0; i < rules().size(); ++i)
        QVERIFY(parsed.value()[i] == rules()[i]);
    // Fields that need quoting survive.
    RetentionRule odd{"odd", "名前, \"引用\"\n二行目", RetentionAnchor::FromDeadline, 1, 2, 3, 1, 12, 31, "#basis"};
    const std::vector<RetentionRule> one{odd};
    const auto again = parseRetentionRules(formatRetentionRules(one));
    QVERIFY(again.ok());
    QCOMPARE(again.value().size(), std::size_t(1));
    QVERIFY(again.value()[0] == odd);
}

void TestRetention::rulesFromText()
{
    const std::string text = "\xEF\xBB\xBF# Organisation overrides\r\n"
                             "years,code,anchor,name_ja,deadline\r\n"
                             "# keep the 申告書 longer\r\n"
                             "10,fuyo_kojo_shinkokusho,tax_deadline_next_year_jan10,扶養控除等申告書,\r\n"
                             "5,nenkin_custom,from_deadline,独自の届出,Y+1-03-15\r\n"
                             "3,filed_custom,from_filing,\"届出, 控え\",\r\n";
    const auto parsed = parseRetentionRules(text);
    QVERIFY(parsed.ok());
    const auto& table = parsed.value();
    QCOMPARE(table.size(), std::size_t(3));
    QCOMPARE(table[0].years, 10);
    QCOMPARE(table[0].months, 0);
    QVERIFY(table[0].basis.empty());
    QCOMPARE(table[1].anchor, RetentionAnchor::FromDeadline);
    QCOMPARE(table[1].deadlineYearOffset, 1);
    QCOMPARE(int(table[1].deadlineMonth), 3);
    QCOMPARE(int(table[1].deadlineDay), 15);
    QVERIFY(table[2].nameJa == "届出, 控え");
    const auto period = retentionEnd(table[1], taxDocument("nenkin_custom", 2020));
    QVERIFY(period.ok());
    QCOMPARE(iso(period.value().lastRetainedDay), QStringLiteral("2026-03-15"));
}

void TestRetention::overrides()
{
    const auto custom = parseRetentionRules("code,name_ja,anchor,years\n"
                                            "fuyo_kojo_shinkokusho,扶養控除等申告書,tax_deadline_next_year_jan10,10\n"
                                            "kintai,勤怠記録,from_completion,5\n");
    QVERIFY(custom.ok());
    const auto merged = mergeRetentionRules(rules(), custom.value());
    QCOMPARE(merged.size(), rules().size() + 1);
    QCOMPARE(findRetentionRule(merged, "fuyo_kojo_shinkokusho")->years, 10);
    QCOMPARE(findRetentionRule(merged, "kintai")->years, 5);
    QCOMPARE(findRetentionRule(merged, "koyo_hoken")->years, 4);
    // The override moves the design example's disposal day by three years.
    const std::vector<DocumentFacts> documents{taxDocument("fuyo_kojo_shinkokusho", 2018)};
    const auto assessment = dueForDisposal(leftOn(ymd(2020, 3, 31)), documents, merged, ymd(2026, 1, 11));
    QVERIFY(!assessment.due);
    QCOMPARE(iso(assessment.dueFrom), QStringLiteral("2029-01-11"));
}

void TestRetention::ruleErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("expectedCode");
    QTest::addColumn<QString>("where");
    const int bad = code(ErrorCode::InvalidArgument);
    const QByteArray header = "code,name_ja,anchor,years,months,days,deadline,basis\n";

    QTest::newRow("empty") << QByteArray() << bad << "no header";
    QTest::newRow("only comments") << QByteArray("# nothing\n") << bad << "no header";
    QTest::newRow("unknown column") << QByteArray("code,name_ja,anchor,years,colour\n") << bad << "line 1";
    QTest::newRow("column twice") << QByteArray("code,name_ja,anchor,years,code\n") << bad << "line 1";
    QTest::newRow("years column missing") << QByteArray("code,name_ja,anchor\n") << bad << "years";
    QTest::newRow("unknown anchor") << header + "a,名前,from_birth,7,,,,\n" << bad << "line 2";
    QTest::newRow("years not a number") << header + "a,名前,from_filing,seven,,,,\n" << bad << "line 2";
    QTest::newRow("years empty") << header + "a,名前,from_filing,,,,,\n" << bad << "line 2";
    QTest::newRow("negative years") << header + "a,名前,from_filing,-1,,,,\n" << bad << "line 2";
    QTest::newRow("years over 100") << header + "a,名前,from_filing,101,,,,\n" << bad << "line 2";
    QTest::newRow("months over the limit") << header + "a,名前,from_filing,1,1201,,,\n" << bad << "line 2";
    QTest::newRow("upper-case code") << header + "Fuyo,名前,from_filing,7,,,,\n" << bad << "line 2";
    QTest::newRow("empty name") << header + "a,,from_filing,7,,,,\n" << bad << "line 2";
    QTest::newRow("bad deadline") << header + "a,名前,from_deadline,7,,,X+1,\n" << bad << "line 2";
    QTest::newRow("deadline month 13") << header + "a,名前,from_deadline,7,,,Y+1-13-01,\n" << bad << "line 2";
    QTest::newRow("deadline 29 February") << header + "a,名前,from_deadline,7,,,Y+1-02-29,\n" << bad << "line 2";
    QTest::newRow("deadline day for a completion rule") << header + "a,名前,from_completion,7,,,Y-01-31,\n"
                                                        << bad << "line 2";
    QTest::newRow("deadline year for a filing rule") << header + "a,名前,from_filing,7,,,Y+1,\n" << bad << "line 2";
    QTest::newRow("code twice") << header +
                                       "a,名前,from_filing,7,,,,\nb,名前,from_filing,7,,,,\na,名前,from_filing,1,,,,\n"
                                << bad << "line 4";
    QTest::newRow("too many fields") << header + "a,名前,from_filing,7,,,,,extra\n" << bad << "line 2";
    QTest::newRow("unterminated quote") << header + "a,\"名前,from_filing,7,,,,\n" << bad << "line 2";
    QTest::newRow("not UTF-8") << header + "a,\x8E\x81,from_filing,7,,,,\n" << code(ErrorCode::InvalidUtf8) << "line 2";
}

void TestRetention::ruleErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(int, expectedCode);
    QFETCH(QString, where);
    const auto parsed = parseRetentionRules(std::string_view(text.constData(), std::size_t(text.size())));
    QVERIFY(!parsed.ok());
    QCOMPARE(code(parsed.code()), expectedCode);
    QVERIFY2(parsed.error().context().find(where.toStdString()) != std::string::npos, parsed.error().context().c_str());
}

void TestRetention::names()
{
    for (const RetentionAnchor anchor : {RetentionAnchor::TaxDeadlineNextYearJan10, RetentionAnchor::FromDeadline,
                                         RetentionAnchor::FromFiling, RetentionAnchor::FromCompletion})
        QVERIFY(retentionAnchorFromName(retentionAnchorName(anchor)) == anchor);
    QVERIFY(!retentionAnchorFromName("from_birth").has_value());
    std::set<std::string_view> blocks;
    for (const DisposalBlock block :
         {DisposalBlock::None, DisposalBlock::SubjectActive, DisposalBlock::StatusDateUnknown,
          DisposalBlock::NotYetLeft, DisposalBlock::DocumentRetained, DisposalBlock::UnknownRule,
          DisposalBlock::DocumentFactsMissing})
        QVERIFY(blocks.insert(disposalBlockName(block)).second);
}

QTEST_GUILESS_MAIN(TestRetention)
#include "tst_retention.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The whole access matrix: every operation × every role × in and out of the clerk's departments ×
// with and without a notified purpose. The expectations are written out here independently of
// policy.cpp's table, as the specification it must meet.

#include "services/vault/policy.h"

#include <QTest>

using namespace mamori;
using namespace mamori::vault;

Q_DECLARE_METATYPE(mamori::vault::Operation)
Q_DECLARE_METATYPE(mamori::vault::Role)

namespace {

constexpr Operation kAllOperations[] = {
    Operation::ListSubjects,
    Operation::SearchSubjects,
    Operation::ViewSubject,
    Operation::RevealNumber,
    Operation::RegisterSubject,
    Operation::EditSubject,
    Operation::RegisterNumber,
    Operation::RecordVerification,
    Operation::RecordDocument,
    Operation::Import,
    Operation::Export,
    Operation::Provide,
    Operation::ViewDueList,
    Operation::RequestDisposal,
    Operation::ApproveDisposal,
    Operation::ExecuteDisposal,
    Operation::ReviewActivity,
    Operation::QueryAudit,
    Operation::ExportAuditBundle,
    Operation::EnrolCard,
    Operation::RevokeCard,
    Operation::Backup,
    Operation::Restore,
    Operation::ConfigureDevice,
    Operation::ApproveExport,
    Operation::QueryDestinations,
    Operation::ListCards,
    Operation::PullAuditLog,
    Operation::ReportDelivery,
};

// Which roles may perform each operation at all (in scope, with a notified purpose).
bool expectedAllowed(Operation op, Role role)
{
    switch (op) {
    case Operation::ListSubjects:
    case Operation::SearchSubjects:
    case Operation::ViewSubject:
    case Operation::ViewDueList:
    case Operation::ExecuteDisposal:
        return role == Role::Clerk || role == Role::Officer;
    case Operation::RevealNumber:
    case Operation::RegisterSubject:
    case Operation::EditSubject:
    case Operation::RegisterNumber:
    case Operation::RecordVerification:
    case Operation::RecordDocument:
    case Operation::Import:
    case Operation::Export:
    case Operation::Provide:
    case Operation::RequestDisposal:
        return role == Role::Clerk;
    case Operation::ApproveDisposal:
    case Operation::ApproveExport:
    case Operation::ReviewActivity:
        return role == Role::Officer;
    case Operation::QueryDestinations:
        return role == Role::Clerk || role == Role::Officer;
    case Operation::QueryAudit:
        return role == Role::Admin || role == Role::Officer;
    case Operation::ExportAuditBundle:
    case Operation::RevokeCard:
    case Operation::Backup:
    case Operation::Restore:
        return role == Role::Admin;
    case Operation::EnrolCard:
    case Operation::ConfigureDevice:
        return role == Role::Admin || role == Role::Provisioner;
    case Operation::ListCards:
        return role == Role::Admin || role == Role::Officer || role == Role::Provisioner;
    case Operation::PullAuditLog:
    case Operation::ReportDelivery:
        return false; // no card holder: the daemon does these for its own services
    }
    return false;
}

// Operations a clerk may do only within their departments. (Lists and searches are filtered to the
// clerk's departments by the vault's queries; tst_vault checks that.)
bool expectedClerkScoped(Operation op)
{
    switch (op) {
    case Operation::ViewSubject:
    case Operation::RevealNumber:
    case Operation::RegisterSubject:
    case Operation::EditSubject:
    case Operation::RegisterNumber:
    case Operation::RecordVerification:
    case Operation::RecordDocument:
    case Operation::Export:
    case Operation::Provide:
    case Operation::RequestDisposal:
    case Operation::ExecuteDisposal:
        return true;
    default:
        return false;
    }
}

// Operations that are a use of the number and must name a purpose notified to the subject.
bool expectedPurposeRequired(Operation op)
{
    return op == Operation::RevealNumber || op == Operation::RegisterNumber || op == Operation::RecordDocument ||
           op == Operation::Export || op == Operation::Provide;
}

SessionContext sessionFor(Role role, const char* purpose)
{
    SessionContext session;
    session.userId = 1;
    session.cardId = std::string(64, 'a');
    session.roles = {role};
    session.departments = {"sales"};
    session.purpose = purpose;
    return session;
}

} // namespace

class TestPolicy : public QObject {
    Q_OBJECT

private slots:
    void matrix_data();
    void matrix();
    void stepUpOperations();
    void severalRoles();
    void namesRoundTrip();
};

void TestPolicy::matrix_data()
{
    QTest::addColumn<Operation>("operation");
    QTest::addColumn<Role>("role");
    QTest::addColumn<bool>("inDepartment");
    QTest::addColumn<bool>("purposeNotified");
    QTest::addColumn<bool>("allowed");
    for (Operation op : kAllOperations) {
        for (Role role : {Role::Clerk, Role::Officer, Role::Admin, Role::Provisioner}) {
            for (bool inDepartment : {true, false}) {
                for (bool notified : {true, false}) {
                    bool allowed = expectedAllowed(op, role);
                    if (role == Role::Clerk && expectedClerkScoped(op) && !inDepartment)
                        allowed = false;
                    if (expectedPurposeRequired(op) && !notified)
                        allowed = false;
                    const QString name =
                        QStringLiteral("%1 as %2, %3 department, purpose %4")
                            .arg(QString::fromUtf8(operationName(op).data(), qsizetype(operationName(op).size())),
                                 QString::fromUtf8(roleName(role).data(), qsizetype(roleName(role).size())),
                                 inDepartment ? "own" : "other", notified ? "notified" : "not notified");
                    QTest::newRow(qPrintable(name)) << op << role << inDepartment << notified << allowed;
                }
            }
        }
    }
}

void TestPolicy::matrix()
{
    QFETCH(Operation, operation);
    QFETCH(Role, role);
    QFETCH(bool, inDepartment);
    QFETCH(bool, purposeNotified);
    QFETCH(bool, allowed);

    const SessionContext session = sessionFor(role, "withholding");
    SubjectScope scope;
    scope.department = inDepartment ? "sales" : "engineering";
    scope.notifiedPurposes = purposeNotified ? std::vector<std::string>{"health_insurance", "withholding"}
                                             : std::vector<std::string>{"health_insurance"};
    const Status status = authorize(session, operation, isSubjectOperation(operation) ? &scope : nullptr);
    QCOMPARE(status.ok(), allowed);
    if (!allowed)
        QCOMPARE(status.code(), ErrorCode::PermissionDenied);
}

void TestPolicy::stepUpOperations()
{
    for (Operation op : kAllOperations) {
        const bool expected = op == Operation::RevealNumber || op == Operation::Export || op == Operation::Provide ||
                              op == Operation::ApproveDisposal || op == Operation::Restore ||
                              op == Operation::ApproveExport;
        QCOMPARE(needsStepUp(op), expected);
    }
}

void TestPolicy::severalRoles()
{
    // A clerk who is also an officer sees other departments' lists (as officer) but may reveal only
    // within their own (reveal is a clerk's act).
    SessionContext session = sessionFor(Role::Clerk, "withholding");
    session.roles.insert(Role::Officer);
    SubjectScope other{"engineering", {"withholding"}};
    QVERIFY(authorize(session, Operation::ListSubjects, &other).ok());
    QCOMPARE(authorize(session, Operation::RevealNumber, &other).code(), ErrorCode::PermissionDenied);
    SubjectScope own{"sales", {"withholding"}};
    QVERIFY(authorize(session, Operation::RevealNumber, &own).ok());
    // No purpose named at all.
    session.purpose.clear();
    QCOMPARE(authorize(session, Operation::RevealNumber, &own).code(), ErrorCode::PermissionDenied);
    // A session without roles may do nothing.
    SessionContext none;
    QCOMPARE(authorize(none, Operation::ListSubjects, &own).code(), ErrorCode::PermissionDenied);
}

void TestPolicy::namesRoundTrip()
{
    for (Role role : {Role::Clerk, Role::Officer, Role::Admin, Role::Provisioner})
        QCOMPARE(roleFromName(roleName(role)), std::optional<Role>(role));
    QCOMPARE(roleFromName("root"), std::optional<Role>());
    QSet<QString> names;
    for (Operation op : kAllOperations)
        names.insert(QString::fromUtf8(operationName(op).data(), qsizetype(operationName(op).size())));
    QCOMPARE(names.size(), qsizetype(std::size(kAllOperations)));
}

QTEST_GUILESS_MAIN(TestPolicy)
#include "tst_policy.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The TPM trust root against a real software TPM (swtpm, started per test in a temporary state
// directory on free ports): provisioning, seal/unseal, PCR policy (PCR 7 and the Mamori PCR), the
// maintenance lock until a restart, blobs from another TPM, damaged blobs, the NV counter across
// restarts, dictionary-attack neutrality, lockout, an unreachable TPM, and recovery onto a new TPM.

#include "services/tpm/key_store.h"
#include "services/tpm/tpm_error.h"
#include "tests/support/swtpm.h"

#include <QTest>

#include <sodium.h>
#include <sys/stat.h>

#include <fstream>

using namespace mamori;
using namespace mamori::tpm;
using mamori::test::Swtpm;

namespace {

// Fast Argon2id limits: the recovery module's own tests cover the defaults.
const RecoveryKdfLimits kFastKdf{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};

std::vector<std::uint8_t> readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeFile(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

std::unique_ptr<Swtpm> startTpm()
{
    auto tpm = Swtpm::start();
    if (!tpm.ok())
        qFatal("%s", tpm.error().describe().c_str()); // names the missing package
    return std::move(tpm).value();
}

bool sameSecret(const SecretBuffer& a, const SecretBuffer& b)
{
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// The TPM's dictionary-attack failure counter (TPM2_PT_LOCKOUT_COUNTER).
std::uint32_t lockoutCounter(TpmContext& tpm)
{
    TPMI_YES_NO more = TPM2_NO;
    TPMS_CAPABILITY_DATA* raw = nullptr;
    if (Esys_GetCapability(tpm.esys(), ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, TPM2_CAP_TPM_PROPERTIES,
                           TPM2_PT_LOCKOUT_COUNTER, 1, &more, &raw) != TSS2_RC_SUCCESS)
        qFatal("GetCapability lockout counter");
    EsysPtr<TPMS_CAPABILITY_DATA> data(raw);
    return data->data.tpmProperties.tpmProperty[0].value;
}

// A DA-protected object with a password: one wrong password moves the DA counter. The negative
// control that shows lockoutCounter() measures something.
ESYS_TR createDaProtectedObject(TpmContext& tpm, std::uint32_t storageHandle)
{
    ESYS_TR parent = tpm.persistent(storageHandle).value();
    TPM2B_SENSITIVE_CREATE sensitive{};
    sensitive.sensitive.userAuth.size = 4;
    std::memcpy(sensitive.sensitive.userAuth.buffer, "good", 4);
    sensitive.sensitive.data.size = 4;
    std::memcpy(sensitive.sensitive.data.buffer, "data", 4);
    TPM2B_PUBLIC inPublic{};
    inPublic.publicArea.type = TPM2_ALG_KEYEDHASH;
    inPublic.publicArea.nameAlg = TPM2_ALG_SHA256;
    inPublic.publicArea.objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_USERWITHAUTH;
    inPublic.publicArea.parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_NULL;
    const TPM2B_DATA outside{};
    const TPML_PCR_SELECTION none{};
    TPM2B_PRIVATE* priv = nullptr;
    TPM2B_PUBLIC* pub = nullptr;
    if (Esys_Create(tpm.esys(), parent, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &sensitive, &inPublic, &outside,
                    &none, &priv, &pub, nullptr, nullptr, nullptr) != TSS2_RC_SUCCESS)
        qFatal("Esys_Create DA object");
    ESYS_TR object = ESYS_TR_NONE;
    if (Esys_Load(tpm.esys(), parent, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, priv, pub, &object) !=
        TSS2_RC_SUCCESS)
        qFatal("Esys_Load DA object");
    Esys_Free(priv);
    Esys_Free(pub);
    return object;
}

TSS2_RC unsealWithPassword(TpmContext& tpm, ESYS_TR object, const char* password)
{
    TPM2B_AUTH auth{};
    auth.size = static_cast<UINT16>(std::strlen(password));
    std::memcpy(auth.buffer, password, auth.size);
    Esys_TR_SetAuth(tpm.esys(), object, &auth);
    TPM2B_SENSITIVE_DATA* out = nullptr;
    const TSS2_RC rc = Esys_Unseal(tpm.esys(), object, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &out);
    Esys_Free(out);
    return rc;
}

} // namespace

class TestTpmKeyStore : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(sodium_init() >= 0); }
    void init();
    void cleanup();

    void provisionSealsAndUnseals();
    void provisionTwiceRefused();
    void unlockPathSendsNoCreatePrimary();
    void secureBootPcrChangeRefusedAndNamed();
    void maintenanceLocksUntilRestart();
    void blobsFromAnotherTpmRefused();
    void corruptedBlobRefused_data();
    void corruptedBlobRefused();
    void missingBlobSaysNotProvisioned();
    void counterIsMonotonicAcrossRestarts();
    void thousandUnsealsLeaveDictionaryAttackCounterAlone();
    void lockoutDoesNotStopUnseal();
    void unreachableTpmIsAClearError_data();
    void unreachableTpmIsAClearError();
    void recoverOntoNewTpm();
    void wrongRecoveryKeyRefused();
    void errorMappingIsStable();

private:
    TpmSettings settings(const Swtpm& tpm, const std::filesystem::path& state) const;
    std::unique_ptr<KeyStore> connect(const Swtpm& tpm, const std::filesystem::path& state, CommandLog* log = nullptr);

    std::unique_ptr<Swtpm> m_tpm;
    std::filesystem::path m_state;
    std::unique_ptr<KeyStore> m_store;
    std::string m_recoveryKeyText;
};

TpmSettings TestTpmKeyStore::settings(const Swtpm& tpm, const std::filesystem::path& state) const
{
    TpmSettings s;
    s.tcti = tpm.tcti();
    s.stateDirectory = state;
    return s;
}

std::unique_ptr<KeyStore> TestTpmKeyStore::connect(const Swtpm& tpm, const std::filesystem::path& state,
                                                   CommandLog* log)
{
    auto store = KeyStore::connect(settings(tpm, state), log);
    if (!store.ok())
        qFatal("%s", store.error().describe().c_str());
    return std::move(store).value();
}

void TestTpmKeyStore::init()
{
    m_tpm = startTpm();
    m_state = m_tpm->directory() / "vault-state";
    m_store = connect(*m_tpm, m_state);
    auto report = m_store->provision(kFastKdf);
    QVERIFY2(report.ok(), report.ok() ? "" : report.error().describe().c_str());
    QVERIFY(report.value().createdStorageKey);
    QVERIFY(report.value().counterValue >= 1);
    const auto text = report.value().recoveryKeyText.bytes();
    m_recoveryKeyText.assign(text.begin(), text.end());
}

void TestTpmKeyStore::cleanup()
{
    sodium_memzero(m_recoveryKeyText.data(), m_recoveryKeyText.size());
    m_store.reset();
    m_tpm.reset();
}

void TestTpmKeyStore::provisionSealsAndUnseals()
{
    auto master = m_store->unsealMasterKey();
    QVERIFY2(master.ok(), master.ok() ? "" : master.error().describe().c_str());
    auto seed = m_store->unsealSigningSeed();
    QVERIFY(seed.ok());
    QCOMPARE(master.value().size(), std::size_t{32});
    QCOMPARE(seed.value().size(), std::size_t{32});
    QVERIFY(!sameSecret(master.value(), seed.value()));
    // Same keys again, and after a reboot.
    QVERIFY(sameSecret(m_store->unsealMasterKey().value(), master.value()));
    m_store.reset();
    QVERIFY(m_tpm->restart().ok());
    m_store = connect(*m_tpm, m_state);
    QVERIFY(sameSecret(m_store->unsealMasterKey().value(), master.value()));
    QVERIFY(sameSecret(m_store->unsealSigningSeed().value(), seed.value()));

    // Owner-only files; the key bytes are nowhere in them.
    struct stat info {};
    QCOMPARE(::stat((m_state / "tpm").c_str(), &info), 0);
    QCOMPARE(info.st_mode & 0777u, 0700u);
    for (const auto& path : {m_store->sealedPath(SealedPurpose::MasterKey),
                             m_store->sealedPath(SealedPurpose::DeviceSigningSeed), m_store->recoveryPath()}) {
        QCOMPARE(::stat(path.c_str(), &info), 0);
        QCOMPARE(info.st_mode & 0777u, 0600u);
        const auto bytes = readFile(path);
        const auto key = master.value().bytes();
        QVERIFY(std::search(bytes.begin(), bytes.end(), key.begin(), key.end()) == bytes.end());
    }
    // The storage key is persistent: a second provisioning on the same TPM reuses it.
    QVERIFY(!ensureStorageKey(m_store->context(), kDefaultStorageKeyHandle).value());
}

void TestTpmKeyStore::provisionTwiceRefused()
{
    QCOMPARE(m_store->provision(kFastKdf).code(), ErrorCode::AlreadyExists);
    QVERIFY(m_store->unsealMasterKey().ok());
}

void TestTpmKeyStore::unlockPathSendsNoCreatePrimary()
{
    CommandLog log;
    m_store = connect(*m_tpm, m_state, &log);
    log.clear(); // the connect-time capability check is not part of the unlock
    QVERIFY(m_store->unsealMasterKey().ok());
    QVERIFY(m_store->unsealSigningSeed().ok());
    QVERIFY(m_store->counter().value().read().ok());
    qInfo("unlock path: %s", log.describe().c_str());
    QCOMPARE(log.count(TPM2_CC_CreatePrimary), std::size_t{0});
    QCOMPARE(log.count(TPM2_CC_Unseal), std::size_t{2});
    QCOMPARE(log.count(TPM2_CC_Load), std::size_t{2});
    QCOMPARE(log.count(TPM2_CC_PolicyPCR), std::size_t{2});
    // One salted policy session serves both unseals (the TPM resets its policy after each use).
    QCOMPARE(log.count(TPM2_CC_StartAuthSession), std::size_t{1});
    // The persistent storage key is read once and cached for the connection.
    QCOMPARE(log.count(TPM2_CC_ReadPublic), std::size_t{1});
    m_store.reset(); // the log must outlive the connection that records into it
}

void TestTpmKeyStore::secureBootPcrChangeRefusedAndNamed()
{
    const std::string event = "a different Secure Boot db";
    QVERIFY(extendPcr(m_store->context(), kSecureBootPcr,
                      std::span(reinterpret_cast<const std::uint8_t*>(event.data()), event.size()))
                .ok());
    const auto refused = m_store->unsealMasterKey();
    QCOMPARE(refused.code(), ErrorCode::TpmPolicyMismatch);
    const std::string& context = refused.error().context();
    qInfo("%s", refused.error().describe().c_str());
    QVERIFY(context.find("PCR 7 differs") != std::string::npos);
    QVERIFY(context.find("PCR 15") == std::string::npos);
    QCOMPARE(m_store->unsealSigningSeed().code(), ErrorCode::TpmPolicyMismatch);
}

void TestTpmKeyStore::maintenanceLocksUntilRestart()
{
    QVERIFY(m_store->enterMaintenance().ok());
    const auto refused = m_store->unsealMasterKey();
    QCOMPARE(refused.code(), ErrorCode::TpmPolicyMismatch);
    QVERIFY(refused.error().context().find("PCR 15 differs") != std::string::npos);
    QVERIFY(refused.error().context().find("PCR 7") == std::string::npos);
    // Still locked on a new connection (root cannot undo it without a reboot)...
    m_store = connect(*m_tpm, m_state);
    QCOMPARE(m_store->unsealSigningSeed().code(), ErrorCode::TpmPolicyMismatch);
    // ...and re-sealing is impossible too, since it needs the keys unsealed first.
    QCOMPARE(m_store->resealToCurrentPcrs().code(), ErrorCode::TpmPolicyMismatch);
    // A reboot resets the PCRs.
    m_store.reset();
    QVERIFY(m_tpm->restart().ok());
    m_store = connect(*m_tpm, m_state);
    QVERIFY(m_store->unsealMasterKey().ok());
}

void TestTpmKeyStore::blobsFromAnotherTpmRefused()
{
    auto other = startTpm();
    const auto otherState = other->directory() / "vault-state";
    auto otherStore = connect(*other, otherState);
    QVERIFY(otherStore->provision(kFastKdf).ok());

    // Our blob on the other TPM: the storage key there is not the one it was sealed under.
    const auto ours = readFile(m_store->sealedPath(SealedPurpose::MasterKey));
    writeFile(otherStore->sealedPath(SealedPurpose::MasterKey), ours);
    const auto refused = otherStore->unsealMasterKey();
    QCOMPARE(refused.code(), ErrorCode::TpmSealedDataInvalid);
    qInfo("%s", refused.error().describe().c_str());

    // Even with the parent's name edited to match, the other TPM cannot load it (its seed differs).
    SealedBlob forged = decodeSealedBlob(ours).value();
    const SealedBlob theirs =
        decodeSealedBlob(readFile(otherStore->sealedPath(SealedPurpose::DeviceSigningSeed))).value();
    forged.storageName = theirs.storageName;
    const auto loadRefused = unseal(otherStore->context(), forged);
    QCOMPARE(loadRefused.code(), ErrorCode::TpmSealedDataInvalid);
    qInfo("%s", loadRefused.error().describe().c_str());
    // And ours still works here.
    QVERIFY(m_store->unsealMasterKey().ok());
}

void TestTpmKeyStore::corruptedBlobRefused_data()
{
    QTest::addColumn<int>("offset"); // negative: from the end
    QTest::newRow("magic") << 0;
    QTest::newRow("version") << 8;
    QTest::newRow("storage handle") << 11;
    QTest::newRow("middle") << 100;
    QTest::newRow("checksum") << -1;
}

void TestTpmKeyStore::corruptedBlobRefused()
{
    QFETCH(int, offset);
    const auto path = m_store->sealedPath(SealedPurpose::MasterKey);
    auto bytes = readFile(path);
    const std::size_t at =
        offset < 0 ? bytes.size() - static_cast<std::size_t>(-offset) : static_cast<std::size_t>(offset);
    bytes[at] ^= 0x5a;
    writeFile(path, bytes);
    QCOMPARE(m_store->unsealMasterKey().code(), ErrorCode::TpmSealedDataInvalid);

    // Damage inside the TPM's private area with a valid file checksum: the TPM's integrity check.
    SealedBlob blob = decodeSealedBlob(readFile(m_store->sealedPath(SealedPurpose::DeviceSigningSeed))).value();
    blob.privateArea[blob.privateArea.size() / 2] ^= 0x01;
    const auto refused = unseal(m_store->context(), blob);
    QCOMPARE(refused.code(), ErrorCode::TpmSealedDataInvalid);
    // Truncated file.
    bytes = readFile(m_store->sealedPath(SealedPurpose::DeviceSigningSeed));
    bytes.resize(bytes.size() / 2);
    writeFile(m_store->sealedPath(SealedPurpose::DeviceSigningSeed), bytes);
    QCOMPARE(m_store->unsealSigningSeed().code(), ErrorCode::TpmSealedDataInvalid);
}

void TestTpmKeyStore::missingBlobSaysNotProvisioned()
{
    std::filesystem::remove(m_store->sealedPath(SealedPurpose::MasterKey));
    QCOMPARE(m_store->unsealMasterKey().code(), ErrorCode::TpmNotProvisioned);
    QVERIFY(!m_store->isProvisioned());
}

void TestTpmKeyStore::counterIsMonotonicAcrossRestarts()
{
    auto counter = m_store->counter();
    QVERIFY(counter.ok());
    const std::uint64_t start = counter.value().read().value();
    std::uint64_t last = start;
    for (int i = 0; i < 5; ++i) {
        const std::uint64_t next = counter.value().increment().value();
        QVERIFY(next > last);
        last = next;
    }
    QCOMPARE(last, start + 5);
    m_store.reset();
    QVERIFY(m_tpm->restart().ok());
    m_store = connect(*m_tpm, m_state);
    auto reopened = m_store->counter();
    QVERIFY(reopened.ok());
    QVERIFY(reopened.value().read().value() >= last);
    // Incrementing needs the master key's derived password: a process with access to the TPM but
    // not to the key cannot push the counter ahead (which would make the vault look rolled back).
    QCOMPARE(reopened.value().increment().code(), ErrorCode::PermissionDenied);
    QCOMPARE(reopened.value().read().value(), last);
    const auto master = m_store->unsealMasterKey();
    QVERIFY(master.ok());
    QVERIFY(reopened.value().increment().value() > last);
    // Defining again reuses the counter; it never goes back. Another password is refused.
    const auto password = KeyStore::counterPassword(master.value()).value();
    QVERIFY(NvCounter::define(m_store->context(), kDefaultCounterIndex, password.bytes()).value().read().value() >
            last);
    const auto otherPassword = SecretBuffer::random(32).value();
    m_store = connect(*m_tpm, m_state);
    QCOMPARE(NvCounter::define(m_store->context(), kDefaultCounterIndex, otherPassword.bytes()).code(),
             ErrorCode::AlreadyExists);
}

void TestTpmKeyStore::thousandUnsealsLeaveDictionaryAttackCounterAlone()
{
    const std::uint32_t before = lockoutCounter(m_store->context());
    for (int i = 0; i < 1000; ++i) {
        if (!m_store->unsealMasterKey().ok())
            QFAIL("unseal failed");
    }
    // Refused unseals (policy failures) do not count either.
    QVERIFY(m_store->enterMaintenance().ok());
    for (int i = 0; i < 10; ++i)
        QCOMPARE(m_store->unsealMasterKey().code(), ErrorCode::TpmPolicyMismatch);
    QCOMPARE(lockoutCounter(m_store->context()), before);

    // Negative control: one wrong password on a DA-protected object does move it.
    const ESYS_TR protectedObject = createDaProtectedObject(m_store->context(), kDefaultStorageKeyHandle);
    QCOMPARE(tpmResponseCode(unsealWithPassword(m_store->context(), protectedObject, "bad!")), TPM2_RC_AUTH_FAIL);
    QCOMPARE(lockoutCounter(m_store->context()), before + 1);
    Esys_FlushContext(m_store->context().esys(), protectedObject);
}

void TestTpmKeyStore::lockoutDoesNotStopUnseal()
{
    // One failure is enough to lock out, for this test.
    TpmContext& tpm = m_store->context();
    QCOMPARE(Esys_DictionaryAttackParameters(tpm.esys(), ESYS_TR_RH_LOCKOUT, ESYS_TR_PASSWORD, ESYS_TR_NONE,
                                             ESYS_TR_NONE, 1, 600, 600),
             TSS2_RC{TSS2_RC_SUCCESS});
    const ESYS_TR protectedObject = createDaProtectedObject(tpm, kDefaultStorageKeyHandle);
    unsealWithPassword(tpm, protectedObject, "bad!");
    const TSS2_RC locked = unsealWithPassword(tpm, protectedObject, "good");
    QCOMPARE(tpmResponseCode(locked), std::uint32_t{TPM2_RC_LOCKOUT});
    QCOMPARE(tpmError(locked, "Esys_Unseal").code(), ErrorCode::TpmLockout);
    Esys_FlushContext(tpm.esys(), protectedObject);

    m_store = connect(*m_tpm, m_state);
    QVERIFY(m_store->context().inLockoutAtConnect());
    // The vault's keys are noDA: an unattended reboot during a lockout still opens the vault.
    QVERIFY(m_store->unsealMasterKey().ok());
    QVERIFY(m_store->counter().value().increment().ok());
}

void TestTpmKeyStore::unreachableTpmIsAClearError_data()
{
    QTest::addColumn<QString>("tcti");
    QTest::newRow("nothing listening") << QString::fromStdString(test::unreachableSwtpmTcti());
    QTest::newRow("no device") << QStringLiteral("device:/dev/mamori-no-such-tpm");
    QTest::newRow("unknown TCTI") << QStringLiteral("no-such-tcti:whatever");
    QTest::newRow("empty") << QString();
}

void TestTpmKeyStore::unreachableTpmIsAClearError()
{
    QFETCH(QString, tcti);
    TpmSettings s = settings(*m_tpm, m_state);
    s.tcti = tcti.toStdString();
    const auto refused = KeyStore::connect(s);
    QCOMPARE(refused.code(), ErrorCode::TpmUnavailable);
    qInfo("%s", refused.error().describe().c_str());
    QVERIFY(!refused.error().context().empty());
}

void TestTpmKeyStore::recoverOntoNewTpm()
{
    const auto master = m_store->unsealMasterKey().value();
    const auto seed = m_store->unsealSigningSeed().value();
    const auto recoveryFile = readFile(m_store->recoveryPath());

    // The old TPM is gone (a new mainboard): a fresh TPM, the state directory copied from backup.
    auto replacement = startTpm();
    const auto newState = replacement->directory() / "vault-state";
    auto newStore = connect(*replacement, newState);
    QCOMPARE(newStore->unsealMasterKey().code(), ErrorCode::TpmNotProvisioned);
    // Typed back by hand, with spaces instead of dashes.
    std::string typed = m_recoveryKeyText;
    std::replace(typed.begin(), typed.end(), '-', ' ');
    const auto key = parseRecoveryKey(typed);
    sodium_memzero(typed.data(), typed.size());
    QVERIFY(key.ok());
    const auto recovered = newStore->recover(recoveryFile, key.value());
    QVERIFY2(recovered.ok(), recovered.ok() ? "" : recovered.error().describe().c_str());
    QVERIFY(sameSecret(newStore->unsealMasterKey().value(), master));
    QVERIFY(sameSecret(newStore->unsealSigningSeed().value(), seed));
    QVERIFY(newStore->counter().ok());
    // The same paper still works for the new device's recovery file.
    QVERIFY(readFile(newStore->recoveryPath()) == recoveryFile);
}

void TestTpmKeyStore::wrongRecoveryKeyRefused()
{
    const auto recoveryFile = readFile(m_store->recoveryPath());
    const auto otherKey = generateRecoveryKey().value();
    auto replacement = startTpm();
    auto newStore = connect(*replacement, replacement->directory() / "vault-state");
    QCOMPARE(newStore->recover(recoveryFile, otherKey).code(), ErrorCode::RecoveryKeyIncorrect);
    QVERIFY(!newStore->isProvisioned());
}

void TestTpmKeyStore::errorMappingIsStable()
{
    QCOMPARE(tpmError(TPM2_RC_POLICY_FAIL | TPM2_RC_S | TPM2_RC_1, "x").code(), ErrorCode::TpmPolicyMismatch);
    QCOMPARE(tpmError(TPM2_RC_INTEGRITY | TPM2_RC_P | TPM2_RC_1, "x").code(), ErrorCode::TpmSealedDataInvalid);
    QCOMPARE(tpmError(TPM2_RC_LOCKOUT, "x").code(), ErrorCode::TpmLockout);
    QCOMPARE(tpmError(TPM2_RC_FAILURE, "x").code(), ErrorCode::TpmUnavailable);
    QVERIFY(tpmError(TPM2_RC_FAILURE, "x").context().find("failure mode") != std::string::npos);
    QCOMPARE(tpmError(TSS2_TCTI_RC_IO_ERROR, "x").code(), ErrorCode::TpmUnavailable);
    // The code is in the context in hex.
    QVERIFY(tpmError(TPM2_RC_LOCKOUT, "Esys_Unseal").context().find("0x921") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestTpmKeyStore)
#include "tst_tpm_key_store.moc"

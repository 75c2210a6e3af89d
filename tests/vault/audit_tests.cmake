# SPDX-License-Identifier: GPL-3.0-or-later
# Tests of the audit chain (services/vault/audit_*.h).
mamori_add_qtest(tst_audit_chain SOURCES tst_audit_chain.cpp LIBS mamori::vault LABELS vault unit)
mamori_add_qtest(tst_audit_bundle SOURCES tst_audit_bundle.cpp LIBS mamori::vault LABELS vault unit)

# SPDX-License-Identifier: GPL-3.0-or-later
# The audit bundle and entry parsers. Run with e.g.
#   build/fuzz/tests/fuzz/fuzz_audit_bundle -max_total_time=60 tests/fuzz/corpus/audit_bundle
mamori_add_fuzzer(fuzz_audit_bundle LIBS mamori::vault)

# SPDX-License-Identifier: GPL-3.0-or-later
# CSV import (encodings, RFC 4180 reader, payroll mapping) and retention rules. The import tests
# read tests/data/csv through MAMORI_SOURCE_DIR, which mamori_add_qtest sets.
foreach(unit csv_reader csv_import retention)
    mamori_add_qtest(tst_${unit} SOURCES tst_${unit}.cpp LIBS mamori::vault LABELS vault unit)
endforeach()

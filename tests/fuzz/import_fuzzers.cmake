# SPDX-License-Identifier: GPL-3.0-or-later
# The CSV reader, the text decoder, the payroll import and the retention rule parser share one
# target: they are one pipeline, and the import runs the reader on everything the decoder accepts.
#   build/fuzz/tests/fuzz/fuzz_csv_reader -max_total_time=60 tests/fuzz/corpus/csv_reader
mamori_add_fuzzer(fuzz_csv_reader LIBS mamori::vault)

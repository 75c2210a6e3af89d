# SPDX-License-Identifier: GPL-3.0-or-later
# CSV import (text encodings, RFC 4180 reader, payroll export mapping) and retention rules.
# Pure C++ (glibc iconv for CP932); merged into the main source list when the parts land.
target_sources(mamori_vault PRIVATE csv_reader.cpp csv_import.cpp text_encoding.cpp retention.cpp)

# SPDX-License-Identifier: GPL-3.0-or-later
# The audit chain: entry encoding, hash chain, checkpoints, verification and bundles (AUDIT_FORMAT.md).
target_sources(mamori_vault PRIVATE audit_entry.cpp audit_chain.cpp audit_bundle.cpp)

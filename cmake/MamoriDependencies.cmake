# SPDX-License-Identifier: GPL-3.0-or-later
# Every third-party dependency, found once, as an imported target. Only what Debian 12 ships;
# scripts/install-deps.sh installs all of it.
find_package(PkgConfig REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL 3 REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)
pkg_check_modules(TSS2 REQUIRED IMPORTED_TARGET tss2-esys tss2-tctildr tss2-mu tss2-rc)
pkg_check_modules(P11KIT REQUIRED IMPORTED_TARGET p11-kit-1)

set(MAMORI_QT_COMPONENTS Core DBus Test)
if(MAMORI_BUILD_UI)
    list(APPEND MAMORI_QT_COMPONENTS Gui Quick QuickControls2 QuickTest LinguistTools)
endif()
find_package(Qt6 6.4 REQUIRED COMPONENTS ${MAMORI_QT_COMPONENTS})
qt_standard_project_setup()

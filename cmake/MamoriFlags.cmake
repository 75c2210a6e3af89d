# SPDX-License-Identifier: GPL-3.0-or-later
# One INTERFACE target carries warnings and hardening flags; every Mamori target links it PRIVATE.
# Position independence is left to the toolchain: Debian's GCC and clang build PIE by default, and
# Qt adds -fPIC to the code that uses it; a -fPIE here would land after Qt's -fPIC and break Qt's
# reduced-relocation build (qApp would be null in a static library). tests/tools checks the result.
add_library(mamori_flags INTERFACE)

target_compile_options(mamori_flags INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
    -Werror=switch -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wformat=2
    -fstack-protector-strong -fstack-clash-protection
    $<$<CXX_COMPILER_ID:GNU>:-Wduplicated-cond -Wlogical-op>
    $<$<CXX_COMPILER_ID:GNU,Clang>:-fcf-protection=full>)

# _FORTIFY_SOURCE needs optimisation; sanitizer builds skip it (ASan replaces the checked functions).
if(NOT MAMORI_SANITIZE)
    target_compile_definitions(mamori_flags INTERFACE $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
endif()

target_link_options(mamori_flags INTERFACE
    -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack -Wl,--as-needed)

if(MAMORI_SANITIZE)
    target_compile_options(mamori_flags INTERFACE
        -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    target_link_options(mamori_flags INTERFACE -fsanitize=address,undefined)
endif()

if(MAMORI_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "MAMORI_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
    endif()
    # Instrument everything for coverage; each fuzz target adds -fsanitize=fuzzer at link time.
    target_compile_options(mamori_flags INTERFACE -fsanitize=fuzzer-no-link,address,undefined)
    target_link_options(mamori_flags INTERFACE -fsanitize=address,undefined)
endif()

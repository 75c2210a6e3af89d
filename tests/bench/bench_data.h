// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the vault benchmarks share (tests/bench/README.md): a deterministic synthetic population of
// employees and dependents with unique, check-digit-valid individual numbers; the bench key file;
// timing, medians and the raw results file.
//
// Linked into both bench executables, including the SQLCipher one, so nothing here touches SQLite.
// The synthetic numbers are treated like real ones: generated, bound and compared, never printed.
// Every figure written anywhere is rounded so that no run of 12 or 13 digits can appear.
//
// Threading: every function is reentrant; a BenchRng is used by one thread.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::bench {

// Bump when the population, the schemas or the fixture layout change: fixtures live under
// build/bench-data/v<version>/ and are rebuilt when the version differs.
constexpr int kFixtureVersion = 1;

struct Department {
    const char* code;
    const char* name;
};
// The ten departments every benchmark vault and baseline holds.
std::span<const Department> benchDepartments();

// The purpose an import collects numbers for, and the bench device id.
constexpr std::string_view kBenchPurpose = "withholding";
constexpr std::string_view kBenchPurposeName = "源泉徴収票作成事務";
constexpr std::string_view kBenchDeviceId = "mamori-bench";

enum class RowKind : std::uint8_t { Employee, Dependent };

// Row k of the population. Rows come in groups of five: three employees, then a dependent (child)
// of the group's first employee and one (spouse) of its second. Employee codes are E + 7 digits;
// a dependent's code is "<employee code>-1", the code the vault gives a dependent imported without
// one. Every row has its own individual number.
struct PopulationRow {
    RowKind kind = RowKind::Employee;
    std::string code;
    std::string parentCode;
    std::string name;
    std::string nameKana;
    std::string birthDate; // YYYY-MM-DD
    std::string relationship;
    std::size_t department = 0; // index into benchDepartments(); a dependent's is its employee's
    std::array<char, 12> number{};
    std::array<std::uint8_t, 16> id{};       // opaque id for the baseline stores (the vault draws its own)
    std::array<std::uint8_t, 16> parentId{}; // a dependent's employee's id
};

PopulationRow populationRow(std::uint64_t k);
// The individual number of row k: injective in k, valid check digit.
std::array<char, 12> populationNumber(std::uint64_t k);
// Rounds a row count up to whole groups of five, so that every dependent's employee is present.
std::uint64_t wholeGroups(std::uint64_t rows);

// A payroll export of rows [first, first + count) in UTF-8 with the Japanese header
// 社員番号,氏名,フリガナ,生年月日,部署,個人番号,区分,扶養元社員番号,続柄 (IMPORT_FORMAT.md).
// Departments are named (総務部), dependents have no code of their own. `first` and `count` must
// be multiples of five. The result holds the synthetic numbers: never print it.
std::string populationCsv(std::uint64_t first, std::uint64_t count);

// splitmix64: fast, deterministic, good enough to pick rows.
class BenchRng {
public:
    explicit BenchRng(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next();
    // Uniform in [0, bound).
    std::uint64_t below(std::uint64_t bound) { return next() % bound; }

private:
    std::uint64_t m_state;
};

// The bench's root secrets, kept in a 0600 file beside the fixtures (bench only; a real vault's
// master key is sealed in the TPM): the vault master key, the device signing seed and the SQLCipher
// baseline's raw key.
struct BenchKeys {
    std::array<std::uint8_t, 32> master{};
    std::array<std::uint8_t, 32> signingSeed{};
    std::array<std::uint8_t, 32> cipher{};
};
// Reads the key file, creating it with fresh random keys if it does not exist. Dies on error.
BenchKeys loadOrCreateKeys(const std::string& path);

// Seconds on the steady clock.
double nowSeconds();
double median(std::vector<double> values);
// The p-th percentile (0-100), nearest rank.
double percentile(std::vector<double> values, double p);

// Appends "name value" to the raw results file (the report reads it back).
void appendResult(const std::string& path, std::string_view name, double value);
// Prints to stderr and exits with status 1: for real failures only, never for a missed target.
[[noreturn]] void die(const std::string& message);
// Reads a whole file; dies on error.
std::vector<std::uint8_t> readFile(const std::string& path);
// Reads a file and discards the bytes, so that it sits in the page cache before a timed run.
void warmPageCache(const std::string& path);
std::uint64_t fileSize(const std::string& path); // 0 if absent
bool fileExists(const std::string& path);
// Removes the file and its -wal, -shm and -journal companions.
void removeDatabase(const std::string& path);

// Minimal "--name value" argument parsing for the bench mains.
class BenchArgs {
public:
    BenchArgs(int argc, char** argv, int first);
    std::string text(std::string_view name, std::string_view fallback = {}) const;
    std::string required(std::string_view name) const;
    std::uint64_t count(std::string_view name, std::uint64_t fallback) const;

private:
    std::vector<std::pair<std::string, std::string>> m_values;
};

} // namespace mamori::bench

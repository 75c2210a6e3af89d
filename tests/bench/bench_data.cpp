// SPDX-License-Identifier: GPL-3.0-or-later
// The synthetic population, the bench key file and the small utilities of bench_data.h.

#include "tests/bench/bench_data.h"

#include "services/common/number_validation.h"
#include "services/common/secret_buffer.h"

#include <sodium.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace mamori::bench {

namespace {

constexpr std::array<Department, 10> kDepartments{{
    {"soumu", "総務部"},
    {"keiri", "経理部"},
    {"jinji", "人事部"},
    {"eigyo1", "営業一部"},
    {"eigyo2", "営業二部"},
    {"kaihatsu", "開発部"},
    {"seizou", "製造部"},
    {"hinshitsu", "品質保証部"},
    {"butsuryu", "物流部"},
    {"kouhou", "広報部"},
}};

struct NamePart {
    const char* kanji;
    const char* kana;
};

constexpr std::array<NamePart, 20> kFamilyNames{{
    {"佐藤", "サトウ"},   {"鈴木", "スズキ"},   {"高橋", "タカハシ"}, {"田中", "タナカ"},   {"伊藤", "イトウ"},
    {"渡辺", "ワタナベ"}, {"山本", "ヤマモト"}, {"中村", "ナカムラ"}, {"小林", "コバヤシ"}, {"加藤", "カトウ"},
    {"吉田", "ヨシダ"},   {"山田", "ヤマダ"},   {"佐々木", "ササキ"}, {"山口", "ヤマグチ"}, {"松本", "マツモト"},
    {"井上", "イノウエ"}, {"木村", "キムラ"},   {"林", "ハヤシ"},     {"斎藤", "サイトウ"}, {"清水", "シミズ"},
}};

constexpr std::array<NamePart, 16> kGivenNames{{
    {"太郎", "タロウ"},
    {"花子", "ハナコ"},
    {"一郎", "イチロウ"},
    {"美咲", "ミサキ"},
    {"健太", "ケンタ"},
    {"陽菜", "ヒナ"},
    {"翔太", "ショウタ"},
    {"結衣", "ユイ"},
    {"大輔", "ダイスケ"},
    {"さくら", "サクラ"},
    {"直樹", "ナオキ"},
    {"愛", "アイ"},
    {"誠", "マコト"},
    {"彩", "アヤ"},
    {"拓也", "タクヤ"},
    {"真由美", "マユミ"},
}};

std::uint64_t mix(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::string employeeCode(std::uint64_t employee)
{
    char text[24];
    std::snprintf(text, sizeof text, "E%07llu", static_cast<unsigned long long>(employee));
    return text;
}

std::string birthDate(std::uint64_t salt, int fromYear, int years)
{
    const std::uint64_t h = mix(salt);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", fromYear + static_cast<int>(h % std::uint64_t(years)),
                  1 + static_cast<int>((h >> 16) % 12), 1 + static_cast<int>((h >> 32) % 28));
    return text;
}

std::array<std::uint8_t, 16> opaqueId(std::uint64_t k)
{
    const std::uint64_t a = mix(k ^ 0x1d1d1d1dULL);
    const std::uint64_t b = mix(a);
    std::array<std::uint8_t, 16> id{};
    std::memcpy(id.data(), &a, 8);
    std::memcpy(id.data() + 8, &b, 8);
    return id;
}

} // namespace

std::span<const Department> benchDepartments() { return kDepartments; }

std::array<char, 12> populationNumber(std::uint64_t k)
{
    // k ↦ (k·A + B) mod 10^11 is a bijection on [0, 10^11) because A is coprime with 10.
    constexpr std::uint64_t kModulus = 100'000'000'000ULL;
    constexpr std::uint64_t kMultiplier = 2'654'435'761ULL;
    constexpr std::uint64_t kOffset = 31'415'926'535ULL;
    std::uint64_t body = ((k % kModulus) * kMultiplier + kOffset) % kModulus;
    std::array<char, 12> digits{};
    for (int i = 10; i >= 0; --i) {
        digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + body % 10);
        body /= 10;
    }
    digits[11] = static_cast<char>('0' + individualCheckDigit(std::span<const char, 11>(digits.data(), 11)));
    return digits;
}

std::uint64_t wholeGroups(std::uint64_t rows) { return (rows + 4) / 5 * 5; }

PopulationRow populationRow(std::uint64_t k)
{
    PopulationRow row;
    const std::uint64_t group = k / 5;
    const std::uint64_t position = k % 5;
    // The employee this row is (positions 0-2) or belongs to (3: the first, 4: the second).
    const std::uint64_t employeeRow = position < 3 ? k : group * 5 + (position - 3);
    const std::uint64_t employee = group * 3 + (employeeRow % 5);
    const NamePart& family = kFamilyNames[mix(employeeRow) % kFamilyNames.size()];
    const NamePart& given = kGivenNames[mix(k ^ 0x5a5aULL) % kGivenNames.size()];
    row.name = std::string(family.kanji) + " " + given.kanji;
    row.nameKana = std::string(family.kana) + " " + given.kana;
    row.department = static_cast<std::size_t>(mix(employeeRow ^ 0xd0d0ULL) % kDepartments.size());
    if (position < 3) {
        row.kind = RowKind::Employee;
        row.code = employeeCode(employee);
        row.birthDate = birthDate(k, 1960, 44);
    } else {
        row.kind = RowKind::Dependent;
        row.parentCode = employeeCode(employee);
        row.code = row.parentCode + "-1";
        row.relationship = position == 3 ? "子" : "妻";
        row.birthDate = position == 3 ? birthDate(k, 2000, 25) : birthDate(k, 1960, 44);
    }
    row.number = populationNumber(k);
    row.id = opaqueId(k);
    if (row.kind == RowKind::Dependent)
        row.parentId = opaqueId(employeeRow);
    return row;
}

std::string populationCsv(std::uint64_t first, std::uint64_t count)
{
    std::string csv = "社員番号,氏名,フリガナ,生年月日,部署,個人番号,区分,扶養元社員番号,続柄\n";
    csv.reserve(csv.size() + count * 110);
    for (std::uint64_t k = first; k < first + count; ++k) {
        const PopulationRow row = populationRow(k);
        const bool employee = row.kind == RowKind::Employee;
        csv += employee ? row.code : std::string();
        csv += ',';
        csv += row.name;
        csv += ',';
        csv += row.nameKana;
        csv += ',';
        csv += row.birthDate;
        csv += ',';
        csv += employee ? kDepartments[row.department].name : "";
        csv += ',';
        csv.append(row.number.data(), row.number.size());
        csv += employee ? ",従業員," : ",扶養親族,";
        csv += row.parentCode;
        csv += ',';
        csv += row.relationship;
        csv += '\n';
    }
    return csv;
}

std::uint64_t BenchRng::next()
{
    m_state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = m_state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

BenchKeys loadOrCreateKeys(const std::string& path)
{
    BenchKeys keys;
    constexpr std::size_t kBytes = sizeof keys.master + sizeof keys.signingSeed + sizeof keys.cipher;
    std::array<std::uint8_t, kBytes> raw{};
    if (!fileExists(path)) {
        if (!initSodium().ok())
            die("libsodium failed to initialise");
        randombytes_buf(raw.data(), raw.size());
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
            die("cannot create the bench key file " + path + ": " + std::strerror(errno));
        const bool written = ::write(fd, raw.data(), raw.size()) == static_cast<ssize_t>(raw.size());
        if (::close(fd) != 0 || !written)
            die("cannot write the bench key file " + path);
    } else {
        const std::vector<std::uint8_t> stored = readFile(path);
        if (stored.size() != kBytes)
            die("bench key file " + path + " has the wrong size; delete the fixture directory to rebuild it");
        std::copy(stored.begin(), stored.end(), raw.begin());
    }
    std::memcpy(keys.master.data(), raw.data(), 32);
    std::memcpy(keys.signingSeed.data(), raw.data() + 32, 32);
    std::memcpy(keys.cipher.data(), raw.data() + 64, 32);
    sodium_memzero(raw.data(), raw.size());
    return keys;
}

double nowSeconds()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double median(std::vector<double> values)
{
    if (values.empty())
        return std::nan("");
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return std::nan("");
    std::sort(values.begin(), values.end());
    const double rank = std::ceil(p / 100.0 * static_cast<double>(values.size()));
    const std::size_t index = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
    return values[std::min(index, values.size() - 1)];
}

void appendResult(const std::string& path, std::string_view name, double value)
{
    std::FILE* file = std::fopen(path.c_str(), "a");
    if (!file)
        die("cannot append to the results file " + path);
    // Six significant digits: never a long digit run.
    std::fprintf(file, "%.*s %.6g\n", static_cast<int>(name.size()), name.data(), value);
    std::fclose(file);
}

void die(const std::string& message)
{
    std::fprintf(stderr, "bench: error: %s\n", message.c_str());
    std::exit(1);
}

std::vector<std::uint8_t> readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        die("cannot read " + path);
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::size_t>(in.tellg());
    in.seekg(0);
    std::vector<std::uint8_t> bytes(size);
    if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size)))
        die("cannot read " + path);
    return bytes;
}

void warmPageCache(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        die("cannot open " + path);
    std::vector<char> buffer(1 << 20);
    while (::read(fd, buffer.data(), buffer.size()) > 0) {
    }
    ::close(fd);
}

std::uint64_t fileSize(const std::string& path)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    return ec ? 0 : static_cast<std::uint64_t>(size);
}

bool fileExists(const std::string& path)
{
    std::error_code ec;
    return std::filesystem::exists(path, ec);
}

void removeDatabase(const std::string& path)
{
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(path + suffix, ec);
}

BenchArgs::BenchArgs(int argc, char** argv, int first)
{
    for (int i = first; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg.substr(0, 2) != "--" || i + 1 >= argc)
            die("bad argument " + std::string(arg) + " (expected --name value)");
        m_values.emplace_back(std::string(arg.substr(2)), argv[++i]);
    }
}

std::string BenchArgs::text(std::string_view name, std::string_view fallback) const
{
    for (const auto& [key, value] : m_values)
        if (key == name)
            return value;
    return std::string(fallback);
}

std::string BenchArgs::required(std::string_view name) const
{
    std::string value = text(name);
    if (value.empty())
        die("missing --" + std::string(name));
    return value;
}

std::uint64_t BenchArgs::count(std::string_view name, std::uint64_t fallback) const
{
    const std::string value = text(name);
    if (value.empty())
        return fallback;
    char* end = nullptr;
    const unsigned long long parsed = std::strtoull(value.c_str(), &end, 10);
    if (!end || *end != '\0')
        die("--" + std::string(name) + " needs a whole number");
    return parsed;
}

} // namespace mamori::bench

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A strict RFC 4180 reader for UTF-8 text that has already been decoded (text_encoding.h): fields
// separated by commas, records by LF or CRLF, fields optionally in double quotes, a doubled quote
// inside quotes standing for one quote, commas and line breaks allowed inside quotes, the final
// line break optional. Anything else is an error naming the line, the field and the column where
// it was found: an unterminated quote, a quote inside an unquoted field, text after a closing
// quote, a carriage return that does not end a line, too many fields.
//
// The reader is a pull parser over a caller-owned buffer: next() fills a reused CsvRecord, so
// reading 100,000 records allocates almost nothing after the first few. Limits (input size, fields
// per record, bytes per field, records) bound what hostile input can make it allocate.
//
// Field values may be personal data or numbers: CsvRecord wipes its buffers when it is destroyed,
// and no error ever quotes a value. Not thread-safe; one reader per thread.

#include "services/common/result.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mamori::vault {

struct CsvLimits {
    std::size_t maxInputBytes = std::size_t{64} << 20;
    std::size_t maxFieldsPerRecord = 256;
    std::size_t maxFieldBytes = std::size_t{64} << 10;
    std::size_t maxRecords = 1'000'000;
};

struct CsvOptions {
    CsvLimits limits;
    // Skip lines that are completely empty (not even a comma). They are never data in an export.
    bool skipBlankLines = true;
    // Require every record to have as many fields as the first one (an error otherwise). Off for
    // imports, which report a wrong field count per row instead of refusing the file.
    bool uniformFieldCount = false;
    // When not '\0', a line starting with this character (at the start of a record) is skipped.
    char commentPrefix = '\0';
};

// Where an error was found: 1-based line, field (within the record) and column (in Unicode
// characters from the start of the line). Zero when not applicable.
struct CsvPosition {
    std::size_t line = 0;
    std::size_t field = 0;
    std::size_t column = 0;
};

class CsvRecord {
public:
    CsvRecord() = default;
    CsvRecord(CsvRecord&& other) noexcept = default;
    CsvRecord& operator=(CsvRecord&& other) noexcept;
    CsvRecord(const CsvRecord&) = delete;
    CsvRecord& operator=(const CsvRecord&) = delete;
    ~CsvRecord();

    std::size_t size() const noexcept { return m_count; }
    std::string_view operator[](std::size_t index) const noexcept { return m_fields[index]; }
    // The field, or an empty view past the end of the record.
    std::string_view field(std::size_t index) const noexcept
    {
        return index < m_count ? std::string_view(m_fields[index]) : std::string_view();
    }
    // The 1-based line on which the record starts.
    std::size_t line() const noexcept { return m_line; }
    // Whether every field is empty (e.g. a line of commas, as spreadsheets write below the data).
    bool isBlank() const noexcept;

private:
    friend class CsvReader;
    void reset(std::size_t line) noexcept;
    std::string& beginField();
    void wipe() noexcept;

    std::vector<std::string> m_fields;
    std::size_t m_count = 0;
    std::size_t m_line = 0;
};

class CsvReader {
public:
    explicit CsvReader(std::string_view utf8, CsvOptions options = {});

    // Reads the next record into `record`: true if one was read, false at the end of the input.
    // Errors: InvalidArgument (malformed CSV), TooLarge (a limit). After an error the reader stays
    // failed and returns the same error; errorPosition() says where.
    Result<bool> next(CsvRecord& record);

    const CsvPosition& errorPosition() const noexcept { return m_errorPosition; }
    std::size_t recordsRead() const noexcept { return m_records; }

private:
    Error fail(ErrorCode code, std::size_t offset, std::size_t line, std::size_t lineStart, std::size_t field,
               std::string_view reason);
    std::size_t columnOf(std::size_t offset, std::size_t lineStart) const noexcept;
    bool skipIgnoredLines();

    std::string_view m_text;
    CsvOptions m_options;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
    std::size_t m_lineStart = 0;
    std::size_t m_records = 0;
    std::size_t m_expectedFields = 0;
    bool m_failed = false;
    ErrorCode m_errorCode = ErrorCode::Internal;
    std::string m_errorContext;
    CsvPosition m_errorPosition;
};

// Reads every record of a small document (rule tables, tests). Imports stream with CsvReader.
Result<std::vector<CsvRecord>> readAllCsv(std::string_view utf8, CsvOptions options = {});

} // namespace mamori::vault

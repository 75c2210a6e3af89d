// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Result<T>: either a value or an Error; Status = Result<Ok>. Errors are values in Mamori: no
// exceptions cross a module boundary. Kept deliberately small so that it can be swapped for
// std::expected once every supported compiler has it (clang 14 does not).
//
// Reading value() of a failed Result, or error() of a successful one, is a programming error
// and terminates the process (in every build type).

#include "services/common/error.h"

#include <cstdio>
#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

namespace mamori {

struct Ok {};

namespace detail {
[[noreturn]] inline void resultMisuse(const char* what) noexcept
{
    std::fputs(what, stderr);
    std::fputc('\n', stderr);
    std::abort();
}
} // namespace detail

template <typename T> class [[nodiscard]] Result {
    static_assert(!std::is_same_v<std::remove_cv_t<T>, Error>, "Result<Error> is meaningless");
    static_assert(!std::is_reference_v<T>, "Result holds values");

public:
    using value_type = T;

    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}     // NOLINT: implicit by design
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {} // NOLINT: implicit by design

    bool ok() const noexcept { return m_state.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() &
    {
        if (!ok())
            detail::resultMisuse("mamori::Result: value() of a failed result");
        return std::get<0>(m_state);
    }
    const T& value() const&
    {
        if (!ok())
            detail::resultMisuse("mamori::Result: value() of a failed result");
        return std::get<0>(m_state);
    }
    T&& value() &&
    {
        if (!ok())
            detail::resultMisuse("mamori::Result: value() of a failed result");
        return std::get<0>(std::move(m_state));
    }

    const Error& error() const&
    {
        if (ok())
            detail::resultMisuse("mamori::Result: error() of a successful result");
        return std::get<1>(m_state);
    }
    Error&& error() &&
    {
        if (ok())
            detail::resultMisuse("mamori::Result: error() of a successful result");
        return std::get<1>(std::move(m_state));
    }

    ErrorCode code() const { return error().code(); }

private:
    std::variant<T, Error> m_state;
};

using Status = Result<Ok>;

inline Status okStatus() { return Ok{}; }

} // namespace mamori

// Propagate a failure to the caller: MAMORI_TRY(store.open(path));
#define MAMORI_TRY(expr)                                                                                               \
    do {                                                                                                               \
        auto mamoriTryResult_ = (expr);                                                                                \
        if (!mamoriTryResult_.ok())                                                                                    \
            return std::move(mamoriTryResult_).error();                                                                \
    } while (false)

#define MAMORI_CONCAT_INNER_(a, b) a##b
#define MAMORI_CONCAT_(a, b) MAMORI_CONCAT_INNER_(a, b)
#define MAMORI_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)                                                                  \
    auto tmp = (expr);                                                                                                 \
    if (!tmp.ok())                                                                                                     \
        return std::move(tmp).error();                                                                                 \
    lhs = std::move(tmp).value()

// Bind the value or propagate the failure: MAMORI_ASSIGN_OR_RETURN(auto key, source.masterKey());
#define MAMORI_ASSIGN_OR_RETURN(lhs, expr)                                                                             \
    MAMORI_ASSIGN_OR_RETURN_IMPL_(MAMORI_CONCAT_(mamoriAssignResult_, __LINE__), lhs, expr)

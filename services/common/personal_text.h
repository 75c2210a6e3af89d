// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// PersonalText: a UTF-8 string of personal data (a name, an address, a birth date) that wipes its
// storage when it is destroyed, assigned over or grows. Key material belongs in SecretBuffer; this
// type is for decrypted fields that are too many and too short for guarded pages (a page of 50
// subjects would need hundreds of sodium_malloc calls) but must still not linger in freed memory.
//
// Move-only on purpose: copies of personal data are made explicitly with clone().

#include <sodium.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace mamori {

// An allocator that zeroes every block before releasing it.
template <typename T> struct WipingAllocator {
    using value_type = T;
    WipingAllocator() noexcept = default;
    template <typename U>
    WipingAllocator(const WipingAllocator<U>&) noexcept // NOLINT(google-explicit-constructor): allocator rebind
    {}
    T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
    void deallocate(T* p, std::size_t n) noexcept
    {
        sodium_memzero(p, n * sizeof(T));
        std::allocator<T>{}.deallocate(p, n);
    }
    friend bool operator==(const WipingAllocator&, const WipingAllocator&) noexcept { return true; }
};

class PersonalText {
public:
    using String = std::basic_string<char, std::char_traits<char>, WipingAllocator<char>>;

    PersonalText() = default;
    explicit PersonalText(std::string_view utf8) : m_text(utf8.data(), utf8.size()) {}
    PersonalText(PersonalText&& other) noexcept : m_text(std::move(other.m_text)) { other.wipe(); }
    PersonalText& operator=(PersonalText&& other) noexcept
    {
        if (this != &other) {
            wipe();
            m_text = std::move(other.m_text);
            other.wipe();
        }
        return *this;
    }
    PersonalText(const PersonalText&) = delete;
    PersonalText& operator=(const PersonalText&) = delete;
    ~PersonalText() { wipe(); }

    // `size` zero bytes, to be filled in place through data() (decryption).
    static PersonalText zeroed(std::size_t size)
    {
        PersonalText text;
        text.m_text.assign(size, '\0');
        return text;
    }
    PersonalText clone() const { return PersonalText(view()); }
    std::string_view view() const noexcept { return {m_text.data(), m_text.size()}; }
    const char* data() const noexcept { return m_text.data(); }
    char* data() noexcept { return m_text.data(); }
    std::size_t size() const noexcept { return m_text.size(); }
    bool empty() const noexcept { return m_text.empty(); }
    bool operator==(const PersonalText& other) const noexcept { return view() == other.view(); }

    // Zero the contents (including a short string held inline) and make it empty.
    void wipe() noexcept
    {
        if (m_text.capacity() > 0)
            sodium_memzero(m_text.data(), m_text.capacity());
        m_text.clear();
    }

private:
    String m_text;
};

} // namespace mamori

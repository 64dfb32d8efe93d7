#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace iouslab {

/// A failure a user can act on: the message names the file or input and what is wrong.
struct Error
{
    QString message;
};

inline Error makeError(QString message)
{
    return Error{std::move(message)};
}

/// The outcome of an operation that can fail for reasons outside the program (files, user
/// input, the catalogue on disk): either a value or an Error. Programmer errors are asserts,
/// not Expected.
template<typename T>
class Expected
{
public:
    Expected(T value)
        : m_value(std::move(value))
    {}
    Expected(Error error)
        : m_error(std::move(error.message))
    {}

    bool hasValue() const { return m_value.has_value(); }
    explicit operator bool() const { return hasValue(); }

    T &value() & { return *m_value; }
    const T &value() const & { return *m_value; }
    // By value, so that `for (x : f().value())` does not loop over a destroyed temporary.
    T value() && { return std::move(*m_value); }
    T *operator->() { return &*m_value; }
    const T *operator->() const { return &*m_value; }
    T &operator*() { return *m_value; }
    const T &operator*() const { return *m_value; }

    /// The message of a failed outcome; empty when there is a value.
    const QString &error() const { return m_error; }

private:
    std::optional<T> m_value;
    QString m_error;
};

/// Expected for operations that give nothing back but can fail.
template<>
class Expected<void>
{
public:
    Expected() = default;
    Expected(Error error)
        : m_failed(true)
        , m_error(std::move(error.message))
    {}

    bool hasValue() const { return !m_failed; }
    explicit operator bool() const { return hasValue(); }
    const QString &error() const { return m_error; }

private:
    bool m_failed = false;
    QString m_error;
};

using Status = Expected<void>;

} // namespace iouslab

#pragma once

#include <QString>

#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace iouslab {

/// A prepared SQLite statement. Owns the sqlite3_stmt and finalizes it. Column and parameter
/// indexes follow SQLite: parameters from 1, columns from 0.
class SqliteStatement
{
public:
    SqliteStatement(sqlite3 *db, sqlite3_stmt *statement);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    /// Makes the statement ready to run again with new parameters.
    void reset();

    void bind(int index, qint64 value);
    void bind(int index, int value) { bind(index, qint64(value)); }
    void bind(int index, double value);
    void bind(int index, const QString &value);
    void bindNull(int index);
    void bind(int index, const std::optional<double> &value);
    void bind(int index, const std::optional<qint64> &value);

    /// One step: true with a row to read, false when done. On failure, false with ok set false.
    bool step(bool *ok);
    /// Runs to completion, ignoring rows; false on failure.
    bool exec();

    qint64 int64(int column) const;
    double real(int column) const;
    QString text(int column) const;
    bool isNull(int column) const;
    std::optional<double> optionalReal(int column) const;
    std::optional<qint64> optionalInt64(int column) const;

private:
    sqlite3 *m_db = nullptr;             // not owned: the Catalogue's connection
    sqlite3_stmt *m_statement = nullptr; // owned
};

} // namespace iouslab

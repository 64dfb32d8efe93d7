#include "catalogue/catalogue.h"

#include "catalogue/sqlitestatement.h"
#include "core/logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sqlite3.h>

namespace iouslab {

namespace {

// PRAGMA application_id of an iouslab catalogue: "IOUS" in ASCII.
constexpr int applicationId = 0x494F5553;
constexpr int busyTimeoutMs = 5000;

QStringList schemaFiles()
{
    QStringList files = QDir(QStringLiteral(":/schema"))
                            .entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    return files;
}

} // namespace

int Catalogue::latestSchemaVersion()
{
    return int(schemaFiles().size());
}

qint64 Catalogue::nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

Catalogue::Catalogue(const QString &path)
    : m_path(path)
{}

Catalogue::~Catalogue()
{
    m_statements.clear();
    sqlite3_close(m_db);
}

Expected<std::unique_ptr<Catalogue>> Catalogue::open(const QString &path, OpenMode mode,
                                                     int targetVersion)
{
    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        return makeError(QStringLiteral("%1 is not a file").arg(path));
    if (!info.exists() && mode == OpenMode::OpenExisting)
        return makeError(QStringLiteral("%1 does not exist").arg(path));

    std::unique_ptr<Catalogue> catalogue(new Catalogue(path));
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX;
    if (mode == OpenMode::CreateIfMissing)
        flags |= SQLITE_OPEN_CREATE;
    const int rc =
        sqlite3_open_v2(QFile::encodeName(path).constData(), &catalogue->m_db, flags, nullptr);
    if (rc != SQLITE_OK)
        return catalogue->failure(QStringLiteral("cannot open"));
    sqlite3_extended_result_codes(catalogue->m_db, 1);
    sqlite3_busy_timeout(catalogue->m_db, busyTimeoutMs);

    if (Status configured = catalogue->configure(mode, targetVersion); !configured)
        return makeError(configured.error());
    return catalogue;
}

Status Catalogue::configure(OpenMode mode, int targetVersion)
{
    // Read before writing anything: a file that is not ours must be left exactly as it is.
    auto identity = prepare("SELECT (SELECT application_id FROM pragma_application_id), "
                            "(SELECT user_version FROM pragma_user_version), "
                            "(SELECT count(*) FROM sqlite_schema)");
    if (!identity)
        return makeError(identity.error());
    bool ok = false;
    (*identity)->step(&ok);
    if (!ok)
        return failure(QStringLiteral("cannot read"));
    const qint64 fileApplicationId = (*identity)->int64(0);
    m_schemaVersion = int((*identity)->int64(1));
    const qint64 objectCount = (*identity)->int64(2);
    (*identity)->reset();

    const bool empty = fileApplicationId == 0 && m_schemaVersion == 0 && objectCount == 0;
    if (!empty && fileApplicationId != applicationId)
        return makeError(QStringLiteral("%1 is an SQLite database but not an iouslab catalogue; "
                                        "refusing to change it")
                             .arg(m_path));
    if (m_schemaVersion > latestSchemaVersion())
        return makeError(QStringLiteral("%1 has catalogue schema version %2, newer than this "
                                        "iouslab understands (%3); open it with a newer iouslab")
                             .arg(m_path)
                             .arg(m_schemaVersion)
                             .arg(latestSchemaVersion()));
    if (empty && mode == OpenMode::OpenExisting)
        return makeError(QStringLiteral("%1 is empty, not an iouslab catalogue").arg(m_path));

    // WAL lets readers go on while a worker commits. synchronous=NORMAL: a committed
    // transaction survives a killed or crashed program (the crash-safety test kills a writer
    // with SIGKILL), but the last commits before a power cut or an operating-system crash may
    // be rolled back; FULL would close that gap at one disk sync per label, which puts a key
    // press over 5 ms on ordinary disks. IOUSLAB_SYNCHRONOUS=FULL chooses the other side.
    if (Status s = execute(QStringLiteral("PRAGMA journal_mode=WAL")); !s)
        return s;
    const bool full = qEnvironmentVariable("IOUSLAB_SYNCHRONOUS") == QLatin1String("FULL");
    if (Status s = execute(full ? QStringLiteral("PRAGMA synchronous=FULL")
                                : QStringLiteral("PRAGMA synchronous=NORMAL"));
        !s)
        return s;
    if (Status s = execute(QStringLiteral("PRAGMA foreign_keys=ON")); !s)
        return s;
    if (empty) {
        const QString setId = QStringLiteral("PRAGMA application_id=%1").arg(applicationId);
        if (Status s = execute(setId); !s)
            return s;
    }
    return migrate(targetVersion);
}

Status Catalogue::migrate(int targetVersion)
{
    const QStringList files = schemaFiles();
    for (int version = m_schemaVersion + 1; version <= targetVersion; ++version) {
        QFile file(QStringLiteral(":/schema/") + files.at(version - 1));
        if (!file.open(QIODevice::ReadOnly))
            return makeError(QStringLiteral("schema file %1 is missing from the program")
                                 .arg(files.at(version - 1)));
        const QByteArray sql = file.readAll();

        Transaction transaction(*this);
        if (!transaction.isActive())
            return makeError(transaction.error());
        char *message = nullptr;
        if (sqlite3_exec(m_db, sql.constData(), nullptr, nullptr, &message) != SQLITE_OK) {
            const QString reason = QString::fromUtf8(message);
            sqlite3_free(message);
            return makeError(QStringLiteral("%1: applying schema version %2 failed: %3")
                                 .arg(m_path)
                                 .arg(version)
                                 .arg(reason));
        }
        if (Status s = execute(QStringLiteral("PRAGMA user_version=%1").arg(version)); !s)
            return s;
        if (Status s = transaction.commit(); !s)
            return s;
        m_schemaVersion = version;
        qCInfo(lcCatalogue) << "catalogue schema now at version" << version;
    }
    return {};
}

Expected<SqliteStatement *> Catalogue::prepare(const char *sql)
{
    auto found = m_statements.find(sql);
    if (found != m_statements.end()) {
        found->second->reset();
        return found->second.get();
    }
    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK)
        return failure(QStringLiteral("cannot prepare a query"));
    auto statement = std::make_unique<SqliteStatement>(m_db, raw);
    SqliteStatement *result = statement.get();
    m_statements.emplace(sql, std::move(statement));
    return result;
}

Status Catalogue::run(const char *sql, const Binder &bind, const QString &what,
                      const RowReader &onRow)
{
    auto st = prepare(sql);
    if (!st)
        return makeError(st.error());
    if (bind)
        bind(**st);
    bool ok = false;
    while ((*st)->step(&ok)) {
        if (onRow)
            onRow(**st);
    }
    if (!ok) {
        Error error = failure(what);
        (*st)->reset();
        return error;
    }
    (*st)->reset();
    return {};
}

Expected<qint64> Catalogue::insert(const char *sql, const Binder &bind, const QString &what)
{
    if (Status s = run(sql, bind, what); !s)
        return makeError(s.error());
    return qint64(sqlite3_last_insert_rowid(m_db));
}

Error Catalogue::failure(const QString &what) const
{
    const int code = m_db ? sqlite3_extended_errcode(m_db) : SQLITE_CANTOPEN;
    const QString reason =
        m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("out of memory");
    switch (code & 0xff) {
    case SQLITE_NOTADB:
        return makeError(QStringLiteral("%1 is not an iouslab catalogue (%2)").arg(m_path, reason));
    case SQLITE_CORRUPT:
        return makeError(
            QStringLiteral("%1 is damaged (%2); restore it from a backup").arg(m_path, reason));
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        return makeError(QStringLiteral("%1: %2: %3; check that the project folder is writable")
                             .arg(m_path, what, reason));
    default:
        return makeError(QStringLiteral("%1: %2: %3").arg(m_path, what, reason));
    }
}

Status Catalogue::execute(const QString &sql)
{
    char *message = nullptr;
    if (sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &message) != SQLITE_OK) {
        sqlite3_free(message);
        return failure(sql.section(QLatin1Char(' '), 0, 1));
    }
    return {};
}

Status Catalogue::beginTransaction()
{
    return execute(QStringLiteral("BEGIN IMMEDIATE"));
}

Status Catalogue::commit()
{
    return execute(QStringLiteral("COMMIT"));
}

void Catalogue::rollback()
{
    if (!sqlite3_get_autocommit(m_db))
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

Catalogue::Transaction::Transaction(Catalogue &catalogue)
    : m_catalogue(catalogue)
{
    Status begun = m_catalogue.beginTransaction();
    m_active = begun.hasValue();
    m_error = begun.error();
}

Catalogue::Transaction::~Transaction()
{
    if (m_active)
        m_catalogue.rollback();
}

Status Catalogue::Transaction::commit()
{
    Status committed = m_catalogue.commit();
    if (!committed)
        m_catalogue.rollback();
    m_active = false;
    return committed;
}

Expected<std::optional<QString>> Catalogue::setting(const QString &key)
{
    std::optional<QString> value;
    Status s = run(
        "SELECT value FROM setting WHERE key = ?1", [&](SqliteStatement &st) { st.bind(1, key); },
        QStringLiteral("reading a setting"),
        [&](const SqliteStatement &row) { value = row.text(0); });
    if (!s)
        return makeError(s.error());
    return value;
}

Status Catalogue::setSetting(const QString &key, const QString &value)
{
    return run(
        "INSERT INTO setting (key, value) VALUES (?1, ?2) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [&](SqliteStatement &st) {
            st.bind(1, key);
            st.bind(2, value);
        },
        QStringLiteral("writing a setting"));
}

Expected<QString> Catalogue::integrityCheck()
{
    QStringList problems;
    Status s = run("PRAGMA integrity_check", {}, QStringLiteral("checking integrity"),
                   [&](const SqliteStatement &row) { problems << row.text(0); });
    if (!s)
        return makeError(s.error());
    return problems.join(QLatin1Char('\n'));
}

} // namespace iouslab

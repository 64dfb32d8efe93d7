#include "ml/modelarchive.h"

#include <QFile>

#include <zlib.h>

#include <cstring>
#include <optional>

namespace iouslab::ml {
namespace {

// Little-endian reads with bounds checks; a read past the end gives nothing.
class Bytes
{
public:
    explicit Bytes(const QByteArray &data)
        : m_data(data)
    {}

    std::optional<quint64> read(qint64 offset, int width) const
    {
        if (offset < 0 || offset + width > m_data.size())
            return std::nullopt;
        quint64 value = 0;
        for (int i = width - 1; i >= 0; --i)
            value = (value << 8) | quint8(m_data[int(offset + i)]);
        return value;
    }

    qint64 size() const { return m_data.size(); }
    const char *at(qint64 offset) const { return m_data.constData() + offset; }

private:
    const QByteArray &m_data;
};

constexpr quint32 kEndOfDirectory = 0x06054b50;
constexpr quint32 kZip64EndOfDirectory = 0x06064b50;
constexpr quint32 kZip64Locator = 0x07064b50;
constexpr quint32 kDirectoryEntry = 0x02014b50;
constexpr quint32 kLocalHeader = 0x04034b50;

struct Directory
{
    quint64 entries = 0;
    quint64 offset = 0;
};

std::optional<Directory> findDirectory(const Bytes &bytes)
{
    // The end record is 22 bytes plus a comment of at most 65535.
    const qint64 lowest = std::max<qint64>(0, bytes.size() - 22 - 65535);
    for (qint64 at = bytes.size() - 22; at >= lowest; --at) {
        if (bytes.read(at, 4) != kEndOfDirectory)
            continue;
        Directory directory{*bytes.read(at + 10, 2), *bytes.read(at + 16, 4)};
        if (directory.entries != 0xffff && directory.offset != 0xffffffff)
            return directory;
        // Zip64: the locator just before the end record points at the zip64 end record.
        if (bytes.read(at - 20, 4) != kZip64Locator)
            return std::nullopt;
        const std::optional<quint64> record = bytes.read(at - 20 + 8, 8);
        if (!record || bytes.read(qint64(*record), 4) != kZip64EndOfDirectory)
            return std::nullopt;
        const auto entries = bytes.read(qint64(*record) + 32, 8);
        const auto offset = bytes.read(qint64(*record) + 48, 8);
        if (!entries || !offset)
            return std::nullopt;
        return Directory{*entries, *offset};
    }
    return std::nullopt;
}

} // namespace

Status checkModelArchive(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(
            QStringLiteral("Cannot read model file %1: %2").arg(path, file.errorString()));
    const QByteArray data = file.readAll();
    const Bytes bytes(data);
    auto damaged = [&](const QString &what) {
        return makeError(QStringLiteral("Model file %1 is damaged or not a TorchScript model: %2.")
                             .arg(path, what));
    };

    const std::optional<Directory> directory = findDirectory(bytes);
    if (!directory)
        return damaged(QStringLiteral("it is not a zip archive (no readable end record)"));

    qint64 entry = qint64(directory->offset);
    for (quint64 i = 0; i < directory->entries; ++i) {
        if (bytes.read(entry, 4) != kDirectoryEntry || !bytes.read(entry + 46, 1))
            return damaged(QStringLiteral("its directory entry %1 is unreadable").arg(i + 1));
        const quint64 method = *bytes.read(entry + 10, 2);
        const quint64 crc = *bytes.read(entry + 16, 4);
        quint64 compressed = *bytes.read(entry + 20, 4);
        quint64 uncompressed = *bytes.read(entry + 24, 4);
        const qint64 nameLength = qint64(*bytes.read(entry + 28, 2));
        const qint64 extraLength = qint64(*bytes.read(entry + 30, 2));
        const qint64 commentLength = qint64(*bytes.read(entry + 32, 2));
        quint64 local = *bytes.read(entry + 42, 4);
        if (entry + 46 + nameLength > bytes.size())
            return damaged(QStringLiteral("its directory entry %1 is cut off").arg(i + 1));
        const QString name = QString::fromUtf8(bytes.at(entry + 46), int(nameLength));

        // Sizes and offsets too large for 32 bits are in the zip64 extra field, in this order.
        for (qint64 field = entry + 46 + nameLength;
             field + 4 <= entry + 46 + nameLength + extraLength;) {
            const quint64 id = bytes.read(field, 2).value_or(0);
            const qint64 length = qint64(bytes.read(field + 2, 2).value_or(0));
            if (id == 0x0001) {
                qint64 at = field + 4;
                for (quint64 *value : {&uncompressed, &compressed, &local}) {
                    if (*value == 0xffffffff) {
                        *value = bytes.read(at, 8).value_or(0xffffffffffffffffULL);
                        at += 8;
                    }
                }
            }
            field += 4 + length;
        }

        const qint64 header = qint64(local);
        if (bytes.read(header, 4) != kLocalHeader || !bytes.read(header + 28, 2))
            return damaged(QStringLiteral("the header of %1 is unreadable").arg(name));
        const qint64 start =
            header + 30 + qint64(*bytes.read(header + 26, 2)) + qint64(*bytes.read(header + 28, 2));
        if (compressed > quint64(bytes.size()) || start + qint64(compressed) > bytes.size())
            return damaged(QStringLiteral("%1 is cut off").arg(name));
        // PyTorch stores entries uncompressed; other methods are left to LibTorch's reader.
        if (method == 0) {
            uLong sum = crc32(0L, Z_NULL, 0);
            qint64 done = 0;
            while (done < qint64(compressed)) {
                const qint64 chunk = std::min<qint64>(qint64(compressed) - done, 1 << 30);
                sum = crc32(sum, reinterpret_cast<const Bytef *>(bytes.at(start + done)),
                            uInt(chunk));
                done += chunk;
            }
            if (sum != crc || compressed != uncompressed)
                return damaged(QStringLiteral("%1 does not match its checksum").arg(name));
        }
        entry += 46 + nameLength + extraLength + commentLength;
    }
    return {};
}

} // namespace iouslab::ml

#include "core/filehash.h"

#include <QFile>

#include <openssl/evp.h>

#include <memory>

namespace iouslab {

// OpenSSL rather than QCryptographicHash: Qt 6.4 hashes in portable C (about 250 MB/s here),
// OpenSSL uses the CPU's SHA extensions where it has them (over 1 GB/s), and every import
// hashes the whole source file before decoding it.
Expected<QString> sha256OfFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                          &EVP_MD_CTX_free);
    if (!context || !EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr))
        return makeError(QStringLiteral("%1: cannot start SHA-256").arg(path));
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 read = file.read(buffer.data(), buffer.size());
        if (read < 0)
            return makeError(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
        if (read == 0)
            break;
        EVP_DigestUpdate(context.get(), buffer.constData(), size_t(read));
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!EVP_DigestFinal_ex(context.get(), digest, &length))
        return makeError(QStringLiteral("%1: cannot finish SHA-256").arg(path));
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex());
}

} // namespace iouslab

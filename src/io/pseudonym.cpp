#include "io/pseudonym.h"

#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

namespace iouslab {

QString pseudonymFor(const QByteArray &key, const QString &patientId, const QString &issuer)
{
    if (patientId.trimmed().isEmpty())
        return {};
    // The unit separator keeps ("AB", "C") and ("A", "BC") apart.
    const QByteArray message = issuer.trimmed().toUtf8() + '\x1f' + patientId.trimmed().toUtf8();
    const QByteArray mac =
        QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);

    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    // 40 bits: 8 characters of 5 bits, from the first 5 bytes.
    quint64 bits = 0;
    for (int i = 0; i < 5; ++i)
        bits = (bits << 8) | quint8(mac[i]);
    QString out = QStringLiteral("P-");
    for (int i = 7; i >= 0; --i)
        out += QLatin1Char(alphabet[(bits >> (5 * i)) & 0x1f]);
    return out;
}

QString keyedHash(const QByteArray &key, const QString &text)
{
    return QString::fromLatin1(
        QMessageAuthenticationCode::hash(text.toUtf8(), key, QCryptographicHash::Sha256).toHex());
}

QByteArray newPseudonymKey()
{
    QByteArray key(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(key.data()), 8);
    return key;
}

} // namespace iouslab

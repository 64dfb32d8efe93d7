#pragma once

#include <QByteArray>
#include <QString>

namespace iouslab {

/// A stable short pseudonym for a patient, "P-" and 8 base32 characters (Crockford's
/// alphabet: no I, L, O or U), from HMAC-SHA256 under the catalogue's secret key of the
/// issuer and the patient ID. The same key, ID and issuer give the same pseudonym; without
/// the key it cannot be traced back. An empty patient ID gives an empty pseudonym.
QString pseudonymFor(const QByteArray &key, const QString &patientId, const QString &issuer);

/// HMAC-SHA256 of text under key as 64 lower-case hex digits, for UIDs and other
/// identifiers that must match across imports without being stored.
QString keyedHash(const QByteArray &key, const QString &text);

/// A fresh random secret key (32 bytes) for a new catalogue.
QByteArray newPseudonymKey();

} // namespace iouslab

#include "sim/fakeidentity.h"

#include "sim/random.h"

namespace iouslab::sim {

namespace {

// Letters and digits without look-alikes (no 0/O, 1/I), so a token is easy to read and grep.
const char tokenAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

QString pick(Random &random, const QStringList &list)
{
    return list.at(random.integer(0, int(list.size()) - 1));
}

} // namespace

QStringList FakeIdentity::identifyingStrings() const
{
    QStringList strings{patientName,        patientName.section(QLatin1Char('^'), 0, 0),
                        patientId,          birthDate,
                        issuerOfPatientId,  institutionName,
                        institutionAddress, referringPhysician,
                        operatorName,       accessionNumber};
    strings.removeAll(QString());
    return strings;
}

FakeIdentity fakeIdentity(std::uint64_t setSeed, int patientIndex)
{
    Random random(mixSeed(setSeed, 0x1de7, std::uint64_t(patientIndex) + 1));
    FakeIdentity identity;
    for (int i = 0; i < 6; ++i)
        identity.token += QLatin1Char(tokenAlphabet[random.integer(0, 31)]);
    const QString &t = identity.token;

    static const QStringList families{QStringLiteral("QUORNWELL"),  QStringLiteral("BRAMBLETHORPE"),
                                      QStringLiteral("VANTERLOO"),  QStringLiteral("ASHGROVE"),
                                      QStringLiteral("MERRIWICK"),  QStringLiteral("OSTRANDEL"),
                                      QStringLiteral("PELLINGTON"), QStringLiteral("ZANDERVELD")};
    static const QStringList givens{QStringLiteral("ELOWEN"),  QStringLiteral("TOBIAS"),
                                    QStringLiteral("MARISOL"), QStringLiteral("LEOPOLD"),
                                    QStringLiteral("INGRID"),  QStringLiteral("CASPIAN")};
    identity.sex = random.chance(0.5) ? QStringLiteral("F") : QStringLiteral("M");
    identity.patientName =
        QStringLiteral("%1-%2^%3").arg(pick(random, families), t, pick(random, givens));
    identity.patientId = QStringLiteral("SIM%1%2").arg(t).arg(random.integer(1000, 9999));
    identity.birthDate = QStringLiteral("19%1%2%3")
                             .arg(random.integer(35, 75))
                             .arg(random.integer(1, 12), 2, 10, QLatin1Char('0'))
                             .arg(random.integer(1, 28), 2, 10, QLatin1Char('0'));
    identity.issuerOfPatientId = QStringLiteral("MRN-ISSUER-%1").arg(t);
    identity.institutionName = QStringLiteral("Hollowmere Surgical Centre %1").arg(t);
    identity.institutionAddress =
        QStringLiteral("%1 Quillon Lane %2").arg(random.integer(2, 99)).arg(t);
    identity.referringPhysician = QStringLiteral("FENWORTH-%1^ADA^DR").arg(t);
    identity.operatorName = QStringLiteral("SONOGRAPHER-%1^ROWAN").arg(t);
    identity.accessionNumber = QStringLiteral("ACC%1%2").arg(t).arg(random.integer(100, 999));
    identity.studyDate = QStringLiteral("2025%1%2")
                             .arg(random.integer(1, 12), 2, 10, QLatin1Char('0'))
                             .arg(random.integer(1, 28), 2, 10, QLatin1Char('0'));
    identity.studyTime = QStringLiteral("%1%2%3")
                             .arg(random.integer(7, 18), 2, 10, QLatin1Char('0'))
                             .arg(random.integer(0, 59), 2, 10, QLatin1Char('0'))
                             .arg(random.integer(0, 59), 2, 10, QLatin1Char('0'));
    return identity;
}

} // namespace iouslab::sim

#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>

namespace iouslab::sim {

/// The made-up identifying data of a simulated patient, written into the DICOM headers and
/// burned into the frames so that the importer's de-identification can be tested. Every value
/// carries a token derived from the seed that occurs nowhere else, so a test can search an
/// imported project's bytes for it.
struct FakeIdentity
{
    QString token;       ///< 6 characters, e.g. "Q7X3KD"
    QString patientName; ///< DICOM PN: FAMILY^GIVEN
    QString patientId;
    QString birthDate; ///< YYYYMMDD
    QString sex;       ///< "M" or "F"
    QString issuerOfPatientId;
    QString institutionName;
    QString institutionAddress;
    QString referringPhysician;
    QString operatorName;
    QString accessionNumber;
    QString studyDate; ///< YYYYMMDD
    QString studyTime; ///< HHMMSS

    /// The strings that identify the patient (name and its parts, ID, birth date, issuer,
    /// institution and its address, physicians, accession number): none may survive import.
    QStringList identifyingStrings() const;
};

/// The fake identity of patient `patientIndex` (0-based) of the set made with `setSeed`.
FakeIdentity fakeIdentity(std::uint64_t setSeed, int patientIndex);

} // namespace iouslab::sim

#pragma once

#include "catalogue/catalogue.h"

#include <catch2/catch.hpp>

namespace iouslab::test {

/// Adds a patient with one study holding one DICOM clip of frameCount frames, 25 frames a
/// second, and gives the clip. For tests that need rows to point at; a test that uses it must
/// link iouslab_catalogue.
inline ClipId addPatientWithClip(Catalogue &catalogue, const QString &pseudonym, int frameCount,
                                 const QString &contentHash)
{
    const PatientId patient = catalogue.addPatient(pseudonym).value();
    const StudyId study = catalogue.addStudy({0, patient, QStringLiteral("s"), {}, 0}).value();
    ClipRecord clip;
    clip.studyId = study;
    clip.sourcePath = contentHash + QStringLiteral(".dcm");
    clip.contentHash = contentHash;
    clip.frameCount = frameCount;
    const ClipId clipId = catalogue.addClip(clip).value();
    QList<double> times;
    for (int i = 0; i < frameCount; ++i)
        times << i / 25.0;
    REQUIRE(catalogue.addFrames(clipId, times).hasValue());
    return clipId;
}

} // namespace iouslab::test

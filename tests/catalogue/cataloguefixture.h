#pragma once

#include "catalogue/catalogue.h"

#include <catch2/catch.hpp>

#include <QTemporaryDir>

namespace iouslab::test {

/// A fresh catalogue file in a temporary folder, with one patient, study, clip of frameCount
/// frames and two readers, for tests that need rows to point at.
struct CatalogueFixture
{
    explicit CatalogueFixture(int frameCount = 10)
    {
        REQUIRE(folder.isValid());
        auto opened = Catalogue::open(path(), Catalogue::OpenMode::CreateIfMissing);
        REQUIRE(opened.hasValue());
        catalogue = std::move(opened.value());

        patient = catalogue->addPatient(QStringLiteral("P-TEST0001")).value();
        StudyRecord study;
        study.patientId = patient;
        study.studyKey = QStringLiteral("study-key-1");
        studyId = catalogue->addStudy(study).value();
        ClipRecord clip;
        clip.studyId = studyId;
        clip.sourcePath = QStringLiteral("/data/sweep1.dcm");
        clip.contentHash = QStringLiteral("hash-1");
        clip.frameCount = frameCount;
        clipId = catalogue->addClip(clip).value();
        QList<double> times;
        for (int i = 0; i < frameCount; ++i)
            times << i / 25.0;
        REQUIRE(catalogue->addFrames(clipId, times).hasValue());
        for (int i = 0; i < frameCount; ++i)
            frames << catalogue->frameId(clipId, i).value().value();
        alice = catalogue->addReader(QStringLiteral("alice"), ReaderRole::Radiologist).value();
        bob = catalogue->addReader(QStringLiteral("bob"), ReaderRole::Surgeon).value();
    }

    QString path() const { return folder.filePath(QStringLiteral("catalogue.sqlite")); }

    QTemporaryDir folder;
    std::unique_ptr<Catalogue> catalogue;
    PatientId patient = 0;
    StudyId studyId = 0;
    ClipId clipId = 0;
    QList<FrameId> frames;
    ReaderId alice = 0;
    ReaderId bob = 0;
};

} // namespace iouslab::test

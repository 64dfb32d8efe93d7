#pragma once

#include "app/demoproject.h"
#include "ml/trainer.h"

#include <catch2/catch.hpp>

#include <QTemporaryDir>

namespace iouslab::test {

/// A small simulated project in temp's "project" folder: 4 patients of 40 frames with both
/// simulated readers' labels (a few seconds to make). A test that uses it must link iouslab_app.
inline QString makeSmallDemoProject(const QTemporaryDir &temp, quint64 seed)
{
    const QString folder = temp.filePath(QStringLiteral("project"));
    DemoSettings demo;
    demo.patients = 4;
    demo.framesPerPatient = 40;
    demo.seed = seed;
    REQUIRE(createDemoProject(folder, temp.filePath(QStringLiteral("sources")), demo).hasValue());
    return folder;
}

/// Training settings that finish in seconds on such a project: 2 folds of at most 2 epochs,
/// one thread.
inline ml::TrainingSettings quickTrainingSettings()
{
    ml::TrainingSettings settings;
    settings.folds = 2;
    settings.maxEpochs = 2;
    settings.patience = 1;
    settings.batchSize = 16;
    settings.threads = 1;
    return settings;
}

} // namespace iouslab::test

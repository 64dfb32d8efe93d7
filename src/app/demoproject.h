#pragma once

#include "core/expected.h"

#include <QString>

#include <functional>

namespace iouslab {

/// What building the demo project did.
struct DemoSummary
{
    bool alreadyThere = false; ///< the project had clips; nothing was done
    int patients = 0;
    int clips = 0;
    int frames = 0;
    int labels = 0;
    QString sourcesFolder;
};

/// The size of the demo set.
struct DemoSettings
{
    int patients = 16;
    int framesPerPatient = 300;
    quint64 seed = 1;
    double contrastDb = 9.0;    ///< see sim::SimulationSettings::contrastDb
    double lesionSizeMm = 10.0; ///< see sim::SimulationSettings::lesionSizeMm
};

/// Fills the project in folder with simulated IOUS studies, as a new user's first project:
/// simulates the patients (scanner exports with fake identifiers) into sourcesFolder, imports
/// them the way a user would (pseudonymised, cropped, one transaction per clip) and loads the
/// two simulated readers' labels. A project that already has clips is left as it is.
/// sourcesFolder must lie outside the project folder: the exports carry fake identifiers that
/// the project itself must never hold.
Expected<DemoSummary> createDemoProject(const QString &folder, const QString &sourcesFolder,
                                        const DemoSettings &settings,
                                        const std::function<void(const QString &)> &say = {});

} // namespace iouslab

#pragma once

#include "app/demoproject.h"
#include "catalogue/project.h"
#include "core/filehash.h"
#include "ml/model.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>

namespace iouslab::test {

/// A small simulated project (patients x frames, two readers' labels) with one model version
/// made without training: a new compact network saved into models/ as the weights, with a
/// recorded 99 %-sensitivity threshold in its metrics, so that review tests need no training
/// run. For tests that link iouslab_app.
struct ReviewProject
{
    QString folder;
    ModelVersionId version = 0;
};

inline ReviewProject makeReviewProject(const QTemporaryDir &temp, int patients = 2, int frames = 40,
                                       double recordedThreshold = 0.5)
{
    ReviewProject made;
    made.folder = temp.filePath(QStringLiteral("project"));
    DemoSettings settings;
    settings.patients = patients;
    settings.framesPerPatient = frames;
    settings.seed = 11;
    auto demo = createDemoProject(made.folder, temp.filePath(QStringLiteral("sources")), settings);
    REQUIRE(demo.hasValue());

    auto model = ml::Model::create(ml::ModelKind::Compact, 256, 3);
    REQUIRE(model.hasValue());
    const QString weightsName = QStringLiteral("models/untrained.pt");
    const QString weights = QDir(made.folder).filePath(weightsName);
    REQUIRE(model->save(weights).hasValue());

    auto project = Project::open(made.folder, Project::OpenMode::OpenExisting);
    REQUIRE(project.hasValue());
    ModelVersionRecord version;
    version.architecture = QStringLiteral("compact");
    version.settingsJson = QStringLiteral("{\"operating_sensitivity\":0.99}");
    version.weightsPath = weightsName;
    version.weightsHash = sha256OfFile(weights).value();
    version.metricsJson = QStringLiteral("{\"final_threshold\":%1}").arg(recordedThreshold);
    made.version = (*project)->catalogue().addModelVersion(version).value();
    return made;
}

/// Renders the first page of a case summary PDF with pdftoppm at 40 dpi (to pdf + "-page.png")
/// and checks that it is not blank: more than 2 % of its pixels are dark.
inline void checkFirstPageNotBlank(const QString &pdf)
{
    const QString base = pdf + QStringLiteral("-page");
    QProcess pdftoppm;
    pdftoppm.start(QStringLiteral("pdftoppm"),
                   {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("40"),
                    QStringLiteral("-singlefile"), pdf, base});
    REQUIRE(pdftoppm.waitForFinished(60000));
    const QImage page(base + QStringLiteral(".png"));
    REQUIRE_FALSE(page.isNull());
    int dark = 0;
    for (int y = 0; y < page.height(); ++y)
        for (int x = 0; x < page.width(); ++x)
            dark += qGray(page.pixel(x, y)) < 128 ? 1 : 0;
    CHECK(dark > page.width() * page.height() / 50);
}

} // namespace iouslab::test

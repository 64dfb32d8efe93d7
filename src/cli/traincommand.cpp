#include "app/trainingjob.h"
#include "catalogue/project.h"
#include "cli/command.h"

#include <cmath>

namespace iouslab::cli {

namespace {

Expected<ml::TrainingSettings> trainingSettings(const QCommandLineParser &parser)
{
    ml::TrainingSettings settings;
    bool ok = true;
    settings.folds = parser.value(QStringLiteral("folds")).toInt(&ok);
    if (!ok || settings.folds < 2)
        return makeError(QStringLiteral("--folds must be a whole number of at least 2"));
    settings.maxEpochs = parser.value(QStringLiteral("epochs")).toInt(&ok);
    if (!ok || settings.maxEpochs < 1)
        return makeError(QStringLiteral("--epochs must be a whole number of at least 1"));
    settings.seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok)
        return makeError(QStringLiteral("--seed must be a whole number"));
    if (parser.isSet(QStringLiteral("threads"))) {
        settings.threads = parser.value(QStringLiteral("threads")).toInt(&ok);
        if (!ok || settings.threads < 1)
            return makeError(QStringLiteral("--threads must be at least 1"));
    }
    settings.leaveOnePatientOut = parser.isSet(QStringLiteral("leave-one-patient-out"));

    const QString model = parser.value(QStringLiteral("model"));
    if (model == QLatin1String("compact")) {
        settings.modelKind = ml::ModelKind::Compact;
    } else if (model == QLatin1String("resnet18")) {
        settings.modelKind = ml::ModelKind::ResNet18;
    } else {
        settings.modelKind = ml::ModelKind::UserFile;
        settings.modelFile = model;
    }
    return settings;
}

} // namespace

Command trainCommand()
{
    Command command;
    command.name = QStringLiteral("train");
    command.summary = QStringLiteral("Trains the lesion CNN with patient-level cross-validation "
                                     "and writes a model version.");
    command.addOptions = [](QCommandLineParser &parser) {
        parser.addOptions({
            {QStringLiteral("folds"), QStringLiteral("Patient-grouped folds (default 4)."),
             QStringLiteral("K"), QStringLiteral("4")},
            {QStringLiteral("leave-one-patient-out"),
             QStringLiteral("One fold per patient instead of K folds.")},
            {QStringLiteral("epochs"), QStringLiteral("The most epochs per fold (default 30)."),
             QStringLiteral("N"), QStringLiteral("30")},
            {QStringLiteral("model"),
             QStringLiteral("compact (default), resnet18, or a TorchScript FILE.pt to fine-tune."),
             QStringLiteral("MODEL"), QStringLiteral("compact")},
            {QStringLiteral("seed"), QStringLiteral("Seed (default 1)."), QStringLiteral("S"),
             QStringLiteral("1")},
            {QStringLiteral("threads"),
             QStringLiteral("Threads (default: one fewer than the cores)."), QStringLiteral("N")},
            {QStringLiteral("no-warm-start"),
             QStringLiteral("Start from fresh weights, not the latest model version's.")},
        });
    };
    command.run = [](const CommandContext &context) {
        auto settings = trainingSettings(context.parser);
        if (!settings) {
            context.err << "iouslab train: " << settings.error() << Qt::endl;
            return int(ExitUsage);
        }
        TrainingControls controls;
        controls.say = [&](const QString &line) { context.err << line << Qt::endl; };
        controls.progress = [&](const ml::TrainingProgress &p) {
            const QString fold = p.fold < p.foldCount
                                     ? QStringLiteral("fold %1/%2").arg(p.fold + 1).arg(p.foldCount)
                                     : QStringLiteral("final model");
            context.err << fold << " epoch " << p.epoch << "/" << p.epochs << " loss "
                        << QString::number(p.loss, 'f', 4) << " validation AUC "
                        << (std::isfinite(p.validationAuc)
                                ? QString::number(p.validationAuc, 'f', 3)
                                : QStringLiteral("-"))
                        << " ETA " << qRound(p.etaSeconds) << " s" << Qt::endl;
        };
        const bool warmStart = !context.parser.isSet(QStringLiteral("no-warm-start"));
        auto outcome = trainModelVersion(context.projectFolder, *settings, warmStart, controls);
        if (!outcome)
            return context.fail(outcome.error());
        context.out << "Model version " << outcome->version << ": " << outcome->frames
                    << " labelled frames of " << outcome->patients
                    << " patients, mean held-out-patient AUC "
                    << QString::number(outcome->meanFoldAuc, 'f', 3) << "; " << outcome->scored
                    << " frames scored" << Qt::endl;
        return int(ExitSuccess);
    };
    return command;
}

} // namespace iouslab::cli

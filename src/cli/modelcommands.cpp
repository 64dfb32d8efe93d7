// `iouslab predict` and `iouslab export-model`: using a model version after training.
#include "app/modelinputs.h"
#include "app/trainingjob.h"
#include "catalogue/project.h"
#include "cli/command.h"
#include "cli/commandsupport.h"
#include "ml/model.h"

#include <QFile>

#include <vector>

namespace iouslab::cli {

Command predictCommand()
{
    Command command;
    command.name = QStringLiteral("predict");
    command.summary = QStringLiteral("Scores frames with a model version and stores the scores "
                                     "(prints clip, frame, probability as CSV).");
    command.addOptions = [](QCommandLineParser &parser) {
        parser.addOptions(
            {{QStringLiteral("model"), QStringLiteral("The model version (default: the latest)."),
              QStringLiteral("V")},
             {QStringLiteral("clip"), QStringLiteral("Only this clip (default: every frame)."),
              QStringLiteral("C")}});
    };
    command.run = [](const CommandContext &context) {
        auto project = Project::open(context.projectFolder, Project::OpenMode::OpenExisting);
        if (!project)
            return context.fail(project.error());
        Catalogue &catalogue = (*project)->catalogue();
        auto version = chooseModelVersion(catalogue, context.parser.value(QStringLiteral("model")));
        if (!version)
            return context.fail(version.error());
        auto weights = verifiedWeightsPath((*project)->folder(), *version);
        if (!weights)
            return context.fail(weights.error());
        auto model = ml::Model::load(*weights);
        if (!model)
            return context.fail(model.error());

        const ClipId clip = context.parser.value(QStringLiteral("clip")).toLongLong();
        auto locations = catalogue.frameLocations(clip);
        if (!locations)
            return context.fail(locations.error());
        if (locations->isEmpty())
            return context.fail(QStringLiteral("no frames to score"));
        auto inputs = ModelInputs::open((*project)->framesFolder(), *locations);
        if (!inputs)
            return context.fail(inputs.error());
        std::vector<qint64> frames;
        for (const Catalogue::FrameLocation &location : *locations)
            frames.push_back(location.frameId);
        auto scores = model->score(frames, (*inputs)->loader(model->inputSize()));
        if (!scores)
            return context.fail(scores.error());

        QList<PredictionRecord> predictions;
        context.out << "clip,frame,probability\n";
        for (int i = 0; i < locations->size(); ++i) {
            const Catalogue::FrameLocation &location = locations->at(i);
            predictions << PredictionRecord{version->id, location.frameId, -1,
                                            double((*scores)[i])};
            context.out << location.clipId << ',' << location.frameIndex << ','
                        << QString::number((*scores)[i], 'f', 6) << '\n';
        }
        context.out.flush();
        Catalogue::Transaction transaction(catalogue);
        if (Status s = catalogue.addPredictions(predictions); !s)
            return context.fail(s.error());
        if (Status s = transaction.commit(); !s)
            return context.fail(s.error());
        return int(ExitSuccess);
    };
    return command;
}

Command exportModelCommand()
{
    Command command;
    command.name = QStringLiteral("export-model");
    command.summary =
        QStringLiteral("Writes a model version as a TorchScript file (torch.jit.load reads it).");
    command.addOptions = [](QCommandLineParser &parser) {
        parser.addPositionalArgument(QStringLiteral("V"), QStringLiteral("The model version."));
        parser.addPositionalArgument(QStringLiteral("OUT"), QStringLiteral("The file to write."));
    };
    command.run = [](const CommandContext &context) {
        const QStringList arguments = context.parser.positionalArguments().mid(1);
        if (arguments.size() != 2) {
            context.err << "iouslab export-model: give the version and the output file" << Qt::endl;
            return int(ExitUsage);
        }
        auto project = Project::open(context.projectFolder, Project::OpenMode::OpenExisting);
        if (!project)
            return context.fail(project.error());
        auto version = chooseModelVersion((*project)->catalogue(), arguments.at(0));
        if (!version)
            return context.fail(version.error());
        auto weights = verifiedWeightsPath((*project)->folder(), *version);
        if (!weights)
            return context.fail(weights.error());
        // Loading checks the file is a model this program can run before it is handed out.
        auto model = ml::Model::load(*weights);
        if (!model)
            return context.fail(model.error());
        if (Status s = model->save(arguments.at(1)); !s)
            return context.fail(s.error());
        context.out << "Model version " << version->id << " written to " << arguments.at(1)
                    << Qt::endl;
        return int(ExitSuccess);
    };
    return command;
}

} // namespace iouslab::cli

#include "app/demoproject.h"
#include "cli/command.h"

#include <QDir>
#include <QFileInfo>

namespace iouslab::cli {

Command demoCommand()
{
    Command command;
    command.name = QStringLiteral("demo");
    command.summary = QStringLiteral("Fills an empty project with simulated IOUS studies and two "
                                     "readers' labels.");
    command.addOptions = [](QCommandLineParser &parser) {
        parser.addOption(QCommandLineOption(QStringLiteral("patients"),
                                            QStringLiteral("Simulated patients (default 16)."),
                                            QStringLiteral("N"), QStringLiteral("16")));
        parser.addOption(QCommandLineOption(QStringLiteral("frames"),
                                            QStringLiteral("Frames per patient (default 300)."),
                                            QStringLiteral("N"), QStringLiteral("300")));
        parser.addOption(QCommandLineOption(QStringLiteral("contrast-db"),
                                            QStringLiteral("Lesion contrast (default 9 dB)."),
                                            QStringLiteral("DB"), QStringLiteral("9")));
        parser.addOption(QCommandLineOption(QStringLiteral("lesion-size-mm"),
                                            QStringLiteral("Typical lesion size (default 10)."),
                                            QStringLiteral("MM"), QStringLiteral("10")));
        parser.addOption(QCommandLineOption(QStringLiteral("seed"),
                                            QStringLiteral("Seed of the simulation (default 1)."),
                                            QStringLiteral("S"), QStringLiteral("1")));
    };
    command.run = [](const CommandContext &context) {
        DemoSettings settings;
        bool ok[5] = {false, false, false, false, false};
        settings.patients = context.parser.value(QStringLiteral("patients")).toInt(&ok[0]);
        settings.framesPerPatient = context.parser.value(QStringLiteral("frames")).toInt(&ok[1]);
        settings.seed = context.parser.value(QStringLiteral("seed")).toULongLong(&ok[2]);
        settings.contrastDb = context.parser.value(QStringLiteral("contrast-db")).toDouble(&ok[3]);
        settings.lesionSizeMm =
            context.parser.value(QStringLiteral("lesion-size-mm")).toDouble(&ok[4]);
        if (!ok[0] || !ok[1] || !ok[2] || !ok[3] || !ok[4] || settings.patients < 1 ||
            settings.framesPerPatient < 10 || settings.contrastDb <= 0 ||
            settings.lesionSizeMm <= 0) {
            context.err << "iouslab demo: --patients must be at least 1, --frames at least 10, "
                           "--contrast-db and --lesion-size-mm above 0"
                        << Qt::endl;
            return int(ExitUsage);
        }
        // The scanner exports stay beside the project, never inside it.
        const QFileInfo folder(context.projectFolder);
        const QString sources = folder.absolutePath() + QLatin1Char('/') + folder.fileName() +
                                QStringLiteral("-demo-sources");
        auto summary =
            createDemoProject(context.projectFolder, sources, settings,
                              [&](const QString &line) { context.err << line << Qt::endl; });
        if (!summary)
            return context.fail(summary.error());
        if (summary->alreadyThere) {
            context.out << "The project at " << context.projectFolder
                        << " already holds clips; left as it is" << Qt::endl;
            return int(ExitSuccess);
        }
        context.out << "Demo project ready at " << context.projectFolder << ": "
                    << summary->patients << " patients, " << summary->clips << " clips, "
                    << summary->frames << " frames, " << summary->labels << " labels" << Qt::endl;
        return int(ExitSuccess);
    };
    return command;
}

} // namespace iouslab::cli

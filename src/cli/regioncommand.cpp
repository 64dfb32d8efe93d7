#include "app/importer.h"
#include "catalogue/project.h"
#include "cli/command.h"

namespace iouslab::cli {

Command regionCommand()
{
    Command command;
    command.name = QStringLiteral("region");
    command.summary = QStringLiteral("Shows a clip's ultrasound region, or corrects it (the "
                                     "clip's frames are cropped again from its source).");
    command.addOptions = [](QCommandLineParser &parser) {
        parser.addOptions(
            {{QStringLiteral("clip"), QStringLiteral("The clip."), QStringLiteral("C")},
             {QStringLiteral("set"),
              QStringLiteral("The corrected region: x,y,width,height in source "
                             "pixels."),
              QStringLiteral("X,Y,W,H")}});
    };
    command.run = [](const CommandContext &context) {
        bool ok = false;
        const ClipId clipId = context.parser.value(QStringLiteral("clip")).toLongLong(&ok);
        if (!ok) {
            context.err << "iouslab region: give --clip C" << Qt::endl;
            return int(ExitUsage);
        }
        auto project = Project::open(context.projectFolder, Project::OpenMode::OpenExisting);
        if (!project)
            return context.fail(project.error());
        if (context.parser.isSet(QStringLiteral("set"))) {
            const QStringList parts =
                context.parser.value(QStringLiteral("set")).split(QLatin1Char(','));
            QList<int> numbers;
            for (const QString &part : parts)
                numbers << part.trimmed().toInt(&ok);
            if (numbers.size() != 4 || !ok || numbers.at(2) < 1 || numbers.at(3) < 1) {
                context.err << "iouslab region: --set takes x,y,width,height" << Qt::endl;
                return int(ExitUsage);
            }
            Importer importer(**project);
            const QRect region(numbers.at(0), numbers.at(1), numbers.at(2), numbers.at(3));
            if (Status s = importer.recropClip(clipId, region); !s)
                return context.fail(s.error());
        }
        auto clip = (*project)->catalogue().clip(clipId);
        if (!clip)
            return context.fail(clip.error());
        if (!clip->has_value())
            return context.fail(QStringLiteral("no clip %1").arg(clipId));
        const QRect r = (*clip)->region;
        context.out << "clip " << clipId << " " << (*clip)->sourcePath << ": region " << r.x()
                    << "," << r.y() << " " << r.width() << " x " << r.height() << " of "
                    << (*clip)->width << " x " << (*clip)->height << Qt::endl;
        return int(ExitSuccess);
    };
    return command;
}

} // namespace iouslab::cli

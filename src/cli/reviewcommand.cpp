// `iouslab review`: a case scored by a model version, its flagged events, a surgeon's decisions
// and the one-page case summary, headless.
#include "app/casereport.h"
#include "app/casereview.h"
#include "catalogue/project.h"
#include "cli/command.h"
#include "cli/commandsupport.h"

namespace iouslab::cli {

namespace {

// --decide N=DECISION, one per event.
Expected<QList<QPair<int, SurgeonDecision>>> parseDecisions(const QStringList &values)
{
    QList<QPair<int, SurgeonDecision>> result;
    for (const QString &value : values) {
        bool ok = false;
        const int event = value.section(QLatin1Char('='), 0, 0).toInt(&ok);
        const auto decision = parseSurgeonDecision(value.section(QLatin1Char('='), 1));
        if (!ok || !decision)
            return makeError(QStringLiteral("--decide %1: give EVENT=accept, EVENT=reject or "
                                            "EVENT=unsure")
                                 .arg(value));
        result << qMakePair(event, *decision);
    }
    return result;
}

} // namespace

Command reviewCommand()
{
    Command command;
    command.name = QStringLiteral("review");
    command.summary = QStringLiteral("Scores a case with a model version and lists the flagged "
                                     "events (--decide records a surgeon's decisions, --report "
                                     "writes the case summary PDF).");
    command.addOptions = [](QCommandLineParser &parser) {
        parser.addOptions(
            {{QStringLiteral("case"),
              QStringLiteral("The case: a patient pseudonym (the newest study) or PSEUDONYM/N "
                             "(the N-th study, from 1)."),
              QStringLiteral("C")},
             {QStringLiteral("model"), QStringLiteral("The model version (default: the latest)."),
              QStringLiteral("V")},
             {QStringLiteral("gap"),
              QStringLiteral("Close gaps of up to this many unflagged frames in an event "
                             "(default 5)."),
              QStringLiteral("FRAMES")},
             {QStringLiteral("surgeon"),
              QStringLiteral("The surgeon (a reader with the surgeon role, made if new) whose "
                             "decisions are recorded and shown."),
              QStringLiteral("NAME")},
             {QStringLiteral("decide"),
              QStringLiteral("Records the surgeon's decision on an event: EVENT=accept (lesion), "
                             "reject (normal) or unsure (ungradable). Repeat for more events."),
              QStringLiteral("EVENT=DECISION")},
             {QStringLiteral("report"), QStringLiteral("Write the case summary PDF to this file."),
              QStringLiteral("OUT.pdf")}});
    };
    command.run = [](const CommandContext &context) {
        const QString caseGiven = context.parser.value(QStringLiteral("case"));
        if (caseGiven.isEmpty()) {
            context.err << "iouslab review: give the case with --case PSEUDONYM" << Qt::endl;
            return int(ExitUsage);
        }
        EventSettings eventSettings;
        if (context.parser.isSet(QStringLiteral("gap"))) {
            bool ok = false;
            eventSettings.maxGap = context.parser.value(QStringLiteral("gap")).toInt(&ok);
            if (!ok || eventSettings.maxGap < 0) {
                context.err << "iouslab review: --gap takes a number of frames, 0 or more"
                            << Qt::endl;
                return int(ExitUsage);
            }
        }
        auto decisions = parseDecisions(context.parser.values(QStringLiteral("decide")));
        if (!decisions) {
            context.err << "iouslab review: " << decisions.error() << Qt::endl;
            return int(ExitUsage);
        }
        const QString surgeonName = context.parser.value(QStringLiteral("surgeon"));
        if (!decisions->isEmpty() && surgeonName.isEmpty()) {
            context.err << "iouslab review: --decide needs --surgeon NAME" << Qt::endl;
            return int(ExitUsage);
        }

        // The case and version, named on the command line.
        StudyId study = 0;
        ModelVersionId versionId = 0;
        {
            auto project = Project::open(context.projectFolder, Project::OpenMode::OpenExisting);
            if (!project)
                return context.fail(project.error());
            auto found = findCase((*project)->catalogue(), caseGiven);
            if (!found)
                return context.fail(found.error());
            study = found->study.id;
            auto version =
                chooseModelVersion((*project)->catalogue(), context.parser.value("model"));
            if (!version)
                return context.fail(version.error());
            versionId = version->id;
        }
        auto review = CaseReview::open(context.projectFolder, study, versionId);
        if (!review)
            return context.fail(review.error());
        Catalogue &catalogue = (*review)->catalogue();
        context.out << "Case " << caseName((*review)->reviewCase()) << ", model version "
                    << versionId << ": " << (*review)->operatingPoint().description << Qt::endl;

        auto scoring = (*review)->score();
        if (!scoring)
            return context.fail(scoring.error());
        context.out << "Scored " << scoring->frames << " frames (" << scoring->reused
                    << " stored before, " << scoring->scored << " now)" << Qt::endl;
        std::vector<ReviewEvent> events = (*review)->events(eventSettings);

        // The surgeon's decisions: those given now, then every one recorded before.
        std::optional<ReaderRecord> surgeon;
        if (!surgeonName.isEmpty()) {
            auto reader = catalogue.findReader(surgeonName);
            if (!reader)
                return context.fail(reader.error());
            if (*reader) {
                surgeon = **reader;
            } else {
                auto id = catalogue.addReader(surgeonName, ReaderRole::Surgeon);
                if (!id)
                    return context.fail(id.error());
                surgeon = ReaderRecord{*id, surgeonName, ReaderRole::Surgeon, 0};
            }
            for (const auto &[number, decision] : *decisions) {
                if (number < 1 || number > int(events.size()))
                    return context.fail(QStringLiteral("the case has %1 events; there is no "
                                                       "event %2")
                                            .arg(events.size())
                                            .arg(number));
                if (Status s =
                        recordDecision(catalogue, events[size_t(number - 1)], *surgeon, decision);
                    !s)
                    return context.fail(s.error());
            }
            if (Status s = loadDecisions(catalogue, *surgeon, events); !s)
                return context.fail(s.error());
        }

        context.out << "event,clip,first,last,frames,peak_frame,peak_probability,decision\n";
        for (const ReviewEvent &event : events)
            context.out << event.number << ',' << event.clipOrder + 1 << ',' << event.run.first
                        << ',' << event.run.last << ',' << event.run.length() << ','
                        << event.run.peak << ','
                        << QString::number(event.run.peakProbability, 'f', 4) << ','
                        << (event.decision ? surgeonDecisionName(*event.decision) : QString())
                        << '\n';
        context.out.flush();

        const QString pdf = context.parser.value(QStringLiteral("report"));
        if (!pdf.isEmpty()) {
            CaseReportContent content{events, *scoring, eventSettings,
                                      surgeon ? surgeon->name : QString()};
            if (Status s = writeCaseReport(**review, content, pdf); !s)
                return context.fail(s.error());
            context.out << "Wrote " << pdf << Qt::endl;
        }
        return int(ExitSuccess);
    };
    return command;
}

} // namespace iouslab::cli

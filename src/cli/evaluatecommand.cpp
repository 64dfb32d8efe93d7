// `iouslab evaluate`: the study-style evaluation of a model version, on the terminal, as CSV
// and as a PDF report.
#include "app/evaluation.h"
#include "app/evaluationreport.h"
#include "catalogue/project.h"
#include "cli/command.h"

#include <QFile>
#include <QTextStream>

namespace iouslab::cli {

namespace {

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

Status writeCsv(const ModelEvaluation &evaluation, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return makeError(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    QTextStream stream(&file);
    stream << "file,frame,patient,fold,probability,reference\n";
    for (const EvaluatedFrame &frame : evaluation.frames) {
        stream << csvField(frame.file) << ',' << frame.frameIndex << ','
               << csvField(frame.pseudonym) << ',' << frame.fold + 1 << ','
               << QString::number(frame.probability, 'g', 9) << ',' << frame.reference << '\n';
    }
    stream.flush();
    if (file.error() != QFile::NoError)
        return makeError(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace

Command evaluateCommand()
{
    Command command;
    command.name = QStringLiteral("evaluate");
    command.summary = QStringLiteral("Evaluates a model version as the study did (out-of-fold "
                                     "figures; --csv frames, --report PDF).");
    command.addOptions = [](QCommandLineParser &parser) {
        parser.addOptions(
            {{QStringLiteral("model"), QStringLiteral("The model version (default: the latest)."),
              QStringLiteral("V")},
             {QStringLiteral("report"), QStringLiteral("Write a PDF report to this file."),
              QStringLiteral("OUT.pdf")},
             {QStringLiteral("csv"),
              QStringLiteral("Write the out-of-fold predictions to this CSV file."),
              QStringLiteral("OUT.csv")}});
    };
    command.run = [](const CommandContext &context) {
        ModelVersionId id = 0;
        const QString given = context.parser.value(QStringLiteral("model"));
        if (!given.isEmpty()) {
            bool ok = false;
            id = given.toLongLong(&ok);
            if (!ok || id <= 0)
                return context.fail(QStringLiteral("no model version %1").arg(given));
        }
        auto project = Project::open(context.projectFolder, Project::OpenMode::OpenExisting);
        if (!project)
            return context.fail(project.error());
        auto evaluation = evaluateModelVersion((*project)->catalogue(), id);
        if (!evaluation)
            return context.fail(evaluation.error());
        context.out << evaluationTableText(*evaluation);
        context.out.flush();
        const QString csv = context.parser.value(QStringLiteral("csv"));
        if (!csv.isEmpty()) {
            if (Status s = writeCsv(*evaluation, csv); !s)
                return context.fail(s.error());
            context.out << "Wrote " << csv << Qt::endl;
        }
        const QString pdf = context.parser.value(QStringLiteral("report"));
        if (!pdf.isEmpty()) {
            if (Status s = writeEvaluationReport(*evaluation, (*project)->folder(), pdf); !s)
                return context.fail(s.error());
            context.out << "Wrote " << pdf << Qt::endl;
        }
        return int(ExitSuccess);
    };
    return command;
}

} // namespace iouslab::cli

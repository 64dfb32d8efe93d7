#include "cli/command.h"
#include "sim/studysimulator.h"

#include <QDir>

#include <cmath>

namespace iouslab::cli {

namespace {

// Parses an option's integer value within bounds; an error line otherwise.
std::optional<long long> integerOption(const CommandContext &context, const QString &name,
                                       long long low, long long high, long long fallback,
                                       QString &error)
{
    if (!context.parser.isSet(name))
        return fallback;
    bool ok = false;
    const long long value = context.parser.value(name).toLongLong(&ok);
    if (!ok || value < low || value > high) {
        error = QStringLiteral("--%1 must be a whole number from %2 to %3, not \"%4\"")
                    .arg(name)
                    .arg(low)
                    .arg(high)
                    .arg(context.parser.value(name));
        return std::nullopt;
    }
    return value;
}

std::optional<double> realOption(const CommandContext &context, const QString &name, double low,
                                 double high, double fallback, QString &error)
{
    if (!context.parser.isSet(name))
        return fallback;
    bool ok = false;
    const double value = context.parser.value(name).toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < low || value > high) {
        error = QStringLiteral("--%1 must be a number from %2 to %3, not \"%4\"")
                    .arg(name)
                    .arg(low)
                    .arg(high)
                    .arg(context.parser.value(name));
        return std::nullopt;
    }
    return value;
}

QString lesionList(const std::vector<sim::LesionType> &types)
{
    QStringList names;
    for (sim::LesionType type : types)
        names << sim::lesionTypeName(type);
    return names.isEmpty() ? QStringLiteral("no lesion")
                           : QStringLiteral("%1 lesion%2 (%3)")
                                 .arg(types.size())
                                 .arg(types.size() == 1 ? "" : "s")
                                 .arg(names.join(QStringLiteral(", ")));
}

int usageError(const CommandContext &context, const QString &message)
{
    context.err << "iouslab simulate: " << message << Qt::endl;
    return ExitUsage;
}

} // namespace

Command simulateCommand()
{
    Command command;
    command.name = QStringLiteral("simulate");
    command.summary = QStringLiteral("Writes simulated IOUS studies (B-mode liver phantom) with "
                                     "ground truth and two readers' labels.");
    command.addOptions = [](QCommandLineParser &parser) {
        parser.addOptions({
            {QStringLiteral("out"), QStringLiteral("Output folder (required)."),
             QStringLiteral("DIR")},
            {QStringLiteral("patients"), QStringLiteral("Patients (default 16)."),
             QStringLiteral("N")},
            {QStringLiteral("frames"),
             QStringLiteral("Clip frames per patient: 60 % in a DICOM sweep, the rest in an MP4 "
                            "(default 300)."),
             QStringLiteral("N")},
            {QStringLiteral("seed"), QStringLiteral("Seed of the set (default 1)."),
             QStringLiteral("S")},
            {QStringLiteral("probe"), QStringLiteral("linear (default) or curvilinear."),
             QStringLiteral("KIND")},
            {QStringLiteral("jpeg"),
             QStringLiteral("Write the DICOM files as JPEG baseline (YBR_FULL_422).")},
            {QStringLiteral("contrast-db"),
             QStringLiteral("Typical lesion contrast magnitude in dB (default 9)."),
             QStringLiteral("X")},
            {QStringLiteral("lesion-size-mm"),
             QStringLiteral("Typical lesion diameter in mm (default 10)."), QStringLiteral("X")},
            {QStringLiteral("threads"), QStringLiteral("Worker threads (default 2)."),
             QStringLiteral("N")},
        });
    };
    command.run = [](const CommandContext &context) {
        const QCommandLineParser &parser = context.parser;
        if (!parser.isSet(QStringLiteral("out")) || parser.value(QStringLiteral("out")).isEmpty())
            return usageError(context, QStringLiteral("--out DIR is required"));

        sim::SimulationSettings settings;
        QString error;
        const auto patients =
            integerOption(context, QStringLiteral("patients"), 1, 1000, 16, error);
        const auto frames = integerOption(context, QStringLiteral("frames"), 2, 100000, 300, error);
        const auto seed = integerOption(context, QStringLiteral("seed"), 0,
                                        std::numeric_limits<long long>::max(), 1, error);
        const auto threads = integerOption(context, QStringLiteral("threads"), 1, 64, 2, error);
        const auto contrast =
            realOption(context, QStringLiteral("contrast-db"), 0.5, 30, settings.contrastDb, error);
        const auto size = realOption(context, QStringLiteral("lesion-size-mm"), 2, 40,
                                     settings.lesionSizeMm, error);
        if (!error.isEmpty())
            return usageError(context, error);
        const QString probe = parser.value(QStringLiteral("probe")).toLower();
        if (probe == QLatin1String("curvilinear"))
            settings.probe = sim::ProbeKind::Curvilinear;
        else if (!probe.isEmpty() && probe != QLatin1String("linear"))
            return usageError(context, QStringLiteral("--probe must be linear or curvilinear, not "
                                                      "\"%1\"")
                                           .arg(parser.value(QStringLiteral("probe"))));
        settings.patients = int(*patients);
        settings.frames = int(*frames);
        settings.seed = std::uint64_t(*seed);
        settings.threads = int(*threads);
        settings.contrastDb = *contrast;
        settings.lesionSizeMm = *size;
        settings.jpeg = parser.isSet(QStringLiteral("jpeg"));

        const QString out = QDir(parser.value(QStringLiteral("out"))).absolutePath();
        const sim::StudySimulator simulator(settings);
        const auto set = simulator.writeSet(out, [&](const sim::PatientSummary &patient) {
            context.out << patient.folder << ": " << lesionList(patient.lesionTypes) << ", "
                        << patient.frames << " frames, " << patient.lesionFrames
                        << " with a lesion, " << patient.files.size() << " files" << Qt::endl;
        });
        if (!set)
            return context.fail(set.error());
        context.out << "Wrote " << set->patients.size()
                    << (set->patients.size() == 1 ? " patient, " : " patients, ") << set->frames
                    << " frames (" << set->lesionFrames << " with a lesion) in "
                    << QString::number(set->seconds, 'f', 1) << " s ("
                    << QString::number(set->frames / std::max(set->seconds, 1e-3), 'f', 0)
                    << " frames/s) to " << out << Qt::endl;
        return int(ExitSuccess);
    };
    return command;
}

} // namespace iouslab::cli

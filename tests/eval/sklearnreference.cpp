#include "sklearnreference.h"

#include "syntheticframes.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QTextStream>

#include <map>

namespace iouslab::test {

namespace {

QString joined(const std::vector<double> &values)
{
    QStringList parts;
    for (double value : values)
        parts << QString::number(value, 'g', 17);
    return parts.join(QLatin1Char(','));
}

ReferenceCase makeCase(const QString &name)
{
    SyntheticFrameOptions options;
    ReferenceSettings settings{{0.5, 0.3, 0.7, 0.45}, {0.9, 0.95, 0.99, 1.0}};
    if (name == QLatin1String("random")) {
        options.seed = 11;
    } else if (name == QLatin1String("tied")) {
        options.seed = 12;
        options.roundTo = 0.1;
    } else if (name == QLatin1String("rounded")) {
        options.seed = 15;
        options.roundTo = 0.1;
        options.roundByDividing = true;
    } else if (name == QLatin1String("coarse")) {
        options.seed = 13;
        options.roundTo = 0.25;
        settings.thresholds = {0.5, 0.25, 0.75, 0.4};
    } else {
        options.seed = 14;
        options.patients = 6;
        options.minFramesPerPatient = 3;
        options.maxFramesPerPatient = 9;
    }
    TwoModelFrames frames = makeSyntheticFrames(options);
    return ReferenceCase{name, std::move(frames.first), std::move(frames.second), settings};
}

} // namespace

Expected<QJsonObject> sklearnReference(const Predictions &first, const Predictions &second,
                                       const ReferenceSettings &settings)
{
    QTemporaryDir folder;
    if (!folder.isValid())
        return makeError(QStringLiteral("cannot make a temporary folder"));
    const QString csvPath = folder.filePath(QStringLiteral("frames.csv"));
    QFile csv(csvPath);
    if (!csv.open(QIODevice::WriteOnly | QIODevice::Text))
        return makeError(QStringLiteral("cannot write %1").arg(csvPath));
    {
        QTextStream out(&csv);
        out << "score,score2,label,patient\n";
        for (std::size_t i = 0; i < first.size(); ++i) {
            out << QString::number(first.scores[i], 'g', 17) << ','
                << QString::number(second.scores[i], 'g', 17) << ',' << first.labels[i] << ','
                << first.patients[i] << '\n';
        }
    }
    csv.close();

    const QString python = QStringLiteral("/usr/bin/python3");
    const QString script = QStringLiteral(IOUSLAB_SOURCE_DIR "/tests/eval/sklearn_reference.py");
    QProcess process;
    process.start(python, {script, csvPath, joined(settings.thresholds),
                           joined(settings.targetSensitivities)});
    if (!process.waitForStarted(30000))
        return makeError(QStringLiteral("cannot start %1: %2").arg(python, process.errorString()));
    if (!process.waitForFinished(300000))
        return makeError(QStringLiteral("%1 did not finish within 5 minutes").arg(script));
    const QString errors = QString::fromUtf8(process.readAllStandardError());
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        return makeError(QStringLiteral("%1 %2 failed (exit %3): %4")
                             .arg(python, script)
                             .arg(process.exitCode())
                             .arg(errors));
    }

    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(process.readAllStandardOutput(), &parseError);
    if (!document.isObject()) {
        return makeError(
            QStringLiteral("%1 printed no JSON object: %2").arg(script, parseError.errorString()));
    }
    return document.object();
}

const ReferenceCase &referenceCase(const QString &name)
{
    static std::map<QString, ReferenceCase> cases;
    auto found = cases.find(name);
    if (found == cases.end()) {
        ReferenceCase made = makeCase(name);
        made.reference = sklearnReference(made.first, made.second, made.settings);
        found = cases.emplace(name, std::move(made)).first;
    }
    return found->second;
}

std::vector<QString> referenceCaseNames()
{
    return {QStringLiteral("random"), QStringLiteral("tied"), QStringLiteral("rounded"),
            QStringLiteral("coarse"), QStringLiteral("small")};
}

std::vector<double> doubles(const QJsonValue &array)
{
    std::vector<double> values;
    for (const QJsonValue &value : array.toArray())
        values.push_back(value.toDouble());
    return values;
}

} // namespace iouslab::test

// `iouslab evaluate`: the study-style evaluation of a model version, on the terminal, as CSV
// and as a PDF report.
#include "app/evaluation.h"
#include "catalogue/project.h"
#include "cli/command.h"

#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPageSize>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>

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

QString optionalPercent(const std::optional<double> &value)
{
    return value ? QString::number(*value * 100.0, 'f', 1) : QStringLiteral("-");
}

QString prettyJson(const QString &json)
{
    const QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    QStringList parts;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QJsonValue value = it.value();
        QString text;
        if (value.isDouble())
            text = QString::number(value.toDouble(), 'g', 6);
        else if (value.isBool())
            text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        else if (value.isString())
            text = value.toString();
        else
            text = QString::fromUtf8(
                QJsonDocument::fromVariant(value.toVariant()).toJson(QJsonDocument::Compact));
        parts << QStringLiteral("%1 = %2").arg(it.key(), text);
    }
    return parts.join(QStringLiteral(", "));
}

// The report is laid out on an A4 page of 794 x 1123 units (96 per inch) whatever the
// device resolution, so the layout numbers below are in those units; fonts are sized in
// pixels of those units too, since point sizes would be scaled twice.
class ReportPainter
{
public:
    explicit ReportPainter(QPdfWriter &writer)
        : m_writer(writer)
        , m_painter(&writer)
    {
        const double scale = writer.resolution() / 96.0;
        m_painter.scale(scale, scale);
        resetFont();
    }
    bool isActive() const { return m_painter.isActive(); }
    QPainter &painter() { return m_painter; }

    void heading(const QString &text)
    {
        ensureRoom(40);
        QFont font = m_painter.font();
        font.setPixelSize(19);
        font.setBold(true);
        m_painter.setFont(font);
        m_painter.drawText(QPointF(margin, m_y + 20), text);
        m_y += 34;
        resetFont();
    }
    void line(const QString &text, bool bold = false)
    {
        ensureRoom(16);
        QFont font = m_painter.font();
        font.setBold(bold);
        m_painter.setFont(font);
        const QRectF box(margin, m_y, width - 2 * margin, 1000);
        const QRectF used = m_painter.boundingRect(box, Qt::TextWordWrap, text);
        m_painter.drawText(box, Qt::TextWordWrap, text);
        m_y += std::max(16.0, used.height() + 2);
        resetFont();
    }
    void row(const QStringList &cells, const QList<double> &columns, bool bold = false)
    {
        ensureRoom(16);
        QFont font = m_painter.font();
        font.setBold(bold);
        m_painter.setFont(font);
        for (int i = 0; i < cells.size() && i < columns.size(); ++i)
            m_painter.drawText(QPointF(margin + columns.at(i), m_y + 12), cells.at(i));
        m_y += 16;
        resetFont();
    }
    void space(double amount) { m_y += amount; }
    void newPage()
    {
        m_writer.newPage();
        m_y = margin;
    }
    void ensureRoom(double height)
    {
        if (m_y + height > pageHeight - margin)
            newPage();
    }
    double y() const { return m_y; }

    static constexpr double width = 794;
    static constexpr double pageHeight = 1123;
    static constexpr double margin = 56;

private:
    void resetFont()
    {
        QFont font = m_painter.font();
        font.setPixelSize(12);
        font.setBold(false);
        m_painter.setFont(font);
    }

    QPdfWriter &m_writer;
    QPainter m_painter;
    double m_y = margin;
};

void drawRoc(QPainter &painter, const ModelEvaluation &evaluation, const QRectF &plot)
{
    painter.save();
    painter.setPen(QPen(Qt::black, 1));
    painter.drawRect(plot);
    painter.setPen(QPen(Qt::gray, 0.5, Qt::DashLine));
    painter.drawLine(plot.bottomLeft(), plot.topRight());
    for (int tick = 0; tick <= 5; ++tick) {
        const double t = tick / 5.0;
        painter.setPen(QPen(Qt::black, 0.5));
        const double x = plot.left() + t * plot.width();
        const double y = plot.bottom() - t * plot.height();
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
        painter.drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left(), y));
        painter.drawText(QRectF(x - 20, plot.bottom() + 6, 40, 14), Qt::AlignCenter,
                         QString::number(t, 'f', 1));
        painter.drawText(QRectF(plot.left() - 40, y - 7, 32, 14), Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(t, 'f', 1));
    }
    painter.drawText(QRectF(plot.left(), plot.bottom() + 22, plot.width(), 16), Qt::AlignCenter,
                     QStringLiteral("1 - specificity (false positive rate)"));
    painter.save();
    painter.translate(plot.left() - 48, plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-plot.height() / 2, -8, plot.height(), 16), Qt::AlignCenter,
                     QStringLiteral("Sensitivity (true positive rate)"));
    painter.restore();

    auto drawCurve = [&](const RocCurve &curve, const QPen &pen) {
        QPainterPath path;
        for (std::size_t i = 0; i < curve.points.size(); ++i) {
            const QPointF point(plot.left() + curve.points[i].falsePositiveRate * plot.width(),
                                plot.bottom() - curve.points[i].truePositiveRate * plot.height());
            if (i == 0)
                path.moveTo(point);
            else
                path.lineTo(point);
        }
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(path);
    };
    static const QColor colours[] = {QColor(31, 119, 180),  QColor(255, 127, 14),
                                     QColor(44, 160, 44),   QColor(214, 39, 40),
                                     QColor(148, 103, 189), QColor(140, 86, 75)};
    double legendY = plot.bottom() - 16 * double(evaluation.folds.size() + 1) - 6;
    auto legend = [&](const QString &text, const QPen &pen) {
        painter.setPen(pen);
        painter.drawLine(QPointF(plot.right() - 190, legendY + 8),
                         QPointF(plot.right() - 166, legendY + 8));
        painter.setPen(Qt::black);
        painter.drawText(QPointF(plot.right() - 160, legendY + 12), text);
        legendY += 16;
    };
    for (std::size_t i = 0; i < evaluation.folds.size(); ++i) {
        const FoldEvaluation &fold = evaluation.folds[i];
        const QPen pen(colours[i % 6], 1.2);
        if (fold.roc)
            drawCurve(*fold.roc, pen);
        legend(
            QStringLiteral("Fold %1: AUC %2 %").arg(fold.fold + 1).arg(optionalPercent(fold.auc)),
            pen);
    }
    const QPen pooledPen(Qt::black, 2.2);
    if (evaluation.pooledRoc)
        drawCurve(*evaluation.pooledRoc, pooledPen);
    legend(QStringLiteral("Pooled: AUC %1 %").arg(optionalPercent(evaluation.pooledAuc)),
           pooledPen);
    painter.restore();
}

Status writeReport(const ModelEvaluation &evaluation, const QString &projectFolder,
                   const QString &path)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return makeError(QStringLiteral("the PDF report needs the graphical Qt platform"));
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(300);
    writer.setTitle(
        QStringLiteral("iouslab evaluation of model version %1").arg(evaluation.version.id));
    writer.setCreator(QStringLiteral("iouslab"));
    ReportPainter report(writer);
    if (!report.isActive())
        return makeError(QStringLiteral("cannot write %1").arg(path));

    report.heading(QStringLiteral("Evaluation of model version %1").arg(evaluation.version.id));
    report.line(QStringLiteral("Project: %1").arg(projectFolder));
    report.line(QStringLiteral("Created: %1 UTC")
                    .arg(QDateTime::fromMSecsSinceEpoch(evaluation.version.createdAtMs, Qt::UTC)
                             .toString(Qt::ISODate)));
    report.space(8);
    report.heading(QStringLiteral("Dataset"));
    const std::int64_t lesions = evaluation.pooled.lesionCount();
    report.line(QStringLiteral("%1 frames scored out of fold (%2 lesion, %3 normal) from %4 "
                               "patients in %5 folds.")
                    .arg(evaluation.frames.size())
                    .arg(lesions)
                    .arg(evaluation.pooled.normalCount())
                    .arg(evaluation.patients.size())
                    .arg(evaluation.folds.size()));
    for (const FoldEvaluation &fold : evaluation.folds)
        report.line(
            QStringLiteral("Fold %1: %2 patients, %3 frames (%4 lesion), threshold %5%6")
                .arg(fold.fold + 1)
                .arg(fold.patients)
                .arg(fold.predictions.size())
                .arg(fold.predictions.lesionCount())
                .arg(fold.threshold, 0, 'g', 4)
                .arg(fold.thresholdRecorded ? QString() : QStringLiteral(" (none recorded: 0.5)")));
    report.space(8);
    report.heading(QStringLiteral("Figures (mean ± SD over folds)"));
    const QList<double> columns{0, 250, 420};
    report.row(
        {QStringLiteral("Figure"), QStringLiteral("This model"), QStringLiteral("Published study")},
        columns, true);
    for (const EvaluationRow &row : evaluation.table)
        report.row({row.name,
                    row.summary ? row.summary->toPercentText() : QStringLiteral("undefined"),
                    row.published},
                   columns);
    if (evaluation.pooledAuc) {
        QString pooled =
            QStringLiteral("Pooled AUC %1 %").arg(*evaluation.pooledAuc * 100.0, 0, 'f', 1);
        if (const auto &ci = evaluation.pooledAucInterval)
            pooled += QStringLiteral(", 95 % patient-clustered bootstrap interval %1 - %2 % "
                                     "(%3 resamples)")
                          .arg(ci->lower * 100.0, 0, 'f', 1)
                          .arg(ci->upper * 100.0, 0, 'f', 1)
                          .arg(ci->resamples);
        report.space(4);
        report.line(pooled);
    }
    for (const QString &note : evaluation.notes)
        report.line(QStringLiteral("Note: %1").arg(note));
    report.space(8);
    report.heading(QStringLiteral("Model settings and label snapshot"));
    report.line(QStringLiteral("Architecture: %1").arg(evaluation.version.architecture));
    report.line(QStringLiteral("Settings: %1").arg(prettyJson(evaluation.version.settingsJson)));
    report.line(QStringLiteral("Labels: %1").arg(prettyJson(evaluation.version.labelSnapshot)));
    report.line(QStringLiteral("Label hash: %1").arg(evaluation.version.labelHash));

    report.newPage();
    report.heading(QStringLiteral("ROC curves (out-of-fold test frames)"));
    const double side = ReportPainter::width - 2 * ReportPainter::margin - 60;
    drawRoc(report.painter(), evaluation,
            QRectF(ReportPainter::margin + 60, report.y() + 10, side, side));
    report.space(side + 60);

    report.newPage();
    report.heading(QStringLiteral("Per patient (at the threshold of the patient's fold)"));
    const QList<double> patientColumns{0, 150, 210, 270, 330, 410, 490, 570};
    report.row({QStringLiteral("Patient"), QStringLiteral("Frames"), QStringLiteral("Lesion"),
                QStringLiteral("AUC %"), QStringLiteral("Sens. %"), QStringLiteral("Spec. %"),
                QStringLiteral("Flagged")},
               patientColumns, true);
    for (std::size_t i = 0; i < evaluation.patients.size(); ++i) {
        const PatientMetrics &metrics = evaluation.patients[i];
        const auto flagged = metrics.lesionFlagged();
        report.row({evaluation.patientPseudonyms[i], QString::number(metrics.frames()),
                    QString::number(metrics.matrix.lesions()), optionalPercent(metrics.auc),
                    optionalPercent(metrics.sensitivity()), optionalPercent(metrics.specificity()),
                    flagged ? (*flagged ? QStringLiteral("yes") : QStringLiteral("no"))
                            : QStringLiteral("-")},
                   patientColumns);
    }
    if (!report.painter().end())
        return makeError(QStringLiteral("cannot write %1").arg(path));
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
            if (Status s = writeReport(*evaluation, (*project)->folder(), pdf); !s)
                return context.fail(s.error());
            context.out << "Wrote " << pdf << Qt::endl;
        }
        return int(ExitSuccess);
    };
    return command;
}

} // namespace iouslab::cli

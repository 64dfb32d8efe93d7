#include "app/evaluationreport.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPageSize>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace iouslab {

namespace {

// Okabe-Ito colours without the yellow, which fades on white paper.
const QColor foldColours[] = {QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9),
                              QColor(0x00, 0x9E, 0x73), QColor(0x00, 0x72, 0xB2),
                              QColor(0xD5, 0x5E, 0x00), QColor(0xCC, 0x79, 0xA7)};

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

// A unit square plot with ticks at every 0.2, axis titles and the diagonal (chance for a ROC,
// perfect calibration for a reliability diagram).
void drawUnitAxes(QPainter &painter, const QRectF &plot, const QString &xTitle,
                  const QString &yTitle)
{
    painter.setPen(QPen(Qt::black, 1));
    painter.setBrush(Qt::NoBrush);
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
                     xTitle);
    painter.save();
    painter.translate(plot.left() - 48, plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-plot.height() / 2, -8, plot.height(), 16), Qt::AlignCenter, yTitle);
    painter.restore();
}

QPointF unitPoint(const QRectF &plot, double x, double y)
{
    return QPointF(plot.left() + x * plot.width(), plot.bottom() - y * plot.height());
}

// A legend in a corner of a plot, one line per entry: bottom right, where a ROC curve leaves
// room, or top left, where a calibration curve of an overconfident model does.
class Legend
{
public:
    enum class Corner
    {
        BottomRight,
        TopLeft,
    };
    Legend(QPainter &painter, const QRectF &plot, int entries, Corner corner = Corner::BottomRight)
        : m_painter(painter)
        , m_left(corner == Corner::BottomRight ? plot.right() - 190 : plot.left() + 10)
        , m_y(corner == Corner::BottomRight ? plot.bottom() - 16.0 * entries - 6 : plot.top() + 6)
    {}
    void add(const QString &text, const QPen &pen)
    {
        m_painter.setPen(pen);
        m_painter.drawLine(QPointF(m_left, m_y + 8), QPointF(m_left + 24, m_y + 8));
        m_painter.setPen(Qt::black);
        m_painter.drawText(QPointF(m_left + 30, m_y + 12), text);
        m_y += 16;
    }

private:
    QPainter &m_painter;
    double m_left;
    double m_y;
};

void drawRoc(QPainter &painter, const ModelEvaluation &evaluation, const QRectF &plot)
{
    painter.save();
    drawUnitAxes(painter, plot, QStringLiteral("1 - specificity (false positive rate)"),
                 QStringLiteral("Sensitivity (true positive rate)"));
    auto drawCurve = [&](const RocCurve &curve, const QPen &pen) {
        QPainterPath path;
        for (std::size_t i = 0; i < curve.points.size(); ++i) {
            const QPointF point = unitPoint(plot, curve.points[i].falsePositiveRate,
                                            curve.points[i].truePositiveRate);
            if (i == 0)
                path.moveTo(point);
            else
                path.lineTo(point);
        }
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(path);
    };
    Legend legend(painter, plot, int(evaluation.folds.size()) + 1);
    for (std::size_t i = 0; i < evaluation.folds.size(); ++i) {
        const FoldEvaluation &fold = evaluation.folds[i];
        const QPen pen(foldColours[i % std::size(foldColours)], 1.2);
        if (fold.roc)
            drawCurve(*fold.roc, pen);
        legend.add(
            QStringLiteral("Fold %1: AUC %2 %").arg(fold.fold + 1).arg(optionalPercent(fold.auc)),
            pen);
    }
    const QPen pooledPen(Qt::black, 2.2);
    if (evaluation.pooledRoc)
        drawCurve(*evaluation.pooledRoc, pooledPen);
    legend.add(QStringLiteral("Pooled: AUC %1 %").arg(optionalPercent(evaluation.pooledAuc)),
               pooledPen);
    painter.restore();
}

// The reliability diagram: each bin's mean probability against its share of lesion frames,
// with a dot whose area follows the bin's frame count.
void drawCalibration(QPainter &painter, const ModelEvaluation &evaluation, const QRectF &plot)
{
    painter.save();
    drawUnitAxes(painter, plot, QStringLiteral("Mean lesion probability of the bin"),
                 QStringLiteral("Share of lesion frames"));
    std::int64_t most = 1;
    for (const CalibrationBin &bin : evaluation.calibration)
        most = std::max(most, bin.frames);
    const QColor colour(0x00, 0x72, 0xB2);
    QPainterPath path;
    for (std::size_t i = 0; i < evaluation.calibration.size(); ++i) {
        const CalibrationBin &bin = evaluation.calibration[i];
        const QPointF point = unitPoint(plot, bin.meanScore, bin.lesionFraction);
        if (i == 0)
            path.moveTo(point);
        else
            path.lineTo(point);
    }
    painter.setPen(QPen(colour, 1.6));
    painter.drawPath(path);
    painter.setBrush(colour);
    for (const CalibrationBin &bin : evaluation.calibration) {
        const double radius = 2.5 + 5.0 * std::sqrt(double(bin.frames) / double(most));
        painter.drawEllipse(unitPoint(plot, bin.meanScore, bin.lesionFraction), radius, radius);
    }
    painter.setBrush(Qt::NoBrush);
    Legend legend(painter, plot, 2, Legend::Corner::TopLeft);
    legend.add(QStringLiteral("Pooled frames, 10 bins"), QPen(colour, 1.6));
    legend.add(QStringLiteral("Perfect calibration"), QPen(Qt::gray, 0.5, Qt::DashLine));
    painter.restore();
}

} // namespace

Status writeEvaluationReport(const ModelEvaluation &evaluation, const QString &projectFolder,
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
    if (evaluation.version.lockedThreshold)
        report.line(QStringLiteral("Locked operating point: threshold %1")
                        .arg(*evaluation.version.lockedThreshold, 0, 'f', 3));
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
    const QList<double> columns{0, 250, 370, 500};
    report.row({QStringLiteral("Figure"), QStringLiteral("This model"),
                QStringLiteral("95 % interval"), QStringLiteral("Published study")},
               columns, true);
    for (const EvaluationRow &row : evaluation.table)
        report.row({row.name,
                    row.summary ? row.summary->toPercentText() : QStringLiteral("undefined"),
                    intervalPercentText(row.interval, QStringLiteral("-")), row.published},
                   columns);
    report.space(4);
    report.line(QStringLiteral("The 95 % intervals are patient-clustered bootstrap intervals "
                               "(patients resampled, not frames) of the pooled figure, each "
                               "patient at the threshold of the fold that tested it."));
    if (evaluation.pooledAuc) {
        QString pooled =
            QStringLiteral("Pooled AUC %1 %").arg(*evaluation.pooledAuc * 100.0, 0, 'f', 1);
        if (const auto &ci = evaluation.pooledAucInterval)
            pooled += QStringLiteral(", 95 % patient-clustered bootstrap interval %1 - %2 % "
                                     "(%3 resamples)")
                          .arg(ci->lower * 100.0, 0, 'f', 1)
                          .arg(ci->upper * 100.0, 0, 'f', 1)
                          .arg(ci->resamples);
        report.line(pooled);
    }
    if (evaluation.brier)
        report.line(QStringLiteral("Brier score of the pooled probabilities: %1")
                        .arg(*evaluation.brier, 0, 'f', 4));
    for (const QString &note : evaluation.notes)
        report.line(QStringLiteral("Note: %1").arg(note));
    report.space(8);
    report.heading(QStringLiteral("Model settings and label snapshot"));
    report.line(QStringLiteral("Architecture: %1").arg(evaluation.version.architecture));
    report.line(QStringLiteral("Settings: %1").arg(prettyJson(evaluation.version.settingsJson)));
    report.line(QStringLiteral("Labels: %1").arg(prettyJson(evaluation.version.labelSnapshot)));
    report.line(QStringLiteral("Label hash: %1").arg(evaluation.version.labelHash));

    // Both plots on one page, each square.
    report.newPage();
    const double side = 400;
    const double left = (ReportPainter::width - side) / 2 + 20;
    report.heading(QStringLiteral("ROC curves (out-of-fold test frames)"));
    drawRoc(report.painter(), evaluation, QRectF(left, report.y() + 4, side, side));
    report.space(side + 56);
    report.heading(QStringLiteral("Calibration (pooled out-of-fold probabilities)"));
    drawCalibration(report.painter(), evaluation, QRectF(left, report.y() + 4, side, side));

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

QString intervalPercentText(const std::optional<BootstrapInterval> &interval, const QString &dash)
{
    if (!interval)
        return dash;
    return QStringLiteral("%1 %2 %3 %")
        .arg(interval->lower * 100.0, 0, 'f', 1)
        .arg(dash)
        .arg(interval->upper * 100.0, 0, 'f', 1);
}

} // namespace iouslab

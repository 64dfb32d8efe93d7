#include "app/casereport.h"

#include "app/heatmapimage.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QPageSize>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>

#include <algorithm>

namespace iouslab {

namespace {

// The page is laid out in units of 1/96 inch on A4 (794 x 1123), whatever the PDF resolution;
// fonts are sized in pixels of those units, since point sizes would be scaled twice.
constexpr double pageWidth = 794;
constexpr double pageHeight = 1123;
constexpr double margin = 48;
constexpr double contentWidth = pageWidth - 2 * margin;
constexpr int maxStrips = 4;

const QColor accentColour(213, 94, 0);  // vermillion: flagged events
const QColor curveColour(0, 114, 178);  // blue: the probability curve
const QColor acceptColour(0, 130, 90);  // bluish green
const QColor rejectColour(90, 90, 90);  // grey
const QColor unsureColour(170, 120, 0); // dark yellow

void setFont(QPainter &painter, int pixels, bool bold = false)
{
    QFont font = painter.font();
    font.setPixelSize(pixels);
    font.setBold(bold);
    painter.setFont(font);
}

// A section's bold heading at y with a one-line grey caption under it, across the content
// width; gives the y below the caption, captionSpace under its top. Leaves the pen black.
double drawSectionHeading(QPainter &painter, double y, const QString &title, const QString &caption,
                          double captionSpace)
{
    setFont(painter, 13, true);
    painter.setPen(Qt::black);
    painter.drawText(QRectF(margin, y, contentWidth, 18), Qt::AlignLeft, title);
    y += 18;
    setFont(painter, 9);
    painter.setPen(QColor(80, 80, 80));
    painter.drawText(QRectF(margin, y, contentWidth, 12), Qt::AlignLeft, caption);
    painter.setPen(Qt::black);
    return y + captionSpace;
}

QString decisionText(const std::optional<SurgeonDecision> &decision)
{
    if (!decision)
        return QStringLiteral("not decided");
    switch (*decision) {
    case SurgeonDecision::Accept:
        return QStringLiteral("accepted: lesion");
    case SurgeonDecision::Reject:
        return QStringLiteral("rejected: normal");
    case SurgeonDecision::Unsure:
        break;
    }
    return QStringLiteral("unsure");
}

QColor decisionColour(const std::optional<SurgeonDecision> &decision)
{
    if (!decision)
        return Qt::black;
    switch (*decision) {
    case SurgeonDecision::Accept:
        return acceptColour;
    case SurgeonDecision::Reject:
        return rejectColour;
    case SurgeonDecision::Unsure:
        break;
    }
    return unsureColour;
}

QString seconds(const ClipRecord &clip, int frames)
{
    if (!clip.frameRate || *clip.frameRate <= 0)
        return {};
    return QStringLiteral(", %1 s").arg(QString::number(frames / *clip.frameRate, 'g', 2));
}

// Draws image fitted (aspect kept) and centred in box, with a thin frame around it.
void drawFitted(QPainter &painter, const QImage &image, const QRectF &box)
{
    painter.fillRect(box, Qt::black);
    if (!image.isNull()) {
        QSizeF size = image.size();
        size.scale(box.size(), Qt::KeepAspectRatio);
        const QRectF target(box.center().x() - size.width() / 2,
                            box.center().y() - size.height() / 2, size.width(), size.height());
        painter.drawImage(target, image);
    }
    painter.setPen(QPen(QColor(160, 160, 160), 0.5));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(box);
}

// One clip's probability strip: the curve, the threshold and the events' spans, numbered.
void drawStrip(QPainter &painter, const ScoredClip &clip, const std::vector<ReviewEvent> &events,
               int clipOrder, double threshold, const QRectF &box)
{
    painter.save();
    painter.setPen(QPen(QColor(150, 150, 150), 0.5));
    painter.setBrush(QColor(248, 248, 248));
    painter.drawRect(box);
    const int frames = int(clip.probabilities.size());
    auto xOf = [&](double index) {
        return box.left() + (frames > 1 ? index / (frames - 1) : 0.5) * box.width();
    };
    auto yOf = [&](double p) { return box.bottom() - std::clamp(p, 0.0, 1.0) * box.height(); };

    setFont(painter, 8, true);
    for (const ReviewEvent &event : events) {
        if (event.clipOrder != clipOrder)
            continue;
        const double left = xOf(event.run.first);
        const double right = std::max(left + 1.5, xOf(event.run.last));
        painter.fillRect(QRectF(left, box.top(), right - left, box.height()),
                         QColor(accentColour.red(), accentColour.green(), accentColour.blue(), 70));
        painter.setPen(accentColour);
        painter.drawText(QRectF(left - 12, box.top() - 11, right - left + 24, 10),
                         Qt::AlignHCenter | Qt::AlignBottom, QString::number(event.number));
    }
    if (frames > 0) {
        QPainterPath curve;
        curve.moveTo(xOf(0), yOf(clip.probabilities[0]));
        for (int i = 1; i < frames; ++i)
            curve.lineTo(xOf(i), yOf(clip.probabilities[size_t(i)]));
        painter.setPen(QPen(curveColour, 0.8));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(curve);
        // A still or a two-frame clip has no curve to speak of: its values as dots.
        if (frames <= 2) {
            painter.setBrush(curveColour);
            for (int i = 0; i < frames; ++i)
                painter.drawEllipse(QPointF(xOf(i), yOf(clip.probabilities[size_t(i)])), 1.5, 1.5);
        }
    }
    painter.setPen(QPen(accentColour, 0.8, Qt::DashLine));
    painter.drawLine(QPointF(box.left(), yOf(threshold)), QPointF(box.right(), yOf(threshold)));
    painter.restore();
}

// One event: the peak frame, the frame with its heat map, and the figures.
void drawEvent(QPainter &painter, const CaseReview &review, const ReviewEvent &event,
               const QRectF &cell)
{
    const double imageWidth = (cell.width() - 4) / 2;
    const double imageHeight = imageWidth * 3 / 4;
    const QRectF frameBox(cell.left(), cell.top(), imageWidth, imageHeight);
    const QRectF heatBox(frameBox.right() + 4, cell.top(), imageWidth, imageHeight);
    const QImage frame = review.displayFrame(event.clipOrder, event.run.peak);
    drawFitted(painter, frame, frameBox);
    auto map = review.heatMap(event.clipOrder, event.run.peak);
    if (map)
        drawFitted(painter, heatmap::blend(frame, *map, 0.6), heatBox);
    else
        drawFitted(painter, {}, heatBox);

    const ScoredClip &clip = review.clips()[size_t(event.clipOrder)];
    double y = frameBox.bottom() + 3;
    const double width = cell.width();
    painter.setPen(Qt::black);
    setFont(painter, 10, true);
    painter.drawText(QRectF(cell.left(), y, width, 13), Qt::AlignLeft,
                     QStringLiteral("Event %1: p = %2")
                         .arg(event.number)
                         .arg(event.run.peakProbability, 0, 'f', 3));
    painter.setPen(decisionColour(event.decision));
    painter.drawText(QRectF(cell.left(), y, width, 13), Qt::AlignRight,
                     decisionText(event.decision));
    y += 14;
    setFont(painter, 9);
    painter.setPen(Qt::black);
    const QString where = event.run.length() == 1
                              ? QStringLiteral("Clip %1, frame %2 (one frame)")
                                    .arg(event.clipOrder + 1)
                                    .arg(event.run.first)
                              : QStringLiteral("Clip %1, frames %2-%3 (%4 frames%5), peak %6")
                                    .arg(event.clipOrder + 1)
                                    .arg(event.run.first)
                                    .arg(event.run.last)
                                    .arg(event.run.length())
                                    .arg(seconds(clip.clip, event.run.length()))
                                    .arg(event.run.peak);
    painter.drawText(QRectF(cell.left(), y, width, 12), Qt::AlignLeft, where);
    if (!map) {
        setFont(painter, 8);
        painter.setPen(Qt::darkRed);
        painter.drawText(heatBox.adjusted(4, 4, -4, -4), Qt::AlignCenter | Qt::TextWordWrap,
                         QStringLiteral("no heat map: %1").arg(map.error()));
    }
}

// The events drawn: all when they fit, else those with the highest peaks, in time order.
std::vector<ReviewEvent> shownEvents(const std::vector<ReviewEvent> &events, int maxEvents)
{
    if (int(events.size()) <= maxEvents)
        return events;
    std::vector<ReviewEvent> chosen = events;
    std::stable_sort(chosen.begin(), chosen.end(), [](const auto &a, const auto &b) {
        return a.run.peakProbability > b.run.peakProbability;
    });
    chosen.resize(maxEvents);
    std::sort(chosen.begin(), chosen.end(),
              [](const auto &a, const auto &b) { return a.number < b.number; });
    return chosen;
}

} // namespace

Status writeCaseReport(const CaseReview &review, const CaseReportContent &content,
                       const QString &path)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return makeError(QStringLiteral("the case report needs the graphical Qt platform"));
    const ReviewCase &reviewCase = review.reviewCase();
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(300);
    writer.setTitle(QStringLiteral("iouslab case review %1").arg(caseName(reviewCase)));
    writer.setCreator(QStringLiteral("iouslab"));
    QPainter painter(&writer);
    if (!painter.isActive())
        return makeError(QStringLiteral("cannot write %1").arg(path));
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const double scale = writer.resolution() / 96.0;
    painter.scale(scale, scale);

    // Heading and the facts of the case.
    double y = margin;
    setFont(painter, 20, true);
    painter.drawText(QRectF(margin, y, contentWidth, 26), Qt::AlignLeft,
                     QStringLiteral("Case review: %1").arg(reviewCase.patient.pseudonym));
    y += 32;
    const ModelVersionRecord &version = review.version();
    const ScoringSummary &scoring = content.scoring;
    int decided[3] = {0, 0, 0};
    for (const ReviewEvent &event : content.events) {
        if (event.decision)
            ++decided[int(*event.decision)];
    }
    const int pending = int(content.events.size()) - decided[0] - decided[1] - decided[2];
    const QString studyText = reviewCase.study.description.isEmpty()
                                  ? QString()
                                  : QStringLiteral(" (%1)").arg(reviewCase.study.description);
    const QList<QPair<QString, QString>> facts{
        {QStringLiteral("Study"),
         QStringLiteral("%1 of %2%3, imported %4")
             .arg(reviewCase.studyNumber)
             .arg(reviewCase.studyCount)
             .arg(studyText)
             .arg(QDateTime::fromMSecsSinceEpoch(reviewCase.study.createdAtMs, Qt::UTC)
                      .toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")))},
        {QStringLiteral("Model version"),
         QStringLiteral("%1 (%2, trained %3)")
             .arg(version.id)
             .arg(version.architecture)
             .arg(QDateTime::fromMSecsSinceEpoch(version.createdAtMs, Qt::UTC)
                      .toString(QStringLiteral("yyyy-MM-dd")))},
        {QStringLiteral("Operating point"), review.operatingPoint().description},
        {QStringLiteral("Frames scored"),
         QStringLiteral("%1 in %2 clips (%3 scores stored before, %4 scored now)")
             .arg(scoring.frames)
             .arg(review.clips().size())
             .arg(scoring.reused)
             .arg(scoring.scored)},
        {QStringLiteral("Events"),
         QStringLiteral("%1 (runs of flagged frames, gaps of up to %2 frames closed)")
             .arg(content.events.size())
             .arg(content.eventSettings.maxGap)},
        {QStringLiteral("Surgeon"),
         QStringLiteral("%1: %2 accepted, %3 rejected, %4 unsure, %5 not decided")
             .arg(content.surgeon.isEmpty() ? QStringLiteral("none") : content.surgeon)
             .arg(decided[0])
             .arg(decided[1])
             .arg(decided[2])
             .arg(pending)}};
    for (const auto &[name, value] : facts) {
        setFont(painter, 11, true);
        painter.drawText(QRectF(margin, y, 110, 14), Qt::AlignLeft, name);
        setFont(painter, 11);
        const QRectF box(margin + 110, y, contentWidth - 110, 60);
        const QRectF used = painter.boundingRect(box, Qt::AlignLeft | Qt::TextWordWrap, value);
        painter.drawText(box, Qt::AlignLeft | Qt::TextWordWrap, value);
        y += std::max(16.0, used.height() + 2);
    }
    y += 10;

    // The probability strips, one per clip.
    y = drawSectionHeading(
        painter, y, QStringLiteral("Lesion probability along each clip"),
        QStringLiteral("Blue: probability per frame, 0 at the bottom, 1 at the top; "
                       "dashed: the operating point; shaded and numbered: events."),
        16);
    // Stills (one-frame clips) have no strip worth drawing; their events show below.
    int strips = 0;
    int stills = 0;
    int notDrawn = 0;
    for (int order = 0; order < int(review.clips().size()); ++order) {
        const ScoredClip &clip = review.clips()[size_t(order)];
        if (clip.probabilities.size() <= 1) {
            ++stills;
            continue;
        }
        if (strips == maxStrips) {
            ++notDrawn;
            continue;
        }
        ++strips;
        setFont(painter, 9);
        painter.drawText(
            QRectF(margin, y + 10, 60, 24), Qt::AlignLeft | Qt::TextWordWrap,
            QStringLiteral("Clip %1\n%2 frames").arg(order + 1).arg(clip.probabilities.size()));
        drawStrip(painter, clip, content.events, order, review.operatingPoint().threshold,
                  QRectF(margin + 64, y + 10, contentWidth - 64, 30));
        y += 46;
    }
    QStringList left;
    if (stills > 0)
        left << QStringLiteral("%1 stills (one-frame clips) have no strip").arg(stills);
    if (notDrawn > 0)
        left << QStringLiteral("%1 more clips are not drawn").arg(notDrawn);
    if (!left.isEmpty()) {
        setFont(painter, 9);
        painter.drawText(QRectF(margin, y, contentWidth, 12), Qt::AlignLeft,
                         left.join(QStringLiteral("; ")) + QLatin1Char('.'));
        y += 14;
    }
    y += 8;

    // The events, two to a row.
    y = drawSectionHeading(
        painter, y, QStringLiteral("Events: peak frame and where the model looked"),
        QStringLiteral("Left: the peak frame. Right: its Grad-CAM heat map on the "
                       "last convolutional layer (red: strongest lesion evidence)."),
        18);
    const double footerTop = pageHeight - margin - 14;
    constexpr int columns = 3;
    constexpr double gutter = 12;
    const double cellWidth = (contentWidth - gutter * (columns - 1)) / columns;
    const double cellHeight = (cellWidth - 4) / 2 * 3 / 4 + 30;
    const int rows = std::max(1, int((footerTop - 20 - y) / (cellHeight + gutter)));
    const std::vector<ReviewEvent> shown = shownEvents(content.events, rows * columns);
    if (shown.empty()) {
        setFont(painter, 11);
        painter.drawText(QRectF(margin, y, contentWidth, 16), Qt::AlignLeft,
                         QStringLiteral("No frame reached the operating point."));
    }
    for (size_t i = 0; i < shown.size(); ++i) {
        const double left = margin + double(i % columns) * (cellWidth + gutter);
        const double top = y + double(i / columns) * (cellHeight + gutter);
        drawEvent(painter, review, shown[i], QRectF(left, top, cellWidth, cellHeight));
    }
    if (shown.size() < content.events.size()) {
        setFont(painter, 10, true);
        painter.setPen(Qt::black);
        painter.drawText(QRectF(margin, footerTop - 18, contentWidth, 14), Qt::AlignLeft,
                         QStringLiteral("%1 more events with lower peaks are not drawn; the "
                                        "review window lists them all.")
                             .arg(content.events.size() - shown.size()));
    }

    setFont(painter, 8);
    painter.setPen(QColor(110, 110, 110));
    painter.drawText(
        QRectF(margin, footerTop, contentWidth, 12), Qt::AlignLeft,
        QStringLiteral("Made by iouslab on %1 UTC. Research software, not for diagnosis.")
            .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    if (!painter.end())
        return makeError(QStringLiteral("cannot write %1").arg(path));
    return {};
}

} // namespace iouslab

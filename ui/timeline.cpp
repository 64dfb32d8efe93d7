#include "ui/timeline.h"

#include "ui/theme.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

namespace iouslab {

Timeline::Timeline(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setFixedHeight(56);
    setCursor(Qt::PointingHandCursor);
}

void Timeline::setFrameCount(int count)
{
    m_frameCount = qMax(0, count);
    update();
}

void Timeline::setOwnLabels(const QVector<std::optional<LabelValue>> &labels)
{
    m_own = labels;
    update();
}

void Timeline::setReferences(const QVector<ReferenceState> &references)
{
    m_references = references;
    update();
}

void Timeline::setProbabilities(const QVector<std::optional<double>> &probabilities)
{
    m_probabilities = probabilities;
    update();
}

void Timeline::setPosition(int index)
{
    m_position = index;
    update();
}

void Timeline::setRange(int start, int end)
{
    m_rangeStart = start;
    m_rangeEnd = end;
    update();
}

double Timeline::xOf(int index) const
{
    return m_frameCount > 0 ? double(index) * width() / m_frameCount : 0.0;
}

int Timeline::indexAt(double x) const
{
    if (m_frameCount <= 0)
        return 0;
    return qBound(0, int(x * m_frameCount / qMax(1, width())), m_frameCount - 1);
}

void Timeline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), QColor(18, 18, 20));
    if (m_frameCount <= 0)
        return;

    const bool lead = !m_references.isEmpty();
    const QRectF ownBand(0, 4, width(), lead ? height() - 22 : height() - 10);
    const QRectF referenceBand(0, height() - 14, width(), 8);
    const QColor unlabelled(55, 55, 60);
    for (int i = 0; i < m_frameCount; ++i) {
        const double x0 = xOf(i);
        const double w = qMax(1.0, xOf(i + 1) - x0);
        const auto own = i < m_own.size() ? m_own.at(i) : std::nullopt;
        const QColor ownColour = own ? theme::labelColour(*own) : unlabelled;
        if (lead) {
            // A lead reads the team's reference labels first; their own go in the thin band.
            painter.fillRect(QRectF(x0, ownBand.top(), w, ownBand.height()),
                             theme::referenceColour(m_references.value(i)));
            painter.fillRect(QRectF(x0, referenceBand.top(), w, referenceBand.height()), ownColour);
        } else {
            painter.fillRect(QRectF(x0, ownBand.top(), w, ownBand.height()), ownColour);
        }
    }

    if (m_rangeStart >= 0 || m_rangeEnd >= 0) {
        const int start = m_rangeStart >= 0 ? m_rangeStart : m_position;
        const int end = m_rangeEnd >= 0 ? m_rangeEnd : m_position;
        const double x0 = xOf(qMin(start, end));
        const double x1 = xOf(qMax(start, end) + 1);
        QColor fill = theme::rangeColour();
        fill.setAlpha(90);
        painter.fillRect(QRectF(x0, 0, x1 - x0, height()), fill);
        painter.setPen(QPen(theme::rangeColour(), 2));
        painter.drawRect(QRectF(x0, 1, x1 - x0, height() - 2));
    }

    if (!m_probabilities.isEmpty()) {
        painter.setRenderHint(QPainter::Antialiasing);
        QPainterPath curve;
        bool drawing = false;
        for (int i = 0; i < m_frameCount && i < m_probabilities.size(); ++i) {
            const auto p = m_probabilities.at(i);
            if (!p) {
                drawing = false;
                continue;
            }
            const QPointF point((xOf(i) + xOf(i + 1)) / 2,
                                ownBand.bottom() - *p * ownBand.height());
            if (drawing)
                curve.lineTo(point);
            else
                curve.moveTo(point);
            drawing = true;
        }
        painter.setPen(QPen(Qt::black, 3.5));
        painter.drawPath(curve);
        painter.setPen(QPen(theme::probabilityColour(), 1.5));
        painter.drawPath(curve);
        painter.setRenderHint(QPainter::Antialiasing, false);
    }

    const double x = (xOf(m_position) + xOf(m_position + 1)) / 2;
    painter.setPen(QPen(Qt::white, 2));
    painter.drawLine(QPointF(x, 0), QPointF(x, height()));
}

void Timeline::mousePressEvent(QMouseEvent *event)
{
    emit seekRequested(indexAt(event->position().x()));
}

void Timeline::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton)
        emit seekRequested(indexAt(event->position().x()));
}

} // namespace iouslab

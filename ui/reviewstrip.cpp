#include "ui/reviewstrip.h"

#include "ui/theme.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace iouslab {

ReviewStrip::ReviewStrip(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(false);
    setToolTip(tr("Lesion probability of every frame of the clip; dashed: the operating point; "
                  "shaded: events. Click to see a frame."));
}

void ReviewStrip::setClip(std::vector<double> probabilities, double threshold)
{
    m_probabilities = std::move(probabilities);
    m_threshold = threshold;
    update();
}

void ReviewStrip::setEvents(std::vector<ReviewEvent> events, int selected)
{
    m_events = std::move(events);
    m_selected = selected;
    update();
}

void ReviewStrip::setPosition(int index)
{
    m_position = index;
    update();
}

QRectF ReviewStrip::plotRect() const
{
    return QRectF(rect()).adjusted(34, 6, -6, -16);
}

double ReviewStrip::xOf(double index) const
{
    const QRectF plot = plotRect();
    const int frames = int(m_probabilities.size());
    return plot.left() + (frames > 1 ? index / (frames - 1) : 0.5) * plot.width();
}

int ReviewStrip::indexAt(double x) const
{
    const QRectF plot = plotRect();
    const int frames = int(m_probabilities.size());
    if (frames <= 1)
        return 0;
    return std::clamp(int(std::lround((x - plot.left()) / plot.width() * (frames - 1))), 0,
                      frames - 1);
}

void ReviewStrip::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF plot = plotRect();
    painter.fillRect(rect(), palette().window());
    painter.fillRect(plot, palette().base());
    auto yOf = [&](double p) { return plot.bottom() - std::clamp(p, 0.0, 1.0) * plot.height(); };

    painter.setPen(palette().color(QPalette::PlaceholderText));
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.8);
    painter.setFont(small);
    painter.drawText(QRectF(0, plot.top() - 6, 30, 12), Qt::AlignRight | Qt::AlignVCenter,
                     QStringLiteral("1"));
    painter.drawText(QRectF(0, plot.bottom() - 6, 30, 12), Qt::AlignRight | Qt::AlignVCenter,
                     QStringLiteral("0"));

    for (const ReviewEvent &event : m_events) {
        const double left = xOf(event.run.first) - 1;
        const double right = std::max(left + 3, xOf(event.run.last) + 1);
        QColor colour = event.decision ? theme::labelColour(decisionLabel(*event.decision))
                                       : theme::rangeColour();
        colour.setAlpha(event.number == m_selected ? 130 : 70);
        const QRectF span(left, plot.top(), right - left, plot.height());
        painter.fillRect(span, colour);
        if (event.number == m_selected) {
            painter.setPen(QPen(palette().color(QPalette::HighlightedText), 1.5));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(span);
        }
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRectF(left - 20, plot.bottom() + 1, right - left + 40, 14),
                         Qt::AlignHCenter | Qt::AlignTop, QString::number(event.number));
    }

    if (!m_probabilities.empty()) {
        QPainterPath curve;
        curve.moveTo(xOf(0), yOf(m_probabilities[0]));
        for (size_t i = 1; i < m_probabilities.size(); ++i)
            curve.lineTo(xOf(double(i)), yOf(m_probabilities[i]));
        painter.setPen(QPen(theme::probabilityColour(), 1.3));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(curve);
        if (m_probabilities.size() <= 2) {
            painter.setBrush(theme::probabilityColour());
            for (size_t i = 0; i < m_probabilities.size(); ++i)
                painter.drawEllipse(QPointF(xOf(double(i)), yOf(m_probabilities[i])), 3, 3);
        }
    }
    painter.setPen(QPen(theme::rangeColour(), 1, Qt::DashLine));
    painter.drawLine(QPointF(plot.left(), yOf(m_threshold)),
                     QPointF(plot.right(), yOf(m_threshold)));
    if (m_position >= 0 && m_position < int(m_probabilities.size())) {
        painter.setPen(QPen(palette().color(QPalette::Text), 1.5));
        painter.drawLine(QPointF(xOf(m_position), plot.top()),
                         QPointF(xOf(m_position), plot.bottom()));
    }
}

void ReviewStrip::mousePressEvent(QMouseEvent *event)
{
    if (!m_probabilities.empty())
        emit seekRequested(indexAt(event->position().x()));
}

void ReviewStrip::mouseMoveEvent(QMouseEvent *event)
{
    if ((event->buttons() & Qt::LeftButton) && !m_probabilities.empty())
        emit seekRequested(indexAt(event->position().x()));
}

} // namespace iouslab

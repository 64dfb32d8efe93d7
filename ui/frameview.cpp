#include "ui/frameview.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

namespace iouslab {

namespace {

constexpr double zoomStep = 1.25;
constexpr double minZoom = 0.25;
constexpr double maxZoom = 16.0;

} // namespace

FrameView::FrameView(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(160, 120);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::OpenHandCursor);
}

void FrameView::setImage(const QImage &image)
{
    m_image = image;
    m_message.clear();
    update();
}

void FrameView::setMessage(const QString &message)
{
    m_image = QImage();
    m_message = message;
    update();
}

void FrameView::zoomIn()
{
    setZoom(m_zoom * zoomStep, rect().center());
}

void FrameView::zoomOut()
{
    setZoom(m_zoom / zoomStep, rect().center());
}

void FrameView::fit()
{
    m_zoom = 1.0;
    m_pan = {};
    update();
    emit zoomChanged(m_zoom);
}

void FrameView::pan(double dx, double dy)
{
    m_pan += QPointF(dx * width(), dy * height());
    update();
}

QRectF FrameView::imageRect() const
{
    if (m_image.isNull())
        return {};
    const double fitScale =
        qMin(double(width()) / m_image.width(), double(height()) / m_image.height());
    const QSizeF size = QSizeF(m_image.size()) * fitScale * m_zoom;
    const QPointF centre = QRectF(rect()).center() + m_pan;
    return QRectF(centre - QPointF(size.width() / 2, size.height() / 2), size);
}

void FrameView::setZoom(double zoom, QPointF anchor)
{
    zoom = qBound(minZoom, zoom, maxZoom);
    // Keep the image point under the anchor where it is.
    const QPointF centre = QRectF(rect()).center() + m_pan;
    const double ratio = zoom / m_zoom;
    m_pan = anchor + (centre - anchor) * ratio - QRectF(rect()).center();
    m_zoom = zoom;
    update();
    emit zoomChanged(m_zoom);
}

void FrameView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::black);
    if (m_image.isNull()) {
        painter.setPen(palette().color(QPalette::Disabled, QPalette::WindowText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_message);
        return;
    }
    // Smooth scaling below 2x; above it the reader wants to see the pixels themselves.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 2.0);
    painter.drawImage(imageRect(), m_image);
}

void FrameView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0.0)
        setZoom(m_zoom * std::pow(zoomStep, steps), event->position());
    event->accept();
}

void FrameView::mousePressEvent(QMouseEvent *event)
{
    m_dragStart = event->position();
    m_panAtDragStart = m_pan;
    setCursor(Qt::ClosedHandCursor);
}

void FrameView::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return;
    m_pan = m_panAtDragStart + (event->position() - m_dragStart);
    update();
}

void FrameView::mouseDoubleClickEvent(QMouseEvent *)
{
    setCursor(Qt::OpenHandCursor);
    fit();
}

} // namespace iouslab

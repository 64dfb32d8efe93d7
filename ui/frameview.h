#pragma once

#include <QImage>
#include <QPointF>
#include <QWidget>

namespace iouslab {

/// Draws one frame, fitted to the widget by default, with zoom (wheel, zoomIn/zoomOut) and
/// pan (drag, or pan()). It only draws the image it is handed: loading is FrameLoader's job.
class FrameView : public QWidget
{
    Q_OBJECT

public:
    explicit FrameView(QWidget *parent = nullptr);

    void setImage(const QImage &image);
    const QImage &image() const { return m_image; }
    /// A line shown in place of the frame (no clip, or why its frames cannot be shown).
    void setMessage(const QString &message);

    double zoom() const { return m_zoom; }
    void zoomIn();
    void zoomOut();
    /// Fits the whole frame in the widget again.
    void fit();
    /// Moves the frame by a share of the widget size (dx, dy in -1 .. 1).
    void pan(double dx, double dy);

    QSize sizeHint() const override { return {640, 480}; }

signals:
    void zoomChanged(double zoom);

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    QRectF imageRect() const;
    void setZoom(double zoom, QPointF anchor);

    QImage m_image;
    QString m_message;
    double m_zoom = 1.0; ///< 1 is "fit"
    QPointF m_pan;       ///< offset of the image centre from the widget centre, in pixels
    QPointF m_dragStart;
    QPointF m_panAtDragStart;
};

} // namespace iouslab

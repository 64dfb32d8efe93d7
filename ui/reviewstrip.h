#pragma once

#include "app/reviewevents.h"

#include <QWidget>

#include <vector>

namespace iouslab {

/// The probability strip of one clip in the review: the model's probability per frame as a
/// curve, the operating point as a dashed line, the clip's events as shaded spans (the
/// selected one outlined, decided ones in their decision's colour) and the frame on screen.
/// Clicking seeks.
class ReviewStrip : public QWidget
{
    Q_OBJECT

public:
    explicit ReviewStrip(QWidget *parent = nullptr);

    void setClip(std::vector<double> probabilities, double threshold);
    /// The events of this clip; `selected` is the number of the selected one (0: none).
    void setEvents(std::vector<ReviewEvent> events, int selected);
    void setPosition(int index);

    QSize sizeHint() const override { return {600, 70}; }
    QSize minimumSizeHint() const override { return {120, 50}; }

signals:
    void seekRequested(int index);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    QRectF plotRect() const;
    double xOf(double index) const;
    int indexAt(double x) const;

    std::vector<double> m_probabilities;
    double m_threshold = 0.5;
    std::vector<ReviewEvent> m_events;
    int m_selected = 0;
    int m_position = -1;
};

} // namespace iouslab

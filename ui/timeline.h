#pragma once

#include "app/reviewsnapshot.h"

#include <QVector>
#include <QWidget>

#include <optional>

namespace iouslab {

/// The strip under the frame: one colour band per frame for the reader's own label (for a
/// project lead: the reference labels, with the lead's own in a thin band below), the model's
/// probability as a curve once a model has scored the clip, the marked range and the current
/// position. Clicking or dragging seeks.
class Timeline : public QWidget
{
    Q_OBJECT

public:
    explicit Timeline(QWidget *parent = nullptr);

    void setFrameCount(int count);
    void setOwnLabels(const QVector<std::optional<LabelValue>> &labels);
    /// Empty for a blinded reader.
    void setReferences(const QVector<ReferenceState> &references);
    /// Empty when no model has scored the clip.
    void setProbabilities(const QVector<std::optional<double>> &probabilities);
    void setPosition(int index);
    /// The marked range; -1 for an end not marked.
    void setRange(int start, int end);

    QSize sizeHint() const override { return {600, 56}; }
    QSize minimumSizeHint() const override { return {100, 40}; }

signals:
    void seekRequested(int index);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    double xOf(int index) const;
    int indexAt(double x) const;

    int m_frameCount = 0;
    QVector<std::optional<LabelValue>> m_own;
    QVector<ReferenceState> m_references;
    QVector<std::optional<double>> m_probabilities;
    int m_position = 0;
    int m_rangeStart = -1;
    int m_rangeEnd = -1;
};

} // namespace iouslab

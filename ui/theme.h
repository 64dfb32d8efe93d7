#pragma once

#include "app/reviewsnapshot.h"

#include <QColor>

class QApplication;

namespace iouslab {

/// The workstation's look: Fusion with a dark palette (reading rooms are dark) and the
/// Okabe-Ito colours for labels, which stay apart for the common colour-vision deficiencies.
namespace theme {

void applyDark(QApplication &app);

QColor labelColour(LabelValue value);
/// Colour of a reference label; unresolved frames get reddish purple, unlabelled a dark grey.
QColor referenceColour(ReferenceState state);
QColor probabilityColour();
QColor rangeColour();

} // namespace theme

} // namespace iouslab

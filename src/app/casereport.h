#pragma once

#include "app/casereview.h"
#include "core/expected.h"

#include <QString>

#include <vector>

namespace iouslab {

/// What the case summary shows beside the scored review.
struct CaseReportContent
{
    std::vector<ReviewEvent> events;
    ScoringSummary scoring;
    EventSettings eventSettings;
    QString surgeon; ///< whose decisions the events carry; empty when nobody decided
};

/// Writes the one-page case summary as PDF: the case's pseudonym and study, the model version
/// and its operating point, how many frames were scored, each clip's probability strip with
/// its events, and per event the peak frame, its Grad-CAM heat map, the peak probability, the
/// length and the surgeon's decision. When more events than fit on the page, those
/// with the highest peaks are drawn (in time order) and the page says how many are left out.
///
/// Needs a QGuiApplication (fonts). The heat maps are computed here, through review.heatMap().
Status writeCaseReport(const CaseReview &review, const CaseReportContent &content,
                       const QString &path);

} // namespace iouslab

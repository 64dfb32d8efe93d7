#include "app/reviewevents.h"

#include <algorithm>

namespace iouslab {

QString surgeonDecisionName(SurgeonDecision decision)
{
    switch (decision) {
    case SurgeonDecision::Accept:
        return QStringLiteral("accept");
    case SurgeonDecision::Reject:
        return QStringLiteral("reject");
    case SurgeonDecision::Unsure:
        break;
    }
    return QStringLiteral("unsure");
}

std::optional<SurgeonDecision> parseSurgeonDecision(const QString &text)
{
    const QString lower = text.trimmed().toLower();
    for (SurgeonDecision decision :
         {SurgeonDecision::Accept, SurgeonDecision::Reject, SurgeonDecision::Unsure}) {
        if (lower == surgeonDecisionName(decision))
            return decision;
    }
    return std::nullopt;
}

LabelValue decisionLabel(SurgeonDecision decision)
{
    switch (decision) {
    case SurgeonDecision::Accept:
        return LabelValue::Lesion;
    case SurgeonDecision::Reject:
        return LabelValue::Normal;
    case SurgeonDecision::Unsure:
        break;
    }
    return LabelValue::Ungradable;
}

SurgeonDecision decisionOf(LabelValue value)
{
    switch (value) {
    case LabelValue::Lesion:
        return SurgeonDecision::Accept;
    case LabelValue::Normal:
        return SurgeonDecision::Reject;
    case LabelValue::Ungradable:
        break;
    }
    return SurgeonDecision::Unsure;
}

std::vector<FrameRun> groupFlaggedFrames(const std::vector<double> &probabilities, double threshold,
                                         const EventSettings &settings)
{
    std::vector<FrameRun> runs;
    const int maxGap = std::max(0, settings.maxGap);
    std::optional<FrameRun> open;
    auto close = [&] {
        if (open && open->length() >= std::max(1, settings.minLength))
            runs.push_back(*open);
        open.reset();
    };
    for (int i = 0; i < int(probabilities.size()); ++i) {
        const double p = probabilities[size_t(i)];
        if (!(p >= threshold))
            continue;
        // More than maxGap unflagged frames since the run's last flagged frame: a new run.
        if (open && i - open->last - 1 > maxGap)
            close();
        if (!open) {
            open = FrameRun{i, i, i, p};
            continue;
        }
        open->last = i;
        if (p > open->peakProbability) {
            open->peak = i;
            open->peakProbability = p;
        }
    }
    close();
    return runs;
}

} // namespace iouslab

#pragma once

#include "catalogue/records.h"

#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace iouslab {

/// What a surgeon says of a flagged event.
enum class SurgeonDecision
{
    Accept, ///< the model was right: a lesion
    Reject, ///< the model was wrong: normal liver
    Unsure, ///< the surgeon cannot say
};

/// "accept", "reject" or "unsure".
QString surgeonDecisionName(SurgeonDecision decision);
std::optional<SurgeonDecision> parseSurgeonDecision(const QString &text);

/// The label a decision gives the event's frames: accept is lesion, reject is normal, and
/// unsure is ungradable. Ungradable is the catalogue's "no usable answer from this frame": the
/// training leaves such frames out, and where another reader said lesion or normal the frame
/// goes to adjudication, which is what a surgeon's doubt should cause. A separate "unsure"
/// value would need a schema change and would mean the same to every consumer of labels.
LabelValue decisionLabel(SurgeonDecision decision);
/// The decision a label stands for (the inverse of decisionLabel).
SurgeonDecision decisionOf(LabelValue value);

/// How flagged frames are grouped into events.
struct EventSettings
{
    /// Up to this many unflagged frames between two flagged ones are closed: the run goes on.
    int maxGap = 5;
    /// Runs shorter than this (first to last flagged frame) are dropped.
    int minLength = 1;
};

/// A run of flagged frames in one clip's probability strip, by frame index.
struct FrameRun
{
    int first = 0; ///< first flagged frame
    int last = 0;  ///< last flagged frame (inclusive)
    int peak = 0;  ///< the frame with the highest probability (the first of equals)
    double peakProbability = 0.0;
    int length() const { return last - first + 1; }
};

/// Groups the frames with probability >= threshold into runs, in frame order. A run starts and
/// ends on a flagged frame; gaps of at most settings.maxGap unflagged frames inside it are
/// closed (and belong to the run).
std::vector<FrameRun> groupFlaggedFrames(const std::vector<double> &probabilities, double threshold,
                                         const EventSettings &settings = {});

/// One event of a case: a run in one clip, with its frames' ids (first to last, gaps included)
/// and the surgeon's decision once given.
struct ReviewEvent
{
    int number = 0;    ///< 1, 2, ... in time order over the case (clip order, then frame)
    int clipOrder = 0; ///< the clip's place in the case, from 0
    ClipId clipId = 0;
    FrameRun run;
    QList<FrameId> frames;
    std::optional<SurgeonDecision> decision;
};

} // namespace iouslab

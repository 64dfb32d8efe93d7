#pragma once

#include "app/reviewsnapshot.h"
#include "catalogue/catalogue.h"
#include "core/expected.h"

#include <QList>
#include <QObject>
#include <QVector>

#include <optional>

namespace iouslab {

/// One reader labelling one clip at a time: the labels of the open clip, the rules of who
/// sees what, and the undo and redo stacks. Every label is written to the catalogue the
/// moment it is given, in one small transaction (the audit table's triggers record it), so
/// closing the window or killing the process loses no label that was shown as given.
///
/// Blinded double reading: a reader who is not a project lead sees only their own labels; a
/// project lead sees every reader's, and the reference labels.
///
/// A LabelSession uses the catalogue connection it is given, from the thread that owns it.
class LabelSession : public QObject
{
    Q_OBJECT

public:
    /// catalogue must outlive the session; reader is the person labelling.
    LabelSession(Catalogue &catalogue, const ReaderRecord &reader, QObject *parent = nullptr);

    const ReaderRecord &reader() const { return m_reader; }
    bool seesAllLabels() const { return iouslab::seesAllLabels(m_reader); }

    /// Reads the labels, adjudications and frame ids of clip. The undo and redo stacks belong
    /// to the open clip and are cleared when another clip opens.
    Status openClip(const ReviewClip &clip);
    const ReviewClip &clip() const { return m_clip; }
    ClipId clipId() const { return m_clip.clipId; }
    int frameCount() const { return int(m_frameIds.size()); }
    FrameId frameId(int index) const;

    /// The session reader's own label of a frame of the open clip.
    std::optional<LabelValue> ownLabel(int index) const;
    /// The labels this reader may see: their own, or everyone's for a project lead.
    QList<ReviewLabel> visibleLabels(int index) const;
    /// The frame's reference label; for a blinded reader it reflects their own label only,
    /// since others' labels must not leak through it.
    ReferenceState reference(int index) const;
    std::optional<AdjudicationRecord> adjudication(int index) const;
    /// The open clip's counts as this reader sees them (see LabelCounts).
    LabelCounts counts() const;

    /// Gives frames first .. last (in either order) value, or clears them when value is
    /// empty, in one transaction, and makes it one undo step.
    Status label(int first, int last, std::optional<LabelValue> value);
    /// A project lead's decision for a frame of any clip; refused for other readers.
    Status adjudicate(FrameId frame, LabelValue value);

    bool canUndo() const { return !m_undo.isEmpty(); }
    bool canRedo() const { return !m_redo.isEmpty(); }
    Status undo();
    Status redo();

    /// The first frame after from (wrapping round) the reader has not labelled; nothing when
    /// every frame of the clip carries their label.
    std::optional<int> nextUnlabelled(int from) const;

signals:
    /// Labels of frames first .. last of clip changed (by a key, an undo or a redo).
    void labelsChanged(iouslab::ClipId clip, int first, int last);
    /// The open clip's counts as this reader sees them changed.
    void countsChanged(iouslab::ClipId clip, const iouslab::LabelCounts &counts);
    /// An adjudication was saved for frame.
    void adjudicated(iouslab::FrameId frame);

private:
    struct Change
    {
        int index = 0;
        std::optional<LabelValue> before;
        std::optional<LabelValue> after;
    };
    using Step = QList<Change>;

    /// Writes the after (or, reversed, the before) side of a step in one transaction and
    /// updates the in-memory copy.
    Status apply(const Step &step, bool reverse);
    void setOwn(int index, std::optional<LabelValue> value, qint64 atMs);
    LabelCounts countsOf(int index) const;

    Catalogue &m_catalogue; // not owned
    ReaderRecord m_reader;
    ReviewClip m_clip;
    QVector<FrameId> m_frameIds;
    QVector<QList<ReviewLabel>> m_reads; ///< by frame index: every reader's label
    QVector<std::optional<AdjudicationRecord>> m_adjudications;
    LabelCounts m_counts;
    QList<Step> m_undo;
    QList<Step> m_redo;
};

} // namespace iouslab

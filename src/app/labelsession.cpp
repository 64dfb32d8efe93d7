#include "app/labelsession.h"

#include "core/logging.h"

namespace iouslab {

LabelSession::LabelSession(Catalogue &catalogue, const ReaderRecord &reader, QObject *parent)
    : QObject(parent)
    , m_catalogue(catalogue)
    , m_reader(reader)
{}

Status LabelSession::openClip(const ReviewClip &clip)
{
    auto frameIds = m_catalogue.clipFrameIds(clip.clipId);
    if (!frameIds)
        return makeError(frameIds.error());
    auto labels = m_catalogue.clipLabels(clip.clipId);
    if (!labels)
        return makeError(labels.error());
    auto adjudications = m_catalogue.clipAdjudications(clip.clipId);
    if (!adjudications)
        return makeError(adjudications.error());

    if (clip.clipId != m_clip.clipId) {
        m_undo.clear();
        m_redo.clear();
    }
    m_clip = clip;
    m_frameIds = QVector<FrameId>(frameIds->cbegin(), frameIds->cend());
    m_reads = QVector<QList<ReviewLabel>>(m_frameIds.size());
    m_adjudications = QVector<std::optional<AdjudicationRecord>>(m_frameIds.size());
    for (const ReviewLabel &label : *labels) {
        if (label.frameIndex >= 0 && label.frameIndex < m_reads.size())
            m_reads[label.frameIndex] << label;
    }
    for (const auto &[index, record] : *adjudications) {
        if (index >= 0 && index < m_adjudications.size())
            m_adjudications[index] = record;
    }

    m_counts = LabelCounts{};
    for (int i = 0; i < m_frameIds.size(); ++i)
        m_counts += countsOf(i);
    return {};
}

FrameId LabelSession::frameId(int index) const
{
    return index >= 0 && index < m_frameIds.size() ? m_frameIds.at(index) : 0;
}

std::optional<LabelValue> LabelSession::ownLabel(int index) const
{
    if (index < 0 || index >= m_reads.size())
        return std::nullopt;
    for (const ReviewLabel &read : m_reads.at(index)) {
        if (read.readerId == m_reader.id)
            return read.value;
    }
    return std::nullopt;
}

QList<ReviewLabel> LabelSession::visibleLabels(int index) const
{
    if (index < 0 || index >= m_reads.size())
        return {};
    if (seesAllLabels())
        return m_reads.at(index);
    QList<ReviewLabel> own;
    for (const ReviewLabel &read : m_reads.at(index)) {
        if (read.readerId == m_reader.id)
            own << read;
    }
    return own;
}

ReferenceState LabelSession::reference(int index) const
{
    if (index < 0 || index >= m_reads.size())
        return ReferenceState::Unlabelled;
    if (!seesAllLabels()) {
        const auto own = ownLabel(index);
        return own ? referenceStateOf(*own) : ReferenceState::Unlabelled;
    }
    return referenceOf(m_reads.at(index), m_adjudications.at(index));
}

std::optional<AdjudicationRecord> LabelSession::adjudication(int index) const
{
    if (index < 0 || index >= m_adjudications.size() || !seesAllLabels())
        return std::nullopt;
    return m_adjudications.at(index);
}

LabelCounts LabelSession::counts() const
{
    return m_counts;
}

LabelCounts LabelSession::countsOf(int index) const
{
    return frameCounts(m_reads.at(index), m_adjudications.at(index), m_reader);
}

Status LabelSession::label(int first, int last, std::optional<LabelValue> value)
{
    if (m_frameIds.isEmpty())
        return makeError(tr("No clip is open."));
    if (first > last)
        std::swap(first, last);
    first = qBound(0, first, int(m_frameIds.size()) - 1);
    last = qBound(0, last, int(m_frameIds.size()) - 1);

    Step step;
    for (int index = first; index <= last; ++index) {
        const auto before = ownLabel(index);
        if (before != value)
            step << Change{index, before, value};
    }
    if (step.isEmpty())
        return {};
    if (Status s = apply(step, false); !s)
        return s;
    m_undo << step;
    m_redo.clear();
    return {};
}

Status LabelSession::adjudicate(FrameId frame, LabelValue value)
{
    if (!seesAllLabels())
        return makeError(tr("Only a project lead adjudicates; %1 is a %2.")
                             .arg(m_reader.name, readerRoleName(m_reader.role)));
    const qint64 now = Catalogue::nowMs();
    if (Status s = m_catalogue.setAdjudication(frame, m_reader.id, value, now); !s)
        return s;

    const int index = int(m_frameIds.indexOf(frame));
    if (index >= 0) {
        const LabelCounts before = countsOf(index);
        m_adjudications[index] = AdjudicationRecord{frame, m_reader.id, value, now};
        const LabelCounts after = countsOf(index);
        m_counts.labelled += after.labelled - before.labelled;
        m_counts.lesion += after.lesion - before.lesion;
        m_counts.disagreements += after.disagreements - before.disagreements;
        emit labelsChanged(m_clip.clipId, index, index);
        emit countsChanged(m_clip.clipId, m_counts);
    }
    emit adjudicated(frame);
    return {};
}

Status LabelSession::undo()
{
    if (m_undo.isEmpty())
        return {};
    if (Status s = apply(m_undo.last(), true); !s)
        return s;
    m_redo << m_undo.takeLast();
    return {};
}

Status LabelSession::redo()
{
    if (m_redo.isEmpty())
        return {};
    if (Status s = apply(m_redo.last(), false); !s)
        return s;
    m_undo << m_redo.takeLast();
    return {};
}

std::optional<int> LabelSession::nextUnlabelled(int from) const
{
    const int count = int(m_frameIds.size());
    for (int step = 1; step <= count; ++step) {
        const int index = ((from + step) % count + count) % count;
        if (!ownLabel(index))
            return index;
    }
    return std::nullopt;
}

Status LabelSession::apply(const Step &step, bool reverse)
{
    // A label write is a handful of indexed upserts in one SQLite transaction (well under a
    // millisecond for a single frame), which is why it runs on the caller's (the GUI's)
    // thread: the label is durable before the key press returns.
    const qint64 now = Catalogue::nowMs();
    {
        Catalogue::Transaction transaction(m_catalogue);
        if (!transaction.isActive())
            return makeError(transaction.error());
        for (const Change &change : step) {
            const auto value = reverse ? change.before : change.after;
            const FrameId frame = m_frameIds.at(change.index);
            Status s = value ? m_catalogue.setLabel(frame, m_reader.id, *value, now)
                             : m_catalogue.clearLabel(frame, m_reader.id);
            if (!s)
                return s;
        }
        if (Status s = transaction.commit(); !s)
            return s;
    }

    int first = step.first().index;
    int last = first;
    for (const Change &change : step) {
        const LabelCounts before = countsOf(change.index);
        setOwn(change.index, reverse ? change.before : change.after, now);
        const LabelCounts after = countsOf(change.index);
        m_counts.labelled += after.labelled - before.labelled;
        m_counts.lesion += after.lesion - before.lesion;
        m_counts.disagreements += after.disagreements - before.disagreements;
        first = qMin(first, change.index);
        last = qMax(last, change.index);
    }
    qCDebug(lcApp) << "labelled" << step.size() << "frames of clip" << m_clip.clipId;
    emit labelsChanged(m_clip.clipId, first, last);
    emit countsChanged(m_clip.clipId, m_counts);
    return {};
}

void LabelSession::setOwn(int index, std::optional<LabelValue> value, qint64 atMs)
{
    QList<ReviewLabel> &reads = m_reads[index];
    for (int i = 0; i < reads.size(); ++i) {
        if (reads.at(i).readerId == m_reader.id) {
            if (value) {
                reads[i].value = *value;
                reads[i].labelledAtMs = atMs;
            } else {
                reads.removeAt(i);
            }
            return;
        }
    }
    if (value) {
        reads << ReviewLabel{m_frameIds.at(index),
                             m_clip.clipId,
                             m_clip.patientId,
                             index,
                             m_reader.id,
                             *value,
                             atMs};
    }
}

} // namespace iouslab

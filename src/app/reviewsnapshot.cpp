#include "app/reviewsnapshot.h"

#include <QDateTime>
#include <QMap>
#include <QSet>

#include <map>

namespace iouslab {

namespace {

constexpr int categoryCount = 3;

int categoryOf(LabelValue value)
{
    return int(value);
}

// Calls visit(reads of one frame) for each run of labels of the same frame; labels are
// ordered by frame.
template<typename Visit>
void forEachFrame(const QList<ReviewLabel> &labels, Visit visit)
{
    int begin = 0;
    while (begin < labels.size()) {
        int end = begin + 1;
        while (end < labels.size() && labels.at(end).frameId == labels.at(begin).frameId)
            ++end;
        visit(labels.mid(begin, end - begin));
        begin = end;
    }
}

// Adds one frame's reads to the pair and Fleiss tallies of a scope.
struct ScopeTally
{
    QString name;
    qint64 id = 0;
    // For each reader pair (first < second): the two ratings of every frame both labelled.
    std::map<std::pair<ReaderId, ReaderId>, std::pair<std::vector<int>, std::vector<int>>> pairs;
    std::vector<std::vector<int>> fleissCounts;

    void add(const QList<ReviewLabel> &reads)
    {
        for (int i = 0; i < reads.size(); ++i) {
            for (int j = i + 1; j < reads.size(); ++j) {
                const bool inOrder = reads.at(i).readerId < reads.at(j).readerId;
                const ReviewLabel &a = inOrder ? reads.at(i) : reads.at(j);
                const ReviewLabel &b = inOrder ? reads.at(j) : reads.at(i);
                auto &ratings = pairs[{a.readerId, b.readerId}];
                ratings.first.push_back(categoryOf(a.value));
                ratings.second.push_back(categoryOf(b.value));
            }
        }
        if (reads.size() >= 2) {
            std::vector<int> counts(categoryCount, 0);
            for (const ReviewLabel &read : reads)
                ++counts[categoryOf(read.value)];
            fleissCounts.push_back(std::move(counts));
        }
    }

    AgreementScope result() const
    {
        AgreementScope scope;
        scope.name = name;
        scope.id = id;
        for (const auto &[readers, ratings] : pairs) {
            scope.pairs << AgreementScope::Pair{
                readers.first, readers.second,
                cohensKappa(ratings.first, ratings.second, categoryCount)};
        }
        scope.fleiss = fleissKappa(fleissCounts);
        return scope;
    }
};

} // namespace

ReferenceState referenceStateOf(LabelValue value)
{
    switch (value) {
    case LabelValue::Normal:
        return ReferenceState::Normal;
    case LabelValue::Lesion:
        return ReferenceState::Lesion;
    case LabelValue::Ungradable:
        return ReferenceState::Ungradable;
    }
    return ReferenceState::Unresolved;
}

std::optional<LabelValue> referenceValue(ReferenceState state)
{
    switch (state) {
    case ReferenceState::Normal:
        return LabelValue::Normal;
    case ReferenceState::Lesion:
        return LabelValue::Lesion;
    case ReferenceState::Ungradable:
        return LabelValue::Ungradable;
    case ReferenceState::Unlabelled:
    case ReferenceState::Unresolved:
        break;
    }
    return std::nullopt;
}

ReferenceState referenceOf(const QList<ReviewLabel> &reads,
                           const std::optional<AdjudicationRecord> &adjudication)
{
    if (adjudication)
        return referenceStateOf(adjudication->value);
    if (reads.isEmpty())
        return ReferenceState::Unlabelled;
    for (const ReviewLabel &read : reads) {
        if (read.value != reads.first().value)
            return ReferenceState::Unresolved;
    }
    return referenceStateOf(reads.first().value);
}

bool seesAllLabels(const ReaderRecord &reader)
{
    return reader.role == ReaderRole::ProjectLead;
}

LabelCounts &LabelCounts::operator+=(const LabelCounts &other)
{
    frames += other.frames;
    labelled += other.labelled;
    lesion += other.lesion;
    disagreements += other.disagreements;
    return *this;
}

bool LabelCounts::operator==(const LabelCounts &other) const
{
    return frames == other.frames && labelled == other.labelled && lesion == other.lesion &&
           disagreements == other.disagreements;
}

LabelCounts frameCounts(const QList<ReviewLabel> &reads,
                        const std::optional<AdjudicationRecord> &adjudication,
                        const ReaderRecord &viewer)
{
    LabelCounts counts;
    counts.frames = 1;
    if (!seesAllLabels(viewer)) {
        for (const ReviewLabel &read : reads) {
            if (read.readerId == viewer.id) {
                counts.labelled = 1;
                counts.lesion = read.value == LabelValue::Lesion ? 1 : 0;
            }
        }
        return counts;
    }
    const ReferenceState state = referenceOf(reads, adjudication);
    counts.labelled = state == ReferenceState::Unlabelled ? 0 : 1;
    counts.lesion = state == ReferenceState::Lesion ? 1 : 0;
    counts.disagreements = state == ReferenceState::Unresolved ? 1 : 0;
    return counts;
}

QString ReviewSnapshot::readerName(ReaderId id) const
{
    for (const ReaderRecord &reader : readers) {
        if (reader.id == id)
            return reader.name;
    }
    return QStringLiteral("reader %1").arg(id);
}

Expected<ReviewSnapshot> loadReviewSnapshot(Catalogue &catalogue)
{
    ReviewSnapshot snapshot;
    auto clips = catalogue.reviewClips();
    if (!clips)
        return makeError(clips.error());
    auto readers = catalogue.readers();
    if (!readers)
        return makeError(readers.error());
    auto labels = catalogue.reviewLabels();
    if (!labels)
        return makeError(labels.error());
    auto adjudications = catalogue.adjudications();
    if (!adjudications)
        return makeError(adjudications.error());

    snapshot.clips = std::move(*clips);
    snapshot.readers = std::move(*readers);
    snapshot.labels = std::move(*labels);
    for (const AdjudicationRecord &record : *adjudications)
        snapshot.adjudications.insert(record.frameId, record);
    return snapshot;
}

Expected<ReviewSnapshot> loadReviewSnapshot(const QString &cataloguePath)
{
    auto catalogue = Catalogue::open(cataloguePath, Catalogue::OpenMode::OpenExisting);
    if (!catalogue)
        return makeError(catalogue.error());
    return loadReviewSnapshot(**catalogue);
}

QHash<ClipId, LabelCounts> clipLabelCounts(const ReviewSnapshot &snapshot,
                                           const ReaderRecord &viewer)
{
    QHash<ClipId, LabelCounts> result;
    for (const ReviewClip &clip : snapshot.clips)
        result[clip.clipId].frames = clip.frameCount;

    forEachFrame(snapshot.labels, [&](const QList<ReviewLabel> &reads) {
        const FrameId frame = reads.first().frameId;
        const auto adjudication = snapshot.adjudications.constFind(frame);
        LabelCounts counts = frameCounts(reads,
                                         adjudication == snapshot.adjudications.cend()
                                             ? std::nullopt
                                             : std::optional<AdjudicationRecord>(*adjudication),
                                         viewer);
        counts.frames = 0; // the clip's frames are counted from its frame count
        result[reads.first().clipId] += counts;
    });
    return result;
}

AgreementReport agreementReport(const ReviewSnapshot &snapshot)
{
    ScopeTally overall;
    overall.name = QStringLiteral("All patients");
    QMap<PatientId, ScopeTally> patients;
    QMap<ClipId, ScopeTally> clips;
    for (const ReviewClip &clip : snapshot.clips) {
        ScopeTally &patient = patients[clip.patientId];
        patient.name = clip.pseudonym;
        patient.id = clip.patientId;
        ScopeTally &clipTally = clips[clip.clipId];
        clipTally.name =
            clip.pseudonym + QStringLiteral(" / ") + clip.sourcePath.section(QLatin1Char('/'), -1);
        clipTally.id = clip.clipId;
    }

    forEachFrame(snapshot.labels, [&](const QList<ReviewLabel> &reads) {
        overall.add(reads);
        patients[reads.first().patientId].add(reads);
        clips[reads.first().clipId].add(reads);
    });

    AgreementReport report;
    report.overall = overall.result();
    for (const ScopeTally &tally : patients)
        report.patients << tally.result();
    for (const ScopeTally &tally : clips)
        report.clips << tally.result();
    return report;
}

QList<Disagreement> disagreements(const ReviewSnapshot &snapshot)
{
    QList<Disagreement> pending;
    QList<Disagreement> decided;
    forEachFrame(snapshot.labels, [&](const QList<ReviewLabel> &reads) {
        if (referenceOf(reads, std::nullopt) != ReferenceState::Unresolved)
            return;
        Disagreement entry;
        entry.frameId = reads.first().frameId;
        entry.clipId = reads.first().clipId;
        entry.patientId = reads.first().patientId;
        entry.frameIndex = reads.first().frameIndex;
        entry.reads = reads;
        const auto adjudication = snapshot.adjudications.constFind(entry.frameId);
        if (adjudication != snapshot.adjudications.cend()) {
            entry.adjudication = *adjudication;
            decided << entry;
        } else {
            pending << entry;
        }
    });
    const auto byPlace = [](const Disagreement &a, const Disagreement &b) {
        return std::tie(a.clipId, a.frameIndex) < std::tie(b.clipId, b.frameIndex);
    };
    std::sort(pending.begin(), pending.end(), byPlace);
    std::sort(decided.begin(), decided.end(), byPlace);
    return pending + decided;
}

DatasetBalance datasetBalance(const ReviewSnapshot &snapshot)
{
    DatasetBalance balance;
    QMap<PatientId, int> patientRow;
    for (const ReviewClip &clip : snapshot.clips) {
        if (!patientRow.contains(clip.patientId)) {
            patientRow.insert(clip.patientId, int(balance.patients.size()));
            balance.patients << DatasetBalance::Patient{clip.patientId, clip.pseudonym};
        }
        balance.patients[patientRow.value(clip.patientId)].unlabelled += clip.frameCount;
    }

    QMap<ReaderId, qint64> reads;
    QMap<QDate, qint64> perDay;
    qint64 labelledFrames = 0;
    forEachFrame(snapshot.labels, [&](const QList<ReviewLabel> &frameReads) {
        const FrameId frame = frameReads.first().frameId;
        const auto adjudication = snapshot.adjudications.constFind(frame);
        const ReferenceState state =
            referenceOf(frameReads, adjudication == snapshot.adjudications.cend()
                                        ? std::nullopt
                                        : std::optional<AdjudicationRecord>(*adjudication));
        const int row = patientRow.value(frameReads.first().patientId, -1);
        if (row >= 0) {
            DatasetBalance::Patient &patient = balance.patients[row];
            --patient.unlabelled;
            patient.normal += state == ReferenceState::Normal ? 1 : 0;
            patient.lesion += state == ReferenceState::Lesion ? 1 : 0;
            patient.ungradable += state == ReferenceState::Ungradable ? 1 : 0;
            patient.unresolved += state == ReferenceState::Unresolved ? 1 : 0;
        }
        ++labelledFrames;
        if (frameReads.size() == 1)
            ++balance.singleRead;
        else
            ++balance.multipleRead;
        for (const ReviewLabel &read : frameReads) {
            ++reads[read.readerId];
            ++perDay[QDateTime::fromMSecsSinceEpoch(read.labelledAtMs, Qt::UTC).date()];
        }
    });

    qint64 frames = 0;
    for (const ReviewClip &clip : snapshot.clips)
        frames += clip.frameCount;
    balance.unread = qMax<qint64>(0, frames - labelledFrames);
    for (const ReaderRecord &reader : snapshot.readers)
        balance.readsPerReader << qMakePair(reader.name, reads.value(reader.id));
    for (auto it = perDay.cbegin(); it != perDay.cend(); ++it)
        balance.labelsPerDay << qMakePair(it.key(), it.value());
    return balance;
}

QList<UncertainFrame> spreadAcrossPatients(const QList<UncertainFrame> &candidates)
{
    QList<PatientId> order;
    QHash<PatientId, QList<UncertainFrame>> byPatient;
    for (const UncertainFrame &frame : candidates) {
        if (!byPatient.contains(frame.patientId))
            order << frame.patientId;
        byPatient[frame.patientId] << frame;
    }

    QList<UncertainFrame> result;
    for (int round = 0; result.size() < candidates.size(); ++round) {
        for (PatientId patient : order) {
            const QList<UncertainFrame> &frames = byPatient[patient];
            if (round < frames.size())
                result << frames.at(round);
        }
    }
    return result;
}

} // namespace iouslab

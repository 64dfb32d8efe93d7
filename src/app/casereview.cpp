#include "app/casereview.h"

#include "app/modelinputs.h"
#include "app/trainingjob.h"
#include "catalogue/project.h"
#include "core/logging.h"
#include "io/framestore.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace iouslab {

namespace {

QImage toImage(const cv::Mat &frame)
{
    if (frame.empty())
        return {};
    if (frame.channels() == 3)
        return QImage(frame.data, frame.cols, frame.rows, int(frame.step), QImage::Format_BGR888)
            .copy();
    return QImage(frame.data, frame.cols, frame.rows, int(frame.step), QImage::Format_Grayscale8)
        .copy();
}

// The studies of a patient in import order (creation time, then id).
Expected<QList<StudyRecord>> studiesInOrder(Catalogue &catalogue, PatientId patient)
{
    auto studies = catalogue.studies(patient);
    if (!studies)
        return makeError(studies.error());
    std::stable_sort(
        studies->begin(), studies->end(), [](const StudyRecord &a, const StudyRecord &b) {
            return a.createdAtMs != b.createdAtMs ? a.createdAtMs < b.createdAtMs : a.id < b.id;
        });
    return *studies;
}

Expected<ReviewCase> makeCase(Catalogue &catalogue, const PatientRecord &patient,
                              const QList<StudyRecord> &studies, int index)
{
    ReviewCase result;
    result.patient = patient;
    result.study = studies.at(index);
    result.studyNumber = index + 1;
    result.studyCount = int(studies.size());
    auto clips = catalogue.clips(result.study.id);
    if (!clips)
        return makeError(clips.error());
    result.clips = *clips;
    if (result.clips.isEmpty())
        return makeError(QStringLiteral("case %1 has no clips").arg(caseName(result)));
    return result;
}

} // namespace

QString caseName(const ReviewCase &reviewCase)
{
    if (reviewCase.studyCount <= 1)
        return reviewCase.patient.pseudonym;
    return QStringLiteral("%1/%2").arg(reviewCase.patient.pseudonym).arg(reviewCase.studyNumber);
}

Expected<ReviewCase> findCase(Catalogue &catalogue, const QString &name)
{
    const QString pseudonym = name.section(QLatin1Char('/'), 0, 0).trimmed();
    const QString number = name.section(QLatin1Char('/'), 1);
    auto patient = catalogue.findPatient(pseudonym);
    if (!patient)
        return makeError(patient.error());
    if (!*patient)
        return makeError(QStringLiteral("no patient %1 in %2").arg(pseudonym, catalogue.path()));
    auto studies = studiesInOrder(catalogue, (*patient)->id);
    if (!studies)
        return makeError(studies.error());
    if (studies->isEmpty())
        return makeError(QStringLiteral("patient %1 has no studies").arg(pseudonym));
    int index = int(studies->size()) - 1;
    if (!number.isEmpty()) {
        bool ok = false;
        index = number.toInt(&ok) - 1;
        if (!ok || index < 0 || index >= studies->size())
            return makeError(QStringLiteral("patient %1 has %2 studies; %3 names none of them "
                                            "(give PSEUDONYM/N with N from 1)")
                                 .arg(pseudonym)
                                 .arg(studies->size())
                                 .arg(name));
    }
    return makeCase(catalogue, **patient, *studies, index);
}

Expected<ReviewCase> caseOfStudy(Catalogue &catalogue, StudyId study)
{
    auto patients = catalogue.patients();
    if (!patients)
        return makeError(patients.error());
    for (const PatientRecord &patient : *patients) {
        auto studies = studiesInOrder(catalogue, patient.id);
        if (!studies)
            return makeError(studies.error());
        for (int i = 0; i < studies->size(); ++i) {
            if (studies->at(i).id == study)
                return makeCase(catalogue, patient, *studies, i);
        }
    }
    return makeError(QStringLiteral("no study %1 in %2").arg(study).arg(catalogue.path()));
}

Expected<OperatingPoint> operatingPointOf(const ModelVersionRecord &version)
{
    OperatingPoint point;
    if (version.lockedThreshold) {
        point.threshold = *version.lockedThreshold;
        point.locked = true;
        point.description = QStringLiteral("locked operating point %1 of model version %2")
                                .arg(point.threshold, 0, 'g', 4)
                                .arg(version.id);
        return point;
    }
    const QJsonObject metrics = QJsonDocument::fromJson(version.metricsJson.toUtf8()).object();
    const QJsonValue recorded = metrics.value(QStringLiteral("final_threshold"));
    if (!recorded.isDouble())
        return makeError(QStringLiteral("model version %1 has no locked operating point and no "
                                        "recorded threshold; lock one in the evaluation first")
                             .arg(version.id));
    const QJsonObject settings = QJsonDocument::fromJson(version.settingsJson.toUtf8()).object();
    const double sensitivity =
        settings.value(QStringLiteral("operating_sensitivity")).toDouble(0.99);
    point.threshold = recorded.toDouble();
    point.description = QStringLiteral("no operating point locked: the threshold %1 recorded by "
                                       "the training (%2 % sensitivity, median over folds)")
                            .arg(point.threshold, 0, 'g', 4)
                            .arg(sensitivity * 100.0, 0, 'g', 3);
    return point;
}

CaseReview::~CaseReview() = default;

Expected<std::unique_ptr<CaseReview>> CaseReview::open(const QString &projectFolder, StudyId study,
                                                       ModelVersionId version)
{
    std::unique_ptr<CaseReview> review(new CaseReview);
    auto project = Project::open(projectFolder, Project::OpenMode::OpenExisting);
    if (!project)
        return makeError(project.error());
    review->m_project = std::move(*project);
    review->m_projectFolder = review->m_project->folder();
    Catalogue &catalogue = review->m_project->catalogue();

    auto reviewCase = caseOfStudy(catalogue, study);
    if (!reviewCase)
        return makeError(reviewCase.error());
    review->m_case = *reviewCase;

    auto record = catalogue.modelVersion(version);
    if (!record)
        return makeError(record.error());
    if (!*record)
        return makeError(QStringLiteral("no model version %1").arg(version));
    review->m_version = **record;
    auto point = operatingPointOf(review->m_version);
    if (!point)
        return makeError(point.error());
    review->m_operatingPoint = *point;

    auto weights = verifiedWeightsPath(review->m_projectFolder, review->m_version);
    if (!weights)
        return makeError(weights.error());
    auto model = ml::Model::load(*weights);
    if (!model)
        return makeError(model.error());
    review->m_model = std::make_unique<ml::Model>(std::move(*model));

    // The case's frames: ids by clip and index, and the frame store mappings.
    QList<Catalogue::FrameLocation> locations;
    for (const ClipRecord &clip : review->m_case.clips) {
        auto clipLocations = catalogue.frameLocations(clip.id);
        if (!clipLocations)
            return makeError(clipLocations.error());
        ScoredClip scored;
        scored.clip = clip;
        scored.frameIds.resize(clipLocations->size());
        for (const Catalogue::FrameLocation &location : *clipLocations) {
            if (location.frameIndex >= 0 && location.frameIndex < clipLocations->size())
                scored.frameIds[location.frameIndex] = location.frameId;
        }
        review->m_clips.push_back(std::move(scored));
        locations += *clipLocations;
        auto store = FrameStoreReader::open(review->m_project->framesFolder(), clip.contentHash);
        if (!store)
            return makeError(store.error());
        review->m_stores.push_back(std::move(*store));
    }
    auto inputs = ModelInputs::open(review->m_project->framesFolder(), locations);
    if (!inputs)
        return makeError(inputs.error());
    review->m_inputs = std::move(*inputs);
    return review;
}

Catalogue &CaseReview::catalogue()
{
    return m_project->catalogue();
}

Expected<ScoringSummary> CaseReview::score(const ScoringControls &controls)
{
    std::lock_guard<std::mutex> lock(m_network);
    Catalogue &catalogue = m_project->catalogue();

    // The version's final-model scores already stored. Reading every prediction of the version
    // costs one pass over its rows (about 0.1 s per 100,000 frames); a per-clip query would
    // lift that when projects grow far beyond that.
    auto stored = catalogue.predictions(m_version.id);
    if (!stored)
        return makeError(stored.error());
    QHash<FrameId, double> known;
    for (const PredictionRecord &prediction : *stored) {
        if (prediction.fold == -1)
            known.insert(prediction.frameId, prediction.probability);
    }

    ScoringSummary summary;
    std::vector<qint64> missing;
    for (ScoredClip &clip : m_clips) {
        clip.probabilities.assign(size_t(clip.frameIds.size()), 0.0);
        for (int i = 0; i < clip.frameIds.size(); ++i) {
            const auto found = known.constFind(clip.frameIds.at(i));
            if (found != known.constEnd()) {
                clip.probabilities[size_t(i)] = *found;
                ++summary.reused;
            } else {
                missing.push_back(clip.frameIds.at(i));
            }
        }
        summary.frames += int(clip.frameIds.size());
    }

    // The rest in batches, so that progress and cancel are seen between them.
    constexpr size_t batch = 64;
    const ml::FrameLoader loader = m_inputs->loader(m_model->inputSize());
    QHash<FrameId, double> fresh;
    fresh.reserve(qsizetype(missing.size()));
    if (controls.progress)
        controls.progress(summary.reused, summary.frames);
    for (size_t start = 0; start < missing.size(); start += batch) {
        if (controls.cancel && controls.cancel->load())
            return makeError(QStringLiteral("scoring cancelled"));
        const std::vector<qint64> ids(missing.begin() + std::ptrdiff_t(start),
                                      missing.begin() +
                                          std::ptrdiff_t(std::min(missing.size(), start + batch)));
        auto scores = m_model->score(ids, loader, int(batch));
        if (!scores)
            return makeError(scores.error());
        for (size_t i = 0; i < ids.size(); ++i)
            fresh.insert(ids[i], double((*scores)[i]));
        if (controls.progress)
            controls.progress(summary.reused + int(fresh.size()), summary.frames);
    }

    QList<PredictionRecord> records;
    records.reserve(fresh.size());
    for (auto it = fresh.constBegin(); it != fresh.constEnd(); ++it)
        records << PredictionRecord{m_version.id, it.key(), -1, it.value()};
    if (!records.isEmpty()) {
        Catalogue::Transaction transaction(catalogue);
        if (!transaction.isActive())
            return makeError(transaction.error());
        if (Status s = catalogue.addPredictions(records); !s)
            return makeError(s.error());
        if (Status s = transaction.commit(); !s)
            return makeError(s.error());
    }
    for (ScoredClip &clip : m_clips) {
        for (int i = 0; i < clip.frameIds.size(); ++i) {
            const auto found = fresh.constFind(clip.frameIds.at(i));
            if (found != fresh.constEnd())
                clip.probabilities[size_t(i)] = *found;
        }
    }
    summary.scored = int(fresh.size());
    m_scored = true;
    qCInfo(lcApp) << "case scored:" << summary.frames << "frames," << summary.scored << "new";
    return summary;
}

std::vector<ReviewEvent> CaseReview::events(const EventSettings &settings) const
{
    return events(m_operatingPoint.threshold, settings);
}

std::vector<ReviewEvent> CaseReview::events(double threshold, const EventSettings &settings) const
{
    std::vector<ReviewEvent> result;
    for (int order = 0; order < int(m_clips.size()); ++order) {
        const ScoredClip &clip = m_clips[size_t(order)];
        for (const FrameRun &run : groupFlaggedFrames(clip.probabilities, threshold, settings)) {
            ReviewEvent event;
            event.number = int(result.size()) + 1;
            event.clipOrder = order;
            event.clipId = clip.clip.id;
            event.run = run;
            event.frames = clip.frameIds.mid(run.first, run.length());
            result.push_back(std::move(event));
        }
    }
    return result;
}

QImage CaseReview::displayFrame(int clipOrder, int frameIndex) const
{
    if (clipOrder < 0 || clipOrder >= int(m_stores.size()))
        return {};
    return toImage(m_stores[size_t(clipOrder)]->displayFrame(frameIndex));
}

Expected<ml::HeatMap> CaseReview::heatMap(int clipOrder, int frameIndex) const
{
    if (clipOrder < 0 || clipOrder >= int(m_clips.size()) || frameIndex < 0 ||
        frameIndex >= m_clips[size_t(clipOrder)].frameIds.size())
        return makeError(QStringLiteral("no frame %1 in clip %2 of the case")
                             .arg(frameIndex)
                             .arg(clipOrder + 1));
    const int side = m_model->inputSize();
    std::vector<uint8_t> pixels(size_t(side) * size_t(side));
    m_inputs->loader(side)(m_clips[size_t(clipOrder)].frameIds.at(frameIndex), pixels.data());
    std::lock_guard<std::mutex> lock(m_network);
    return m_model->gradCam(pixels.data());
}

Status recordDecision(Catalogue &catalogue, const ReviewEvent &event, const ReaderRecord &surgeon,
                      SurgeonDecision decision)
{
    if (surgeon.role != ReaderRole::Surgeon)
        return makeError(QStringLiteral("%1 is a %2; review decisions are a surgeon's")
                             .arg(surgeon.name, readerRoleName(surgeon.role)));
    const LabelValue value = decisionLabel(decision);
    const qint64 now = Catalogue::nowMs();
    Catalogue::Transaction transaction(catalogue);
    if (!transaction.isActive())
        return makeError(transaction.error());
    for (FrameId frame : event.frames) {
        if (Status s = catalogue.setLabel(frame, surgeon.id, value, now); !s)
            return s;
    }
    return transaction.commit();
}

Status loadDecisions(Catalogue &catalogue, const ReaderRecord &surgeon,
                     std::vector<ReviewEvent> &events)
{
    QHash<ClipId, QHash<int, LabelValue>> byClip;
    for (ReviewEvent &event : events) {
        if (!byClip.contains(event.clipId)) {
            auto labels = catalogue.clipLabels(event.clipId);
            if (!labels)
                return makeError(labels.error());
            QHash<int, LabelValue> own;
            for (const ReviewLabel &label : *labels) {
                if (label.readerId == surgeon.id)
                    own.insert(label.frameIndex, label.value);
            }
            byClip.insert(event.clipId, own);
        }
        const QHash<int, LabelValue> &own = byClip[event.clipId];
        event.decision.reset();
        std::optional<LabelValue> common;
        bool alike = true;
        for (int index = event.run.first; index <= event.run.last && alike; ++index) {
            const auto found = own.constFind(index);
            alike = found != own.constEnd() && (!common || *common == *found);
            if (alike)
                common = *found;
        }
        if (alike && common)
            event.decision = decisionOf(*common);
    }
    return {};
}

} // namespace iouslab

#include "eval/bootstrap.h"

#include "eval/patientmetrics.h"
#include "eval/scoreranking.h"
#include "eval/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <random>

namespace iouslab {

namespace {

// Draws resamples of patient indices: each resample is `patients` draws with replacement.
class PatientSampler
{
public:
    PatientSampler(std::size_t patients, std::uint64_t seed)
        : m_patients(patients)
        , m_random(seed)
        , m_counts(patients, 0)
    {}

    /// Draws the next resample. drawn() then holds the patients in draw order, counts() how
    /// often each patient was drawn and distinct() each drawn patient once.
    void draw()
    {
        for (std::size_t patient : m_distinct)
            m_counts[patient] = 0;
        m_drawn.clear();
        m_distinct.clear();
        for (std::size_t i = 0; i < m_patients; ++i) {
            const std::size_t patient = drawBelow(m_patients);
            m_drawn.push_back(patient);
            if (m_counts[patient]++ == 0)
                m_distinct.push_back(patient);
        }
    }

    const std::vector<std::size_t> &drawn() const { return m_drawn; }
    const std::vector<std::int64_t> &counts() const { return m_counts; }
    const std::vector<std::size_t> &distinct() const { return m_distinct; }

private:
    // Rejection keeps the draw exactly uniform: only whole multiples of bound are accepted.
    std::size_t drawBelow(std::uint64_t bound)
    {
        const std::uint64_t top = std::numeric_limits<std::uint64_t>::max();
        const std::uint64_t limit = top - top % bound;
        std::uint64_t value = m_random();
        while (value >= limit)
            value = m_random();
        return static_cast<std::size_t>(value % bound);
    }

    std::size_t m_patients;
    std::mt19937_64 m_random;
    std::vector<std::int64_t> m_counts;
    std::vector<std::size_t> m_drawn;
    std::vector<std::size_t> m_distinct;
};

using ResampleValue = std::function<std::optional<double>(const PatientSampler &)>;

Status checkOptions(const BootstrapOptions &options, std::size_t patients)
{
    if (patients < 2) {
        return makeError(QStringLiteral("a patient bootstrap needs at least two patients; got %1")
                             .arg(patients));
    }
    if (options.resamples < 1)
        return makeError(QStringLiteral("a bootstrap needs at least one resample"));
    if (!(options.confidence > 0.0 && options.confidence < 1.0))
        return makeError(QStringLiteral("confidence %1 is not in (0, 1)").arg(options.confidence));
    return {};
}

Expected<BootstrapInterval> runBootstrap(std::size_t patients, std::optional<double> estimate,
                                         const BootstrapOptions &options,
                                         const ResampleValue &resampleValue)
{
    if (Status status = checkOptions(options, patients); !status)
        return makeError(status.error());
    if (!estimate || !std::isfinite(*estimate))
        return makeError(QStringLiteral("the figure is undefined on all frames together"));

    BootstrapInterval interval;
    interval.estimate = *estimate;
    interval.confidence = options.confidence;
    interval.resamples = options.resamples;
    interval.values.reserve(options.resamples);
    PatientSampler sampler(patients, options.seed);
    for (int r = 0; r < options.resamples; ++r) {
        sampler.draw();
        // A figure that comes back NaN or infinite counts as undefined rather than poisoning
        // the percentiles.
        const std::optional<double> value = resampleValue(sampler);
        if (value && std::isfinite(*value))
            interval.values.push_back(*value);
        else
            ++interval.undefinedResamples;
    }
    if (interval.values.empty()) {
        return makeError(
            QStringLiteral("the figure was undefined in all %1 resamples").arg(options.resamples));
    }

    std::vector<double> sorted = interval.values;
    std::sort(sorted.begin(), sorted.end());
    interval.lower = linearQuantile(sorted, (1.0 - options.confidence) / 2.0);
    interval.upper = linearQuantile(sorted, (1.0 + options.confidence) / 2.0);
    return interval;
}

Status checkPatients(const Predictions &predictions)
{
    if (Status status = checkPredictions(predictions); !status)
        return status;
    if (predictions.patients.size() != predictions.size())
        return makeError(QStringLiteral("a patient bootstrap needs a patient id for every frame"));
    return {};
}

// The AUC numerator of a resample from per-patient-pair counts. pairs[p * P + q] holds twice
// the Mann-Whitney count of patient p's lesion frames against patient q's normal frames, so a
// resample with patient multiplicities w gives sum over p, q of w_p w_q pairs[p, q]: P^2 work
// per resample, whatever the number of frames. Computing the table costs P times the frames.
class PatientPairAuc
{
public:
    PatientPairAuc(const ScoreRanking &ranking, const PatientFrames &byPatient,
                   const std::vector<int> &labels)
        : m_patients(byPatient.patients.size())
        , m_pairs(m_patients * m_patients, 0)
    {
        const std::vector<std::int32_t> &groupOf = ranking.groupOfFrame();
        const std::size_t groupCount = ranking.groups().size();
        std::vector<std::int64_t> normalsInGroup(groupCount, 0);
        std::vector<std::int64_t> twiceBeaten(groupCount, 0);
        for (std::size_t q = 0; q < m_patients; ++q) {
            std::fill(normalsInGroup.begin(), normalsInGroup.end(), 0);
            for (std::size_t frame : byPatient.frames[q]) {
                if (labels[frame] == 0)
                    ++normalsInGroup[groupOf[frame]];
            }
            // Groups run from the highest score down: a lesion frame in group g beats the
            // normal frames of later groups and ties with those of its own.
            std::int64_t normalsBelow = 0;
            for (std::size_t g = groupCount; g-- > 0;) {
                twiceBeaten[g] = 2 * normalsBelow + normalsInGroup[g];
                normalsBelow += normalsInGroup[g];
            }
            for (std::size_t p = 0; p < m_patients; ++p) {
                std::int64_t &cell = m_pairs[p * m_patients + q];
                for (std::size_t frame : byPatient.frames[p]) {
                    if (labels[frame] == 1)
                        cell += twiceBeaten[groupOf[frame]];
                }
            }
        }
    }

    std::int64_t twiceMannWhitney(const PatientSampler &sampler) const
    {
        const std::vector<std::int64_t> &counts = sampler.counts();
        std::int64_t total = 0;
        for (std::size_t p : sampler.distinct()) {
            const std::int64_t *row = m_pairs.data() + p * m_patients;
            std::int64_t rowTotal = 0;
            for (std::size_t q : sampler.distinct())
                rowTotal += counts[q] * row[q];
            total += counts[p] * rowTotal;
        }
        return total;
    }

private:
    std::size_t m_patients;
    std::vector<std::int64_t> m_pairs;
};

// The AUC numerator of a resample by one sweep over the score groups, weighting each frame by
// its patient's multiplicity: groups + frames work per resample. Used when patients are so
// many that the pair table would cost more.
class GroupSweepAuc
{
public:
    GroupSweepAuc(const ScoreRanking &ranking, const PatientFrames &byPatient,
                  const std::vector<int> &labels)
        : m_byPatient(byPatient)
        , m_labels(labels)
        , m_groupOf(ranking.groupOfFrame())
        , m_lesions(ranking.groups().size(), 0)
        , m_normals(ranking.groups().size(), 0)
    {}

    std::int64_t twiceMannWhitney(const PatientSampler &sampler)
    {
        for (std::size_t p : sampler.distinct()) {
            const std::int64_t weight = sampler.counts()[p];
            for (std::size_t frame : m_byPatient.frames[p]) {
                if (m_labels[frame] == 1)
                    m_lesions[m_groupOf[frame]] += weight;
                else
                    m_normals[m_groupOf[frame]] += weight;
            }
        }
        std::int64_t twiceU = 0;
        std::int64_t lesionsAbove = 0;
        for (std::size_t g = 0; g < m_lesions.size(); ++g) {
            twiceU += m_normals[g] * (2 * lesionsAbove + m_lesions[g]);
            lesionsAbove += m_lesions[g];
            m_lesions[g] = 0;
            m_normals[g] = 0;
        }
        return twiceU;
    }

private:
    const PatientFrames &m_byPatient;
    const std::vector<int> &m_labels;
    const std::vector<std::int32_t> &m_groupOf;
    std::vector<std::int64_t> m_lesions;
    std::vector<std::int64_t> m_normals;
};

// The AUC of one model on any patient resample, by whichever of the two ways above costs
// less: the pair table when patients are few, the sweep when they are many.
class ResampledAuc
{
public:
    ResampledAuc(const ScoreRanking &ranking, const PatientFrames &byPatient,
                 const std::vector<int> &labels)
        : m_ranking(ranking)
        , m_lesions(byPatient.patients.size(), 0)
        , m_normals(byPatient.patients.size(), 0)
    {
        const std::size_t patients = byPatient.patients.size();
        for (std::size_t p = 0; p < patients; ++p) {
            for (std::size_t frame : byPatient.frames[p])
                ++(labels[frame] == 1 ? m_lesions[p] : m_normals[p]);
        }
        if (patients * patients <= ranking.groups().size() + labels.size())
            m_pairs.emplace(ranking, byPatient, labels);
        else
            m_sweep.emplace(ranking, byPatient, labels);
    }
    ResampledAuc(const ResampledAuc &) = delete;
    ResampledAuc &operator=(const ResampledAuc &) = delete;

    std::optional<double> onAllFrames() const
    {
        return auc(m_ranking.twiceMannWhitney(), m_ranking.lesionCount(), m_ranking.normalCount());
    }

    std::optional<double> on(const PatientSampler &sampler)
    {
        std::int64_t lesions = 0;
        std::int64_t normals = 0;
        for (std::size_t p : sampler.distinct()) {
            lesions += sampler.counts()[p] * m_lesions[p];
            normals += sampler.counts()[p] * m_normals[p];
        }
        if (lesions == 0 || normals == 0)
            return std::nullopt;
        const std::int64_t twiceU =
            m_pairs ? m_pairs->twiceMannWhitney(sampler) : m_sweep->twiceMannWhitney(sampler);
        return auc(twiceU, lesions, normals);
    }

private:
    // The same arithmetic as rocAuc, so that both give bit-identical values for one resample.
    static std::optional<double> auc(std::int64_t twiceU, std::int64_t lesions,
                                     std::int64_t normals)
    {
        if (lesions == 0 || normals == 0)
            return std::nullopt;
        return static_cast<double>(twiceU) /
               (2.0 * static_cast<double>(lesions) * static_cast<double>(normals));
    }

    const ScoreRanking &m_ranking;
    std::vector<std::int64_t> m_lesions;
    std::vector<std::int64_t> m_normals;
    std::optional<PatientPairAuc> m_pairs;
    std::optional<GroupSweepAuc> m_sweep;
};

} // namespace

Expected<BootstrapInterval> bootstrapPatients(const std::vector<std::int64_t> &patientOfFrame,
                                              const FrameMetric &metric,
                                              const BootstrapOptions &options)
{
    const PatientFrames byPatient = framesByPatient(patientOfFrame);
    std::vector<std::size_t> allFrames(patientOfFrame.size());
    std::iota(allFrames.begin(), allFrames.end(), std::size_t{0});
    const std::optional<double> estimate =
        byPatient.patients.size() < 2 ? std::nullopt : metric(allFrames);

    std::vector<std::size_t> frames;
    frames.reserve(patientOfFrame.size() * 2);
    return runBootstrap(
        byPatient.patients.size(), estimate, options, [&](const PatientSampler &sampler) {
            frames.clear();
            for (std::size_t p : sampler.drawn()) {
                frames.insert(frames.end(), byPatient.frames[p].begin(), byPatient.frames[p].end());
            }
            return metric(frames);
        });
}

Expected<BootstrapInterval> bootstrapAuc(const Predictions &predictions,
                                         const BootstrapOptions &options)
{
    if (Status status = checkPatients(predictions); !status)
        return makeError(status.error());
    Expected<ScoreRanking> ranking = ScoreRanking::rank(predictions);
    if (!ranking)
        return makeError(ranking.error());
    const PatientFrames byPatient = framesByPatient(predictions.patients);

    ResampledAuc auc(*ranking, byPatient, predictions.labels);
    return runBootstrap(byPatient.patients.size(), auc.onAllFrames(), options,
                        [&](const PatientSampler &sampler) { return auc.on(sampler); });
}

Expected<BootstrapInterval> bootstrapAucDifference(const Predictions &first,
                                                   const Predictions &second,
                                                   const BootstrapOptions &options)
{
    if (Status status = checkPatients(first); !status)
        return makeError(QStringLiteral("first model: %1").arg(status.error()));
    if (Status status = checkPatients(second); !status)
        return makeError(QStringLiteral("second model: %1").arg(status.error()));
    if (first.labels != second.labels || first.patients != second.patients) {
        return makeError(QStringLiteral("the two models were not scored on the same frames: "
                                        "their reference labels or patients differ"));
    }
    Expected<ScoreRanking> firstRanking = ScoreRanking::rank(first);
    Expected<ScoreRanking> secondRanking = ScoreRanking::rank(second);
    if (!firstRanking)
        return makeError(firstRanking.error());
    if (!secondRanking)
        return makeError(secondRanking.error());
    const PatientFrames byPatient = framesByPatient(first.patients);

    ResampledAuc firstAuc(*firstRanking, byPatient, first.labels);
    ResampledAuc secondAuc(*secondRanking, byPatient, second.labels);
    const auto difference = [](std::optional<double> a, std::optional<double> b) {
        return a && b ? std::optional<double>(*a - *b) : std::nullopt;
    };
    return runBootstrap(byPatient.patients.size(),
                        difference(firstAuc.onAllFrames(), secondAuc.onAllFrames()), options,
                        [&](const PatientSampler &sampler) {
                            return difference(firstAuc.on(sampler), secondAuc.on(sampler));
                        });
}

Expected<BootstrapInterval> bootstrapAtThreshold(const Predictions &predictions, double threshold,
                                                 const MatrixMetric &metric,
                                                 const BootstrapOptions &options)
{
    if (Status status = checkPatients(predictions); !status)
        return makeError(status.error());
    Expected<ConfusionMatrix> all = confusionAt(predictions, threshold);
    if (!all)
        return makeError(all.error());

    const PatientFrames byPatient = framesByPatient(predictions.patients);
    std::vector<ConfusionMatrix> perPatient;
    perPatient.reserve(byPatient.patients.size());
    for (const std::vector<std::size_t> &frames : byPatient.frames)
        perPatient.push_back(*confusionAt(predictions.subset(frames), threshold));

    return runBootstrap(byPatient.patients.size(), metric(*all), options,
                        [&](const PatientSampler &sampler) {
                            ConfusionMatrix matrix;
                            for (std::size_t p : sampler.distinct()) {
                                const std::int64_t weight = sampler.counts()[p];
                                const ConfusionMatrix &own = perPatient[p];
                                matrix.truePositives += weight * own.truePositives;
                                matrix.falsePositives += weight * own.falsePositives;
                                matrix.trueNegatives += weight * own.trueNegatives;
                                matrix.falseNegatives += weight * own.falseNegatives;
                            }
                            return metric(matrix);
                        });
}

} // namespace iouslab

#include "app/casereport.h"
#include "app/casereview.h"
#include "app/heatmapimage.h"
#include "casereviewfixture.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSet>

#include <algorithm>

using namespace iouslab;

namespace {

std::vector<std::tuple<int, int, int>> runsOf(const std::vector<double> &strip, double threshold,
                                              int maxGap, int minLength = 1)
{
    std::vector<std::tuple<int, int, int>> result;
    for (const FrameRun &run : groupFlaggedFrames(strip, threshold, {maxGap, minLength}))
        result.emplace_back(run.first, run.last, run.peak);
    return result;
}

// The case of the project's first patient, opened with the fixture's version.
std::unique_ptr<CaseReview> openFirstCase(const test::ReviewProject &made)
{
    auto project = Project::open(made.folder, Project::OpenMode::OpenExisting);
    REQUIRE(project.hasValue());
    const PatientRecord patient = (*project)->catalogue().patients().value().first();
    auto found = findCase((*project)->catalogue(), patient.pseudonym);
    REQUIRE(found.hasValue());
    auto review = CaseReview::open(made.folder, found->study.id, made.version);
    INFO((review ? QString() : review.error()).toStdString());
    REQUIRE(review.hasValue());
    return std::move(*review);
}

// A threshold that flags about the top share of the case's frames.
double quantile(const CaseReview &review, double share)
{
    std::vector<double> all;
    for (const ScoredClip &clip : review.clips())
        all.insert(all.end(), clip.probabilities.begin(), clip.probabilities.end());
    std::sort(all.begin(), all.end());
    return all[size_t(double(all.size() - 1) * (1.0 - share))];
}

} // namespace

TEST_CASE("Flagged frames group into events with small gaps closed", "[app][review]")
{
    const double t = 0.5;
    // Frames:                      0    1    2    3    4    5    6    7    8    9
    const std::vector<double> strip{0.1, 0.6, 0.9, 0.2, 0.7, 0.1, 0.1, 0.1, 0.8, 0.5};

    // No gap closed: four runs; the peak is the highest frame of each.
    CHECK(runsOf(strip, t, 0) ==
          std::vector<std::tuple<int, int, int>>{{1, 2, 2}, {4, 4, 4}, {8, 9, 8}});
    // A gap of one frame (3) closed; the gap of three (5-7) is not.
    CHECK(runsOf(strip, t, 1) == std::vector<std::tuple<int, int, int>>{{1, 4, 2}, {8, 9, 8}});
    CHECK(runsOf(strip, t, 2) == std::vector<std::tuple<int, int, int>>{{1, 4, 2}, {8, 9, 8}});
    // A gap of three closed: one event over the whole flagged stretch.
    CHECK(runsOf(strip, t, 3) == std::vector<std::tuple<int, int, int>>{{1, 9, 2}});
    // Exactly at the threshold counts as flagged (frame 9 is 0.5).
    CHECK(runsOf(strip, 0.8, 0) == std::vector<std::tuple<int, int, int>>{{2, 2, 2}, {8, 8, 8}});
    // Short runs dropped on request.
    CHECK(runsOf(strip, t, 0, 2) == std::vector<std::tuple<int, int, int>>{{1, 2, 2}, {8, 9, 8}});
    // Nothing flagged, an empty strip, everything flagged; the first of equal peaks wins.
    CHECK(runsOf(strip, 0.95, 5).empty());
    CHECK(runsOf({}, t, 5).empty());
    CHECK(runsOf({0.7, 0.9, 0.9, 0.6}, t, 0) == std::vector<std::tuple<int, int, int>>{{0, 3, 1}});

    const FrameRun run = groupFlaggedFrames(strip, t, {1, 1}).front();
    CHECK(run.length() == 4);
    CHECK(run.peakProbability == Approx(0.9));
}

TEST_CASE("A decision maps to a label and back", "[app][review]")
{
    CHECK(decisionLabel(SurgeonDecision::Accept) == LabelValue::Lesion);
    CHECK(decisionLabel(SurgeonDecision::Reject) == LabelValue::Normal);
    CHECK(decisionLabel(SurgeonDecision::Unsure) == LabelValue::Ungradable);
    for (auto d : {SurgeonDecision::Accept, SurgeonDecision::Reject, SurgeonDecision::Unsure}) {
        CHECK(decisionOf(decisionLabel(d)) == d);
        CHECK(parseSurgeonDecision(surgeonDecisionName(d)) == d);
    }
    CHECK_FALSE(parseSurgeonDecision(QStringLiteral("maybe")).has_value());
}

TEST_CASE("The operating point is the locked one, else the recorded threshold", "[app][review]")
{
    ModelVersionRecord version;
    version.id = 4;
    version.metricsJson = QStringLiteral("{\"final_threshold\":0.31}");
    auto recorded = operatingPointOf(version);
    REQUIRE(recorded.hasValue());
    CHECK_FALSE(recorded->locked);
    CHECK(recorded->threshold == Approx(0.31));
    CHECK(recorded->description.contains(QStringLiteral("no operating point locked")));
    CHECK(recorded->description.contains(QStringLiteral("99 % sensitivity")));

    version.lockedThreshold = 0.42;
    auto locked = operatingPointOf(version);
    REQUIRE(locked.hasValue());
    CHECK(locked->locked);
    CHECK(locked->threshold == Approx(0.42));

    version.lockedThreshold.reset();
    version.metricsJson = QStringLiteral("{}");
    CHECK_FALSE(operatingPointOf(version).hasValue());
}

TEST_CASE("Cases are named by pseudonym, newest study first", "[app][review]")
{
    QTemporaryDir temp;
    const test::ReviewProject made = test::makeReviewProject(temp);
    auto project = Project::open(made.folder, Project::OpenMode::OpenExisting);
    REQUIRE(project.hasValue());
    Catalogue &catalogue = (*project)->catalogue();
    const PatientRecord patient = catalogue.patients().value().first();

    auto only = findCase(catalogue, patient.pseudonym);
    REQUIRE(only.hasValue());
    CHECK(only->studyNumber == 1);
    CHECK(only->studyCount == 1);
    CHECK_FALSE(only->clips.isEmpty());
    CHECK(caseName(*only) == patient.pseudonym);

    // A second study, imported later: the pseudonym alone now names it; /1 the first.
    const StudyId later =
        catalogue.addStudy({0, patient.id, QStringLiteral("later"), {}, Catalogue::nowMs() + 1000})
            .value();
    ClipRecord clip = only->clips.first();
    clip.id = 0;
    clip.studyId = later;
    clip.contentHash = QStringLiteral("later-clip");
    clip.instanceKey.clear();
    clip.sourcePath += QStringLiteral(".again");
    REQUIRE(catalogue.addClip(clip).hasValue());
    auto newest = findCase(catalogue, patient.pseudonym);
    REQUIRE(newest.hasValue());
    CHECK(newest->study.id == later);
    CHECK(caseName(*newest) == patient.pseudonym + QStringLiteral("/2"));
    CHECK(findCase(catalogue, patient.pseudonym + QStringLiteral("/1"))->study.id ==
          only->study.id);
    CHECK_FALSE(findCase(catalogue, patient.pseudonym + QStringLiteral("/3")).hasValue());
    CHECK_FALSE(findCase(catalogue, QStringLiteral("P-NOBODY")).hasValue());
}

TEST_CASE("Scoring a case reuses stored scores and stores the rest", "[app][review]")
{
    QTemporaryDir temp;
    const test::ReviewProject made = test::makeReviewProject(temp);
    std::unique_ptr<CaseReview> review = openFirstCase(made);
    Catalogue &catalogue = review->catalogue();

    // Two frames already scored by the version (fold -1), one out-of-fold score that must not
    // count as the final model's.
    // The case's longest clip (its first may be a still).
    const auto longest = std::max_element(
        review->clips().begin(), review->clips().end(),
        [](const auto &a, const auto &b) { return a.frameIds.size() < b.frameIds.size(); });
    const ScoredClip &first = *longest;
    REQUIRE(first.frameIds.size() >= 3);
    REQUIRE(catalogue
                .addPredictions({{made.version, first.frameIds.at(0), -1, 0.875},
                                 {made.version, first.frameIds.at(1), -1, 0.125},
                                 {made.version, first.frameIds.at(2), 0, 0.5}})
                .hasValue());

    // A cancel before the first batch leaves no new predictions.
    std::atomic<bool> cancel{true};
    CHECK_FALSE(review->score({{}, &cancel}).hasValue());
    CHECK(catalogue.predictions(made.version).value().size() == 3);

    std::vector<std::pair<int, int>> progress;
    auto summary =
        review->score({[&](int done, int total) { progress.emplace_back(done, total); }});
    REQUIRE(summary.hasValue());
    int frames = 0;
    for (const ClipRecord &clip : review->reviewCase().clips)
        frames += clip.frameCount;
    CHECK(summary->frames == frames);
    CHECK(summary->reused == 2);
    CHECK(summary->scored == frames - 2);
    REQUIRE_FALSE(progress.empty());
    CHECK(progress.front().first == 2);
    CHECK(progress.back() == std::make_pair(frames, frames));
    CHECK(std::is_sorted(progress.begin(), progress.end()));

    CHECK(longest->probabilities[0] == Approx(0.875));
    CHECK(longest->probabilities[1] == Approx(0.125));
    QSet<FrameId> finalScored;
    for (const PredictionRecord &p : catalogue.predictions(made.version).value()) {
        if (p.fold == -1)
            finalScored.insert(p.frameId);
    }
    CHECK(finalScored.size() == frames);

    // Scoring again scores nothing new.
    auto again = review->score();
    REQUIRE(again.hasValue());
    CHECK(again->scored == 0);
    CHECK(again->reused == frames);
}

TEST_CASE("A surgeon's decisions become audited labels on the event's frames", "[app][review]")
{
    QTemporaryDir temp;
    const test::ReviewProject made = test::makeReviewProject(temp);
    std::unique_ptr<CaseReview> review = openFirstCase(made);
    REQUIRE(review->score().hasValue());
    Catalogue &catalogue = review->catalogue();

    std::vector<ReviewEvent> events = review->events(quantile(*review, 0.3), {2, 1});
    REQUIRE(events.size() >= 2);
    for (size_t i = 0; i < events.size(); ++i) {
        CHECK(events[i].number == int(i) + 1);
        CHECK(events[i].frames.size() == events[i].run.length());
    }
    const ReviewEvent &accepted = events[0];
    const ReviewEvent &rejected = events[1];

    const ReaderId surgeonId =
        catalogue.addReader(QStringLiteral("surgeon-a"), ReaderRole::Surgeon).value();
    const ReaderRecord surgeon{surgeonId, QStringLiteral("surgeon-a"), ReaderRole::Surgeon, 0};
    const qint64 auditBefore = catalogue.auditTrail().value().size();

    REQUIRE(recordDecision(catalogue, accepted, surgeon, SurgeonDecision::Accept).hasValue());
    REQUIRE(recordDecision(catalogue, rejected, surgeon, SurgeonDecision::Reject).hasValue());
    for (FrameId frame : accepted.frames)
        CHECK(catalogue.label(frame, surgeonId).value()->value == LabelValue::Lesion);
    for (FrameId frame : rejected.frames)
        CHECK(catalogue.label(frame, surgeonId).value()->value == LabelValue::Normal);
    const qint64 labelled = accepted.frames.size() + rejected.frames.size();
    CHECK(catalogue.auditTrail().value().size() == auditBefore + labelled);

    // A change of mind: unsure on the accepted event, audited with the old and new value.
    REQUIRE(recordDecision(catalogue, accepted, surgeon, SurgeonDecision::Unsure).hasValue());
    const QList<AuditRecord> trail = catalogue.auditTrail(accepted.frames.first()).value();
    REQUIRE(trail.size() >= 2);
    CHECK(trail.last().readerId == surgeonId);
    CHECK(trail.last().oldValue == LabelValue::Lesion);
    CHECK(trail.last().newValue == LabelValue::Ungradable);

    // Reopened later, the queue knows what was decided.
    std::vector<ReviewEvent> reopened = review->events(quantile(*review, 0.3), {2, 1});
    REQUIRE(loadDecisions(catalogue, surgeon, reopened).hasValue());
    CHECK(reopened[0].decision == SurgeonDecision::Unsure);
    CHECK(reopened[1].decision == SurgeonDecision::Reject);
    for (size_t i = 2; i < reopened.size(); ++i)
        CHECK_FALSE(reopened[i].decision.has_value());

    // Only a surgeon decides: a radiologist is refused and nothing is written.
    const ReaderId radiologist =
        catalogue.addReader(QStringLiteral("rad-b"), ReaderRole::Radiologist).value();
    const ReaderRecord notSurgeon{radiologist, QStringLiteral("rad-b"), ReaderRole::Radiologist, 0};
    CHECK_FALSE(recordDecision(catalogue, rejected, notSurgeon, SurgeonDecision::Accept));
    CHECK(catalogue.labelsOfReader(radiologist).value().isEmpty());
}

TEST_CASE("A frame's heat map covers the model input and blends over the frame", "[app][review]")
{
    QTemporaryDir temp;
    const test::ReviewProject made = test::makeReviewProject(temp);
    std::unique_ptr<CaseReview> review = openFirstCase(made);
    REQUIRE(review->score().hasValue());

    auto map = review->heatMap(0, 0);
    REQUIRE(map.hasValue());
    CHECK(map->size == 256);
    REQUIRE(map->values.size() == size_t(256 * 256));
    CHECK(*std::min_element(map->values.begin(), map->values.end()) >= 0.0f);
    CHECK(*std::max_element(map->values.begin(), map->values.end()) <= 1.0f);
    CHECK(map->probability == Approx(review->clips().front().probabilities[0]).margin(1e-4));
    CHECK_FALSE(review->heatMap(0, 100000).hasValue());

    const QImage frame = review->displayFrame(0, 0);
    REQUIRE_FALSE(frame.isNull());
    const QImage blended = heatmap::blend(frame, *map, 1.0);
    CHECK(blended.size() == frame.size());
    // Where the map is strongest the colour shows: red dominates a grey frame's pixel.
    const QPointF peak = heatmap::peak(*map);
    const QRgb atPeak =
        blended.pixel(int(peak.x() * (frame.width() - 1)), int(peak.y() * (frame.height() - 1)));
    CHECK(qRed(atPeak) > qBlue(atPeak) + 100);
    CHECK(heatmap::blend(frame, *map, 0.0) == frame.convertToFormat(QImage::Format_RGB32));
}

TEST_CASE("The case summary PDF renders one page with the case on it", "[app][review]")
{
    QTemporaryDir temp;
    const test::ReviewProject made = test::makeReviewProject(temp);
    std::unique_ptr<CaseReview> review = openFirstCase(made);
    auto scoring = review->score();
    REQUIRE(scoring.hasValue());
    CaseReportContent content{review->events(quantile(*review, 0.3), {2, 1}),
                              *scoring,
                              {2, 1},
                              QStringLiteral("surgeon-a")};
    REQUIRE(content.events.size() >= 2);
    content.events[0].decision = SurgeonDecision::Accept;
    content.events[1].decision = SurgeonDecision::Reject;

    const QString pdf = temp.filePath(QStringLiteral("case.pdf"));
    Status written = writeCaseReport(*review, content, pdf);
    INFO((written ? QString() : written.error()).toStdString());
    REQUIRE(written.hasValue());
    QFile file(pdf);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    CHECK(bytes.startsWith("%PDF"));
    CHECK(bytes.count("/Type /Page\n") + bytes.count("/Type /Page ") +
              bytes.count("/Type /Page>") ==
          1);

    const QString prefix = temp.filePath(QStringLiteral("page"));
    QProcess pdftoppm;
    pdftoppm.start(QStringLiteral("pdftoppm"),
                   {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("50"),
                    QStringLiteral("-singlefile"), pdf, prefix});
    REQUIRE(pdftoppm.waitForFinished(60000));
    REQUIRE(pdftoppm.exitCode() == 0);
    const QImage page(prefix + QStringLiteral(".png"));
    REQUIRE_FALSE(page.isNull());
    CHECK(page.height() > page.width());
    // Not blank: text, strips and frames darken a good share of the page; the heat maps add
    // colour.
    qint64 dark = 0;
    qint64 coloured = 0;
    for (int y = 0; y < page.height(); ++y) {
        for (int x = 0; x < page.width(); ++x) {
            const QRgb p = page.pixel(x, y);
            dark += qGray(p) < 128 ? 1 : 0;
            coloured += std::abs(qRed(p) - qBlue(p)) > 80 ? 1 : 0;
        }
    }
    const qint64 pixels = qint64(page.width()) * page.height();
    CHECK(dark > pixels / 50);
    CHECK(coloured > pixels / 500);
}

#pragma once

#include "app/casereview.h"
#include "catalogue/records.h"
#include "core/expected.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>

#include <atomic>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QTableView;

namespace iouslab {

class Catalogue;
class FrameLoader;
class FrameView;
class ReviewQueueModel;
class ReviewStrip;

/// The surgeon's review of a case: pick a case (a patient's study) and a model version; the
/// model scores every frame of the case on a worker with progress; the frames at or above the
/// version's operating point are grouped into events, listed in time order in the queue. For
/// the selected event: the peak frame large with its Grad-CAM heat map (toggled with H,
/// blended with the slider), the clip's probability strip with the event marked, and cine
/// around the event (Space). Accept (A), reject (R) and unsure (U) become the surgeon's labels
/// on the event's frames, and the queue moves on to the next event not yet decided. The case
/// summary is exported as PDF.
///
/// Scoring, heat maps and the PDF run on workers; frames come from a FrameLoader. Decisions
/// are written on the GUI thread's own catalogue connection, one small transaction each.
class ReviewMode : public QWidget
{
    Q_OBJECT

public:
    /// reader: the person reviewing; decisions need a reader with the surgeon role.
    ReviewMode(const QString &projectFolder, const std::optional<ReaderRecord> &reader,
               QWidget *parent = nullptr);
    ~ReviewMode() override;

    /// Chooses the case and the version (false when the pickers do not list them).
    bool setCase(StudyId study);
    bool setVersion(ModelVersionId version);
    /// Scores the chosen case with the chosen version in the background; scoringFinished
    /// follows.
    void startScoring();
    void cancelScoring();
    bool isScoring() const;

    /// The selected event's row in the queue (-1: none) and selecting one.
    int currentRow() const { return m_row; }
    void selectRow(int row);
    /// Records the surgeon's decision on the selected event and moves to the next undecided.
    void decide(SurgeonDecision decision);
    /// Writes the case summary PDF in the background; reportWritten follows.
    void exportReport(const QString &path);

    // Parts, for tests and screenshots.
    ReviewQueueModel *queue() const { return m_queue; }
    FrameView *frameView() const { return m_view; }
    const CaseReview *review() const { return m_review.get(); }
    bool heatMapShown() const;
    void setHeatMapShown(bool shown);
    void setHeatMapOpacity(int percent);
    int position() const { return m_position; }
    bool isPlaying() const { return m_cine.isActive(); }
    void togglePlay();

signals:
    /// Scoring ended; message is empty on success, else it says why it failed.
    void scoringFinished(const QString &message);
    /// The heat map of the selected event's peak frame is on screen (when toggled on).
    void heatMapReady();
    /// A decision was written for the event in row.
    void decided(int row, iouslab::SurgeonDecision decision);
    void reportWritten(const QString &path, const QString &error);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    struct Scored
    {
        std::shared_ptr<CaseReview> review;
        QString error;
        ScoringSummary summary;
        std::vector<ReviewEvent> events;
        QList<QImage> thumbnails;
    };
    struct HeatResult
    {
        int eventNumber = 0;
        Expected<ml::HeatMap> map = makeError(QString());
    };

    void buildLayout();
    void createActions();
    void fillPickers();
    void showScored();
    void updateCaseLabel();
    void openEvent(int row);
    void showFrame(int index);
    void requestHeatMap();
    void heatMapArrived();
    void step(int frames);
    void cineTick();
    void updateButtons();
    void say(const QString &message);
    QString decisionsNeedText() const;

    QString m_projectFolder;
    std::optional<ReaderRecord> m_reader;
    std::unique_ptr<Catalogue> m_catalogue; // the GUI thread's connection, for decisions

    QComboBox *m_caseCombo = nullptr; // widgets owned by this window through layouts
    QComboBox *m_versionCombo = nullptr;
    QPushButton *m_scoreButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_exportButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_caseLabel = nullptr;
    QTableView *m_queueView = nullptr;
    ReviewQueueModel *m_queue = nullptr; // owned by this window (QObject parent)
    FrameView *m_view = nullptr;
    QLabel *m_frameLabel = nullptr;
    QCheckBox *m_heatToggle = nullptr;
    QSlider *m_opacity = nullptr;
    QPushButton *m_playButton = nullptr;
    ReviewStrip *m_strip = nullptr;
    QPushButton *m_acceptButton = nullptr;
    QPushButton *m_rejectButton = nullptr;
    QPushButton *m_unsureButton = nullptr;
    QLabel *m_statusLabel = nullptr;
    FrameLoader *m_loader = nullptr; // owned by this window

    std::shared_ptr<CaseReview> m_review; // shared with the heat-map and report workers
    ScoringSummary m_summary;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QFutureWatcher<Scored> m_scoreWatcher;
    QFutureWatcher<HeatResult> m_heatWatcher;
    QFutureWatcher<QString> m_reportWatcher;
    QString m_reportPath;
    std::optional<ml::HeatMap> m_heat; ///< of the selected event's peak frame
    int m_heatEventNumber = 0;
    bool m_heatWanted = false; ///< a heat map for the selected event is still to be made

    int m_row = -1;
    int m_position = 0;
    QTimer m_cine;
};

} // namespace iouslab

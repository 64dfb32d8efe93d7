#pragma once

#include "app/labelsession.h"
#include "app/reviewsnapshot.h"
#include "app/trainingservice.h"
#include "catalogue/records.h"
#include "core/expected.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QMainWindow>
#include <QTimer>

#include <memory>
#include <optional>

namespace Ui {
class MainWindow;
}

class QAction;
class QLabel;

namespace iouslab {

class CatalogueFilterModel;
class CatalogueTreeModel;
class EvaluationDashboard;
class FrameLoader;
class FrameView;
class HelpOverlay;
class Timeline;

/// The labelling workstation. Left: the catalogue tree (patient > study > clip) with label
/// progress, filterable, above the project's counts. Centre: the frame viewer (fit, zoom, pan,
/// cine at the clip's frame rate with a speed control) over the timeline of labels and model
/// probabilities. Right: the label panel. Every action has a key; `?` lists them.
///
/// Frames come from a FrameLoader worker; the tree, counts, agreement and balance figures are
/// read on workers with connections of their own. Label writes go through a LabelSession on
/// the GUI thread's connection: each is one small SQLite transaction.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// projectFolder must hold a catalogue that opens (the caller has opened it once). Without
    /// a reader the window browses and plays but does not label.
    explicit MainWindow(const QString &projectFolder,
                        const std::optional<ReaderRecord> &reader = std::nullopt,
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Reads the counts again in the background.
    void refreshCounts();
    /// Reads the whole tree and the counts again in the background (after an import).
    void reload();

    /// Opens a clip in the viewer at frame 0; false when the tree does not hold it.
    bool openClip(ClipId clip);
    void setCurrentFrame(int index);
    int currentFrame() const { return m_position; }
    bool isPlaying() const { return m_playTimer.isActive(); }
    double playbackSpeed() const;

    // Parts, for tests and the screenshot tour.
    CatalogueTreeModel *treeModel() const { return m_treeModel; }
    CatalogueFilterModel *filterModel() const { return m_filterModel; }
    LabelSession *session() const { return m_session.get(); }
    FrameLoader *loader() const { return m_loader; }
    FrameView *frameView() const;
    Timeline *timeline() const;
    HelpOverlay *helpOverlay() const { return m_help; }
    QString cataloguePath() const;
    /// The background training of the lesion classifier (Model menu, auto-retrain).
    TrainingService *trainingService() const { return m_training; }
    /// The status-bar text of the training state.
    QString trainingStatusText() const;

    /// Opens the dialogs of the Review menu (non-modal; the window owns them).
    void showImportDialog();
    void showAgreement();
    void showAdjudicationQueue();
    void showBalance();

    /// Opens the evaluation dashboard (Model menu; project leads only, else none), non-modal
    /// and owned by the window; a patient picked there opens in showFrameList.
    EvaluationDashboard *showEvaluationDashboard();
    /// Steps the viewer through frames (clip, frame index) in the given order: the first is
    /// shown now, Ctrl+] and Ctrl+[ go on and back. title names the list on the status bar.
    void showFrameList(const QList<QPair<ClipId, int>> &frames, const QString &title);
    /// The list showFrameList was given and where in it the viewer is (-1 before the first).
    const QList<QPair<ClipId, int>> &frameList() const { return m_frameList; }
    int frameListPosition() const { return m_frameListPosition; }

    /// Grabs the window and the review dialogs into PNG files in folder, then quits the
    /// application: the screenshots of docs/screenshots (packaging/screenshots.sh).
    void runScreenshotTour(const QString &folder);

signals:
    /// The counts on screen are now those of the catalogue (or an error is shown instead).
    void countsShown();
    /// The tree holds the catalogue's clips as read by the last reload.
    void catalogueLoaded();
    /// Frame index of the open clip is on screen.
    void frameShown(int index);

private:
    struct Loaded
    {
        Expected<CatalogueCounts> counts = makeError(QString());
        Expected<ReviewSnapshot> snapshot = makeError(QString());
        QHash<ClipId, LabelCounts> clipCounts;
    };

    void createActions();
    QAction *addKeyAction(QMenu *menu, const QString &text, const QList<QKeySequence> &keys,
                          const std::function<void()> &slot);
    void showCounts(const Expected<CatalogueCounts> &counts);
    void showLoaded(const Loaded &loaded);
    void showFrame(int index);
    void updateTimeline();
    void updateLabelPanel();
    void updateRangeText();

    void giveLabel(std::optional<LabelValue> value);
    void step(int frames);
    void togglePlay();
    void playTick();
    void setSpeedIndex(int index);
    /// Frames per second of cine now: the clip's rate times the speed.
    double playRate() const;
    void markRangeStart();
    void markRangeEnd();
    void clearRange();
    void undo();
    void redo();
    void nextUnlabelled();
    void nextUncertain();
    void openNeighbourClip(int direction);
    bool canLabel(bool quiet = false);
    void say(const QString &message);
    void showTrainingState();
    void stepFrameList(int direction);

    std::unique_ptr<Ui::MainWindow> m_ui;
    QString m_projectFolder;
    std::unique_ptr<Catalogue> m_catalogue; // the GUI thread's connection
    std::unique_ptr<LabelSession> m_session;
    bool m_hasReader = false;
    CatalogueTreeModel *m_treeModel = nullptr;     // owned by this window (QObject parent)
    CatalogueFilterModel *m_filterModel = nullptr; // owned by this window
    FrameLoader *m_loader = nullptr;               // owned by this window
    HelpOverlay *m_help = nullptr;                 // owned by the central widget
    TrainingService *m_training = nullptr;         // owned by this window
    QLabel *m_trainingLabel = nullptr;             // owned by the status bar
    QString m_trainingProgress;          ///< the last progress line of the running training
    bool m_checkedPendingLabels = false; ///< whether the first load looked for pending labels
    QAction *m_trainAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_resumeAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QFutureWatcher<Expected<CatalogueCounts>> m_countsWatcher;
    QFutureWatcher<Loaded> m_loadWatcher;
    QTimer m_countsDebounce;
    QTimer m_playTimer;
    QElapsedTimer m_playClock; ///< since cine started (or its speed changed)
    qint64 m_playedFrames = 0; ///< frames shown since m_playClock started

    int m_position = 0;
    int m_rangeStart = -1;
    int m_rangeEnd = -1;
    QVector<std::optional<double>> m_probabilities;
    QList<UncertainFrame> m_uncertain;
    QHash<ReaderId, QString> m_readerNames;
    QList<QPair<QString, QString>> m_keys;
    QList<QPair<ClipId, int>> m_frameList; ///< from the evaluation dashboard
    QString m_frameListTitle;
    int m_frameListPosition = -1;
};

} // namespace iouslab

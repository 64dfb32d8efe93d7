#pragma once

#include "app/trainingjob.h"
#include "catalogue/records.h"
#include "ml/trainer.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

class QThread;

namespace iouslab {

class Catalogue;
class Project;

/// Trains a project's lesion classifier in the background, one training at a time, so that the
/// window stays responsive while labelling goes on. Lives on the thread that made it (the GUI
/// thread); each training runs trainModelVersion on a worker thread of its own, and every
/// signal is delivered on the owner's thread.
///
/// Auto-retrain: labelsChanged() counts the label changes made since the last training began
/// (or since the latest model version when this service has not trained yet) and starts a
/// training once they reach the threshold. Labels made during a training count toward the next
/// round, because the training read its labels when it began. The threshold is a setting of the
/// project (autoRetrainSettingKey), so each project keeps its own. checkPendingLabels() starts
/// the project's first training when the window opens on a project whose labels came in
/// before (by a CSV import, say), and a retraining for labels written while it was closed.
class TrainingService : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Idle,
        Training,
        Paused,
        Cancelling,
    };
    Q_ENUM(State)

    /// settings.threads 0 (the default) leaves one core for the GUI.
    explicit TrainingService(const QString &projectFolder, QObject *parent = nullptr);
    /// Cancels a running training and waits for its worker to stop; no version is written.
    ~TrainingService() override;

    State state() const { return m_state; }
    bool isRunning() const { return m_state != State::Idle; }

    void setSettings(const ml::TrainingSettings &settings) { m_settings = settings; }
    ml::TrainingSettings settings() const { return m_settings; }
    /// With warm start (the default) a training's final model starts from the latest version.
    void setWarmStart(bool warmStart) { m_warmStart = warmStart; }

    /// The project setting holding the auto-retrain threshold.
    static QString autoRetrainSettingKey();
    /// The threshold when a project has none stored.
    static constexpr int defaultAutoRetrainThreshold = 200;

    /// Label changes that start a training by themselves; 0 turns auto-retrain off. Stored in
    /// the project, so it holds the next time the project opens; a failed write is reported
    /// and the threshold still holds for this session.
    Status setAutoRetrainThreshold(int changes);
    int autoRetrainThreshold() const { return m_threshold; }
    /// Label changes counted toward the next automatic training (an error reads as 0).
    qint64 pendingLabelChanges();

    /// The last model version this service trained, if any.
    std::optional<ModelVersionId> lastVersion() const { return m_lastVersion; }

public slots:
    /// Starts a training; false (and nothing started) while one runs.
    bool start();
    /// Holds the running training between batches; resume() lets it go on.
    void pause();
    void resume();
    /// Stops the running training at the next batch; it writes no model version and ends with
    /// cancelled() (or with finished() when the version was already being written).
    void cancel();
    /// Says labels were written; starts a training when enough have changed since the last.
    void labelsChanged();
    /// The same check without a new label: for the moment a project opens.
    void checkPendingLabels() { labelsChanged(); }

signals:
    void stateChanged(iouslab::TrainingService::State state);
    void progress(int fold, int foldCount, int epoch, int epochs, double loss, double validationAuc,
                  double etaSeconds);
    /// One line per stage of the training (reading frames, fold k, writing the version, ...).
    void message(const QString &line);
    void finished(qint64 version); ///< the new model version's id
    void failed(const QString &message);
    void cancelled();

private:
    void setState(State state);
    void workerDone();
    /// The owner thread's catalogue connection, opened at first use.
    Catalogue *catalogue();

    QString m_projectFolder;
    ml::TrainingSettings m_settings;
    bool m_warmStart = true;
    int m_threshold = defaultAutoRetrainThreshold;
    State m_state = State::Idle;
    std::optional<ModelVersionId> m_lastVersion;
    // Labels changed after this moment (ms) count toward the next automatic training; set when
    // a training starts.
    std::optional<qint64> m_countFromMs;
    std::optional<qint64> m_previousCountFromMs; // restored when a training writes nothing
    std::unique_ptr<Project> m_project;

    QThread *m_worker = nullptr; // owned; deleted when its training is done
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_pause{false};
    // Written by the worker, read on the owner's thread after the worker finished.
    Expected<TrainingOutcome> m_result = makeError(QString());
};

} // namespace iouslab

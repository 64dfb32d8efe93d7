-- Schema version 2: model versions and their predictions.

-- A model version is written whole or not at all: its row, its predictions and its weights
-- file are committed in one transaction after the weights are on disk.
CREATE TABLE model_version (
    id               INTEGER PRIMARY KEY,
    parent_id        INTEGER REFERENCES model_version(id),
    created_at       INTEGER NOT NULL,
    architecture     TEXT NOT NULL,
    settings_json    TEXT NOT NULL DEFAULT '{}',
    label_snapshot   TEXT NOT NULL DEFAULT '{}',
    label_hash       TEXT NOT NULL DEFAULT '',
    weights_path     TEXT NOT NULL DEFAULT '',
    weights_hash     TEXT NOT NULL DEFAULT '',
    metrics_json     TEXT NOT NULL DEFAULT '{}',
    locked_threshold REAL
);

-- fold is the cross-validation fold whose held-out patients the frame belonged to, or -1
-- for the score of the final model trained on every labelled patient.
CREATE TABLE prediction (
    model_version_id INTEGER NOT NULL REFERENCES model_version(id) ON DELETE CASCADE,
    frame_id         INTEGER NOT NULL REFERENCES frame(id) ON DELETE CASCADE,
    fold             INTEGER NOT NULL,
    probability      REAL NOT NULL CHECK (probability >= 0.0 AND probability <= 1.0),
    PRIMARY KEY (model_version_id, frame_id, fold)
);
CREATE INDEX prediction_frame ON prediction(frame_id);

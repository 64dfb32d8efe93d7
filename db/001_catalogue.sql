-- Schema version 1: patients, studies, clips, frames, readers, labels, adjudication and the
-- append-only label audit. Times are milliseconds since the Unix epoch, UTC.

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A patient is known by a pseudonym only: never a name, an ID or a birth date.
CREATE TABLE patient (
    id         INTEGER PRIMARY KEY,
    pseudonym  TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

-- study_key is a keyed hash of the Study Instance UID (or of the source folder for video and
-- stills), so that re-imports find the same study without storing the UID itself.
CREATE TABLE study (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,
    study_key   TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    UNIQUE (patient_id, study_key)
);

CREATE TABLE clip (
    id            INTEGER PRIMARY KEY,
    study_id      INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
    source_path   TEXT NOT NULL,
    content_hash  TEXT NOT NULL UNIQUE,
    instance_key  TEXT UNIQUE,
    kind          TEXT NOT NULL CHECK (kind IN ('dicom', 'video', 'still')),
    frame_count   INTEGER NOT NULL CHECK (frame_count >= 0),
    frame_rate    REAL,
    width         INTEGER NOT NULL DEFAULT 0,
    height        INTEGER NOT NULL DEFAULT 0,
    region_x      INTEGER NOT NULL DEFAULT 0,
    region_y      INTEGER NOT NULL DEFAULT 0,
    region_width  INTEGER NOT NULL DEFAULT 0,
    region_height INTEGER NOT NULL DEFAULT 0,
    imported_at   INTEGER NOT NULL
);
CREATE INDEX clip_study ON clip(study_id);

CREATE TABLE frame (
    id          INTEGER PRIMARY KEY,
    clip_id     INTEGER NOT NULL REFERENCES clip(id) ON DELETE CASCADE,
    frame_index INTEGER NOT NULL CHECK (frame_index >= 0),
    time_s      REAL NOT NULL,
    UNIQUE (clip_id, frame_index)
);

CREATE TABLE reader (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('radiologist', 'surgeon', 'project_lead')),
    created_at INTEGER NOT NULL
);

-- One current read per frame and reader; its history is in label_audit.
CREATE TABLE label (
    id          INTEGER PRIMARY KEY,
    frame_id    INTEGER NOT NULL REFERENCES frame(id) ON DELETE CASCADE,
    reader_id   INTEGER NOT NULL REFERENCES reader(id),
    value       TEXT NOT NULL CHECK (value IN ('normal', 'lesion', 'ungradable')),
    labelled_at INTEGER NOT NULL,
    UNIQUE (frame_id, reader_id)
);
CREATE INDEX label_reader ON label(reader_id);

-- A project lead's decision where readers disagree; it becomes the frame's reference label.
CREATE TABLE adjudication (
    frame_id   INTEGER PRIMARY KEY REFERENCES frame(id) ON DELETE CASCADE,
    reader_id  INTEGER NOT NULL REFERENCES reader(id),
    value      TEXT NOT NULL CHECK (value IN ('normal', 'lesion', 'ungradable')),
    decided_at INTEGER NOT NULL
);

-- Every change to a label or an adjudication, appended by the triggers below and never
-- updated or deleted. old_value NULL means the label was new; new_value NULL means cleared.
CREATE TABLE label_audit (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('label', 'adjudication')),
    frame_id   INTEGER NOT NULL,
    reader_id  INTEGER NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    changed_at INTEGER NOT NULL
);

CREATE TRIGGER label_audit_no_update BEFORE UPDATE ON label_audit
BEGIN
    SELECT RAISE(ABORT, 'label_audit is append-only');
END;

CREATE TRIGGER label_audit_no_delete BEFORE DELETE ON label_audit
BEGIN
    SELECT RAISE(ABORT, 'label_audit is append-only');
END;

CREATE TRIGGER label_inserted AFTER INSERT ON label
BEGIN
    INSERT INTO label_audit (kind, frame_id, reader_id, old_value, new_value, changed_at)
    VALUES ('label', NEW.frame_id, NEW.reader_id, NULL, NEW.value, NEW.labelled_at);
END;

CREATE TRIGGER label_changed AFTER UPDATE OF value ON label WHEN OLD.value IS NOT NEW.value
BEGIN
    INSERT INTO label_audit (kind, frame_id, reader_id, old_value, new_value, changed_at)
    VALUES ('label', NEW.frame_id, NEW.reader_id, OLD.value, NEW.value, NEW.labelled_at);
END;

CREATE TRIGGER label_cleared AFTER DELETE ON label
BEGIN
    INSERT INTO label_audit (kind, frame_id, reader_id, old_value, new_value, changed_at)
    VALUES ('label', OLD.frame_id, OLD.reader_id, OLD.value, NULL,
            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

CREATE TRIGGER adjudication_inserted AFTER INSERT ON adjudication
BEGIN
    INSERT INTO label_audit (kind, frame_id, reader_id, old_value, new_value, changed_at)
    VALUES ('adjudication', NEW.frame_id, NEW.reader_id, NULL, NEW.value, NEW.decided_at);
END;

CREATE TRIGGER adjudication_changed AFTER UPDATE ON adjudication
    WHEN OLD.value IS NOT NEW.value OR OLD.reader_id IS NOT NEW.reader_id
BEGIN
    INSERT INTO label_audit (kind, frame_id, reader_id, old_value, new_value, changed_at)
    VALUES ('adjudication', NEW.frame_id, NEW.reader_id, OLD.value, NEW.value, NEW.decided_at);
END;

CREATE TRIGGER adjudication_cleared AFTER DELETE ON adjudication
BEGIN
    INSERT INTO label_audit (kind, frame_id, reader_id, old_value, new_value, changed_at)
    VALUES ('adjudication', OLD.frame_id, OLD.reader_id, OLD.value, NULL,
            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;

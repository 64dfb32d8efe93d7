-- Schema version 3: the background training counts label changes since the last model version
-- after every label, so the audit table is indexed by time.
CREATE INDEX label_audit_changed_at ON label_audit(changed_at);

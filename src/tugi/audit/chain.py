"""SQL of the hash chain, shared by the migration that installs it and by ``audit_verify``.

The canonical text of a row joins its fields with a unit separator; time is rendered in UTC with
microseconds and JSON through jsonb's own canonical text, so the value does not depend on the
session's time zone or on key order.
"""

GENESIS = "0" * 64

CANONICAL_SQL = """concat_ws(chr(31),
    {t}.seq::text,
    to_char({t}.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    {t}.kind, {t}.action, coalesce({t}.actor_id::text, ''), {t}.actor_label,
    coalesce({t}.agency_id::text, ''), {t}.object_type, {t}.object_id,
    {t}.subject_type, {t}.subject_id, {t}.flagged::text, {t}.reason,
    coalesce(host({t}.ip), ''), {t}.data::jsonb::text, {t}.prev_hash)"""


def hash_sql(alias: str) -> str:
    return "encode(sha256(convert_to(" + CANONICAL_SQL.format(t=alias) + ", 'UTF8')), 'hex')"


TRUNCATE_GUARD_SQL = """
CREATE OR REPLACE FUNCTION audit_event_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Only a database configured for the test suite may be emptied. The mark must be set on the
    -- database itself (ALTER DATABASE, owner only), so a session cannot grant it to itself with SET.
    IF EXISTS (
        SELECT 1 FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
        WHERE d.datname = current_database() AND s.setrole = 0
          AND 'tugi.audit_truncate_allowed=on' = ANY (s.setconfig)
    ) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only: TRUNCATE refused' USING ERRCODE = 'insufficient_privilege';
END $$;
"""

INSTALL_SQL = f"""
CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    head_seq bigint;
    head_hash text;
BEGIN
    -- The head row's lock is held until commit, so appends are serial and seq has no gaps.
    UPDATE audit_auditchainhead SET seq = seq + 1 WHERE id = 1 RETURNING seq - 1, hash
        INTO head_seq, head_hash;
    IF NOT FOUND THEN
        INSERT INTO audit_auditchainhead (id, seq, hash) VALUES (1, 1, '{GENESIS}');
        head_seq := 0;
        head_hash := '{GENESIS}';
    END IF;
    NEW.seq := head_seq + 1;
    NEW.prev_hash := head_hash;
    NEW.hash := {hash_sql("NEW")};
    UPDATE audit_auditchainhead SET hash = NEW.hash WHERE id = 1;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

{TRUNCATE_GUARD_SQL}

CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_chain();
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_truncate();
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_auditchainhead
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_truncate();
"""

UNINSTALL_SQL = """
DROP TRIGGER IF EXISTS audit_event_chain ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_head_no_delete ON audit_auditchainhead;
DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_auditchainhead;
DROP FUNCTION IF EXISTS audit_event_chain();
DROP FUNCTION IF EXISTS audit_event_refuse_change();
DROP FUNCTION IF EXISTS audit_event_refuse_truncate();
"""

# One pass over the table in chain order: every row whose hash, link or sequence is wrong.
VERIFY_SQL = f"""
SELECT seq, id, problem FROM (
    SELECT e.seq, e.id,
        CASE
            WHEN e.seq IS NULL THEN 'no sequence number'
            WHEN e.seq <> coalesce(lag(e.seq) OVER w, 0) + 1 THEN 'sequence gap before this row (rows removed)'
            WHEN e.prev_hash <> coalesce(lag(e.hash) OVER w, '{GENESIS}') THEN 'link to previous row broken'
            WHEN e.hash <> {hash_sql("e")} THEN 'row content changed'
        END AS problem
    FROM audit_auditevent e
    WINDOW w AS (ORDER BY e.seq)
) checked
WHERE problem IS NOT NULL
ORDER BY seq
LIMIT %s
"""

TAIL_SQL = "SELECT seq, hash FROM audit_auditevent ORDER BY seq DESC LIMIT 1"
HEAD_SQL = "SELECT seq, hash FROM audit_auditchainhead WHERE id = 1"

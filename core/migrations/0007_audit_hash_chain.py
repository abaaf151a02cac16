"""The audit log becomes hash-chained (ASVS 7.3.3; core/audit_chain.py explains the design).

Events are written as before; `core_auditevent_seal()` later gives each committed event its
place in the chain (`chain_seq`), the hash of the event before it and the hash of its own
content. The append-only trigger now lets exactly that through: the three chain columns of an
event that has none yet, and nothing else.
"""

from django.db import migrations, models

CHAIN_SQL = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    -- Sealing writes the chain columns of a not yet sealed event, and nothing else.
    IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
       AND (to_jsonb(NEW) - ARRAY['chain_seq', 'prev_hash', 'hash'])
           = (to_jsonb(OLD) - ARRAY['chain_seq', 'prev_hash', 'hash']) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

-- The one definition of an event's hash, used to seal and to verify: every column but the hash,
-- as a JSON array (jsonb's text form is canonical), SHA-256 in hex.
CREATE OR REPLACE FUNCTION core_auditevent_digest(e core_auditevent) RETURNS text AS $$
    SELECT encode(sha256(convert_to(jsonb_build_array(
        e.chain_seq, e.prev_hash, e.id,
        to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
        e.actor_id, e.actor_username, e.action, e.content_type_id, e.object_id, e.object_repr,
        e.changes, e.source, e.source_ref, host(e.ip_address), e.message
    )::text, 'UTF8')), 'hex')
$$ LANGUAGE sql STABLE;

-- Seals up to `max_rows` committed events in id order; one sealer at a time (advisory lock).
CREATE OR REPLACE FUNCTION core_auditevent_seal(max_rows integer) RETURNS integer AS $$
DECLARE
    last_seq bigint;
    last_hash text;
    sealed integer := 0;
    r core_auditevent;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('core_auditevent_seal'));
    SELECT chain_seq, hash INTO last_seq, last_hash
        FROM core_auditevent WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
    last_seq := coalesce(last_seq, 0);
    last_hash := coalesce(last_hash, '');
    FOR r IN SELECT * FROM core_auditevent WHERE chain_seq IS NULL ORDER BY id LIMIT max_rows FOR UPDATE LOOP
        r.chain_seq := last_seq + 1;
        r.prev_hash := last_hash;
        r.hash := core_auditevent_digest(r);
        UPDATE core_auditevent SET chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = r.hash
            WHERE id = r.id;
        last_seq := r.chain_seq;
        last_hash := r.hash;
        sealed := sealed + 1;
    END LOOP;
    RETURN sealed;
END;
$$ LANGUAGE plpgsql;
"""

REVERSE_SQL = """
DROP FUNCTION IF EXISTS core_auditevent_seal(integer);
DROP FUNCTION IF EXISTS core_auditevent_digest(core_auditevent);
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0006_beat_schedule_in_settings")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="chain_seq",
            field=models.BigIntegerField(
                blank=True, editable=False, null=True, unique=True, verbose_name="position in the chain"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(
                blank=True, default="", editable=False, max_length=64, verbose_name="previous event's hash"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64, verbose_name="hash"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                condition=models.Q(chain_seq__isnull=True), fields=["id"], name="audit_unsealed"
            ),
        ),
        migrations.RunSQL(CHAIN_SQL, REVERSE_SQL),
    ]

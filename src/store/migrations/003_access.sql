-- 003: who may see what, and the audit of every look. Users belong to an
-- agency; a family is visible to an agency that has contributed events to it
-- or been granted access; break-glass opens one family to one user for a
-- while. The audit log takes inserts only.

CREATE TABLE users (
  id               serial PRIMARY KEY,
  username         text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  display_name     text NOT NULL,
  agency           text NOT NULL,
  roles            text[] NOT NULL CHECK (roles <@ ARRAY['practitioner', 'manager', 'partnership_analyst', 'admin']::text[]),
  password_hash    text NOT NULL,
  disabled         boolean NOT NULL DEFAULT false,
  failed_attempts  integer NOT NULL DEFAULT 0,
  locked_until     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Access given to an agency that has not contributed to the family.
CREATE TABLE family_access_grants (
  id          serial PRIMARY KEY,
  family_id   integer NOT NULL REFERENCES families(id) ON DELETE CASCADE,
  agency      text NOT NULL,
  granted_by  integer NOT NULL REFERENCES users(id),
  reason      text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz
);

CREATE INDEX family_access_grants_agency ON family_access_grants (agency, family_id);

CREATE TABLE access_requests (
  id               serial PRIMARY KEY,
  family_id        integer NOT NULL REFERENCES families(id) ON DELETE CASCADE,
  requested_by     integer NOT NULL REFERENCES users(id),
  agency           text NOT NULL,
  reason           text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'granted', 'refused')),
  decided_by       integer REFERENCES users(id),
  decision_reason  text,
  at               timestamptz NOT NULL DEFAULT now(),
  decided_at       timestamptz
);

CREATE INDEX access_requests_family ON access_requests (family_id, status);
CREATE INDEX access_requests_requester ON access_requests (requested_by, status);

CREATE TABLE break_glass (
  id          serial PRIMARY KEY,
  user_id     integer NOT NULL REFERENCES users(id),
  family_id   integer NOT NULL REFERENCES families(id) ON DELETE CASCADE,
  reason      text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);

CREATE INDEX break_glass_user_family ON break_glass (user_id, family_id, expires_at);

-- "Has this agency contributed to this family": the test in every visibility
-- check, and the caseload's starting point.
CREATE INDEX events_agency_family ON events (agency, family_id);

-- Who did what to which record. No foreign key to families: the log outlives
-- what it describes, and a cascade would try to delete from it.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  user_id     integer,
  username    text NOT NULL,
  agency      text NOT NULL,
  roles       text[] NOT NULL,
  action      text NOT NULL CHECK (action IN ('view', 'export', 'record', 'import', 'acknowledge', 'resolve', 'reopen',
                'break-glass', 'refused', 'sign-in', 'sign-in-failed', 'sign-out', 'search', 'access-request',
                'access-grant', 'access-refuse', 'user-admin')),
  family_id   integer,
  family_ref  text,
  child_ref   text,
  event_id    text,
  alert_id    integer,
  reason      text,
  details     jsonb
);

-- The audit page's filters: by user, by family or child, by action, by time.
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (username, at);
CREATE INDEX audit_log_family ON audit_log (family_ref, at);
CREATE INDEX audit_log_child ON audit_log (family_ref, child_ref, at);
CREATE INDEX audit_log_action ON audit_log (action, at);
CREATE INDEX audit_log_agency ON audit_log (agency, at);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log takes inserts only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Statement-level, so even a change that would touch no row is refused.
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

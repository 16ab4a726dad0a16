-- 004: server-side sessions for the web app. The cookie holds a random
-- 256-bit id; only its SHA-256 is stored, so a copy of this table cannot be
-- replayed as cookies. A session without a user is the one a sign-in form is
-- served in (it carries the CSRF secret for that form).
CREATE TABLE web_sessions (
  id_hash       text PRIMARY KEY,
  user_id       integer,
  csrf_secret   text NOT NULL,
  created_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL
);

CREATE INDEX web_sessions_last_seen ON web_sessions (last_seen_at);
CREATE INDEX web_sessions_user ON web_sessions (user_id);

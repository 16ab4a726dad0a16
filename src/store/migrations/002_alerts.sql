-- 002: alerts raised by the practice rules, and everything that happened to
-- each. An alert is one episode of one rule holding for one subject (a child's
-- ref, or 'family'); `key` tells apart episodes that hold at once for separate
-- reasons (two unresolved escalations). Alerts are never deleted: when the
-- condition no longer holds the alert is resolved, with the day it stopped.

CREATE TABLE alerts (
  id            serial PRIMARY KEY,
  family_id     integer NOT NULL REFERENCES families(id) ON DELETE CASCADE,
  rule          text NOT NULL,
  subject       text NOT NULL,
  key           text NOT NULL DEFAULT '',
  first_fired   date NOT NULL,
  -- The first day the condition no longer held; null while it holds.
  until         date,
  state         text NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
  -- Why it is resolved: the condition went, or a practitioner closed it.
  resolution    text CHECK (resolution IN ('condition_gone', 'closed_by_practitioner', 'no_longer_supported')),
  events        text[] NOT NULL,
  threshold     text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (family_id, rule, subject, key, first_fired)
);

CREATE INDEX alerts_family ON alerts (family_id, state);
CREATE INDEX alerts_open ON alerts (state, rule) WHERE state <> 'resolved';

-- Who did what to an alert, and why; and what the system changed.
CREATE TABLE alert_history (
  id         bigserial PRIMARY KEY,
  alert_id   integer NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  at         timestamptz NOT NULL DEFAULT now(),
  action     text NOT NULL CHECK (action IN ('raised', 'evidence_updated', 'first_fired_corrected', 'condition_gone', 'condition_returned', 'no_longer_supported', 'acknowledged', 'resolved', 'reopened')),
  actor      text NOT NULL,
  reason     text,
  events     text[],
  as_of      date
);

CREATE INDEX alert_history_alert ON alert_history (alert_id, id);

-- When each family was last evaluated, and as of which day.
ALTER TABLE families ADD COLUMN evaluated_as_of date;

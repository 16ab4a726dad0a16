-- 001: the chronology store. One row per sender (source), per file loaded
-- (import), per family, person, relationship and event.

CREATE TABLE sources (
  id          serial PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE imports (
  id           serial PRIMARY KEY,
  source_id    integer NOT NULL REFERENCES sources(id),
  file_name    text NOT NULL,
  imported_at  timestamptz NOT NULL DEFAULT now(),
  imported_by  text NOT NULL,
  families     integer NOT NULL DEFAULT 0,
  events       integer NOT NULL DEFAULT 0
);

CREATE TABLE families (
  id          serial PRIMARY KEY,
  ref         text NOT NULL UNIQUE,
  name        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- People are shared by every source that speaks of the family: upserted by
-- ref, never removed by a re-import, since other sources' events may name them.
CREATE TABLE people (
  id           serial PRIMARY KEY,
  family_id    integer NOT NULL REFERENCES families(id) ON DELETE CASCADE,
  ref          text NOT NULL,
  given_name   text NOT NULL,
  family_name  text,
  born         text,
  expected     text,
  sex          text,
  role         text NOT NULL,
  identifiers  jsonb,
  address      text,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (family_id, ref)
);

-- Kept in the order first sent (id), like people, so an export reads as sent.
CREATE TABLE relationships (
  id         serial PRIMARY KEY,
  family_id  integer NOT NULL REFERENCES families(id) ON DELETE CASCADE,
  from_ref   text NOT NULL,
  to_ref     text NOT NULL,
  type       text NOT NULL,
  UNIQUE (family_id, from_ref, to_ref, type)
);

-- One row per event as its source sent it. The common chronology columns are
-- columns; the type's own facets travel in `facets`. `date` is kept as sent
-- (a partial date stays partial); placed_date is where it sorts and counts,
-- known_date is when it counts as known ("as of").
CREATE TABLE events (
  id            bigserial PRIMARY KEY,
  family_id     integer NOT NULL REFERENCES families(id) ON DELETE CASCADE,
  source_id     integer NOT NULL REFERENCES sources(id),
  event_id      text NOT NULL,
  type          text NOT NULL,
  agency        text NOT NULL,
  date          text NOT NULL,
  placed_date   date NOT NULL,
  known_date    date NOT NULL,
  approximate   boolean,
  time          text,
  recorded      text,
  subjects      text[] NOT NULL,
  restricted    boolean,
  summary       text NOT NULL,
  significance  text,
  action        text,
  outcome       text,
  facets        jsonb NOT NULL DEFAULT '{}'::jsonb,
  import_id     integer NOT NULL REFERENCES imports(id),
  imported_at   timestamptz NOT NULL,
  imported_by   text NOT NULL,
  UNIQUE (family_id, source_id, event_id)
);

-- "All events of a family ordered by date".
CREATE INDEX events_family_date ON events (family_id, placed_date, id);

-- "Events of a child by type within a date range". A family holds a few
-- hundred events, so (family_id, type, placed_date) narrows a query to a
-- handful of rows and the subjects test on those is cheap; a per-subject child
-- table would double the rows written on every import for no gain at that
-- size. The GIN index serves the other direction: every event naming a person
-- ref, across families (for example when linking people between agencies).
CREATE INDEX events_family_type_date ON events (family_id, type, placed_date);
CREATE INDEX events_subjects ON events USING gin (subjects);

CREATE INDEX events_import ON events (import_id);
CREATE INDEX imports_source ON imports (source_id);

/**
 * Migration 4: the `session_stats` summary table behind the dashboard and `switchboard stats`
 * (docs/dashboard.md). One narrow row per session with the four moments the figures need
 * (started, first agent joined, closed, why), kept up to date by triggers inside the very
 * transaction that writes the session and its events. So the summary can never disagree with
 * the transcript, survives a restart like it, and needs no change to the write path.
 *
 * Frozen like every migration: its literals are spelled out here.
 */
import type { Migration } from './migrations'

/** The schema version from which `session_stats` exists. */
export const STATS_SCHEMA_VERSION = 4

export const createSessionStats: Migration = {
  version: STATS_SCHEMA_VERSION,
  up(db) {
    db.exec(`
      CREATE TABLE session_stats (
        session_id TEXT NOT NULL PRIMARY KEY REFERENCES sessions (session_id),
        application TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        -- Time of the first AGENT party-joined event: the end of the wait. NULL while nobody
        -- answered (supervisors and workflows joining do not answer a chat).
        answered_at INTEGER,
        -- Console user id of that first agent, for the per-agent figures.
        answered_by TEXT,
        closed_at INTEGER,
        close_reason TEXT
      ) STRICT, WITHOUT ROWID;

      -- Each window figure is one range scan over one of these; the extra columns make the
      -- indexes covering, so a scan never visits the table.
      CREATE INDEX session_stats_by_started_at ON session_stats (started_at);
      CREATE INDEX session_stats_by_answered_at ON session_stats (answered_at, started_at,
        answered_by) WHERE answered_at IS NOT NULL;
      CREATE INDEX session_stats_by_closed_at ON session_stats (closed_at, close_reason,
        answered_at) WHERE closed_at IS NOT NULL;

      CREATE TRIGGER session_stats_on_session_insert AFTER INSERT ON sessions
      BEGIN
        INSERT INTO session_stats (session_id, application, endpoint, started_at, closed_at,
          close_reason)
        VALUES (NEW.session_id, NEW.application, NEW.endpoint, NEW.started_at, NEW.closed_at,
          NEW.close_reason);
      END;

      -- The session row is rewritten on many changes (language, idle settings); only a close
      -- concerns the summary.
      CREATE TRIGGER session_stats_on_session_close AFTER UPDATE OF closed_at, close_reason
        ON sessions
        WHEN NEW.closed_at IS NOT OLD.closed_at OR NEW.close_reason IS NOT OLD.close_reason
      BEGIN
        UPDATE session_stats SET closed_at = NEW.closed_at, close_reason = NEW.close_reason
        WHERE session_id = NEW.session_id;
      END;

      -- The WHEN clause keeps the common case (a message) to one string comparison.
      CREATE TRIGGER session_stats_on_agent_join AFTER INSERT ON events
        WHEN NEW.type = 'party-joined'
          AND json_extract(NEW.payload, '$.party.type') = 'AGENT'
      BEGIN
        UPDATE session_stats SET answered_at = NEW.time,
          answered_by = json_extract(NEW.payload, '$.party.userId')
        WHERE session_id = NEW.session_id AND answered_at IS NULL;
      END;

      -- Hourly rollups of the same figures, so that a long window ("today") reads at most 24
      -- rows per figure plus the raw rows of its partial first and last hours. Hours are UTC
      -- (start in ms); waits are binned by whole seconds, rounded up.
      CREATE TABLE stats_hours (
        hour INTEGER NOT NULL PRIMARY KEY,
        offered INTEGER NOT NULL DEFAULT 0,
        answered INTEGER NOT NULL DEFAULT 0,
        wait_ms INTEGER NOT NULL DEFAULT 0,
        abandoned INTEGER NOT NULL DEFAULT 0,
        closed_by_idle INTEGER NOT NULL DEFAULT 0,
        closed_by_ttl INTEGER NOT NULL DEFAULT 0,
        handled INTEGER NOT NULL DEFAULT 0,
        handle_ms INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE TABLE stats_hour_waits (
        hour INTEGER NOT NULL,
        wait_seconds INTEGER NOT NULL,
        answered INTEGER NOT NULL,
        PRIMARY KEY (hour, wait_seconds)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE stats_hour_agents (
        hour INTEGER NOT NULL,
        user_id TEXT NOT NULL,
        answered INTEGER NOT NULL,
        PRIMARY KEY (hour, user_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TRIGGER stats_hours_on_offer AFTER INSERT ON session_stats
      BEGIN
        INSERT INTO stats_hours (hour, offered) VALUES (NEW.started_at / 3600000 * 3600000, 1)
        ON CONFLICT (hour) DO UPDATE SET offered = offered + 1;
      END;

      CREATE TRIGGER stats_hours_on_answer AFTER UPDATE OF answered_at ON session_stats
        WHEN OLD.answered_at IS NULL AND NEW.answered_at IS NOT NULL
      BEGIN
        INSERT INTO stats_hours (hour, answered, wait_ms)
        VALUES (NEW.answered_at / 3600000 * 3600000, 1, NEW.answered_at - NEW.started_at)
        ON CONFLICT (hour) DO UPDATE SET answered = answered + 1,
          wait_ms = wait_ms + excluded.wait_ms;
        INSERT INTO stats_hour_waits (hour, wait_seconds, answered)
        VALUES (NEW.answered_at / 3600000 * 3600000,
          (NEW.answered_at - NEW.started_at + 999) / 1000, 1)
        ON CONFLICT (hour, wait_seconds) DO UPDATE SET answered = answered + 1;
        INSERT INTO stats_hour_agents (hour, user_id, answered)
        SELECT NEW.answered_at / 3600000 * 3600000, NEW.answered_by, 1
        WHERE NEW.answered_by IS NOT NULL
        ON CONFLICT (hour, user_id) DO UPDATE SET answered = answered + 1;
      END;

      CREATE TRIGGER stats_hours_on_close AFTER UPDATE OF closed_at ON session_stats
        WHEN OLD.closed_at IS NULL AND NEW.closed_at IS NOT NULL
      BEGIN
        INSERT INTO stats_hours (hour, abandoned, closed_by_idle, closed_by_ttl, handled,
          handle_ms)
        VALUES (NEW.closed_at / 3600000 * 3600000,
          NEW.answered_at IS NULL AND NEW.close_reason = 'customer-left',
          NEW.close_reason = 'idle', NEW.close_reason = 'ttl', NEW.answered_at IS NOT NULL,
          coalesce(NEW.closed_at - NEW.answered_at, 0))
        ON CONFLICT (hour) DO UPDATE SET abandoned = abandoned + excluded.abandoned,
          closed_by_idle = closed_by_idle + excluded.closed_by_idle,
          closed_by_ttl = closed_by_ttl + excluded.closed_by_ttl,
          handled = handled + excluded.handled, handle_ms = handle_ms + excluded.handle_ms;
      END;


      -- Sessions stored before this migration: the same figures, read off their events once.
      -- Rows go in whole (answered and closed already set), so the rollups are filled from them
      -- below rather than by the triggers, which see only the insert.
      INSERT INTO session_stats (session_id, application, endpoint, started_at, answered_at,
        answered_by, closed_at, close_reason)
      SELECT s.session_id, s.application, s.endpoint, s.started_at, j.time,
        json_extract(j.payload, '$.party.userId'), s.closed_at, s.close_reason
      FROM sessions s
      LEFT JOIN events j ON j.session_id = s.session_id AND j.event_id = (
        SELECT min(e.event_id) FROM events e
        WHERE e.session_id = s.session_id AND e.type = 'party-joined'
          AND json_extract(e.payload, '$.party.type') = 'AGENT');

      INSERT INTO stats_hours (hour, answered, wait_ms)
      SELECT answered_at / 3600000 * 3600000 AS h, count(*), sum(answered_at - started_at)
      FROM session_stats WHERE answered_at IS NOT NULL GROUP BY h
      ON CONFLICT (hour) DO UPDATE SET answered = excluded.answered, wait_ms = excluded.wait_ms;
      INSERT INTO stats_hours (hour, abandoned, closed_by_idle, closed_by_ttl, handled, handle_ms)
      SELECT closed_at / 3600000 * 3600000 AS h,
        sum(answered_at IS NULL AND close_reason = 'customer-left'), sum(close_reason = 'idle'),
        sum(close_reason = 'ttl'), count(answered_at), coalesce(sum(closed_at - answered_at), 0)
      FROM session_stats WHERE closed_at IS NOT NULL GROUP BY h
      ON CONFLICT (hour) DO UPDATE SET abandoned = excluded.abandoned,
        closed_by_idle = excluded.closed_by_idle, closed_by_ttl = excluded.closed_by_ttl,
        handled = excluded.handled, handle_ms = excluded.handle_ms;
      INSERT INTO stats_hour_waits (hour, wait_seconds, answered)
      SELECT answered_at / 3600000 * 3600000 AS h, (answered_at - started_at + 999) / 1000 AS w,
        count(*)
      FROM session_stats WHERE answered_at IS NOT NULL GROUP BY h, w;
      INSERT INTO stats_hour_agents (hour, user_id, answered)
      SELECT answered_at / 3600000 * 3600000 AS h, answered_by, count(*)
      FROM session_stats WHERE answered_by IS NOT NULL GROUP BY h, answered_by;
    `)
  },
}

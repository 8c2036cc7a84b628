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

      -- Sessions stored before this migration: the same figures, read off their events once.
      INSERT INTO session_stats (session_id, application, endpoint, started_at, answered_at,
        answered_by, closed_at, close_reason)
      SELECT s.session_id, s.application, s.endpoint, s.started_at, j.time,
        json_extract(j.payload, '$.party.userId'), s.closed_at, s.close_reason
      FROM sessions s
      LEFT JOIN events j ON j.session_id = s.session_id AND j.event_id = (
        SELECT min(e.event_id) FROM events e
        WHERE e.session_id = s.session_id AND e.type = 'party-joined'
          AND json_extract(e.payload, '$.party.type') = 'AGENT');
    `)
  },
}

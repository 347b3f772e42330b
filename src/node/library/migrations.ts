// Versioned schema of library.sqlite. PRAGMA user_version holds the number of the last migration applied;
// each migration runs in its own transaction together with the user_version bump, so a library is always
// at exactly one version. Never edit a migration that has shipped: add a new one.

import type Database from 'better-sqlite3';
import { blocksFromDoc, type ArticleDoc } from '../../shared/article-doc';
import { writeTransaction } from './transaction';

export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

// Text shared by migrations that create the export log (v3) and rebuild it (v6). The SQL each migration
// runs must stay exactly what it was when it shipped: these only spell it once.

/** The export log's columns; `kinds` is the SQL list of export kinds the CHECK allows. */
function exportLogColumns(kinds: string): string {
  return `  id                      INTEGER PRIMARY KEY,
  issue_id                INTEGER NOT NULL REFERENCES issue(id) ON DELETE CASCADE,
  job_id                  TEXT NOT NULL UNIQUE,
  exported_at             TEXT NOT NULL,
  kind                    TEXT NOT NULL CHECK (kind IN (${kinds})),
  standard                TEXT CHECK (standard IS NULL OR standard IN ('x1a', 'x4')),
  marks                   INTEGER NOT NULL CHECK (marks IN (0, 1)),
  file                    TEXT NOT NULL,
  pages                   INTEGER NOT NULL,
  bytes                   INTEGER NOT NULL,
  preflight_errors        INTEGER NOT NULL,
  preflight_warnings      INTEGER NOT NULL,
  override_reason         TEXT,
  ms                      INTEGER NOT NULL
`;
}

/** Export overrides are append-only (v5), and stay so over the v6 rebuild. */
const EXPORT_LOG_OVERRIDE_TRIGGERS = `CREATE TRIGGER export_log_override_append_only_update BEFORE UPDATE OF override_reason ON export_log
WHEN old.override_reason IS NOT new.override_reason BEGIN
  SELECT RAISE(ABORT, 'export overrides cannot be changed');
END;
CREATE TRIGGER export_log_override_append_only_delete BEFORE DELETE ON export_log
WHEN old.override_reason IS NOT NULL AND EXISTS (SELECT 1 FROM issue WHERE id = old.issue_id) BEGIN
  SELECT RAISE(ABORT, 'export overrides cannot be removed');
END;
`;

const V1_CORE = `
CREATE TABLE publication (
  id              INTEGER PRIMARY KEY,
  title           TEXT NOT NULL,
  english_title   TEXT NOT NULL,
  cn              TEXT NOT NULL UNIQUE,
  cn_label        TEXT NOT NULL,
  sponsor         TEXT NOT NULL,
  publisher       TEXT NOT NULL,
  price_value     TEXT NOT NULL,
  trim_width_mm   REAL NOT NULL DEFAULT 210,
  trim_height_mm  REAL NOT NULL DEFAULT 285,
  settings        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings))
);

CREATE TABLE issue (
  id                   INTEGER PRIMARY KEY,
  publication_id       INTEGER NOT NULL REFERENCES publication(id) ON DELETE RESTRICT,
  year                 INTEGER NOT NULL,
  number               INTEGER NOT NULL CHECK (number >= 1),
  total_number         INTEGER NOT NULL,
  publish_date         TEXT NOT NULL,
  publish_date_printed TEXT,
  status               TEXT NOT NULL DEFAULT 'editing'
                       CHECK (status IN ('planning', 'editing', 'proofing', 'signed-off', 'printed')),
  masthead             TEXT NOT NULL CHECK (json_valid(masthead)),
  source               TEXT CHECK (source IS NULL OR json_valid(source)),
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  UNIQUE (publication_id, year, number)
);

CREATE TABLE section (
  id        INTEGER PRIMARY KEY,
  issue_id  INTEGER NOT NULL REFERENCES issue(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  name      TEXT NOT NULL,
  UNIQUE (issue_id, position)
);

CREATE TABLE article (
  id                  INTEGER PRIMARY KEY,
  issue_id            INTEGER NOT NULL REFERENCES issue(id) ON DELETE CASCADE,
  section_id          INTEGER NOT NULL REFERENCES section(id) ON DELETE CASCADE,
  position            INTEGER NOT NULL,
  key                 TEXT,
  title_lines         TEXT NOT NULL CHECK (json_valid(title_lines)),
  title_source        TEXT,
  subtitle            TEXT,
  byline              TEXT,
  byline_raw          TEXT,
  author_info         TEXT,
  byline_parts        TEXT CHECK (byline_parts IS NULL OR json_valid(byline_parts)),
  section_label       TEXT,
  body                TEXT NOT NULL CHECK (json_valid(body)),
  char_count          INTEGER NOT NULL DEFAULT 0,
  end_mark            INTEGER NOT NULL DEFAULT 1 CHECK (end_mark IN (0, 1)),
  end_mark_glyph      TEXT,
  notes               TEXT NOT NULL DEFAULT '',
  page_budget         INTEGER,
  printed_start_page  INTEGER,
  toc_title_lines     TEXT CHECK (toc_title_lines IS NULL OR json_valid(toc_title_lines)),
  revision            INTEGER NOT NULL DEFAULT 0,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  UNIQUE (section_id, position),
  UNIQUE (issue_id, key)
);
CREATE INDEX article_issue ON article(issue_id);

CREATE TABLE photo (
  id            INTEGER PRIMARY KEY,
  issue_id      INTEGER NOT NULL REFERENCES issue(id) ON DELETE CASCADE,
  article_id    INTEGER REFERENCES article(id) ON DELETE CASCADE,
  placement     TEXT NOT NULL CHECK (placement IN
                  ('article', 'cover', 'inside-front-cover', 'inside-back-cover', 'back-cover', 'contents')),
  position      INTEGER NOT NULL,
  source_key    TEXT,
  file          TEXT,
  sha256        TEXT,
  width_px      INTEGER,
  height_px     INTEGER,
  color_space   TEXT,
  caption       TEXT NOT NULL DEFAULT '',
  credit_kind   TEXT CHECK (credit_kind IS NULL OR credit_kind IN ('摄影', '图', '资料')),
  credit_name   TEXT,
  credit_raw    TEXT,
  credit_scope  TEXT
);
CREATE INDEX photo_issue ON photo(issue_id, placement, position);
CREATE INDEX photo_article ON photo(article_id);

CREATE TABLE colophon (
  issue_id               INTEGER PRIMARY KEY REFERENCES issue(id) ON DELETE CASCADE,
  board_heading          TEXT NOT NULL,
  board_chair            TEXT NOT NULL,
  board_vice_chair       TEXT NOT NULL,
  board_note             TEXT NOT NULL,
  board_role_chair       TEXT NOT NULL,
  board_role_vice_chair  TEXT NOT NULL,
  board_role_members     TEXT NOT NULL,
  chief_editor_role      TEXT NOT NULL,
  chief_editor_name      TEXT NOT NULL,
  office_heading         TEXT NOT NULL,
  price_label            TEXT NOT NULL,
  price_value            TEXT NOT NULL,
  price_amount           REAL NOT NULL,
  price_currency         TEXT NOT NULL
);

-- Label/value lines of the colophon, grouped as printed: organisation, contact, production.
CREATE TABLE colophon_row (
  issue_id  INTEGER NOT NULL REFERENCES colophon(issue_id) ON DELETE CASCADE,
  grp       TEXT NOT NULL CHECK (grp IN ('organisation', 'contact', 'production')),
  position  INTEGER NOT NULL,
  label     TEXT NOT NULL,
  value     TEXT NOT NULL,
  PRIMARY KEY (issue_id, grp, position)
);

CREATE TABLE colophon_board_member (
  issue_id  INTEGER NOT NULL REFERENCES colophon(issue_id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  name      TEXT NOT NULL,
  PRIMARY KEY (issue_id, position)
);

CREATE TABLE colophon_office_role (
  id        INTEGER PRIMARY KEY,
  issue_id  INTEGER NOT NULL REFERENCES colophon(issue_id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  role      TEXT NOT NULL,
  UNIQUE (issue_id, position)
);

CREATE TABLE colophon_office_member (
  role_id   INTEGER NOT NULL REFERENCES colophon_office_role(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  name      TEXT NOT NULL,
  PRIMARY KEY (role_id, position)
);

CREATE TABLE extra (
  id            INTEGER PRIMARY KEY,
  issue_id      INTEGER NOT NULL REFERENCES issue(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  key           TEXT NOT NULL,
  kind          TEXT NOT NULL,
  placement     TEXT NOT NULL,
  title         TEXT,
  series        TEXT,
  credit_kind   TEXT,
  credit_name   TEXT,
  credit_raw    TEXT,
  credit_scope  TEXT,
  body          TEXT NOT NULL CHECK (json_valid(body)),
  UNIQUE (issue_id, key)
);

CREATE TABLE printed_toc_entry (
  id            INTEGER PRIMARY KEY,
  issue_id      INTEGER NOT NULL REFERENCES issue(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  page_printed  TEXT NOT NULL,
  page          INTEGER NOT NULL,
  style         TEXT NOT NULL,
  section       TEXT NOT NULL,
  title_lines   TEXT NOT NULL CHECK (json_valid(title_lines)),
  subtitle      TEXT,
  UNIQUE (issue_id, position)
);
`;

/** Plain searchable text of an article: title lines, subtitle, byline, author info and body blocks. */
export function articleSearchText(row: { body: string }): string {
  return blocksFromDoc(JSON.parse(row.body) as ArticleDoc)
    .map((b) => b.text)
    .join('\n');
}

// Full-text search over articles for the library search (trigram: works for Chinese without a word
// segmenter) plus app-wide settings. The service keeps article_search in step with article writes; the
// delete trigger covers cascades (deleting a section or issue deletes its articles).
const V2_SEARCH_AND_SETTINGS = `
CREATE VIRTUAL TABLE article_search USING fts5(title, body, tokenize = 'trigram');
CREATE TRIGGER article_search_delete AFTER DELETE ON article BEGIN
  DELETE FROM article_search WHERE rowid = old.id;
END;
CREATE TABLE app_setting (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL CHECK (json_valid(value))
);
`;

// Production: what an imported photo file is (the original's name and format, channels, embedded
// profile) and one row per export, with the preflight error count and the reason an editor gave for
// exporting in spite of errors. job_id lets a download address outlive the in-memory job list.
const V3_PHOTO_FILES_AND_EXPORT_LOG = `
ALTER TABLE photo ADD COLUMN original_name TEXT;
ALTER TABLE photo ADD COLUMN format TEXT CHECK (format IS NULL OR format IN ('jpeg', 'png', 'tiff'));
ALTER TABLE photo ADD COLUMN channels INTEGER;
ALTER TABLE photo ADD COLUMN has_icc INTEGER CHECK (has_icc IS NULL OR has_icc IN (0, 1));
ALTER TABLE photo ADD COLUMN file_bytes INTEGER;
CREATE INDEX photo_sha256 ON photo(sha256);

CREATE TABLE export_log (
${exportLogColumns("'print', 'screen'")});
CREATE INDEX export_log_issue ON export_log(issue_id, exported_at);
`;

// Settings: an issue's board members kept in the order the editor gave instead of 姓名笔画 order.
const V4_MANUAL_BOARD_ORDER = `
ALTER TABLE colophon ADD COLUMN board_manual_order INTEGER NOT NULL DEFAULT 0 CHECK (board_manual_order IN (0, 1));
`;

// Proofreading (三审三校): an issue's rounds, the articles each covers with their text when it opened
// (for the differences between rounds), corrections anchored by Lexical mark ids, their replies and
// history, 核红 verifications, and the 付印 sign-offs. Sign-offs and export overrides are append-only:
// triggers refuse to change or remove them. Removing a whole issue (a replacing import) still takes
// its sign-offs along: the delete trigger lets a row go once its round is gone.
const V5_PROOFREADING = `
CREATE TABLE proof_round (
  id              INTEGER PRIMARY KEY,
  issue_id        INTEGER NOT NULL REFERENCES issue(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  name            TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'open', 'closed')),
  opened_at       TEXT,
  opened_by_name  TEXT,
  opened_by_role  TEXT,
  closed_at       TEXT,
  closed_by_name  TEXT,
  closed_by_role  TEXT
);
CREATE INDEX proof_round_issue ON proof_round(issue_id, position);

CREATE TABLE proof_round_article (
  round_id     INTEGER NOT NULL REFERENCES proof_round(id) ON DELETE CASCADE,
  article_id   INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
  proofreader  TEXT,
  -- The article's block texts when the round opened (JSON array of strings).
  snapshot     TEXT NOT NULL CHECK (json_valid(snapshot)),
  revision     INTEGER NOT NULL,
  PRIMARY KEY (round_id, article_id)
);

CREATE TABLE proof_correction (
  id                    INTEGER PRIMARY KEY,
  issue_id              INTEGER NOT NULL REFERENCES issue(id) ON DELETE CASCADE,
  article_id            INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
  round_id              INTEGER NOT NULL REFERENCES proof_round(id) ON DELETE CASCADE,
  mark_id               TEXT NOT NULL UNIQUE,
  kind                  TEXT NOT NULL CHECK (kind IN ('replace', 'delete', 'insert', 'transpose', 'new-paragraph', 'join-paragraphs', 'query')),
  original              TEXT NOT NULL,
  proposed              TEXT NOT NULL,
  note                  TEXT NOT NULL DEFAULT '',
  -- Zero-width kinds anchor a neighbouring character: which side of it the position is.
  anchor_side           TEXT CHECK (anchor_side IS NULL OR anchor_side IN ('before', 'after')),
  author_name           TEXT NOT NULL,
  author_role           TEXT NOT NULL,
  created_at            TEXT NOT NULL,
  status                TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
  resolved_by_name      TEXT,
  resolved_by_role      TEXT,
  resolved_at           TEXT,
  reject_reason         TEXT,
  -- The round whose editor accepted it (核红 happens in the round after); kept while reopened.
  accepted_in_round_id  INTEGER REFERENCES proof_round(id) ON DELETE SET NULL,
  orphaned              INTEGER NOT NULL DEFAULT 0 CHECK (orphaned IN (0, 1))
);
CREATE INDEX proof_correction_issue ON proof_correction(issue_id, round_id, status);
CREATE INDEX proof_correction_article ON proof_correction(article_id);

CREATE TABLE proof_reply (
  id             INTEGER PRIMARY KEY,
  correction_id  INTEGER NOT NULL REFERENCES proof_correction(id) ON DELETE CASCADE,
  author_name    TEXT NOT NULL,
  author_role    TEXT NOT NULL,
  text           TEXT NOT NULL,
  at             TEXT NOT NULL
);
CREATE INDEX proof_reply_correction ON proof_reply(correction_id, id);

-- Every action on a correction, with who did it and when (proposed, accepted, rejected, reopened, …).
CREATE TABLE proof_event (
  id             INTEGER PRIMARY KEY,
  correction_id  INTEGER NOT NULL REFERENCES proof_correction(id) ON DELETE CASCADE,
  round_id       INTEGER REFERENCES proof_round(id) ON DELETE SET NULL,
  action         TEXT NOT NULL,
  actor_name     TEXT NOT NULL,
  actor_role     TEXT NOT NULL,
  at             TEXT NOT NULL,
  detail         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX proof_event_correction ON proof_event(correction_id, id);

CREATE TABLE proof_verification (
  id             INTEGER PRIMARY KEY,
  correction_id  INTEGER NOT NULL REFERENCES proof_correction(id) ON DELETE CASCADE,
  round_id       INTEGER NOT NULL REFERENCES proof_round(id) ON DELETE CASCADE,
  state          TEXT NOT NULL CHECK (state IN ('confirmed', 'reopened')),
  by_name        TEXT NOT NULL,
  by_role        TEXT NOT NULL,
  at             TEXT NOT NULL,
  note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX proof_verification_correction ON proof_verification(correction_id, id);

CREATE TABLE proof_sign_off (
  id                 INTEGER PRIMARY KEY,
  issue_id           INTEGER NOT NULL REFERENCES issue(id) ON DELETE CASCADE,
  round_id           INTEGER NOT NULL REFERENCES proof_round(id) ON DELETE CASCADE,
  role               TEXT NOT NULL CHECK (role IN ('责任编辑', '责任校对', '主编')),
  name               TEXT NOT NULL,
  note               TEXT NOT NULL DEFAULT '',
  at                 TEXT NOT NULL,
  recorded_by_name   TEXT NOT NULL,
  recorded_by_role   TEXT NOT NULL,
  UNIQUE (round_id, role)
);
CREATE TRIGGER proof_sign_off_append_only_update BEFORE UPDATE ON proof_sign_off BEGIN
  SELECT RAISE(ABORT, 'sign-offs cannot be changed');
END;
CREATE TRIGGER proof_sign_off_append_only_delete BEFORE DELETE ON proof_sign_off
WHEN EXISTS (SELECT 1 FROM proof_round WHERE id = old.round_id) BEGIN
  SELECT RAISE(ABORT, 'sign-offs cannot be removed');
END;
${EXPORT_LOG_OVERRIDE_TRIGGERS}`;

// The export log also records proof PDFs (校样) of a round: kind 'proof'. SQLite cannot change a CHECK in
// place, so the table is rebuilt with its rows, index and the append-only override triggers.
const V6_PROOF_EXPORTS_IN_LOG = `
CREATE TABLE export_log_v6 (
${exportLogColumns("'print', 'screen', 'proof'")});
INSERT INTO export_log_v6 SELECT id, issue_id, job_id, exported_at, kind, standard, marks, file, pages, bytes, preflight_errors, preflight_warnings, override_reason, ms FROM export_log;
DROP TABLE export_log;
ALTER TABLE export_log_v6 RENAME TO export_log;
CREATE INDEX export_log_issue ON export_log(issue_id, exported_at);
${EXPORT_LOG_OVERRIDE_TRIGGERS}`;

// An opened proof round stays: removing it would take its corrections and sign-offs along. Deleting the
// whole issue (a replacing import) still may: the issue is gone by the time its rounds cascade.
const V7_OPENED_ROUNDS_KEPT = `
CREATE TRIGGER proof_round_opened_kept BEFORE DELETE ON proof_round
WHEN old.state <> 'planned' AND EXISTS (SELECT 1 FROM issue WHERE id = old.issue_id) BEGIN
  SELECT RAISE(ABORT, 'an opened round cannot be removed');
END;
`;

// Accounts, sessions and the record (操作记录). The record has no foreign keys: nothing that happens to
// an issue, an article or an account takes a line of it along, and triggers refuse UPDATE and DELETE.
// Sign-offs become the four steps of 三审三校 given by accounts, with the hashes of what they covered;
// a withdrawal is a row of its own (append-only too), never an edit of the signature.
const V8_ACCOUNTS_AND_RECORD = `
CREATE TABLE library_meta (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
INSERT INTO library_meta (key, value) VALUES ('library_id', lower(hex(randomblob(16))));
CREATE TABLE account (
  id             INTEGER PRIMARY KEY,
  login          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name   TEXT NOT NULL,
  roles          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(roles)),
  password_hash  TEXT,
  disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at     TEXT NOT NULL,
  last_login_at  TEXT
);
CREATE TRIGGER account_never_deleted BEFORE DELETE ON account BEGIN
  SELECT RAISE(ABORT, 'accounts are disabled, never deleted');
END;
CREATE TABLE session (
  id            TEXT PRIMARY KEY,
  token_hash    TEXT NOT NULL UNIQUE,
  account_id    INTEGER NOT NULL REFERENCES account(id),
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  address       TEXT NOT NULL,
  user_agent    TEXT NOT NULL,
  ended_at      TEXT,
  ended_reason  TEXT
);
CREATE INDEX session_account ON session(account_id);
CREATE TABLE activity (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  account_id  INTEGER,
  actor_name  TEXT NOT NULL,
  action      TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('done', 'refused')),
  issue_id    INTEGER,
  article_id  INTEGER,
  round_id    INTEGER,
  params      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
  note        TEXT NOT NULL DEFAULT '',
  origin      TEXT NOT NULL
);
CREATE INDEX activity_issue ON activity(issue_id, id);
CREATE INDEX activity_account ON activity(account_id, id);
CREATE TRIGGER activity_append_only_update BEFORE UPDATE ON activity BEGIN
  SELECT RAISE(ABORT, 'the record cannot be changed');
END;
CREATE TRIGGER activity_append_only_delete BEFORE DELETE ON activity BEGIN
  SELECT RAISE(ABORT, 'the record cannot be erased');
END;

ALTER TABLE proof_round ADD COLUMN opened_by_account INTEGER REFERENCES account(id);
ALTER TABLE proof_round ADD COLUMN closed_by_account INTEGER REFERENCES account(id);
ALTER TABLE proof_correction ADD COLUMN author_account INTEGER REFERENCES account(id);
ALTER TABLE proof_correction ADD COLUMN resolved_by_account INTEGER REFERENCES account(id);
ALTER TABLE proof_reply ADD COLUMN author_account INTEGER REFERENCES account(id);
ALTER TABLE proof_event ADD COLUMN actor_account INTEGER REFERENCES account(id);
ALTER TABLE proof_verification ADD COLUMN by_account INTEGER REFERENCES account(id);
ALTER TABLE export_log ADD COLUMN account_id INTEGER REFERENCES account(id);

CREATE TABLE proof_sign_off_v8 (
  id                 INTEGER PRIMARY KEY,
  issue_id           INTEGER NOT NULL REFERENCES issue(id) ON DELETE CASCADE,
  round_id           INTEGER NOT NULL REFERENCES proof_round(id) ON DELETE CASCADE,
  step               TEXT NOT NULL CHECK (step IN ('责任校对', '初审', '复审', '终审')),
  account_id         INTEGER REFERENCES account(id),
  name               TEXT NOT NULL,
  role               TEXT NOT NULL,
  note               TEXT NOT NULL DEFAULT '',
  at                 TEXT NOT NULL,
  covers             TEXT CHECK (covers IS NULL OR json_valid(covers)),
  recorded_by_name   TEXT,
  recorded_by_role   TEXT
);
INSERT INTO proof_sign_off_v8 (id, issue_id, round_id, step, name, role, note, at, recorded_by_name, recorded_by_role)
  SELECT id, issue_id, round_id,
         CASE role WHEN '责任编辑' THEN '初审' WHEN '主编' THEN '终审' ELSE '责任校对' END,
         name, role, note, at, recorded_by_name, recorded_by_role
  FROM proof_sign_off;
DROP TABLE proof_sign_off;
ALTER TABLE proof_sign_off_v8 RENAME TO proof_sign_off;
CREATE INDEX proof_sign_off_round ON proof_sign_off(round_id, step);
CREATE TRIGGER proof_sign_off_append_only_update BEFORE UPDATE ON proof_sign_off
WHEN old.account_id IS NOT NULL OR new.account_id IS NULL OR old.name IS NOT new.name OR old.step IS NOT new.step
  OR old.at IS NOT new.at OR old.covers IS NOT new.covers OR old.note IS NOT new.note BEGIN
  SELECT RAISE(ABORT, 'sign-offs cannot be changed');
END;
CREATE TRIGGER proof_sign_off_append_only_delete BEFORE DELETE ON proof_sign_off
WHEN EXISTS (SELECT 1 FROM proof_round WHERE id = old.round_id) BEGIN
  SELECT RAISE(ABORT, 'sign-offs cannot be removed');
END;
CREATE TABLE proof_sign_off_withdrawal (
  id           INTEGER PRIMARY KEY,
  sign_off_id  INTEGER NOT NULL UNIQUE REFERENCES proof_sign_off(id) ON DELETE CASCADE,
  account_id   INTEGER NOT NULL REFERENCES account(id),
  name         TEXT NOT NULL,
  at           TEXT NOT NULL,
  reason       TEXT NOT NULL
);
CREATE TRIGGER proof_sign_off_withdrawal_append_only_update BEFORE UPDATE ON proof_sign_off_withdrawal BEGIN
  SELECT RAISE(ABORT, 'withdrawals cannot be changed');
END;
CREATE TRIGGER proof_sign_off_withdrawal_append_only_delete BEFORE DELETE ON proof_sign_off_withdrawal
WHEN EXISTS (SELECT 1 FROM proof_sign_off WHERE id = old.sign_off_id) BEGIN
  SELECT RAISE(ABORT, 'withdrawals cannot be removed');
END;
-- An issue that carries signatures is never deleted (a replacing import is refused before this).
CREATE TRIGGER issue_with_sign_offs_kept BEFORE DELETE ON issue
WHEN EXISTS (SELECT 1 FROM proof_sign_off WHERE issue_id = old.id) BEGIN
  SELECT RAISE(ABORT, 'an issue with sign-offs cannot be removed');
END;
`;

/** Old role words as the office's roles. */
const LEGACY_ROLES: Record<string, string> = { 编辑: '责任编辑', 校对: '校对', 主编: '主编', 美编: '美编' };

/**
 * The people named in proof rounds, corrections, replies, verifications, events and sign-offs become
 * accounts (disabled, without a password, until an administrator sets one), and those rows point at
 * them; the names and roles the rows recorded stay as they were.
 */
function accountsFromLegacyNames(db: Database.Database): void {
  const named = db
    .prepare(
      `SELECT name, role FROM (
         SELECT opened_by_name AS name, opened_by_role AS role FROM proof_round WHERE opened_by_name IS NOT NULL
         UNION ALL SELECT closed_by_name, closed_by_role FROM proof_round WHERE closed_by_name IS NOT NULL
         UNION ALL SELECT author_name, author_role FROM proof_correction
         UNION ALL SELECT resolved_by_name, resolved_by_role FROM proof_correction WHERE resolved_by_name IS NOT NULL
         UNION ALL SELECT author_name, author_role FROM proof_reply
         UNION ALL SELECT actor_name, actor_role FROM proof_event
         UNION ALL SELECT by_name, by_role FROM proof_verification
         UNION ALL SELECT name, CASE step WHEN '初审' THEN '编辑' WHEN '终审' THEN '主编' ELSE '校对' END FROM proof_sign_off
         UNION ALL SELECT recorded_by_name, recorded_by_role FROM proof_sign_off WHERE recorded_by_name IS NOT NULL
       )`,
    )
    .all() as { name: string; role: string }[];
  const rolesOf = new Map<string, Set<string>>();
  for (const { name, role } of named) {
    const roles = rolesOf.get(name) ?? new Set<string>();
    const mapped = LEGACY_ROLES[role];
    if (mapped) roles.add(mapped);
    rolesOf.set(name, roles);
  }
  const at = new Date().toISOString();
  const insert = db.prepare('INSERT INTO account (login, display_name, roles, password_hash, disabled, created_at) VALUES (?, ?, ?, NULL, 1, ?)');
  let n = 0;
  for (const [name, roles] of rolesOf) {
    n += 1;
    const id = Number(insert.run(`person${n}`, name, JSON.stringify([...roles]), at).lastInsertRowid);
    db.prepare('UPDATE proof_round SET opened_by_account = ? WHERE opened_by_name = ?').run(id, name);
    db.prepare('UPDATE proof_round SET closed_by_account = ? WHERE closed_by_name = ?').run(id, name);
    db.prepare('UPDATE proof_correction SET author_account = ? WHERE author_name = ?').run(id, name);
    db.prepare('UPDATE proof_correction SET resolved_by_account = ? WHERE resolved_by_name = ?').run(id, name);
    db.prepare('UPDATE proof_reply SET author_account = ? WHERE author_name = ?').run(id, name);
    db.prepare('UPDATE proof_event SET actor_account = ? WHERE actor_name = ?').run(id, name);
    db.prepare('UPDATE proof_verification SET by_account = ? WHERE by_name = ?').run(id, name);
    // The append-only trigger lets exactly this through: a signature without an account gets one.
    db.prepare('UPDATE proof_sign_off SET account_id = ? WHERE name = ? AND account_id IS NULL').run(id, name);
  }
}

// Per-article layout options: run on after the previous article (接排) and the column count.
const V9_ARTICLE_LAYOUT_OPTIONS = `
ALTER TABLE article ADD COLUMN run_on TEXT CHECK (run_on IS NULL OR run_on IN ('rule', 'space'));
ALTER TABLE article ADD COLUMN column_count INTEGER CHECK (column_count IS NULL OR column_count BETWEEN 1 AND 4);
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'publications, issues, sections, articles, photos, colophon, extras, printed table of contents',
    up: (db) => db.exec(V1_CORE),
  },
  {
    version: 2,
    description: 'full-text index over articles; app settings',
    up: (db) => {
      db.exec(V2_SEARCH_AND_SETTINGS);
      const insert = db.prepare('INSERT INTO article_search (rowid, title, body) VALUES (?, ?, ?)');
      const rows = db.prepare('SELECT id, title_lines, body FROM article').all() as { id: number; title_lines: string; body: string }[];
      for (const row of rows) insert.run(row.id, (JSON.parse(row.title_lines) as string[]).join(''), articleSearchText(row));
    },
  },
  {
    version: 3,
    description: 'photo file details; export log',
    up: (db) => db.exec(V3_PHOTO_FILES_AND_EXPORT_LOG),
  },
  {
    version: 4,
    description: 'manual board order in the colophon',
    up: (db) => db.exec(V4_MANUAL_BOARD_ORDER),
  },
  {
    version: 5,
    description: 'proofreading: rounds, corrections, replies, verifications, round snapshots, append-only sign-offs',
    up: (db) => db.exec(V5_PROOFREADING),
  },
  {
    version: 6,
    description: 'export log: proof PDFs of a round (kind proof)',
    up: (db) => db.exec(V6_PROOF_EXPORTS_IN_LOG),
  },
  {
    version: 7,
    description: 'opened proof rounds cannot be removed',
    up: (db) => db.exec(V7_OPENED_ROUNDS_KEPT),
  },
  {
    version: 8,
    description: 'accounts, sessions and the append-only record; sign-offs by account with the hashes they cover; withdrawals',
    up: (db) => {
      db.exec(V8_ACCOUNTS_AND_RECORD);
      accountsFromLegacyNames(db);
    },
  },
  {
    version: 9,
    description: 'per-article layout options: run on (接排) with a rule or a space, column count',
    up: (db) => db.exec(V9_ARTICLE_LAYOUT_OPTIONS),
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Applies every migration above the library's user_version, each in its own write transaction. The
 * version is read again once the write lock is held: another process opening the same library (the
 * app and the command line) may have applied the migration while this one waited for the lock.
 */
export function migrate(db: Database.Database, upTo: number = LATEST_VERSION): number {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  let current = version();
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > upTo) continue;
    current = writeTransaction(db, () => {
      const now = version();
      if (now >= m.version) return now;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
      return m.version;
    });
  }
  return current;
}

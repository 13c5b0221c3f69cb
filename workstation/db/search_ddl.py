"""The hand-made name-search structures (not models): created by migration 0002, and dropped and
rebuilt around a bulk load, which is many times faster than keeping them up to date row by row.
"""

from __future__ import annotations

FTS_TABLE = ("CREATE VIRTUAL TABLE entity_names_fts USING fts5("
             "name, content='entities', content_rowid='id', tokenize='trigram')")
FTS_TRIGGERS = {
    "trg_entities_fts_insert":
        "CREATE TRIGGER trg_entities_fts_insert AFTER INSERT ON entities BEGIN "
        "INSERT INTO entity_names_fts(rowid, name) VALUES (new.id, new.name); END",
    "trg_entities_fts_delete":
        "CREATE TRIGGER trg_entities_fts_delete AFTER DELETE ON entities BEGIN "
        "INSERT INTO entity_names_fts(entity_names_fts, rowid, name) "
        "VALUES ('delete', old.id, old.name); END",
    "trg_entities_fts_update":
        "CREATE TRIGGER trg_entities_fts_update AFTER UPDATE OF name ON entities BEGIN "
        "INSERT INTO entity_names_fts(entity_names_fts, rowid, name) "
        "VALUES ('delete', old.id, old.name); "
        "INSERT INTO entity_names_fts(rowid, name) VALUES (new.id, new.name); END",
}
FTS_REBUILD = "INSERT INTO entity_names_fts(entity_names_fts) VALUES ('rebuild')"
TRGM_EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
TRGM_INDEX = "CREATE INDEX ix_entities_name_trgm ON entities USING gin (name_sort gin_trgm_ops)"

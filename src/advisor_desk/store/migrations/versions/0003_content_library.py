"""content library: versions, files, provisions, push log; a full-text search index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 20:30:00

`create()` makes the synced tables; the server store's step s0004 runs it too, so both keep
the same columns. The rest is the laptop's own search index (never synced):

- `content_search`: one row per live content item with an INTEGER PRIMARY KEY (FTS5 needs a
  stable integer key, and `content_item`'s implicit rowid may change on VACUUM), the columns
  the browser filters and sorts on, and the item's tags as words. Triggers on
  `content_item` keep it in step with every insert, update and delete, whoever writes (the
  services, the bulk import, a pulled sync page); a tombstoned item leaves it.
- `content_fts`: an external-content FTS5 index over its title, description and tags, kept
  in step by triggers on `content_search` (re-indexed only when those texts change).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SYNCED_TABLES = ("content_version", "content_file", "content_provision", "library_push")


def _synced_columns(table: str) -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("content_id", sa.String(length=36), nullable=False),
        sa.Column("item_version", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"],
            ["content_item.id"],
            name=op.f(f"fk_{table}_content_id_content_item"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def create() -> None:
    """The synced tables (laptop and server alike)."""
    op.create_table(
        "content_version",
        *_synced_columns("content_version"),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=True),
        sa.Column("replaced_at", sa.DateTime(), nullable=False),
        sa.Column("replaced_by", sa.String(length=254), nullable=False),
    )
    op.create_table(
        "content_file",
        *_synced_columns("content_file"),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "content_provision",
        *_synced_columns("content_provision"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("section", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("answer_type", sa.String(length=16), nullable=False),
    )
    op.create_table(
        "library_push",
        *_synced_columns("library_push"),
        sa.Column("pushed_by", sa.String(length=254), nullable=False),
        sa.Column("pushed_at", sa.DateTime(), nullable=False),
        sa.Column("clients", sa.Integer(), nullable=False),
        sa.Column("templates", sa.Integer(), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
    )
    for table in SYNCED_TABLES:
        op.create_index(op.f(f"ix_{table}_partner_id"), table, ["partner_id"])
        op.create_index(op.f(f"ix_{table}_content_id"), table, ["content_id"])


# The tags as words for the index: '["iso", "isms"]' -> 'iso isms'.
_TAG_WORDS = (
    "coalesce((SELECT group_concat(value, ' ') FROM json_each("
    "CASE WHEN json_valid({0}.tags) THEN {0}.tags ELSE '[]' END)), '')"
)
_PROJECTED = "title, description, tags, library, kind, item_version, price, published, locked"


def _projection(row: str) -> str:
    return (
        f"{row}.title, {row}.description, {_TAG_WORDS.format(row)}, {row}.library, "
        f"{row}.kind, {row}.item_version, {row}.price, {row}.published, {row}.locked"
    )


SEARCH_SCHEMA = [
    # live items only: a tombstoned item leaves the index, an undeleted one comes back
    """
    CREATE TABLE content_search (
        id INTEGER PRIMARY KEY,
        item_id VARCHAR(36) NOT NULL UNIQUE,
        title VARCHAR(300) NOT NULL,
        description TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '',
        library VARCHAR(16) NOT NULL,
        kind VARCHAR(32) NOT NULL,
        item_version VARCHAR(32) NOT NULL,
        price BIGINT,
        published BOOLEAN NOT NULL,
        locked BOOLEAN NOT NULL
    )
    """,
    "CREATE INDEX ix_content_search_title ON content_search (title COLLATE NOCASE)",
    """
    CREATE VIRTUAL TABLE content_fts USING fts5(
        title, description, tags,
        content='content_search', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
    )
    """,
    f"""
    CREATE TRIGGER content_item_search_insert AFTER INSERT ON content_item
    WHEN NOT new.deleted BEGIN
        INSERT INTO content_search (item_id, {_PROJECTED})
        VALUES (new.id, {_projection("new")});
    END
    """,
    f"""
    CREATE TRIGGER content_item_search_update AFTER UPDATE ON content_item BEGIN
        DELETE FROM content_search WHERE item_id = old.id AND new.deleted;
        UPDATE content_search SET ({_PROJECTED}) = ({_projection("new")})
        WHERE item_id = new.id AND NOT new.deleted;
        INSERT INTO content_search (item_id, {_PROJECTED})
        SELECT new.id, {_projection("new")}
        WHERE NOT new.deleted AND NOT EXISTS (
            SELECT 1 FROM content_search WHERE item_id = new.id
        );
    END
    """,
    """
    CREATE TRIGGER content_item_search_delete AFTER DELETE ON content_item BEGIN
        DELETE FROM content_search WHERE item_id = old.id;
    END
    """,
    """
    CREATE TRIGGER content_search_fts_insert AFTER INSERT ON content_search BEGIN
        INSERT INTO content_fts (rowid, title, description, tags)
        VALUES (new.id, new.title, new.description, new.tags);
    END
    """,
    """
    CREATE TRIGGER content_search_fts_delete AFTER DELETE ON content_search BEGIN
        INSERT INTO content_fts (content_fts, rowid, title, description, tags)
        VALUES ('delete', old.id, old.title, old.description, old.tags);
    END
    """,
    """
    CREATE TRIGGER content_search_fts_update AFTER UPDATE ON content_search
    WHEN old.title IS NOT new.title OR old.description IS NOT new.description
        OR old.tags IS NOT new.tags
    BEGIN
        INSERT INTO content_fts (content_fts, rowid, title, description, tags)
        VALUES ('delete', old.id, old.title, old.description, old.tags);
        INSERT INTO content_fts (rowid, title, description, tags)
        VALUES (new.id, new.title, new.description, new.tags);
    END
    """,
    # the items already there
    f"""
    INSERT INTO content_search (item_id, {_PROJECTED})
    SELECT content_item.id, {_projection("content_item")} FROM content_item
    WHERE NOT content_item.deleted
    """,
]


def upgrade() -> None:
    create()
    for statement in SEARCH_SCHEMA:
        op.execute(statement)


def downgrade() -> None:
    for name in ("content_fts", "content_search"):
        op.execute(f"DROP TABLE IF EXISTS {name}")  # its triggers go with it
    for trigger in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS content_item_search_{trigger}")
    for table in reversed(SYNCED_TABLES):
        op.drop_table(table)

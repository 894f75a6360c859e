"""The library's tables as the code uses them (the shape migrations.py builds, at LATEST).

Claims rows keep every column of claims/schema.py CLAIM_FIELDS: a column of its own where the
table has one (lists as JSON text, dates as DATE, NaN as NULL), else inside the row's `extra`
JSON (so a column added to CLAIM_FIELDS later is stored before a migration gives it one).
"""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

articles = sa.Table(
    "library_articles", metadata,
    sa.Column("source_id", sa.Text, primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("published", sa.Date),
    sa.Column("reference_date", sa.Date),
    sa.Column("date_basis", sa.Text, nullable=False),
    sa.Column("source_kind", sa.Text, nullable=False),
    sa.Column("language_note", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("url_norm", sa.Text),
    sa.Column("date_note", sa.Text, nullable=False),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("encoding", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("n_chars", sa.Integer, nullable=False),
    sa.Column("content_hash", sa.Text, nullable=False),
    sa.Column("added_by", sa.Text, nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("extractor_version", sa.Text, nullable=False),
    sa.Column("site", sa.Text, nullable=False),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("extra", sa.Text, nullable=False),
)

claims = sa.Table(
    "library_claims", metadata,
    sa.Column("source_id", sa.Text, primary_key=True),
    sa.Column("claim_id", sa.Text, primary_key=True),
    sa.Column("ord", sa.Integer, nullable=False),
    sa.Column("span_start", sa.Integer, nullable=False),
    sa.Column("span_end", sa.Integer, nullable=False),
    sa.Column("surface", sa.Text, nullable=False),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("section", sa.Text, nullable=False),
    sa.Column("flags", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("unit", sa.Text, nullable=False),
    sa.Column("value", sa.Double),
    sa.Column("value_low", sa.Double),
    sa.Column("value_high", sa.Double),
    sa.Column("qualifier", sa.Text, nullable=False),
    sa.Column("rate_per", sa.Text, nullable=False),
    sa.Column("entities", sa.Text, nullable=False),
    sa.Column("context_entities", sa.Text, nullable=False),
    sa.Column("mention_group", sa.Text, nullable=False),
    sa.Column("published", sa.Date),
    sa.Column("time_start", sa.Date),
    sa.Column("time_end", sa.Date),
    sa.Column("measure", sa.Text, nullable=False),
    sa.Column("modality", sa.Text, nullable=False),
    sa.Column("speaker", sa.Text, nullable=False),
    sa.Column("time_text", sa.Text, nullable=False),
    sa.Column("sentence_start", sa.Integer),
    sa.Column("sentence_end", sa.Integer),
    sa.Column("sentence_norm", sa.Text, nullable=False),
    sa.Column("extra", sa.Text, nullable=False),
)

audit = sa.Table(
    "library_audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("source_id", sa.Text, nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("changes", sa.Text, nullable=False),
)

# Article metadata an editor may change (edit_article); the rest is derived or fixed.
EDITABLE = ("title", "published", "reference_date", "date_basis", "source_kind", "language_note", "url",
            "site", "author", "date_note")
# Article columns that are not metadata.
INTERNAL = ("text", "url_norm", "content_hash", "n_chars", "revision", "extra")

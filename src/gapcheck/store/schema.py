"""The tables of the runs database (SQLAlchemy Core), one definition for SQLite and PostgreSQL.

Input files are content-addressed: a file's bytes are stored once (`gapcheck_blob`, zlib),
a set of files once (`gapcheck_fileset`: an organisation's inputs, or the catalogs), and a run
points at two sets. Saving the example a hundred times with the same catalogs stores the
catalogs once. `gapcheck_run` holds the headline figures lists and trends read (so they never
open the stored result) and the whole result as compressed JSON (what was reported, for
audits); `gapcheck_run_requirement` and `gapcheck_run_measure` hold one row per requirement
and per measure, for compare and for anyone querying the database with SQL.

Changing a table means a new Alembic revision under `migrations/versions/` and a new `HEAD`;
tests/store/test_migrations.py checks that the migrations build exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = [
    "HEAD",
    "blobs",
    "fileset_files",
    "filesets",
    "metadata",
    "run_measures",
    "run_requirements",
    "runs",
]

HEAD = "0001"
"""The Alembic revision these tables are; a database at another revision is upgraded first."""

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

HASH = String(64)  # sha256, hex
IDENT = String(120)  # gapcheck ids (model.common.Id)

blobs = Table(
    "gapcheck_blob",
    metadata,
    Column("sha256", HASH, primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("data", LargeBinary, nullable=False),  # zlib-compressed bytes
)

filesets = Table(
    "gapcheck_fileset",
    metadata,
    Column("hash", HASH, primary_key=True),
    Column("kind", String(16), nullable=False),  # "inputs" or "catalog"
    Column("files", Integer, nullable=False),
)

fileset_files = Table(
    "gapcheck_fileset_file",
    metadata,
    Column(
        "fileset",
        HASH,
        ForeignKey("gapcheck_fileset.hash", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("path", String(400), primary_key=True),
    Column("blob", HASH, ForeignKey("gapcheck_blob.sha256"), nullable=False, index=True),
)

runs = Table(
    "gapcheck_run",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organisation", IDENT, nullable=False),
    Column("organisation_name", Text, nullable=False),
    Column("saved_at", DateTime, nullable=False),  # UTC, without zone (both engines alike)
    Column("saved_by", String(200), nullable=False),
    Column("label", String(200), nullable=True),
    Column("as_of", Date, nullable=False),
    Column("content_hash", HASH, nullable=False),
    Column("inputs_hash", HASH, ForeignKey("gapcheck_fileset.hash"), nullable=False, index=True),
    Column("catalog_hash", HASH, ForeignKey("gapcheck_fileset.hash"), nullable=False, index=True),
    Column("source_versions", JSON, nullable=False),
    Column("pins", JSON, nullable=False),
    Column("gapcheck_version", String(40), nullable=False),
    Column("schema_version", String(16), nullable=False),
    Column("requirements", Integer, nullable=False),
    Column("coverage", Float, nullable=False),
    Column("gaps", Integer, nullable=False),
    Column("totals", JSON, nullable=False),
    Column("sources", JSON, nullable=False),
    Column("result", LargeBinary, nullable=False),  # zlib-compressed AnalysisResult JSON
    Index("ix_gapcheck_run_organisation_saved_at", "organisation", "saved_at"),
)

run_requirements = Table(
    "gapcheck_run_requirement",
    metadata,
    Column("run", String(36), ForeignKey("gapcheck_run.id", ondelete="CASCADE"), primary_key=True),
    Column("requirement", IDENT, primary_key=True),
    Column("source", IDENT, nullable=False),
    Column("ref", String(200), nullable=False),
    Column("title", JSON, nullable=True),
    Column("role", String(16), nullable=False),
    Column("counted", Boolean, nullable=False),
    Column("applicable", Boolean, nullable=False),
    Column("category", String(20), nullable=False),
    Column("coverage", Float, nullable=False),
    Column("priority", Integer, nullable=True),
    Column("projected", JSON, nullable=False),
    Column("next_step", JSON, nullable=True),
    Column("closing", JSON, nullable=False),
)

run_measures = Table(
    "gapcheck_run_measure",
    metadata,
    Column("run", String(36), ForeignKey("gapcheck_run.id", ondelete="CASCADE"), primary_key=True),
    Column("measure", IDENT, primary_key=True),
    Column("title", Text, nullable=False),
    Column("status", String(32), nullable=False),
    Column("due", Date, nullable=True),
    Column("owner", Text, nullable=True),
)

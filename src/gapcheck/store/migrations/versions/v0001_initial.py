"""Saved runs: content-addressed input files, runs, per-requirement and per-measure rows.

Revision ID: 0001
Revises:
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gapcheck_blob",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_gapcheck_blob"),
    )
    op.create_table(
        "gapcheck_fileset",
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("files", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hash", name="pk_gapcheck_fileset"),
    )
    op.create_table(
        "gapcheck_fileset_file",
        sa.Column("fileset", sa.String(64), nullable=False),
        sa.Column("path", sa.String(400), nullable=False),
        sa.Column("blob", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["fileset"],
            ["gapcheck_fileset.hash"],
            name="fk_gapcheck_fileset_file_fileset_gapcheck_fileset",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["blob"], ["gapcheck_blob.sha256"], name="fk_gapcheck_fileset_file_blob_gapcheck_blob"
        ),
        sa.PrimaryKeyConstraint("fileset", "path", name="pk_gapcheck_fileset_file"),
    )
    op.create_index("ix_gapcheck_fileset_file_blob", "gapcheck_fileset_file", ["blob"])
    op.create_table(
        "gapcheck_run",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("organisation", sa.String(120), nullable=False),
        sa.Column("organisation_name", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("saved_by", sa.String(200), nullable=False),
        sa.Column("label", sa.String(200), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("inputs_hash", sa.String(64), nullable=False),
        sa.Column("catalog_hash", sa.String(64), nullable=False),
        sa.Column("source_versions", sa.JSON(), nullable=False),
        sa.Column("pins", sa.JSON(), nullable=False),
        sa.Column("gapcheck_version", sa.String(40), nullable=False),
        sa.Column("schema_version", sa.String(16), nullable=False),
        sa.Column("requirements", sa.Integer(), nullable=False),
        sa.Column("coverage", sa.Float(), nullable=False),
        sa.Column("gaps", sa.Integer(), nullable=False),
        sa.Column("totals", sa.JSON(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("result", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inputs_hash"],
            ["gapcheck_fileset.hash"],
            name="fk_gapcheck_run_inputs_hash_gapcheck_fileset",
        ),
        sa.ForeignKeyConstraint(
            ["catalog_hash"],
            ["gapcheck_fileset.hash"],
            name="fk_gapcheck_run_catalog_hash_gapcheck_fileset",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_gapcheck_run"),
    )
    op.create_index("ix_gapcheck_run_inputs_hash", "gapcheck_run", ["inputs_hash"])
    op.create_index("ix_gapcheck_run_catalog_hash", "gapcheck_run", ["catalog_hash"])
    op.create_index(
        "ix_gapcheck_run_organisation_saved_at", "gapcheck_run", ["organisation", "saved_at"]
    )
    op.create_table(
        "gapcheck_run_requirement",
        sa.Column("run", sa.String(36), nullable=False),
        sa.Column("requirement", sa.String(120), nullable=False),
        sa.Column("source", sa.String(120), nullable=False),
        sa.Column("ref", sa.String(200), nullable=False),
        sa.Column("title", sa.JSON(), nullable=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("counted", sa.Boolean(), nullable=False),
        sa.Column("applicable", sa.Boolean(), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("coverage", sa.Float(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=True),
        sa.Column("projected", sa.JSON(), nullable=False),
        sa.Column("next_step", sa.JSON(), nullable=True),
        sa.Column("closing", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run"],
            ["gapcheck_run.id"],
            name="fk_gapcheck_run_requirement_run_gapcheck_run",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run", "requirement", name="pk_gapcheck_run_requirement"),
    )
    op.create_table(
        "gapcheck_run_measure",
        sa.Column("run", sa.String(36), nullable=False),
        sa.Column("measure", sa.String(120), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("owner", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run"],
            ["gapcheck_run.id"],
            name="fk_gapcheck_run_measure_run_gapcheck_run",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run", "measure", name="pk_gapcheck_run_measure"),
    )


def downgrade() -> None:
    op.drop_table("gapcheck_run_measure")
    op.drop_table("gapcheck_run_requirement")
    op.drop_index("ix_gapcheck_run_organisation_saved_at", table_name="gapcheck_run")
    op.drop_index("ix_gapcheck_run_catalog_hash", table_name="gapcheck_run")
    op.drop_index("ix_gapcheck_run_inputs_hash", table_name="gapcheck_run")
    op.drop_table("gapcheck_run")
    op.drop_index("ix_gapcheck_fileset_file_blob", table_name="gapcheck_fileset_file")
    op.drop_table("gapcheck_fileset_file")
    op.drop_table("gapcheck_fileset")
    op.drop_table("gapcheck_blob")

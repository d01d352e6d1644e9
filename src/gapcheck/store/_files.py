"""The file store under the runs: file sets (a run's inputs, its catalog) and their blobs.

Each file's bytes are stored once, compressed, under their sha256 (`blobs`); a file set is its
paths and their blobs under the hash of the whole set (`filesets`, `fileset_files`), so runs
of the same catalog share one set and nothing is compressed twice. `gapcheck.store.repo`
(the runs) writes sets with `store_files`, reads them with `read_files` (re-exported there) and
removes what no run needs any more with `drop_unused_files`. Every function takes a
connection inside the caller's transaction.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, exists, insert, select, union
from sqlalchemy.dialects import postgresql, sqlite

from gapcheck.store.schema import blobs, fileset_files, filesets, runs

__all__ = ["FileSet", "chunks", "drop_unused_files", "read_files", "store_files"]


@dataclass(frozen=True)
class FileSet:
    """Files by path (relative, '/'-separated) and the hash of the whole set."""

    kind: str
    hash: str
    files: Mapping[str, bytes]
    digests: Mapping[str, str]  # path → sha256 of the bytes


def _insert_ignoring(conn: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT … ON CONFLICT DO NOTHING: two savers may store the same file at once."""
    if not rows:
        return
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.execute(postgresql.insert(table).on_conflict_do_nothing(), rows)
    elif dialect == "sqlite":
        conn.execute(sqlite.insert(table).on_conflict_do_nothing(), rows)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        conn.execute(insert(table), rows)


def store_files(conn: Connection, files: FileSet) -> None:
    """Store the set and each of its blobs not stored yet."""
    if conn.execute(select(filesets.c.hash).where(filesets.c.hash == files.hash)).first():
        return  # stored before (the same catalogs as a previous run): nothing to compress
    wanted = set(files.digests.values())
    have = {
        row[0]
        for chunk in chunks(sorted(wanted), 500)
        for row in conn.execute(select(blobs.c.sha256).where(blobs.c.sha256.in_(chunk)))
    }
    new_blobs = {}
    for path, digest in files.digests.items():
        if digest not in have and digest not in new_blobs:
            data = files.files[path]
            new_blobs[digest] = {"sha256": digest, "size": len(data), "data": zlib.compress(data)}
    _insert_ignoring(conn, blobs, list(new_blobs.values()))
    _insert_ignoring(
        conn, filesets, [{"hash": files.hash, "kind": files.kind, "files": len(files.files)}]
    )
    _insert_ignoring(
        conn,
        fileset_files,
        [
            {"fileset": files.hash, "path": path, "blob": digest}
            for path, digest in sorted(files.digests.items())
        ],
    )


def chunks(items: list[str], size: int) -> Iterable[list[str]]:
    """`items` in lists of at most `size` (an IN (...) with a bounded number of values)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def read_files(
    conn: Connection, fileset: str, with_data: bool = True
) -> dict[str, tuple[str, int, bytes]]:
    """path → (sha256, size, bytes; empty without `with_data`) of one stored file set."""
    cols = [fileset_files.c.path, blobs.c.sha256, blobs.c.size]
    if with_data:
        cols.append(blobs.c.data)
    query = (
        select(*cols)
        .join(blobs, blobs.c.sha256 == fileset_files.c.blob)
        .where(fileset_files.c.fileset == fileset)
    )
    out: dict[str, tuple[str, int, bytes]] = {}
    for row in conn.execute(query):
        data = zlib.decompress(row[3]) if with_data else b""
        out[row[0]] = (row[1], row[2], data)
    return out


def drop_unused_files(conn: Connection) -> None:
    """Delete every file set no run names any more, then every blob no set holds."""
    used = union(select(runs.c.inputs_hash), select(runs.c.catalog_hash)).subquery()
    unused = select(filesets.c.hash).where(filesets.c.hash.not_in(select(used.c[0])))
    conn.execute(delete(fileset_files).where(fileset_files.c.fileset.in_(unused)))
    conn.execute(delete(filesets).where(filesets.c.hash.in_(unused)))
    referenced = exists().where(fileset_files.c.blob == blobs.c.sha256)
    conn.execute(delete(blobs).where(~referenced))

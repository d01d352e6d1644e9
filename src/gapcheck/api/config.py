"""API settings: `GAPCHECK_*` environment variables, then an optional YAML config file.

Precedence, highest first: values passed in code (`gapcheck serve` options), environment
variables, the config file named by `GAPCHECK_CONFIG`, the defaults below. Relative paths in
the config file are taken relative to the file's folder; elsewhere relative to the working
directory. Tokens appear only as `sha256:` hashes (make one with `gapcheck token`), each with
the organisations it may read.

The config file is read with gapcheck's own strict YAML reader (`gapcheck.catalog.yamlio`):
UTF-8 only, duplicate keys are errors, `yes`/`no` stay strings, and every problem names the
file and line.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from gapcheck.api.tokens import ALL_ORGS, HASH_PATTERN, ORG_ID_PATTERN
from gapcheck.catalog.yamlio import YamlDoc, read_yaml
from gapcheck.errors import InputError, Problem

__all__ = ["ALL_ORGS", "Scope", "Settings", "TokenSpec", "load_settings"]

Scope = Literal["read", "write"]
_ORG_ID = re.compile(ORG_ID_PATTERN)


class TokenSpec(BaseModel):
    """One accepted token: its hash, what it may do, and a label for humans."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    hash: str = Field(pattern=HASH_PATTERN, description="`sha256:` + hex digest of the token")
    scopes: frozenset[Scope] = Field(
        default=frozenset({"read"}), description="`read`; `write` (reload) includes `read`"
    )
    name: str = Field(default="", max_length=100, description="who holds it, for people")
    orgs: frozenset[str] = Field(
        description="the organisations (folder names) it may read; `*` for every one, "
        "only when meant (the city-wide endpoints need it)"
    )

    @field_validator("orgs")
    @classmethod
    def _org_ids(cls, value: frozenset[str]) -> frozenset[str]:
        for org in sorted(value):
            if org != ALL_ORGS and not _ORG_ID.fullmatch(org):
                raise ValueError(
                    f"'{org[:64]}' is not an organisation folder name ({ORG_ID_PATTERN}) or '*'"
                )
        if ALL_ORGS in value and len(value) > 1:
            raise ValueError("'*' already means every organisation: list it alone")
        return value

    def allows(self, scope: Scope) -> bool:
        """Whether this token grants `scope`; `write` includes `read`."""
        return scope in self.scopes or (scope == "read" and "write" in self.scopes)

    def may_read(self, org: str) -> bool:
        """Whether this token may see organisation `org` (by its folder name)."""
        return ALL_ORGS in self.orgs or org in self.orgs

    @property
    def reads_all(self) -> bool:
        """Whether this token may see every organisation (`*`), as city-wide answers need."""
        return ALL_ORGS in self.orgs


class Settings(BaseSettings):
    """Everything the API server reads at start-up."""

    model_config = SettingsConfigDict(
        env_prefix="GAPCHECK_", extra="forbid", frozen=True, validate_default=True
    )

    config: Path | None = Field(default=None, description="YAML config file (GAPCHECK_CONFIG)")
    orgs_dirs: Annotated[list[Path], NoDecode] = Field(
        default_factory=list,
        description="Folders holding organisation folders (or being one). In the environment: "
        "a JSON list or paths separated by the OS path separator.",
    )
    catalog_dir: Path | None = Field(
        default=None, description="Folder with controls/ and mappings/ (default: shipped)"
    )
    tokens: list[TokenSpec] = Field(default_factory=list, description="accepted token hashes")
    max_body_bytes: int = Field(default=64 * 1024, ge=0, le=64 * 1024 * 1024)
    cache_size: int = Field(default=64, ge=1, le=4096, description="analyses kept in memory")
    check_interval: float = Field(
        default=1.0,
        ge=0,
        le=3600,
        description="at most this often (seconds) compare the input files with what was "
        "loaded; 0 checks on every request. A reload always re-reads at once.",
    )
    public_docs: bool = Field(
        default=True, description="serve /docs and the OpenAPI document without a token"
    )
    audit_log: str = Field(
        default="stderr",
        min_length=1,
        description="where the one-JSON-line-per-request audit log goes: `stderr`, `off`, "
        "or a file (appended to)",
    )
    report_workers: int = Field(
        default=1, ge=1, le=16, description="workbooks generated at the same time"
    )
    report_queue: int = Field(
        default=4,
        ge=0,
        le=256,
        description="workbook requests that may wait for a worker; more get 503 + Retry-After",
    )

    @field_validator("orgs_dirs", mode="before")
    @classmethod
    def _split_dirs(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part for part in text.split(os.pathsep) if part]
        return value

    @field_validator("tokens")
    @classmethod
    def _unique_hashes(cls, value: list[TokenSpec]) -> list[TokenSpec]:
        seen: set[str] = set()
        for spec in value:
            if spec.hash in seen:
                raise ValueError(f"token hash {spec.hash[:15]}… is listed twice")
            seen.add(spec.hash)
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _ConfigFileSource(settings_cls))


class _ConfigFileSource(PydanticBaseSettingsSource):
    """The YAML file named by the `config` setting (from code or GAPCHECK_CONFIG)."""

    _PATHS = ("catalog_dir", "audit_log")
    _NOT_PATHS = ("stderr", "off")

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ reads the whole file

    def __call__(self) -> dict[str, Any]:
        named = self.current_state.get("config")
        if not named:
            return {}
        path = Path(str(named)).expanduser()
        doc = read_config(path)
        data = doc.data
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise _ConfigFileError([Problem(str(path), 1, None, "not a mapping of settings", _FIX)])
        data = dict(data)
        data.pop("config", None)
        base = path.parent
        for key in self._PATHS:
            value = data.get(key)
            if isinstance(value, str) and value not in self._NOT_PATHS:
                data[key] = str(base / value)
        if isinstance(data.get("orgs_dirs"), list):
            data["orgs_dirs"] = [
                str(base / d) if isinstance(d, str) else d for d in data["orgs_dirs"]
            ]
        return data


_FIX = "see docs/api.md for the settings"


class _ConfigFileError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def read_config(path: Path) -> YamlDoc:
    """The config file, parsed strictly; _ConfigFileError naming file and line if it is not."""
    try:
        doc, problems = read_yaml(path, str(path))
    except Exception as exc:  # the reader must never turn a bad file into a traceback
        problems, doc = (
            [
                Problem(
                    str(path),
                    None,
                    None,
                    f"cannot be read as YAML ({type(exc).__name__})",
                    "write plain YAML: no explicit tags such as !!int",
                )
            ],
            None,
        )
    if doc is None:
        raise _ConfigFileError(
            [p if p.hint else Problem(p.file, p.line, p.entry, p.message, _FIX) for p in problems]
        )
    return doc


def _config_line(
    named: str | None, loc: tuple[int | str, ...], overrides: dict[str, Any]
) -> tuple[str, int | None] | None:
    """(file, line) of a setting in the config file, when its value comes from there."""
    if not named or not loc or loc[0] in overrides:
        return None
    if os.environ.get(f"GAPCHECK_{str(loc[0]).upper()}") is not None:
        return None  # the environment's value wins over the file's
    try:
        doc = read_config(Path(named).expanduser())
    except _ConfigFileError:
        return None
    if not isinstance(doc.data, dict) or loc[0] not in doc.data:
        return None
    return named, doc.line_of(loc)


def load_settings(**overrides: Any) -> Settings:
    """Settings from code overrides, the environment and the config file; InputError if wrong."""
    named = overrides.get("config") or os.environ.get("GAPCHECK_CONFIG") or None
    where = str(named or "environment")
    try:
        return Settings(**overrides)
    except _ConfigFileError as exc:
        raise InputError(exc.problems) from None
    except SettingsError as exc:
        raise InputError([Problem(where, None, None, str(exc), _FIX)]) from None
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_input=False):
            loc = tuple(err["loc"])
            file, line = _config_line(str(named) if named else None, loc, overrides) or (
                where,
                None,
            )
            entry = ".".join(str(p) for p in loc) or None
            problems.append(Problem(file, line, entry, err["msg"], _FIX))
        raise InputError(problems) from None

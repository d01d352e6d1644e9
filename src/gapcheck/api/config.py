"""API settings: `GAPCHECK_*` environment variables, then an optional YAML config file.

Precedence, highest first: values passed in code (`gapcheck serve` options), environment
variables, the config file named by `GAPCHECK_CONFIG`, the defaults below. Relative paths in
the config file are taken relative to the file's folder; elsewhere relative to the working
directory. Tokens appear only as `sha256:` hashes (make one with `gapcheck token`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from gapcheck.api.tokens import HASH_PATTERN
from gapcheck.errors import InputError, Problem

__all__ = ["Scope", "Settings", "TokenSpec", "load_settings"]

Scope = Literal["read", "write"]


class TokenSpec(BaseModel):
    """One accepted token: its hash, what it may do, and a label for humans."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    hash: str = Field(pattern=HASH_PATTERN, description="`sha256:` + hex digest of the token")
    scopes: frozenset[Scope] = Field(
        default=frozenset({"read"}), description="`read`; `write` (reload) includes `read`"
    )
    name: str = Field(default="", max_length=100, description="who holds it, for people")

    def allows(self, scope: Scope) -> bool:
        """Whether this token grants `scope`; `write` includes `read`."""
        return scope in self.scopes or (scope == "read" and "write" in self.scopes)


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

    _PATHS = ("catalog_dir",)

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ reads the whole file

    def __call__(self) -> dict[str, Any]:
        named = self.current_state.get("config")
        if not named:
            return {}
        path = Path(str(named)).expanduser()
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise _ConfigFileError(str(path), f"cannot read it: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise _ConfigFileError(str(path), f"not valid YAML: {exc}") from None
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise _ConfigFileError(str(path), "the config file must be a mapping of settings")
        data.pop("config", None)
        base = path.parent
        for key in self._PATHS:
            if isinstance(data.get(key), str):
                data[key] = str(base / data[key])
        if isinstance(data.get("orgs_dirs"), list):
            data["orgs_dirs"] = [
                str(base / d) if isinstance(d, str) else d for d in data["orgs_dirs"]
            ]
        return data


class _ConfigFileError(Exception):
    def __init__(self, file: str, message: str) -> None:
        self.file = file
        self.message = message
        super().__init__(f"{file}: {message}")


def load_settings(**overrides: Any) -> Settings:
    """Settings from code overrides, the environment and the config file; InputError if wrong."""
    where = str(overrides.get("config") or os.environ.get("GAPCHECK_CONFIG") or "environment")
    fix = "see docs/api.md for the GAPCHECK_* settings"
    try:
        return Settings(**overrides)
    except _ConfigFileError as exc:
        raise InputError([Problem(exc.file, None, None, exc.message, fix)]) from None
    except SettingsError as exc:
        raise InputError([Problem(where, None, None, str(exc), fix)]) from None
    except ValidationError as exc:
        problems = [
            Problem(
                where,
                None,
                ".".join(str(p) for p in err["loc"]) or None,
                err["msg"],
                fix,
            )
            for err in exc.errors(include_input=False)
        ]
        raise InputError(problems) from None

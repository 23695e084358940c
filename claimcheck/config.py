"""Lint settings from ``[tool.claimcheck]`` in pyproject.toml or a ``.claimcheck.toml``.

The file is found by walking up from the linted file's folder; in one folder
``.claimcheck.toml`` wins over pyproject.toml, and a pyproject.toml without a
``[tool.claimcheck]`` table is passed over. Validation is strict: an unknown key
or a bad value is an error naming the file and the key. Precedence: command line
over config file over defaults. Relative paths in a config file are taken
relative to that file's folder.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from claimcheck.errors import ClaimcheckError
from claimcheck.types import LintSettings

CONFIG_NAMES = (".claimcheck.toml", "pyproject.toml")
#: Every key a config file may set, with what it means (shown by ``claimcheck config``).
KEYS = {
    "evidence": "evidence directory",
    "extra_evidence": "further evidence directories, loaded alongside",
    "jurisdiction": "which regulatory rules to cite: all, us, uk, eu, kr, au, tw",
    "min_level": "quietest level reported: error, warning or note",
    "fail_on": "exit 1 when a claim is at least this bad: unsupported, overstated, never",
    "skip_types": "claim types not reported (a claim is skipped when all its types are)",
}
DEFAULT = "default"
COMMAND_LINE = "command line"


class ConfigError(ClaimcheckError):
    """A config file that cannot be read or fails validation; the message names file and key."""


@dataclass(frozen=True)
class EffectiveConfig:
    """The settings in force and, for each key, where its value came from."""

    settings: LintSettings
    origins: dict[str, str]
    file: Path | None


def _claimcheck_table(path: Path) -> dict[str, Any] | None:
    """The settings table of a config file, or None for a pyproject.toml without one."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool", {})
    table = tool.get("claimcheck") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.claimcheck] must be a table")
    return table


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a file or a folder)."""
    here = start.resolve()
    folder = here if here.is_dir() else here.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _claimcheck_table(path) is not None):
                return path
    return None


def _where(path: Path) -> str:
    return f"{path} [tool.claimcheck]" if path.name == "pyproject.toml" else str(path)


def _paths(path: Path, key: str, value: object) -> str | tuple[str, ...]:
    """Directories named in a config file, resolved against its folder and checked to exist."""
    items = [value] if key == "evidence" else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        expected = "a string" if key == "evidence" else "a list of strings"
        raise ConfigError(f"{_where(path)}: key '{key}': expected {expected}, got {value!r}")
    resolved = []
    for item in items:
        folder = (path.parent / item).resolve()
        if not folder.is_dir():
            raise ConfigError(f"{_where(path)}: key '{key}': {folder} is not a directory")
        resolved.append(str(folder))
    return resolved[0] if key == "evidence" else tuple(resolved)


def read_config(path: Path) -> dict[str, object]:
    """The validated values set in one config file."""
    table = _claimcheck_table(path) or {}
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{_where(path)}: unknown key '{unknown[0]}'; known keys: {', '.join(KEYS)}")
    values = {k: _paths(path, k, v) if k in ("evidence", "extra_evidence") else v for k, v in table.items()}
    _validate(values, {k: _where(path) for k in values})
    return values


def _validate(values: dict[str, object], origins: dict[str, str]) -> LintSettings:
    try:
        return LintSettings.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else "(top level)"
        where = origins.get(key, DEFAULT)
        raise ConfigError(f"{where}: key '{key}': {first['msg']} (got {first['input']!r})") from exc


def resolve(start: Path, overrides: dict[str, object], config_file: Path | None = None) -> EffectiveConfig:
    """Settings for a file at ``start``: defaults, then its config file, then ``overrides`` (CLI)."""
    path = config_file or find_config(start)
    if config_file is not None and not config_file.is_file():
        raise ConfigError(f"{config_file}: no such config file")
    from_file = read_config(path) if path else {}
    given = {k: v for k, v in overrides.items() if v is not None and v != ()}
    unknown = sorted(set(given) - set(KEYS))
    if unknown:
        raise ConfigError(f"{COMMAND_LINE}: unknown setting '{unknown[0]}'")
    origins = {k: DEFAULT for k in KEYS}
    origins.update({k: _where(path) for k in from_file} if path else {})
    origins.update({k: COMMAND_LINE for k in given})
    settings = _validate({**from_file, **given}, origins)
    return EffectiveConfig(settings=settings, origins=origins, file=path)


def describe(config: EffectiveConfig, start: str) -> str:
    """The effective settings as TOML, each with a comment saying where it came from."""
    from claimcheck.evidence import default_evidence_dir

    values = config.settings.model_dump(mode="json")
    if values["evidence"] is None:
        values["evidence"] = str(default_evidence_dir())
    lines = [f"# effective settings for {start}", f"# config file: {_where(config.file) if config.file else 'none found'}"]
    for key in KEYS:
        rendered = _toml_value(values[key])
        lines.append(f"{key + ' = ' + rendered:<60} # {config.origins[key]}")
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'

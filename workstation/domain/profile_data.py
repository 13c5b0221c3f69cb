"""Reading fields of the profile data files (resources/profiles/*/*.toml) with messages that name
the file, the row and the field; shared by every rule module that loads a profile file."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

Parsed = TypeVar("Parsed")


class ProfileDataError(ValueError):
    """A profile data file is malformed; the message names the file, the row and the field."""


def read_toml(source: str, file: str, error: type[ProfileDataError],
              parse: Callable[[dict[str, Any]], Parsed]) -> Parsed:
    """``source`` read as TOML and given to ``parse``. Any problem is raised as ``error`` and
    names ``file``: a TOML syntax error, or one the shared field readers raise (they name the
    table and the key, not the file); an ``error`` from ``parse`` already says it all."""
    try:
        doc = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{file}: {exc}") from exc
    try:
        return parse(doc)
    except error:
        raise
    except ProfileDataError as exc:
        raise error(f"{file}: {exc}") from exc


def text(row: Mapping[str, Any], key: str, where: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ProfileDataError(f"{where}: {key} must be a non-empty string")
    return value


def text_list(row: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileDataError(f"{where}: {key} must be a list of strings")
    return value


def flag(row: Mapping[str, Any], key: str, where: str) -> bool:
    value = row.get(key)
    if not isinstance(value, bool):
        raise ProfileDataError(f"{where}: {key} must be true or false")
    return value

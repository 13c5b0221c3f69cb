"""Reading fields of the profile data files (resources/profiles/*/*.toml) with messages that name
the file, the row and the field; shared by every rule module that loads a profile file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ProfileDataError(ValueError):
    """A profile data file is malformed; the message names the file, the row and the field."""


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

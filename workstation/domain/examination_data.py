"""Reading a profile's ``examination.toml`` into ``ExaminationRules``, strictly: an unknown key,
rule, filing type or reason, a UCC reason outside the 9-516(b) grounds, a check selecting no
filing type, all refused naming the table, the row and the key (see examination.py for what the
rules mean and how they are evaluated)."""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import Any

from workstation.domain.examination import (
    DECIDED_BY,
    MONEY,
    RULES,
    UCC_RULES,
    Check,
    ExaminationRules,
    ExaminationRulesError,
    Reason,
)
from workstation.domain.filing_types import ANY, FilingCatalogue, ServiceType
from workstation.domain.ucc import RefusalGround

_TOP = frozenset({"reason", "check"})
_REASON_KEYS = frozenset({"code", "category", "label", "cure", "citation", "applies_to", "money",
                          "source", "verified", "note"})
_UCC_REASON_KEYS = frozenset({"code", "applies_to", "cure", "money", "source", "verified",
                              "note"})
_SELECTORS = ("filing_types", "services", "work_levels", "creates_entity", "on_record")
_CHECK_KEYS = frozenset({"code", "label", "citation", "decided_by", "rule", "fields",
                         "fails_with", "note", "exclude", *_SELECTORS})


def parse(text: str, catalogue: FilingCatalogue,
           grounds: Collection[str] | Collection[RefusalGround]) -> ExaminationRules:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ExaminationRulesError(f"examination.toml: {exc}") from exc
    if unknown := sorted(set(doc) - _TOP):
        raise ExaminationRulesError(f"examination.toml: unknown table or key "
                                    f"{', '.join(unknown)}; known: reason, check")
    by_ground = _grounds(grounds)
    reasons = tuple(_reason(row, n, catalogue, by_ground)
                    for n, row in enumerate(_rows(doc, "reason"), 1))
    if not reasons:
        raise ExaminationRulesError("[[reason]]: at least one reason is required")
    _unique([r.code for r in reasons], "[[reason]] code")
    by_code = {r.code: r for r in reasons}
    checks = tuple(_check(row, n, catalogue, by_code)
                   for n, row in enumerate(_rows(doc, "check"), 1))
    _one_code_per_list(checks)
    covered = {code for check in checks for code in check.filing_types}
    if missing := [t.code for t in catalogue if t.code not in covered]:
        raise ExaminationRulesError(f"[[check]]: no checklist for filing type "
                                    f"{', '.join(missing)}; every filing type needs one")
    return ExaminationRules(reasons, checks, catalogue)


def _grounds(grounds: Collection[str] | Collection[RefusalGround]
             ) -> dict[str, RefusalGround | None]:
    found: dict[str, RefusalGround | None] = {}
    for ground in grounds:
        if isinstance(ground, RefusalGround):
            found[ground.code] = ground
        else:
            found[str(ground)] = None
    return found


def _reason(row: dict[str, Any], number: int, catalogue: FilingCatalogue,
            grounds: Mapping[str, RefusalGround | None]) -> Reason:
    where = _where("reason", number, row)
    code = _text(row, "code", where)
    applies = _applies_to(row, where, catalogue)
    ucc_types = sorted(c for c in applies if catalogue.get(c).service is ServiceType.UCC)
    if code in grounds:
        _known(row, _UCC_REASON_KEYS, where,
               hint="a UCC refusal ground's label and citation come from ucc.toml")
        if others := sorted(applies - set(ucc_types)):
            raise ExaminationRulesError(
                f"{where} applies_to: a UCC refusal ground applies to UCC filing types only, "
                f"not {', '.join(others)}")
        ground = grounds[code]
        label = (ground.text if ground is not None
                 else f"Refused under UCC 9-516(b) ({code}).")
        citation = (f"{ground.citation} (UCC {ground.basis})" if ground is not None
                    else "UCC 9-516(b)")
        category = "UCC refusal"
    else:
        if ucc_types:
            raise ExaminationRulesError(
                f"{where} applies_to: a UCC record is refused only on a 9-516(b) ground "
                f"(ucc.toml [[refusal_ground]]: {', '.join(sorted(grounds)) or 'none given'}); "
                f"{code} is not one, so it cannot apply to {', '.join(ucc_types)}")
        _known(row, _REASON_KEYS, where)
        label = _text(row, "label", where)
        citation = _text(row, "citation", where)
        category = _text(row, "category", where)
    money = row.get("money")
    if money not in MONEY:
        raise ExaminationRulesError(f"{where} money: one of {', '.join(MONEY)}, not {money!r}")
    return Reason(code=code, category=category, label=label, cure=_text(row, "cure", where),
                  citation=citation, applies_to=applies, money=money,
                  source=_text(row, "source", where), verified=_flag(row, "verified", where),
                  ucc_ground=code in grounds, note=_optional_text(row, "note", where))


def _applies_to(row: dict[str, Any], where: str, catalogue: FilingCatalogue) -> frozenset[str]:
    values = _text_list(row, "applies_to", where)
    if not values:
        raise ExaminationRulesError(f"{where} applies_to: name at least one filing type, "
                                    "service or \"*\"")
    services = {s.value for s in ServiceType}
    codes: set[str] = set()
    for value in values:
        if value == ANY:
            codes |= {t.code for t in catalogue if t.service is not ServiceType.UCC}
        elif value in services:
            codes |= {t.code for t in catalogue if t.service.value == value}
        elif value in catalogue:
            codes.add(catalogue.get(value).code)
        else:
            raise ExaminationRulesError(f"{where} applies_to: {value!r} is not a filing type "
                                        f"of filing_types.toml, a service or \"*\"")
    if not codes:
        raise ExaminationRulesError(f"{where} applies_to: selects no filing type")
    return frozenset(codes)


def _check(row: dict[str, Any], number: int, catalogue: FilingCatalogue,
           reasons: Mapping[str, Reason]) -> Check:
    where = _where("check", number, row)
    _known(row, _CHECK_KEYS, where)
    code = _text(row, "code", where)
    decided_by = row.get("decided_by")
    if decided_by not in DECIDED_BY:
        raise ExaminationRulesError(f"{where} decided_by: one of {', '.join(DECIDED_BY)}, "
                                    f"not {decided_by!r}")
    rule, fields = _rule(row, where, decided_by == "system")
    selected = _select(row, where, catalogue)
    if rule in UCC_RULES and (others := sorted(
            c for c in selected if catalogue.get(c).service is not ServiceType.UCC)):
        raise ExaminationRulesError(f"{where} rule: {rule} is for UCC records, not "
                                    f"{', '.join(others)}")
    fails_with = _text(row, "fails_with", where)
    reason = reasons.get(fails_with)
    if reason is None:
        raise ExaminationRulesError(f"{where} fails_with: {fails_with!r} is not a reason of "
                                    "the catalogue ([[reason]])")
    if outside := sorted(selected - reason.applies_to):
        raise ExaminationRulesError(f"{where} fails_with: {fails_with} does not apply to "
                                    f"{', '.join(outside)} (its applies_to)")
    return Check(code=code, label=_text(row, "label", where),
                 citation=_text(row, "citation", where), decided_by=str(decided_by),
                 fails_with=fails_with, filing_types=selected, rule=rule,
                 fields=MappingProxyType(fields), note=_optional_text(row, "note", where))


def _rule(row: dict[str, Any], where: str, system: bool) -> tuple[str | None, dict[str, str]]:
    rule = row.get("rule")
    if not system:
        if "rule" in row or "fields" in row:
            raise ExaminationRulesError(f"{where}: an examiner check has no rule or fields")
        return None, {}
    if rule not in RULES:
        raise ExaminationRulesError(f"{where} rule: one of {', '.join(sorted(RULES))}, "
                                    f"not {rule!r}")
    fields = row.get("fields")
    if rule != "required_fields":
        if fields is not None:
            raise ExaminationRulesError(f"{where} fields: only for rule required_fields")
        return str(rule), {}
    if (not isinstance(fields, dict) or not fields
            or not all(isinstance(v, str) and v.strip() for v in fields.values())):
        raise ExaminationRulesError(f"{where} fields: a table of field key = \"what the letter "
                                    "calls it\" is required for rule required_fields")
    return str(rule), {str(k): str(v) for k, v in fields.items()}


def _select(row: dict[str, Any], where: str, catalogue: FilingCatalogue) -> frozenset[str]:
    if not any(key in row for key in _SELECTORS):
        raise ExaminationRulesError(f"{where}: say which filing types it is for (one of "
                                    f"{', '.join(_SELECTORS)})")
    selected = list(catalogue)
    if "filing_types" in row:
        codes = _codes(row, "filing_types", where, catalogue)
        if ANY not in codes:
            selected = [t for t in selected if t.code in codes]
    if "services" in row:
        services = _text_list(row, "services", where)
        valid = {s.value for s in ServiceType}
        if bad := [s for s in services if s not in valid]:
            raise ExaminationRulesError(f"{where} services: {', '.join(bad)} unknown; known: "
                                        f"{', '.join(sorted(valid))}")
        selected = [t for t in selected if t.service.value in services]
    if "work_levels" in row:
        levels = row["work_levels"]
        if (not isinstance(levels, list) or not levels
                or not all(level in (1, 2, 3) and not isinstance(level, bool)
                           for level in levels)):
            raise ExaminationRulesError(f"{where} work_levels: a list of 1, 2 or 3")
        selected = [t for t in selected if t.work_level in levels]
    if "creates_entity" in row:
        creates = _flag(row, "creates_entity", where)
        selected = [t for t in selected if t.creates_entity is creates]
    if "on_record" in row:
        on_record = _flag(row, "on_record", where)
        selected = [t for t in selected if t.on_existing_record is on_record]
    if "exclude" in row:
        excluded = _codes(row, "exclude", where, catalogue) - {ANY}
        selected = [t for t in selected if t.code not in excluded]
    if not selected:
        raise ExaminationRulesError(f"{where}: selects no filing type")
    return frozenset(t.code for t in selected)


def _codes(row: dict[str, Any], key: str, where: str, catalogue: FilingCatalogue
           ) -> set[str]:
    values = _text_list(row, key, where)
    if not values:
        raise ExaminationRulesError(f"{where} {key}: name at least one filing type")
    codes: set[str] = set()
    for value in values:
        if value == ANY:
            codes.add(ANY)
        elif value in catalogue:
            codes.add(catalogue.get(value).code)
        else:
            raise ExaminationRulesError(f"{where} {key}: {value!r} is not a filing type of "
                                        "filing_types.toml")
    return codes


def _one_code_per_list(checks: tuple[Check, ...]) -> None:
    seen: dict[tuple[str, str], int] = {}
    for number, check in enumerate(checks, 1):
        for filing_type in sorted(check.filing_types):
            first = seen.setdefault((filing_type, check.code), number)
            if first != number:
                raise ExaminationRulesError(
                    f"[[check]] {number} ({check.code}): {filing_type} already has a check "
                    f"{check.code} ([[check]] {first}); a code is used once per checklist")


# ---------------------------------------------------------------------- reading helpers


def _unique(codes: list[str], where: str) -> None:
    if twice := sorted({c for c in codes if codes.count(c) > 1}):
        raise ExaminationRulesError(f"{where}: {', '.join(twice)} appears twice")


def _where(table: str, number: int, row: dict[str, Any]) -> str:
    code = row.get("code")
    return f"[[{table}]] {number}" + (f" ({code})" if isinstance(code, str) else "")


def _known(row: dict[str, Any], allowed: frozenset[str], where: str, hint: str = "") -> None:
    if unknown := sorted(set(row) - allowed):
        extra = f" ({hint})" if hint else ""
        raise ExaminationRulesError(f"{where}: unknown key {', '.join(unknown)}{extra}; "
                                    f"known: {', '.join(sorted(allowed))}")


def _rows(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = doc.get(key, [])
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise ExaminationRulesError(f"[[{key}]]: an array of tables is required")
    return value


def _text(row: dict[str, Any], key: str, where: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ExaminationRulesError(f"{where} {key}: a non-empty string is required")
    return value


def _optional_text(row: dict[str, Any], key: str, where: str) -> str:
    return _text(row, key, where) if key in row else ""


def _text_list(row: dict[str, Any], key: str, where: str) -> list[str]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ExaminationRulesError(f"{where} {key}: a list of strings is required")
    return value


def _flag(row: dict[str, Any], key: str, where: str) -> bool:
    value = row.get(key)
    if not isinstance(value, bool):
        raise ExaminationRulesError(f"{where} {key}: true or false is required, not {value!r}")
    return value

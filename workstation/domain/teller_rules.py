"""The teller drawer's rules as data: ``resources/profiles/<state>/teller.toml``.

What the office decides and an auditor reads: the change fund, the bills and coins counted, the
card brands, the over/short lines and who signs each off, the reasons a receipt is reversed, the
deposit deadline (Ohio: 3 business days, OAC 113-1-02; Connecticut: 24 hours once receipts reach
$500, CGS 4-32) and the fund/GL distribution of each fee code for the finance export. The code
knows only the fixed vocabularies (tenders, sign-off levels, deposit rule kinds).
"""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workstation.domain.money import MoneyFormatError, parse_cents
from workstation.domain.profile_data import ProfileDataError, flag, text, text_list

TENDERS = ("cash", "check", "money_order", "card")
SIGN_OFFS = ("close", "reason", "lead", "supervisor")  # weakest first
DEPOSIT_RULES = ("business_days", "threshold")


class TellerRulesError(ProfileDataError):
    """``teller.toml`` is not usable; the message names the table and the key."""


@dataclass(frozen=True)
class Denomination:
    code: str
    label: str
    cents: int


@dataclass(frozen=True)
class VoidReason:
    code: str
    label: str
    refund: bool


@dataclass(frozen=True)
class Distribution:
    fee_code: str  # a shell-style pattern
    fund: str
    account: str


@dataclass(frozen=True)
class DepositRule:
    """``business_days``: due ``days`` business days after the business day of the receipts.
    ``threshold``: due within ``hours`` once the day's receipts reach ``threshold_cents``, else
    within ``days`` calendar days."""

    rule: str
    days: int
    payee: str
    source: str
    hours: int = 0
    threshold_cents: int = 0


@dataclass(frozen=True)
class TellerRules:
    change_fund_cents: int
    denominations: tuple[Denomination, ...]
    card_brands: tuple[str, ...]
    tiers: tuple[tuple[int, str], ...]  # (up_to cents, sign-off), ascending
    above_needs: str
    void_reasons: tuple[VoidReason, ...]
    deposit: DepositRule
    distributions: tuple[Distribution, ...]

    @classmethod
    def from_toml(cls, text_: str) -> TellerRules:
        try:
            doc = tomllib.loads(text_)
        except tomllib.TOMLDecodeError as exc:
            raise TellerRulesError(f"teller.toml: {exc}") from exc
        return _parse(doc)

    def sign_off(self, difference_cents: int) -> str:
        """Who must sign off a drawer whose counted total is ``difference_cents`` off."""
        off = abs(difference_cents)
        for up_to, needs in self.tiers:
            if off <= up_to:
                return needs
        return self.above_needs

    def void_reason(self, code: str) -> VoidReason:
        for reason in self.void_reasons:
            if reason.code == code:
                return reason
        raise KeyError(code)

    def distribution(self, fee_code: str) -> Distribution:
        return next(d for d in self.distributions if fnmatch.fnmatchcase(fee_code, d.fee_code))

    def denomination(self, code: str) -> Denomination:
        for row in self.denominations:
            if row.code == code:
                return row
        raise KeyError(code)


_TOP = {"drawer", "denomination", "card", "variance", "void_reason", "deposit", "distribution"}


def _parse(doc: Mapping[str, Any]) -> TellerRules:
    if unknown := sorted(set(doc) - _TOP):
        raise TellerRulesError(f"teller.toml: unknown table {', '.join(unknown)}")
    drawer = _table(doc, "drawer")
    denominations = tuple(_denomination(row, n)
                          for n, row in enumerate(_rows(doc, "denomination"), 1))
    _unique([d.code for d in denominations], "[[denomination]] code")
    if not denominations:
        raise TellerRulesError("[[denomination]]: at least one is required")
    tiers, above = _variance(_table(doc, "variance"))
    reasons = tuple(VoidReason(text(r, "code", f"[[void_reason]] {n}"),
                               text(r, "label", f"[[void_reason]] {n}"),
                               flag(r, "refund", f"[[void_reason]] {n}"))
                    for n, r in enumerate(_rows(doc, "void_reason"), 1))
    _unique([r.code for r in reasons], "[[void_reason]] code")
    distributions = tuple(Distribution(text(r, "fee_code", f"[[distribution]] {n}"),
                                       text(r, "fund", f"[[distribution]] {n}"),
                                       text(r, "account", f"[[distribution]] {n}"))
                          for n, r in enumerate(_rows(doc, "distribution"), 1))
    if not distributions or distributions[-1].fee_code != "*":
        raise TellerRulesError('[[distribution]]: the last row must be fee_code = "*"')
    return TellerRules(
        change_fund_cents=_cents(drawer, "change_fund", "[drawer]"),
        denominations=denominations,
        card_brands=tuple(text_list(_table(doc, "card"), "brands", "[card]")),
        tiers=tiers, above_needs=above, void_reasons=reasons,
        deposit=_deposit(_table(doc, "deposit")), distributions=distributions)


def _denomination(row: Mapping[str, Any], number: int) -> Denomination:
    where = f"[[denomination]] {number}"
    cents = _cents(row, "value", where)
    if cents <= 0:
        raise TellerRulesError(f"{where}: value must be more than 0")
    return Denomination(text(row, "code", where), text(row, "label", where), cents)


def _variance(table: Mapping[str, Any]) -> tuple[tuple[tuple[int, str], ...], str]:
    tiers = []
    for n, row in enumerate(table.get("tiers", []), 1):
        where = f"[variance] tiers {n}"
        if not isinstance(row, dict):
            raise TellerRulesError(f"{where}: a line is a table {{ up_to = ..., needs = ... }}")
        needs = text(row, "needs", where)
        if needs not in SIGN_OFFS:
            raise TellerRulesError(f"{where}: needs must be one of {', '.join(SIGN_OFFS)}")
        tiers.append((_cents(row, "up_to", where), needs))
    if not tiers or tiers[0][0] != 0:
        raise TellerRulesError("[variance] tiers: the first line is up_to = \"0.00\"")
    ups = [t[0] for t in tiers]
    if ups != sorted(set(ups)):
        raise TellerRulesError("[variance] tiers: up_to must rise from line to line")
    above = text(table, "above_needs", "[variance]")
    if above not in SIGN_OFFS:
        raise TellerRulesError(f"[variance] above_needs must be one of {', '.join(SIGN_OFFS)}")
    order = [SIGN_OFFS.index(t[1]) for t in tiers] + [SIGN_OFFS.index(above)]
    if order != sorted(order):
        raise TellerRulesError("[variance]: a larger difference never needs less sign-off")
    return tuple(tiers), above


def _deposit(table: Mapping[str, Any]) -> DepositRule:
    rule = text(table, "rule", "[deposit]")
    if rule not in DEPOSIT_RULES:
        raise TellerRulesError(f"[deposit] rule must be one of {', '.join(DEPOSIT_RULES)}")
    days = table.get("days")
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise TellerRulesError("[deposit] days must be a whole number of at least 1")
    found = DepositRule(rule, days, text(table, "payee", "[deposit]"),
                        text(table, "source", "[deposit]"))
    if rule == "threshold":
        hours = table.get("hours")
        if isinstance(hours, bool) or not isinstance(hours, int) or hours < 1:
            raise TellerRulesError("[deposit] hours must be a whole number of at least 1")
        return DepositRule(rule, days, found.payee, found.source, hours,
                           _cents(table, "threshold", "[deposit]"))
    return found


def _cents(row: Mapping[str, Any], key: str, where: str) -> int:
    try:
        return parse_cents(text(row, key, where))
    except MoneyFormatError as exc:
        raise TellerRulesError(f"{where}: {key}: {exc}") from exc


def _table(doc: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = doc.get(key)
    if not isinstance(value, dict):
        raise TellerRulesError(f"teller.toml: [{key}] is required")
    return value


def _rows(doc: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise TellerRulesError(f"teller.toml: [[{key}]] must be an array of tables")
    return value


def _unique(codes: list[str], what: str) -> None:
    if twice := sorted({c for c in codes if codes.count(c) > 1}):
        raise TellerRulesError(f"{what}: {', '.join(twice)} appears twice")

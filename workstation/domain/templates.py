"""Answer templates of the Inquiry Queue: replies "from the record" with merge fields.

A template is data, never code. Its text names facts as ``{group.name}`` (``{entity.name}``,
``{filing.received_date}``) or, for the few facts of no group, ``{name}`` (``{today}``);
``{{`` and ``}}`` are literal braces. ``render`` replaces each field by its fact in one pass: a
fact's value goes in verbatim and is never read again as template text, so a name such as
"{Acme}" prints as itself. A field with no fact (or an empty one) stays visible as
``[entity.status?]`` and is listed in ``Rendered.missing``: the clerk must fill it in; a letter
never goes out with a silent blank. Nothing here uses ``str.format`` or ``eval``.

The profile file ``resources/profiles/<state>/answer_templates.toml`` holds the office's
templates and its ``[letterhead]`` (office, address, phone, web, salutation, closing and the
signature lines, which may use fields too). ``TemplateSet.from_toml`` checks every field of
every template against ``KNOWN_FIELDS``, so a typo is an error at start-up naming the template
and the field, not a ``[entity.nmae?]`` in a customer's letter.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Final

from workstation.domain.profile_data import ProfileDataError
from workstation.domain.profile_data import text as _str
from workstation.domain.profile_data import text_list as _str_list

# Every fact a template may name, with what the UI shows beside it (in this order).
KNOWN_FIELDS: Final[Mapping[str, str]] = MappingProxyType({
    "today": "Today's date, as the letter is dated",
    "requester.name": "Name of the person or firm who wrote in",
    "inquiry.number": "Number of the inquiry (Q2026-000123)",
    "inquiry.received_date": "Date the office received the inquiry",
    "inquiry.reply_by": "Date by which the office expects to reply in full",
    "entity.name": "Name of the business entity on the record",
    "entity.number": "Entity (charter) number on the record",
    "entity.type": "Kind of entity (limited liability company, nonprofit corporation ...)",
    "entity.status": "Status of the entity on the record (Active, Cancelled ...)",
    "filing.document_number": "Document number of the filing",
    "filing.type": "Kind of filing (Articles of Organization ...)",
    "filing.received_date": "Date the office received the filing",
    "filing.status": "Status of the filing (received, in examination, filed, rejected)",
    "filing.completed_date": "Date the filing was filed (completed)",
    "filing.reject_reasons": "Reasons the filing was rejected, one per line",
    "payment.check_number": "Number of the check (or money order)",
    "payment.amount": "Amount of the check ($99.00)",
    "payment.payer": "Name on the check",
    "payment.deposit_date": "Date the check was deposited",
    "certificate.number": "Number of the certificate issued",
    "request.description": "What the customer asked for (a certificate of good standing ...)",
    "request.fee_due": "Fee still to be paid for the request ($5.00)",
    "clerk.name": "Name of the clerk answering",
    "answer.text": "The clerk's own answer (a general reply)",
})

# A field: a name, or group.name; lower-case letters, digits and underscores.
_NAME = r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?"
_FIELD = re.compile(r"\{(" + _NAME + r")\}")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


class TemplateSyntaxError(ValueError):
    """Template text with a brace that is neither a field nor an escape; says where."""


class TemplateDataError(ProfileDataError):
    """answer_templates.toml is malformed; the message names the template and the key."""


class UnknownFieldError(TemplateDataError):
    """A template names a field that is not in KNOWN_FIELDS."""

    def __init__(self, template: str, field: str) -> None:
        super().__init__(f"answer template {template!r} uses unknown merge field {{{field}}}; "
                         f"known fields: {', '.join(KNOWN_FIELDS)}")
        self.template = template
        self.field = field


@dataclass(frozen=True)
class Rendered:
    text: str
    missing: tuple[str, ...]  # fields with no fact, in order of first use, each once


@dataclass(frozen=True)
class AnswerTemplate:
    code: str
    label: str
    categories: tuple[str, ...]  # inquiry categories it suits; empty: every category
    subject: str
    body: str
    citation: str = ""  # the rule behind the answer, for the clerk and the reviewer

    def suits(self, category: str) -> bool:
        return not self.categories or category in self.categories


@dataclass(frozen=True)
class Letterhead:
    """The office's letterhead: printed at the top of the first page of every letter."""

    office: tuple[str, ...]  # "Ohio Secretary of State", "Business Services Division"
    address: tuple[str, ...]  # street or box, city line
    phone: str
    web: str
    email: str = ""


@dataclass(frozen=True)
class Composed:
    """A template rendered with the office's salutation, closing and signature."""

    subject: str
    salutation: str
    body: str
    closing: str
    signature: tuple[str, ...]
    missing: tuple[str, ...]

    def plain_text(self) -> str:
        """The reply as the body of an e-mail: salutation, body, closing, signature."""
        return "\n\n".join([self.salutation, self.body, self.closing,
                            "\n".join(self.signature)]) + "\n"


# ---------------------------------------------------------------- parsing and rendering


def _pieces(text: str) -> Iterator[tuple[bool, str]]:
    """(is_field, literal text or field name) in order; TemplateSyntaxError on a stray brace."""
    index, size = 0, len(text)
    literal: list[str] = []
    while index < size:
        char = text[index]
        if char in "{}" and text.startswith(char * 2, index):
            literal.append(char)
            index += 2
        elif char == "{":
            match = _FIELD.match(text, index)
            if match is None:
                raise TemplateSyntaxError(
                    f"at character {index + 1}: '{{' starts no field {{group.name}} "
                    f"(near {text[index:index + 20]!r}); write '{{{{' for a literal brace")
            if literal:
                yield False, "".join(literal)
                literal = []
            yield True, match.group(1)
            index = match.end()
        elif char == "}":
            raise TemplateSyntaxError(f"at character {index + 1}: single '}}' "
                                      f"(near {text[max(0, index - 19):index + 1]!r}); "
                                      f"write '}}}}' for a literal brace")
        else:
            # Copy the run of ordinary text up to the next brace at once.
            stop = min((p for p in (text.find("{", index), text.find("}", index)) if p >= 0),
                       default=size)
            literal.append(text[index:stop])
            index = stop
    if literal:
        yield False, "".join(literal)


def fields_in(text: str) -> tuple[str, ...]:
    """The fields a template text names, in order of first use, each once."""
    return tuple(dict.fromkeys(name for is_field, name in _pieces(text) if is_field))


def missing_marker(field: str) -> str:
    return f"[{field}?]"


def render(template_text: str, facts: Mapping[str, str]) -> Rendered:
    """Fill the fields of ``template_text`` from ``facts`` (field name -> text).

    A fact is inserted as it is (braces and all) and never expanded again. A field with no fact,
    or with an empty or blank one, is left as ``[field?]`` and listed in ``missing``.
    TemplateSyntaxError: a brace that is neither a field nor ``{{``/``}}``.
    """
    out: list[str] = []
    missing: dict[str, None] = {}
    for is_field, piece in _pieces(template_text):
        if not is_field:
            out.append(piece)
            continue
        value = facts.get(piece)
        if value is None or not value.strip():
            missing[piece] = None
            out.append(missing_marker(piece))
        else:
            out.append(value)
    return Rendered("".join(out), tuple(missing))


def escape_braces(text: str) -> str:
    """Template text that renders to exactly ``text`` (a clerk's own words made a template)."""
    return text.replace("{", "{{").replace("}", "}}")


def long_date(day: date) -> str:
    """``November 24, 2026``: how a date reads in a letter (fill ``{today}`` and the like)."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


# ---------------------------------------------------------------- the profile's set


class TemplateSet:
    """The answer templates of one office profile, with its letterhead and signature."""

    def __init__(self, templates: Sequence[AnswerTemplate], letterhead: Letterhead, *,
                 salutation: str = "Dear {requester.name}:", closing: str = "Sincerely,",
                 signature: Sequence[str] = ()) -> None:
        self._by_code = {t.code: t for t in templates}
        self.letterhead = letterhead
        self.salutation = salutation
        self.closing = closing
        self.signature = tuple(signature)

    @classmethod
    def from_toml(cls, text: str) -> TemplateSet:
        """Load answer_templates.toml; TemplateDataError (UnknownFieldError for a field not in
        KNOWN_FIELDS) names the template and what is wrong."""
        try:
            return cls._from_toml(text)
        except TemplateDataError:
            raise
        except ProfileDataError as exc:  # from the shared field readers
            raise TemplateDataError(f"answer_templates.toml: {exc}") from exc

    @classmethod
    def _from_toml(cls, text: str) -> TemplateSet:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise TemplateDataError(f"answer_templates.toml: {exc}") from exc
        head = data.get("letterhead")
        if not isinstance(head, dict):
            raise TemplateDataError("answer_templates.toml: no [letterhead] table")
        letterhead, extras = _letterhead(head)
        rows = data.get("template", [])
        if not isinstance(rows, list) or not rows:
            raise TemplateDataError("answer_templates.toml: no [[template]] rows")
        templates: list[AnswerTemplate] = []
        for number, row in enumerate(rows, start=1):
            template = _template(row, number)
            if any(t.code == template.code for t in templates):
                raise TemplateDataError(f"template {number}: code {template.code} twice")
            templates.append(template)
        return cls(templates, letterhead, salutation=extras["salutation"],
                   closing=extras["closing"], signature=extras["signature"])

    def get(self, code: str) -> AnswerTemplate:
        """The template with this code; KeyError names the code."""
        found = self._by_code.get(code)
        if found is None:
            raise KeyError(f"unknown answer template {code!r}")
        return found

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[AnswerTemplate]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def for_category(self, category: str) -> tuple[AnswerTemplate, ...]:
        """The templates that suit an inquiry of this category (file order): those naming it
        and those for every category."""
        return tuple(t for t in self if t.suits(category))

    def compose(self, code: str, facts: Mapping[str, str]) -> Composed:
        """The template ``code`` rendered with the salutation, closing and signature; ``missing``
        gathers the fields with no fact from all of them."""
        template = self.get(code)
        parts = [render(text, facts) for text in
                 (template.subject, self.salutation, template.body, self.closing,
                  *self.signature)]
        missing = tuple(dict.fromkeys(name for part in parts for name in part.missing))
        subject, salutation, body, closing, *signature = (part.text for part in parts)
        return Composed(subject, salutation, body, closing, tuple(signature), missing)


def _checked(text: str, owner: str, key: str) -> str:
    """``text`` if every field in it is known; else the error naming ``owner`` and the field."""
    try:
        used = fields_in(text)
    except TemplateSyntaxError as exc:
        raise TemplateDataError(f"answer template {owner!r}: {key}: {exc}") from exc
    for field in used:
        if field not in KNOWN_FIELDS:
            raise UnknownFieldError(owner, field)
    return text


def _template(row: Any, number: int) -> AnswerTemplate:
    where = f"template {number}"
    if not isinstance(row, dict):
        raise TemplateDataError(f"{where}: must be a table")
    code = _str(row, "code", where)
    where = f"template {number} ({code})"
    citation = row.get("citation", "")
    if not isinstance(citation, str):
        raise TemplateDataError(f"{where}: citation must be a string")
    return AnswerTemplate(
        code=code,
        label=_str(row, "label", where),
        categories=tuple(_str_list(row, "categories", where)),
        subject=_checked(_str(row, "subject", where), code, "subject"),
        body=_checked(_str(row, "body", where).strip("\n"), code, "body"),
        citation=citation,
    )


def _letterhead(head: Mapping[str, Any]) -> tuple[Letterhead, dict[str, Any]]:
    where = "[letterhead]"
    office = _str_list(head, "office", where)
    address = _str_list(head, "address", where)
    signature = _str_list(head, "signature", where)
    for key, lines in (("office", office), ("address", address), ("signature", signature)):
        if not lines or not all(line.strip() for line in lines):
            raise TemplateDataError(f"{where}: {key} must be a list of non-empty lines")
    email = head.get("email", "")
    if not isinstance(email, str):
        raise TemplateDataError(f"{where}: email must be a string")
    letterhead = Letterhead(tuple(office), tuple(address), _str(head, "phone", where),
                            _str(head, "web", where), email)
    extras: dict[str, Any] = {
        key: _checked(_str(head, key, where) if key in head else default, "letterhead", key)
        for key, default in (("salutation", "Dear {requester.name}:"), ("closing", "Sincerely,"))
    }
    extras["signature"] = tuple(_checked(line, "letterhead", "signature") for line in signature)
    return letterhead, extras

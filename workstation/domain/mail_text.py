"""Text out of e-mail parts: bytes decoded by their declared charset with noted fallbacks,
text made safe to store, and HTML turned into readable plain text (the e-mail reader's helpers,
kept apart so mail_import stays about the message's structure). Standard library only."""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Iterable
from html.parser import HTMLParser

# ---------------------------------------------------------------- text


_CODEC_NAMES = {"utf-8": "UTF-8", "cp1252": "Windows-1252", "latin-1": "Latin-1"}


def codec_name(codec: str) -> str:
    return _CODEC_NAMES.get(codec, codec)


def decode_first(data: bytes, codecs_to_try: Iterable[str]) -> tuple[str, str]:
    for codec in codecs_to_try:
        try:
            return data.decode(codec), codec
        except Exception:
            continue
    return data.decode("latin-1"), "latin-1"


def _is_latin1(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name in ("latin-1", "iso8859-1")
    except Exception:
        return False


def decode_text(data: bytes, charset: str | None, label: str) -> tuple[str, str | None]:
    """Bytes to text with the declared charset, then UTF-8, Windows-1252, Latin-1.

    Returns the text and a note when the declared charset was missing or could not be used.
    """
    if charset:
        if _is_latin1(charset):  # as browsers do: ISO-8859-1 mail is really Windows-1252
            text, _ = decode_first(data, ("cp1252", "latin-1"))
            return text.lstrip("\ufeff"), None
        try:
            text = data.decode(charset)
            return text.lstrip("\ufeff"), None
        except LookupError:
            why = f"{label} declared charset '{charset[:40]}', which is unknown"
        except Exception:
            why = f"{label} declared charset '{charset[:40]}', which does not fit its text"
    else:
        if data.isascii():
            return data.decode("ascii"), None
        why = f"{label} did not say which charset it uses"
    text, used = decode_first(data, ("utf-8", "cp1252", "latin-1"))
    return text.lstrip("\ufeff"), f"{why}; read as {codec_name(used)}."


_SURROGATES = re.compile("[\ud800-\udfff]")


def safe_text(text: str) -> str:
    return _SURROGATES.sub("\ufffd", text.replace("\x00", "\ufffd"))


def tidy(text: str) -> str:
    """Unix line ends, no trailing whitespace at the end, no blank lines at the start."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.rstrip().lstrip("\n")


# ---------------------------------------------------------------- HTML to text


_SKIP = frozenset({"script", "style", "title", "template", "head"})
_PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
                        "ul", "ol", "dl", "hr", "address", "figure", "fieldset", "form"})
_LINE = frozenset({"div", "tr", "li", "dt", "dd", "section", "article", "header", "footer",
                   "center", "nav", "main", "aside", "figcaption", "caption", "body", "html"})


class _HtmlToText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.has_text = False
        self.skip = 0
        self.pre = 0
        self.links: list[tuple[str, int]] = []  # (href, index into out at <a>)

    def _ensure_newlines(self, n: int) -> None:
        if not self.has_text:
            return
        tail = "".join(self.out[-3:])
        have = len(tail) - len(tail.rstrip("\n"))
        if have < n:
            self.out.append("\n" * (n - have))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and self.skip:  # a <head> never closed
            self.skip = 0
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "br":
            self.out.append("\n")
        elif tag in _PARAGRAPH:
            self._ensure_newlines(2)
            if tag == "pre":
                self.pre += 1
        elif tag in _LINE:
            self._ensure_newlines(1)
            if tag == "li":
                self.out.append("- ")
        else:
            self._inline(tag, dict(attrs))

    def _inline(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in ("td", "th"):
            self.out.append("  ")
        elif tag == "a":
            self.links.append(((attrs.get("href") or "").strip(), len(self.out)))
        elif tag == "img":
            alt = (attrs.get("alt") or "").strip()
            if alt:
                self.out.append(f"[{alt}]")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag != "br" and tag in _SKIP:
            self.skip = max(0, self.skip - 1)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in _PARAGRAPH:
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            self._ensure_newlines(2)
        elif tag in _LINE:
            self._ensure_newlines(1)
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            shown = "".join(self.out[start:])
            target = href[7:] if href.lower().startswith("mailto:") else href
            if href.lower().startswith(("http:", "https:", "mailto:")) and target not in shown:
                self.out.append(f" ({target})")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        # <pre> text is kept as written, its spaces marked so that text() does not strip them
        data = data.replace(" ", "\x00") if self.pre else re.sub(r"\s+", " ", data)
        self.has_text = self.has_text or bool(data.strip())
        self.out.append(data)

    def text(self) -> str:
        lines = [line.strip(" ") for line in "".join(self.out).replace("\xa0", " ").split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
        return text.replace("\x00", " ")


_UNCLOSED_LT = re.compile(r"<(?=[^<>]*(?:<|\Z))")


def html_to_text(markup: str) -> str:
    """Readable plain text from HTML: tags stripped, blocks as line breaks, entities decoded,
    scripts and styles dropped, links kept as "text (address)"."""
    parser = _HtmlToText()
    markup = markup.replace("\x00", "\ufffd")  # NUL marks <pre> spaces while converting
    # A "<" never closed by ">" makes html.parser rescan the rest of the text for each one
    # (hours for a few hundred kilobytes of "<a <a <a"); it is text, so escape it first.
    markup = _UNCLOSED_LT.sub("&lt;", markup)
    try:
        parser.feed(markup)
        parser.close()
        return parser.text()
    except Exception:  # html.parser has had crashes on odd markup; fall back to a crude strip
        crude = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", markup)
        crude = re.sub(r"(?i)<br\s*/?>|</(p|div|tr|li|h[1-6])\s*>", "\n", crude)
        crude = html.unescape(re.sub(r"<[^<>]*>", " ", crude))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(" ".join(x.split()) for x in crude.split("\n")))

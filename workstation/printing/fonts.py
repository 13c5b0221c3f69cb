"""The TrueType fonts every printed page uses, found and registered once, and the per-glyph
fallback that lets a Chinese, Japanese or Korean name print among Latin text.

The PDF standard 14 fonts are not embedded, so a viewer substitutes its own and a name such as
"Nguyễn" may come out as boxes. Every builder therefore embeds TrueType fonts (ReportLab embeds
a subset of each TTF it uses, as /FontFile2).

Which fonts. The program ships its own under resources/fonts (see the README there for each
file's licence and source), so every workstation prints the same:
- DejaVu Sans (regular, bold, condensed, condensed bold), the main face: Latin (with
  Extended-A/B and Extended Additional, so Vietnamese), Greek, Cyrillic, Armenian, Georgian,
  Hebrew, Arabic basics and most symbols.
- Droid Sans Fallback, the fallback for Chinese (Han ideographs) and Japanese (kana and kanji).
- NanumGothic, the fallback for Korean: Droid Sans Fallback has only three Hangul syllables.
Still no Indic scripts (Devanagari, Bengali, Tamil...) and no Thai: such a name prints as empty
boxes; ``missing`` names the characters so a screen can warn.

Only when the bundled folder is missing (a broken installation, a source tree without it) does
this fall back to what the system has: DejaVu Sans from a system font folder, else ReportLab's
own Bitstream Vera (Western European Latin only); the CJK fallbacks likewise.
``FontSet.coverage`` says what the registered set covers.

Per-glyph fallback. ReportLab draws every character of a run in the run's font, a missing glyph
as an empty box; it never looks in another font. So text goes through ``with_fallback`` (markup
for a Paragraph: each run of characters the main face lacks but a fallback has is wrapped in
``<font name="CW-Fallback">``) or ``runs`` (text drawn straight on a canvas: see
``common.draw_text``). ``covered`` is the fast test that lets the common case, text the main face
prints whole, take the old path unchanged. The fallback faces have one weight: a Chinese name in
a bold heading prints in the regular weight. They are read from disk (about 0.1 s) only when
the first character that needs them turns up.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab  # type: ignore[import-untyped]
from reportlab.lib.fonts import addMapping  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

from workstation.paths import resources_dir

# Names the builders use; registered under our own names so a DejaVu and a Vera run never mix.
REGULAR = "CW-Sans"
BOLD = "CW-Sans-Bold"
CONDENSED = "CW-SansCondensed"
CONDENSED_BOLD = "CW-SansCondensed-Bold"
FALLBACK = "CW-Fallback"  # Droid Sans Fallback: Chinese and Japanese
FALLBACK_HANGUL = "CW-Fallback-Hangul"  # NanumGothic: Korean

# (our name, DejaVu file, Vera file): Vera has no condensed cut, so the condensed names fall back
# to the ordinary width.
_FACES = (
    (REGULAR, "DejaVuSans.ttf", "Vera.ttf"),
    (BOLD, "DejaVuSans-Bold.ttf", "VeraBd.ttf"),
    (CONDENSED, "DejaVuSansCondensed.ttf", "Vera.ttf"),
    (CONDENSED_BOLD, "DejaVuSansCondensed-Bold.ttf", "VeraBd.ttf"),
)
# (our name, file, what it adds), in the order a character is looked for in them (but see
# _HANGUL: a Korean character is looked for in NanumGothic first).
_FALLBACKS = (
    (FALLBACK, "DroidSansFallbackFull.ttf", "Chinese and Japanese (Droid Sans Fallback)"),
    (FALLBACK_HANGUL, "NanumGothic.ttf", "Korean (NanumGothic)"),
)
# Hangul Jamo, compatibility Jamo, Jamo extended A, syllables and extended B, half-width forms.
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF),
           (0xFFA0, 0xFFDC))

DEJAVU = ("DejaVu Sans (Latin incl. Vietnamese, Greek, Cyrillic, Hebrew, Arabic basics; "
          "no Indic or Thai scripts)")
VERA = "Bitstream Vera (Western European Latin only)"

# Layout characters, never drawn as glyphs: a Paragraph turns a newline into a line break.
_LAYOUT = frozenset("\n\r\t")


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    condensed: str
    condensed_bold: str
    files: tuple[Path, ...]  # what was registered, in the order of _FACES
    coverage: str  # DEJAVU or VERA, and the CJK fallbacks when found: "DejaVu Sans (...) + ..."
    fallback_files: tuple[Path, ...] = ()  # Droid Sans Fallback, NanumGothic: those found


def bundled_font_dir() -> Path | None:
    """resources/fonts, shipped with the program (<package>/_resources/fonts when installed)."""
    try:
        folder = resources_dir() / "fonts"
    except FileNotFoundError:
        return None
    return folder if folder.is_dir() else None


def font_dirs() -> list[Path]:
    """Where the fonts may be: the bundled folder first, then ReportLab's own font folder, then
    the usual system folders."""
    bundled = bundled_font_dir()
    dirs = [bundled] if bundled is not None else []
    dirs.append(Path(reportlab.__file__).parent / "fonts")
    dirs += [Path(p) for p in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
                               "/usr/share/fonts/truetype/droid",
                               "/usr/share/fonts/truetype/nanum",
                               "/usr/share/fonts/TTF", "/usr/local/share/fonts",
                               "/Library/Fonts")]
    dirs.append(Path.home() / "Library" / "Fonts")
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs.append(windir / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def find_font_files(dirs: Sequence[Path]) -> tuple[tuple[Path, ...], str]:
    """The TTF file of each face and the coverage: all of DejaVu from one folder, else Vera."""
    for folder in dirs:
        paths = tuple(folder / dejavu for _, dejavu, _ in _FACES)
        if all(p.is_file() for p in paths):
            return paths, DEJAVU
    vera = Path(reportlab.__file__).parent / "fonts"
    return tuple(vera / v for _, _, v in _FACES), VERA


def find_fallback_files(dirs: Sequence[Path]) -> dict[str, Path]:
    """Our fallback name -> its file, for each fallback found in ``dirs`` (the first folder that
    has it)."""
    found: dict[str, Path] = {}
    for name, filename, _ in _FALLBACKS:
        path = next((d / filename for d in dirs if (d / filename).is_file()), None)
        if path is not None:
            found[name] = path
    return found


_lock = threading.Lock()
_registered: FontSet | None = None
_fallback_paths: dict[str, Path] = {}
# Characters each registered face has a glyph for (a set of 1-character strings, so that
# ``chars.issuperset(text)`` tests a whole string at C speed).
_chars: dict[str, frozenset[str]] = {}
_fallbacks: list[tuple[str, frozenset[str]]] | None = None  # loaded on first need


def _face_chars(font: TTFont) -> frozenset[str]:
    return frozenset(map(chr, font.face.charToGlyph)) | _LAYOUT


def register_fonts() -> FontSet:
    """Register the four faces with ReportLab (once per process) and return their names. The
    fallback faces are registered when first needed (``runs``)."""
    global _registered  # noqa: PLW0603 - ReportLab's font registry is itself process-global
    with _lock:
        if _registered is None:
            dirs = font_dirs()
            files, coverage = find_font_files(dirs)
            for (name, _, _), path in zip(_FACES, files, strict=True):
                font = TTFont(name, str(path))
                pdfmetrics.registerFont(font)
                _chars[name] = _face_chars(font)
            # <b> inside a Paragraph picks the bold face of the family.
            addMapping(REGULAR, 0, 0, REGULAR)
            addMapping(REGULAR, 1, 0, BOLD)
            addMapping(REGULAR, 0, 1, REGULAR)
            addMapping(REGULAR, 1, 1, BOLD)
            addMapping(CONDENSED, 0, 0, CONDENSED)
            addMapping(CONDENSED, 1, 0, CONDENSED_BOLD)
            addMapping(CONDENSED, 0, 1, CONDENSED)
            addMapping(CONDENSED, 1, 1, CONDENSED_BOLD)
            _fallback_paths.update(find_fallback_files(dirs))
            extra = [what for name, _, what in _FALLBACKS if name in _fallback_paths]
            if extra:
                coverage = f"{coverage} + {', '.join(extra)}"
            _registered = FontSet(REGULAR, BOLD, CONDENSED, CONDENSED_BOLD, files, coverage,
                                  tuple(_fallback_paths.values()))
        return _registered


def _load_fallbacks() -> list[tuple[str, frozenset[str]]]:
    """Register the fallback faces found (once) and return (name, characters) of each."""
    global _fallbacks  # noqa: PLW0603 - as _registered
    register_fonts()
    with _lock:
        if _fallbacks is None:
            loaded = []
            for name, path in _fallback_paths.items():
                font = TTFont(name, str(path))
                pdfmetrics.registerFont(font)
                # One weight: bold and italic map to the same file. (0, 0) last, so that
                # <font name="CW-Fallback"> reads as the regular weight.
                for bold, italic in ((1, 1), (0, 1), (1, 0), (0, 0)):
                    addMapping(name, bold, italic, name)
                loaded.append((name, _face_chars(font) - _LAYOUT))
            _fallbacks = loaded
        return _fallbacks


def _main_chars(font: str) -> frozenset[str] | None:
    """The characters ``font`` has glyphs for; None for a font that is not a TrueType font
    (one of the standard 14, which this module never falls back from)."""
    if font not in _chars:
        register_fonts()
        if font not in _chars:  # a TTF someone else registered, or not a TTF at all
            cmap = getattr(getattr(pdfmetrics.getFont(font), "face", None), "charToGlyph", None)
            if not isinstance(cmap, dict):
                return None
            _chars[font] = frozenset(map(chr, cmap)) | _LAYOUT
    return _chars[font]


def covered(text: str, font: str = REGULAR) -> bool:
    """Whether the face ``font`` (one of the four, or any registered TrueType font) has a glyph
    for every character of ``text`` (newlines and tabs count as covered: they are layout, not
    glyphs). A set test, cheap enough for every cell of a thousand-check slip."""
    main = _main_chars(font)
    return main is None or main.issuperset(text)


def _is_hangul(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _HANGUL)


def _fallback_for(ch: str, fallbacks: list[tuple[str, frozenset[str]]]) -> str | None:
    order = reversed(fallbacks) if _is_hangul(ch) else iter(fallbacks)
    return next((name for name, chars in order if ch in chars), None)


def runs(text: str, font: str = REGULAR) -> list[tuple[str, str]]:
    """``text`` cut into (font name, characters) runs: ``font`` where it has the glyph (or no
    face has it: a box either way), else the fallback face that has it. Joined, the runs' text
    is ``text``."""
    if covered(text, font):
        return [(font, text)] if text else []
    main = _main_chars(font) or frozenset()
    fallbacks = _load_fallbacks()
    out: list[tuple[str, str]] = []
    current, start = font, 0
    for index, ch in enumerate(text):
        name = font if ch in main else _fallback_for(ch, fallbacks) or font
        if name != current:
            if index > start:
                out.append((current, text[start:index]))
            current, start = name, index
    if len(text) > start:
        out.append((current, text[start:]))
    return out


def with_fallback(text: str, font: str = REGULAR) -> str:
    """Plain ``text`` as Paragraph markup: escaped (so "Smith & Sons <Ltd>" is text, not markup),
    each run the main face ``font`` cannot print but a fallback can wrapped in
    ``<font name="...">``. Text the main face covers comes back as plain ``escape(text)``.

    Takes the text before escaping, so an entity such as ``&amp;`` is never cut by a tag."""
    if covered(text, font):
        return escape(text)
    return "".join(escape(chunk) if name == font else f'<font name="{name}">{escape(chunk)}</font>'
                   for name, chunk in runs(text, font))


def text_width(text: str, font: str, size: float) -> float:
    """The width of ``text`` as drawn with the fallback (``stringWidth`` measures a missing
    glyph at the main face's box width)."""
    return float(sum(pdfmetrics.stringWidth(chunk, name, size)
                     for name, chunk in runs(text, font)))


def missing(text: str, font: str = REGULAR) -> str:
    """The characters of ``text`` no registered face can print (not even a fallback), each once,
    in order, white space left out: what would print as an empty box."""
    if covered(text, font):
        return ""
    fallbacks = _load_fallbacks()
    main = _main_chars(font) or frozenset()
    return "".join(dict.fromkeys(
        ch for ch in text
        if not ch.isspace() and ch not in main and _fallback_for(ch, fallbacks) is None))

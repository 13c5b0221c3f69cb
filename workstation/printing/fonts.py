"""The TrueType fonts every printed page uses, found and registered once.

The PDF standard 14 fonts are not embedded, so a viewer substitutes its own and a name such as
"Nguyễn" may come out as boxes. Every builder therefore embeds TrueType fonts (ReportLab embeds
a subset of each TTF it uses, as /FontFile2).

Which fonts: DejaVu Sans (regular, bold, condensed, condensed bold) when found, else ReportLab's
bundled Bitstream Vera, which DejaVu extends. Glyph coverage, the limit to know:
- DejaVu Sans: Latin (with Extended-A/B and Extended Additional, so Vietnamese), Greek,
  Cyrillic, Armenian, Georgian, Hebrew, Arabic basics and most symbols. No CJK, no Indic, no
  Thai: a Chinese, Japanese, Korean or Hindi name prints as empty boxes.
- Vera (the fallback): Western European Latin only (roughly Latin-1 plus a few punctuation
  marks). "Müller" and "García" print; "Nguyễn", "Łukasz" or Cyrillic do not.
A later issue bundles the fonts under resources/fonts so every workstation prints the same; until
then a Windows workstation without DejaVu installed prints with Vera. ``FontSet.coverage`` says
which it is, so a screen can warn.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import reportlab  # type: ignore[import-untyped]
from reportlab.lib.fonts import addMapping  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

# Names the builders use; registered under our own names so a DejaVu and a Vera run never mix.
REGULAR = "CW-Sans"
BOLD = "CW-Sans-Bold"
CONDENSED = "CW-SansCondensed"
CONDENSED_BOLD = "CW-SansCondensed-Bold"

# (our name, DejaVu file, Vera file): Vera has no condensed cut, so the condensed names fall back
# to the ordinary width.
_FACES = (
    (REGULAR, "DejaVuSans.ttf", "Vera.ttf"),
    (BOLD, "DejaVuSans-Bold.ttf", "VeraBd.ttf"),
    (CONDENSED, "DejaVuSansCondensed.ttf", "Vera.ttf"),
    (CONDENSED_BOLD, "DejaVuSansCondensed-Bold.ttf", "VeraBd.ttf"),
)

DEJAVU = "DejaVu Sans (Latin incl. Vietnamese, Greek, Cyrillic; no CJK or Indic scripts)"
VERA = "Bitstream Vera (Western European Latin only)"


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    condensed: str
    condensed_bold: str
    files: tuple[Path, ...]  # what was registered, in the order of _FACES
    coverage: str  # DEJAVU or VERA


def font_dirs() -> list[Path]:
    """Where DejaVu may be: ReportLab's own font folder, then the usual system folders."""
    dirs = [Path(reportlab.__file__).parent / "fonts"]
    dirs += [Path(p) for p in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
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


_lock = threading.Lock()
_registered: FontSet | None = None


def register_fonts() -> FontSet:
    """Register the four faces with ReportLab (once per process) and return their names."""
    global _registered  # noqa: PLW0603 - ReportLab's font registry is itself process-global
    with _lock:
        if _registered is None:
            files, coverage = find_font_files(font_dirs())
            for (name, _, _), path in zip(_FACES, files, strict=True):
                pdfmetrics.registerFont(TTFont(name, str(path)))
            # <b> inside a Paragraph picks the bold face of the family.
            addMapping(REGULAR, 0, 0, REGULAR)
            addMapping(REGULAR, 1, 0, BOLD)
            addMapping(REGULAR, 0, 1, REGULAR)
            addMapping(REGULAR, 1, 1, BOLD)
            addMapping(CONDENSED, 0, 0, CONDENSED)
            addMapping(CONDENSED, 1, 0, CONDENSED_BOLD)
            addMapping(CONDENSED, 0, 1, CONDENSED)
            addMapping(CONDENSED, 1, 1, CONDENSED_BOLD)
            _registered = FontSet(REGULAR, BOLD, CONDENSED, CONDENSED_BOLD, files, coverage)
        return _registered

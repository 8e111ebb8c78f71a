"""The CJK font PDFs embed: configured (``PDF_FONT``), or found on the system.

No font is shipped: Debian's ``fonts-noto-cjk`` (Noto Serif/Sans CJK, SIL OFL) is the
one the README, ``make run`` and CI name. Any other Simplified Chinese font that
fontconfig knows works as well.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

#: Families tried in turn, Song-style (宋体-like) first as the paper forms print.
FAMILIES = (
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)
KNOWN_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
PACKAGE_HINT = "fonts-noto-cjk"
HEAVY_OR_LIGHT = ("Bold", "Black", "Light", "Medium", "Thin", "Heavy")


class FontMissing(RuntimeError):
    """No CJK font for PDFs: install ``fonts-noto-cjk`` or set ``PDF_FONT``."""


def _parse(spec: str) -> tuple[str, int]:
    path, _, index = spec.partition(":")
    return path, int(index) if index.isdigit() else 0


def _from_fontconfig() -> tuple[str, int] | None:
    if shutil.which("fc-list") is None:
        return None
    try:
        listing = subprocess.run(
            ["fc-list", ":lang=zh", "family", "file", "index"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found: dict[str, tuple[str, int]] = {}
    for line in listing.splitlines():
        # "/path/font.ttc: Family A,Family B:index=2"
        path, _, rest = line.partition(": ")
        if any(weight in Path(path).name for weight in HEAVY_OR_LIGHT):
            continue
        families, _, index = rest.rpartition(":index=")
        for family in families.split(","):
            found.setdefault(family.strip(), (path, int(index) if index.isdigit() else 0))
    for family in FAMILIES:
        if family in found:
            return found[family]
    return None


def _simplified_index(path: str) -> int:
    """In a font collection, the index of the Simplified Chinese face (0 if none is named)."""
    if not path.endswith((".ttc", ".otc")):
        return 0
    from fontTools.ttLib import TTCollection

    collection = TTCollection(path, lazy=True)
    for index, font in enumerate(collection.fonts):
        family = font["name"].getDebugName(1) or ""
        if family.endswith(" SC") or "GB" in family:
            return index
    return 0


@lru_cache(maxsize=4)
def find_font(configured: str = "") -> tuple[str, int]:
    """``(path, index in the collection)`` of the font to embed, or :class:`FontMissing`."""
    if configured:
        path, index = _parse(configured)
        if Path(path).is_file():
            return path, index
        raise FontMissing(f"PDF_FONT={configured} is not a file")
    found = _from_fontconfig()
    if found and Path(found[0]).is_file():
        return found
    for path in KNOWN_FILES:
        if Path(path).is_file():
            return path, _simplified_index(path)
    raise FontMissing(f"no Chinese font: install {PACKAGE_HINT} (apt-get install {PACKAGE_HINT})")

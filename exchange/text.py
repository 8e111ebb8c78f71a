"""Text helpers shared by features: pinyin search keys for Chinese names."""

import re
import unicodedata

from pypinyin import Style, lazy_pinyin


def pinyin_keys(name: str) -> tuple[str, str]:
    """Return ("zhangxiang", "zx") for 张想: full pinyin without tones, and initials."""
    syllables = [s.lower() for s in lazy_pinyin(name or "", style=Style.NORMAL, errors="default")]
    syllables = [re.sub(r"[^a-z0-9]", "", s) for s in syllables]
    syllables = [s for s in syllables if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


def normalise_pinyin_query(query: str) -> str:
    """Fold a typed pinyin query to the stored key: tones, spaces and case removed."""
    decomposed = unicodedata.normalize("NFKD", query.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("ü", "v")
    return re.sub(r"[^a-z]", "", plain)

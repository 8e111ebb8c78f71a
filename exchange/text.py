"""Text helpers shared by features: clean typed text; pinyin search keys for Chinese names.

A surname is read as a surname: 曾 zēng (not céng), 单 shàn, 解 xiè ... pypinyin has no
surname mode, so the readings are in the tables below. The everyday reading is indexed
too, so a user who types either spelling finds the person: 曾想 has the keys
"zengxiang cengxiang" and "zx cx" (the first one sorts).
"""

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

# Surnames whose reading differs from the character's everyday one. Source: the 姓 senses
# of 《现代汉语词典》(第7版, 商务印书馆, 2016) and 《新华字典》(第12版, 2020), e.g.
# 曾 Zēng, 单 Shàn, 解 Xiè, 仇 Qiú, 朴 Piáo, 查 Zhā, 区 Ōu, 盖 Gě, 覃 Qín, 缪 Miào, 翟 Zhái.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "区": "ou",
    "盖": "ge",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "乐": "yue",
    "员": "yun",
    "召": "shao",
    "繁": "po",
    "句": "gou",
    "种": "chong",
    "秘": "bi",
    "柏": "bai",
    "宓": "fu",
    "阚": "kan",
    "都": "du",
    "洗": "xian",
    "藏": "zang",
    "薄": "bo",
    "重": "chong",
    "折": "she",
    "佴": "nai",
    "隗": "wei",
    "能": "nai",
    "黑": "he",
    "祭": "zhai",
    "长": "chang",
    "朝": "zhao",
    "尉": "wei",
}
COMPOUND_SURNAME_READINGS = {
    "尉迟": "yu chi",
    "万俟": "mo qi",
    "单于": "chan yu",
    "长孙": "zhang sun",
    "澹台": "tan tai",
    "乐正": "yue zheng",
    "令狐": "ling hu",
    "皇甫": "huang fu",
}

# Unicode bidirectional controls: they make a name display differently from how it is
# stored and sorted ("Trojan source"), and no name needs them. Embeddings and overrides
# U+202A–U+202E, isolates U+2066–U+2069, the marks U+200E, U+200F and U+061C.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
# In one line (a name, a title): every control character (C0, DEL, C1), the bidi
# controls, the line and paragraph separators and the byte-order mark.
_LINE_JUNK = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029\ufeff]")
# In a text of several lines: the same, but tab and line breaks stay.
_TEXT_JUNK = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}\ufeff]")


def clean_line(value):
    """``value`` without control characters or bidi controls (a non-string is returned as is)."""
    return _LINE_JUNK.sub("", value) if isinstance(value, str) else value


def clean_text(value):
    """Like :func:`clean_line`, keeping tabs and line breaks (report bodies, remarks)."""
    return _TEXT_JUNK.sub("", value) if isinstance(value, str) else value


# Column sizes of Cadre.name_pinyin and Cadre.name_initials.
MAX_KEY_LENGTH = 160
MAX_INITIALS_LENGTH = 40


def _clean(syllables: list[str]) -> list[str]:
    cleaned = [re.sub(r"[^a-z0-9]", "", s.lower()) for s in syllables]
    return [s for s in cleaned if s]


def name_readings(name: str) -> list[list[str]]:
    """The name's syllables, the surname read as a surname first, then the everyday reading."""
    everyday = _clean(lazy_pinyin(name or "", style=Style.NORMAL, errors="default"))
    for table, length in ((COMPOUND_SURNAME_READINGS, 2), (SURNAME_READINGS, 1)):
        if (name or "")[:length] in table:
            surname = table[name[:length]].split()
            readings = [surname + everyday[length:], everyday]
            return [r for i, r in enumerate(readings) if r not in readings[:i]]
    return [everyday]


def _fit(keys: list[str], limit: int) -> str:
    """Space-separated keys, the first always (cut to ``limit``), the others while they fit."""
    text = keys[0][:limit]
    for key in keys[1:]:
        if key not in text.split() and len(text) + 1 + len(key) <= limit:
            text += " " + key
    return text


#: The longest piece of a name kept for the search (``exchange.cadres.search``).
GRAM_LONGEST = 3


def _pieces(text: str, shortest: int) -> set[str]:
    return {
        text[start : start + size]
        for size in range(shortest, GRAM_LONGEST + 1)
        for start in range(len(text) - size + 1)
    }


def name_grams(name: str, pinyin: str, initials: str) -> set[str]:
    """The pieces of a name the search looks cadres up by: the name's of one to three
    characters (lower case: SQLite's LIKE ignores ASCII case), each reading's and each
    reading's initials' of two or three letters ("zx", "zha", "han" ...)."""
    found = _pieces((name or "").lower(), 1)
    for word in f"{pinyin or ''} {initials or ''}".split():
        found |= _pieces(word, 2)
    return found


def pinyin_keys(name: str) -> tuple[str, str]:
    """Return ("zhangxiang", "zx") for 张想, ("zengxiang cengxiang", "zx cx") for 曾想."""
    readings = name_readings(name)
    full = _fit(["".join(r) for r in readings], MAX_KEY_LENGTH)
    initials = _fit(["".join(s[0] for s in r) for r in readings], MAX_INITIALS_LENGTH)
    return full, initials


def sort_reading(name: str) -> str:
    """The name's everyday pinyin, syllables apart ("liang jiang xin qu"), to sort names by."""
    return " ".join(_clean(lazy_pinyin(name or "", style=Style.NORMAL, errors="default")))[:200]


def normalise_pinyin_query(query: str) -> str:
    """Fold a typed pinyin query to the stored key: tones, spaces and case removed."""
    decomposed = unicodedata.normalize("NFKD", query.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("ü", "v")
    return re.sub(r"[^a-z]", "", plain)

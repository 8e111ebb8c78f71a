"""The interface's strings all have a confirmed Chinese translation in the one catalogue."""

import re
import shutil

import pytest
from babel.messages.pofile import read_po

from exchange.i18n import (
    ROOT,
    TRANSLATIONS,
    absorb_feature_catalogues,
    catalogue_path,
    extract_messages,
    update_catalogues,
)


def read_catalogue(path=None):
    with (path or catalogue_path()).open("rb") as f:
        return read_po(f)


def problems(messages, catalogue) -> list[str]:
    """Untranslated and fuzzy entries, as the message of a failing test shows them."""
    found = []
    for msgid, places in messages.items():
        entry = catalogue.get(msgid)
        if entry is None or not entry.string:
            found.append(f"untranslated: {msgid!r} ({places[0]})")
        elif entry.fuzzy:
            found.append(f"fuzzy (check, then remove the flag): {msgid!r} ({places[0]})")
    return found


def test_every_interface_string_has_a_confirmed_chinese_translation():
    missing = problems(extract_messages(), read_catalogue())
    assert not missing, (
        "Run `make translations-update`, then fill msgstr in "
        f"{catalogue_path().relative_to(ROOT)}:\n" + "\n".join(missing)
    )


def placeholders(text) -> set[str]:
    texts = text if isinstance(text, tuple | list) else [text]
    return {p for t in texts for p in re.findall(r"%\(\w+\)[sd]", str(t))}


def test_placeholders_survive_translation():
    for message in read_catalogue():
        if message.id and message.string:
            assert placeholders(message.id) == placeholders(message.string), message.id


def test_one_catalogue_so_a_string_has_one_translation():
    strays = [p for p in (ROOT / "exchange").rglob("*.po") if TRANSLATIONS not in p.parents]
    assert not strays, f"fold these into the catalogue with `make translations-update`: {strays}"


@pytest.fixture
def project(tmp_path):
    """A one-file project with this repository's babel.cfg and a translated catalogue."""
    (tmp_path / "exchange").mkdir()
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    po = tmp_path / "exchange" / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_Hans_CN\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Save the posting"\nmsgstr "保存挂职"\n',
        encoding="utf-8",
    )
    return tmp_path, po


def test_a_changed_msgid_keeps_its_old_translation_as_fuzzy_and_fails_the_check(project):
    root, po = project
    (root / "exchange" / "views.py").write_text('_l("Save this posting")\n_("New words")\n')
    [(path, untranslated, fuzzy)] = update_catalogues(root)
    assert (path, untranslated, fuzzy) == (po, 1, 1)
    catalogue = read_catalogue(po)
    changed = catalogue.get("Save this posting")
    assert changed.string == "保存挂职" and changed.fuzzy
    assert catalogue.get("Save the posting") is None  # not kept as an obsolete entry
    assert [p.split(":")[0] for p in problems(extract_messages(root), catalogue)] == [
        "fuzzy (check, then remove the flag)",
        "untranslated",
    ]


def test_updating_a_catalogue_in_step_with_the_code_changes_nothing(project):
    root, po = project
    (root / "exchange" / "views.py").write_text('_l("Save the posting")\n')
    update_catalogues(root)
    first = po.read_bytes()
    update_catalogues(root)
    assert po.read_bytes() == first
    assert read_catalogue(po).get("Save the posting").string == "保存挂职"


def test_a_feature_catalogue_from_an_older_branch_is_folded_into_the_one(project):
    root, po = project
    stray = root / "exchange" / "postings" / "translations" / "zh_Hans_CN" / "LC_MESSAGES"
    stray.mkdir(parents=True)
    (stray / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: zh_Hans_CN\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Save the posting"\nmsgstr "保存挂职信息"\n\n'
        'msgid "Extend"\nmsgstr "延期"\n',
        encoding="utf-8",
    )
    notes = absorb_feature_catalogues(root)
    assert notes == ["'Save the posting': '保存挂职信息' replaces '保存挂职'"]
    catalogue = read_catalogue(po)
    assert catalogue.get("Save the posting").string == "保存挂职信息"
    assert catalogue.get("Extend").string == "延期"
    assert not (root / "exchange" / "postings").exists()


def test_the_committed_catalogue_is_in_step_with_the_code(tmp_path):
    """`make translations-update` on a clean checkout changes nothing (a merge that appended
    entries out of order, or left an obsolete one, shows up here rather than in a review)."""
    for part in ("exchange", "templates"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    po = tmp_path / catalogue_path().relative_to(ROOT)
    update_catalogues(tmp_path)
    assert po.read_text(encoding="utf-8") == catalogue_path().read_text(encoding="utf-8")

"""Every string of the interface has a Chinese translation in its feature's catalogue."""

from babel.messages.pofile import read_po

from exchange.i18n import extract_messages


def test_every_interface_string_is_translated_into_chinese():
    missing = []
    for directory, messages in extract_messages().items():
        po_path = directory / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
        catalogue = None
        if po_path.exists():
            with po_path.open("rb") as f:
                catalogue = read_po(f)
        for msgid, places in messages.items():
            entry = catalogue.get(msgid) if catalogue is not None else None
            if entry is None or not entry.string:
                missing.append(f"{msgid!r} ({places[0]}) -> {po_path}")
    assert not missing, (
        "Untranslated (run `flask --app exchange translations update`, then fill msgstr):\n"
        + "\n".join(missing)
    )


def test_placeholders_survive_translation():
    import re

    for directory in extract_messages():
        po_path = directory / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
        with po_path.open("rb") as f:
            for message in read_po(f):
                if message.id and message.string:
                    ids = sorted(re.findall(r"%\(\w+\)[sd]", str(message.id)))
                    strs = sorted(re.findall(r"%\(\w+\)[sd]", str(message.string)))
                    assert ids == strs, f"{message.id!r} in {po_path}"


def test_a_string_means_the_same_in_every_catalogue():
    """The catalogues are merged at run time, so the same English text must have one
    Chinese translation everywhere; a word with two meanings needs two msgids."""
    from exchange.i18n import translation_directories

    seen: dict[str, dict[str, list[str]]] = {}
    for directory in translation_directories():
        po_path = directory / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
        if not po_path.exists():
            continue
        with po_path.open("rb") as f:
            for message in read_po(f):
                if message.id and message.string:
                    feature = directory.parent.name
                    seen.setdefault(str(message.id), {}).setdefault(str(message.string), []).append(
                        feature
                    )
    clashes = {msgid: found for msgid, found in seen.items() if len(found) > 1}
    assert not clashes, clashes

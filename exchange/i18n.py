"""Languages: Chinese first, English on request; one gettext catalogue, kept with pybabel.

The strings are extracted as Flask-Babel documents it (``pybabel extract -F babel.cfg``)
and merged into ``exchange/translations/<locale>/LC_MESSAGES/messages.po`` with
``pybabel update``, so a changed msgid keeps its old translation, marked fuzzy, for a
translator to confirm. ``flask translations update`` runs both with the options below.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import current_app, has_request_context, request
from flask_babel import LazyString, get_locale
from flask_login import current_user
from markupsafe import Markup, escape

from exchange.extensions import babel

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
TRANSLATIONS = PACKAGE / "translations"
LOCALES = ("zh_Hans_CN",)
LANG_COOKIE = "lang"


def lang_cookie_name() -> str:
    """The language cookie is named like the session cookie: ``__Host-lang`` in production."""
    prefix = "__Host-" if current_app.config["SESSION_COOKIE_NAME"].startswith("__Host-") else ""
    return prefix + LANG_COOKIE


# Keywords besides Babel's defaults (_, gettext, ngettext, ...): Flask-Babel's lazy forms.
KEYWORDS = ("_l", "lazy_gettext", "lazy_ngettext:1,2")


def catalogue_path(locale: str = LOCALES[0], directory: Path = TRANSLATIONS) -> Path:
    return directory / locale / "LC_MESSAGES" / "messages.po"


def compile_catalogues(directory: Path = TRANSLATIONS) -> int:
    """Compile each .po whose .mo is missing or older (fuzzy entries left out, as pybabel
    compile does); return how many were written. The .mo files are never committed."""
    written = 0
    for po_path in directory.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalogue)
        written += 1
    return written


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the CLI and services called outside a request
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if request.path.startswith("/api/"):  # the JSON API: Accept-Language, else Chinese
        best = request.accept_languages.best_match(list(languages))
        return best or current_app.config["BABEL_DEFAULT_LOCALE"]
    choice = request.cookies.get(lang_cookie_name())
    if choice is not None and choice in languages:
        return choice
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


#: The language of the page being rendered, put in each template's context once per render
#: (``templating``): templates and their helpers read it there, not from Flask-Babel.
RENDER_LOCALE = "_locale"


def locale_of(context) -> str:
    """The language of the template being rendered (``context``: its Jinja context); the
    default language where there is no request or app (``get_locale()`` is None)."""
    return context.get(RENDER_LOCALE) or str(get_locale() or LOCALES[0])


def _escaped_html(self) -> Markup:
    return escape(str(self))


def text_not_markup() -> None:
    """A lazily translated string is text, not markup.

    Flask-Babel's ``LazyString.__html__`` returns the string itself, so markupsafe and
    Jinja's autoescaping take it as safe HTML: a message built from stored names,
    ``_l("%(home)s → %(host)s", home=district.name, ...)`` as a form label or a refusal's
    reason, rendered a district named ``<meta http-equiv=refresh ...>`` as a live tag, and
    a message that mentions ``<Person>`` lost those words. Escaping here makes every
    label, reason and flash built with ``_l()`` text, wherever it is rendered; the
    templates' own ``_()`` is unaffected (Jinja escapes its arguments and trusts its text).
    """
    LazyString.__html__ = _escaped_html


def init_app(app) -> None:
    text_not_markup()
    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS)
    )


# Keeping the catalogue in step with the code -----------------------------------------


def _pybabel(*args: str, cwd: Path) -> None:
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "-q", *args], cwd=cwd, check=True)


def _first(string) -> str:
    """A translation, or the first form of a plural one."""
    return string[0] if isinstance(string, tuple | list) else string


def absorb_feature_catalogues(root: Path = ROOT, locale: str = LOCALES[0]) -> list[str]:
    """Fold catalogues left under ``exchange/<feature>/translations`` (the old layout, as a
    branch made before the merge still has it) into the one catalogue, then delete them.

    Such a catalogue comes from the branch being merged, so its translation wins where the
    two differ; each replaced one is reported, for a translator to check.
    """
    from babel.messages.pofile import write_po

    main_path = catalogue_path(locale, root / "exchange" / "translations")
    strays = sorted((root / "exchange").glob(f"*/translations/{locale}/LC_MESSAGES/messages.po"))
    if not strays:
        return []
    with main_path.open("rb") as f:
        main = read_po(f, locale=locale)
    notes = []
    for stray_path in strays:
        with stray_path.open("rb") as f:
            stray = read_po(f, locale=locale)
        for message in stray:
            if not message.id or not message.string or message.fuzzy:
                continue
            existing = main.get(message.id)
            if existing is None or not existing.string:
                main[message.id] = message
            elif _first(existing.string) != _first(message.string):
                notes.append(f"{message.id!r}: {message.string!r} replaces {existing.string!r}")
                existing.string = message.string  # (assigning the message would keep the old)
        folder = stray_path.parents[2]  # exchange/<feature>/translations
        for leftover in sorted(folder.rglob("*"), reverse=True):
            leftover.unlink() if leftover.is_file() else leftover.rmdir()
        folder.rmdir()
        if not any(folder.parent.iterdir()):
            folder.parent.rmdir()
    with main_path.open("wb") as f:
        write_po(f, main, width=76)
    return notes


def update_catalogues(root: Path = ROOT) -> list[tuple[Path, int, int]]:
    """``pybabel extract`` + ``pybabel update``; returns each catalogue with its counts of
    untranslated and fuzzy entries (both make the i18n test fail until a translator acts)."""
    result = []
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "messages.pot"
        keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
        _pybabel(
            "extract", "-F", "babel.cfg", *keywords, "--add-location=file", "--sort-output",
            "--project=exchange", "-o", str(template), ".", cwd=root,
        )  # fmt: skip
        for locale in LOCALES:
            _pybabel(
                "update", "-i", str(template), "-d", "exchange/translations", "-l", locale,
                "--ignore-obsolete", "--ignore-pot-creation-date", "--previous", cwd=root,
            )  # fmt: skip
            path = catalogue_path(locale, root / "exchange" / "translations")
            with path.open("rb") as f:
                catalogue = read_po(f)
            entries = [m for m in catalogue if m.id]
            untranslated = sum(1 for m in entries if not m.string)
            fuzzy = sum(1 for m in entries if m.fuzzy)
            result.append((path, untranslated, fuzzy))
    return result


def extract_messages(root: Path = ROOT) -> dict[str, list[str]]:
    """Every msgid in the code and templates as ``pybabel extract`` finds it, with places."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (root / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = dict(DEFAULT_KEYWORDS)
    for keyword in KEYWORDS:
        name, _, spec = keyword.partition(":")
        keywords[name] = tuple(int(n) for n in spec.split(",")) if spec else None
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        root, method_map, options_map, keywords=keywords
    ):
        msgid = message[0] if isinstance(message, tuple | list) else message
        if msgid:
            found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found

"""Languages: Chinese first, English on request; one gettext catalogue per feature."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import current_app, has_request_context, request
from flask_login import current_user

from exchange.extensions import babel

PACKAGE = Path(__file__).resolve().parent
LANG_COOKIE = "lang"


def translation_directories() -> list[Path]:
    """``exchange/translations`` and every ``exchange/<feature>/translations``."""
    dirs = [PACKAGE / "translations"]
    dirs += sorted(p for p in PACKAGE.glob("*/translations") if p.is_dir())
    return [d for d in dirs if d.is_dir()]


def compile_catalogues() -> int:
    """Compile every .po file whose .mo is missing or older; return how many were written."""
    written = 0
    for directory in translation_directories():
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
    choice = request.cookies.get(LANG_COOKIE)
    if choice is not None and choice in languages:
        return choice
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=";".join(str(d) for d in translation_directories()),
    )


# Keeping the catalogues in step with the code ----------------------------------------

ROOT = PACKAGE.parent
EXTRACT_OPTIONS = {"extensions": "jinja2.ext.i18n", "silent": "false"}


def catalogue_dir_for(path: Path) -> Path:
    """The translations folder that owns a source file: its feature's, or the core one."""
    relative = path.relative_to(ROOT)
    parts = relative.parts
    feature = None
    if (
        parts[0] == "exchange"
        and len(parts) > 2
        and (PACKAGE / parts[1]).is_dir()
        or parts[0] == "templates"
        and len(parts) > 2
        and (PACKAGE / parts[1]).is_dir()
    ):
        feature = parts[1]
    if feature is None:
        return PACKAGE / "translations"
    return PACKAGE / feature / "translations"


def extract_messages() -> dict[Path, dict[str, list[str]]]:
    """Every translatable string in the code and templates, grouped by owning catalogue."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}

    found: dict[Path, dict[str, list[str]]] = {}
    sources = [(p, "python") for p in sorted(PACKAGE.rglob("*.py"))]
    sources += [(p, "jinja2") for p in sorted((ROOT / "templates").rglob("*.html"))]
    for path, method in sources:
        options = EXTRACT_OPTIONS if method == "jinja2" else {}
        method_fn = "jinja2.ext:babel_extract" if method == "jinja2" else "python"
        for lineno, message, _comments, _context in extract_from_file(
            method_fn, str(path), keywords=keywords, options=options
        ):
            msgid = message[0] if isinstance(message, tuple | list) else message
            if not msgid:
                continue
            where = f"{path.relative_to(ROOT)}:{lineno}"
            found.setdefault(catalogue_dir_for(path), {}).setdefault(msgid, []).append(where)
    return found


def update_catalogues(locale: str = "zh_Hans_CN") -> list[tuple[Path, int]]:
    """Add new strings (untranslated) to each catalogue; keep every existing translation.

    Returns the catalogues touched and how many of their strings still lack a translation.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    result = []
    for directory, messages in extract_messages().items():
        po_path = directory / locale / "LC_MESSAGES" / "messages.po"
        if po_path.exists():
            with po_path.open("rb") as f:
                catalogue = read_po(f, locale=locale)
        else:
            catalogue = Catalog(locale=locale, project="exchange")
        for msgid, places in messages.items():
            existing = catalogue.get(msgid)
            locations = [(p.rsplit(":", 1)[0], int(p.rsplit(":", 1)[1])) for p in places]
            if existing is None:
                catalogue.add(msgid, "", locations=locations)
            else:
                existing.locations = locations
        for message in list(catalogue):
            if message.id and message.id not in messages:
                catalogue.delete(message.id)
        catalogue.fuzzy = False
        po_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("wb") as f:
            write_po(f, catalogue, width=100, sort_output=True, omit_header=False)
        missing = sum(1 for m in catalogue if m.id and not m.string)
        result.append((po_path, missing))
    return result

"""Files the app cannot work without; a missing one stops start-up with a clear message.

Without the password list the password check would accept the commonest passwords, and
without the compiled catalogue every page would be in English; neither may pass unseen.
"""

from pathlib import Path

from config import ConfigError
from exchange.auth.passwords import COMMON_PASSWORDS_FILE
from exchange.i18n import LOCALES, ROOT, catalogue_path


def required_files() -> list[tuple[Path, str]]:
    """(path, how to get it back) for each file the app needs at run time."""
    files = [(COMMON_PASSWORDS_FILE, "it is part of the source; restore it from the release")]
    for locale in LOCALES:
        files.append(
            (
                catalogue_path(locale).with_suffix(".mo"),
                "run `make install`, or `.venv/bin/pybabel compile -d exchange/translations`",
            )
        )
    return files


def check_data_files() -> None:
    missing = [
        f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} ({fix})"
        for path, fix in required_files()
        if not path.is_file()
    ]
    if missing:
        raise ConfigError("Exchange cannot start; missing file(s): " + "; ".join(missing))

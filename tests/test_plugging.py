"""How features plug in: the web layer imports no feature, features add to each other's
pages instead of importing each other's views, and every CLI command comes with a blueprint.
(tests/test_structure.py checks the whole import graph for cycles.)"""

import ast
from pathlib import Path

import pytest

import exchange

PACKAGE = Path(exchange.__file__).parent
FEATURES = sorted(
    p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists() and p.name != "web"
)


def imports_of(path: Path) -> set[str]:
    """The ``exchange.*`` modules a file imports (absolute imports; the code uses no other)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("exchange.")}


def features_imported_by(paths) -> set[str]:
    return {
        name.split(".")[1]
        for path in paths
        for name in imports_of(path)
        if name.split(".")[1] in FEATURES
    }


def test_the_web_layer_imports_no_feature():
    assert features_imported_by((PACKAGE / "web").rglob("*.py")) == set()


@pytest.mark.parametrize(
    ("files", "never"),
    [
        ("postings/*.py", {"reports", "rosters"}),
        ("rosters/views.py", {"reports"}),
        ("notifications/*.py", {"reports", "postings", "rosters", "cadres", "programmes"}),
    ],
)
def test_a_feature_adds_to_another_page_instead_of_being_imported(files, never):
    """Reports show their schedule on the posting page and their card on the dashboard
    through sections; notifications know nothing of the features that send them."""
    assert features_imported_by(PACKAGE.glob(files)) & never == set()


def test_view_modules_do_not_import_each_other():
    """Blueprints import their view modules; a view module imports no other one."""
    views = [p for p in PACKAGE.rglob("*.py") if p.stem.endswith("views")]
    for path in views:
        others = {
            name
            for name in imports_of(path)
            if name.rsplit(".", 1)[-1].endswith("views") or ".views." in name
        }
        assert others == set(), f"{path.relative_to(PACKAGE)} imports {others}"


def test_every_command_comes_with_a_blueprint(app):
    """One way to register commands: ``bp.cli`` (exchange/commands.py's for the core ones)."""
    from_blueprints = set()
    for bp in app.blueprints.values():
        if bp.cli_group is None:
            from_blueprints |= set(bp.cli.commands)
        elif bp.cli.commands:
            from_blueprints.add(bp.cli.name or bp.name)
    # Flask-Migrate's and flask-smorest's (``flask openapi print``), added by the extensions.
    ours = set(app.cli.commands) - {"db", "openapi"}
    assert ours == from_blueprints
    assert {"seed-demo", "users", "translations", "postings", "remind"} <= ours

"""The shape of the code: no feature imports another in a circle.

A feature is a sub-package of ``exchange`` (``exchange.postings``, ``exchange.reports``
...); the shared modules at the top (``policy``, ``db``, ``enums``, ``web`` ...) are
features too. Each feature's models are a node of their own (``postings.models``), the
layer below: ``policy`` and other features' read models may import models, and models
import only models. Every ``import`` in the code, at module level or inside a function,
is an edge (imports for the type checker only, under ``if TYPE_CHECKING:``, are not);
the test fails when the graph has a cycle, and names it.
"""

import ast
from pathlib import Path

import exchange

PACKAGE = Path(exchange.__file__).parent
#: Modules every feature may use, which import no feature themselves at module level.
FOUNDATION = {"extensions", "db", "enums", "dates", "clock", "text", "errors_domain"}


def _feature_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "exchange" or len(parts) < 2:
        return None
    if not ((PACKAGE / parts[1]).is_dir() or (PACKAGE / f"{parts[1]}.py").exists()):
        return None
    return f"{parts[1]}.models" if parts[2:3] == ["models"] else parts[1]


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(tree: ast.AST) -> set[int]:
    """ids of the nodes inside ``if TYPE_CHECKING:`` blocks."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    return skipped


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def feature_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        source = _feature_of(_module_name(path))
        if source is None:
            continue
        for target in map(_feature_of, _imports(path)):
            if target is not None and target != source:
                graph.setdefault(source, set()).add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path ``[a, b, ..., a]``, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}}) is None


def test_no_feature_import_cycle():
    cycle = find_cycle(feature_graph())
    assert cycle is None, "features import each other in a circle: " + " → ".join(cycle or [])


def test_foundation_imports_no_feature():
    graph = feature_graph()
    for module in FOUNDATION:
        assert not graph.get(module, set()) - FOUNDATION, (module, graph.get(module))

"""The rooms of docs/architecture.md, checked: no import cycle, no import from a lower room to a
higher one, no Qt below ui/, models/ on at most six floors, no class or function past its size.

Imports are read from the source with ast, those inside functions and under TYPE_CHECKING too:
an import made late is still a dependency.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "export", "readers", "ui")
SCRIPTS = ("main", "cli", "chinese_argparse")

# Each room and its rank: a module may import its own room and rooms of a lower rank only.
ROOMS = (
    (
        "base",
        0,
        (
            "models.i18n",
            "models.errors",
            "models.errorlog",
            "models.places",
            "models.os_errors",
            "models.paths",
            "models.version",
            "models.files",
            "models.shipped",
        ),
    ),
    ("format", 1, ("models.format",)),
    ("document", 2, ("models.report",)),
    ("checks", 3, ("models.checks",)),
    ("storage", 4, ("models.storage",)),
    (
        "service",
        5,
        (
            "models.exchange",
            "models.aggregate",
            "models.lookup",
            "models.review",
            "models.service",
            "models.steps",
        ),
    ),
    ("readers", 6, ("readers",)),
    ("export", 6, ("export",)),
    ("ui", 7, ("ui",)),
    ("scripts", 8, SCRIPTS),
)
MAX_FLOORS = 6  # the longest chain of imports between modules of models/
MAX_CLASS_LINES = 300
MAX_FUNCTION_LINES = 60


def test_no_import_cycle():
    graph = import_graph()
    cycles = [sorted(c) for c in strongly_connected(graph) if len(c) > 1]
    assert cycles == []


def test_no_import_from_a_lower_room_to_a_higher_or_a_neighbouring_one():
    wrong = []
    for module, imported in import_graph().items():
        for target in imported:
            (room, rank), (target_room, target_rank) = room_of(module), room_of(target)
            if room != target_room and rank <= target_rank:
                wrong.append(f"{module} ({room}) imports {target} ({target_room})")
    assert wrong == []


def test_no_qt_below_the_window():
    with_qt = [
        module
        for module, path in modules().items()
        if not module.startswith("ui")
        and module not in SCRIPTS
        and "PySide6" in imported_names(path)
    ]
    assert with_qt == []


def test_models_stand_on_at_most_six_floors():
    graph = import_graph()
    models = {
        m: {d for d in deps if d.startswith("models")}
        for m, deps in graph.items()
        if m.startswith("models")
    }

    @cache
    def floor(module: str) -> int:
        return 1 + max((floor(d) for d in models[module]), default=0)

    tallest = max(models, key=floor)
    assert floor(tallest) <= MAX_FLOORS, f"{tallest} stands on floor {floor(tallest)}"


def test_no_class_or_function_past_its_size():
    too_long = []
    for module, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            lines = getattr(node, "end_lineno", 0) - getattr(node, "lineno", 0) + 1
            if isinstance(node, ast.ClassDef) and lines > MAX_CLASS_LINES:
                too_long.append(f"class {module}.{node.name}: {lines} lines")
            if (
                isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and lines > MAX_FUNCTION_LINES
            ):
                too_long.append(f"def {module}.{node.name}: {lines} lines")
    assert too_long == []


def test_the_checker_finds_a_cycle_and_an_upward_import():
    """The graph and the room test catch what they are for (on a made-up graph)."""
    graph = {"models.report": {"models.service"}, "models.service": {"models.report"}}
    assert [sorted(c) for c in strongly_connected(graph) if len(c) > 1] == [
        ["models.report", "models.service"]
    ]
    assert room_of("models.report")[1] < room_of("models.service")[1]  # report → service is up


# The graph ------------------------------------------------------------------------------------


@cache
def modules() -> dict[str, Path]:
    found = {name: ROOT / f"{name}.py" for name in SCRIPTS}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


@cache
def import_graph() -> dict[str, frozenset[str]]:
    """Each of our modules and ours it imports (anywhere in its source)."""
    return {
        module: frozenset(
            t for t in (_ours(name) for name in imported_names(path)) if t and t != module
        )
        for module, path in modules().items()
    }


def imported_names(path: Path) -> set[str]:
    """Every module name the source imports: `import a.b`, `from a.b import c` (as a.b.c, which
    is the module a.b.c or a name in a.b), relative imports resolved, and our modules named in
    strings (importlib.import_module("…"), a registry of modules by name)."""
    names: set[str] = set()
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # a module named in a string is imported by that name (importlib.import_module with
            # a constant, or a registry of modules by name)
            if node.value in modules():
                names.add(node.value)
    return names


def _ours(name: str) -> str | None:
    """The module of ours that a name imports (a.b.c may be a module or a name in a.b)."""
    while name and name not in modules():
        name = name.rpartition(".")[0]
    return name or None


def room_of(module: str) -> tuple[str, int]:
    for room, rank, prefixes in ROOMS:
        if any(module == p or module.startswith(f"{p}.") for p in prefixes):
            return room, rank
    if module == "models":
        return "base", 0
    raise AssertionError(f"{module} is in no room of docs/architecture.md")


def strongly_connected(graph: dict[str, frozenset[str]] | dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's strongly connected components, without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components

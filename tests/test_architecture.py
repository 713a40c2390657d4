"""The folder list tells the architecture, and imports run one way.

``pages`` → ``ui`` → ``regiondata.meeting`` / ``regiondata.model`` / ``regiondata.charts`` →
``regiondata.derive`` → ``regiondata.cbs`` → the foundation (``config``, ``errors``, ``dutch``,
``files``, ``regions``, ``indicators``). Charts draw figures from plain frames and need only the
foundation. Every import counts, also those under ``TYPE_CHECKING`` and inside functions, and no
two modules may import each other, directly or round a loop. A module over ~600 lines or a
function over ~80 lines says why in its docstring ("Why this module is long", "Why this function
is long").
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOUNDATION = {"config", "errors", "dutch", "files", "regions", "indicators"}
#: Layer → the layers it may import (besides itself and the foundation).
ALLOWED = {
    "foundation": set(),
    "cbs": set(),
    "derive": {"cbs"},
    "model": {"cbs", "derive"},
    "charts": set(),
    "meeting": {"cbs", "derive", "model"},
    "cli": {"cbs", "derive", "model", "charts", "meeting"},
    "ui": {"cbs", "derive", "model", "charts", "meeting", "cli"},
    "pages": {"cbs", "derive", "model", "charts", "meeting", "ui"},
}


MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    files = [
        *ROOT.glob("regiondata/**/*.py"),
        *ROOT.glob("ui/**/*.py"),
        *ROOT.glob("pages/*.py"),
        ROOT / "app.py",
    ]
    return {_module_name(p): p for p in files}


def layer(module: str) -> str:
    """The layer of a module of this project."""
    parts = module.split(".")
    if module == "regiondata":
        return "foundation"  # the package root only holds __version__
    if parts[0] in ("pages", "app"):
        return "pages"
    if parts[0] == "ui":
        return "ui"
    if len(parts) == 1 or parts[1] == "__main__":
        return "cli"
    if parts[1] in FOUNDATION:
        return "foundation"
    return parts[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(path):
            # The longest project module the import names (``from pkg import module`` too).
            candidates = [m for m in modules if imported == m or imported.startswith(m + ".")]
            if candidates:
                targets.add(max(candidates, key=len))
        graph[name] = targets - {name}
    return graph


def test_every_module_has_a_known_layer():
    unknown = {m for m in _modules() if layer(m) not in ALLOWED and layer(m) not in ("foundation",)}
    assert not unknown, f"modules outside the layers: {sorted(unknown)}"


def test_imports_run_one_way():
    wrong = []
    for module, targets in _graph().items():
        own = layer(module)
        for target in targets:
            other = layer(target)
            if other in (own, "foundation") or other in ALLOWED[own]:
                continue
            wrong.append(f"{module} ({own}) imports {target} ({other})")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_cycles():
    graph = _graph()
    # Packages import their modules to re-export them; a module importing its own package's
    # __init__ is not a loop of code, so those edges are left out.
    edges = {m: {t for t in ts if not (m.startswith(t + "."))} for m, ts in graph.items()}
    cycles, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(" → ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(cycles)


def _reason_at_top(path: Path) -> bool:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return "Why this module is long" in doc


def test_long_modules_say_why_at_their_top():
    long = [
        f"{name}: {n} lines"
        for name, path in _modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
        and not _reason_at_top(path)
    ]
    assert not long, (
        "modules over ~600 lines without 'Why this module is long' in their docstring:\n" + "\n".join(long)
    )


def test_long_functions_say_why():
    long = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                doc = ast.get_docstring(node) or ""
                if n > MAX_FUNCTION_LINES and "Why this function is long" not in doc:
                    long.append(f"{name}.{node.name}: {n} lines")
    assert not long, "functions over ~80 lines without 'Why this function is long':\n" + "\n".join(long)

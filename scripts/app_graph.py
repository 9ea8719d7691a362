"""Print which otklik app imports which, and any cycle between apps; exit 1 when there is one.

    python scripts/app_graph.py

The graph is built from the syntax trees of every module under `otklik/` except tests
(`tests/` folders) and migrations, so it counts every import the interpreter could run: at the
top of a file, inside a function, and under `if TYPE_CHECKING:`. Relative imports are resolved.
An app is a package directly under `otklik/` (`otklik/inbox/` is the app `inbox`).

The root modules (`otklik/settings.py`, `urls.py`, `cli.py`, …) are the wiring and the shared
helpers, not apps: their edges are printed separately and never count towards a cycle.

Not seen, because they are not imports: a model referenced by string (`ForeignKey("app.Model")`)
and `importlib.import_module` with a computed name. `lint-imports` (see pyproject.toml) checks the
floors; this script shows the whole picture.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "otklik"
SKIPPED_DIRS = {"tests", "migrations"}

Where = tuple[str, int]  # (file relative to the package's parent, line)


@dataclass
class AppGraph:
    #: (importer app, imported app) → where each import is; apps only, no self-edges.
    edges: dict[tuple[str, str], list[Where]] = field(default_factory=lambda: defaultdict(list))
    #: edges with a root module on either side: ("otklik.urls", "inbox"), ("inbox", "otklik.env").
    root_edges: dict[tuple[str, str], list[Where]] = field(
        default_factory=lambda: defaultdict(list)
    )


def _modules(package_dir: Path) -> list[tuple[Path, str]]:
    """(path, dotted module name) of every module that is neither a test nor a migration."""
    found = []
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(package_dir).with_suffix("").parts
        if SKIPPED_DIRS.intersection(parts[:-1]) or parts[-1].startswith("test_"):
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append((path, ".".join((package_dir.name, *parts))))
    return found


def _imported_names(tree: ast.AST, module: str, is_package: bool) -> list[tuple[str, int]]:
    """Every absolute dotted name the module imports, with its line, wherever the import stands."""
    package = module if is_package else module.rpartition(".")[0]
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            # `from otklik import inbox` and `from . import x` name modules in their alias list.
            names.extend((f"{base}.{alias.name}", node.lineno) for alias in node.names)
    return names


def build_graph(package_dir: Path = PACKAGE_DIR) -> AppGraph:
    root = package_dir.name
    apps = {p.parent.name for p in package_dir.glob("*/__init__.py")}
    roots = {p.stem for p in package_dir.glob("*.py") if p.stem != "__init__"}
    graph = AppGraph()
    for path, module in _modules(package_dir):
        parts = module.split(".")
        source = parts[1] if len(parts) > 1 and parts[1] in apps else module
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where_file = str(path.relative_to(package_dir.parent))
        for name, line in _imported_names(tree, module, path.name == "__init__.py"):
            target_parts = name.split(".")
            if target_parts[0] != root or len(target_parts) < 2:
                continue
            head = target_parts[1]
            if head in apps:
                target = head
            elif head in roots:
                target = f"{root}.{head}"
            else:
                continue  # `from otklik import something` that is not a module
            if source == target:
                continue
            edges = graph.edges if source in apps and target in apps else graph.root_edges
            if (where_file, line) not in edges[(source, target)]:  # one count per statement
                edges[(source, target)].append((where_file, line))
    return graph


Edges = dict[tuple[str, str], list[Where]] | set[tuple[str, str]]


def find_cycles(edges: Edges) -> list[list[str]]:
    """Strongly connected components of more than one app (Tarjan), each sorted, largest first."""
    successors: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        successors[source].add(target)
        successors.setdefault(target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(successors[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(successors):
        if node not in index:
            visit(node)
    return sorted(components, key=lambda c: (-len(c), c))


def _print_edges(edges: dict[tuple[str, str], list[Where]]) -> None:
    for (source, target), places in sorted(edges.items()):
        print(f"  {source} → {target}  ({len(places)})")
        for file, line in sorted(places):
            print(f"      {file}:{line}")


def main() -> int:
    graph = build_graph()
    print("App → app imports (tests and migrations left out):")
    _print_edges(graph.edges)
    print("\nRoot modules (wiring and shared helpers; not counted in cycles):")
    _print_edges(graph.root_edges)
    cycles = find_cycles(graph.edges)
    if not cycles:
        print("\nNo cycle between apps.")
        return 0
    print(f"\nCycles between apps ({len(cycles)}):")
    for component in cycles:
        members = set(component)
        inside = sorted(edge for edge in graph.edges if edge[0] in members and edge[1] in members)
        print(f"  {{{', '.join(component)}}}, through:")
        for a, b in inside:
            print(f"      {a} → {b}  ({len(graph.edges[(a, b)])})")
    return 1


if __name__ == "__main__":
    sys.exit(main())

"""The apps import each other one way only (docs/architecture.md); the checker itself is tested."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "app_graph.py"


def _load_app_graph():
    spec = importlib.util.spec_from_file_location("app_graph", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


app_graph = _load_app_graph()


def test_no_import_cycle_between_apps() -> None:
    graph = app_graph.build_graph()
    cycles = app_graph.find_cycles(graph.edges)
    assert cycles == [], f"App import cycles: {cycles} (python scripts/app_graph.py)"


def _tree(root: Path, files: dict[str, str]) -> Path:
    package = root / "otklik"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    for folder in [package, *[p for p in package.rglob("*") if p.is_dir()]]:
        (folder / "__init__.py").touch()
    return package


APPS = {"a/__init__.py": "", "b/__init__.py": "", "c/__init__.py": ""}


@pytest.mark.parametrize(
    ("name", "path", "source", "edges"),
    [
        ("top-level import", "a/x.py", "from otklik.b.models import M\n", {("a", "b")}),
        ("plain import", "a/x.py", "import otklik.b.models\n", {("a", "b")}),
        ("package import", "a/x.py", "from otklik import b\n", {("a", "b")}),
        (
            "function-local import",
            "a/x.py",
            """
            def f():
                from otklik.b import actions
                return actions
            """,
            {("a", "b")},
        ),
        (
            "TYPE_CHECKING import",
            "a/x.py",
            """
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                from otklik.c.models import C
            """,
            {("a", "c")},
        ),
        ("relative import, two levels", "a/x.py", "from ..b import models\n", {("a", "b")}),
        ("relative import, deeper", "a/sub/x.py", "from ...c.models import C\n", {("a", "c")}),
        ("relative import within the app", "a/x.py", "from . import y\n", set()),
        ("import of the app itself", "a/x.py", "from otklik.a import y\n", set()),
        ("tests are left out", "a/tests/test_x.py", "from otklik.b import y\n", set()),
        ("migrations are left out", "a/migrations/0001_x.py", "import otklik.b\n", set()),
        ("other packages are not apps", "a/x.py", "import django.db\nimport otklikx\n", set()),
    ],
)
def test_graph_builder(
    tmp_path: Path, name: str, path: str, source: str, edges: set[tuple[str, str]]
) -> None:
    package = _tree(tmp_path, {**APPS, path: source})
    assert set(app_graph.build_graph(package).edges) == edges, name


def test_where_and_cycles(tmp_path: Path) -> None:
    package = _tree(
        tmp_path,
        {
            **APPS,
            "a/x.py": "def f():\n    from otklik.b import y\n",
            "b/y.py": "import typing\nif typing.TYPE_CHECKING:\n    from ..c import z\n",
            "c/z.py": "from otklik.a import x\n",
            "urls.py": "from otklik.a import x\nfrom otklik import env\n",
            "env.py": "",
        },
    )
    graph = app_graph.build_graph(package)
    assert graph.edges[("a", "b")] == [("otklik/a/x.py", 2)]
    assert set(graph.edges) == {("a", "b"), ("b", "c"), ("c", "a")}
    assert set(graph.root_edges) == {("otklik.urls", "a"), ("otklik.urls", "otklik.env")}
    assert app_graph.find_cycles(graph.edges) == [["a", "b", "c"]]
    assert app_graph.find_cycles({("a", "b"), ("b", "c")}) == []
    assert app_graph.find_cycles({("a", "b"), ("b", "a"), ("c", "d"), ("d", "c")}) == [
        ["a", "b"],
        ["c", "d"],
    ]

"""The house: one home for each concept, imports that run one way, caches keyed by code, guarded internals."""

from __future__ import annotations

import ast
import importlib
import sys

import pytest
from conftest import ROOT

import studykit
from studykit import cache

MODULES = sorted(p for p in (ROOT / "studykit").rglob("*.py"))


def _name(path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _imports(path) -> set[str]:
    """The studykit modules that ``path`` imports, at module level or inside functions."""
    mod = _name(path)
    package = mod if path.name == "__init__.py" else mod.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{a.name}" for a in node.names]
            for t in [target, *names]:
                if t.startswith("studykit") and (ROOT / (t.replace(".", "/") + ".py")).exists() or \
                        (ROOT / t.replace(".", "/") / "__init__.py").exists():
                    found.add(t)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("studykit")}
    found.discard(mod)
    return found


def test_no_import_circle():
    graph = {_name(p): _imports(p) for p in MODULES}
    graph = {m: {d for d in deps if d in graph and d not in ("studykit", "studykit.widgets")} for m, deps in graph.items()}
    state: dict[str, int] = {}

    def visit(m, path):
        state[m] = 1
        for d in graph[m]:
            if state.get(d) == 1:
                pytest.fail("import circle: " + " -> ".join([*path[path.index(d):], d]) if d in path else d)
            if d not in state:
                visit(d, [*path, d])
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m, [m])


def test_only_widgets_import_ipywidgets():
    for p in MODULES:
        if "widgets" in p.parts:
            continue
        tree = ast.parse(p.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not any(x.startswith("ipywidgets") for x in names), p


def test_public_names_are_the_lazy_table_and_all_resolve():
    assert studykit.__all__ == sorted(studykit._API)
    for name in studykit.__all__:
        assert getattr(studykit, name) is not None
    source = (ROOT / "studykit" / "__init__.py").read_text(encoding="utf-8")
    assert "if TYPE_CHECKING:" in source
    checked = {a.asname or a.name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom)
               for a in n.names}
    assert set(studykit.__all__) <= checked, "every public name is in the TYPE_CHECKING block"


def test_options_of_long_signatures_are_keyword_only():
    """A public function with more than four parameters takes its options (those with defaults)
    only by keyword and documents them under ``Args:``."""
    bad = []
    for p in MODULES:
        tree = ast.parse(p.read_text(encoding="utf-8"))
        owners = {id(f): c for c in ast.walk(tree) if isinstance(c, ast.ClassDef) for f in c.body}
        for node in [n for n in tree.body if isinstance(n, ast.FunctionDef)] + \
                [f for c in ast.walk(tree) if isinstance(c, ast.ClassDef) for f in c.body if isinstance(f, ast.FunctionDef)]:
            if node.name.startswith("_") and node.name != "__init__":
                continue
            a = node.args
            positional = [x for x in a.posonlyargs + a.args if x.arg not in ("self", "cls")]
            if len(positional) + len(a.kwonlyargs) <= 4:
                continue
            with_default = positional[len(positional) - len(a.defaults):] if a.defaults else []
            doc = ast.get_docstring(owners[id(node)] if node.name == "__init__" else node) or ""
            # one leading optional argument (the corpus a widget loads by default) may stay positional
            if len(with_default) > 1 or (a.kwonlyargs and "Args:" not in doc):
                bad.append(f"{p.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not bad, "options must be keyword-only and documented under Args: " + ", ".join(bad)


def test_code_version_follows_imports_and_changes_with_the_code(tmp_path, monkeypatch):
    from studykit import repair, text

    v = cache.code_version(repair)
    assert v == cache.code_version(repair) and len(v) == 16
    assert v != cache.code_version(text)
    # repair imports text: a change to text's source is a change to the repair's version
    (tmp_path / "text.py").write_bytes((ROOT / "studykit" / "text.py").read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(text, "__file__", str(tmp_path / "text.py"))
    cache._code_version.cache_clear()
    try:
        assert cache.code_version(repair) != v
    finally:
        monkeypatch.undo()
        cache._code_version.cache_clear()


def test_wordcloud_internals_are_there_and_named_when_gone(monkeypatch):
    from studykit import cloud

    cloud.check_wordcloud()  # the installed wordcloud has every private name the layout uses
    module = importlib.import_module("wordcloud.wordcloud")
    monkeypatch.delattr(module.IntegralOccupancyMap, "sample_position")
    with pytest.raises(ImportError, match=r"lacks wordcloud\.IntegralOccupancyMap\.sample_position.*wordcloud>=1\.9\.3,<1\.10"):
        cloud.check_wordcloud()


def test_wordcloud_pin_matches_the_known_versions():
    from studykit.cloud import WORDCLOUD_KNOWN

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"wordcloud{WORDCLOUD_KNOWN}"' in pyproject
    assert "wordcloud" in sys.modules or importlib.util.find_spec("wordcloud")

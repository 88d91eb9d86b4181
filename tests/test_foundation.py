"""The skeleton: packaging lists agree, the bundled data is found, the command line is light."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml
from conftest import ROOT

from studykit import lab, paths


def _names(specs):
    return {re.split(r"[<>=!\[ ]", s.strip(), maxsplit=1)[0].lower() for s in specs if isinstance(s, str)}


def test_environment_yml_names_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = _names(project["dependencies"]) | _names(project["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = _names(env["dependencies"]) - {"python", "pip"}
    pip_part = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert conda == wanted
    assert "-e ." in pip_part or "." in pip_part
    assert env["channels"] == ["conda-forge"]


def test_bundled_corpus_is_found_and_is_the_compilation():
    f = paths.bundled_corpus()
    assert f.is_file()
    text = f.read_text(encoding="utf-8")
    assert "[bookmark:" in text and len(text) > 50_000
    assert (f.parent / "PROVENANCE.md").is_file()


def test_help_lists_commands_without_importing_heavy_libraries():
    code = (
        "import sys, io, contextlib\n"
        "from studykit.cli import main\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        "    try:\n        main(['--help'])\n    except SystemExit:\n        pass\n"
        "heavy = [m for m in ('pandas', 'matplotlib', 'wordcloud', 'jieba', 'numpy') if m in sys.modules]\n"
        "print(heavy)\nprint(buf.getvalue())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[0] == "[]"
    for cmd in ("lab", "articles"):
        assert re.search(rf"\b{cmd}\b", out)


def test_python_dash_m_studykit_help():
    p = subprocess.run([sys.executable, "-m", "studykit", "--help"], capture_output=True, text=True)
    assert p.returncode == 0 and "articles" in p.stdout


def test_user_dirs_follow_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("STUDYKIT_DATA_DIR", str(tmp_path / "d"))
    assert paths.cache_dir() == tmp_path / "c"
    assert paths.user_data_dir() == tmp_path / "d"


def test_tests_never_touch_the_users_own_dirs():
    import platformdirs

    assert paths.cache_dir() != __import__("pathlib").Path(platformdirs.user_cache_dir("studykit", appauthor=False))


def test_lab_copies_notebooks_without_overwriting(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "00_start_here.ipynb").write_text("original", encoding="utf-8")
    (src / "01_browse_articles.ipynb").write_text("original", encoding="utf-8")
    dest = tmp_path / "mine"
    dest.mkdir()
    (dest / "00_start_here.ipynb").write_text("my edits", encoding="utf-8")
    msgs = list(lab.copy_notebooks(dest, src))
    assert (dest / "00_start_here.ipynb").read_text(encoding="utf-8") == "my edits"
    assert (dest / "01_browse_articles.ipynb").read_text(encoding="utf-8") == "original"
    assert any("kept" in m for m in msgs) and any("copied" in m for m in msgs)


def test_bundled_notebooks_include_the_start_notebook():
    assert (paths.bundled_notebooks() / "00_start_here.ipynb").is_file()


def test_lab_command_allows_root_only_for_root(tmp_path, monkeypatch):
    monkeypatch.setattr(lab.os, "geteuid", lambda: 0)
    assert "--allow-root" in lab.server_command("lab", tmp_path, port=8888, token="t", open_browser=False)
    monkeypatch.setattr(lab.os, "geteuid", lambda: 1000)
    assert "--allow-root" not in lab.server_command("lab", tmp_path, port=8888, token="t", open_browser=False)


def test_wheel_carries_notebooks_corpus_and_font(tmp_path):
    import importlib.util
    import zipfile

    import pytest

    if importlib.util.find_spec("wheel") is None:
        pytest.skip("building a wheel offline needs the 'wheel' package (make test installs it)")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    names = zipfile.ZipFile(next(tmp_path.glob("studykit-*.whl"))).namelist()
    assert "studykit/notebooks/00_start_here.ipynb" in names
    assert f"studykit/data/corpus/{paths.BUNDLED_CORPUS}" in names
    assert "studykit/data/fonts/OFL.txt" in names
    assert any(n.startswith("studykit/data/fonts/") and n.endswith(".otf") for n in names)
    packages = {str(p.parent.relative_to(ROOT)) for p in (ROOT / "studykit").rglob("__init__.py")}
    assert packages and all(f"{p}/__init__.py" in names for p in packages), "a subpackage is missing from the wheel"


def test_saved_files_get_safe_names_and_never_overwrite(tmp_path):
    from studykit.paths import safe_name, unused

    assert safe_name('来源人民/日报:*?"<>| 第 3 篇') == "来源人民_日报_第_3_篇"
    assert safe_name("...") == "_" and len(safe_name("长" * 100)) == 40
    first = tmp_path / "词云_第3篇_2024-03-05.png"
    assert unused(first) == first
    first.write_bytes(b"x")
    assert unused(first).name == "词云_第3篇_2024-03-05_2.png"
    unused(first).write_bytes(b"y")
    assert unused(first).name == "词云_第3篇_2024-03-05_3.png" and first.read_bytes() == b"x"

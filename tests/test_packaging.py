"""The wheel holds every package (found by pattern, none listed by hand) and every data file the program reads;
tests and benchmarks stay out. (`.ci/run` also installs the wheel and runs it from /tmp.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "corpus", "index", "rules", "query")


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout")
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    src = tmp_path_factory.mktemp("src")
    for name in tracked:
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out),
                    str(src)], check=True, capture_output=True, timeout=300)
    [wheel] = out.glob("regbot-*.whl")
    return set(zipfile.ZipFile(wheel).namelist())


def _tracked(prefix: str) -> list[str]:
    out = subprocess.run(["git", "ls-files", prefix], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return out.split()


def test_every_package_and_module_is_in_the_wheel(wheel_files: set[str]) -> None:
    modules = [f for p in PACKAGES for f in _tracked(p) if f.endswith(".py")]
    assert "bot/commands/__init__.py" in modules
    assert [m for m in modules if m not in wheel_files] == []


def test_every_data_file_is_in_the_wheel(wheel_files: set[str]) -> None:
    data = [f for p in PACKAGES for f in _tracked(p) if not f.endswith(".py")]
    assert "index/data/lexical/bm25/vocab.index.json" in data and "index/data/e5/vectors.faiss" in data
    assert [f for f in data if f not in wheel_files] == []


def test_tests_and_benchmarks_stay_out(wheel_files: set[str]) -> None:
    assert not [f for f in wheel_files if f.startswith(("tests/", "bench/"))]

"""What a new user installs: a distribution name of our own, a licence, a CPU-only torch path, JupyterLab."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_distribution_name_is_ours_and_the_command_stays_contradict():
    # "contradict" on PyPI is an unrelated project: `pip install contradict` would install someone else's code.
    assert PROJECT["name"] == "contradict-news"
    assert PROJECT["scripts"] == {"contradict": "contradict.cli:main"}


def test_licence_file_matches_pyproject():
    assert PROJECT["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_readme_installs_with_pipx_and_uv_from_the_cpu_wheel_index():
    readme = (ROOT / "README.md").read_text()
    for tool in ("pipx install contradict-news", "uv tool install contradict-news"):
        line = next(line for line in readme.splitlines() if line.startswith(tool))
        assert "https://download.pytorch.org/whl/cpu" in line, line


def test_notebooks_extra_and_make_lab_open_the_notebooks_in_jupyterlab():
    assert any(re.match(r"jupyterlab\b", requirement) for requirement in PROJECT["optional-dependencies"]["notebooks"])
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab: install .*\n\t\$\(BIN\)/jupyter lab notebooks/", makefile, re.MULTILINE)
    # make install (which make lab, make test and make report run first) installs the notebooks extra.
    assert re.search(r"-e '\.\[test,hf,notebooks(,[a-z]+)*\]'", makefile)


def test_html_templates_ship_inside_the_package():
    # hatch packages everything under contradict/: the report's stylesheet and script must live there.
    assert (ROOT / "contradict" / "templates" / "report.js").is_file()
    assert (ROOT / "contradict" / "templates" / "report.css").is_file()

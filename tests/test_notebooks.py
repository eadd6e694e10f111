"""The notebooks in notebooks/: committed without outputs, written against the public API
only, every code cell explained, and runnable top to bottom on the seeds (real models)."""

from __future__ import annotations

import ast
import importlib.util
import pkgutil

import nbformat
import pytest

import contradict
from contradict import plots

from conftest import ROOT

NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
PUBLIC_MODULES = {name for _, name, _ in pkgutil.iter_modules(contradict.__path__) if not name.startswith("_")}


def _read(path):
    return nbformat.read(path, as_version=4)


def _code_cells(path):
    return [cell for cell in _read(path).cells if cell.cell_type == "code"]


def test_the_notebooks_exist():
    assert {path.name for path in NOTEBOOKS} >= {"explore.ipynb", "numbers.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_committed_notebooks_carry_no_outputs(path):
    # Outputs make diffs unreadable and go stale; `make notebooks` writes executed copies elsewhere.
    for number, cell in enumerate(_code_cells(path)):
        assert cell.outputs == [], f"{path.name} cell {number} has outputs: clear them before committing"
        assert cell.execution_count is None, f"{path.name} cell {number} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_every_code_cell_is_explained_by_the_markdown_cell_before_it(path):
    cells = _read(path).cells
    for number, cell in enumerate(cells):
        if cell.cell_type == "code":
            assert number > 0 and cells[number - 1].cell_type == "markdown" and cells[number - 1].source.strip(), \
                f"{path.name}: code cell {number} has no markdown cell before it"


def _api_uses(source: str):
    """(kind, name) for every use of contradict in a cell: imports, and attributes of the module aliases."""
    # IPython line magics (%matplotlib inline) are not Python; they name no contradict API.
    tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith("%")))
    aliases = {}  # local name -> module path ("contradict", "contradict.plots")
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "contradict":
                    uses.append(("module", alias.name))
                    aliases[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else "contradict"
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "contradict":
            uses.append(("module", node.module))
            for alias in node.names:
                uses.append(("name", f"{node.module}.{alias.name}"))
                if f"{node.module}.{alias.name}"[len("contradict."):] in PUBLIC_MODULES:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if node.attr.startswith("_"):
                uses.append(("private attribute", node.attr))
            if isinstance(node.value, ast.Name) and node.value.id in aliases:
                uses.append(("name", f"{aliases[node.value.id]}.{node.attr}"))
    return uses


def _is_public(kind: str, name: str) -> bool:
    parts = name.split(".")
    if kind == "private attribute":
        return False
    if kind == "module":
        return parts == ["contradict"] or (len(parts) == 2 and parts[1] in PUBLIC_MODULES)
    module, attribute = ".".join(parts[:-1]), parts[-1]
    if module == "contradict":
        return attribute in contradict.__all__ or attribute in PUBLIC_MODULES
    if module == "contradict.plots":
        return attribute in plots.__all__
    return not attribute.startswith("_") and module.split(".")[-1] in PUBLIC_MODULES


def test_the_public_api_check_catches_private_names():
    assert not all(_is_public(*use) for use in _api_uses("from contradict.report import _records"))
    assert not all(_is_public(*use) for use in _api_uses("import contradict\ncontradict._private()"))
    assert not all(_is_public(*use) for use in _api_uses("report._pair_dict(row)"))
    assert not all(_is_public(*use) for use in _api_uses("from contradict import plots\nplots._anchor(row)"))
    assert not all(_is_public(*use) for use in _api_uses("import contradict\ncontradict.nothing_like_this"))
    assert all(_is_public(*use) for use in _api_uses("import contradict\nfrom contradict import plots\n"
                                                     "contradict.analyze([])\nplots.plot_quantities(r)"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebooks_use_only_the_public_api(path):
    private = [(kind, name) for cell in _code_cells(path) for kind, name in _api_uses(cell.source)
               if not _is_public(kind, name)]
    assert private == [], f"{path.name} uses non-public names; add what it needs to the API instead: {private}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebooks_analyze_once(path):
    # Each analyze() loads the models and runs the pipeline: one run per notebook keeps the test suite fast.
    calls = sum(cell.source.count("analyze(") for cell in _code_cells(path))
    assert calls == 1


def _runner():
    spec = importlib.util.spec_from_file_location("run_notebooks", NOTEBOOK_DIR / "run_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_clear_strips_outputs_and_counts_in_place(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Why."), nbformat.v4.new_code_cell("1 + 1")])
    notebook.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
    notebook.cells[1].execution_count = 1
    path = tmp_path / "scratch.ipynb"
    nbformat.write(notebook, path)
    _runner().clear_outputs(path)
    cleared = _read(path).cells[1]
    assert cleared.outputs == [] and cleared.execution_count is None and cleared.source == "1 + 1"


@pytest.mark.models
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_notebook_runs_top_to_bottom_on_the_seeds(path, tmp_path):
    executed = _runner().execute_notebook(path, tmp_path)
    cells = [cell for cell in executed.cells if cell.cell_type == "code"]
    errors = [output for cell in cells for output in cell.outputs if output.output_type == "error"]
    assert errors == []
    figures = [output for cell in cells for output in cell.outputs if "image/png" in output.get("data", {})]
    assert len(figures) >= 2, "each notebook draws its figures"
    assert (tmp_path / path.name).exists()
    # the committed notebook is untouched: outputs go to the scratch copy only
    assert all(cell.outputs == [] for cell in _code_cells(path))

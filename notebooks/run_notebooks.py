"""Execute the notebooks headless into a scratch folder, never in place.

The committed notebooks carry no outputs (so diffs stay readable); this writes executed
copies, figures included, for a person to open. The test suite uses the same function, so
what `make notebooks` shows is what the tests ran.

Usage:
    python notebooks/run_notebooks.py [OUTPUT_DIR] [NOTEBOOK ...]
    (defaults: build/notebooks, every notebooks/*.ipynb)
    python notebooks/run_notebooks.py --clear [NOTEBOOK ...]
    (strip outputs and execution counts in place, before committing an edited notebook)

Each notebook runs with notebooks/ as its working directory, the ``python3`` kernel (for a
kernel spec whose command is plain ``python``, jupyter_client launches the interpreter that
runs this script, i.e. the venv's), ``MPLBACKEND=Agg`` and the model hub switched off.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent
#: The environment every notebook runs in: no display, no network for models.
KERNEL_ENV = {"MPLBACKEND": "Agg", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


@contextmanager
def _environment(values: dict[str, str]):
    # The kernel inherits this process's environment; restore it afterwards so a test run is not changed.
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def execute_notebook(notebook: Path, output_dir: Path, *, timeout: int = 900):
    """Run ``notebook`` top to bottom and write the executed copy to ``output_dir``; return it.

    Raises nbclient's ``CellExecutionError`` (naming the cell) when a cell fails.
    """
    import nbformat
    from nbclient import NotebookClient

    notebook = Path(notebook)
    document = nbformat.read(notebook, as_version=4)
    client = NotebookClient(document, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    with _environment(KERNEL_ENV):
        client.execute()
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / notebook.name
    nbformat.write(document, target)
    return document


def clear_outputs(notebook: Path) -> None:
    """Remove outputs and execution counts in place, as the committed notebooks must be."""
    import nbformat

    document = nbformat.read(notebook, as_version=4)
    for cell in document.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(document, notebook)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--clear"]:
        for notebook in [Path(name) for name in argv[1:]] or sorted(NOTEBOOKS.glob("*.ipynb")):
            clear_outputs(notebook)
            print(f"cleared {notebook}")
        return 0
    output_dir = Path(argv[0]) if argv else Path("build/notebooks")
    notebooks = [Path(name) for name in argv[1:]] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for notebook in notebooks:
        print(f"running {notebook.name} ...", flush=True)
        execute_notebook(notebook, output_dir)
        print(f"  wrote {output_dir / notebook.name}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

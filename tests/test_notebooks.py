"""The notebooks in notebooks/ run, offline, in this interpreter, and are saved with their outputs.

Each notebook is executed once per session with nbclient in a kernel started
from ``sys.executable`` (so a fresh ``make test`` checkout uses its own
``.venv``, whatever kernels the machine has registered), from the notebooks
folder, with ``HF_HUB_OFFLINE=1``. Any cell error fails the test.

Speed is checked as the kernel's CPU time, not wall time: a busy CI machine
stretches wall time, CPU time stays what the notebook costs. On an idle
two-core machine the wall time is at most the CPU time.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

pytestmark = pytest.mark.model  # they load the real default model

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ("quickstart", "inside-the-pipeline")
# "Well under a minute" each: the notebooks take about 15 CPU seconds.
MAX_CPU_SECONDS = 45
CELL_TIMEOUT_SECONDS = 300  # only against hangs; a busy machine may be slow
KERNEL_NAME = "summarize-tests"


@pytest.fixture(scope="module")
def kernel_name(tmp_path_factory: pytest.TempPathFactory):
    """A kernelspec for this interpreter, placed where Jupyter looks first (JUPYTER_PATH)."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    kernel = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "summarize tests",
        "language": "python",
        # Inline figures even where CI sets MPLBACKEND=Agg; no network for the model.
        "env": {"HF_HUB_OFFLINE": "1", "MPLBACKEND": "module://matplotlib_inline.backend_inline"},
    }
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    patch = pytest.MonkeyPatch()
    patch.setenv("JUPYTER_PATH", os.pathsep.join(filter(None, [str(root), os.environ.get("JUPYTER_PATH")])))
    yield KERNEL_NAME
    patch.undo()


_executed: dict[str, tuple[object, float, float | None]] = {}


def _children_cpu_seconds() -> float | None:
    """CPU seconds used by finished child processes (the kernel, once shut down); None off Unix."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _execute(name: str, kernel: str) -> tuple[object, float, float | None]:
    """Run a notebook once per session: the executed copy, its wall seconds and the kernel's CPU seconds."""
    if name not in _executed:
        notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        client = nbclient.NotebookClient(
            notebook,
            kernel_name=kernel,
            timeout=CELL_TIMEOUT_SECONDS,
            resources={"metadata": {"path": str(NOTEBOOKS)}},
        )
        cpu_before, start = _children_cpu_seconds(), time.perf_counter()
        client.execute()  # raises CellExecutionError, naming the cell, on any error; then stops the kernel
        wall = time.perf_counter() - start
        cpu_after = _children_cpu_seconds()
        cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
        _executed[name] = (notebook, wall, cpu)
    return _executed[name]


def _outputs(notebook, kind: str) -> list:
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs if kind in o.get("data", {})]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_without_errors_well_within_a_minute(name: str, kernel_name: str) -> None:
    _, wall, cpu = _execute(name, kernel_name)
    print(f"{name}: {wall:.1f} s wall, {cpu if cpu is None else round(cpu, 1)} s CPU")
    if cpu is not None:
        assert 0 < cpu < MAX_CPU_SECONDS, f"{name} used {cpu:.0f} CPU seconds ({wall:.0f} s wall)"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_shows_a_rich_brief_and_its_pictures(name: str, kernel_name: str) -> None:
    notebook, _, _ = _execute(name, kernel_name)
    briefs = [o["data"]["text/html"] for o in _outputs(notebook, "text/html")]
    assert any('class="summarize-brief"' in html and "<sup>" in html for html in briefs)
    plot_cells = [cell for cell in notebook.cells
                  if cell.cell_type == "code" and cell.source.strip().splitlines()[-1].startswith("plot.")]
    pictures = _outputs(notebook, "image/png")
    assert plot_cells and len(pictures) == len(plot_cells), "each plotting cell shows exactly one figure"


@pytest.mark.parametrize("name", NAMES)
def test_saved_notebook_keeps_its_outputs(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1)), "run top to bottom, once"
    assert all(cell.outputs for cell in code), "every code cell was saved with its output"
    assert not [o for cell in code for o in cell.outputs if o.output_type == "error"]
    warnings = [o.text for cell in code for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not warnings, f"saved with a warning showing: {warnings[0][:200]}"
    assert _outputs(notebook, "image/png") and _outputs(notebook, "text/html")
    assert notebook.metadata.kernelspec.name == "python3"  # opens with anyone's default kernel

"""Mixed-integer programs solved by HiGHS, the solver SciPy ships, without importing ``scipy.optimize``.

``scipy.optimize.milp`` hands its model to HiGHS through one extension
module, ``scipy.optimize._highspy._core``, which needs nothing but numpy. But
importing it the usual way first runs ``scipy/optimize/__init__.py``, which
imports every optimiser SciPy has (and with them ``scipy.linalg``,
``scipy.fft``, ``scipy.special``): about 0.2 s of a 0.9 s cold brief.
:func:`solve_milp` loads that extension from its file instead and gives it
what ``milp`` would give it: the same column-wise matrix, bounds, integrality
and options. Same binary, same input: the same solution, to the last bit, as
``milp`` (``tests/select/test_highs.py`` compares the two).

The module is registered in ``sys.modules`` under its own name, so a later
``import scipy.optimize`` by the user finds it there instead of loading the
extension a second time. Where SciPy has no such module (before 1.15) or it
lacks a name used here, ``scipy.optimize.milp`` solves the problem.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import scipy.sparse

__all__ = ["highs_core", "solve_milp"]

_CORE_NAME = "scipy.optimize._highspy._core"
# What solve_milp uses of the extension; a SciPy whose module lacks any of it is not used directly.
_CORE_NAMES = ("HighsLp", "HighsVarType", "HighsModelStatus", "HighsStatus", "MatrixFormat", "_Highs", "kHighsInf")
_LOCK = threading.Lock()
# [module] once looked for: the extension, or None where SciPy's milp has to do.
_CORE: list[Any] = []


def highs_core() -> Any | None:
    """SciPy's HiGHS extension module, loaded without ``scipy.optimize``; None where it cannot be used."""
    with _LOCK:
        if not _CORE:
            core = sys.modules.get(_CORE_NAME) or _load_core()
            _CORE.append(core if core is not None and all(hasattr(core, n) for n in _CORE_NAMES) else None)
        return _CORE[0]


def _load_core() -> Any | None:
    """The extension loaded from its file under its own name (parent packages not imported), or None."""
    import scipy

    for folder in getattr(scipy, "__path__", []):
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = Path(folder, "optimize", "_highspy", "_core" + suffix)
            if not path.is_file():
                continue
            loader = importlib.machinery.ExtensionFileLoader(_CORE_NAME, str(path))
            spec = importlib.util.spec_from_file_location(_CORE_NAME, path, loader=loader)
            if spec is None:
                return None
            try:
                module = importlib.util.module_from_spec(spec)
                loader.exec_module(module)
            except ImportError:
                return None
            sys.modules[_CORE_NAME] = module
            return module
    return None


def solve_milp(
    cost: np.ndarray,
    matrix: "scipy.sparse.spmatrix | scipy.sparse.sparray",
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    *,
    lower: np.ndarray,
    upper: np.ndarray,
    integrality: np.ndarray,
    time_limit: float,
    presolve: bool = True,
) -> np.ndarray | None:
    """The minimiser ``x`` of ``cost @ x`` with ``row_lower <= matrix @ x <= row_upper`` and ``lower <= x <= upper``.

    ``integrality`` is 1 for a variable that must be a whole number, 0 for a
    continuous one. Returns None when HiGHS has no feasible point: the
    problem is infeasible, or none was found within ``time_limit`` seconds (a
    point found in time is returned even if not proven best). Exactly what
    ``scipy.optimize.milp(..., options={"time_limit": time_limit, "presolve":
    presolve})`` returns as ``x``; HiGHS writes no log.
    """
    core = highs_core()
    if core is None:
        return _solve_with_scipy_optimize(cost, matrix, row_lower, row_upper, lower=lower, upper=upper,
                                          integrality=integrality, time_limit=time_limit, presolve=presolve)
    columns = matrix.tocsc()
    num_rows, num_cols = columns.shape
    lp = core.HighsLp()
    lp.num_col_ = lp.a_matrix_.num_col_ = num_cols
    lp.num_row_ = lp.a_matrix_.num_row_ = num_rows
    lp.a_matrix_.format_ = core.MatrixFormat.kColwise
    lp.a_matrix_.start_ = columns.indptr
    lp.a_matrix_.index_ = columns.indices
    lp.a_matrix_.value_ = columns.data.astype(np.float64)
    lp.col_cost_ = np.asarray(cost, dtype=np.float64)
    lp.col_lower_ = np.asarray(lower, dtype=np.float64)
    lp.col_upper_ = np.asarray(upper, dtype=np.float64)
    lp.row_lower_ = np.asarray(row_lower, dtype=np.float64)
    lp.row_upper_ = np.asarray(row_upper, dtype=np.float64)
    kinds = np.asarray(integrality, dtype=np.uint8)
    lp.integrality_ = [core.HighsVarType(int(kind)) for kind in kinds]
    highs = core._Highs()
    # The options milp sets for {"disp": False, "time_limit": ..., "presolve": ...}.
    for name, value in (("log_to_console", False), ("time_limit", float(time_limit)),
                        ("presolve", "on" if presolve else "off")):
        if highs.setOptionValue(name, value) != core.HighsStatus.kOk:
            raise ValueError(f"HiGHS refused the option {name}={value!r}")
    if highs.passModel(lp) == core.HighsStatus.kError or highs.run() == core.HighsStatus.kError:
        return None
    status = highs.getModelStatus()
    statuses = core.HighsModelStatus
    if kinds.any():
        # As milp: a limit reached with a feasible point still counts.
        stopped = status in (statuses.kTimeLimit, statuses.kIterationLimit, statuses.kSolutionLimit)
        if not (status == statuses.kOptimal or stopped) or (
            stopped and highs.getInfo().objective_function_value == core.kHighsInf
        ):
            return None
    elif status != statuses.kOptimal:
        return None
    return np.array(highs.getSolution().col_value)


def _solve_with_scipy_optimize(
    cost: np.ndarray,
    matrix: "scipy.sparse.spmatrix | scipy.sparse.sparray",
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    *,
    lower: np.ndarray,
    upper: np.ndarray,
    integrality: np.ndarray,
    time_limit: float,
    presolve: bool,
) -> np.ndarray | None:
    """:func:`solve_milp` through ``scipy.optimize.milp``."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    result = milp(
        cost,
        constraints=LinearConstraint(matrix, row_lower, row_upper),
        integrality=integrality,
        bounds=Bounds(lower, upper),
        options={"time_limit": time_limit, "disp": False, "presolve": presolve},
    )
    return None if result.x is None else np.asarray(result.x)

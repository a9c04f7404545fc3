from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
import scipy.sparse as sp

from summarize.select import highs
from tests.conftest import ROOT


def coverage_problem(seed: int) -> dict:
    """A random concept-coverage program shaped like select_by_ilp's: budget row, coverage rows, cluster rows."""
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(20, 120)), int(rng.integers(10, 200))
    incidence = sp.csr_matrix((rng.random((n, m)) < 0.06).astype(np.float64))
    words = rng.integers(5, 40, size=n).astype(np.float64)
    clusters = rng.integers(0, max(1, int(n * 0.7)), size=n)
    one_per_cluster = sp.csr_matrix((np.ones(n), (clusters, np.arange(n))), shape=(int(clusters.max()) + 1, n))
    rows = [
        sp.hstack([sp.csr_matrix(words[None, :]), sp.csr_matrix((1, m))]),
        sp.hstack([-incidence.T, sp.identity(m, format="csr")]),
        sp.hstack([one_per_cluster, sp.csr_matrix((one_per_cluster.shape[0], m))]),
    ]
    cost = -np.concatenate([rng.random(n) * 0.1, rng.random(m)])
    return {
        "cost": cost,
        "matrix": sp.vstack(rows).tocsr(),
        "row_lower": np.full(1 + m + one_per_cluster.shape[0], -np.inf),
        "row_upper": np.concatenate([[100.0], np.zeros(m), np.ones(one_per_cluster.shape[0])]),
        "lower": np.zeros(n + m),
        "upper": np.ones(n + m),
        "integrality": np.concatenate([np.ones(n), np.zeros(m)]),
    }


def scipy_milp(problem: dict, presolve: bool) -> np.ndarray | None:
    from scipy.optimize import Bounds, LinearConstraint, milp

    result = milp(
        problem["cost"],
        constraints=LinearConstraint(problem["matrix"], problem["row_lower"], problem["row_upper"]),
        integrality=problem["integrality"],
        bounds=Bounds(problem["lower"], problem["upper"]),
        options={"time_limit": 5.0, "disp": False, "presolve": presolve},
    )
    return result.x


@pytest.mark.parametrize("seed", range(12))
def test_solve_milp_gives_scipy_milps_solution_bit_for_bit(seed: int) -> None:
    assert highs.highs_core() is not None  # the fast path is the one tested
    problem = coverage_problem(seed)
    for presolve in (False, True):
        ours = highs.solve_milp(**problem, time_limit=5.0, presolve=presolve)
        theirs = scipy_milp(problem, presolve)
        assert ours is not None and theirs is not None
        assert ours.tobytes() == theirs.tobytes()


def test_solve_milp_falls_back_to_scipy_optimize_without_the_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = coverage_problem(3)
    fast = highs.solve_milp(**problem, time_limit=5.0)
    monkeypatch.setattr(highs, "_CORE", [None])  # as on a SciPy older than 1.15
    assert highs.highs_core() is None
    slow = highs.solve_milp(**problem, time_limit=5.0)
    assert fast is not None and slow is not None and fast.tobytes() == slow.tobytes()


@pytest.mark.parametrize("fast", [True, False])
def test_solve_milp_returns_none_for_an_infeasible_program(fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not fast:
        monkeypatch.setattr(highs, "_CORE", [None])
    # x0 + x1 >= 3 with both binary.
    solution = highs.solve_milp(np.array([1.0, 1.0]), sp.csr_matrix(np.ones((1, 2))), np.array([3.0]),
                                np.array([np.inf]), lower=np.zeros(2), upper=np.ones(2),
                                integrality=np.ones(2), time_limit=5.0)
    assert solution is None


def test_solve_milp_solves_a_small_knapsack_exactly() -> None:
    # Values 6, 10, 12 with weights 1, 2, 3 and capacity 5: items 1 and 2 (value 22).
    solution = highs.solve_milp(-np.array([6.0, 10.0, 12.0]), sp.csr_matrix([[1.0, 2.0, 3.0]]), np.array([-np.inf]),
                                np.array([5.0]), lower=np.zeros(3), upper=np.ones(3), integrality=np.ones(3),
                                time_limit=5.0)
    assert solution is not None and solution.round().tolist() == [0.0, 1.0, 1.0]


LOAD_THEN_IMPORT = """
import sys
import numpy as np
from summarize.select.highs import highs_core
core = highs_core()
assert core is not None
assert "scipy.optimize" not in sys.modules, "scipy.optimize imported"
# The user's own scipy.optimize afterwards: imports, reuses the loaded extension, solves.
import scipy.optimize
from scipy.optimize._highspy import _highs_wrapper
assert _highs_wrapper._h is core
result = scipy.optimize.milp([-1, -2], integrality=[1, 1], bounds=scipy.optimize.Bounds(0, 3),
                             constraints=scipy.optimize.LinearConstraint([[1, 1]], -np.inf, 4))
assert result.x.tolist() == [1.0, 3.0], result.x
print("ok")
"""


def test_loading_highs_imports_no_scipy_optimize_and_a_later_import_still_works() -> None:
    completed = subprocess.run([sys.executable, "-c", LOAD_THEN_IMPORT], capture_output=True, text=True, timeout=120,
                               cwd=ROOT, env={**os.environ})
    assert completed.returncode == 0 and completed.stdout.strip() == "ok", completed.stderr[-3000:]

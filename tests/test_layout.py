"""The package's shape: imports flow one way, private names stay home, modules stay small, the public names are pinned.

The import graph is read from the source (module-level and in-function
imports alike; only ``if TYPE_CHECKING:`` blocks are left out), so a cycle
hidden inside a function is caught too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import summarize

PACKAGE = Path(summarize.__file__).resolve().parent
MAX_MODULE_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, imported names) of every runtime import of a ``summarize`` module in ``path``."""
    found: list[tuple[str, list[str]]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] == "summarize":
                found.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names if alias.name.split(".")[0] == "summarize")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _edges() -> dict[str, set[str]]:
    """Module -> the summarize modules it imports (a name that is a submodule counts as that module)."""
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for module, names in _imports(path):
            targets = {f"{module}.{n}" for n in names if f"{module}.{n}" in MODULES} or {module}
            graph[name] |= {t for t in targets if t in MODULES and t != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return components


def test_no_import_cycles() -> None:
    assert _cycles(_edges()) == []


def test_cycle_finder_finds_a_planted_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_modules_below_the_root_never_import_the_package_root() -> None:
    # `from summarize import X` inside the package runs __init__ and everything it imports.
    offenders = [name for name, path in MODULES.items() if name != "summarize"
                 for module, _ in _imports(path) if module == "summarize"]
    assert offenders == []


def _package_of(module: str) -> str:
    return module if MODULES[module].name == "__init__.py" else module.rsplit(".", 1)[0]


def test_no_private_name_is_imported_from_another_package() -> None:
    offenders = []
    for name, path in MODULES.items():
        for module, names in _imports(path):
            if module not in MODULES:
                continue
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private and _package_of(module) != _package_of(name):
                offenders.append(f"{name} imports {', '.join(private)} from {module}")
            hidden = [part for part in module.split(".")[1:-1] if part.startswith("_")]
            if hidden and not _package_of(name).startswith(module.rsplit(".", 1)[0]):
                offenders.append(f"{name} imports the private package {module}")
    assert offenders == []


def test_public_names_are_pinned() -> None:
    assert sorted(summarize.__all__) == sorted([
        "__version__",
        "Brief",
        "BriefSentence",
        "ChatGenerator",
        "ConfigError",
        "Conflict",
        "ConflictValue",
        "DailyBrief",
        "Document",
        "Embedder",
        "EmptyInputError",
        "Evidence",
        "ExcludedDocument",
        "FetchRefused",
        "Flag",
        "GenerationRequest",
        "Generator",
        "InputError",
        "ModelError",
        "RejectedGeneration",
        "Sentence",
        "Seq2SeqGenerator",
        "SentenceTransformerEmbedder",
        "Summarizer",
        "SummarizerConfig",
        "SummarizeError",
        "TfidfEmbedder",
        "TooLargeError",
        "archive",
        "brief",
        "daily",
        "load_documents",
        "read_documents",
    ])
    for name in summarize.__all__:
        assert getattr(summarize, name) is not None, name


def test_every_module_declares_its_public_names() -> None:
    missing = [name for name, path in MODULES.items()
               if path.name != "__main__.py" and name != "summarize.data"  # data files, no code
               and "__all__" not in path.read_text(encoding="utf-8")]
    assert missing == []


def test_no_module_is_over_the_size_limit() -> None:
    # A module that grows past this holds more than one job: split it by job.
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()}
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}

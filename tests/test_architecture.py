"""No module of the checked code imports a private name (`_x`) of another module of
motcua: what a module keeps private may change without its importers noticing. (The
layers between apps are `lint-imports`' job, run by `make lint`; it cannot see names.)"""

import ast
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

CHECKED = ("motcua", "config", "bench", "tests")


def _private(name: str) -> bool:
    return name.startswith("_") and not name.endswith("__")


def _is_module(root: Path, name: str) -> bool:
    path = root.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _source_module(node: ast.ImportFrom, package: str) -> str:
    """The absolute name of the module `node` imports from (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = parts[: len(parts) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def private_imports(root: Path, path: Path) -> Iterator[str]:
    """`path: from a import _b` for each private name of motcua `path` imports, and
    `path: a._b` for each one it reaches through an imported motcua module."""
    relative = path.relative_to(root)
    parts = relative.with_suffix("").parts
    package = ".".join(parts if path.name == "__init__.py" else parts[:-1])
    tree = ast.parse(path.read_text(encoding="utf-8"), str(relative))
    modules: dict[str, str] = {}  # local name → imported motcua module
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _source_module(node, package)
            if source.split(".")[0] != "motcua":
                continue
            for alias in node.names:
                if _private(alias.name):
                    yield f"{relative}: from {source} import {alias.name}"
                elif _is_module(root, f"{source}.{alias.name}"):  # not a class's `_meta`
                    modules[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "motcua":
                    modules[alias.asname or alias.name] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and _private(node.attr)
        ):
            yield f"{relative}: {modules[node.value.id]}.{node.attr}"


def test_no_private_name_is_imported_from_another_module() -> None:
    root = Path(settings.BASE_DIR)
    found = {
        line
        for top in CHECKED
        for path in sorted((root / top).rglob("*.py"))
        for line in private_imports(root, path)
    }
    assert sorted(found) == [], "private names imported across modules"


def test_the_check_sees_each_kind_of_private_import(tmp_path: Path) -> None:
    module = tmp_path / "motcua" / "app" / "views.py"
    module.parent.mkdir(parents=True)
    (module.parent / "services.py").touch()
    module.write_text(
        "from motcua.app.services import _helper, Model\n"
        "from . import _sibling\n"
        "from .selectors import _scope\n"
        "from motcua.app import services\n"
        "from django.utils import _os\n"  # not motcua: not ours to police
        "services._done(); services.__name__; Model._meta\n",
        encoding="utf-8",
    )
    assert sorted(private_imports(tmp_path, module)) == [
        "motcua/app/views.py: from motcua.app import _sibling",
        "motcua/app/views.py: from motcua.app.selectors import _scope",
        "motcua/app/views.py: from motcua.app.services import _helper",
        "motcua/app/views.py: motcua.app.services._done",
    ]

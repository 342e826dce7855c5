"""`python -m bench [name ...]`: run the benchmarks and print one table."""

import os
import pkgutil
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from importlib import import_module
from types import ModuleType

import bench
from bench import Result


def discover() -> list[str]:
    modules = pkgutil.iter_modules(bench.__path__)
    return sorted(m.name for m in modules if not m.name.startswith("_"))


@contextmanager
def test_database() -> Iterator[None]:
    from django.test.utils import setup_databases, teardown_databases

    # BENCH_KEEPDB=1 keeps the test database for the next run (Django's --keepdb): the
    # 1.2 million dossiers of the full-size run are generated once, not at every run.
    keep = os.environ.get("BENCH_KEEPDB") == "1"
    # serialized_aliases=[]: no copy of the data for test rollbacks (minutes on a kept
    # database of 1.2 million dossiers, and no benchmark needs it).
    old_config = setup_databases(verbosity=0, interactive=False, keepdb=keep, serialized_aliases=[])
    try:
        yield
    finally:
        teardown_databases(old_config, verbosity=0, keepdb=keep)


def run(modules: list[ModuleType]) -> list[Result]:
    needs_database = any(getattr(module, "NEEDS_DATABASE", False) for module in modules)
    with test_database() if needs_database else nullcontext():
        return [result for module in modules for result in module.run()]


def print_table(results: list[Result]) -> None:
    from rich.console import Console
    from rich.table import Table

    from motcua.core.formatting import number

    def figure(value: float | None) -> str:
        return "—" if value is None else number(value, 0 if value >= 100 else 2)

    table = Table(title="motcua benchmarks")
    for column in ("benchmark", "figure", "unit", "baseline", "ratio", "target", "met"):
        table.add_column(column, justify="left" if column in {"benchmark", "unit"} else "right")
    for r in results:
        met = {True: "[green]yes[/]", False: "[red]NO[/]", None: "—"}[r.met]
        baseline = f"{figure(r.baseline)} ({r.baseline_name})" if r.baseline_name else "—"
        ratio = "—" if r.ratio is None else f"{number(r.ratio, 1)}×"
        table.add_row(r.benchmark, figure(r.figure), r.unit, baseline, ratio, r.target, met)
    # Wide enough for the table when printed to a file or a CI log (rich assumes 80).
    Console(width=max(shutil.get_terminal_size().columns, 150)).print(table)


def main(names: list[str]) -> int:
    available = discover()
    unknown = sorted(set(names) - set(available))
    if unknown:
        print(f"unknown benchmark(s) {unknown}; available: {available}", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The benchmarks' requests are plain http in this process (the test client), as in tests.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()  # before importing benchmarks, which may import models
    results = run([import_module(f"bench.{name}") for name in names or available])
    print_table(results)
    return 0 if all(r.met is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

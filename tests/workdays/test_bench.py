"""The benchmark harness (`make bench`): discovery, the table, and the timing helper."""

from bench import Result, rate
from bench.__main__ import discover, main, print_table


def test_benchmarks_are_discovered_by_module_name():
    assert "workdays" in discover()


def test_an_unknown_benchmark_name_is_refused(capsys):
    assert main(["no_such_benchmark"]) == 2
    assert "no_such_benchmark" in capsys.readouterr().err


def test_table_shows_figure_baseline_ratio_and_whether_the_target_is_met(capsys):
    print_table(
        [
            Result("demo: fast", 250_000, "/s", 25_000, "slow way", "≥ 200.000", met=True),
            Result("demo: slow", 1_500, "/s", target="≥ 2.000", met=False),
        ]
    )
    out = capsys.readouterr().out
    assert "250.000" in out and "25.000 (slow way)" in out and "10,0×" in out
    assert "yes" in out and "NO" in out


def test_rate_counts_operations_per_second():
    assert rate(lambda: 10, rounds=2, seconds=0.01) > 0

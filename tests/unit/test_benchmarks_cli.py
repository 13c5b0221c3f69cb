"""The benchmark runner: its statistics, its JSON rows, its command line and its clean-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import cli
from benchmarks.bench_startup import time_to_paint
from benchmarks.core import BenchmarkError, Measurement, discover, percentile, row, select

ROOT = Path(__file__).resolve().parents[2]
ROW_KEYS = {"name", "n", "p50_ms", "p95_ms", "baseline_p50_ms", "ratio"}


@pytest.mark.parametrize(("pct", "expected"), [
    (0, 15), (5, 15), (30, 20), (40, 20), (50, 35), (95, 50), (100, 50),
])
def test_percentile_is_nearest_rank(pct: float, expected: float) -> None:
    # The textbook nearest-rank example; the input order must not matter.
    assert percentile([35, 20, 50, 15, 40], pct) == expected


def test_percentile_of_a_hundred_samples() -> None:
    samples = [float(v) for v in range(100, 0, -1)]
    assert percentile(samples, 50) == 50.0
    assert percentile(samples, 95) == 95.0
    assert percentile([7.0], 95) == 7.0


def test_percentile_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="no samples"):
        percentile([], 50)
    with pytest.raises(ValueError, match="between 0 and 100"):
        percentile([1.0], 101)


def test_row_rounds_milliseconds_and_takes_the_ratio_of_medians() -> None:
    measured = Measurement(samples=[0.00104, 0.00125, 0.00300], baseline=[0.0004, 0.0005, 0.0009])
    line = row("thing", measured)
    assert line == {"name": "thing", "n": 3, "p50_ms": 1.2, "p95_ms": 3.0,
                    "baseline_p50_ms": 0.5, "ratio": 2.5}
    with pytest.raises(BenchmarkError):
        row("empty", Measurement([], [1.0]))


def test_every_row_is_registered_and_selected_by_prefix() -> None:
    registry = discover()
    assert {"startup", "audit_append", "audit_verify", "number_next", "queue_first_page",
            "claim", "batch_close"} <= set(registry)
    assert select(registry, ["claim"]) == ["claim"]
    assert select(registry, ["audit"]) == [n for n in registry if n.startswith("audit")]
    assert select(registry, ["audit_v", "number"]) == ["audit_verify", "number_next"]
    assert select(registry, None) == list(registry)
    assert select(registry, ["nope"]) == []


def test_unknown_prefix_exits_2_and_names_the_known_rows(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--only", "no_such_row"]) == 2
    err = capsys.readouterr().err
    assert "no benchmark starts with 'no_such_row'" in err
    assert "number_next" in err


def test_bad_runs_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--runs", "0"])
    assert exited.value.code == 2


def test_one_row_prints_one_json_line_and_leaves_no_files(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "WORKSTATION_HOME": str(tmp_path / "home"), "TMPDIR": str(temp),
           "TEMP": str(temp), "TMP": str(temp)}
    env.pop("WORKSTATION_DB_URL", None)
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--only", "number_next",
                           "--runs", "3"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1, done.stdout
    line = json.loads(lines[0])
    assert set(line) == ROW_KEYS
    assert line["name"] == "number_next"
    assert line["n"] == 3
    assert line["p95_ms"] >= line["p50_ms"] > 0
    assert line["baseline_p50_ms"] > 0
    # The ratio is of the unrounded medians; the printed ms are rounded to 0.1, so the ratio
    # must lie within what those roundings allow (at 0.3 ms a baseline is +-17 %).
    low = (line["p50_ms"] - 0.05) / (line["baseline_p50_ms"] + 0.05)
    high = (line["p50_ms"] + 0.05) / max(line["baseline_p50_ms"] - 0.05, 1e-9)
    assert low - 0.005 <= line["ratio"] <= high + 0.005
    assert "[bench] number_next: done" in done.stderr  # progress goes to stderr, not stdout
    assert list(temp.iterdir()) == []  # the private home is removed
    assert not (tmp_path / "home").exists()  # and the caller's home was never touched


def _child(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_time_to_paint_stops_the_clock_at_painted() -> None:
    seconds = time_to_paint(_child("print('starting'); print('PAINTED')"), dict(os.environ),
                            "child")
    assert 0 < seconds < 30


def test_time_to_paint_fails_a_child_that_never_paints_or_fails() -> None:
    with pytest.raises(BenchmarkError, match="without printing PAINTED"):
        time_to_paint(_child("import sys; print('oops', file=sys.stderr)"), dict(os.environ),
                      "silent")
    with pytest.raises(BenchmarkError, match="exit code 3"):
        time_to_paint(_child("import sys; print('PAINTED'); sys.exit(3)"), dict(os.environ),
                      "failing")

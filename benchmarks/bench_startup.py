"""``startup``: from process start to the first painted main window, against a bare PySide6
``QMainWindow`` started the same way.

Measured in this (parent) process: the clock starts right before ``Popen`` and stops when the
child's stdout says ``PAINTED``; the child then quits by itself and must exit 0 within 60 s. The
program side is ``python -m workstation startup-probe`` (workstation/app.py): it signs in the demo
lead, prints ``PAINTED`` on the main window's first paintEvent, and quits. The demo database is
made once before timing, so this measures start-up, not a first run's migration.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

from benchmarks.core import BenchmarkError, Context, Measurement, benchmark, log

ROOT = Path(__file__).resolve().parent.parent  # `-m workstation` works from a plain checkout too
TIMEOUT_S = 60.0
PAINTED = b"PAINTED"

BARE_WINDOW = """\
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class Window(QMainWindow):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            print("PAINTED", flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)


app = QApplication(sys.argv)
window = Window()
window.resize(1280, 800)
window.show()
sys.exit(app.exec())
"""


def _tail(stream: IO[bytes], limit: int = 2000) -> str:
    stream.seek(0)
    data = stream.read()
    return data[-limit:].decode("utf-8", "replace").strip() or "(nothing on stderr)"


def time_to_paint(command: list[str], env: dict[str, str], label: str) -> float:
    """Seconds from just before starting ``command`` to its ``PAINTED`` line; it must then exit 0.

    A thread reads the child's stdout (portable: Windows pipes cannot be polled), so a child that
    never paints is killed after ``TIMEOUT_S`` instead of hanging the run.
    """
    painted_at: list[float] = []
    seen = threading.Event()
    with tempfile.TemporaryFile() as errors:
        t0 = time.perf_counter()
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=errors, env=env, cwd=ROOT)
        assert proc.stdout is not None
        out = proc.stdout

        def read() -> None:
            for line in out:
                if not painted_at and line.strip() == PAINTED:
                    painted_at.append(time.perf_counter())
                    seen.set()
            seen.set()  # end of output, painted or not

        reader = threading.Thread(target=read, name=f"read-{label}", daemon=True)
        reader.start()
        try:
            if not seen.wait(TIMEOUT_S):
                raise BenchmarkError(f"{label}: no PAINTED within {TIMEOUT_S:.0f} s")
            if not painted_at:
                proc.wait(TIMEOUT_S)
                raise BenchmarkError(f"{label}: exited ({proc.returncode}) without printing "
                                     f"PAINTED:\n{_tail(errors)}")
            remaining = max(1.0, TIMEOUT_S - (time.perf_counter() - t0))
            try:
                code = proc.wait(remaining)
            except subprocess.TimeoutExpired:
                raise BenchmarkError(f"{label}: painted but did not quit within "
                                     f"{TIMEOUT_S:.0f} s") from None
            if code != 0:
                raise BenchmarkError(f"{label}: exit code {code}:\n{_tail(errors)}")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            reader.join(5)
            out.close()
    return painted_at[0] - t0


def prepare_demo(ctx: Context) -> None:
    """``workstation demo --size SIZE`` once, in the same home, before any timing."""
    command = [sys.executable, "-m", "workstation", "demo", "--size", ctx.options.size]
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                              env=ctx.child_env(), cwd=ROOT, timeout=600, check=False)
    except subprocess.TimeoutExpired:
        raise BenchmarkError("startup: `workstation demo` took more than 600 s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace")[-2000:].strip()
        raise BenchmarkError(f"startup: `workstation demo` failed ({done.returncode}):\n{message}")


@benchmark("startup")
def startup(ctx: Context) -> Measurement:
    n = ctx.n(10)
    log("startup: preparing the demo database")
    prepare_demo(ctx)
    env = ctx.child_env(qt=True)
    program = [sys.executable, "-m", "workstation", "startup-probe"]
    bare = [sys.executable, "-c", BARE_WINDOW]
    time_to_paint(program, env, "workstation startup-probe")  # warm-up: disk cache, .pyc files
    time_to_paint(bare, env, "bare QMainWindow")
    samples: list[float] = []
    baseline: list[float] = []
    for i in range(n):  # alternate, so a busy moment on the machine hits both sides
        samples.append(time_to_paint(program, env, "workstation startup-probe"))
        baseline.append(time_to_paint(bare, env, "bare QMainWindow"))
        log(f"startup: run {i + 1}/{n}: {samples[-1] * 1000:.0f} ms "
            f"(bare {baseline[-1] * 1000:.0f} ms)")
    return Measurement(samples, baseline,
                       {"budget": "ratio <= 3 and p50 < 2000 ms on the reference machine"})

"""What every benchmark times with: the median of several runs."""

from __future__ import annotations

import statistics
import time


def timed(fn, runs: int) -> tuple[float, object]:
    """The median seconds of ``runs`` calls of ``fn``, and its last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result

"""How fast this machine runs plain Python right now, printed by each benchmark beside its figures.

Benchmark figures here vary by a factor of four from one day to the next (the same code, the same data),
with the machine's speed: a line of reference lets two runs be compared, or not.
"""

import time

STEPS = 20_000_000


def speed_line():
    """The best of three times of an empty pure-Python loop of ``STEPS`` steps (0.18 s on 2026-11-27, a fast day)."""
    best = min(_loop() for _ in range(3))
    return f"machine: a pure-Python loop of {STEPS:,} steps took {best:.2f} s (best of 3; lower is faster)"


def _loop():
    started = time.perf_counter()
    for _ in range(STEPS):
        pass
    return time.perf_counter() - started

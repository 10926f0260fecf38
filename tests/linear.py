"""Linear-time checks: a snippet run on hostile inputs in a process of its own, so that a hang fails, not blocks.

The inputs of one test share one process (a Python start and kabar's imports each cost more than the work), under
one timeout; each input's case still passes or fails on its own, and one that hangs is named.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys

TIMEOUT = 60  # s: each input takes well under one in linear time; a quadratic one takes minutes

# Runs CODE (sys.argv[1]) as `python -c CODE ARGS...` would, for each ARGS of the JSON list sys.argv[2], and prints
# a JSON line per input as it ends: what CODE printed, or its traceback.
_DRIVER = """
import contextlib, io, json, sys, traceback
code, inputs = compile(sys.argv[1], "<string>", "exec"), json.loads(sys.argv[2])
for args in inputs:
    sys.argv = ["-c", *args]
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(code, {"__name__": "__main__"})
        done = {"stdout": printed.getvalue()}
    except BaseException:
        done = {"error": traceback.format_exc()}
    print(json.dumps(done), flush=True)
"""


@functools.cache
def _run(code: str, inputs: tuple[tuple[str, ...], ...]) -> tuple[dict, ...]:
    process = subprocess.Popen(
        [sys.executable, "-c", _DRIVER, code, json.dumps(inputs)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = process.communicate(timeout=TIMEOUT)
        stopped = f"the process ended ({process.returncode}) while on it:\n{err}"
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        stopped = f"not done in {TIMEOUT} s (all of this test's inputs share that time)"
    results = [json.loads(line) for line in out.splitlines()]
    if len(results) < len(inputs):
        results.append({"error": stopped})
    first = inputs[len(results) - 1]
    results += [{"error": f"not run: the input {first!r} before it did not finish"}] * (len(inputs) - len(results))
    return tuple(results)


def printed(code: str, inputs: list[tuple[str, ...]], args: tuple[str, ...]) -> str:
    """What `python -c CODE *ARGS` prints, ARGS one of INPUTS, which all run in one process (once per session)."""
    done = _run(code, tuple(map(tuple, inputs)))[list(map(tuple, inputs)).index(tuple(args))]
    assert "error" not in done, f"on {args!r}: {done['error']}"
    return done["stdout"]

"""Run the benchmarks: `python -m bench [name ...]` (make bench). One JSON object per line.

Each bench/bench_<name>.py runs in its own process (a crash or a memory peak in one does not
touch the others) against the benchmark database that `make bench` provides.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RUNNER = (
    "import json, sys; from bench.common import setup_django, migrate; setup_django(); migrate(); "
    "import importlib; module = importlib.import_module('bench.' + sys.argv[1]); "
    "print('BENCH-RESULT ' + json.dumps(module.run(), default=str))"
)


def available() -> list[str]:
    return sorted(path.stem for path in HERE.glob("bench_*.py"))


def main(names: list[str]) -> int:
    selected = [f"bench_{n}" if not n.startswith("bench_") else n for n in names] or available()
    failures = 0
    for name in selected:
        started = time.perf_counter()
        process = subprocess.run([sys.executable, "-c", RUNNER, name], cwd=ROOT, capture_output=True, text=True)
        lines = [line for line in process.stdout.splitlines() if line.startswith("BENCH-RESULT ")]
        if process.returncode == 0 and lines:
            result = {"benchmark": name.removeprefix("bench_"), **json.loads(lines[-1].removeprefix("BENCH-RESULT "))}
        else:
            failures += 1
            result = {"benchmark": name.removeprefix("bench_"), "error": process.stderr.strip().splitlines()[-5:]}
        result["wall_s"] = round(time.perf_counter() - started, 1)
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

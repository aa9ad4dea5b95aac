"""Run a command; write its wall time, peak RSS and exit code as JSON.

Usage: python -I -S spawn.py RESULT_JSON PROGRAM [ARGUMENTS...]

The benchmark starts every contender through this small process, because
Linux keeps the peak RSS of the process that forked a child across the
child's exec. A contender forked straight from the benchmark, which runs moto
in memory, would report the benchmark's peak as its own. Only the standard
library is used, so that this process stays small.
"""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> int:
    """Spawn the program, wait for it, and write its figures to RESULT_JSON."""
    result_path, argv = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    result = {
        "seconds": seconds,
        "max_rss_kib": usage.ru_maxrss,
        "returncode": os.waitstatus_to_exitcode(status),
    }
    with open(result_path, "w", encoding="utf-8") as result_file:
        json.dump(result, result_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())

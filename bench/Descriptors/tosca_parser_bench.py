"""Times Debian's python3-tosca-parser on the same packages, in one process (no start-up cost counted).

Usage: python3 tosca_parser_bench.py ITERATIONS PACKAGE.zip [PACKAGE.zip ...]
Prints one JSON object per package: name, verdict, error, times_ms.
"""
import json
import os
import resource
import sys
import time

from toscaparser.tosca_template import ToscaTemplate


def parse(path):
    try:
        ToscaTemplate(path)
        return "valid", None
    except Exception as e:  # tosca-parser reports validation failures as exceptions
        return "invalid", str(e).strip().splitlines()[-1][:300] if str(e).strip() else type(e).__name__


def main():
    iterations = int(sys.argv[1])
    for path in sys.argv[2:]:
        verdict, error = parse(path)  # warm-up, and the verdict
        times = []
        for _ in range(iterations):
            start = time.perf_counter()
            parse(path)
            times.append((time.perf_counter() - start) * 1000)
        print(json.dumps({"name": os.path.basename(path)[:-4], "verdict": verdict, "error": error, "times_ms": times,
                          "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), flush=True)


if __name__ == "__main__":
    main()

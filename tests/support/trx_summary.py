#!/usr/bin/env python3
"""Sums the TRX reports of a test run and prints `N passed, M failed` as the last line.

A skipped test counts as failed: the test script sets up everything every test needs, so a
skip means a missing piece. A test project whose report is missing (a crashed test host, a
build break) counts as one failure.
Usage: trx_summary.py RESULTS_DIR EXPECTED_REPORTS
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def main() -> int:
    results = pathlib.Path(sys.argv[1])
    expected = int(sys.argv[2])
    reports = sorted(results.glob("*.trx")) if results.exists() else []
    passed = failed = 0
    problems = []
    for report in reports:
        root = ET.parse(report).getroot()
        for result in root.iterfind(".//t:UnitTestResult", NS):
            outcome = result.get("outcome")
            name = f"{report.stem}: {result.get('testName')}"
            if outcome == "Passed":
                passed += 1
            elif outcome == "NotExecuted":
                failed += 1
                reason = result.findtext(".//t:Output/t:StdOut", default="", namespaces=NS).strip()
                problems.append(f"SKIPPED {name} {reason}")
            else:
                failed += 1
                message = result.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=NS).strip()
                problems.append(f"FAILED  {name}: {message.splitlines()[0] if message else outcome}")
    missing = expected - len(reports)
    if missing > 0:
        failed += missing
        problems.append(f"MISSING {missing} test report(s): a test project did not run (see the output above)")
    for problem in problems:
        print(problem)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

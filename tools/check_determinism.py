"""Check that the checked outputs do not depend on the run or on the number of BLAS threads.

Runs Sphinx's doctest builder over every page and docstring, and the unit tests, three times under
``OPENBLAS_NUM_THREADS=1`` and three times under ``OPENBLAS_NUM_THREADS=2`` (the variable is set only in the
environment of those subprocesses), then compares the doctest builder's pass and fail counts, document by
document, and the outcome of every test. It exits with status 1 if any summary differs from the first one or if
anything failed. `make test-deep` runs it after `make html`; a summary is written to
build/determinism/summary.json.

Usage: python tools/check_determinism.py [--runs 3] [--threads 1 2]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "determinism"
PYTHON = sys.executable
BLAS_PROBE = ("import json, numpy, threadpoolctl; "
              "print(json.dumps(sorted({(i['internal_api'], i['num_threads']) for i in "
              "threadpoolctl.threadpool_info() if i['user_api'] == 'blas'})))")


def _run(cmd, env, log):
    with open(log, "w", encoding="utf-8") as handle:
        return subprocess.run(cmd, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, check=False).returncode


def doctest_summary(env, tag):
    """Per-document pass and fail counts of the doctest builder, and its totals."""
    out = OUT / f"doctest-{tag}"
    code = _run([PYTHON, "-m", "sphinx", "-W", "--keep-going", "-q", "-d", str(ROOT / "build" / "doctrees"),
                 "-b", "doctest", "docs", str(out)], env, OUT / f"doctest-{tag}.log")
    text = (out / "output.txt").read_text(encoding="utf-8")
    documents = {}
    for name, body in re.findall(r"^Document: (\S+)\n-+\n(.*?)(?=^Document: |^Doctest summary)", text, re.M | re.S):
        passed = sum(int(n) for n in re.findall(r"^(\d+) passed and \d+ failed", body, re.M))
        failed = sum(int(n) for n in re.findall(r"^\d+ passed and (\d+) failed", body, re.M))
        documents[name] = [passed, failed]
    totals = re.search(r"Doctest summary\n=+\n\s*(\d+) tests?\n\s*(\d+) failures? in tests", text)
    return {"exit_code": code, "tests": int(totals.group(1)), "failures": int(totals.group(2)),
            "documents": documents}


def pytest_summary(env, tag):
    """The outcome of every unit test (browser tests excluded: they check the site, not the numbers)."""
    report = OUT / f"pytest-{tag}.xml"
    code = _run([PYTHON, "-m", "pytest", "-m", "not browser and not downloads", "-q", "-p", "no:cacheprovider",
                 f"--junitxml={report}"], env, OUT / f"pytest-{tag}.log")
    outcomes = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        outcomes[f"{case.get('classname')}::{case.get('name')}"] = kinds[0] if kinds else "passed"
    counts = {}
    for outcome in outcomes.values():
        counts[outcome] = counts.get(outcome, 0) + 1
    return {"exit_code": code, "counts": counts, "outcomes": outcomes}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per thread count (default 3)")
    parser.add_argument("--threads", nargs="+", default=["1", "2"], help="OPENBLAS_NUM_THREADS values")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    for threads in args.threads:
        env = dict(os.environ, OPENBLAS_NUM_THREADS=threads)
        blas = subprocess.run([PYTHON, "-c", BLAS_PROBE], env=env, capture_output=True, text=True, check=True)
        for run in range(1, args.runs + 1):
            tag = f"threads{threads}-run{run}"
            doc, unit = doctest_summary(env, tag), pytest_summary(env, tag)
            results.append({"tag": tag, "blas": json.loads(blas.stdout), "doctest": doc, "pytest": unit})
            print(f"{tag}: BLAS {blas.stdout.strip()}; doctest {doc['tests']} tests, {doc['failures']} failures "
                  f"(exit {doc['exit_code']}); pytest {unit['counts']} (exit {unit['exit_code']})", flush=True)
    first = results[0]
    problems = []
    for result in results:
        for key in ("doctest", "pytest"):
            if result[key] != first[key]:
                problems.append(f"{result['tag']}: the {key} summary differs from {first['tag']}")
        if result["doctest"]["failures"] or result["doctest"]["exit_code"]:
            problems.append(f"{result['tag']}: the doctest builder failed")
        if result["pytest"]["exit_code"] or set(result["pytest"]["counts"]) - {"passed"}:
            problems.append(f"{result['tag']}: some unit test did not pass")
    summary = {"runs": [{k: (v if k != "pytest" else {"exit_code": v["exit_code"], "counts": v["counts"]})
                         for k, v in r.items()} for r in results],
               "identical": not any("differs" in p for p in problems), "problems": problems}
    (OUT / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"Identical over {len(results)} runs ({args.runs} per OPENBLAS_NUM_THREADS value in "
          f"{', '.join(args.threads)}): {first['doctest']['tests']} doctests with 0 failures in "
          f"{len(first['doctest']['documents'])} documents; {first['pytest']['counts']['passed']} unit tests passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

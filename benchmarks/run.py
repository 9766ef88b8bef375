"""Run the benchmarks and write benchmarks/results.json: ``make bench``, or ``python -m benchmarks.run --help``.

Every case is timed at every size against its reference and the floors, interleaved in this one process (see
`harness.time_interleaved`), then its peak memory is taken with tracemalloc. Never run by ``make test``.
"""

import argparse
import datetime
import sys
import time

import numpy as np

from . import cases, harness, report, validation

BUDGET_SECONDS = 1.0  # per case, size and dtype: enough rounds for a stable median at small sizes
# Rounds even for the slowest calls (a 1000 x 1000 eig takes 0.4 s): enough for quartiles of the ratio.
MIN_ROUNDS = 7


def measure_case(case, size, dtype, *, budget):
    """Time one case at one size and dtype; return the raw measurement for `report.build_row`."""
    dtype = np.dtype(dtype)
    inputs = case.make(size, dtype, np.random.default_rng(0))

    def ours():
        return case.run_ours(*inputs.ours, **inputs.ours_kwargs)

    def reference():
        return case.run_reference(*inputs.reference, **inputs.reference_kwargs)

    agrees = case.agree(ours(), reference(), dtype)
    if not agrees and dtype == np.float32:
        # Some references accumulate float32 sums in float32 (scikit-learn's log_loss drifts by 1e-3 at 10^5
        # rows); ours then agrees with our own float64 result, which the float64 run checks against the reference.
        exact = case.make(size, np.dtype(np.float64), np.random.default_rng(0))
        agrees = case.agree(ours(), case.run_ours(*exact.ours, **exact.ours_kwargs), dtype)
    callables = {"ours": ours, "reference": reference, **harness.floors_for(case, inputs.main)}
    seconds, rounds, samples = harness.time_interleaved(callables, budget=budget, min_repeats=MIN_ROUNDS)
    peak = {"ours": harness.peak_extra_bytes(ours),
            "reference": None if case.torch_reference else harness.peak_extra_bytes(reference)}
    primary = next(c for c in cases.CASES if c.function == case.function).name == case.name
    return {
        "case": case.name, "function": case.function, "reference": case.reference, "kind": case.kind,
        "primary": primary, "dtype": dtype.name, "size": size, "elements": int(inputs.main.size),
        "shape": inputs.shape, "floor": case.floor, "rounds": rounds, "seconds": seconds, "peak_bytes": peak,
        "input_bytes": int(inputs.main.nbytes), "agrees": agrees,
        "ratio_quartiles": harness.ratio_quartiles(samples, "ours", "reference"),
    }


def measure_validation(case_name, *, budget):
    whole, checks = validation.validation_callables(case_name)
    seconds, _, _ = harness.time_interleaved({"total": whole, "validation": checks}, budget=budget, min_repeats=9)
    return {"case": case_name, "function": next(c.function for c in cases.CASES if c.name == case_name),
            "dtype": "float64", "size": validation.VALIDATION_SIZE, "seconds_total": seconds["total"],
            "seconds_validation": seconds["validation"]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", default=str(report.RESULTS), help="where to write the JSON report")
    parser.add_argument("--sizes", type=float, nargs="+", default=cases.SIZES, help="element counts")
    parser.add_argument("--dtypes", nargs="+", default=cases.DTYPES)
    parser.add_argument("--cases", nargs="+", default=None, help="case names (default: all)")
    parser.add_argument("--budget", type=float, default=BUDGET_SECONDS, help="seconds per case, size and dtype")
    args = parser.parse_args(argv)

    selected = [c for c in cases.CASES if args.cases is None or c.name in args.cases]
    unknown = set(args.cases or ()) - {c.name for c in cases.CASES}
    if unknown:
        parser.error(f"unknown cases {sorted(unknown)}; choose from {[c.name for c in cases.CASES]}")
    sizes = [int(s) for s in args.sizes]

    started = time.perf_counter()
    load_before = harness.load_average()
    measurements = []
    for case in selected:
        for dtype in args.dtypes:
            for size in sizes:
                if size > case.max_size:
                    continue
                m = measure_case(case, size, dtype, budget=args.budget)
                measurements.append(m)
                s = m["seconds"]
                print(f"{case.name:34s} {dtype:8s} {size:>9d}  ours {s['ours'] * 1e3:10.3f} ms  "
                      f"ref {s['reference'] * 1e3:10.3f} ms  x{s['ours'] / s['reference']:6.2f} ref  "
                      f"x{s['ours'] / s.get(case.floor or 'copy', s['copy']):6.2f} {case.floor or 'copy'}"
                      f"{'' if m['agrees'] else '  DISAGREES'}", flush=True)
    checked = [c.name for c in selected if c.name in validation.CHECKS]
    validation_rows = [measure_validation(name, budget=args.budget) for name in checked]
    load_after = harness.load_average()

    run = {
        "command": " ".join(["python -m benchmarks.run", *(sys.argv[1:] if argv is None else argv)]),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "wall_seconds": round(time.perf_counter() - started, 1),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "budget_seconds": args.budget,
        "min_sample_seconds": harness.MIN_SAMPLE_SECONDS,
        "sizes": sizes,
        "dtypes": list(args.dtypes),
        "matrix_cap": cases.MATRIX_CAP,
        "row_length": cases.ROW,
    }
    result = report.build_report(measurements, machine=harness.describe_machine(),
                                 software=harness.describe_software(), validation=validation_rows, run=run)
    report.write(result, args.output)
    disagreeing = [(m["case"], m["dtype"], m["size"]) for m in measurements if not m["agrees"]]
    print(f"wrote {args.output} in {run['wall_seconds']} s; load average {load_before} -> {load_after}")
    for case_name, target in report.misses(result):
        print(f"misses the {target} target: {case_name}")
    if disagreeing:
        print(f"results that disagree with the reference: {disagreeing}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Turn raw measurements into the report that is committed as benchmarks/results.json.

Pure functions of plain data, with no timing and no heavy imports: tests/test_benchmarks.py builds a report
from a tiny fake measurement, and docs/_ext/benchmarks.py renders the committed one.
"""

import json
import math
from pathlib import Path

SCHEMA_VERSION = 1
RESULTS = Path(__file__).resolve().parent / "results.json"

# The targets, held at one size and dtype.
TARGETS = {
    "size": 10**6,
    "dtype": "float64",
    "max_ratio_to_reference": 1.0,
    "max_ratio_to_transcendental_floor": 2.5,
    "max_ratio_to_copy_floor": 4.0,  # for memory-bound functions with no exp or log
    "max_peak_memory": 3.0,  # input-sized arrays alive at once during a call, the returned one included
}

MEASUREMENT_KEYS = ("case", "function", "reference", "kind", "primary", "dtype", "size", "elements", "shape",
                    "floor", "rounds", "seconds", "peak_bytes", "input_bytes", "agrees", "ratio_quartiles")
ROW_KEYS = MEASUREMENT_KEYS + ("ratio_to_reference", "ratio_to_copy", "ratio_to_floor", "peak_memory",
                               "reference_peak_memory", "meets", "within_noise")


def _ratio(a, b):
    if a is None or b is None or b <= 0:
        return None
    return a / b


def _round(x, digits=4):
    """Round to `digits` significant digits, which is more than the run-to-run noise justifies."""
    if x is None or x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def judge(row, targets=TARGETS):
    """Which targets a row meets: ``{"reference": bool, "floor": bool, "memory": bool}``, with None for a target
    that does not apply. Targets apply at the target size and dtype only; the floor and memory targets apply to
    memory-bound functions; the reference target to the primary reference of each function."""
    if row["size"] != targets["size"] or row["dtype"] != targets["dtype"]:
        return {"reference": None, "floor": None, "memory": None}
    meets = {"reference": None, "floor": None, "memory": None}
    if row["primary"] and row["ratio_to_reference"] is not None:
        meets["reference"] = row["ratio_to_reference"] <= targets["max_ratio_to_reference"]
    if row["kind"] == "memory-bound":
        if row["floor"]:
            meets["floor"] = row["ratio_to_floor"] <= targets["max_ratio_to_transcendental_floor"]
        else:
            meets["floor"] = row["ratio_to_copy"] <= targets["max_ratio_to_copy_floor"]
        if row["peak_memory"] is not None:
            meets["memory"] = row["peak_memory"] <= targets["max_peak_memory"]
    return meets


def build_row(measurement, targets=TARGETS):
    """One report row: the measurement, its ratios and the targets it meets."""
    missing = [key for key in MEASUREMENT_KEYS if key not in measurement]
    if missing:
        raise ValueError(f"measurement lacks {missing}")
    # Ratios are taken from the rounded times, so that a row rebuilt from the JSON is the same row.
    seconds = {name: _round(value, 6) for name, value in measurement["seconds"].items()}
    peak = measurement["peak_bytes"]
    row = dict(measurement)
    row["seconds"] = seconds
    row["ratio_to_reference"] = _round(_ratio(seconds["ours"], seconds.get("reference")))
    row["ratio_to_copy"] = _round(_ratio(seconds["ours"], seconds.get("copy")))
    row["ratio_to_floor"] = _round(_ratio(seconds["ours"], seconds.get(measurement["floor"])))
    row["peak_memory"] = _round(_ratio(peak.get("ours"), measurement["input_bytes"]), 3)
    row["reference_peak_memory"] = _round(_ratio(peak.get("reference"), measurement["input_bytes"]), 3)
    row["ratio_quartiles"] = [_round(q) for q in measurement["ratio_quartiles"]]
    row["meets"] = judge(row, targets)
    row["within_noise"] = within_noise(row, targets)
    return row


def within_noise(row, targets=TARGETS):
    """Whether a row that misses the reference target is slower by less than the run can tell: in at least a
    quarter of the rounds ours was no slower. A miss all the same; the report says so beside it."""
    return row["meets"]["reference"] is False and row["ratio_quartiles"][0] <= targets["max_ratio_to_reference"]


def build_report(measurements, *, machine, software, validation, run, targets=TARGETS):
    """The whole report: how it was run, on what, the targets, one row per measurement, and the validation
    cost."""
    rows = [build_row(m, targets) for m in measurements]
    return {
        "schema_version": SCHEMA_VERSION,
        "run": run,
        "machine": machine,
        "software": software,
        "targets": targets,
        "results": rows,
        "validation": [dict(v, share=_round(_ratio(v["seconds_validation"], v["seconds_total"]), 3),
                            seconds_total=_round(v["seconds_total"], 4),
                            seconds_validation=_round(v["seconds_validation"], 4)) for v in validation],
    }


def at(report, *, size=None, dtype=None):
    """The rows of `report` at one size and dtype (the target's by default)."""
    size = report["targets"]["size"] if size is None else size
    dtype = report["targets"]["dtype"] if dtype is None else dtype
    return [row for row in report["results"] if row["size"] == size and row["dtype"] == dtype]


def misses(report):
    """The (case, target) pairs that miss at the target size and dtype."""
    return [(row["case"], target) for row in at(report) for target, ok in row["meets"].items() if ok is False]


def write(report, path=RESULTS):
    Path(path).write_text(json.dumps(report, indent=1, sort_keys=False) + "\n", encoding="utf-8")


def load(path=RESULTS):
    return json.loads(Path(path).read_text(encoding="utf-8"))

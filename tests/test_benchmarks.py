"""Tests of the benchmark harness (benchmarks/) and of its committed results. Nothing here times anything: the
report builder runs on a made-up measurement, and the committed JSON is checked for its schema and coverage."""


import numpy as np
import pytest

import mlequations
from benchmarks import cases, harness, report, validation

from .conftest import ROOT

import benchmark_page  # noqa: E402  (the docs extension: docs/_ext is on the path from tests/conftest.py)

# The browser check of the benchmarks page is in tests/test_site.py, which owns the browser fixtures.


def _measurement(**overrides):
    m = {
        "case": "softmax", "function": "softmax", "reference": "scipy.special.softmax", "kind": cases.MEMORY_BOUND,
        "primary": True, "dtype": "float64", "size": 10**6, "elements": 10**6, "shape": "(1000, 1000)",
        "floor": "exp", "rounds": 5, "seconds": {"ours": 2.0, "reference": 4.0, "copy": 0.5, "exp": 1.0},
        "peak_bytes": {"ours": 16_000_000, "reference": 24_000_000}, "input_bytes": 8_000_000, "agrees": True,
        "ratio_quartiles": [0.45, 0.55],
    }
    m.update(overrides)
    return m


# -- the report builder ---------------------------------------------------------------------------------------------

def test_a_row_has_its_ratios_and_verdicts():
    row = report.build_row(_measurement())
    assert row["ratio_to_reference"] == 0.5
    assert row["ratio_to_copy"] == 4.0
    assert row["ratio_to_floor"] == 2.0
    assert row["peak_memory"] == 2.0 and row["reference_peak_memory"] == 3.0
    assert row["meets"] == {"reference": True, "floor": True, "memory": True}


def test_targets_judge_only_the_target_size_and_dtype():
    assert report.build_row(_measurement(size=10**3))["meets"] == {"reference": None, "floor": None, "memory": None}
    assert report.build_row(_measurement(dtype="float32"))["meets"]["reference"] is None


def test_a_miss_is_reported():
    slow = _measurement(seconds={"ours": 5.0, "reference": 4.0, "copy": 0.5, "exp": 1.0},
                        peak_bytes={"ours": 40_000_000, "reference": None})
    row = report.build_row(slow)
    assert row["meets"] == {"reference": False, "floor": False, "memory": False}
    assert row["reference_peak_memory"] is None
    built = report.build_report([slow], machine={}, software={}, validation=[], run={})
    assert report.misses(built) == [("softmax", "reference"), ("softmax", "floor"), ("softmax", "memory")]


def test_a_miss_within_noise_is_still_a_miss_and_says_so():
    close = _measurement(seconds={"ours": 1.02, "reference": 1.0, "copy": 0.5, "exp": 1.0},
                         ratio_quartiles=[0.99, 1.05])
    row = report.build_row(close)
    assert row["meets"]["reference"] is False and row["within_noise"] is True
    clear = report.build_row(_measurement(seconds={"ours": 1.2, "reference": 1.0, "copy": 0.5, "exp": 1.0},
                                          ratio_quartiles=[1.1, 1.3]))
    assert clear["meets"]["reference"] is False and clear["within_noise"] is False
    assert report.build_row(_measurement())["within_noise"] is False  # it meets the target: nothing to excuse
    built = report.build_report([close], machine={}, software={}, validation=[], run={})
    assert ("softmax", "reference") in report.misses(built)
    assert any("softmax the difference is within this run's noise" in line
               for line in benchmark_page.highlight_sentences(built))


def test_ratio_quartiles_pair_the_rounds():
    samples = {"ours": [1.0, 2.0, 3.0, 4.0, 5.0], "reference": [1.0, 1.0, 3.0, 2.0, 5.0]}
    assert harness.ratio_quartiles(samples, "ours", "reference") == [1.0, 2.0]  # ratios 1, 2, 1, 2, 1
    assert harness.ratio_quartiles({"a": [2.0], "b": [1.0]}, "a", "b") == [2.0, 2.0]


def test_floor_without_transcendental_pass_is_the_copy():
    row = report.build_row(_measurement(floor=None, seconds={"ours": 3.0, "reference": 4.0, "copy": 0.5}))
    assert row["ratio_to_floor"] is None
    assert row["meets"]["floor"] is False  # 6 copies > the copy target


def test_compute_bound_rows_are_held_to_the_reference_only():
    row = report.build_row(_measurement(kind=cases.COMPUTE_BOUND, seconds={"ours": 3.0, "reference": 4.0,
                                                                            "copy": 0.01}))
    assert row["meets"] == {"reference": True, "floor": None, "memory": None}


def test_secondary_references_have_no_reference_target():
    row = report.build_row(_measurement(primary=False, reference="torch.softmax"))
    assert row["meets"]["reference"] is None


def test_an_incomplete_measurement_is_refused():
    m = _measurement()
    del m["seconds"]
    with pytest.raises(ValueError, match="seconds"):
        report.build_row(m)


def test_the_docs_extension_renders_a_fake_report(tmp_path):
    rows = [_measurement(), _measurement(case="softmax-torch", reference="torch.softmax", primary=False,
                                         peak_bytes={"ours": 16_000_000, "reference": None})]
    built = report.build_report(rows, machine={}, software={}, run={},
                                validation=[{"case": "softmax", "function": "softmax", "dtype": "float64",
                                             "size": 1000, "seconds_total": 1e-5, "seconds_validation": 2e-6}])
    sentences = benchmark_page.highlight_sentences(built)
    assert sentences[0].startswith("At 10^6 float64 elements, softmax takes 0.50× the time of scipy.special.softmax "
                                   "(2.00 s against 4.00 s) and 0.50× the time of torch.softmax")
    assert "ours is no slower for 1 of the 1 functions" in sentences[1]
    assert "Against the 1 other references, which have no target, ours is no slower for softmax against " \
           "torch.softmax (0.50×)." in sentences
    assert any("between 20% and 20%" in s for s in sentences)
    assert benchmark_page.target_rows(built)[0][:4] == [("softmax", " against ", "scipy.special.softmax"), "0.50×",
                                                        "yes / yes / yes", "2.00× np.exp"]
    paths = benchmark_page.draw_figures(built, tmp_path)
    assert [p.name for p in paths] == ["benchmark_softmax.png"] and paths[0].stat().st_size > 0


# -- the cases --------------------------------------------------------------------------------------------------------

def test_every_public_name_is_benchmarked_or_says_why_not():
    benchmarked = {case.function for case in cases.CASES}
    assert benchmarked.isdisjoint(cases.NOT_BENCHMARKED)
    assert benchmarked | set(cases.NOT_BENCHMARKED) == set(mlequations.__all__)


@pytest.mark.parametrize("case", cases.CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("dtype", cases.DTYPES)
def test_each_case_agrees_with_its_reference_at_the_smallest_size(case, dtype):
    inputs = case.make(cases.SIZES[0], np.dtype(dtype), np.random.default_rng(0))
    ours = case.run_ours(*inputs.ours, **inputs.ours_kwargs)
    assert case.agree(ours, case.run_reference(*inputs.reference, **inputs.reference_kwargs), np.dtype(dtype))
    assert inputs.main.dtype == np.dtype(dtype)


@pytest.mark.parametrize("name", sorted(validation.CHECKS))
def test_validation_entries_accept_valid_input_and_reject_what_the_function_rejects(name):
    whole, checks = validation.validation_callables(name)
    checks()
    case = next(c for c in cases.CASES if c.name == name)
    inputs = case.make(validation.VALIDATION_SIZE, np.dtype(np.float64), np.random.default_rng(0))
    bad = list(inputs.ours)
    bad[-1 if name == "softmax_cross_entropy" else 0] = np.full_like(inputs.ours[-1 if name ==
                                                                          "softmax_cross_entropy" else 0], np.nan)
    with pytest.raises(ValueError) as from_function:
        case.run_ours(*bad, **inputs.ours_kwargs)
    if name in validation.CHECKED_WHILE_COMPUTING:
        validation.CHECKS[name](*bad)  # passes: the function catches it as it computes
        return
    with pytest.raises(ValueError) as from_checks:
        validation.CHECKS[name](*bad)
    assert str(from_checks.value) == str(from_function.value)


def test_floors_are_a_copy_and_the_transcendental_pass():
    case = next(c for c in cases.CASES if c.name == "entropy")
    floors = harness.floors_for(case, np.array([0.5, 0.5]))
    assert set(floors) == {"copy", "log"}
    np.testing.assert_array_equal(floors["log"](), np.log([0.5, 0.5]))


def test_peak_extra_bytes_counts_every_array_alive_at_once():
    x = np.ones(10**5)

    def two_arrays():
        a, b = np.exp(x), np.exp(x)
        return a

    assert 2 * x.nbytes <= harness.peak_extra_bytes(two_arrays) < 3 * x.nbytes


# -- the committed results ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def committed():
    return report.load()


def test_committed_results_have_the_schema(committed):
    assert committed["schema_version"] == report.SCHEMA_VERSION
    assert committed["targets"] == report.TARGETS
    for key in ("command", "date", "wall_seconds", "load_average_before", "load_average_after", "sizes"):
        assert key in committed["run"]
    for key in ("cpu", "logical_cores", "memory_gib"):
        assert key in committed["machine"]
    assert any(t["user_api"] == "blas" and t["architecture"] for t in committed["software"]["threadpools"])
    for row in committed["results"]:
        assert set(report.ROW_KEYS) <= set(row)
        assert row == report.build_row({k: row[k] for k in report.MEASUREMENT_KEYS})  # ratios match the times
        assert row["agrees"] is True
    for v in committed["validation"]:
        assert 0 < v["share"] < 1


def test_committed_results_cover_every_case_size_and_dtype(committed):
    measured = {(r["case"], r["size"], r["dtype"]) for r in committed["results"]}
    expected = {(c.name, size, dtype) for c in cases.CASES for size in cases.SIZES for dtype in cases.DTYPES
                if size <= c.max_size}
    assert measured == expected
    assert {v["case"] for v in committed["validation"]} == set(validation.CHECKS)


def test_benchmark_run_unset_the_openblas_variables(committed):
    assert committed["software"]["openblas_environment"] == {"OPENBLAS_CORETYPE": None, "OPENBLAS_L2_SIZE": None}


def test_make_bench_is_not_part_of_make_test():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "bench" not in test_recipe
    assert "env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(PYTHON) -m benchmarks.run" in makefile


# -- the page's statements against the committed results ---------------------------------------------------------------

import re  # noqa: E402
import statistics  # noqa: E402

RATIO = re.compile(r"(\d+(?:\.\d+)?)×")


def _ratios_shown(row):
    """The ratios a table row shows for one measurement: its time over the reference's, the copy's and the floor's."""
    return {benchmark_page.fmt_ratio(row["seconds"]["ours"] / row["seconds"][name]) for name in row["seconds"]
            if name != "ours"}


def test_every_ratio_in_short_is_a_ratio_of_the_table(committed):
    size = committed["targets"]["size"]
    shown = set().union(*(_ratios_shown(r) for r in committed["results"] if r["size"] == size))
    targets = {benchmark_page.fmt_ratio(committed["targets"][k]) for k in committed["targets"] if k.startswith("max_r")}
    for sentence in benchmark_page.highlight_sentences(committed):
        for number in RATIO.findall(sentence):
            assert f"{number}×" in shown | targets, f"{number}× is in no row of the table: {sentence}"


def test_the_ratio_column_is_the_ratio_of_the_median_times(committed):
    """One definition: ours' median time over the reference's, the number the targets judge. No interval of
    another statistic is printed beside it."""
    rows = report.at(committed)
    for cells, row in zip(benchmark_page.target_rows(committed), rows, strict=True):
        expected = benchmark_page.fmt_ratio(row["seconds"]["ours"] / row["seconds"]["reference"])
        assert cells[1] == expected, (row["case"], cells[1])


def test_every_row_slower_than_its_reference_is_named_as_slower(committed):
    text = " ".join(benchmark_page.highlight_sentences(committed))
    for row in report.at(committed):
        ratio = benchmark_page.fmt_ratio(row["seconds"]["ours"] / row["seconds"]["reference"])
        shown = f"{row['function']} against {row['reference']} ({ratio})"
        if row["ratio_to_reference"] > committed["targets"]["max_ratio_to_reference"]:
            assert shown in text, f"{shown} is slower than its reference and the page does not say so"


def test_a_ratio_just_above_one_does_not_print_as_one():
    assert benchmark_page.fmt_ratio(1.004) == "1.004×" and benchmark_page.fmt_ratio(0.996) == "0.996×"
    assert benchmark_page.fmt_ratio(1.0) == "1.00×" and benchmark_page.fmt_ratio(1.02) == "1.02×"


def test_the_validation_median_is_the_median(committed):
    shares = [v["share"] for v in committed["validation"]]
    sentence = next(s for s in benchmark_page.highlight_sentences(committed) if "input validation" in s)
    assert f"median {statistics.median(shares):.0%}" in sentence


def test_floor_and_memory_counts_count_each_function_once(committed):
    primary = [r for r in report.at(committed) if r["primary"] and r["kind"] == cases.MEMORY_BOUND]
    text = " ".join(benchmark_page.highlight_sentences(committed))
    met = sum(r["meets"]["floor"] for r in primary)
    assert f"{met} of the {len(primary)} memory-bound functions" in text


def test_the_plot_has_few_large_panels(committed, tmp_path):
    import matplotlib.image

    paths = benchmark_page.draw_figures(committed, tmp_path)
    # one figure per group of functions, and every benchmarked function in exactly one group
    assert [path.stem for path in paths] == [f"benchmark_{benchmark_page._slug(t)}" for t in benchmark_page.GROUPS]
    placed = [f for functions in benchmark_page.GROUPS.values() for f in functions]
    assert sorted(placed) == sorted({r["function"] for r in committed["results"]})
    for path in paths:
        height, width = matplotlib.image.imread(path).shape[:2]
        assert width >= 600 and height >= 300, path
    for fig in benchmark_page.figures(committed).values():
        import matplotlib.pyplot as plt

        assert len(fig.axes) == 1
        ax = fig.axes[0]
        assert min(label.get_fontsize() for label in ax.get_xticklabels() + ax.get_yticklabels()) >= 9
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
        assert len(ax.get_lines()) <= 8
        plt.close(fig)

"""Render the committed benchmark results (benchmarks/results.json) on the benchmarks page.

The benchmark itself never runs during the build: ``make bench`` measures and writes the JSON, and these
directives turn it into tables, sentences and a log-log figure. Every number on the page comes from the JSON,
which each directive declares as a dependency, so an incremental build re-renders the page when it changes.

Directives: ``benchmark-overview`` (how and where it was measured), ``benchmark-targets`` (the summary at the
target size), ``benchmark-highlights`` (sentences), ``benchmark-table`` (every size, one dtype),
``benchmark-validation``, ``benchmark-environment`` and ``benchmark-plot``.
"""

import json
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results.json"
FIGURE = "generated/benchmarks/benchmark_times.png"  # relative to docs/, written at build time

FLOOR_NAMES = {"exp": "np.exp", "log": "np.log", None: "np.copy"}


def load():
    return json.loads(RESULTS.read_text(encoding="utf-8"))


def fmt_ratio(x):
    if x is None:
        return "n/a"
    if x >= 100:
        return f"{x:.0f}×"
    if x >= 10:
        return f"{x:.1f}×"
    return f"{x:.2f}×"


def fmt_seconds(s):
    if s is None:
        return "n/a"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.3g} ms"
    return f"{s * 1e6:.3g} µs"


def fmt_size(n):
    exponent = len(str(n)) - 1
    return f"10^{exponent}" if n == 10**exponent else f"{n:,}"


def fmt_memory(x):
    return "n/a" if x is None else f"{x:.2f}×"


def fmt_quartiles(quartiles):
    """The quartiles of the round-by-round ratio, as a range."""
    return "–".join(fmt_ratio(q).rstrip("×") for q in quartiles) + "×"


def fmt_meets(ok):
    return {True: "yes", False: "no", None: "–"}[ok]


def floor_ratio(row):
    """The ratio to the floor that the targets use: the transcendental one when there is one, else the copy."""
    return row["ratio_to_floor"] if row["floor"] else row["ratio_to_copy"]


def rows_at(report, size, dtype):
    return [r for r in report["results"] if r["size"] == size and r["dtype"] == dtype]


def _cell(text, *, literal=False):
    paragraph = nodes.paragraph()
    if text not in (None, ""):
        paragraph += nodes.literal(text=text) if literal else nodes.Text(str(text))
    return nodes.entry("", paragraph)


def make_table(header, body, *, classes=(), literal_columns=()):
    table = nodes.table(classes=["benchmark-table", *classes])
    group = nodes.tgroup(cols=len(header))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in header)
    head = nodes.thead()
    head += nodes.row("", *(_cell(title) for title in header))
    tbody = nodes.tbody()
    for values in body:
        tbody += nodes.row("", *(_cell(v, literal=i in literal_columns) for i, v in enumerate(values)))
    group += head
    group += tbody
    return table


def target_rows(report):
    """Rows of the summary table: one per case, float64 and float32 side by side at the target size."""
    size = report["targets"]["size"]
    by_dtype = {dtype: {r["case"]: r for r in rows_at(report, size, dtype)} for dtype in ("float64", "float32")}
    body = []
    for case, r64 in by_dtype["float64"].items():
        r32 = by_dtype["float32"].get(case)
        meets = r64["meets"]
        body.append([
            r64["function"], r64["reference"], r64["kind"],
            f"{fmt_ratio(r64['ratio_to_reference'])} ({fmt_quartiles(r64['ratio_quartiles'])})",
            f"{fmt_ratio(floor_ratio(r64))} {FLOOR_NAMES[r64['floor']]}",
            fmt_memory(r64["peak_memory"]),
            " / ".join(fmt_meets(meets[t]) for t in ("reference", "floor", "memory"))
            + (" (reference: within noise)" if r64["within_noise"] else ""),
            fmt_ratio(r32["ratio_to_reference"]) if r32 else "n/a",
            fmt_ratio(floor_ratio(r32)) if r32 else "n/a",
        ])
    return body


TARGET_HEADER = ["function", "reference", "kind", "float64: × reference (quartiles by round)", "× floor",
                 "peak memory", "meets reference / floor / memory", "float32: × reference", "× floor"]
FULL_HEADER = ["function", "reference", "elements", "shape", "ours", "reference time", "× reference",
               "× copy", "× exp or log", "peak memory", "reference peak memory"]


def full_rows(report, dtype):
    body = []
    for r in report["results"]:
        if r["dtype"] != dtype:
            continue
        body.append([
            r["function"], r["reference"], fmt_size(r["size"]), r["shape"], fmt_seconds(r["seconds"]["ours"]),
            fmt_seconds(r["seconds"]["reference"]), fmt_ratio(r["ratio_to_reference"]),
            fmt_ratio(r["ratio_to_copy"]), fmt_ratio(r["ratio_to_floor"]) if r["floor"] else "–",
            fmt_memory(r["peak_memory"]), fmt_memory(r["reference_peak_memory"]),
        ])
    return body


def highlight_sentences(report):
    """Sentences for the page, each built from the JSON."""
    targets = report["targets"]
    size, dtype = targets["size"], targets["dtype"]
    rows = {r["case"]: r for r in rows_at(report, size, dtype)}
    rows32 = {r["case"]: r for r in rows_at(report, size, "float32")}
    out = []
    if "softmax" in rows and "softmax-torch" in rows:
        ours = rows["softmax"]["seconds"]["ours"]
        torch_time = rows["softmax-torch"]["seconds"]["reference"]
        scipy_time = rows["softmax"]["seconds"]["reference"]
        line = (f"At {fmt_size(size)} {dtype} elements, softmax takes {fmt_seconds(ours)}: "
                f"{fmt_ratio(ours / torch_time)} the time of torch.softmax ({fmt_seconds(torch_time)}) and "
                f"{fmt_ratio(ours / scipy_time)} that of scipy.special.softmax ({fmt_seconds(scipy_time)}).")
        if "softmax-torch" in rows32:
            r = rows32["softmax-torch"]
            line += f" In float32 the ratio to torch.softmax is {fmt_ratio(r['ratio_to_reference'])}."
        out.append(line)
    judged = [r for r in rows.values() if any(v is not None for v in r["meets"].values())]
    for target, label in (("reference", "no slower than the reference"),
                          ("floor", "within the floor target"), ("memory", "within the memory target")):
        applicable = [r for r in judged if r["meets"][target] is not None]
        met = [r for r in applicable if r["meets"][target]]
        missed = sorted({r["case"] for r in applicable if not r["meets"][target]})
        line = f"{len(met)} of {len(applicable)} cases are {label} at {fmt_size(size)} {dtype} elements"
        line += f"; the others: {', '.join(missed)}." if missed else "."
        noise = sorted(r["case"] for r in applicable if target == "reference" and r["within_noise"])
        if noise:
            line += (f" Of those, {', '.join(noise)} {'is' if len(noise) == 1 else 'are'} slower by less than this "
                     "run can tell: in at least a quarter of its rounds ours was no slower.")
        out.append(line)
    if report.get("validation"):
        shares = sorted(v["share"] for v in report["validation"])
        n = report["validation"][0]["size"]
        out.append(f"At {fmt_size(n)} elements, input validation takes between {shares[0]:.0%} and "
                   f"{shares[-1]:.0%} of a call (median {shares[len(shares) // 2]:.0%}).")
    disagreeing = [f"{r['case']} ({r['dtype']}, {fmt_size(r['size'])})" for r in report["results"]
                   if not r["agrees"]]
    out.append("Every result agreed with its reference." if not disagreeing
               else f"Results that disagreed with their reference: {', '.join(disagreeing)}.")
    return out


def overview_items(report):
    run, machine, targets = report["run"], report["machine"], report["targets"]
    blas = [t for t in report["software"]["threadpools"] if t["user_api"] == "blas"]
    kernels = ", ".join(f"{t['internal_api']} {t['version']} ({t['architecture']} kernel, {t['num_threads']} "
                        f"threads, {t['library']})" for t in blas)
    env = report["software"]["openblas_environment"]
    unset = all(v is None for v in env.values())
    sizes = ", ".join(fmt_size(s) for s in run["sizes"])
    return [
        f"Measured on {run['date']} with `{run['command']}`, in {run['wall_seconds']:.0f} s of wall time.",
        f"Machine: {machine['cpu']}, {machine['logical_cores']} logical cores, {machine['memory_gib']} GiB; "
        f"caches {', '.join(f'{k} {v}' for k, v in machine['caches'].items())}; {machine['system']}.",
        f"Load average (1, 5, 15 minutes) before the run {run['load_average_before']}, after it "
        f"{run['load_average_after']}: the machine's {machine['logical_cores']} cores are shared with other jobs.",
        f"BLAS: {kernels}; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE "
        f"{'unset for the run' if unset else 'set to ' + str(env)}. PyTorch threads: "
        f"{report['software']['torch_threads']}.",
        f"Sizes: {sizes} elements; matrices stop at {fmt_size(run['matrix_cap'])} elements. Each time is the "
        f"median of at least three rounds in which ours, the reference and the floors run one after the other; a "
        f"round calls each at least enough times to last {run['min_sample_seconds'] * 1e3:g} ms.",
        f"Targets at {fmt_size(targets['size'])} {targets['dtype']} elements: at most "
        f"{fmt_ratio(targets['max_ratio_to_reference'])} the reference's time; at most "
        f"{fmt_ratio(targets['max_ratio_to_transcendental_floor'])} one np.exp or np.log pass for functions that "
        f"need one, else at most {fmt_ratio(targets['max_ratio_to_copy_floor'])} an np.copy (memory-bound "
        f"functions); a peak of at most {targets['max_peak_memory']:g} input-sized arrays (memory-bound "
        f"functions).",
    ]


def _paragraphs(directive, lines):
    """Parse generated lines as MyST-free inline text: backticks become literals, nothing else is markup."""
    result = []
    for line in lines:
        paragraph = nodes.paragraph()
        for i, part in enumerate(line.split("`")):
            if part:
                paragraph += nodes.literal(text=part) if i % 2 else nodes.Text(part)
        result.append(paragraph)
    return result


class _BenchmarkDirective(SphinxDirective):
    has_content = False

    def report(self):
        self.env.note_dependency(str(RESULTS))
        return load()


class Overview(_BenchmarkDirective):
    def run(self):
        items = nodes.bullet_list()
        for paragraph in _paragraphs(self, overview_items(self.report())):
            items += nodes.list_item("", paragraph)
        return [items]


class Highlights(_BenchmarkDirective):
    def run(self):
        items = nodes.bullet_list()
        for paragraph in _paragraphs(self, highlight_sentences(self.report())):
            items += nodes.list_item("", paragraph)
        return [items]


class Targets(_BenchmarkDirective):
    def run(self):
        return [make_table(TARGET_HEADER, target_rows(self.report()), classes=["benchmark-targets"],
                           literal_columns=(0, 1))]


class FullTable(_BenchmarkDirective):
    option_spec = {"dtype": directives.unchanged_required}

    def run(self):
        dtype = self.options.get("dtype", "float64")
        return [make_table(FULL_HEADER, full_rows(self.report(), dtype), classes=["benchmark-full"],
                           literal_columns=(0, 1, 3))]


class Validation(_BenchmarkDirective):
    def run(self):
        body = [[v["function"], fmt_size(v["size"]), fmt_seconds(v["seconds_total"]),
                 fmt_seconds(v["seconds_validation"]), f"{v['share']:.0%}"] for v in self.report()["validation"]]
        return [make_table(["function", "elements", "whole call", "checks only", "share"], body,
                           literal_columns=(0,))]


class Environment(_BenchmarkDirective):
    def run(self):
        software = self.report()["software"]
        body = [[name, version or "not installed"] for name, version in software["versions"].items()]
        body += [[f"{t['user_api']}: {t['internal_api']}", f"{t['version'] or ''} {t['architecture'] or ''} "
                  f"{t['num_threads']} threads ({t['library']})".strip()] for t in software["threadpools"]]
        return [make_table(["library", "version"], body, literal_columns=(0,))]


def draw_figure(report, path):
    """Seconds per call against element count, log-log, one panel per case (float64): ours, the reference and
    the floors."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cases = list(dict.fromkeys(r["case"] for r in report["results"]))
    columns = 4
    rows = -(-len(cases) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(11, 2.3 * rows), layout="constrained", squeeze=False)
    for ax, case in zip(axes.flat, cases):
        series = sorted((r for r in report["results"] if r["case"] == case and r["dtype"] == "float64"),
                        key=lambda r: r["elements"])
        n = [r["elements"] for r in series]
        ax.loglog(n, [r["seconds"]["ours"] for r in series], "o-", color="C0", lw=2, ms=3, label="ours")
        ax.loglog(n, [r["seconds"]["reference"] for r in series], "s--", color="C1", ms=3, label="reference")
        ax.loglog(n, [r["seconds"]["copy"] for r in series], ":", color="0.5", label="np.copy")
        floor = series[0]["floor"] if series else None
        if floor:
            ax.loglog(n, [r["seconds"][floor] for r in series], "-.", color="0.3", label=f"np.{floor}")
        ax.set_title(f"{case}\nvs {series[0]['reference']}" if series else case, fontsize=7)
        ax.tick_params(labelsize=6)
    for ax in axes.flat[len(cases):]:
        ax.set_axis_off()
    for ax in axes[:, 0]:
        ax.set_ylabel("seconds per call", fontsize=7)
    for ax in axes[-1, :]:
        ax.set_xlabel("elements", fontsize=7)
    handles = [plt.Line2D([], [], color="C0", marker="o", lw=2, label="ours"),
               plt.Line2D([], [], color="C1", marker="s", ls="--", label="reference"),
               plt.Line2D([], [], color="0.5", ls=":", label="np.copy of the input"),
               plt.Line2D([], [], color="0.3", ls="-.", label="np.exp or np.log of the input")]
    fig.legend(handles=handles, loc="outside upper center", ncols=4, fontsize=8)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


class Plot(_BenchmarkDirective):
    def run(self):
        report = self.report()
        target = Path(self.env.srcdir) / FIGURE
        if not target.exists() or target.stat().st_mtime < RESULTS.stat().st_mtime:
            draw_figure(report, target)
        docdir = Path(self.env.doc2path(self.env.docname)).parent
        uri = Path(FIGURE) if docdir == Path(self.env.srcdir) else Path(target).relative_to(docdir)
        image = nodes.image(uri=uri.as_posix(), alt="Log-log plots of seconds per call against the number of "
                            "elements, one panel per function: ours, the reference library and the copy and "
                            "exp or log floors, in float64.")
        return [nodes.figure("", image)]


def setup(app):
    app.add_directive("benchmark-overview", Overview)
    app.add_directive("benchmark-highlights", Highlights)
    app.add_directive("benchmark-targets", Targets)
    app.add_directive("benchmark-table", FullTable)
    app.add_directive("benchmark-validation", Validation)
    app.add_directive("benchmark-environment", Environment)
    app.add_directive("benchmark-plot", Plot)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

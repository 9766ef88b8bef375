"""Render the committed benchmark results (benchmarks/results.json) on the benchmarks page.

The benchmark itself never runs during the build: ``make bench`` measures and writes the JSON, and these
directives turn it into tables, sentences and log-log figures. Every number on the page comes from the JSON,
which each directive declares as a dependency, with this file, so an incremental build re-renders the page when
either changes.

Directives: ``benchmark-overview`` (how and where it was measured), ``benchmark-targets`` (the summary at the
target size), ``benchmark-highlights`` (sentences), ``benchmark-table`` (every size, one dtype),
``benchmark-validation``, ``benchmark-environment`` and ``benchmark-plot``.
"""

import json
import statistics
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results.json"
FIGURES = "generated/benchmarks"  # relative to docs/, written at build time

FLOOR_NAMES = {"exp": "np.exp", "log": "np.log", None: "np.copy"}


def load():
    return json.loads(RESULTS.read_text(encoding="utf-8"))


def fmt_ratio(x):
    """A ratio of times, as shown everywhere on the page. One that two decimals would round to 1.00 without being 1
    keeps a third, so that a row "at 1.00×" is never called slower (or faster) than its reference."""
    if x is None:
        return "n/a"
    if x != 1 and round(x, 2) == 1:
        return f"{x:.3f}×"
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


def fmt_meets(ok):
    return {True: "yes", False: "no", None: "–"}[ok]


def time_ratio(row, name="reference"):
    """Ours' time over `name`'s ("reference", "copy", "exp" or "log"), from the row's two median times. This is
    the one ratio the page shows; the JSON's own ratios hold 4 digits, and rounding those again to the page's 2
    could differ from the ratio of the times in the last digit."""
    other = row["seconds"].get(name)
    return None if other is None or other <= 0 else row["seconds"]["ours"] / other


def floor_ratio(row):
    """The ratio to the floor that the targets use: the transcendental one when there is one, else the copy."""
    return time_ratio(row, row["floor"] or "copy")


def rows_at(report, size, dtype):
    return [r for r in report["results"] if r["size"] == size and r["dtype"] == dtype]


def _cell(text, *, literal=False):
    """A table cell. `text` is a string, or a tuple of strings whose odd items are code (a function and its
    reference: ``(function, " against ", reference)``)."""
    paragraph = nodes.paragraph()
    if isinstance(text, tuple):
        for i, part in enumerate(text):
            paragraph += nodes.literal(text=part) if i % 2 == 0 else nodes.Text(part)
    elif text not in (None, ""):
        paragraph += nodes.literal(text=text) if literal else nodes.Text(str(text))
    return nodes.entry("", paragraph)


def against(row):
    """The first cell of a row: the function, and the reference it is timed against."""
    return (row["function"], " against ", row["reference"])


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
    """Rows of the summary table: one per case at the target size, float64, with its float32 ratio beside it."""
    size = report["targets"]["size"]
    rows32 = {r["case"]: r for r in rows_at(report, size, "float32")}
    body = []
    for r64 in rows_at(report, size, report["targets"]["dtype"]):
        r32 = rows32.get(r64["case"])
        meets = r64["meets"]
        body.append([
            against(r64), fmt_ratio(time_ratio(r64)),
            " / ".join(fmt_meets(meets[t]) for t in ("reference", "floor", "memory"))
            + (" (reference: within noise)" if r64["within_noise"] else ""),
            f"{fmt_ratio(floor_ratio(r64))} {FLOOR_NAMES[r64['floor']]}",
            fmt_memory(r64["peak_memory"]),
            fmt_ratio(time_ratio(r32)) if r32 else "n/a",
        ])
    return body


TARGET_HEADER = ["function against reference", "× reference's time", "targets met: reference / floor / memory",
                 "× floor", "peak memory", "float32: × reference's time"]
FULL_HEADER = ["function against reference", "elements (shape)", "ours", "reference", "× reference's time",
               "× np.copy", "× np.exp or np.log", "peak memory: ours / reference"]


def full_rows(report, dtype):
    body = []
    for r in report["results"]:
        if r["dtype"] != dtype:
            continue
        body.append([
            against(r), f"{fmt_size(r['size'])} {r['shape']}", fmt_seconds(r["seconds"]["ours"]),
            fmt_seconds(r["seconds"]["reference"]), fmt_ratio(time_ratio(r)),
            fmt_ratio(time_ratio(r, "copy")), fmt_ratio(time_ratio(r, r["floor"])) if r["floor"] else "–",
            f"{fmt_memory(r['peak_memory'])} / {fmt_memory(r['reference_peak_memory'])}",
        ])
    return body


def _named(rows):
    """Rows named with their ratio, as the table shows them: "softmax against torch.softmax (2.34×)"."""
    return ", ".join(f"{r['function']} against {r['reference']} ({fmt_ratio(time_ratio(r))})" for r in rows)


def highlight_sentences(report):
    """Sentences for the page, each built from the JSON. Every ratio in them is one that a row of the tables shows
    (ours' median time over the reference's, or over a floor's, measured in the same rounds)."""
    targets = report["targets"]
    size, dtype = targets["size"], targets["dtype"]
    at_target = rows_at(report, size, dtype)
    rows = {r["case"]: r for r in at_target}
    rows32 = {r["case"]: r for r in rows_at(report, size, "float32")}
    limit = targets["max_ratio_to_reference"]
    out = []
    if "softmax" in rows and "softmax-torch" in rows:
        scipy_row, torch_row = rows["softmax"], rows["softmax-torch"]
        line = (f"At {fmt_size(size)} {dtype} elements, softmax takes {fmt_ratio(time_ratio(scipy_row))} "
                f"the time of scipy.special.softmax ({fmt_seconds(scipy_row['seconds']['ours'])} against "
                f"{fmt_seconds(scipy_row['seconds']['reference'])}) and {fmt_ratio(time_ratio(torch_row))} "
                f"the time of torch.softmax ({fmt_seconds(torch_row['seconds']['ours'])} against "
                f"{fmt_seconds(torch_row['seconds']['reference'])}, timed in rounds of their own).")
        if "softmax-torch" in rows32:
            line += (f" In float32 the ratio to torch.softmax is "
                     f"{fmt_ratio(time_ratio(rows32['softmax-torch']))}.")
        out.append(line)

    primary = [r for r in at_target if r["primary"]]
    slower = [r for r in primary if time_ratio(r) > limit]
    line = (f"Against its first reference, held to the target of at most {fmt_ratio(limit)} its time, ours is no "
            f"slower for {len(primary) - len(slower)} of the {len(primary)} functions at {fmt_size(size)} {dtype} "
            "elements")
    line += f"; it is slower for {_named(slower)}." if slower else "."
    noise = [r for r in slower if r["within_noise"]]
    if noise:
        line += (f" For {', '.join(r['function'] for r in noise)} the difference is within this run's noise: in at "
                 "least a quarter of the rounds, ours took at most the reference's time in the same round.")
    out.append(line)
    others = [r for r in at_target if not r["primary"]]
    if others:
        faster = [r for r in others if time_ratio(r) <= limit]
        behind = [r for r in others if time_ratio(r) > limit]
        parts = []
        if faster:
            parts.append(f"no slower for {_named(faster)}")
        if behind:
            parts.append(f"slower for {_named(behind)}")
        out.append(f"Against the {len(others)} other references, which have no target, ours is "
                   + "; it is ".join(parts) + ".")

    memory_bound = [r for r in primary if r["meets"]["floor"] is not None]
    if memory_bound:
        floor_missed = [r for r in memory_bound if not r["meets"]["floor"]]
        line = (f"{len(memory_bound) - len(floor_missed)} of the {len(memory_bound)} memory-bound functions take at "
                f"most {fmt_ratio(targets['max_ratio_to_transcendental_floor'])} the time of one np.exp or np.log "
                f"pass (those that need one) or {fmt_ratio(targets['max_ratio_to_copy_floor'])} that of an np.copy")
        if floor_missed:
            line += "; the others: " + ", ".join(f"{r['function']} ({fmt_ratio(floor_ratio(r))} "
                                                 f"{FLOOR_NAMES[r['floor']]})" for r in floor_missed)
        out.append(line + ".")
        memory = [r for r in memory_bound if r["meets"]["memory"] is not None]
        memory_missed = [r for r in memory if not r["meets"]["memory"]]
        line = (f"{len(memory) - len(memory_missed)} of the {len(memory)} memory-bound functions hold at most "
                f"{targets['max_peak_memory']:g} input-sized arrays at once")
        if memory_missed:
            line += "; the others: " + ", ".join(f"{r['function']} ({fmt_memory(r['peak_memory'])})"
                                                 for r in memory_missed)
        out.append(line + ".")
    if report.get("validation"):
        shares = [v["share"] for v in report["validation"]]
        n = report["validation"][0]["size"]
        out.append(f"At {fmt_size(n)} elements, input validation takes between {min(shares):.0%} and "
                   f"{max(shares):.0%} of a call (median {statistics.median(shares):.0%}).")
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
        self.env.note_dependency(__file__)  # a change to the sentences or tables re-renders the page too
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
        return [make_table(TARGET_HEADER, target_rows(self.report()), classes=["benchmark-targets"])]


class FullTable(_BenchmarkDirective):
    option_spec = {"dtype": directives.unchanged_required}

    def run(self):
        dtype = self.options.get("dtype", "float64")
        return [make_table(FULL_HEADER, full_rows(self.report(), dtype), classes=["benchmark-full"])]


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


GROUPS = {  # the figures: one per group of functions, in this order
    "Probability": ("entropy", "kl_divergence"),
    "Softmax": ("softmax", "log_softmax", "log_sum_exp"),
    "Losses": ("mean_squared_error", "binary_cross_entropy", "binary_cross_entropy_with_logits",
               "softmax_cross_entropy"),
    "Convolution and attention": ("convolve", "convolve2d", "conv2d", "scaled_dot_product_attention"),
    "Linear algebra": ("eigendecomposition", "singular_value_decomposition", "principal_components"),
}


def _slug(title):
    return title.lower().replace(" ", "_")


def figures(report):
    """One Matplotlib figure per group: ours' time over the reference's (the ratio the tables show) against the
    number of elements, float64, one line per function and reference. Returns ``{title: figure}``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    dtype = report["targets"]["dtype"]
    limit = report["targets"]["max_ratio_to_reference"]
    grouped = set().union(*GROUPS.values())
    missing = sorted({r["function"] for r in report["results"]} - grouped)
    if missing:
        raise ValueError(f"benchmark_page.GROUPS does not place {missing} in a figure")
    out = {}
    styles = ("o-", "s--", "^-.", "D:", "v-", "P--", "X-.", "*:")
    for title, functions in GROUPS.items():
        cases = list(dict.fromkeys(r["case"] for r in report["results"] if r["function"] in functions))
        if not cases:
            continue
        fig, ax = plt.subplots(figsize=(7.2, 4.2), layout="constrained")
        for style, case in zip(styles, cases):
            series = sorted((r for r in report["results"] if r["case"] == case and r["dtype"] == dtype),
                            key=lambda r: r["elements"])
            ax.loglog([r["elements"] for r in series], [time_ratio(r) for r in series], style, lw=1.8,
                      ms=6, label=f"{series[0]['function']} / {series[0]['reference']}")
        ax.axhline(limit, color="0.4", lw=1, zorder=0)
        ax.annotate("equal time", (0.01, limit), xycoords=("axes fraction", "data"), xytext=(0, 3),
                    textcoords="offset points", fontsize=9, color="0.3")
        ax.set(xlabel=f"elements ({dtype})", ylabel="ours' time / reference's time",
               title=f"{title}: time relative to the reference")
        ax.title.set_fontsize(11)
        ax.xaxis.label.set_fontsize(10)
        ax.yaxis.label.set_fontsize(10)
        ax.tick_params(labelsize=9, which="both")
        ax.legend(fontsize=8, loc="best")
        out[title] = fig
    return out


def draw_figures(report, directory):
    """Write the figures as PNG files into `directory`; return their paths, in the order of GROUPS."""
    import matplotlib.pyplot as plt

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for title, fig in figures(report).items():
        path = directory / f"benchmark_{_slug(title)}.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        paths.append(path)
    return paths


class Plot(_BenchmarkDirective):
    def run(self):
        report = self.report()
        directory = Path(self.env.srcdir) / FIGURES
        stamp = directory / "drawn-from-results"  # newer than the JSON and this code once the figures are drawn
        if not stamp.exists() or stamp.stat().st_mtime < max(RESULTS.stat().st_mtime, Path(__file__).stat().st_mtime):
            draw_figures(report, directory)
            stamp.write_text("", encoding="utf-8")
        docdir = Path(self.env.doc2path(self.env.docname)).parent
        result = []
        for title, functions in GROUPS.items():
            path = directory / f"benchmark_{_slug(title)}.png"
            if not path.exists():
                continue
            uri = path.relative_to(Path(self.env.srcdir)) if docdir == Path(self.env.srcdir) else \
                path.relative_to(docdir)
            image = nodes.image(uri=uri.as_posix(), alt=f"{title}: log-log plot of ours' time divided by the "
                                f"reference's against the number of elements, one line per function and reference "
                                f"({', '.join(functions)}), with a line at equal time.")
            figure = nodes.figure("", image, classes=["benchmark-figure"])
            figure += nodes.caption(text=title)
            result.append(figure)
        return result


def setup(app):
    app.add_directive("benchmark-overview", Overview)
    app.add_directive("benchmark-highlights", Highlights)
    app.add_directive("benchmark-targets", Targets)
    app.add_directive("benchmark-table", FullTable)
    app.add_directive("benchmark-validation", Validation)
    app.add_directive("benchmark-environment", Environment)
    app.add_directive("benchmark-plot", Plot)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

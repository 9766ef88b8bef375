"""Timing, memory and machine description for the benchmark run. Nothing here is imported by the tests' timed
paths: the tests never time anything."""

import gc
import math
import os
import platform
import statistics
import time
import tracemalloc
from importlib import metadata

import numpy as np

# A sample times enough consecutive calls to last this long, so that a 10-microsecond call is not lost in the
# timer's resolution and the loop's overhead.
MIN_SAMPLE_SECONDS = 2e-3


def time_interleaved(callables, *, budget, min_repeats=3, max_repeats=25):
    """Median seconds per call of each callable, sampled round-robin in one process.

    Every round times each callable once, in an order rotated from round to round, so that a burst of load on
    the machine or a drift of the clock touches all of them alike. Each sample follows one untimed call of the
    same callable, so that what the callable before it left behind is not charged to it: memory it freed, which
    the next large allocation must fault in again, and a cache full of its data (after scipy.special.softmax,
    the first np.exp of 10^6 elements takes twice as long as the next). The number of rounds fits `budget` seconds,
    within [min_repeats, max_repeats]. Returns ``({name: median seconds}, rounds, {name: seconds per round})``.
    """
    names = list(callables)
    single = {}
    for name in names:  # warm-up call: first-touch page faults, lazy imports and caches are not timed
        start = time.perf_counter()
        callables[name]()
        single[name] = max(time.perf_counter() - start, 1e-7)
    for name in names:  # a second warm-up call, timed, as the estimate for the sample size
        start = time.perf_counter()
        callables[name]()
        single[name] = max(min(single[name], time.perf_counter() - start), 1e-7)
    number = {name: max(1, math.ceil(MIN_SAMPLE_SECONDS / single[name])) for name in names}
    per_round = sum((number[name] + 1) * single[name] for name in names)
    rounds = int(min(max_repeats, max(min_repeats, budget // per_round)))
    samples = {name: [] for name in names}
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for r in range(rounds):
            for name in names[r % len(names):] + names[:r % len(names)]:
                function, count = callables[name], number[name]
                function()  # untimed: the state the previous callable left is not this one's cost
                start = time.perf_counter()
                for _ in range(count):
                    function()
                samples[name].append((time.perf_counter() - start) / count)
    finally:
        if gc_was_enabled:
            gc.enable()
    return {name: statistics.median(values) for name, values in samples.items()}, rounds, samples


def ratio_quartiles(samples, numerator, denominator):
    """The lower and upper quartiles of the ratio of two callables' times, taken round by round.

    Both were timed in the same round, a moment apart, so their ratio cancels most of the load that hits a round
    as a whole; the spread of these ratios is how far one run can be trusted to tell two times apart.
    """
    ratios = [a / b for a, b in zip(samples[numerator], samples[denominator])]
    if len(ratios) < 2:
        return [ratios[0], ratios[0]]
    q1, _, q3 = statistics.quantiles(ratios, n=4, method="inclusive")
    return [q1, q3]


def peak_extra_bytes(function):
    """Peak bytes that NumPy (and Python) allocate during one call, above what was allocated before it.

    tracemalloc sees NumPy's data buffers, so the result counts every temporary array and the returned one.
    PyTorch allocates outside tracemalloc's view; its references report None instead (see `measure_case`).
    """
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        result = function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return max(0, peak - before)


def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib():
    try:
        with open("/proc/meminfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def _cache_sizes():
    sizes = {}
    base = "/sys/devices/system/cpu/cpu0/cache"
    try:
        for index in sorted(os.listdir(base)):
            path = os.path.join(base, index)
            with open(os.path.join(path, "level"), encoding="utf-8") as f:
                level = f.read().strip()
            with open(os.path.join(path, "type"), encoding="utf-8") as f:
                kind = f.read().strip()
            with open(os.path.join(path, "size"), encoding="utf-8") as f:
                size = f.read().strip()
            if kind != "Instruction":
                sizes[f"L{level}"] = size
    except OSError:
        pass
    return sizes


def describe_machine():
    """CPU, cores, memory, caches and the operating system."""
    return {
        "cpu": _cpu_model(),
        "logical_cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "caches": _cache_sizes(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


VERSIONED = ("numpy", "scipy", "scikit-learn", "torch", "threadpoolctl")


def describe_software():
    """Library versions, the BLAS libraries threadpoolctl finds (with their kernel and threads), PyTorch's
    threads, and the OPENBLAS_* variables this process sees."""
    import scipy.linalg  # noqa: F401  (threadpoolctl only sees libraries that are loaded)
    import sklearn  # noqa: F401
    import threadpoolctl
    import torch

    versions = {}
    for name in VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    blas = [{
        "user_api": info.get("user_api"),
        "internal_api": info.get("internal_api"),
        "version": info.get("version"),
        "architecture": info.get("architecture"),
        "threading_layer": info.get("threading_layer"),
        "num_threads": info.get("num_threads"),
        "library": os.path.basename(info.get("filepath", "")),
    } for info in threadpoolctl.threadpool_info()]
    return {
        "versions": versions,
        "threadpools": blas,
        "torch_threads": torch.get_num_threads(),
        "openblas_environment": {name: os.environ.get(name) for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
    }


def load_average():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def floors_for(case, main):
    """The floor callables for a case: a copy always, and its transcendental pass when it has one."""
    floors = {"copy": lambda: np.copy(main)}
    if case.floor == "exp":
        floors["exp"] = lambda: np.exp(main)
    elif case.floor == "log":
        floors["log"] = lambda: np.log(main)
    return floors

"""Tests of mlequations.diffusion: linear_beta_schedule, cosine_beta_schedule, alpha_bar, forward_diffusion."""

import math

import mpmath
import numpy as np
import pytest
import scipy.stats
import torch
from hypothesis import given
from hypothesis import strategies as st

from mlequations import alpha_bar, cosine_beta_schedule, forward_diffusion, linear_beta_schedule

from .strategies import beta_schedules, real_vectors

unit_interval = st.floats(0.0, 1.0)


@mpmath.workdps(40)
def _cosine_alpha_bar_by_hand(num_steps, s=0.008):
    """Nichol and Dhariwal's f(t) / f(0) in 40-digit arithmetic, on the float64 value of `s`.

    Python floats would not do as a reference: near t = T the cosine is taken close to its zero at pi / 2, where
    its relative error grows (1.2e-12 at T = 4000, against 5e-15 for the schedule).
    """
    s = mpmath.mpf(s)
    f = [mpmath.cos((mpmath.mpf(t) / num_steps + s) / (1 + s) * mpmath.pi / 2) ** 2 for t in range(num_steps + 1)]
    return [float(v / f[0]) for v in f[1:]]


# -- closed forms --------------------------------------------------------------------------------------------------

def test_linear_schedule_has_the_ddpm_defaults():
    betas = linear_beta_schedule()
    assert betas.shape == (1000,) and betas.dtype == np.float64
    assert betas[0] == 1e-4 and betas[-1] == 0.02
    np.testing.assert_allclose(np.diff(betas), (0.02 - 1e-4) / 999, rtol=1e-9)


def test_linear_schedule_of_one_step_is_beta_start():
    assert linear_beta_schedule(1, beta_start=0.3, beta_end=0.7).tolist() == [0.3]


def test_cosine_schedule_without_offset_for_two_steps():
    # alpha_bar_1 = cos^2(pi / 4) = 1/2, alpha_bar_2 = cos^2(pi / 2) = 0: beta = 1/2 and 1, the last clipped.
    np.testing.assert_allclose(cosine_beta_schedule(2, offset=0.0), [0.5, 0.999], rtol=1e-15)
    np.testing.assert_allclose(cosine_beta_schedule(2, offset=0.0, max_beta=0.9), [0.5, 0.9], rtol=1e-15)


@pytest.mark.parametrize("num_steps", [1, 10, 1000, 4000])
def test_cosine_schedule_reproduces_its_alpha_bar_except_the_clipped_last_step(num_steps):
    betas = cosine_beta_schedule(num_steps)
    expected = _cosine_alpha_bar_by_hand(num_steps)
    np.testing.assert_allclose(alpha_bar(betas)[:-1], expected[:-1], rtol=1e-13)
    assert betas[-1] == 0.999 and np.all(betas[:-1] < 0.999) and np.all(betas > 0)


def test_alpha_bar_by_hand():
    np.testing.assert_allclose(alpha_bar([0.1, 0.2, 0.5]), [0.9, 0.72, 0.36], rtol=1e-15)
    assert alpha_bar([1.0, 0.5]).tolist() == [0.0, 0.0]


def test_forward_diffusion_by_hand():
    assert forward_diffusion(1.0, 0.9, noise=0.0) == pytest.approx(math.sqrt(0.9), rel=1e-15)
    assert forward_diffusion(0.0, 0.9, noise=1.0) == pytest.approx(math.sqrt(0.1), rel=1e-15)
    assert forward_diffusion(3.0, 0.64, noise=-2.0) == pytest.approx(0.8 * 3.0 - 0.6 * 2.0, rel=1e-15)
    assert type(forward_diffusion(1.0, 0.5, noise=0.0)) is float


def test_forward_diffusion_per_sample_alpha_bar_acts_along_the_first_axis():
    x0 = np.ones((2, 3, 4))
    noise = np.zeros_like(x0)
    out = forward_diffusion(x0, [0.25, 1.0], noise=noise)
    np.testing.assert_array_equal(out[0], np.full((3, 4), 0.5))
    np.testing.assert_array_equal(out[1], np.ones((3, 4)))


# -- agreement with PyTorch ---------------------------------------------------------------------------------------

def test_schedules_and_alpha_bar_agree_with_torch():
    betas = linear_beta_schedule(1000)
    reference = torch.linspace(1e-4, 0.02, 1000, dtype=torch.float64)
    np.testing.assert_allclose(betas, reference.numpy(), rtol=1e-12, atol=0)
    for schedule in (betas, cosine_beta_schedule(1000)):
        expected = torch.cumprod(1 - torch.from_numpy(schedule), dim=0).numpy()
        np.testing.assert_allclose(alpha_bar(schedule), expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-12), (np.float32, 1e-6)])
def test_forward_diffusion_agrees_with_torch(dtype, rtol):
    rng = np.random.default_rng(20261124)
    x0 = rng.standard_normal((8, 3, 5)).astype(dtype)
    noise = rng.standard_normal(x0.shape).astype(dtype)
    abar = rng.uniform(0, 1, size=8).astype(dtype)
    ours = forward_diffusion(x0, abar, noise=noise)
    a = torch.from_numpy(abar)[:, None, None]
    expected = (torch.sqrt(a) * torch.from_numpy(x0) + torch.sqrt(1 - a) * torch.from_numpy(noise)).numpy()
    assert ours.dtype == dtype
    np.testing.assert_allclose(ours, expected, rtol=rtol, atol=10 * np.finfo(dtype).eps)


# -- t single steps compose to the closed form ----------------------------------------------------------------------

@pytest.mark.parametrize("schedule", [linear_beta_schedule(1000), cosine_beta_schedule(1000)],
                         ids=["linear", "cosine"])
def test_single_steps_have_the_closed_form_mean_and_variance(schedule):
    # Exact recursion for x_t given x0: mean_t = sqrt(1 - beta_t) mean_{t-1}, var_t = (1 - beta_t) var_{t-1} + beta_t.
    x0 = 1.7
    mean, var = x0, 0.0
    means, variances = [], []
    for beta in schedule:
        mean = forward_diffusion(mean, 1 - beta, noise=0.0)   # one step, with no noise, is the mean's update
        var = (1 - beta) * var + beta
        means.append(mean)
        variances.append(var)
    abar = alpha_bar(schedule)
    np.testing.assert_allclose(means, np.sqrt(abar) * x0, rtol=1e-12)
    np.testing.assert_allclose(variances, 1 - abar, rtol=1e-12)


def test_single_steps_match_one_jump_in_distribution_monte_carlo():
    # 20 000 chains of 50 single steps against the closed form: seeded, so the verdict is the same on every run.
    rng = np.random.default_rng(20261124)
    betas = linear_beta_schedule(50, beta_start=1e-3, beta_end=0.05)
    x0 = np.full(20_000, 2.0)
    x = x0
    for beta in betas:
        x = forward_diffusion(x, 1 - beta, noise=rng.standard_normal(x.shape))
    abar = alpha_bar(betas)[-1]
    mean, std = math.sqrt(abar) * 2.0, math.sqrt(1 - abar)
    standard_error = std / math.sqrt(x.size)
    assert abs(x.mean() - mean) < 4 * standard_error
    assert x.std() == pytest.approx(std, rel=0.02)  # the standard error of a sample std is std / sqrt(2n), 0.5 %
    assert scipy.stats.kstest(x, "norm", args=(mean, std)).pvalue > 0.01
    jumped = forward_diffusion(x0, abar, noise=rng.standard_normal(x0.shape))
    assert scipy.stats.ks_2samp(x, jumped).pvalue > 0.01


# -- properties ------------------------------------------------------------------------------------------------------

@given(beta_schedules())
def test_alpha_bar_is_strictly_decreasing_inside_the_unit_interval(betas):
    abar = alpha_bar(betas)
    assert np.all(abar > 0) and np.all(abar < 1)
    assert np.all(np.diff(abar) < 0)
    assert abar[0] == 1 - betas[0]


@given(real_vectors(), unit_interval)
def test_forward_diffusion_without_noise_scales_by_sqrt_alpha_bar(x0, abar):
    np.testing.assert_allclose(forward_diffusion(x0, abar, noise=np.zeros_like(x0)), math.sqrt(abar) * x0,
                               rtol=1e-15, atol=0)


@given(real_vectors(), real_vectors())
def test_forward_diffusion_endpoints(x0, noise):
    noise = np.resize(noise, x0.shape)
    np.testing.assert_array_equal(forward_diffusion(x0, 1.0, noise=noise), x0)
    np.testing.assert_array_equal(forward_diffusion(x0, 0.0, noise=noise), noise)


@given(unit_interval)
def test_unit_variance_data_keeps_unit_variance(abar):
    # For independent x0 and noise of unit variance: Var(x_t) = abar + (1 - abar) = 1. Exact here because the seeded
    # samples are made exactly orthogonal, centred and of unit variance.
    rng = np.random.default_rng(3)
    q, _ = np.linalg.qr(np.column_stack([np.ones(1000), rng.standard_normal((1000, 2))]))
    x0, noise = q[:, 1] * math.sqrt(1000), q[:, 2] * math.sqrt(1000)
    assert np.var(forward_diffusion(x0, abar, noise=noise)) == pytest.approx(1.0, rel=1e-12)


@given(st.integers(1, 3000), st.floats(1e-6, 1.0), st.floats(1e-6, 1.0))
def test_linear_schedule_is_evenly_spaced_between_its_ends(num_steps, start, end):
    betas = linear_beta_schedule(num_steps, beta_start=start, beta_end=end)
    assert betas.shape == (num_steps,) and betas[0] == start
    if num_steps > 1:
        assert betas[-1] == end
        np.testing.assert_allclose(np.diff(betas), (end - start) / (num_steps - 1), rtol=1e-6, atol=1e-15)


# -- extremes and dtypes -------------------------------------------------------------------------------------------

def test_alpha_bar_underflows_to_zero_without_warnings_or_nan():
    abar = alpha_bar(np.full(2000, 0.5))
    assert abar[-1] == 0.0 and np.all(np.isfinite(abar)) and np.all(np.diff(abar) <= 0)


def test_huge_data_stays_finite():
    out = forward_diffusion([1e300, -1e300], 0.5, noise=[1e300, 1e300])
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out, [math.sqrt(0.5) * 2e300, 0.0], atol=1e285)


def test_float32_stays_float32_and_integers_become_float64():
    x32 = np.ones(4, dtype=np.float32)
    assert forward_diffusion(x32, 0.5, noise=x32).dtype == np.float32
    assert forward_diffusion(x32, np.float64(0.5), noise=x32).dtype == np.float32
    assert forward_diffusion(x32, 0.5, noise=np.ones(4)).dtype == np.float64
    assert forward_diffusion([1, 2], 0.5, noise=[0, 0]).dtype == np.float64
    assert alpha_bar(np.array([0.1, 0.2], dtype=np.float32)).dtype == np.float32


def test_input_is_not_modified():
    x0, noise, abar = np.ones((2, 3)), np.ones((2, 3)), np.array([0.3, 0.6])
    forward_diffusion(x0, abar, noise=noise)
    betas = np.array([0.1, 0.2])
    alpha_bar(betas)
    assert x0.tolist() == np.ones((2, 3)).tolist() and abar.tolist() == [0.3, 0.6] and betas.tolist() == [0.1, 0.2]


# -- bad input -------------------------------------------------------------------------------------------------------

BAD_INPUT = [
    # (function, args, kwargs, exception, message fragment)
    (linear_beta_schedule, (0,), {}, ValueError, r"'num_steps' parameter of linear_beta_schedule must be an "
                                                 r"integer >= 1"),
    (linear_beta_schedule, (10.0,), {}, TypeError, r"'num_steps' parameter of linear_beta_schedule must be an "
                                                   r"integer"),
    (linear_beta_schedule, (True,), {}, TypeError, r"'num_steps' parameter of linear_beta_schedule"),
    (linear_beta_schedule, (10,), dict(beta_start=0.0), ValueError, r"'beta_start' parameter of "
                                                                    r"linear_beta_schedule must be in \(0, 1\]"),
    (linear_beta_schedule, (10,), dict(beta_end=1.5), ValueError, r"'beta_end' parameter of linear_beta_schedule "
                                                                  r"must be in \(0, 1\]"),
    (linear_beta_schedule, (10,), dict(beta_end=np.nan), ValueError, r"'beta_end' parameter of "
                                                                     r"linear_beta_schedule must be a number"),
    (linear_beta_schedule, (10,), dict(beta_start="0.1"), TypeError, r"'beta_start' parameter of "
                                                                     r"linear_beta_schedule must be a real number"),
    (cosine_beta_schedule, (0,), {}, ValueError, r"'num_steps' parameter of cosine_beta_schedule"),
    (cosine_beta_schedule, (10,), dict(offset=-0.1), ValueError, r"'offset' parameter of cosine_beta_schedule "
                                                                 r"must be in \[0, inf\)"),
    (cosine_beta_schedule, (10,), dict(offset=np.inf), ValueError, r"'offset' parameter of cosine_beta_schedule"),
    (cosine_beta_schedule, (10,), dict(max_beta=0.0), ValueError, r"'max_beta' parameter of cosine_beta_schedule "
                                                                  r"must be in \(0, 1\]"),
    (cosine_beta_schedule, (10,), dict(max_beta=None), TypeError, r"'max_beta' parameter of cosine_beta_schedule"),
    (alpha_bar, (0.1,), {}, ValueError, r"'betas' parameter of alpha_bar must be an array with at least 1"),
    (alpha_bar, ([],), {}, ValueError, r"'betas' parameter of alpha_bar must be a non-empty array"),
    (alpha_bar, ([[0.1, 0.2]],), {}, ValueError, r"'betas' parameter of alpha_bar must be a 1-d array \(T,\)"),
    (alpha_bar, ([0.0, 0.1],), {}, ValueError, r"'betas' parameter of alpha_bar must be in \(0, 1\]"),
    (alpha_bar, ([0.5, 1.5],), {}, ValueError, r"'betas' parameter of alpha_bar must be in \(0, 1\]"),
    (alpha_bar, ([np.nan],), {}, ValueError, r"'betas' parameter of alpha_bar must be finite"),
    (alpha_bar, ([True],), {}, TypeError, r"'betas' parameter of alpha_bar .* not booleans"),
    (forward_diffusion, ([1.0, 2.0], 0.5), dict(noise=[0.0]), ValueError,
     r"'x0' and 'noise' parameters of forward_diffusion must have the same shape. Got \(2,\) and \(1,\)"),
    (forward_diffusion, ([1.0], 1.5), dict(noise=[0.0]), ValueError, r"'alpha_bar_t' parameter of "
                                                                     r"forward_diffusion must be in \[0, 1\]"),
    (forward_diffusion, ([1.0], -0.1), dict(noise=[0.0]), ValueError, r"'alpha_bar_t' parameter of "
                                                                      r"forward_diffusion must be in \[0, 1\]"),
    (forward_diffusion, (np.ones((3, 2)), [0.1, 0.2]), dict(noise=np.ones((3, 2))), ValueError,
     r"'alpha_bar_t' and 'x0' parameters of forward_diffusion must fit together.*Got shapes \(2,\) and \(3, 2\)"),
    (forward_diffusion, (1.0, [0.5]), dict(noise=0.0), ValueError, r"'alpha_bar_t' and 'x0' parameters"),
    (forward_diffusion, ([1.0], 0.5), dict(noise=[np.nan]), ValueError, r"'noise' parameter of forward_diffusion "
                                                                        r"must be finite"),
    (forward_diffusion, ([True], 0.5), dict(noise=[0.0]), TypeError, r"'x0' parameter of forward_diffusion .* not "
                                                                     r"booleans"),
    (forward_diffusion, ([1.0], "0.5"), dict(noise=[0.0]), TypeError, r"'alpha_bar_t' parameter of "
                                                                      r"forward_diffusion must be an array of real"),
]


@pytest.mark.parametrize("function, args, kwargs, exception, match", BAD_INPUT,
                         ids=[f"{row[0].__name__}-{i}" for i, row in enumerate(BAD_INPUT)])
def test_bad_input(function, args, kwargs, exception, match):
    with pytest.raises(exception, match=match):
        function(*args, **kwargs)


# -- the equation functions --------------------------------------------------------------------------------------
# tests/test_contract.py runs each equation function from the text of its chapter page against the public function:
# EQUATION_CALLS maps a call of the public function onto the equation functions of the page (`ns`); RANDOM_CALLS
# makes a seeded input of about `size` steps or samples. Diffusion has no kernels: every public function is its
# checks and its equation function.

def _per_sample(alpha_bar_t, x0):
    """alpha_bar_t as the public function hands it to the equation: one value, or one per sample (first axis)."""
    a = np.asarray(alpha_bar_t, dtype=float)
    return a.reshape(a.shape + (1,) * (np.ndim(x0) - 1)) if a.ndim else a


EQUATION_CALLS = {
    "linear_beta_schedule": lambda ns, num_steps=1000, beta_start=1e-4, beta_end=0.02: ns[
        "_linear_beta_schedule_equation"](num_steps, beta_start, beta_end),
    "cosine_beta_schedule": lambda ns, num_steps=1000, offset=0.008, max_beta=0.999: ns[
        "_cosine_beta_schedule_equation"](num_steps, offset, max_beta),
    "alpha_bar": lambda ns, betas: ns["_alpha_bar_equation"](np.asarray(betas, dtype=float)),
    "forward_diffusion": lambda ns, x0, alpha_bar_t, noise: ns["_forward_diffusion_equation"](
        np.asarray(x0, dtype=float), _per_sample(alpha_bar_t, x0), np.asarray(noise, dtype=float)),
}
RANDOM_CALLS = {
    "linear_beta_schedule": lambda rng, size: (
        (size,), {"beta_start": float(rng.uniform(1e-5, 1e-3)), "beta_end": float(rng.uniform(0.01, 0.05))}),
    "cosine_beta_schedule": lambda rng, size: (
        (size,), {"offset": float(rng.uniform(0.0, 0.1)), "max_beta": float(rng.uniform(0.5, 1.0))}),
    "alpha_bar": lambda rng, size: ((rng.uniform(1e-4, 0.05, size),), {}),
    "forward_diffusion": lambda rng, size: (
        (rng.standard_normal((size, 4)), rng.uniform(0.0, 1.0, size)), {"noise": rng.standard_normal((size, 4))}),
}


@pytest.mark.parametrize("name, args, kwargs", [
    ("linear_beta_schedule", (5,), {}), ("cosine_beta_schedule", (5,), {}), ("alpha_bar", ([0.1, 0.2],), {}),
    ("forward_diffusion", ([1.0, 2.0], 0.5), {"noise": [0.0, 1.0]}),
])
def test_every_public_function_runs_its_equation_function(name, args, kwargs, monkeypatch):
    import mlequations.diffusion as module
    calls = []
    original = getattr(module, f"_{name}_equation")
    monkeypatch.setattr(module, f"_{name}_equation", lambda *a: calls.append(name) or original(*a))
    getattr(module, name)(*args, **kwargs)
    assert calls == [name]


# -- claims of the chapter's prose and the docstrings (issue 16) ----------------------------------------------------

@pytest.mark.parametrize("dtype, half_spacing", [(np.float64, 2.0**-54), (np.float32, 2.0**-25)])
def test_a_factor_rounds_to_one_exactly_up_to_half_the_spacing_below_one(dtype, half_spacing):
    """alpha_bar's Returns: 1 - beta rounds to 1.0 when beta is at most half the spacing of the floats just below 1
    (a tie rounds to the even 1.0), and not above it; a run of such steps from the start stays at 1.0."""
    assert np.finfo(dtype).epsneg == 2 * half_spacing  # the spacing just below 1
    at, above = alpha_bar(np.array([half_spacing] * 3, dtype)), alpha_bar(np.array([2 * half_spacing], dtype))
    assert at.tolist() == [1.0, 1.0, 1.0]
    assert above[0] < 1


@given(beta_schedules())
def test_minus_log_alpha_bar_exceeds_the_sum_of_betas_by_at_most_the_second_order_bound(betas):
    """The derivation of the linear schedule: 0 <= -log(alpha-bar_t) - sum beta_s <= sum beta_s^2 / (2 (1 - beta_s)),
    for any schedule with every beta < 1 (checked in exact arithmetic with mpmath, so rounding cannot blur it)."""
    with mpmath.workdps(50):
        log_abar, total, bound = mpmath.mpf(0), mpmath.mpf(0), mpmath.mpf(0)
        for beta in betas.tolist():
            b = mpmath.mpf(beta)
            log_abar += mpmath.log1p(-b)
            total += b
            bound += b**2 / (2 * (1 - b))
            assert 0 <= -log_abar - total <= bound


def test_the_linear_schedule_sums_are_those_of_an_arithmetic_sequence():
    """The derivation of the linear schedule: sum_{s<=t} beta_s = t beta_1 + t (t - 1) / (2 (T - 1)) (beta_T - beta_1),
    and exp(-sum) first falls below 1/2 at the same step as alpha-bar."""
    betas = linear_beta_schedule(1000)
    t = np.arange(1, 1001)
    closed = t * 1e-4 + t * (t - 1) / (2 * 999) * (0.02 - 1e-4)
    np.testing.assert_allclose(np.cumsum(betas), closed, rtol=1e-13, atol=0)
    sums = np.cumsum(betas)
    assert np.argmax(np.exp(-sums) < 0.5) == np.argmax(alpha_bar(betas) < 0.5)


@given(beta_schedules(min_size=2))
def test_alpha_and_alpha_bar_are_equal_at_the_first_step_only(betas):
    """The chapter: alpha_t = alpha-bar_t at t = 1, and for t >= 2 they differ unless beta_t = 1 (not in this
    strategy, which keeps every beta below 1)."""
    abar = alpha_bar(betas)
    assert abar[0] == 1 - betas[0]
    assert np.all(abar[1:] < 1 - betas[1:])

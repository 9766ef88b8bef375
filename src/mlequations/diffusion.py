"""Noise schedules and the forward (noising) process of denoising diffusion models.

A schedule gives the variance :math:`\\beta_t` of the noise added at each step; the cumulative product
:math:`\\bar\\alpha_t` of :math:`1 - \\beta_s` says how much of the data is left after :math:`t` steps, and the
forward process jumps there in one draw.
"""

import numpy as np

from ._validation import (
    as_float_array,
    as_result,
    check_finite_result,
    check_in_interval,
    check_integer,
    check_layout,
    check_scalar_in_interval,
    fail_pair,
    fits_in_memory,
)

__all__ = ["alpha_bar", "cosine_beta_schedule", "forward_diffusion", "linear_beta_schedule"]


# -- the equations -------------------------------------------------------------------------------------------------

def _linear_beta_schedule_equation(T, beta_1, beta_T):
    """beta_t = beta_1 + (t - 1) / (T - 1) (beta_T - beta_1), t = 1, ..., T: evenly spaced.

    np.linspace computes that, ends on beta_T exactly, and gives beta_1 alone for T = 1.
    """
    return np.linspace(beta_1, beta_T, T)


def _cosine_beta_schedule_equation(T, s, max_beta):
    """beta_t = min(1 - f(t) / f(t - 1), max_beta), f(t) = cos^2((t / T + s) / (1 + s) pi / 2).

    With a_t = (pi / 2) (1 - t / T) / (1 + s): f(t) = sin^2(a_t), a_{t-1} - a_t = delta for
    every t, and sin^2 x - sin^2 y = sin(x - y) sin(x + y) give
    1 - f(t) / f(t - 1) = sin(delta) sin(a_{t-1} + a_t) / sin^2(a_{t-1}).
    No difference of nearly equal numbers is formed, so every beta keeps its digits, for any s
    (the cos^2 form rounds (t / T + s) / (1 + s) to 1 for every t once s nears 1e16).
    """
    delta = (np.pi / 2) / T / (1 + s)
    j = np.arange(T, 0, -1)  # j = T - t + 1, so that a_t = (j - 1) delta and a_{t-1} = j delta
    beta = np.sin(delta) * np.sin((2 * j - 1) * delta) / np.sin(j * delta) ** 2
    return np.minimum(beta, max_beta)


def _alpha_bar_equation(beta):
    """alpha-bar_t = prod_{s=1}^{t} (1 - beta_s), t = 1, ..., T: the cumulative product."""
    return np.cumprod(1 - beta)


def _forward_diffusion_equation(x0, alpha_bar_t, epsilon):
    """x_t = sqrt(alpha-bar_t) x_0 + sqrt(1 - alpha-bar_t) epsilon, epsilon ~ N(0, I)."""
    return np.sqrt(alpha_bar_t) * x0 + np.sqrt(1 - alpha_bar_t) * epsilon


# -- the checks ----------------------------------------------------------------------------------------------------

def _check_linear_beta_schedule(num_steps, beta_start, beta_end):
    """The checked (T, beta_1, beta_T): T at least 1, both betas in (0, 1]."""
    caller = "linear_beta_schedule"
    num_steps = check_integer(num_steps, name="num_steps", caller=caller, low=1)
    beta_start = check_scalar_in_interval(beta_start, name="beta_start", caller=caller, low=0, high=1,
                                          low_open=True)
    beta_end = check_scalar_in_interval(beta_end, name="beta_end", caller=caller, low=0, high=1, low_open=True)
    return num_steps, beta_start, beta_end


def _check_cosine_beta_schedule(num_steps, offset, max_beta):
    """The checked (T, s, max_beta): T at least 1, s finite and at least 0, max_beta in (0, 1]."""
    caller = "cosine_beta_schedule"
    num_steps = check_integer(num_steps, name="num_steps", caller=caller, low=1)
    offset = check_scalar_in_interval(offset, name="offset", caller=caller, low=0, high=np.inf, high_open=True)
    max_beta = check_scalar_in_interval(max_beta, name="max_beta", caller=caller, low=0, high=1, low_open=True)
    return num_steps, offset, max_beta


def _check_alpha_bar(betas):
    """The checked betas: a finite 1-d array, each in (0, 1]."""
    betas = as_float_array(betas, name="betas", caller="alpha_bar", min_ndim=1)
    check_layout(betas, 1, name="betas", caller="alpha_bar", layout="(T,) with one variance per step")
    check_in_interval(betas, name="betas", caller="alpha_bar", low=0, high=1, low_open=True,
                      hint="Each beta is the variance of one step's noise.")
    return betas


def _check_forward_diffusion(x0, alpha_bar_t, noise):
    """The checked (x0, alpha_bar_t, noise): finite arrays of one shape, and alpha_bar_t in [0, 1], one value or
    one per sample, shaped to broadcast over each sample and in the result's dtype (float32 data stays float32)."""
    caller = "forward_diffusion"
    x0 = as_float_array(x0, name="x0", caller=caller)
    noise = as_float_array(noise, name="noise", caller=caller)
    if noise.shape != x0.shape:
        fail_pair("x0", "noise", caller, "have the same shape", f"{x0.shape} and {noise.shape}",
                  hint="Draw the noise with the shape of the data, e.g. rng.standard_normal(x0.shape).")
    abar = as_float_array(alpha_bar_t, name="alpha_bar_t", caller=caller)
    check_in_interval(abar, name="alpha_bar_t", caller=caller, low=0, high=1)
    if abar.ndim > 0:
        if x0.ndim == 0 or abar.shape != x0.shape[:1]:
            fail_pair("alpha_bar_t", "x0", caller,
                      "fit together: alpha_bar_t is a scalar or has shape (x0.shape[0],), one value per sample",
                      f"shapes {abar.shape} and {x0.shape}")
        abar = abar.reshape(abar.shape + (1,) * (x0.ndim - 1))
    return x0, abar.astype(np.result_type(x0, noise)), noise


# -- the public functions ------------------------------------------------------------------------------------------


def linear_beta_schedule(num_steps=1000, *, beta_start=1e-4, beta_end=0.02):
    r"""The linear noise schedule of DDPM: variances rising evenly from `beta_start` to `beta_end`.

    Step :math:`t` of the forward process adds Gaussian noise of variance :math:`\beta_t`. Ho et al. chose
    :math:`T = 1000` steps with :math:`\beta` rising linearly from :math:`10^{-4}` to :math:`0.02`: small steps at
    first, while the data still carries structure, larger ones once it is mostly noise.

    .. math::

        \beta_t = \beta_1 + \frac{t - 1}{T - 1} (\beta_T - \beta_1), \qquad t = 1, \dots, T

    Parameters
    ----------
    num_steps : int, default=1000
        The number of diffusion steps :math:`T`, at least 1.
    beta_start : float, default=1e-4
        :math:`\beta_1`, the variance of the first step, in (0, 1].
    beta_end : float, default=0.02
        :math:`\beta_T`, the variance of the last step, in (0, 1].

    Returns
    -------
    betas : ndarray of shape (num_steps,)
        float64; ``betas[t - 1]`` is :math:`\beta_t`. With one step, the single entry is `beta_start`.

    Raises
    ------
    ValueError
        If `num_steps` is below 1, or `beta_start` or `beta_end` is not in (0, 1].
    TypeError
        If `num_steps` is not an integer, or `beta_start` or `beta_end` is not a real number.

    See Also
    --------
    cosine_beta_schedule : A schedule that destroys the signal more gradually.
    alpha_bar : The fraction of the signal's variance left after each step.

    References
    ----------
    .. [1] J. Ho, A. Jain and P. Abbeel, "Denoising Diffusion Probabilistic Models", NeurIPS 2020, Section 4.
       https://doi.org/10.48550/arXiv.2006.11239

    Examples
    --------
    >>> from mlequations import linear_beta_schedule
    >>> linear_beta_schedule(5, beta_start=0.1, beta_end=0.5).round(10).tolist()
    [0.1, 0.2, 0.3, 0.4, 0.5]

    The DDPM defaults: a thousand steps from 1e-4 to 0.02.

    >>> betas = linear_beta_schedule()
    >>> betas.shape, float(betas[0]), float(betas[-1])
    ((1000,), 0.0001, 0.02)
    """
    num_steps, beta_start, beta_end = _check_linear_beta_schedule(num_steps, beta_start, beta_end)
    with fits_in_memory(num_steps, name="num_steps", caller="linear_beta_schedule"):
        return _linear_beta_schedule_equation(num_steps, beta_start, beta_end)


def cosine_beta_schedule(num_steps=1000, *, offset=0.008, max_beta=0.999):
    r"""The cosine noise schedule of improved DDPM, defined through :math:`\bar\alpha_t`.

    Nichol and Dhariwal prescribe the fraction of signal variance left, :math:`\bar\alpha_t`, as a squared
    cosine of the time :math:`t/T`: it falls slowly at both ends and almost linearly in the middle, so fewer steps
    are wasted on images that are already pure noise. The variances follow from consecutive ratios.

    .. math::

        \bar\alpha_t = \frac{f(t)}{f(0)}, \quad
        f(t) = \cos^2\!\left(\frac{t / T + s}{1 + s} \cdot \frac{\pi}{2}\right), \quad
        \beta_t = \min\!\left(1 - \frac{\bar\alpha_t}{\bar\alpha_{t-1}},\ \beta_{\max}\right)

    Parameters
    ----------
    num_steps : int, default=1000
        The number of diffusion steps :math:`T`, at least 1.
    offset : float, default=0.008
        The small offset :math:`s \ge 0` that keeps :math:`\beta_1` from being vanishingly small.
    max_beta : float, default=0.999
        :math:`\beta_{\max}` in (0, 1]: the clip on each step's variance. Without it the last step, where
        :math:`f(T) = 0`, would have :math:`\beta_T = 1`.

    Returns
    -------
    betas : ndarray of shape (num_steps,)
        float64, each in (0, `max_beta`]; ``betas[t - 1]`` is :math:`\beta_t`.

    Raises
    ------
    ValueError
        If `num_steps` is below 1, `offset` is negative or not finite, or `max_beta` is not in (0, 1].
    TypeError
        If `num_steps` is not an integer, or `offset` or `max_beta` is not a real number.

    See Also
    --------
    linear_beta_schedule : The original DDPM schedule.
    alpha_bar : Recovers :math:`\bar\alpha_t` from the clipped variances.

    Notes
    -----
    Only the clipped steps change :math:`\bar\alpha_t`: with the default :math:`\beta_{\max}` only the last step
    of a schedule is clipped, so ``alpha_bar(cosine_beta_schedule(T))`` equals :math:`f(t)/f(0)` up to rounding
    for every :math:`t < T` and stays above zero at :math:`t = T`.

    The variances are computed as :math:`\beta_t = \sin\delta \, \sin(a_{t-1} + a_t) / \sin^2 a_{t-1}` with
    :math:`a_t = \frac{\pi}{2} (1 - t/T) / (1 + s)` and :math:`\delta = a_{t-1} - a_t`, which equals the formula
    above since :math:`f(t) = \sin^2 a_t`. The direct form rounds :math:`(t/T + s)/(1 + s)` to 1 for every
    :math:`t` once :math:`s` nears :math:`10^{16}`, and would return all zeros; this one keeps every digit: as
    :math:`s \to \infty` the variances tend to :math:`1 - ((T - t)/(T - t + 1))^2`.

    References
    ----------
    .. [1] A. Q. Nichol and P. Dhariwal, "Improved Denoising Diffusion Probabilistic Models", ICML 2021,
       Section 3.2. https://doi.org/10.48550/arXiv.2102.09672

    Examples
    --------
    Two steps without offset: :math:`\bar\alpha_1 = \cos^2(\pi/4) = 1/2`, so :math:`\beta_1 = 1/2`, and the
    second step is clipped from 1 to `max_beta`:

    >>> from mlequations import alpha_bar, cosine_beta_schedule
    >>> cosine_beta_schedule(2, offset=0.0).round(10).tolist()
    [0.5, 0.999]

    The default thousand steps start with tiny variances and end with large ones:

    >>> betas = cosine_beta_schedule()
    >>> round(float(betas[0]), 10), round(float(betas[499]), 10), round(float(betas[-1]), 10)
    (4.12842e-05, 0.0031458862, 0.999)
    >>> round(float(alpha_bar(betas)[499]), 10)     # half-way, about half of the signal variance is left
    0.4938435904
    """
    num_steps, offset, max_beta = _check_cosine_beta_schedule(num_steps, offset, max_beta)
    with fits_in_memory(num_steps, name="num_steps", caller="cosine_beta_schedule"):
        return _cosine_beta_schedule_equation(num_steps, offset, max_beta)


def alpha_bar(betas):
    r"""The cumulative product :math:`\bar\alpha_t` of :math:`1 - \beta_s`: the signal variance left after t steps.

    Each step of the forward process keeps a fraction :math:`\alpha_s = 1 - \beta_s` of the signal's variance as
    it receives it; after :math:`t` steps a fraction :math:`\bar\alpha_t` of the original signal's variance is
    left, and for data of unit variance the remaining :math:`1 - \bar\alpha_t` is noise.

    .. math::

        \bar\alpha_t = \prod_{s=1}^{t} \alpha_s = \prod_{s=1}^{t} (1 - \beta_s), \qquad t = 1, \dots, T

    Parameters
    ----------
    betas : array_like of float, shape (T,)
        The variances :math:`\beta_1, \dots, \beta_T` of a noise schedule, each in (0, 1].

    Returns
    -------
    alpha_bars : ndarray of shape (T,)
        Non-increasing, in [0, 1]. The exact products lie in [0, 1) and decrease strictly while above zero,
        but each factor and product is rounded: a factor :math:`1 - \beta_s` rounds to 1.0 when
        :math:`\beta_s` is at most half the spacing of the floats just below 1 (:math:`2^{-54}` in float64,
        :math:`2^{-25}` in float32), so a run of such steps from the start returns 1.0, and neighbouring
        products can round to the same float. float32 for float32 input, float64 otherwise.

    Raises
    ------
    ValueError
        If `betas` is not 1-d, is empty, or has an entry outside (0, 1] or not finite.
    TypeError
        If `betas` is boolean, complex or non-numeric.

    See Also
    --------
    linear_beta_schedule, cosine_beta_schedule : Two common schedules.
    forward_diffusion : Noises data to step t in one draw, given :math:`\bar\alpha_t`.

    Notes
    -----
    The guide writes the closed form of the forward process with :math:`\alpha_t`. In DDPM :math:`\alpha_t`
    is the per-step factor :math:`1 - \beta_t`, and the one-draw jump from :math:`x_0` to :math:`x_t` needs
    the product :math:`\bar\alpha_t` of all of them. The two are equal at :math:`t = 1`; at a later step they
    differ unless :math:`\beta_t = 1`, where both are 0.

    References
    ----------
    .. [1] J. Ho, A. Jain and P. Abbeel, "Denoising Diffusion Probabilistic Models", NeurIPS 2020, Eq. (4).
       https://doi.org/10.48550/arXiv.2006.11239

    Examples
    --------
    >>> from mlequations import alpha_bar, linear_beta_schedule
    >>> alpha_bar([0.5, 0.5, 0.5]).tolist()
    [0.5, 0.25, 0.125]

    Under the DDPM schedule almost nothing of the data is left at the last step, although every single step
    keeps at least 98 % of the variance:

    >>> abar = alpha_bar(linear_beta_schedule(1000))
    >>> round(float(abar[0]), 10), round(float(abar[-1]), 10)
    (0.9999, 4.03583e-05)

    In float64, :math:`1 - 2^{-55}` rounds to 1.0 but :math:`1 - 2^{-53}` does not:

    >>> alpha_bar([2.0**-55, 2.0**-53]).tolist()
    [1.0, 0.9999999999999999]
    """
    return _alpha_bar_equation(_check_alpha_bar(betas))


def forward_diffusion(x0, alpha_bar_t, noise):
    r"""Noise clean data :math:`x_0` to step :math:`t` of the diffusion process in one draw.

    The data is shrunk by :math:`\sqrt{\bar\alpha_t}` and Gaussian noise of variance :math:`1 - \bar\alpha_t` is
    added, independent of the data, so data of unit variance keeps unit variance while its signal fades into
    noise. The noise is passed
    in, which keeps the function deterministic: draw it from a seeded generator.

    .. math::

        x_t = \sqrt{\bar\alpha_t}\, x_0 + \sqrt{1 - \bar\alpha_t}\, \epsilon,
        \qquad \epsilon \sim \mathcal{N}(0, I)

    Parameters
    ----------
    x0 : array_like of float
        Clean data, of any shape; for a batch, samples along the first axis.
    alpha_bar_t : float or array_like of float, shape (x0.shape[0],)
        :math:`\bar\alpha_t` in [0, 1]: one value for all of `x0`, or one per sample of a batch (the usual case
        in training, where each sample gets its own random step).
    noise : array_like of float
        :math:`\epsilon`, the same shape as `x0`, normally standard-normal draws.

    Returns
    -------
    x_t : float or ndarray
        The shape of `x0`; a Python float for 0-d input. float32 when `x0` and `noise` are float32, float64
        otherwise.

    Raises
    ------
    ValueError
        If `x0` or `noise` is empty or not finite, their shapes differ, `alpha_bar_t` is outside [0, 1], or
        `alpha_bar_t` is an array whose shape is not ``(x0.shape[0],)``; or if the result overflows float64.
    TypeError
        If an argument is boolean, complex or non-numeric.

    See Also
    --------
    alpha_bar : :math:`\bar\alpha_t` from a noise schedule.

    Notes
    -----
    One step of the process is :math:`x_t = \sqrt{1 - \beta_t}\, x_{t-1} + \sqrt{\beta_t}\, \epsilon_t`, which is
    this function with :math:`\bar\alpha_t` replaced by :math:`1 - \beta_t`. Given :math:`x_0`, and with
    independent standard normal noises, a sum of independent Gaussians is Gaussian; by induction on :math:`t`
    its mean is :math:`\sqrt{\bar\alpha_t}\, x_0` and its covariance
    :math:`(\alpha_t (1 - \bar\alpha_{t-1}) + \beta_t) I = (1 - \bar\alpha_t) I`, so :math:`t` single steps and one
    jump with :math:`\bar\alpha_t` give the same distribution (not the same samples).

    References
    ----------
    .. [1] J. Ho, A. Jain and P. Abbeel, "Denoising Diffusion Probabilistic Models", NeurIPS 2020, Eq. (4).
       https://doi.org/10.48550/arXiv.2006.11239

    Examples
    --------
    With no noise the data is only shrunk, and with :math:`\bar\alpha_t = 0` nothing of it is left:

    >>> from mlequations import forward_diffusion
    >>> forward_diffusion([4.0, -2.0], 0.25, noise=[0.0, 0.0]).tolist()
    [2.0, -1.0]
    >>> forward_diffusion([4.0, -2.0], 0.0, noise=[0.5, 1.5]).tolist()
    [0.5, 1.5]

    A batch of three samples, each noised to its own step, with noise from a seeded generator:

    >>> rng = np.random.default_rng(0)
    >>> x0 = np.ones((3, 2))
    >>> forward_diffusion(x0, [0.99, 0.5, 0.01], noise=rng.standard_normal(x0.shape)).round(10).tolist()
    [[1.0075604592, 0.9817769508], [1.1599539801, 0.7812823654], [-0.4329842967, 0.459782537]]
    """
    x0, abar, noise = _check_forward_diffusion(x0, alpha_bar_t, noise)
    with np.errstate(over="ignore"):  # a sum past the largest float is reported by name just below
        out = _forward_diffusion_equation(x0, abar, noise)
    check_finite_result(out, names=("x0", "noise"), caller="forward_diffusion")
    return as_result(out)

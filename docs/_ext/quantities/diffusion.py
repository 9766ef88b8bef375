"""Quantities stated in the prose of docs/chapters/diffusion.md (see the package docstring)."""

import inspect

from mlequations import cosine_beta_schedule, linear_beta_schedule

from . import quantity


def _default(function, name):
    """The default value of `function`'s parameter `name`: the page quotes the package's defaults."""
    return inspect.signature(function).parameters[name].default


@quantity("diff-ddpm-steps")
def _():
    """T of the DDPM schedule: the default number of steps of linear_beta_schedule."""
    return f"{_default(linear_beta_schedule, 'num_steps'):d}"


@quantity("diff-ddpm-beta-start")
def _():
    """beta_1 of the DDPM schedule: the default first variance of linear_beta_schedule."""
    return f"{_default(linear_beta_schedule, 'beta_start'):g}"


@quantity("diff-ddpm-beta-end")
def _():
    """beta_T of the DDPM schedule: the default last variance of linear_beta_schedule."""
    return f"{_default(linear_beta_schedule, 'beta_end'):g}"


@quantity("diff-cosine-offset")
def _():
    """The offset s of the cosine schedule, cosine_beta_schedule's default."""
    return f"{_default(cosine_beta_schedule, 'offset'):g}"


@quantity("diff-cosine-max-beta")
def _():
    """The clip on each variance of the cosine schedule, cosine_beta_schedule's default."""
    return f"{_default(cosine_beta_schedule, 'max_beta'):g}"

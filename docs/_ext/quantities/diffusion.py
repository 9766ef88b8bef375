"""Quantities stated in the prose of docs/chapters/diffusion.md (see the package docstring).

The page quotes the published settings of the two schedules through the package's defaults, so that the page and
the defaults cannot drift apart (the doctests beside them print the schedules these defaults make).
"""

import inspect

from mlequations import cosine_beta_schedule, linear_beta_schedule

from . import quantity

# name: (function, parameter) whose default value the page states
DEFAULTS = {
    "diff-ddpm-steps": (linear_beta_schedule, "num_steps"),          # T of DDPM
    "diff-ddpm-beta-start": (linear_beta_schedule, "beta_start"),    # beta_1 of DDPM
    "diff-ddpm-beta-end": (linear_beta_schedule, "beta_end"),        # beta_T of DDPM
    "diff-cosine-offset": (cosine_beta_schedule, "offset"),          # s of the cosine schedule
    "diff-cosine-max-beta": (cosine_beta_schedule, "max_beta"),      # the clip of the cosine schedule
}


def _default(function, parameter):
    """A function returning the default of `function`'s `parameter`, as the shortest decimal text."""
    def text():
        return f"{inspect.signature(function).parameters[parameter].default:g}"
    text.__doc__ = f"The default {parameter} of {function.__name__}."
    return text


for _name, (_function, _parameter) in DEFAULTS.items():
    quantity(_name)(_default(_function, _parameter))

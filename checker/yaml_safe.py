"""`safe_load` through libyaml when PyYAML has it: the same safe constructors, ~8x faster.

The catalog data files and the METADATA blocks of the Rego sources are read on every run; with the
pure-Python parser they were the largest part of a one-manifest check (about 0.1 s).
"""

from __future__ import annotations

import typing as t

import yaml

_SAFE_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> t.Any:
    """Like `yaml.safe_load`, with libyaml's parser when it is there."""
    return yaml.load(text, Loader=_SAFE_LOADER)

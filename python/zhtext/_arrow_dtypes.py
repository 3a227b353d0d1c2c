"""Let pandas read back the names of nested Arrow dtypes, so that zhtext's frames survive Parquet.

``DataFrame.to_parquet`` stores each column's dtype by name (``str(dtype)``), and reading
the file parses the name again with ``pandas.api.types.pandas_dtype``. ``pd.ArrowDtype``
parses only flat type names, so a column such as ``large_list<item: large_string>[pyarrow]``
(``paragraphs`` in :func:`zhtext.read_articles`) makes ``pd.read_parquet`` raise
``TypeError: data type ... not understood``. Registering a parser for such names in pandas'
dtype registry, which ``pandas_dtype`` asks in turn, makes the round trip work wherever zhtext
is imported; flat names and other packages' dtypes are left to pandas.
"""

from __future__ import annotations

import re

import pandas as pd
import pyarrow as pa
from pandas.api.extensions import ExtensionDtype, register_extension_dtype

_SUFFIX = "[pyarrow]"
_NOT_NULL = " not null"


def _split_top_level(text: str) -> list[str]:
    """``a, b<c, d>, e`` → ``["a", "b<c, d>", "e"]``: commas outside angle brackets."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "<":
            depth += 1
        elif char == ">":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def _field(text: str) -> pa.Field:
    name, _, type_name = text.partition(": ")
    nullable = not type_name.endswith(_NOT_NULL)
    if not nullable:
        type_name = type_name[: -len(_NOT_NULL)]
    return pa.field(name, parse_arrow_type(type_name), nullable=nullable)


def parse_arrow_type(name: str) -> pa.DataType:
    """The Arrow type whose ``str()`` is ``name``, nested lists and structs included.

    >>> parse_arrow_type("large_list<item: struct<word: large_string, weight: double>>")
    LargeListType(large_list<item: struct<word: large_string, weight: double>>)
    """
    match = re.fullmatch(r"(\w+)<(.*)>", name.strip(), flags=re.S)
    if match is None:
        # A flat type: pandas knows the aliases and the parameterised temporal names.
        return pd.ArrowDtype.construct_from_string(name.strip() + _SUFFIX).pyarrow_dtype
    kind, inner = match.groups()
    lists = {"list": pa.list_, "large_list": pa.large_list, "list_view": pa.list_view}
    if kind in lists:
        return lists[kind](_field(inner))
    if kind == "struct":
        return pa.struct([_field(part) for part in _split_top_level(inner)])
    if kind == "map":
        key, item = _split_top_level(inner)
        return pa.map_(parse_arrow_type(key), parse_arrow_type(item))
    raise TypeError(f"'{name}' is not an Arrow type name zhtext can read")


@register_extension_dtype
class _NestedArrowDtypeName(ExtensionDtype):
    """Never instantiated: pandas' registry calls :meth:`construct_from_string` on the class."""

    name = "zhtext-nested-arrow"
    type = object

    @classmethod
    def construct_from_string(cls, string: str) -> pd.ArrowDtype:  # type: ignore[override]
        if not isinstance(string, str) or not string.endswith(_SUFFIX) or "<" not in string:
            raise TypeError(f"Cannot construct a nested ArrowDtype from {string!r}")
        try:
            return pd.ArrowDtype(parse_arrow_type(string[: -len(_SUFFIX)]))
        except (TypeError, ValueError, NotImplementedError) as err:
            raise TypeError(f"Cannot construct a nested ArrowDtype from {string!r}") from err

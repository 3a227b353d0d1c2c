"""zhtext's frames survive Parquet: to_parquet, then pd.read_parquet with default arguments."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import zhtext as zt

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

from zhtext._arrow_dtypes import parse_arrow_type  # noqa: E402  (after the skips: it needs pandas)


def _sample_frame():
    df = zt.read_articles([zt.sample_article_path()])
    df["words"] = df["text"].zh.cut()
    df["keywords"] = df["text"].zh.keywords(top_k=5)
    return df


def test_articles_and_accessor_columns_round_trip(tmp_path: Path) -> None:
    df = _sample_frame()
    df.to_parquet(tmp_path / "a.parquet")
    back = pd.read_parquet(tmp_path / "a.parquet")
    pd.testing.assert_frame_equal(back, df)


def test_a_process_without_zhtext_reads_with_the_pyarrow_backend(tmp_path: Path) -> None:
    # pandas alone cannot parse nested ArrowDtype names; dtype_backend="pyarrow" does not need to.
    _sample_frame().to_parquet(tmp_path / "a.parquet")
    path = str(tmp_path / "a.parquet")
    code = f"import pandas as pd; print(pd.read_parquet({path!r}, dtype_backend='pyarrow').shape)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().startswith("(1, ")


@pytest.mark.parametrize(
    "name",
    [
        "large_list<item: large_string>",
        "list<item: int64 not null>",
        "struct<reporters: large_list<item: large_string>, location: large_string>",
        "large_list<item: struct<text: large_string, kind: large_string, start: int64, end: int64>>",
        "map<large_string, double>",
        "timestamp[ns, tz=UTC]",
    ],
)
def test_arrow_type_names_parse_back(name: str) -> None:
    assert str(parse_arrow_type(name)) == name


def test_unknown_names_are_left_to_pandas() -> None:
    with pytest.raises(TypeError, match="not understood"):
        pd.api.types.pandas_dtype("nonsense<item: x>[pyarrow]")

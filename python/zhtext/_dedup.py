"""Near-duplicate texts: :func:`near_duplicates` and :func:`duplicate_groups` over MinHash signatures.

The work (signatures, banded LSH, verification, components) runs in Rust on
``threads`` threads without the GIL; this module checks arguments and builds
the pandas frame.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from ._zhtext import _duplicate_groups, _groups, _near_duplicates, minhash

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

Scheme = Literal["affine32", "legacy"]
Script = Literal["as_is", "auto", "simplified"]


def _texts_of(texts: Any) -> Any:
    """``texts`` as a sequence; a pandas Series' missing values (``pd.NA`` in string dtypes) as ``None``."""
    if isinstance(texts, (str, bytes)):
        raise TypeError("texts must be an iterable of str, not a single str")
    if hasattr(texts, "isna") and hasattr(texts, "tolist"):
        missing = texts.isna().tolist()
        return [None if gone else text for text, gone in zip(texts.tolist(), missing, strict=True)]
    return texts if hasattr(texts, "__len__") else list(texts)


def _is_signatures(value: Any) -> bool:
    # numpy is not imported with the package (it would double `import zhtext`'s time); an array
    # exists only if something has imported numpy already.
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, numpy.ndarray) and value.ndim == 2


def _pairs(
    texts_or_signatures: Iterable[str | None] | np.ndarray,
    threshold: float,
    num_perm: int | None,
    verify: bool,
    bands: int | None,
    shingle: int,
    seed: int,
    scheme: Scheme,
    script: Script,
    threads: int | None,
    missing: Literal["raise", "empty"],
) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    if _is_signatures(texts_or_signatures):
        signatures = texts_or_signatures
        if verify:
            raise ValueError(
                "verify=True compares the texts' shingles: pass the texts, or verify=False with signatures"
            )
        if num_perm is not None and num_perm != signatures.shape[1]:
            raise ValueError(f"num_perm={num_perm} but the signatures have {signatures.shape[1]} values each")
        texts = None
    else:
        texts = _texts_of(texts_or_signatures)
        signatures = minhash(
            texts,
            num_perm=128 if num_perm is None else num_perm,
            shingle=shingle,
            seed=seed,
            scheme=scheme,
            script=script,
            threads=threads,
            missing=missing,
        )
    i, j, jaccard = _near_duplicates(
        signatures,
        texts if verify else None,
        threshold=threshold,
        bands=bands,
        shingle=shingle,
        script=script,
        threads=threads,
    )
    return len(signatures), i, j, jaccard


def near_duplicates(
    texts_or_signatures: Iterable[str | None] | np.ndarray,
    *,
    threshold: float = 0.8,
    num_perm: int | None = None,
    verify: bool = True,
    bands: int | None = None,
    shingle: int = 5,
    seed: int = 1,
    scheme: Scheme = "affine32",
    script: Script = "auto",
    threads: int | None = None,
    missing: Literal["raise", "empty"] = "raise",
) -> pd.DataFrame:
    """Pairs of near-duplicate texts: a DataFrame with columns ``i``, ``j`` (positions, ``i < j``) and ``jaccard``.

    Texts whose MinHash signatures (:func:`minhash`) agree on a whole band are
    candidates; the bands are chosen for ``threshold`` as datasketch's
    ``MinHashLSH`` chooses them (or ``bands`` of ``num_perm / bands`` values,
    which must divide ``num_perm``). With ``verify=True`` each candidate's
    exact Jaccard similarity of the shingle sets is computed and pairs below
    ``threshold`` are dropped, so every pair returned is a true one; with
    ``verify=False`` the similarity is the signatures' estimate (the
    fraction of agreeing values) and pairs whose estimate is below
    ``threshold`` are dropped. Sorted by ``(i, j)``.

    ``texts_or_signatures``: texts, or the 2-D array :func:`minhash` returns
    (then ``verify=False``: verification needs the texts). ``num_perm``:
    128 for texts; for signatures, their width. Texts without shingles
    (empty, or shorter than ``shingle`` characters after normalisation)
    are in no pair, and neither are missing values (``missing="empty"``).
    ``shingle``, ``seed``, ``scheme`` and ``script`` are :func:`minhash`'s.

    >>> import zhtext as zt
    >>> texts = [
    ...     "国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之二点一，环比持平。",
    ...     "国家统计局今天发布数据：十月份全国居民消费价格同比上涨百分之二点一，环比持平！",
    ...     "一篇完全不同的文章，讲的是明天的天气。",
    ... ]
    >>> zt.near_duplicates(texts)
       i  j  jaccard
    0  0  1      1.0
    """
    import pandas as pd

    _, i, j, jaccard = _pairs(
        texts_or_signatures, threshold, num_perm, verify, bands, shingle, seed, scheme, script, threads, missing
    )
    return pd.DataFrame({"i": i, "j": j, "jaccard": jaccard})


def duplicate_groups(
    texts_or_signatures: Iterable[str | None] | np.ndarray,
    *,
    threshold: float = 0.8,
    num_perm: int | None = None,
    verify: bool = True,
    bands: int | None = None,
    shingle: int = 5,
    seed: int = 1,
    scheme: Scheme = "affine32",
    script: Script = "auto",
    threads: int | None = None,
    missing: Literal["raise", "empty"] = "raise",
) -> np.ndarray:
    """A group number per text (``int64``): texts linked by :func:`near_duplicates` pairs share one.

    Groups are the connected components of the pairs (a chain of reprints is
    one group even if its ends differ more), numbered from 0 in order of
    their first text; a text without near-duplicates is a group of its own.
    The arguments are :func:`near_duplicates`'.

    >>> import zhtext as zt
    >>> story = "外交部发言人今天在例行记者会上回答了关于中亚峰会的提问，表示各方将加强合作。"
    >>> zt.duplicate_groups([story, "另一篇报道讲的是完全不同的事情。", story + "（完）", ""]).tolist()
    [0, 1, 0, 2]
    """
    if not _is_signatures(texts_or_signatures):
        # Each distinct text is hashed and verified once, its copies join its group (the pairs of
        # every two copies of a reprinted story are never made).
        return _duplicate_groups(
            _texts_of(texts_or_signatures),
            threshold=threshold,
            num_perm=128 if num_perm is None else num_perm,
            verify=verify,
            bands=bands,
            shingle=shingle,
            seed=seed,
            scheme=scheme,
            script=script,
            threads=threads,
            missing=missing,
        )
    n, i, j, _ = _pairs(
        texts_or_signatures, threshold, num_perm, verify, bands, shingle, seed, scheme, script, threads, missing
    )
    return _groups(n, i, j)

"""The ``Tokenizer`` class: jieba-compatible segmentation backed by Rust."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from . import _zhtext

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

CutMode = Literal["default", "all", "search"]
TokenizeMode = Literal["default", "search"]

__all__ = ["CutMode", "TokenizeMode", "Tokenizer"]


class Tokenizer(_zhtext.Tokenizer):
    """A jieba tokenizer: cut, tokenize and tag Chinese text, like ``jieba.Tokenizer``.

    Results equal Python jieba 0.42.1's token for token (see the README for the
    few documented differences). All methods release the GIL; one tokenizer can
    be shared by many threads, and it pickles as a small recipe (dictionary path
    plus the words you added), not as the dictionary itself.

    Parameters
    ----------
    dictionary:
        A jieba-format main dictionary file (``word freq [tag]`` per line).
        ``None`` uses jieba's dictionary, embedded in zhtext.

    Examples
    --------
    >>> import zhtext as zt
    >>> tok = zt.Tokenizer()
    >>> tok.cut("我来到北京清华大学")
    ['我', '来到', '北京', '清华大学']
    >>> tok.add_word("侍建宇", tag="nr")
    >>> tok.tag("侍建宇表示")
    [('侍建宇', 'nr'), ('表示', 'v')]
    """

    def __reduce__(self) -> tuple[Any, ...]:
        dictionary, edits = self._recipe()
        return (_restore_tokenizer, (type(self), dictionary, edits))

    def load_userdict(self, source: str | os.PathLike[str] | Iterable[str | bytes]) -> None:
        """Add the words of a user dictionary, as ``jieba.load_userdict``.

        Each line is ``word [freq] [tag]``; a word without a frequency gets
        jieba's suggested one (``suggest_freq(word)``), so it is cut whole.

        Parameters
        ----------
        source:
            A file path, or an iterable of lines (an open file, a list of str).

        Raises
        ------
        FileNotFoundError
            If the path does not exist.
        zhtext.DictionaryError
            A ``ValueError`` naming the file (or ``<lines>``) and line of the
            first malformed line; nothing is added then.

        Examples
        --------
        >>> tok = Tokenizer()
        >>> tok.load_userdict(["云计算 5 n", "创新办 3 i"])
        >>> tok.cut("创新办主任也是云计算方面的专家")[:2]
        ['创新办', '主任']
        """
        if isinstance(source, (str, os.PathLike)):
            self._load_userdict_path(os.fspath(source))
            return
        name = getattr(source, "name", "<lines>")
        lines = []
        for line in source:
            if isinstance(line, bytes):
                line = line.decode("utf-8")
            lines.append(line.rstrip("\r\n"))
        self._load_userdict_text("\n".join(lines), str(name))

    def cut_many(
        self,
        texts: Iterable[str],
        *,
        mode: CutMode = "default",
        hmm: bool = True,
        threads: int | None = None,
        output: Literal["list", "arrow", "numpy"] = "list",
    ) -> list[list[str]] | pa.LargeListArray | tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cut many texts in parallel on Rust threads, keeping their order.

        Parameters
        ----------
        texts:
            An iterable of ``str`` (a list, a pandas Series without missing values, ...).
        mode:
            ``"default"`` (``jieba.cut``), ``"all"`` (``cut_all=True``) or ``"search"``
            (``cut_for_search``).
        hmm:
            Use the HMM for unknown words, as jieba's ``HMM``.
        threads:
            Number of threads; ``None`` uses every core.
        output:
            ``"list"``: a list of lists of str.
            ``"arrow"``: a ``pyarrow.LargeListArray`` of ``large_string``, built
            from flat buffers without one Python object per word (needs pyarrow).
            ``"numpy"``: the flat buffers themselves, ``(data, word_offsets,
            text_offsets)``: ``data`` is the UTF-8 bytes of every word (uint8),
            word ``i`` is ``data[word_offsets[i]:word_offsets[i + 1]]`` and the
            words of text ``j`` are ``word_offsets[text_offsets[j]]`` to
            ``word_offsets[text_offsets[j + 1]]`` (both int64).

        Examples
        --------
        >>> tok = Tokenizer()
        >>> tok.cut_many(["我来到北京", "清华大学"])
        [['我', '来到', '北京'], ['清华大学']]
        >>> tok.cut_many(["我来到北京"], output="arrow").to_pylist()
        [['我', '来到', '北京']]
        """
        if output == "list":
            return self._cut_many(texts, mode, hmm, threads)
        if output not in ("arrow", "numpy"):
            raise ValueError(f"output must be 'list', 'arrow' or 'numpy', not {output!r}")
        data, word_offsets, text_offsets = self._cut_many_columnar(texts, mode, hmm, threads)
        if output == "numpy":
            return data, word_offsets, text_offsets
        return _to_arrow(data, word_offsets, text_offsets)


def _to_arrow(data: np.ndarray, word_offsets: np.ndarray, text_offsets: np.ndarray) -> pa.LargeListArray:
    try:
        import pyarrow as pa
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("output='arrow' needs pyarrow: pip install 'zhtext[arrow]'") from err
    words = pa.LargeStringArray.from_buffers(
        len(word_offsets) - 1, pa.py_buffer(word_offsets), pa.py_buffer(data)
    )
    return pa.LargeListArray.from_arrays(pa.array(text_offsets, type=pa.int64()), words)


def _restore_tokenizer(
    cls: type[Tokenizer], dictionary: str | None, edits: Sequence[tuple[str, int, str | None]]
) -> Tokenizer:
    tokenizer = cls(dictionary)
    tokenizer._apply_edits(list(edits))
    return tokenizer

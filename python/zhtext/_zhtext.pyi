"""Type stubs for the Rust extension ``zhtext._zhtext`` (checked by tests/test_stubs.py)."""

import os
import pathlib
from collections.abc import Iterable
from typing import Any, Literal, final, overload

import numpy as np
import numpy.typing as npt
from typing_extensions import Self, disjoint_base

__all__ = [
    "_AUTO_PROGRESS_ITEMS",
    "Analyzer",
    "ArrowArray",
    "ArrowStream",
    "Article",
    "ArticleError",
    "ArticleReader",
    "DictionaryError",
    "PlannedSource",
    "TfidfExtractor",
    "Tokenizer",
    "ZhtextError",
    "_ParquetWriter",
    "__version__",
    "_annotate_many",
    "_band_keys",
    "_discover_words",
    "_duplicate_groups",
    "_exact_jaccard",
    "_groups",
    "_load_embedded",
    "_near_duplicates",
    "_plan_sources",
    "_release_freed_memory",
    "_start_loading_embedded",
    "_write_jsonl",
    "article_schema",
    "convert",
    "lsh_params",
    "minhash",
    "parse_article",
    "read_article",
    "shingles",
]

__version__: str
_AUTO_PROGRESS_ITEMS: int

class ZhtextError(Exception):
    """Base class of zhtext's own errors."""

class DictionaryError(ZhtextError, ValueError):
    """A dictionary, user-dictionary or IDF line that cannot be read; the message names the file and line."""

class ArticleError(ZhtextError, ValueError):
    """An archive file that cannot be parsed; the message names the file and the line or byte offset."""

_Mode = Literal["default", "all", "search"]
_Script = Literal["as_is", "auto", "simplified"]
_StrPath = str | os.PathLike[str]
_Missing = Literal["raise", "empty"]
_PerTextMissing = Literal["raise", "empty", "null"]
_Output = Literal["list", "arrow"]

@disjoint_base
class Tokenizer:
    def __new__(cls, dictionary: _StrPath | None = None, *, script: _Script = "as_is") -> Tokenizer: ...
    @property
    def dictionary(self) -> pathlib.Path | None: ...
    @property
    def script(self) -> _Script: ...
    @property
    def total(self) -> int: ...
    def word_freq(self, word: str) -> int | None: ...
    def set_dictionary(self, dictionary: _StrPath | None) -> None: ...
    def load_userdict(self, source: _StrPath | Iterable[str | bytes]) -> None: ...
    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> int: ...
    def del_word(self, word: str) -> None: ...
    def suggest_freq(self, segment: str | tuple[str, ...], tune: bool = False) -> int: ...
    def cut(self, text: str, hmm: bool = True, *, script: _Script | None = None) -> list[str]: ...
    def cut_all(self, text: str) -> list[str]: ...
    def cut_for_search(self, text: str, hmm: bool = True, *, script: _Script | None = None) -> list[str]: ...
    def tokenize(
        self,
        text: str,
        mode: Literal["default", "search"] = "default",
        hmm: bool = True,
        *,
        script: _Script | None = None,
    ) -> list[tuple[str, int, int]]: ...
    def tag(self, text: str, hmm: bool = True, *, script: _Script | None = None) -> list[tuple[str, str]]: ...
    @overload
    def cut_many(
        self,
        texts: Iterable[str],
        *,
        mode: _Mode = "default",
        hmm: bool = True,
        threads: int | None = None,
        output: Literal["list"] = "list",
        progress: bool | None = None,
        script: _Script | None = None,
        missing: _PerTextMissing = "raise",
    ) -> list[list[str]]: ...
    @overload
    def cut_many(
        self,
        texts: Iterable[str],
        *,
        mode: _Mode = "default",
        hmm: bool = True,
        threads: int | None = None,
        output: Literal["numpy"],
        progress: bool | None = None,
        script: _Script | None = None,
        missing: _PerTextMissing = "raise",
    ) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64], npt.NDArray[np.int64]]: ...
    @overload
    def cut_many(
        self,
        texts: Iterable[str],
        *,
        mode: _Mode = "default",
        hmm: bool = True,
        threads: int | None = None,
        output: Literal["arrow"],
        progress: bool | None = None,
        script: _Script | None = None,
        missing: _PerTextMissing = "raise",
    ) -> Any: ...
    def tag_many(
        self,
        texts: Iterable[str | None],
        *,
        hmm: bool = True,
        missing: _PerTextMissing = "raise",
        threads: int | None = None,
        progress: bool | None = None,
        script: _Script | None = None,
        output: _Output = "list",
    ) -> Any: ...  # list[list[tuple[str, str]]], or a pyarrow array with output="arrow"
    def tokenize_many(
        self,
        texts: Iterable[str | None],
        mode: Literal["default", "search"] = "default",
        hmm: bool = True,
        *,
        missing: _PerTextMissing = "raise",
        threads: int | None = None,
        progress: bool | None = None,
        script: _Script | None = None,
        output: _Output = "list",
    ) -> Any: ...  # list[list[tuple[str, int, int]]], or a pyarrow array with output="arrow"
    def mentions(
        self, text: str, *, kinds: str | Iterable[str] | None = None, script: _Script = "auto"
    ) -> list[tuple[str, str, int, int]]: ...
    def mentions_many(
        self,
        texts: Iterable[str | None],
        *,
        kinds: str | Iterable[str] | None = None,
        script: _Script = "auto",
        missing: _PerTextMissing = "raise",
        threads: int | None = None,
        progress: bool | None = None,
        output: _Output = "list",
    ) -> Any: ...  # list[list[tuple[str, str, int, int]]], or a pyarrow array with output="arrow"
    def quotes(self, text: str, *, script: _Script = "auto") -> list[tuple[str, str, str, int, int, int, bool]]: ...
    def quotes_many(
        self,
        texts: Iterable[str | None],
        *,
        script: _Script = "auto",
        missing: _PerTextMissing = "raise",
        threads: int | None = None,
        progress: bool | None = None,
        output: _Output = "list",
    ) -> Any: ...  # list[list[tuple[...]]], or a pyarrow array with output="arrow"
    def learn_words(
        self,
        texts: Iterable[str | float | None],
        *,
        top_k: int | None = None,
        min_score: float = 3.0,
        min_count: int = 5,
        max_len: int = 6,
        threads: int | None = None,
        missing: Literal["raise", "empty"] = "raise",
        script: _Script | None = None,
        max_ngrams: int = 8000000,
    ) -> Any: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, Any]]: ...
    def __getstate__(self) -> bytes: ...
    def __setstate__(self, state: bytes) -> None: ...

@disjoint_base
class TfidfExtractor:
    def __new__(
        cls,
        tokenizer: Tokenizer | None = None,
        idf: _StrPath | dict[str, float] | list[tuple[str, float]] | None = None,
        stop_words: _StrPath | Iterable[str] | None = None,
        filters: str | Iterable[str] | None = None,
    ) -> TfidfExtractor: ...
    @property
    def tokenizer(self) -> Tokenizer: ...
    @property
    def filters(self) -> list[str]: ...
    @property
    def stop_words(self) -> list[str]: ...
    @property
    def median_idf(self) -> float: ...
    def idf(self, word: str) -> float: ...
    def extract(
        self,
        text: str,
        top_k: int | None = 20,
        with_weight: bool = False,
        allow_pos: Iterable[str] | None = None,
        with_flag: bool = False,
        *,
        script: _Script | None = None,
        fold_script: Literal["simplified"] | None = None,
    ) -> list[Any]: ...
    def extract_many(
        self,
        texts: Iterable[str | float | None],
        top_k: int | None = 20,
        with_weight: bool = False,
        allow_pos: Iterable[str] | None = None,
        with_flag: bool = False,
        threads: int | None = None,
        missing: _PerTextMissing = "raise",
        progress: bool | None = None,
        *,
        script: _Script | None = None,
        fold_script: Literal["simplified"] | None = None,
        output: _Output = "list",
    ) -> Any: ...  # list[list[Any]], or a pyarrow array with output="arrow"
    def textrank_many(
        self,
        texts: Iterable[str | float | None],
        top_k: int | None = 20,
        with_weight: bool = False,
        allow_pos: Iterable[str] | None = None,
        with_flag: bool = False,
        threads: int | None = None,
        missing: _PerTextMissing = "raise",
        progress: bool | None = None,
        *,
        script: _Script | None = None,
        fold_script: Literal["simplified"] | None = None,
        output: _Output = "list",
    ) -> Any: ...  # list[list[Any]], or a pyarrow array with output="arrow"
    def fit(
        self,
        texts: Iterable[str | float | None],
        *,
        threads: int | None = None,
        missing: Literal["raise", "empty"] = "raise",
        fold_script: Literal["simplified"] | None = None,
    ) -> Self: ...
    def document_frequencies(
        self,
        texts: Iterable[str | float | None],
        *,
        threads: int | None = None,
        missing: str = "raise",
        fold_script: Literal["simplified"] | None = None,
    ) -> tuple[dict[str, int], int]: ...
    def fit_document_frequencies(self, document_frequencies: dict[str, int], n_docs: int) -> Self: ...
    def save_idf(self, path: _StrPath) -> None: ...
    def set_idf_path(self, path: _StrPath) -> None: ...
    def set_stop_words(self, source: _StrPath | Iterable[str]) -> None: ...
    def textrank(
        self,
        text: str,
        top_k: int | None = 20,
        with_weight: bool = False,
        allow_pos: Iterable[str] | None = None,
        with_flag: bool = False,
        *,
        script: _Script | None = None,
        fold_script: Literal["simplified"] | None = None,
    ) -> list[Any]: ...
    def __getnewargs__(self) -> tuple[Tokenizer]: ...
    def __getstate__(self) -> bytes: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class Analyzer:
    def __new__(
        cls,
        tokenizer: Tokenizer,
        mode: _Mode = "default",
        hmm: bool = True,
        lowercase: bool = True,
        drop_punctuation: bool = True,
        drop_numbers: bool = True,
        min_length: int = 1,
        stop_words: list[str] | None = None,
        ngram_range: tuple[int, int] = ...,
        script: _Script | None = None,
        fold_script: Literal["simplified"] | None = None,
    ) -> Analyzer: ...
    def __call__(self, text: str) -> list[str]: ...
    def count(
        self,
        texts: Iterable[str | float | None],
        *,
        threads: int | None = None,
        missing: str = "raise",
        progress: bool | None = None,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], npt.NDArray[np.int64], list[str]]: ...
    def count_vocabulary(
        self,
        texts: Iterable[str | float | None],
        vocabulary: dict[str, int],
        *,
        threads: int | None = None,
        missing: str = "raise",
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], npt.NDArray[np.int64]]: ...
    def __getnewargs__(self) -> tuple[Tokenizer]: ...
    def __getstate__(self) -> bytes: ...
    def __setstate__(self, state: bytes) -> None: ...

def _annotate_many(
    extractor: TfidfExtractor,
    texts: Iterable[str | float | None] | Any,
    *,
    top_k: int = 10,
    threads: int | None = None,
    missing: _PerTextMissing = "null",
    progress: bool | None = None,
    script: _Script = "auto",
    keep_tokens: bool = True,
) -> Any: ...
def _discover_words(
    texts: Iterable[str | float | None],
    tokenizer: Tokenizer,
    *,
    min_count: int,
    max_len: int,
    threads: int | None,
    missing: str,
    max_ngrams: int,
    function_chars: bool,
    nested_share: float,
    script: str,
) -> Any: ...
def _load_embedded() -> None: ...
def _release_freed_memory() -> None: ...
def _start_loading_embedded() -> None: ...

_EncodingErrors = Literal["strict", "replace"]

@final
class Article:
    @property
    def id(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def outlet(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def section(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def published(self) -> Any: ...
    @property
    def script(self) -> str: ...
    @property
    def n_chars(self) -> int: ...
    @property
    def paragraphs(self) -> list[str]: ...
    @property
    def subheadings(self) -> list[str]: ...
    @property
    def text(self) -> str: ...
    @property
    def images(self) -> list[dict[str, str]]: ...
    @property
    def links(self) -> list[dict[str, str]]: ...
    @property
    def related(self) -> list[dict[str, str]]: ...
    @property
    def embeds(self) -> list[dict[str, str]]: ...
    @property
    def byline(self) -> dict[str, Any]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, json: str) -> Article: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def _repr_html_(self) -> str: ...

def parse_article(
    content: str | bytes, path: _StrPath | None = None, *, encoding_errors: _EncodingErrors = "strict"
) -> Article: ...
def read_article(
    path: _StrPath, *, encoding_errors: _EncodingErrors = "strict", max_file_size: int = ...
) -> Article: ...

_Source = str | bytes | os.PathLike[str] | os.PathLike[bytes] | "PlannedSource" | tuple[str, bytes]

@final
class PlannedSource:
    def __len__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @classmethod
    def _restore(
        cls, path: _StrPath | None, start: int, stop: int, name: str | None, error: str | None
    ) -> PlannedSource: ...
    @classmethod
    def failed(cls, name: str, message: str) -> PlannedSource: ...

def _plan_sources(sources: list[_Source], per_part: int, *, max_file_size: int = ...) -> list[PlannedSource]: ...

@final
class ArticleReader:
    def __new__(
        cls,
        sources: list[_Source],
        *,
        batch_size: int = 2048,
        errors: Literal["raise", "skip", "collect"] = "raise",
        encoding_errors: _EncodingErrors = "strict",
        threads: int | None = None,
        max_file_size: int = ...,
    ) -> ArticleReader: ...
    def __iter__(self) -> Self: ...
    def __next__(self) -> Any: ...  # pyarrow.RecordBatch
    @property
    def skipped(self) -> int: ...
    @property
    def first_skipped(self) -> str | None: ...
    def close(self) -> None: ...

def article_schema() -> Any: ...  # pyarrow.Schema
def _write_jsonl(rows: Any, path: _StrPath) -> int: ...  # rows: a pyarrow Table or RecordBatch

@final
class _ParquetWriter:
    def __new__(cls, path: _StrPath, row_group_bytes: int) -> _ParquetWriter: ...
    def write(self, rows: Any) -> None: ...  # rows: a pyarrow Table or RecordBatch
    def close(self) -> int: ...

@final
class ArrowArray:
    """An Arrow array offered through the Arrow PyCapsule interface."""

    def __arrow_c_schema__(self) -> Any: ...
    def __arrow_c_array__(self, requested_schema: Any | None = None) -> tuple[Any, Any]: ...

@final
class ArrowStream:
    """Record batches offered once through the Arrow PyCapsule interface."""

    def __arrow_c_schema__(self) -> Any: ...
    def __arrow_c_stream__(self, requested_schema: Any | None = None) -> Any: ...

_ConvertTarget = Literal["simplified", "traditional", "taiwan", "hongkong"]
_ConvertConfig = Literal["s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "tw2sp", "s2twp"]

@overload
def convert(  # type: ignore[overload-overlap]  # a str is also an iterable of str
    text_or_texts: str,
    to: _ConvertTarget | None = None,
    *,
    phrases: bool = True,
    threads: int | None = None,
    config: _ConvertConfig | None = None,
    progress: bool | None = None,
) -> str: ...
@overload
def convert(
    text_or_texts: Iterable[str],
    to: _ConvertTarget | None = None,
    *,
    phrases: bool = True,
    threads: int | None = None,
    config: _ConvertConfig | None = None,
    progress: bool | None = None,
) -> list[str]: ...

_Signatures = npt.NDArray[np.uint32] | npt.NDArray[np.uint64]

def minhash(
    texts: Iterable[str | None],
    *,
    num_perm: int = 128,
    shingle: int = 5,
    seed: int = 1,
    scheme: Literal["affine32", "legacy"] = "affine32",
    script: _Script = "auto",
    threads: int | None = None,
    missing: Literal["raise", "empty"] = "raise",
) -> _Signatures: ...
def shingles(text: str, *, shingle: int = 5, script: _Script = "auto") -> list[str]: ...
def lsh_params(threshold: float = 0.8, num_perm: int = 128, *, bands: int | None = None) -> tuple[int, int]: ...
def _near_duplicates(
    signatures: _Signatures,
    texts: Iterable[str | None] | None,
    *,
    threshold: float,
    bands: int | None = None,
    shingle: int = 5,
    script: str = "auto",
    threads: int | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]: ...
def _band_keys(signatures: _Signatures, *, threshold: float, bands: int | None = None) -> npt.NDArray[np.uint64]: ...
def _exact_jaccard(
    left: Iterable[str | None],
    right: Iterable[str | None],
    *,
    shingle: int = 5,
    script: str = "auto",
    threads: int | None = None,
) -> npt.NDArray[np.float64]: ...
def _groups(n: int, i: npt.NDArray[np.int64], j: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]: ...
def _duplicate_groups(
    texts: Iterable[str | None],
    *,
    threshold: float,
    num_perm: int = 128,
    verify: bool = True,
    bands: int | None = None,
    shingle: int = 5,
    seed: int = 1,
    scheme: Literal["affine32", "legacy"] = "affine32",
    script: _Script = "auto",
    threads: int | None = None,
    missing: Literal["raise", "empty"] = "raise",
) -> npt.NDArray[np.int64]: ...

"""Dask: two worker processes read, cut, extract keywords and fit TF-IDF exactly as one machine does."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest
import zhtext as zt

from .conftest import corpus_root, has_shared

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
pytest.importorskip("sklearn")

import dask.dataframe as dd  # noqa: E402  (after the skips)
import zhtext.dask as zd  # noqa: E402  (after the skips: it needs dask)

# Several partitions of the corpus, whole or the plain clone's 21-file excerpt.
PER_PARTITION = 16 if has_shared() else 4


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def local():
    return zt.read_articles(corpus_root())


def test_read_articles_matches_the_local_frame(client, local) -> None:
    ddf = zd.read_articles(corpus_root(), files_per_partition=PER_PARTITION)
    assert ddf.npartitions == -(-len(local) // PER_PARTITION)
    assert ddf.dtypes.equals(local.dtypes)
    remote = ddf.compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(remote, local)


def test_cut_and_keywords_in_partitions_match(client, local) -> None:
    ddf = zd.read_articles(corpus_root(), files_per_partition=PER_PARTITION)
    words = ddf["text"].map_partitions(lambda s: s.zh.cut(threads=1), meta=("text", local["text"].zh.cut().dtype))
    keywords = ddf["text"].map_partitions(lambda s: s.zh.keywords(top_k=10, threads=1))
    assert words.compute().tolist() == local["text"].zh.cut().tolist()
    assert keywords.compute().tolist() == local["text"].zh.keywords(top_k=10).tolist()


def test_idf_and_vectorizer_fits_combine_partitions_exactly(client, local, tmp_path: Path) -> None:
    ddf = zd.read_articles(corpus_root(), files_per_partition=PER_PARTITION)
    texts = local["text"].tolist()
    remote_ex = zd.fit_idf(ddf["text"])
    local_ex = zt.TfidfExtractor().fit(texts)
    remote_ex.save_idf(tmp_path / "remote.txt")
    local_ex.save_idf(tmp_path / "local.txt")
    assert (tmp_path / "remote.txt").read_text(encoding="utf-8") == (tmp_path / "local.txt").read_text(encoding="utf-8")
    params = {"min_df": 2, "max_df": 0.8, "max_features": 2000, "sublinear_tf": True}
    remote_vec = zd.fit_vectorizer(ddf["text"], zt.TfidfVectorizer(threads=1, **params))
    local_vec = zt.TfidfVectorizer(**params)
    expected = local_vec.fit_transform(texts)
    assert remote_vec.vocabulary_ == local_vec.vocabulary_
    np.testing.assert_array_equal(remote_vec.idf_, local_vec.idf_)
    assert abs(zd.transform(ddf["text"], remote_vec) - expected).max() <= 1e-12


def test_workers_keep_one_default_tokenizer_and_small_pickles(client) -> None:
    first = client.run(lambda: id(zt.default_tokenizer()))
    second = client.run(lambda: id(zt.default_tokenizer()))
    assert first == second and len(first) == 2
    tok = zt.Tokenizer()
    tok.add_word("侍建宇", tag="nr")
    ex = zt.TfidfExtractor(tokenizer=tok)
    assert len(pickle.dumps(tok)) < 1024
    future = client.submit(lambda t, e: (t.cut("侍建宇说"), e.extract("侍建宇说中亚", 2)), tok, ex)
    assert future.result() == (tok.cut("侍建宇说"), ex.extract("侍建宇说中亚", 2))


def test_a_corrupt_file_in_a_partition(client, tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    sample = Path(zt.sample_article_path()).read_text(encoding="utf-8")
    for i in range(9):
        (folder / f"{i}.md").write_text(sample, encoding="utf-8")
    (folder / "4.md").write_bytes(b"\x00\x01 not an article")
    collected = zd.read_articles(folder, files_per_partition=3, errors="collect").compute()
    assert len(collected) == 9
    bad = collected.set_index("id").loc["4"]
    assert "4.md" in bad["error"] and "binary" in bad["error"]
    assert collected["error"].isna().sum() == 8
    with pytest.raises(zt.ArticleError, match=r"4\.md"):
        zd.read_articles(folder, files_per_partition=3).compute()


def test_fsspec_urls_are_read_by_the_partitions() -> None:
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    sample = Path(zt.sample_article_path()).read_bytes()
    for i in range(3):
        fs.pipe(f"/zhtext-test/archive/{i}.md", sample)
    fs.pipe("/zhtext-test/archive/notes.tsv", b"not an article")
    # The in-memory filesystem lives in this process: compute with the local scheduler.
    frame = zd.read_articles("memory://zhtext-test/archive", files_per_partition=2).compute(scheduler="sync")
    assert frame["path"].tolist() == [f"memory:///zhtext-test/archive/{i}.md" for i in range(3)]
    assert frame["title"].nunique() == 1 and frame["error"].isna().all()


def test_parquet_round_trip(client, local, tmp_path: Path) -> None:
    ddf = zd.read_articles(corpus_root(), files_per_partition=PER_PARTITION)
    ddf["keywords"] = ddf["text"].map_partitions(lambda s: s.zh.keywords(top_k=5, threads=1))
    ddf.to_parquet(tmp_path / "articles")
    back = dd.read_parquet(tmp_path / "articles").compute().reset_index(drop=True)
    expected = local.assign(keywords=local["text"].zh.keywords(top_k=5))
    pd.testing.assert_frame_equal(back, expected)


def test_near_duplicates_across_partitions_equal_the_local_pairs(client, local) -> None:
    texts = local["text"].tolist()[:40]
    # Near-copies placed in other partitions than their originals (the last quarter), and texts that
    # match nothing. The copies are of the two longest texts of the first half, so they stay near.
    first, second = sorted(texts[: len(texts) // 2], key=len)[-2:]
    texts += [first + "（本文有更新）", second[:-30], first, "", None]
    series = pd.Series(texts, dtype=object)
    ddf = zd.dd.from_pandas(series, npartitions=4)
    for verify in (True, False):
        expected = zt.near_duplicates(texts, verify=verify, missing="empty")
        remote = zd.near_duplicates(ddf, verify=verify, missing="empty")
        assert len(expected) >= 3
        pd.testing.assert_frame_equal(remote, expected)

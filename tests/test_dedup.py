"""Near-duplicates: signatures equal to datasketch's, pairs equal to brute force, groups, bad input."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import zhtext as zt

from .conftest import corpus_texts

datasketch = pytest.importorskip("datasketch")
pd = pytest.importorskip("pandas")

STORY = (
    "国家统计局今天发布数据显示，十月份全国居民消费价格同比上涨百分之二点一，环比持平。"
    "其中，食品价格上涨百分之三点五，非食品价格上涨百分之一点八。"
    "统计局城市司首席统计师表示，猪肉价格回落带动食品价格涨幅收窄。"
)


def datasketch_signature(text: str, num_perm: int, seed: int, scheme: str, shingle: int = 5) -> np.ndarray:
    m = datasketch.MinHash(num_perm=num_perm, seed=seed, scheme=scheme)
    m.update_batch([s.encode("utf-8") for s in zt.shingles(text, shingle=shingle)])
    return m.hashvalues


@pytest.mark.parametrize("scheme", ["affine32", "legacy"])
@pytest.mark.parametrize(("num_perm", "seed"), [(128, 1), (64, 42), (7, 0)])
def test_signatures_equal_datasketch(scheme: str, num_perm: int, seed: int) -> None:
    texts = [STORY, STORY[:40], "Hello, World! 你好世界", "", "短"]
    ours = zt.minhash(texts, num_perm=num_perm, seed=seed, scheme=scheme)
    assert ours.shape == (len(texts), num_perm)
    for row, text in zip(ours, texts, strict=True):
        theirs = datasketch_signature(text, num_perm, seed, scheme)
        assert row.dtype == theirs.dtype
        np.testing.assert_array_equal(row, theirs)


def test_signatures_of_corpus_articles_equal_datasketch() -> None:
    texts = corpus_texts()[:5]
    ours = zt.minhash(texts, threads=2)
    for row, text in zip(ours, texts, strict=True):
        np.testing.assert_array_equal(row, datasketch_signature(text, 128, 1, "affine32"))
    # The signatures can go into datasketch's LSH and find each other.
    lsh = datasketch.MinHashLSH(threshold=0.8, num_perm=128)
    for k, row in enumerate(ours):
        lsh.insert(k, datasketch.MinHash(num_perm=128, hashvalues=row, scheme="affine32"))
    assert lsh.query(datasketch.MinHash(num_perm=128, hashvalues=ours[2], scheme="affine32")) == [2]


def test_signature_array_owns_its_buffer_and_threads_agree() -> None:
    texts = [STORY[k:] for k in range(50)]
    one = zt.minhash(texts, threads=1)
    assert one.flags["C_CONTIGUOUS"] and one.flags["OWNDATA"] is False and one.base is not None
    np.testing.assert_array_equal(one, zt.minhash(texts, threads=2))


def test_shingles_are_normalised_character_ngrams() -> None:
    assert zt.shingles("美国 总统，拜登！", shingle=4) == ["美国总统", "国总统拜", "总统拜登"]
    assert zt.shingles("ＡＢＣ abc", shingle=3) == ["abc", "bca", "cab", "abc"]
    assert zt.shingles("四个字符", shingle=5) == []


def exact_jaccard(a: str, b: str, shingle: int = 5) -> float:
    x, y = set(zt.shingles(a, shingle=shingle)), set(zt.shingles(b, shingle=shingle))
    return len(x & y) / len(x | y) if x and y else 0.0


def variants(paragraphs: list[str]) -> list[str]:
    """Near-copies of an article: a paragraph removed, added, edited, and another footer."""
    text = "\n".join(paragraphs)
    out = [
        "\n".join(paragraphs[:-1]),
        text + "\n本台记者补充报道：有关部门表示将继续关注事态发展。",
        text.replace("。", "；", 2),
        text + "\n（本文版权归原作者所有，转载请注明出处）",
    ]
    if len(paragraphs) > 2:
        middle = len(paragraphs) // 2
        out.append("\n".join([*paragraphs[:middle], "编者按：此段内容已更正。", *paragraphs[middle + 1 :]]))
    return out


@pytest.fixture(scope="module")
def near_copies() -> list[str]:
    from .conftest import corpus_article_paragraphs

    articles = [a for a in corpus_article_paragraphs() if sum(map(len, a)) > 300][:12]
    texts = ["\n".join(a) for a in articles]
    for a in articles[:6]:
        texts.extend(variants(a))
    return [*texts, "", "太短", None]


def brute_force(texts: list[str | None], threshold: float) -> dict[tuple[int, int], float]:
    sets = [set(zt.shingles(t or "")) for t in texts]
    found = {}
    for i, j in itertools.combinations(range(len(texts)), 2):
        if sets[i] and sets[j]:
            similarity = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
            if similarity >= threshold:
                found[(i, j)] = similarity
    return found


def test_verified_pairs_equal_brute_force(near_copies: list[str | None]) -> None:
    expected = brute_force(near_copies, 0.8)
    assert len(expected) >= 20
    pairs = zt.near_duplicates(near_copies, missing="empty")
    assert list(pairs.columns) == ["i", "j", "jaccard"]
    assert pairs["i"].dtype == np.int64 and pairs["jaccard"].dtype == np.float64
    assert dict(zip(zip(pairs["i"], pairs["j"], strict=True), pairs["jaccard"], strict=True)) == pytest.approx(
        expected, abs=1e-12
    )
    assert (pairs["i"] < pairs["j"]).all()
    assert pairs.sort_values(["i", "j"]).index.equals(pairs.index)


def test_estimated_pairs_without_verification(near_copies: list[str | None]) -> None:
    texts = [t or "" for t in near_copies]
    expected = brute_force(texts, 0.8)
    signatures = zt.minhash(texts)
    from_signatures = zt.near_duplicates(signatures, verify=False)
    from_texts = zt.near_duplicates(texts, verify=False)
    pd.testing.assert_frame_equal(from_signatures, from_texts)
    found = set(zip(from_texts["i"], from_texts["j"], strict=True))
    assert len(found & set(expected)) >= 0.9 * len(expected)
    # The estimate is the fraction of agreeing signature values.
    for i, j, estimate in from_texts.itertuples(index=False):
        assert estimate == (signatures[i] == signatures[j]).mean()
        assert estimate >= 0.8


def test_groups_are_connected_components(near_copies: list[str | None]) -> None:
    groups = zt.duplicate_groups(near_copies, missing="empty")
    pairs = zt.near_duplicates(near_copies, missing="empty")
    assert groups.dtype == np.int64 and len(groups) == len(near_copies)
    for i, j in zip(pairs["i"], pairs["j"], strict=True):
        assert groups[i] == groups[j]
    # Numbered in order of first appearance; the empty, short and missing texts stand alone.
    assert groups[0] == 0 and list(np.unique(groups)) == list(range(groups.max() + 1))
    assert len(set(groups[-3:])) == 3 and not set(groups[-3:]) & set(groups[:-3])
    # A chain is one group even where its ends are not near-duplicates.
    extra = "".join(chr(0x4E00 + 37 * k) for k in range(28))
    chain = [STORY, STORY + extra[:14], STORY + extra]
    assert exact_jaccard(chain[0], chain[2]) < 0.8
    assert zt.duplicate_groups(chain).tolist() == [0, 0, 0]


def test_series_accessor_uses_index_labels() -> None:
    import zhtext.accessor  # noqa: F401  (registers .zh)

    s = pd.Series([STORY, None, STORY + "（完）", "另一篇完全不同的报道。"], index=["a", "b", "c", "d"])
    pairs = s.zh.near_duplicates()
    assert pairs[["i", "j"]].values.tolist() == [["a", "c"]]
    assert s.zh.duplicate_groups().tolist() == [0, pd.NA, 0, 1]


def test_a_traditional_copy_is_a_near_duplicate_with_script_auto() -> None:
    traditional = zt.convert(STORY, to="traditional")
    assert traditional != STORY
    assert zt.shingles(traditional) == zt.shingles(STORY)
    assert zt.shingles(traditional, script="as_is") != zt.shingles(STORY)
    # Simplified text is not touched: its signature is that of "as_is".
    assert (zt.minhash([STORY]) == zt.minhash([STORY], script="as_is")).all()
    pairs = zt.near_duplicates([STORY, traditional, "无关的另一篇文章，讲的是天气和交通。"])
    assert pairs[["i", "j"]].values.tolist() == [[0, 1]]
    assert zt.near_duplicates([STORY, traditional], script="as_is").empty


def test_empty_and_short_texts_match_nothing() -> None:
    pairs = zt.near_duplicates(["", "", "短", "短", STORY, STORY])
    assert pairs[["i", "j"]].values.tolist() == [[4, 5]]
    empty = zt.minhash([""])
    assert (empty == np.iinfo(np.uint32).max).all()


def test_bad_input_has_clear_errors() -> None:
    with pytest.raises(TypeError, match=r"texts\[1\] is NoneType.*missing='empty'"):
        zt.minhash([STORY, None])
    with pytest.raises(ValueError, match=r"texts\[1\] is NaN.*missing='empty'"):
        zt.near_duplicates([STORY, float("nan")])
    with pytest.raises(TypeError, match="single str"):
        zt.near_duplicates(STORY)
    with pytest.raises(ValueError, match=r"num_perm \(128\) must be a positive multiple of bands \(12\)"):
        zt.near_duplicates([STORY], bands=12)
    with pytest.raises(ValueError, match="num_perm must be positive"):
        zt.minhash([STORY], num_perm=0)
    with pytest.raises(ValueError, match="threshold"):
        zt.near_duplicates([STORY], threshold=1.5)
    with pytest.raises(ValueError, match="shingle"):
        zt.minhash([STORY], shingle=0)
    with pytest.raises(ValueError, match="seed"):
        zt.minhash([STORY], seed=-1)
    with pytest.raises(ValueError, match="scheme"):
        zt.minhash([STORY], scheme="affine64")
    with pytest.raises(ValueError, match="script must be"):
        zt.minhash([STORY], script="klingon")  # type: ignore[arg-type]
    signatures = zt.minhash([STORY, STORY])
    with pytest.raises(ValueError, match=r"verify=True.*pass the texts"):
        zt.near_duplicates(signatures)
    with pytest.raises(ValueError, match="num_perm=64 but the signatures have 128"):
        zt.near_duplicates(signatures, num_perm=64, verify=False)
    with pytest.raises(TypeError, match="uint32 or uint64"):
        zt.near_duplicates(signatures.astype(np.float64), verify=False)
    assert zt.near_duplicates(signatures, verify=False, bands=16)[["i", "j"]].values.tolist() == [[0, 1]]

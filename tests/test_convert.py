"""zhtext.convert: OpenCC parity, the API around it, the accessor and the CLI."""

from __future__ import annotations

import io

import pytest
import zhtext as zt
from zhtext import cli

from .conftest import corpus_paragraphs, pku_lines

CONFIGS = ["s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "tw2sp", "s2twp"]
SOURCE_OF = {"t2s": "s2t", "tw2s": "s2tw", "hk2s": "s2hk", "tw2sp": "s2twp"}


def test_targets_map_onto_opencc_configs() -> None:
    text = "头发和鼠标软件着装的线"
    opencc = pytest.importorskip("opencc")
    for to, phrases, config in [
        ("traditional", True, "s2t"),
        ("taiwan", True, "s2twp"),
        ("taiwan", False, "s2tw"),
        ("hongkong", True, "s2hk"),
    ]:
        assert zt.convert(text, to, phrases=phrases) == opencc.OpenCC(config).convert(text)
    traditional = opencc.OpenCC("s2t").convert(text)
    assert zt.convert(traditional) == zt.convert(traditional, "simplified") == opencc.OpenCC("t2s").convert(traditional)


def test_single_text_and_batches_agree() -> None:
    texts = ["汉字转换", "", "头发 hair 😀 𠮷", "着装" * 5000]
    assert zt.convert(texts, to="traditional") == [zt.convert(t, to="traditional") for t in texts]
    assert zt.convert(tuple(texts), to="traditional", threads=2) == zt.convert(iter(texts), to="traditional", threads=1)
    assert zt.convert([], to="traditional") == []


@pytest.mark.parametrize("config", CONFIGS)
def test_parity_with_opencc(config: str) -> None:
    """Identical output to the opencc package on a sample of corpus paragraphs and PKU lines
    (bench/parity_convert.py runs every text)."""
    opencc = pytest.importorskip("opencc")
    texts = corpus_paragraphs()[::4] + pku_lines()[::4]
    if config in SOURCE_OF:
        source = opencc.OpenCC(SOURCE_OF[config])
        texts += [source.convert(t) for t in texts]
    reference = opencc.OpenCC(config)
    ours = zt.convert(texts, config=config)
    differ = [(t, o) for t, o in zip(texts, ours, strict=True) if reference.convert(t) != o]
    assert len(differ) <= len(texts) * 0.001, differ[:5]


def test_bad_input_is_named() -> None:
    with pytest.raises(ValueError, match="to must be"):
        zt.convert("x", to="zh-hant")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="unknown conversion config"):
        zt.convert("x", config="s2jp")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="either to= or config="):
        zt.convert("x", to="taiwan", config="s2tw")
    with pytest.raises(TypeError, match=r"texts\[1\] is int"):
        zt.convert(["x", 3])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"texts\[0\] is NoneType"):
        zt.convert([None])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="str or an iterable"):
        zt.convert(3)  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="surrogate"):
        zt.convert("lone \ud800")
    with pytest.raises(ValueError, match=r"texts\[1\].*surrogate"):
        zt.convert(["ok", "lone \ud800"])


def test_accessor_keeps_missing_rows() -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    import zhtext.accessor  # noqa: F401

    s = pd.Series(["汉字", None, "软件"], index=[3, 1, 2], name="text")
    out = s.zh.convert(to="taiwan")
    assert out.tolist() == ["漢字", pd.NA, "軟體"]
    assert list(out.index) == [3, 1, 2] and out.name == "text"
    with pytest.raises(TypeError, match="row 1"):
        pd.Series(["汉字", 5]).zh.convert()


def test_cli_converts_files_and_stdin(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "in.txt"
    path.write_text("汉字转换\n头发\n", encoding="utf-8")
    out = io.StringIO()
    assert cli.main(["convert", "--to", "traditional", str(path)], out=out) == 0
    assert out.getvalue() == "漢字轉換\n頭髮\n"
    out = io.StringIO()
    assert cli.main(["convert", "--config", "tw2sp", "-"], out=out, stdin=io.StringIO("滑鼠\n")) == 0
    assert out.getvalue() == "鼠标\n"

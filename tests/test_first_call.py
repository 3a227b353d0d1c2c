"""The first calls of a process (issue 18): while the embedded dictionary is still being built on the
loading thread, short texts are cut by a segmenter of just their own words; the results must be the ones
the whole dictionary gives, and edits must wait for the whole dictionary."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

# Each child process runs its calls right after `import zhtext`, while the loading thread is still
# building the dictionary (it takes a tenth of a second or more), then again once it is built.
_CHILD = textwrap.dedent(
    """
    import json, sys
    import zhtext as zt
    from zhtext import _zhtext

    texts = json.loads(sys.argv[1])

    def calls():
        return {
            "cut": [zt.cut(t) for t in texts],
            "cut_nohmm": [zt.cut(t, hmm=False) for t in texts],
            "search": [zt.cut_for_search(t) for t in texts],
            "tag": [zt.tag(t) for t in texts],
            "keywords": [zt.extract_tags(t, top_k=5, with_weight=True) for t in texts],
        }

    early = calls()
    _zhtext._load_embedded()  # waits until the whole dictionary is built
    print(json.dumps({"early": early, "built": calls()}))
    """
)

TEXTS = [
    "我来到北京清华大学",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造B超",
    "Covid-19 疫情下的大学生活，的的的，T恤衫 AA制",
    "记者从市政府获悉，本市将在明年年底前建成覆盖全市的公共充电网络，新能源汽车的充电难问题将得到缓解。" * 3,
    "",
]


def test_first_calls_give_what_the_whole_dictionary_gives() -> None:
    run = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(TEXTS)], capture_output=True, text=True, check=True)
    result = json.loads(run.stdout)
    assert result["early"] == result["built"]
    assert result["early"]["cut"][0] == ["我", "来到", "北京", "清华大学"]


def test_a_tokenizer_made_while_loading_edits_the_whole_dictionary() -> None:
    child = textwrap.dedent(
        """
        import zhtext as zt
        tok = zt.Tokenizer()  # the loading thread is still at work
        assert tok.cut("创新办主任") == ["创新", "办", "主任"]
        tok.add_word("创新办", 3, "i")
        print(tok.cut("创新办主任"), tok.total > 60_000_000, tok.word_freq("清华大学"))
        """
    )
    run = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "['创新办', '主任'] True 922"

#!/usr/bin/env bash
# Build the wheel as the release workflow does (abi3, manylinux2014 through zig), check its platform tag with
# auditwheel and that it carries LICENSE and THIRD_PARTY_NOTICES, install it into a fresh virtual environment
# whose PATH has no cargo, and run the main job on the bundled sample plus a smoke test of the API.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python -m pip install --quiet "maturin>=1.9,<2.0" ziglang auditwheel
maturin build --release --compatibility manylinux2014 --zig --out "$work/dist"
wheel=$(ls "$work"/dist/zhtext-*.whl)
name=$(basename "$wheel")
echo "built $name"

# One abi3 wheel for every CPython >= 3.10, for glibc 2.17 and newer.
[[ $name == *-cp310-abi3-*manylinux_2_17_* ]] || { echo "not an abi3 manylinux_2_17 wheel: $name"; exit 1; }
report=$(auditwheel show "$wheel" | tr -s ' \n' '  ')  # one line: auditwheel wraps its report
echo "$report"
grep -q 'consistent with the following platform tag: "manylinux_2_17_' <<<"$report" \
    || { echo "auditwheel: the extension needs more than manylinux_2_17"; exit 1; }

# The licence files, where PEP 639 puts them. The listing is read whole first: `grep -q` stops at its
# match, and under pipefail the lister's broken pipe would fail the check.
listing=$(python -m zipfile -l "$wheel")
for file in LICENSE THIRD_PARTY_NOTICES; do
    grep -q "zhtext-[^/]*\.dist-info/licenses/$file " <<<"$listing" \
        || { echo "$file is missing from the wheel"; exit 1; }
done

# A fresh environment, and a PATH without cargo: the wheel must not need Rust.
python -m venv "$work/venv"
path="$work/venv/bin"
IFS=: read -ra dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
    [[ -x $dir/cargo ]] || path="$path:$dir"
done
export PATH=$path VIRTUAL_ENV=$work/venv
! command -v cargo >/dev/null || { echo "cargo is still on PATH"; exit 1; }
python -m pip install --quiet "zhtext[pandas] @ file://$wheel"

cd "$work"  # away from the source tree
zhtext analyze
python - <<'PY'
import importlib.metadata
import pickle

import zhtext as zt

assert zt.cut("我来到北京清华大学") == ["我", "来到", "北京", "清华大学"]
assert zt.tag("我爱北京天安门")[0] == ("我", "r")
art = zt.read_article(zt.sample_article_path())
assert art.title and art.paragraphs
assert len(zt.extract_tags(art.text, top_k=5)) == 5
tok = pickle.loads(pickle.dumps(zt.Tokenizer()))
assert tok.cut_many(["永和服装饰品有限公司"]) == [["永和", "服装", "饰品", "有限公司"]]
licences = {f.name for f in importlib.metadata.files("zhtext") if "licenses" in f.parts}
assert licences == {"LICENSE", "THIRD_PARTY_NOTICES"}, licences
notices = importlib.metadata.distribution("zhtext").read_text("licenses/THIRD_PARTY_NOTICES")
assert "Copyright (c) 2013 Sun Junyi" in notices
print("wheel smoke test passed:", importlib.metadata.version("zhtext"))
PY

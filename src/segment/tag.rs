//! Part-of-speech tagging as `jieba.posseg` does it: its own block split,
//! dictionary tags along the best route, and the joint HMM for the runs of
//! characters the dictionary leaves single.

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use super::chars::{self, is_han, is_han_internal};
use super::dictionary;
use super::posseg;
use super::prefix_table::{Blocks, PrefixTable};
use super::Segmenter;

/// The bytes of text routed at a time: a block longer than two is routed
/// in stretches ([`Segmenter::stretches`]).
const STRETCH_BYTES: usize = 16 << 10;

/// A word and its part-of-speech tag.
pub type Tagged<'a> = (&'a str, &'a str);

/// Which of the tags the mention and quote rules read a tag is (any other
/// reads as `x`), found once where the tag is (a dictionary's tags, the
/// user's, the HMM's), so that no tagged word's tag is matched as a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TagId(u8);

impl TagId {
    /// The tags the rules read, by id; the last is `x`.
    const NAMES: [&'static str; 50] = [
        "nr", "nrt", "nrfg", "ns", "nt", "nz", "n", "ng", "j", "vn", "an", "l", "i", "eng", "v",
        "vd", "vg", "vi", "vq", "p", "c", "d", "dg", "uj", "ul", "uz", "uv", "ud", "ug", "u", "r",
        "rr", "rz", "m", "mq", "q", "f", "t", "tg", "y", "e", "o", "zg", "a", "ad", "ag", "b", "z",
        "s", "x",
    ];
    pub(crate) const NR: TagId = TagId::of("nr");
    pub(crate) const NRT: TagId = TagId::of("nrt");
    pub(crate) const NRFG: TagId = TagId::of("nrfg");
    pub(crate) const NS: TagId = TagId::of("ns");
    const X: TagId = TagId((TagId::NAMES.len() - 1) as u8);

    /// The id of `tag` (`x`'s for a tag the rules do not read).
    pub(crate) const fn of(tag: &str) -> TagId {
        let mut i = 0;
        while i < TagId::NAMES.len() {
            if same(tag.as_bytes(), TagId::NAMES[i].as_bytes()) {
                return TagId(i as u8);
            }
            i += 1;
        }
        TagId::X
    }

    /// The tag as the rules read it.
    pub(crate) fn name(self) -> &'static str {
        TagId::NAMES[self.0 as usize]
    }
}

/// `a == b`, in a `const fn`.
const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A tagged word's tag: its name, and its [`TagId`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tag<'a> {
    pub name: &'a str,
    pub id: TagId,
}

impl<'a> Tag<'a> {
    const X: Tag<'static> = Tag::literal("x");
    const ENG: Tag<'static> = Tag::literal("eng");
    const M: Tag<'static> = Tag::literal("m");
    /// No tag: a dictionary line without one.
    const NONE: Tag<'static> = Tag::literal("");

    /// The tag named `name`, its id found now.
    pub(crate) fn named(name: &'a str) -> Tag<'a> {
        Tag {
            name,
            id: TagId::of(name),
        }
    }

    const fn literal(name: &'static str) -> Tag<'static> {
        Tag {
            name,
            id: TagId::of(name),
        }
    }
}

impl Segmenter {
    /// `jieba.posseg.lcut(text, HMM=hmm)` as `(word, tag)` pairs.
    pub fn tag<'a>(&'a self, text: &'a str, hmm: bool) -> Vec<Tagged<'a>> {
        let mut tagged = Vec::with_capacity(text.len() / 3);
        self.tag_each(text, hmm, |w, t| tagged.push((w, t)));
        tagged
    }

    /// Tagged words of `text`, handed to `emit` in order.
    pub fn tag_each<'a>(
        &'a self,
        text: &'a str,
        hmm: bool,
        mut emit: impl FnMut(&'a str, &'a str),
    ) {
        self.tagged_each(text, hmm, |word, tag| emit(word, tag.name));
    }

    /// [`Segmenter::tag_each`] with each tag's [`TagId`].
    pub(crate) fn tagged_each<'a>(
        &'a self,
        text: &'a str,
        hmm: bool,
        mut emit: impl FnMut(&'a str, Tag<'a>),
    ) {
        if hmm {
            if let Some((table, tags)) = self.table.as_ref().zip(self.word_tags()) {
                self.tag_along_table(table, tags, text, &mut emit);
                return;
            }
        }
        for (han, block) in chars::runs(text, is_han_internal) {
            if han {
                if hmm {
                    self.tag_block_hmm(block, &mut emit);
                } else {
                    self.tag_block_no_hmm(block, &mut emit);
                }
                continue;
            }
            // Outside blocks every character is its own `x` word, but for
            // `\r\n`, which stays together.
            let mut rest = block;
            while let Some(c) = rest.chars().next() {
                let len = if rest.starts_with("\r\n") {
                    2
                } else {
                    c.len_utf8()
                };
                emit(&rest[..len], Tag::X);
                rest = &rest[len..];
            }
        }
    }

    /// `word_tag_tab.get(word, 'x')`, with the user's tags first.
    fn dictionary_tag<'a>(&'a self, word: &str, jieba_rs_tag: &'a str) -> Tag<'a> {
        if let Some(&(ref name, id)) = self.user_tags.get(word) {
            return Tag { name, id };
        }
        if jieba_rs_tag.is_empty() || !self.jieba.has_word(word) {
            Tag::X
        } else {
            Tag::named(jieba_rs_tag)
        }
    }

    /// [`Segmenter::dictionary_tag`] of a word of more than one character
    /// on jieba-rs's no-HMM route that is no run of single characters
    /// ([`Segmenter::is_single_chars`]): a dictionary word, whose tag
    /// (`dictionary_tag`) jieba-rs took from its entry, so that looking it
    /// up again (a trie walk per word) cannot change the tag.
    fn route_word_tag<'a>(&'a self, word: &str, dictionary_tag: Tag<'a>) -> Tag<'a> {
        if let Some(&(ref name, id)) = self.user_tags.get(word) {
            return Tag { name, id };
        }
        debug_assert!(self.jieba.has_word(word), "{word} is a dictionary word");
        if dictionary_tag.name.is_empty() {
            Tag::X
        } else {
            dictionary_tag
        }
    }

    /// Whether a no-HMM jieba-rs token is a run of single characters along
    /// the route (jieba-rs joins consecutive ASCII alphanumerics) rather
    /// than a dictionary word.
    fn is_single_chars(&self, word: &str) -> bool {
        word.chars().nth(1).is_none()
            || (word.bytes().all(|b| b.is_ascii_alphanumeric()) && !self.is_word(word))
    }

    /// posseg's reading of a word of the no-HMM route through a block,
    /// whose text starts at `text`: a run of single characters is gathered
    /// in `singles` (a byte range of `text`) and tagged once it ends
    /// ([`Segmenter::tag_singles`]); any other word is a dictionary word,
    /// tagged `tag()`.
    fn tag_route_word<'a>(
        &'a self,
        text: &'a str,
        singles: &mut Option<(usize, usize)>,
        word: &'a str,
        tag: impl FnOnce() -> Tag<'a>,
        emit: &mut impl FnMut(&'a str, Tag<'a>),
    ) {
        if self.is_single_chars(word) {
            let start = word.as_ptr() as usize - text.as_ptr() as usize;
            let end = start + word.len();
            *singles = Some(singles.map_or((start, end), |(s, _)| (s, end)));
            return;
        }
        self.tag_singles(text, singles, emit);
        emit(word, self.route_word_tag(word, tag()));
    }

    /// Tag the run of single characters gathered in `singles`, if any.
    fn tag_singles<'a>(
        &'a self,
        text: &'a str,
        singles: &mut Option<(usize, usize)>,
        emit: &mut impl FnMut(&'a str, Tag<'a>),
    ) {
        if let Some((s, e)) = singles.take() {
            self.tag_single_chars(&text[s..e], emit);
        }
    }

    /// [`Segmenter::tag_each`] with the HMM along the prefix table's route,
    /// with the dictionary's tags: the route without the HMM, as jieba-rs's
    /// `tag(block, false)` walks each of posseg's blocks, found for the
    /// whole text at once ([`Blocks::Tag`]), as a cut finds it, and without
    /// jieba-rs's trie walk at every character. A long text goes a piece
    /// at a time ([`Segmenter::route_pieces`]), in memory bounded by the
    /// piece.
    fn tag_along_table<'a>(
        &'a self,
        table: &PrefixTable,
        tags: &'a WordTags,
        text: &'a str,
        emit: &mut impl FnMut(&'a str, Tag<'a>),
    ) {
        let mut singles = None;
        for piece in self.route_pieces(text) {
            table.cut_each(piece, Blocks::Tag, false, &mut |word| {
                if word.chars().next().is_some_and(is_han_internal) {
                    self.tag_route_word(text, &mut singles, word, || tags.get(word), emit);
                } else {
                    // A character outside blocks (`\r\n` one word), which
                    // ends the block before it.
                    self.tag_singles(text, &mut singles, emit);
                    emit(word, Tag::X);
                }
            });
        }
        self.tag_singles(text, &mut singles, emit);
    }

    /// `text` in pieces for [`Segmenter::tag_along_table`], each of whole
    /// blocks and the characters between them, of about `STRETCH_BYTES` or
    /// more; a block longer than two stretches in [`Segmenter::stretches`]
    /// of its own. A text of up to two stretches is one piece.
    fn route_pieces<'a>(&self, text: &'a str) -> Vec<&'a str> {
        if text.len() <= 2 * STRETCH_BYTES {
            return vec![text];
        }
        let mut pieces = Vec::new();
        // Where the piece being gathered starts.
        let mut start = 0;
        for (han, run) in chars::runs(text, is_han_internal) {
            let run_start = run.as_ptr() as usize - text.as_ptr() as usize;
            let run_end = run_start + run.len();
            if han && run.len() > 2 * STRETCH_BYTES {
                if start < run_start {
                    pieces.push(&text[start..run_start]);
                }
                pieces.extend(self.stretches(run));
                start = run_end;
            } else if run_end - start >= STRETCH_BYTES {
                pieces.push(&text[start..run_end]);
                start = run_end;
            }
        }
        if start < text.len() {
            pieces.push(&text[start..]);
        }
        pieces
    }

    /// [`Segmenter::tag_each`] of a block with the HMM along jieba-rs's own
    /// route, for a dictionary the prefix table does not hold, a stretch at
    /// a time (memory bounded by the stretch).
    fn tag_block_hmm<'a>(&'a self, block: &'a str, emit: &mut impl FnMut(&'a str, Tag<'a>)) {
        let mut singles = None;
        for stretch in self.stretches(block) {
            for t in self.jieba.tag(stretch, false) {
                self.tag_route_word(block, &mut singles, t.word, || Tag::named(t.tag), emit);
            }
        }
        self.tag_singles(block, &mut singles, emit);
    }

    /// `block` in stretches that jieba-rs's best route cuts exactly as it
    /// cuts them inside the block, so that a long block is routed a stretch
    /// at a time, in memory bounded by the stretch. A stretch ends between
    /// two Han characters where no dictionary word spans across: every
    /// route passes there, so the best one on each side is the best one
    /// within it. A block with no such place stays whole.
    fn stretches<'a>(&self, block: &'a str) -> Vec<&'a str> {
        if block.len() <= 2 * STRETCH_BYTES {
            return vec![block];
        }
        let mut stretches = Vec::new();
        let mut start = 0;
        while block.len() - start > 2 * STRETCH_BYTES {
            let mut from = start + STRETCH_BYTES;
            while !block.is_char_boundary(from) {
                from += 1;
            }
            let Some(cut) = block[from..]
                .char_indices()
                .map(|(i, _)| from + i)
                .find(|&at| self.is_route_boundary(block, at))
            else {
                break;
            };
            stretches.push(&block[start..cut]);
            start = cut;
        }
        stretches.push(&block[start..]);
        stretches
    }

    /// Whether byte `at` of `block` lies between two Han characters and
    /// inside no dictionary word of the text around it.
    fn is_route_boundary(&self, block: &str, at: usize) -> bool {
        let (before, after) = block.split_at(at);
        if !before.chars().next_back().is_some_and(is_han)
            || !after.chars().next().is_some_and(is_han)
        {
            return false;
        }
        // Each word that starts in the `max_word_chars - 1` characters
        // before `at` and reaches past it. With words of up to
        // `SHORT_WORDS_CHARS` characters (jieba's dictionary has 16) every
        // fragment is looked up, a few hundred trie walks per place tried;
        // longer user words would make that quadratic in their length, so
        // then jieba's prefix entries end the search early, at the cost of
        // building that table (tens of MB, once per segmenter).
        const SHORT_WORDS_CHARS: usize = 16;
        let use_prefixes = self.max_word_chars > SHORT_WORDS_CHARS;
        let starts = before
            .char_indices()
            .rev()
            .take(self.max_word_chars.saturating_sub(1))
            .map(|(i, _)| i);
        for word_start in starts {
            let chars_before = before[word_start..].chars().count();
            for (n, c) in after
                .char_indices()
                .take(self.max_word_chars - chars_before)
            {
                let fragment = &block[word_start..at + n + c.len_utf8()];
                if self.is_word(fragment) {
                    return false;
                }
                if use_prefixes && !self.is_word_or_prefix(fragment) {
                    break;
                }
            }
        }
        true
    }

    /// posseg's handling of `buf`, a run of characters each of which is a
    /// step of the route.
    fn tag_single_chars<'a>(&'a self, buf: &'a str, emit: &mut impl FnMut(&'a str, Tag<'a>)) {
        if buf.chars().nth(1).is_none() {
            emit(buf, self.single_char_tag(buf));
            return;
        }
        if self.is_word(buf) {
            for (i, c) in buf.char_indices() {
                let ch = &buf[i..i + c.len_utf8()];
                emit(ch, self.single_char_tag(ch));
            }
            return;
        }
        // `__cut_detail`: the joint HMM on Han runs, the rest by shape.
        for (han, run) in chars::runs(buf, is_han) {
            if han {
                posseg::for_each_span(run, |(s, e, tag)| emit(&run[s..e], tag));
            } else {
                split_detail(run, |piece| {
                    let first = piece.as_bytes()[0];
                    let tag = if first == b'.' || first.is_ascii_digit() {
                        Tag::M
                    } else if first.is_ascii_alphanumeric() {
                        Tag::ENG
                    } else {
                        Tag::X
                    };
                    emit(piece, tag);
                });
            }
        }
    }

    /// [`Segmenter::dictionary_tag`] of the single character `ch` with its
    /// own dictionary tag, asking the dictionary once: a character with a
    /// tag there is a dictionary word.
    fn single_char_tag<'a>(&'a self, ch: &'a str) -> Tag<'a> {
        if let Some(&(ref name, id)) = self.user_tags.get(ch) {
            return Tag { name, id };
        }
        if !self.jieba.has_word(ch) {
            return Tag::X;
        }
        let tag = match self.word_tags() {
            Some(tags) => tags.get(ch),
            None => Tag::named(self.jieba.tag(ch, false).first().map_or("", |t| t.tag)),
        };
        if tag.name.is_empty() {
            Tag::X
        } else {
            tag
        }
    }

    fn tag_block_no_hmm<'a>(&'a self, block: &'a str, emit: &mut impl FnMut(&'a str, Tag<'a>)) {
        for t in self.jieba.tag(block, false) {
            if t.word.bytes().all(|b| b.is_ascii_alphanumeric()) && self.is_single_chars(t.word) {
                // `re_eng1` single characters, joined into one `eng` word.
                emit(t.word, Tag::ENG);
            } else {
                emit(t.word, self.dictionary_tag(t.word, t.tag));
            }
        }
    }
}

/// The tag of each word of a main dictionary as jieba-rs keeps it: the tag
/// on the word's first line ("" for none). Words are held as 56-bit
/// hashes, about 8 bytes a word (a map of the words themselves would take
/// three to four times as much): a tag is asked for only of words the
/// route found in the dictionary, and two main-dictionary words with the
/// same hash are found when the table is built (it is then not used). A
/// user word whose hash equals a main word's would be given that word's
/// tag: with 56-bit hashes, about one chance in 2^56 / 350,000 per word.
pub(crate) struct WordTags {
    /// The distinct tags with their ids; a slot holds an index into them
    /// plus one.
    names: Vec<(Box<str>, TagId)>,
    /// Open addressing, probed linearly: a word's hash with its low byte
    /// replaced by its tag's slot value, 0 for an empty slot.
    slots: Box<[u64]>,
    /// `64 - log2(slots)`: a hash shifted right by it is its first slot.
    shift: u32,
}

const TAG_BITS: u32 = 8;
const TAG_MASK: u64 = (1 << TAG_BITS) - 1;

impl WordTags {
    /// The tags of the main dictionary `text` (already validated), the
    /// first line's for a word listed twice, as jieba-rs's `load_dict`
    /// keeps them; `None` if two of its words share a hash or it has more
    /// distinct tags than a slot can number.
    pub(crate) fn new(text: &str) -> Option<WordTags> {
        let entries = dictionary::parse_main(text, "").expect("validated when loaded");
        let slots = (entries.len() * 3 / 2).next_power_of_two().max(2);
        let mut tags = WordTags {
            names: Vec::new(),
            slots: vec![0; slots].into_boxed_slice(),
            shift: 64 - slots.trailing_zeros(),
        };
        let mut seen = FxHashSet::with_capacity_and_hasher(entries.len(), FxBuildHasher);
        let mut indices = FxHashMap::default();
        for entry in entries {
            let word = entry.word;
            if !seen.insert(word) {
                continue;
            }
            let tag = entry.tag.unwrap_or("");
            let index = match indices.get(tag) {
                Some(&index) => index,
                None if tags.names.len() < TAG_MASK as usize => {
                    tags.names.push((tag.into(), TagId::of(tag)));
                    indices.insert(tag, tags.names.len() - 1);
                    tags.names.len() - 1
                }
                None => return None,
            };
            let key = Self::key(word);
            let mut slot = tags.first_slot(key);
            loop {
                match tags.slots[slot] {
                    0 => break,
                    held if held & !TAG_MASK == key => return None,
                    _ => slot = (slot + 1) & (tags.slots.len() - 1),
                }
            }
            tags.slots[slot] = key | (index as u64 + 1);
        }
        Some(tags)
    }

    /// The hash of `word` with its low byte cleared (a slot is never 0:
    /// its low byte holds a tag's index plus one).
    #[inline(always)]
    fn key(word: &str) -> u64 {
        FxBuildHasher.hash_one(word) & !TAG_MASK
    }

    #[inline(always)]
    fn first_slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The tag of dictionary word `word` ("" if its line had none, or if
    /// it is no word of the dictionary).
    #[inline]
    pub(crate) fn get(&self, word: &str) -> Tag<'_> {
        let key = Self::key(word);
        let mask = self.slots.len() - 1;
        let mut slot = self.first_slot(key);
        loop {
            match self.slots[slot] {
                0 => return Tag::NONE,
                held if held & !TAG_MASK == key => {
                    let (name, id) = &self.names[(held & TAG_MASK) as usize - 1];
                    return Tag { name, id: *id };
                }
                _ => slot = (slot + 1) & mask,
            }
        }
    }
}

/// `re_skip_detail.split` = `([\.0-9]+|[a-zA-Z0-9]+)`, empty pieces dropped.
fn split_detail<'a>(text: &'a str, piece: impl FnMut(&'a str)) {
    chars::split_by_matches(
        text,
        |bytes| {
            let num = bytes
                .iter()
                .take_while(|&&b| b == b'.' || b.is_ascii_digit())
                .count();
            if num > 0 {
                num
            } else {
                bytes
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count()
            }
        },
        piece,
    );
}

#[cfg(test)]
mod tests {
    use super::{split_detail, TagId, WordTags};
    use crate::segment::Segmenter;

    /// `seg` tagging along jieba-rs's own route, as it does without a
    /// prefix table.
    fn without_table(seg: &Segmenter) -> Segmenter {
        let mut plain = seg.clone();
        plain.table = None;
        plain
    }

    /// Texts of characters drawn from dictionary words, names the HMM
    /// reads, Latin letters, digits and punctuation (a fixed LCG).
    fn mixed_texts(count: usize) -> Vec<String> {
        let alphabet: Vec<char> = "中华人民共和国外交部长王毅说北京大学生活的了是在不有和张伟李娜习近平台湾香港記者報導會議經濟發展abcXYZ0123456789.+#&_%-，。：“”「」！？ \n"
            .chars()
            .collect();
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        (0..count)
            .map(|_| {
                (0..next(40))
                    .map(|_| alphabet[next(alphabet.len())])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_prefix_tables_route_tags_as_jieba_rss_route_does() {
        let mut seg = Segmenter::new();
        seg.add_word("王毅说", Some(5), Some("nr")).unwrap();
        seg.add_word("北京大", Some(50_000), None).unwrap();
        seg.add_word("外交部", Some(90_000), Some("nt")).unwrap();
        seg.del_word("大学生").unwrap();
        for seg in [Segmenter::new(), seg] {
            assert!(seg.table.is_some() && seg.word_tags().is_some());
            let plain = without_table(&seg);
            let mut texts = mixed_texts(3_000);
            texts.push("外交部长王毅说：“中方欢迎。”北京大学生活，B超检查 ok 3.5%。".to_owned());
            // Texts routed in pieces: one of many blocks, and one with a
            // block routed in stretches between others.
            texts.push(texts.join("\n"));
            texts.push(format!("{0}{1}{0}", texts[0], "北京大学生活".repeat(4_000)));
            for text in &texts {
                for hmm in [true, false] {
                    assert_eq!(seg.tag(text, hmm), plain.tag(text, hmm), "{text:?} {hmm}");
                }
            }
        }
    }

    #[test]
    fn word_tags_are_the_tags_of_each_words_first_line() {
        let tags =
            WordTags::new("B超 3 n\n北京 9 ns\nB超 3 nz\n无标 5\n\n   \n外 2 f\r\n").unwrap();
        assert_eq!(tags.get("B超").name, "n");
        assert_eq!(tags.get("北京").name, "ns");
        assert_eq!(tags.get("外").name, "f");
        assert_eq!(tags.get("无标").name, "");
        assert_eq!(tags.get("南京").name, "");
        // Every word of the embedded dictionary, as jieba-rs tags it where
        // it keeps the word whole.
        let seg = Segmenter::new();
        let tags = seg.word_tags().expect("the embedded words' hashes differ");
        let mut checked = 0;
        for line in include_str!("data/dict.txt").lines().step_by(7) {
            let word = line.split_whitespace().next().unwrap();
            if let [whole] = &seg.jieba.tag(word, false)[..] {
                if whole.word == word {
                    assert_eq!(tags.get(word).name, whole.tag, "{word}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 40_000, "{checked}");
    }

    #[test]
    fn each_tags_id_is_the_id_of_its_name() {
        for name in TagId::NAMES {
            assert_eq!(TagId::of(name).name(), name);
        }
        for other in ["", "nrx", "N", "zh"] {
            assert_eq!(TagId::of(other), TagId::X);
        }
        let mut seg = Segmenter::new();
        seg.add_word("王毅说", Some(5), Some("nrfg")).unwrap();
        seg.add_word("中方", None, Some("自定")).unwrap();
        for seg in [without_table(&seg), seg] {
            for text in mixed_texts(300) {
                for hmm in [true, false] {
                    seg.tagged_each(&text, hmm, |word, tag| {
                        assert_eq!(tag.id, TagId::of(tag.name), "{word} in {text:?}");
                    });
                }
            }
        }
    }

    #[test]
    fn detail_split_prefers_numbers() {
        let mut pieces = Vec::new();
        split_detail("3.5abc+x", |p| pieces.push(p));
        assert_eq!(pieces, ["3.5", "abc", "+", "x"]);
    }
}

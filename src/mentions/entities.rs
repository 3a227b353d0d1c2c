//! People, places and organisations: the tagger's proper-noun tags, then the
//! rules of news writing that the tags miss.

use rustc_hash::FxHashMap;

use super::lexicon::{
    is_surname, is_transliteration, may_end_with_org_suffix, may_end_with_title,
    outlet_names_by_first, Listed,
};
use super::tokens::{self, CharOffsets, Token, UserTag};
use super::{Kind, Mention};
use crate::segment::Segmenter;

/// A mention as a range of tokens: `tokens[first..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub first: usize,
    pub end: usize,
    pub kind: Kind,
    /// Bytes of the last token that are not part of the name: the tagger
    /// sometimes joins a verb of saying to a name it does not know
    /// (`布雷` `东说`).
    pub cut: usize,
}

impl Span {
    /// The byte range of the mention in the text of `tokens`.
    pub fn bytes(&self, tokens: &[Token<'_>]) -> (usize, usize) {
        (
            tokens[self.first].start,
            tokens[self.end - 1].end - self.cut,
        )
    }
}

/// Every person, place and organisation named in `text`, in order, with
/// character offsets. Mentions do not overlap: the longest reading wins
/// (`中国外交部` is one organisation, not a place inside one).
///
/// ```
/// use zhtext::mentions::{mentions, Kind};
/// use zhtext::segment::Segmenter;
/// let seg = Segmenter::shared_embedded();
/// let found = mentions(&seg, "美国总统拜登在白宫会见了中国外交部长王毅。");
/// let pairs: Vec<_> = found.iter().map(|m| (m.text, m.kind)).collect();
/// assert!(pairs.contains(&("拜登", Kind::Person)));
/// assert!(pairs.contains(&("王毅", Kind::Person)));
/// assert!(pairs.contains(&("美国", Kind::Place)));
/// assert_eq!((found[0].start, found[0].end), (0, 2));
/// ```
pub fn mentions<'a>(segmenter: &Segmenter, text: &'a str) -> Vec<Mention<'a>> {
    // Mentions never cross a paragraph, so a long text is read a block of
    // paragraphs at a time: memory stays bounded by the block.
    let mut found = Vec::new();
    let mut offsets = CharOffsets::new(text);
    let mut base = 0;
    while base < text.len() {
        let mut end = (base + BLOCK_BYTES).min(text.len());
        if end < text.len() {
            // A newline byte never occurs inside a multi-byte character.
            end = text.as_bytes()[end..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |i| end + i + 1);
        }
        let block = &text[base..end];
        let tokens = tokens::tag(segmenter, block);
        let found_spans = spans(segmenter, block, &tokens);
        push_mentions(block, base, &tokens, &found_spans, &mut offsets, &mut found);
        base = end;
    }
    found
}

/// The longest text [`mentions`] tags at once: longer texts are read a
/// block of paragraphs of about this size at a time.
pub(crate) const BLOCK_BYTES: usize = 1 << 18;

/// Append the mentions that `spans` mark among `tokens` (the tagged words
/// of `block`, which starts at byte `base` of the text `offsets` counts).
pub(crate) fn push_mentions<'a>(
    block: &'a str,
    base: usize,
    tokens: &[Token<'a>],
    spans: &[Span],
    offsets: &mut CharOffsets<'_>,
    found: &mut Vec<Mention<'a>>,
) {
    for span in spans {
        let (start, stop) = span.bytes(tokens);
        found.push(Mention {
            text: &block[start..stop],
            kind: span.kind,
            start: offsets.at(base + start),
            end: offsets.at(base + stop),
        });
    }
}

/// Tags that never belong to a name: verbs, function words, numbers,
/// pronouns, time and direction words.
fn is_function_tag(tag: &str) -> bool {
    matches!(
        tag,
        "v" | "vd"
            | "vg"
            | "vi"
            | "vq"
            | "p"
            | "c"
            | "d"
            | "dg"
            | "uj"
            | "ul"
            | "uz"
            | "uv"
            | "ud"
            | "ug"
            | "u"
            | "r"
            | "rr"
            | "rz"
            | "m"
            | "mq"
            | "q"
            | "f"
            | "t"
            | "tg"
            | "y"
            | "e"
            | "o"
            | "zg"
            | "ad"
            | "ag"
            | "b"
            | "z"
    )
}

fn is_person_tag(tag: &str) -> bool {
    matches!(tag, "nr" | "nrt" | "nrfg")
}

fn all_transliteration(word: &str) -> bool {
    word.chars().all(is_transliteration)
}

/// What the rules need besides the tokens.
struct Context<'s, 't, 'a> {
    segmenter: &'s Segmenter,
    text: &'a str,
    tokens: &'t [Token<'a>],
    /// Tokens inside an outlet's own name (`德国之声中文网`).
    outlet: Vec<bool>,
    /// Listed names written as several tokens, by their first token.
    known: Vec<KnownNames>,
    /// For each token, the first dot (`Token::is_dot`) at or after it
    /// (the number of tokens if none).
    next_dot: Vec<usize>,
}

/// The listed organisation and place whose names start at a token and span
/// two to four tokens (`字节` `跳动`), as their numbers of tokens (0: none).
#[derive(Debug, Clone, Copy, Default)]
struct KnownNames {
    org: u8,
    place: u8,
}

impl KnownNames {
    const MAX_TOKENS: usize = 4;

    /// The known names at every token of `tokens` (the tagged words of
    /// `text`; none inside an outlet's name), the longest reading of each
    /// kind: one lookup of every reading answers for both kinds, and only
    /// the readings starting at a token that begins a listed name
    /// ([`Listed::begins_listed_name`]) are looked up.
    fn of_tokens(text: &str, tokens: &[Token<'_>], outlet: &[bool]) -> Vec<KnownNames> {
        let mut known = vec![KnownNames::default(); tokens.len()];
        for (i, here) in known.iter_mut().enumerate() {
            if !tokens[i].listed.begins_listed_name() {
                continue;
            }
            for n in (2..=Self::MAX_TOKENS).rev() {
                let last = i + n - 1;
                if last >= tokens.len() || outlet[i..=last].contains(&true) {
                    continue;
                }
                let listed = Listed::of(&text[tokens[i].start..tokens[last].end]);
                if listed.is_org_name() && here.org == 0 {
                    here.org = n as u8;
                }
                if listed.is_place_name() && here.place == 0 {
                    here.place = n as u8;
                }
            }
        }
        known
    }
}

impl Context<'_, '_, '_> {
    fn token(&self, i: usize) -> Option<&Token<'_>> {
        self.tokens.get(i).filter(|_| !self.outlet[i])
    }

    /// A name-like token: Han characters, not a word of saying, a title or
    /// a function word.
    fn is_name_part(&self, i: usize) -> bool {
        self.token(i).is_some_and(|t| {
            t.is_han() && !is_function_tag(t.tag) && !t.listed.is_cue() && !t.listed.is_title()
        })
    }

    /// Whether the tagger's `nr` for token `i` is believable: a known or
    /// user-added name, a Chinese name (surname first, 2–4 characters) or a
    /// transliterated one.
    fn is_person_word(&self, t: &Token<'_>) -> bool {
        if t.listed.is_person_name() || t.user == UserTag::Person {
            return true;
        }
        let n = t.chars();
        // `李某` withholds the name.
        let withheld = t.word.ends_with('某');
        if !is_person_tag(t.tag)
            || n < 2
            || withheld
            || t.listed.is_not_mention()
            || t.listed.is_title()
            || ends_with_title(t.word)
        {
            return false;
        }
        // The HMM's guesses of four characters are phrases (`关系密切`).
        let first = t.word.chars().next().is_some_and(is_surname);
        let max = if self.segmenter.has_word(t.word) {
            4
        } else {
            3
        };
        (first && n <= max) || t.is_transliterated()
    }

    /// Whether token `t` is a place: tagged `ns` and known to the dictionary
    /// (the HMM's guesses of two characters are mostly wrong), or listed.
    fn is_place_word(&self, t: &Token<'_>) -> bool {
        if t.listed.is_place_name() || t.user == UserTag::Place {
            return true;
        }
        t.tag == "ns"
            && t.chars() >= 2
            && !t.listed.is_not_mention()
            && !t.listed.is_person_name()
            && (t.chars() >= 3 || self.segmenter.has_word(t.word))
    }

    /// The end of a person's name starting with the name word at `i`:
    /// pieces of a transliterated name the tagger split (`纳瓦尔` `尼`,
    /// `冯德` `莱恩`) are joined back.
    fn person_end(&self, i: usize) -> usize {
        const MAX_CHARS: usize = 8;
        let mut end = i + 1;
        let first = &self.tokens[i];
        if !first.is_transliterated() && self.segmenter.has_word(first.word) {
            return end;
        }
        let mut chars = self.tokens[i].chars();
        while let Some(t) = self.token(end) {
            if !self.is_transliterated_piece(end) || chars + t.chars() > MAX_CHARS {
                break;
            }
            chars += t.chars();
            end += 1;
        }
        end
    }

    /// A piece of a transliterated name: up to three such characters,
    /// whatever the tagger made of them (`拉布` is a verb to it).
    fn is_transliterated_piece(&self, i: usize) -> bool {
        self.token(i).is_some_and(|t| {
            t.chars() <= 3 && t.is_han() && t.is_transliterated() && !t.listed.is_cue()
        })
    }

    /// Bytes to cut from the name ending with token `end - 1`: a verb of
    /// saying the tagger's guess joined to it (`东说`).
    fn cut_at(&self, end: usize) -> usize {
        let t = &self.tokens[end - 1];
        if t.chars() < 2 || self.segmenter.has_word(t.word) {
            return 0;
        }
        t.word
            .char_indices()
            .skip(1)
            .find(|(at, _)| Listed::of(&t.word[*at..]).is_cue())
            .map_or(0, |(at, _)| t.word.len() - at)
    }

    /// Tokens that may stand inside an organisation's name before its suffix.
    fn may_continue_org(&self, i: usize) -> bool {
        let Some(t) = self.token(i) else { return false };
        if t.listed.is_org_suffix() {
            return true;
        }
        match t.tag {
            // `对外` `情报局`, `高等` `法院`, `圣` `汤玛斯` `大学`.
            "ns" | "nt" | "nz" | "n" | "nrt" | "nr" | "j" | "vn" | "an" | "l" | "eng" | "s"
            | "b" => true,
            // `科学与工业研究组织`, `战略暨国际研究中心`: a conjunction between
            // two common nouns (not two names: `中国与美国政府`).
            "p" | "c" if matches!(t.word, "与" | "與" | "暨" | "及") => {
                let noun = |k: usize| {
                    self.token(k)
                        .is_some_and(|n| matches!(n.tag, "n" | "vn" | "an" | "nz" | "b"))
                };
                i.checked_sub(1).is_some_and(noun) && noun(i + 1)
            }
            // `北约-俄罗斯理事会`: a hyphen between two names.
            "x" => {
                matches!(t.word, "-" | "－" | "—")
                    && self.token(i + 1).is_some_and(|n| n.is_han())
                    && i.checked_sub(1)
                        .and_then(|p| self.token(p))
                        .is_some_and(|p| p.is_han())
            }
            _ => t.listed.is_org_name() || t.listed.is_place_name(),
        }
    }

    /// Tokens that may start an organisation's name: proper nouns, and
    /// people (`特朗普政府`).
    fn may_start_org(&self, i: usize) -> bool {
        let Some(t) = self.token(i) else { return false };
        if t.listed.is_not_mention() {
            return false;
        }
        match t.tag {
            "ns" | "nt" | "nz" | "j" | "nrt" => true,
            "eng" => t
                .word
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase()),
            _ => t.listed.is_org_name() || t.listed.is_place_name() || t.listed.is_person_name(),
        }
    }

    fn ends_org(&self, i: usize) -> bool {
        let Some(t) = self.token(i) else { return false };
        t.listed.is_org_suffix()
            || t.listed.is_org_name()
            || (t.tag == "nt" && !t.listed.is_not_mention() && !is_tagged_org_by_mistake(t))
            || (t.chars() >= 3
                && matches!(t.tag, "n" | "nt" | "nz" | "ns" | "l")
                && ends_with_org_suffix(t.word))
    }

    /// The end of the organisation starting at token `i`: a proper noun,
    /// then nouns, ending in an organisation suffix or name (`中国` `外交部`,
    /// `美国` `联邦` `调查局`, `国务院`).
    fn org_at(&self, i: usize) -> Option<usize> {
        const MAX_TOKENS: usize = 6;
        let first = self.token(i)?;
        let known = self.known_org_at(i);
        let alone = known.is_some()
            || (first.tag == "nt" || first.listed.is_org_name() || self.ends_org(i))
                && !first.listed.is_generic_org()
                && !first.listed.is_not_mention()
                && !is_tagged_org_by_mistake(first);
        if !alone && !self.may_start_org(i) {
            return None;
        }
        let mut end = known.or(alone.then_some(i + 1));
        let from = known.unwrap_or(i + 1);
        for k in from..(from + MAX_TOKENS).min(self.tokens.len()) {
            let t = &self.tokens[k];
            if !self.may_continue_org(k) || t.listed.is_title() && !self.ends_org(k) {
                break;
            }
            // A known name after a whole organisation starts another one
            // (`国防安全研究院` `中共` `政军…研究所`).
            if end.is_some() && (t.listed.is_org_name() || self.known_org_at(k).is_some()) {
                break;
            }
            if self.ends_org(k) {
                end = Some(k + 1);
            }
        }
        // A place before a known organisation that is not a suffix is a
        // place of its own (`中国` `央视`, but `中国` `外交部`).
        if !alone && end == Some(i + 2) {
            let listed = self.tokens[i + 1].listed;
            if listed.is_org_name() && !listed.is_org_suffix() {
                return None;
            }
        }
        end
    }

    /// The end of a place starting at token `i`, with its administrative
    /// suffix (`温州` `市`).
    fn place_at(&self, i: usize) -> Option<usize> {
        let t = self.token(i)?;
        let end = match self.known_place_at(i) {
            Some(end) => end,
            None if self.is_place_word(t) => i + 1,
            None => return None,
        };
        match self.token(end) {
            Some(next) if next.listed.is_place_suffix() => Some(end + 1),
            _ => Some(end),
        }
    }

    /// The end of a listed organisation written as two to four tokens
    /// starting at token `i` (`字节` `跳动`), the longest reading.
    fn known_org_at(&self, i: usize) -> Option<usize> {
        let n = self.known.get(i)?.org as usize;
        (n > 0).then_some(i + n)
    }

    /// [`Context::known_org_at`] for a place.
    fn known_place_at(&self, i: usize) -> Option<usize> {
        let n = self.known.get(i)?.place as usize;
        (n > 0).then_some(i + n)
    }

    /// A transliterated name joined by `·` around token `dot`: the name-like
    /// tokens on either side (`唐纳德` `·` `特朗普`), as a token range.
    fn dotted_name(&self, dot: usize) -> Option<(usize, usize)> {
        const MAX_PART_CHARS: usize = 8;
        let mut first = dot;
        let mut chars = 0;
        while first > 0 {
            let k = first - 1;
            // A place may be the part next to the dot, not further left
            // (`英国` `戴维·卡梅伦`).
            let place_ok = first == dot || self.tokens[k].tag != "ns";
            let part = self.is_name_part(k)
                && (self.tokens[k].is_transliterated()
                    || !matches!(self.tokens[k].tag, "n" | "vn" | "a" | "s"));
            // A title before the name is not part of it (`高级顾问` `克里斯·约翰斯通`).
            let title = self.tokens[k].listed.is_title() || ends_with_title(self.tokens[k].word);
            if !(part || self.is_transliterated_piece(k))
                || !place_ok
                || title
                || self.tokens[k].listed.is_not_mention()
            {
                break;
            }
            chars += self.tokens[k].chars();
            if chars > MAX_PART_CHARS {
                break;
            }
            first = k;
        }
        if first == dot {
            return None;
        }
        let mut end = dot + 1;
        loop {
            let part_start = end;
            let mut chars = 0;
            while self.is_name_part(end)
                || self.is_transliterated_piece(end)
                || self.is_initial(end)
            {
                let n = self.tokens[end].chars();
                if chars + n > MAX_PART_CHARS {
                    break;
                }
                chars += n;
                end += 1;
            }
            if end == part_start {
                // A dot with nothing after it is not part of the name.
                end -= 1;
                break;
            }
            if !self.token(end).is_some_and(Token::is_dot) {
                break;
            }
            end += 1;
        }
        (end > dot + 1).then_some((first, end))
    }

    /// A Latin initial inside a dotted name (`温迪·R·谢尔曼`).
    fn is_initial(&self, i: usize) -> bool {
        self.token(i).is_some_and(|t| {
            t.word.len() == 1
                && t.word.bytes().all(|b| b.is_ascii_uppercase())
                && self.token(i + 1).is_some_and(Token::is_dot)
        })
    }

    /// The end of a name after a title (`总统` `拜登`, `律师` `王` `宇`) that
    /// the tagger did not mark as one: a name-like word of 2–4 characters,
    /// or a surname and single characters making 2–3.
    fn name_after_title(&self, i: usize) -> Option<usize> {
        let t = self.token(i)?;
        if !self.is_name_part(i)
            || t.listed.is_not_mention()
            || t.tag == "nt"
            || t.listed.is_place_name()
        {
            return None;
        }
        let n = t.chars();
        let guessed = !self.segmenter.has_word(t.word)
            || matches!(t.tag, "nr" | "nrt" | "nrfg" | "nz")
            || t.is_transliterated();
        if (2..=4).contains(&n)
            && guessed
            && !t.listed.is_org_suffix()
            && !t.listed.is_generic_org()
        {
            return Some(self.person_end(i));
        }
        if n == 1 && (t.word.chars().next().is_some_and(is_surname) || t.is_transliterated()) {
            let mut end = i + 1;
            let mut chars = 1;
            while self.is_name_part(end) && chars + self.tokens[end].chars() <= 4 {
                chars += self.tokens[end].chars();
                end += 1;
            }
            return (chars >= 2).then_some(end);
        }
        None
    }

    /// An organisation named in quotation marks or title marks, opening at
    /// token `i`: `“朝鲜友好协会”` (the whole term ends in an organisation
    /// suffix), `《悉尼先驱晨报》` (a title ending as newspapers and
    /// magazines do).
    fn org_in_marks(&self, i: usize) -> Option<usize> {
        const MAX_TOKENS: usize = 8;
        let open = self.token(i.checked_sub(1)?)?.word;
        let close = match open {
            "“" => "”",
            "「" => "」",
            "《" => "》",
            _ => return None,
        };
        let end =
            (i..(i + MAX_TOKENS).min(self.tokens.len())).find(|&k| self.tokens[k].word == close)?;
        if end < i + 2
            || !(i..end).all(|k| {
                self.is_name_part(k) || self.tokens[k].is_han() && self.tokens[k].tag == "a"
            })
        {
            return None;
        }
        let last = self.tokens[end - 1].word;
        let named = if open == "《" {
            last.ends_with(['报', '報'])
                || matches!(last, "周刊" | "週刊" | "杂志" | "雜誌" | "新闻" | "新聞")
        } else {
            Listed::of(last).is_org_suffix() || ends_with_org_suffix(last)
        };
        named.then_some(end)
    }

    /// A name in Latin letters that is the subject of a verb of saying
    /// (`David J. Teece说`, `CNBC表示`, `The Information报道称`): capitalised
    /// words, then only adverbs or `报道` before the cue. Two to four words
    /// read as a personal name are a person, anything else (an acronym,
    /// `The …`, one word) an organisation.
    fn latin_speaker(&self, i: usize) -> Option<(usize, Kind)> {
        const MAX_TOKENS: usize = 12;
        let capital = |k: usize| {
            self.token(k).is_some_and(|t| {
                t.tag == "eng" && t.word.starts_with(|c: char| c.is_ascii_uppercase())
            })
        };
        if !capital(i) {
            return None;
        }
        let after_latin = i
            .checked_sub(1)
            .and_then(|p| self.token(p))
            .is_some_and(|p| p.tag == "eng" || matches!(p.word, "（" | "(" | " " | "."));
        if after_latin {
            return None;
        }
        let mut end = i + 1;
        let mut k = i + 1;
        while k < (i + MAX_TOKENS).min(self.tokens.len()) {
            let w = self.tokens[k].word;
            if capital(k) {
                end = k + 1;
            } else if !matches!(w, " " | "." | "-") {
                break;
            }
            k += 1;
        }
        let mut next = end;
        while self.token(next).is_some_and(|t| {
            matches!(t.tag, "d" | "c") || matches!(t.word, "报道" | "報道" | "报导" | "報導")
        }) {
            next += 1;
        }
        if self.token(next).is_none_or(|t| t.cue_start.is_none()) {
            return None;
        }
        let name = &self.text[self.tokens[i].start..self.tokens[end - 1].end];
        let words: Vec<&str> = name.split_whitespace().collect();
        let personal = (2..=4).contains(&words.len())
            && words[0] != "The"
            && words.iter().all(|w| !is_acronym(w.trim_end_matches('.')));
        Some((
            end,
            if personal {
                Kind::Person
            } else {
                Kind::Organization
            },
        ))
    }

    /// A Chinese name the tagger split, written before a title
    /// (`蔡` `英文` `总统`, as `李文亮医生`): a surname the tagger reads as
    /// a name and single words making two or three characters, then the title.
    fn name_before_title(&self, i: usize) -> Option<usize> {
        let t = self.token(i)?;
        if t.chars() != 1 || !is_person_tag(t.tag) || !t.word.chars().all(is_surname) {
            return None;
        }
        let mut end = i + 1;
        let mut chars = 1;
        while end < i + 3 && self.is_name_part(end) && !self.tokens[end].listed.is_org_suffix() {
            chars += self.tokens[end].chars();
            end += 1;
            if (2..=3).contains(&chars) && self.token(end).is_some_and(|n| n.listed.is_title()) {
                return Some(end);
            }
        }
        None
    }

    /// A transliterated name starting at token `i` and glossed with a
    /// personal name in brackets (`欧尔班（Viktor Orban）`: given name and
    /// surname, capitalised), whatever the tagger made of its pieces
    /// (`欧尔` is a place to it). A single dictionary word is left to the
    /// other rules (`加沙（Gaza Strip）` is a place).
    fn glossed_person(&self, i: usize) -> Option<usize> {
        const MAX_CHARS: usize = 8;
        let piece = |k: usize| {
            self.token(k).is_some_and(|t| {
                t.is_han() && t.is_transliterated() && !t.listed.is_cue() && !t.listed.is_title()
            })
        };
        if !piece(i) || i.checked_sub(1).is_some_and(piece) {
            return None;
        }
        let mut end = i;
        let mut chars = 0;
        while piece(end) {
            chars += self.tokens[end].chars();
            end += 1;
        }
        let one_word = end == i + 1 && self.segmenter.has_word(self.tokens[i].word);
        if !(2..=MAX_CHARS).contains(&chars) || one_word {
            return None;
        }
        let glosses = self.glosses(end);
        let [(first, last)] = glosses[..] else {
            return None;
        };
        let gloss = &self.text[self.tokens[first].start..self.tokens[last - 1].end];
        let words: Vec<&str> = gloss.split_whitespace().collect();
        let personal = (2..=4).contains(&words.len())
            && words
                .iter()
                .all(|w| w.starts_with(|c: char| c.is_ascii_uppercase()));
        personal.then_some(end)
    }

    /// A Latin gloss in brackets right after a mention (`普京（Vladimir
    /// Putin）`, `（Pen Test Partners，PTP）`): each name in it, as token
    /// ranges.
    fn glosses(&self, after: usize) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        if !self
            .token(after)
            .is_some_and(|t| matches!(t.word, "（" | "("))
        {
            return found;
        }
        let mut k = after + 1;
        let mut start: Option<usize> = None;
        let mut last_word = None;
        while let Some(t) = self.token(k) {
            let latin = t
                .word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '\'' | '-' | '&'))
                || (t
                    .word
                    .chars()
                    .all(|c| c.is_alphabetic() && !crate::segment::is_han(c)));
            match t.word {
                "）" | ")" | "，" | "," | "、" | "；" => {
                    if let (Some(s), Some(e)) = (start.take(), last_word.take()) {
                        found.push((s, e));
                    }
                    if matches!(t.word, "）" | ")") {
                        return found;
                    }
                }
                w if w.trim().is_empty() || matches!(w, "-" | "." | "'") => {}
                _ if latin => {
                    start.get_or_insert(k);
                    last_word = Some(k + 1);
                }
                _ => return Vec::new(),
            }
            k += 1;
            if k > after + 16 {
                break;
            }
        }
        Vec::new()
    }
}

/// Which tokens lie inside one of the outlets' own names: each name is
/// tried where its first character occurs.
fn outlet_tokens(text: &str, tokens: &[Token<'_>]) -> Vec<bool> {
    let mut outlet = vec![false; tokens.len()];
    for (first, names) in outlet_names_by_first() {
        // A whole character's bytes match only where a character starts.
        for at in first.find_iter(text.as_bytes()) {
            for name in names.iter().filter(|n| text[at..].starts_with(*n)) {
                let from = tokens.partition_point(|t| t.end <= at);
                let end = tokens.partition_point(|t| t.start < at + name.len());
                outlet[from..end].fill(true);
            }
        }
    }
    for (flag, t) in outlet.iter_mut().zip(tokens) {
        *flag |= t.listed.is_outlet();
    }
    outlet
}

/// For each token, the index of the first dot at or after it.
fn next_dots(tokens: &[Token<'_>]) -> Vec<usize> {
    let mut next = vec![tokens.len(); tokens.len()];
    let mut dot = tokens.len();
    for (k, t) in tokens.iter().enumerate().rev() {
        if t.is_dot() {
            dot = k;
        }
        next[k] = dot;
    }
    next
}

/// The mentions among `tokens` (the tagged words of `text`), as token
/// ranges, in order, not overlapping.
pub(crate) fn spans(segmenter: &Segmenter, text: &str, tokens: &[Token<'_>]) -> Vec<Span> {
    let outlet = outlet_tokens(text, tokens);
    let cx = Context {
        segmenter,
        text,
        tokens,
        known: KnownNames::of_tokens(text, tokens, &outlet),
        outlet,
        next_dot: next_dots(tokens),
    };
    let mut found = Vec::new();
    let mut i = 0;
    // Whether the previous token was a title, so the next may be a name.
    let mut after_title = false;
    while i < tokens.len() {
        if cx.outlet[i] {
            i += 1;
            after_title = false;
            continue;
        }
        let t = &tokens[i];
        let title = t.listed.is_title()
            || (t.chars() > 2
                && ends_with_title(t.word)
                && !t.listed.is_org_name()
                && t.tag != "nt");
        let span = if cx.may_start_mention(i, after_title) {
            cx.span_at(i, after_title)
        } else {
            debug_assert_eq!(
                cx.span_at(i, after_title),
                None,
                "a rule starts a mention at {:?}, which may_start_mention passes over",
                t.word
            );
            None
        };
        after_title = title;
        match span {
            Some((end, kind)) => {
                let cut = if kind == Kind::Person {
                    cx.cut_at(end)
                } else {
                    0
                };
                found.push(Span {
                    first: i,
                    end,
                    kind,
                    cut,
                });
                for (first, gloss_end) in cx.glosses(end) {
                    found.push(Span {
                        first,
                        end: gloss_end,
                        kind,
                        cut: 0,
                    });
                }
                i = found.last().map_or(end, |s| s.end.max(end));
            }
            None => i += 1,
        }
    }
    let found = cx.add_short_forms(found);
    cx.settle_name_lengths(found)
}

impl Context<'_, '_, '_> {
    /// Whether a mention may start at token `i` (outside an outlet's name;
    /// `after_title`: the token before is a title): what each rule of
    /// [`Context::span_at`] needs of the token it starts at, asked first
    /// because most tokens have none of it (function words, verbs,
    /// punctuation, common nouns), and the rules need not be tried there.
    fn may_start_mention(&self, i: usize, after_title: bool) -> bool {
        let t = &self.tokens[i];
        let listed = t.listed;
        // Listed names and organisation suffixes, known names of several
        // tokens, the user's people and places, the tagger's proper nouns
        // and Latin words.
        if listed.begins_listed_name()
            || listed.is_org_name()
            || listed.is_place_name()
            || listed.is_person_name()
            || listed.is_org_suffix()
            || t.user != UserTag::Other
            || matches!(
                t.tag,
                "nr" | "nrt" | "nrfg" | "ns" | "nt" | "nz" | "j" | "eng"
            )
        {
            return true;
        }
        // A noun ending in an organisation suffix (`ends_org`).
        if t.chars() >= 3 && matches!(t.tag, "n" | "l") && ends_with_org_suffix(t.word) {
            return true;
        }
        // Han names the tagger missed: the pieces of a transliterated name,
        // a name after a title, a name in marks, a name before a `·`.
        t.is_han()
            && (t.is_transliterated()
                || after_title
                || i.checked_sub(1)
                    .is_some_and(|p| matches!(self.tokens[p].word, "“" | "「" | "《"))
                || self.dot_within(i + 1..(i + 6).min(self.tokens.len())))
    }

    /// Whether a token of `range` is a dot.
    fn dot_within(&self, range: std::ops::Range<usize>) -> bool {
        self.next_dot
            .get(range.start)
            .is_some_and(|&dot| dot < range.end)
    }

    /// The mention starting at token `i`, as its end and kind: the rules
    /// in the order they are tried.
    fn span_at(&self, i: usize, after_title: bool) -> Option<(usize, Kind)> {
        let t = &self.tokens[i];
        let dotted = (i + 1..self.tokens.len())
            .take_while(|&k| self.is_name_part(k) || self.tokens[k].is_dot())
            .take(5)
            .find(|&k| self.tokens[k].is_dot())
            .and_then(|dot| self.dotted_name(dot))
            .filter(|&(first, _)| first == i);
        if let Some((_, end)) = dotted {
            Some((end, Kind::Person))
        } else if let Some(end) = self.glossed_person(i) {
            Some((end, Kind::Person))
        } else if let Some(end) = self.org_in_marks(i).or_else(|| self.org_at(i)) {
            Some((end, Kind::Organization))
        } else if t.listed.is_place_name() || self.known_place_at(i).is_some() {
            self.place_at(i).map(|end| (end, Kind::Place))
        } else if self.is_person_word(t) {
            Some((self.person_end(i), Kind::Person))
        } else if let Some((end, kind)) = self.latin_speaker(i) {
            Some((end, kind))
        } else if let Some(end) = self.name_before_title(i) {
            Some((end, Kind::Person))
        } else if after_title {
            self.name_after_title(i)
                .map(|end| (end, Kind::Person))
                .or_else(|| self.place_at(i).map(|end| (end, Kind::Place)))
        } else {
            self.place_at(i).map(|end| (end, Kind::Place))
        }
    }
}

impl<'a> Context<'_, '_, 'a> {
    /// Later mentions by a short form of a name given in full: an
    /// organisation without its suffix (`字节跳动公司` → `字节跳动`), a person
    /// by the last part of a `·` name (`阿列克谢·纳瓦尔尼` → `纳瓦尔尼`).
    fn add_short_forms(&self, found: Vec<Span>) -> Vec<Span> {
        const MAX_TOKENS: usize = 3;
        // Each short form with the kind of its first full name: looked up
        // at every token below, up to `MAX_TOKENS` times.
        let mut short: FxHashMap<&'a str, Kind> = FxHashMap::default();
        for span in &found {
            let last = &self.tokens[span.end - 1];
            let (a, b) = match span.kind {
                Kind::Organization if span.end - span.first >= 2 && last.listed.is_org_suffix() => {
                    // Not a known place or person before the suffix (`德国政府`).
                    let core = &self.tokens[span.first..span.end - 1];
                    let known = core.len() == 1
                        && (core[0].listed.is_place_name()
                            || core[0].listed.is_person_name()
                            || (matches!(core[0].tag, "ns" | "nr" | "nrt")
                                && self.segmenter.has_word(core[0].word)));
                    if known {
                        continue;
                    }
                    (core[0].start, core[core.len() - 1].end)
                }
                // An acronym glossed once (`（Pen Test Partners，PTP）`) names
                // the organisation alone later (`PTP则表示`).
                Kind::Organization
                    if span.end - span.first == 1 && is_acronym(self.tokens[span.first].word) =>
                {
                    (last.start, last.end)
                }
                Kind::Person => match (span.first..span.end)
                    .rev()
                    .find(|&k| self.tokens[k].is_dot())
                {
                    Some(dot) if dot + 1 < span.end => {
                        (self.tokens[dot + 1].start, last.end - span.cut)
                    }
                    // A transliterated name the tagger split, found by a
                    // rule once (`欧尔班（Viktor Orban）`), is the same name
                    // later (`欧尔` `班并未说明`).
                    _ if span.end - span.first >= 2 => {
                        let (a, b) = span.bytes(self.tokens);
                        if !all_transliteration(&self.text[a..b]) {
                            continue;
                        }
                        (a, b)
                    }
                    _ => continue,
                },
                _ => continue,
            };
            let name = &self.text[a..b];
            let listed = Listed::of(name);
            if name.chars().count() >= 2 && !listed.is_place_name() && !listed.is_not_mention() {
                short.entry(name).or_insert(span.kind);
            }
        }
        if short.is_empty() {
            return found;
        }
        // The short forms' first characters: the tokens starting with none
        // of them (most) start no short form, without hashing the two to
        // four readings that begin at them.
        let mut first_chars: Vec<char> = short.keys().filter_map(|k| k.chars().next()).collect();
        first_chars.sort_unstable();
        first_chars.dedup();
        // The first characters' low bytes, as bits: most tokens' first
        // characters fail this test before the search.
        let mut low_bytes = [0u64; 4];
        for &c in &first_chars {
            low_bytes[(c as usize >> 6) & 3] |= 1 << (c as usize & 63);
        }
        let may_start = |word: &str| {
            word.chars().next().is_some_and(|c| {
                low_bytes[(c as usize >> 6) & 3] & (1 << (c as usize & 63)) != 0
                    && first_chars.binary_search(&c).is_ok()
            })
        };
        let mut out = Vec::with_capacity(found.len());
        let mut next = found.into_iter().peekable();
        let mut i = 0;
        while i < self.tokens.len() {
            let limit = next.peek().map_or(self.tokens.len(), |s| s.first);
            if limit > i {
                // The tokens up to the next mention, in a loop of their own
                // (most of a text, and most start no short form).
                while i < limit {
                    let hit = if may_start(self.tokens[i].word) {
                        (i + 1..=(i + MAX_TOKENS).min(limit)).find_map(|end| {
                            let words = &self.text[self.tokens[i].start..self.tokens[end - 1].end];
                            short.get(words).map(|&kind| (end, kind))
                        })
                    } else {
                        None
                    };
                    match hit {
                        Some((end, kind)) if !self.outlet[i] => {
                            out.push(Span {
                                first: i,
                                end,
                                kind,
                                cut: 0,
                            });
                            i = end;
                        }
                        _ => i += 1,
                    }
                }
                continue;
            }
            let mut span = next.next().expect("a mention starts at or before token i");
            // A name known in full is not read as a shorter mention
            // (`欧尔` where `欧尔班` was named).
            let limit = next.peek().map_or(self.tokens.len(), |s| s.first);
            let longer = (span.end + 1..=(span.first + MAX_TOKENS).min(limit)).find_map(|end| {
                let words = &self.text[self.tokens[span.first].start..self.tokens[end - 1].end];
                short.get(words).map(|&kind| (end, kind))
            });
            if let Some((end, kind)) = longer {
                span = Span {
                    first: span.first,
                    end,
                    kind,
                    cut: 0,
                };
            }
            // The full name decides the kind (`阿斯利康公司`: `阿斯利康` is
            // an organisation, whatever the tagger made of it).
            let (a, b) = span.bytes(self.tokens);
            if let Some(&kind) = short.get(&self.text[a..b]) {
                span.kind = kind;
            }
            i = i.max(span.end);
            out.push(span);
        }
        out
    }
}

impl Context<'_, '_, '_> {
    /// One length for a person named at several places of a text: where
    /// the text reads a longer name that is also found in it (`赵立` where
    /// `赵立坚` is written, the tagger having cut `赵立` `坚称`), the span
    /// takes the longer name, unless the shorter is found more than twice
    /// as often: then a stray longer reading gives way (`徐进曾任` when
    /// `徐进` is named throughout).
    fn settle_name_lengths(&self, mut found: Vec<Span>) -> Vec<Span> {
        let name = |span: &Span| {
            let (a, b) = span.bytes(self.tokens);
            &self.text[a..b]
        };
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for span in found.iter().filter(|s| s.kind == Kind::Person) {
            let n = name(span);
            match counts.iter_mut().find(|(c, _)| *c == n) {
                Some((_, count)) => *count += 1,
                None => counts.push((n, 1)),
            }
        }
        if counts.len() < 2 {
            return found;
        }
        for k in 0..found.len() {
            if found[k].kind != Kind::Person {
                continue;
            }
            let (start, end) = found[k].bytes(self.tokens);
            let here = &self.text[start..end];
            let own = counts.iter().find(|(c, _)| *c == here).map_or(0, |c| c.1);
            // Readings of the text at this mention that are names found elsewhere.
            let best = counts
                .iter()
                .filter(|(c, _)| {
                    c.len() != here.len()
                        && self.text[start..].starts_with(c)
                        && (c.starts_with(here) || here.starts_with(c))
                })
                .max_by_key(|(c, count)| (*count, c.len()));
            let Some(&(other, count)) = best else {
                continue;
            };
            let (long, short) = if other.len() > here.len() {
                (count, own)
            } else {
                (own, count)
            };
            if (other.len() > here.len()) != (2 * long >= short) {
                continue;
            }
            let new_end = start + other.len();
            // Never into the next mention.
            if found
                .get(k + 1)
                .is_some_and(|n| self.tokens[n.first].start < new_end)
            {
                continue;
            }
            let last = self.tokens.partition_point(|t| t.end < new_end);
            found[k].end = last + 1;
            found[k].cut = self.tokens[last].end - new_end;
        }
        found
    }
}

/// A word the tagger reads as an organisation that names none: a process
/// (`非军事化`), a relation (`中俄关系`), a place or stage (`公共场所`,
/// `世界舞台`, `中央公园`).
fn is_tagged_org_by_mistake(t: &Token<'_>) -> bool {
    const ENDINGS: &[&str] = &["化", "关系", "關係", "场所", "場所", "舞台", "公园", "公園"];
    t.tag == "nt" && !t.listed.is_org_name() && ENDINGS.iter().any(|e| t.word.ends_with(e))
}

/// An acronym: two to six capital letters or digits, a letter first (`PTP`, `CSIRO`).
fn is_acronym(word: &str) -> bool {
    (2..=6).contains(&word.len())
        && word.starts_with(|c: char| c.is_ascii_uppercase())
        && word
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Words such as `有限公司` or `调查局` that end in an organisation suffix
/// (of the one-character suffixes only those that rarely end other words).
/// Each ending is looked up only for a word whose last character ends
/// some suffix.
fn ends_with_org_suffix(word: &str) -> bool {
    may_end_with_org_suffix(word)
        && word.char_indices().skip(1).any(|(at, _)| {
            let tail = &word[at..];
            Listed::of(tail).is_org_suffix()
                && (tail.chars().nth(1).is_some() || matches!(tail, "局" | "署" | "部" | "院"))
        })
}

/// Words such as `外交部长` or `国家主席` that end in a title.
fn ends_with_title(word: &str) -> bool {
    may_end_with_title(word)
        && word
            .char_indices()
            .skip(1)
            .any(|(at, _)| Listed::of(&word[at..]).is_title() && word[at..].chars().count() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, &'static str)> {
        mentions(&Segmenter::shared_embedded(), text)
            .into_iter()
            .map(|m| (m.text.to_owned(), m.kind.as_str()))
            .collect()
    }

    fn has(text: &str, name: &str, kind: &str) -> bool {
        found(text).iter().any(|(t, k)| t == name && *k == kind)
    }

    #[test]
    fn a_title_is_not_part_of_the_name() {
        assert!(has("外交部长王毅表示", "王毅", "person"));
        assert!(has("美国总统拜登说", "拜登", "person"));
    }

    #[test]
    fn dotted_foreign_names_are_one_person() {
        assert!(has("美国总统唐纳德·特朗普说", "唐纳德·特朗普", "person"));
    }

    #[test]
    fn organisation_suffixes_join_the_words_before() {
        assert!(has(
            "中国外交部发言人汪文斌表示",
            "中国外交部",
            "organization"
        ));
        assert!(has("阿里巴巴集团宣布", "阿里巴巴集团", "organization"));
        assert!(!found("这家公司宣布").iter().any(|(t, _)| t == "公司"));
    }

    #[test]
    fn administrative_suffixes_join_the_place() {
        assert!(has("他来自浙江省温州市", "温州市", "place"));
    }

    #[test]
    fn outlets_are_not_sources() {
        assert!(!found("自由亚洲电台记者报道")
            .iter()
            .any(|(_, k)| *k == "organization"));
    }

    #[test]
    fn a_person_takes_the_length_of_the_name_found_more_often() {
        let seg = Segmenter::shared_embedded();
        let people = |text| -> Vec<String> {
            mentions(&seg, text)
                .iter()
                .filter(|m| m.kind == Kind::Person)
                .map(|m| m.text.to_owned())
                .collect()
        };
        // The tagger reads `赵立坚称` as `赵立` `坚称`, `赵立坚强调` as `赵立` `坚强` `调`.
        assert_eq!(people("赵立坚称此事属实。"), ["赵立"]);
        let names = people("赵立坚也说，此事属实。赵立坚称，美方应当停止。赵立坚强调此事。");
        assert_eq!(names, ["赵立坚"; 3]);
        // A stray longer reading gives way to the name found more often.
        let names = people("徐进说，他不知情。徐进表示遗憾。徐进也说不知道。徐进曾任武汉市官员。");
        assert_eq!(names, ["徐进"; 4]);
    }

    #[test]
    fn a_name_glossed_with_a_personal_name_is_a_person() {
        assert!(has(
            "但欧尔班（Viktor Orban）6日表示，他与普京通话。",
            "欧尔班",
            "person"
        ));
        assert!(has("加沙（Gaza Strip）的居民", "加沙", "place"));
    }

    #[test]
    fn common_words_and_titles_are_not_people() {
        assert!(!has("保持自己的道德和良知", "道德", "person"));
        assert!(!has("国家安全顾问表示，美国必须通过", "顾问", "person"));
        assert!(has(
            "高级顾问克里斯·约翰斯通说",
            "克里斯·约翰斯通",
            "person"
        ));
    }

    #[test]
    fn a_name_split_by_the_tagger_before_a_title() {
        // The tagger reads `蔡` `英文` `总统`.
        assert!(has("蔡英文总统在竞选活动中说。", "蔡英文", "person"));
    }

    #[test]
    fn organisation_names_with_conjunctions_and_inner_words() {
        assert!(has(
            "澳大利亚联邦科学与工业研究组织（CSIRO）发现",
            "澳大利亚联邦科学与工业研究组织",
            "organization"
        ));
        assert!(has(
            "澳大利亚联邦科学与工业研究组织（CSIRO）发现",
            "CSIRO",
            "organization"
        ));
        assert!(has(
            "俄罗斯对外情报局局长说",
            "俄罗斯对外情报局",
            "organization"
        ));
        assert!(has("被香港高等法院判刑", "香港高等法院", "organization"));
        assert!(has(
            "美国圣汤玛斯大学政治系",
            "美国圣汤玛斯大学",
            "organization"
        ));
        assert!(has(
            "他前往台北经济文化办事处",
            "台北经济文化办事处",
            "organization"
        ));
        // Two names joined are not one organisation.
        assert!(!has("中国与美国政府", "中国与美国政府", "organization"));
        // `团体` after a place describes a group, it does not name one.
        assert!(!has("亲朝鲜团体在西班牙", "朝鲜团体", "organization"));
    }

    #[test]
    fn organisations_named_in_marks() {
        assert!(has(
            "团体“朝鲜友好协会”的成员",
            "朝鲜友好协会",
            "organization"
        ));
        assert!(has(
            "另据《悉尼先驱晨报》报道",
            "悉尼先驱晨报",
            "organization"
        ));
        assert!(!found("他读过《战争与和平》")
            .iter()
            .any(|(_, k)| *k == "organization"));
    }

    #[test]
    fn a_transliteration_found_once_is_the_same_name_later() {
        let text = "但欧尔班（Viktor Orban）6日表示，他与普京通话。欧尔班并未说明条件。";
        let people: Vec<_> = found(text)
            .into_iter()
            .filter(|(_, k)| *k == "person")
            .collect();
        assert_eq!(people.iter().filter(|(t, _)| t == "欧尔班").count(), 2);
        assert!(!has(text, "欧尔", "place"));
    }

    #[test]
    fn words_tagged_as_organisations_that_name_none() {
        assert!(!has("建立的非军事化缓冲区", "非军事化", "organization"));
        assert!(!has("世界各地的公共场所都出现", "公共场所", "organization"));
        assert!(!has("在世界舞台上留下", "世界舞台", "organization"));
        assert!(!has("从多年艰难谈判中学到的东西", "中学", "organization"));
        // A whole name in marks is one organisation, not the known name inside.
        assert!(has(
            "得主为「联合国世界粮食计划署」。",
            "联合国世界粮食计划署",
            "organization"
        ));
    }

    #[test]
    fn latin_subjects_and_acronyms_named_again() {
        assert!(has(
            "财经传媒CNBC表示，美国没有法例",
            "CNBC",
            "organization"
        ));
        assert!(has(
            "新闻网站The Information报道称，字节跳动正在",
            "The Information",
            "organization"
        ));
        assert!(has(
            "学者David J. Teece说，企业有责任",
            "David J. Teece",
            "person"
        ));
        assert!(has(
            "公司（Pen Test Partners，PTP）发现。PTP则表示",
            "PTP",
            "organization"
        ));
        // Latin words that speak for no one are no mention.
        assert!(found("病毒SARS-COV-2的生命力顽强").is_empty());
    }

    #[test]
    fn offsets_are_characters() {
        let text = "“好”，王毅说";
        let m = mentions(&Segmenter::shared_embedded(), text);
        assert_eq!((m[0].start, m[0].end), (4, 6));
    }
}

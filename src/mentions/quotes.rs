//! Quotations and who said them, by the attribution conventions of Chinese
//! news writing.

use super::entities::{spans, Span};
use super::lexicon::{Listed, DEMONSTRATIVES, PRONOUNS};
use super::tokens::{self, CharOffsets, Token};
use super::{Kind, Quote};
use crate::segment::Segmenter;

/// Quoted text found by the quotation-mark scan, as byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marked {
    /// The opening mark.
    open: usize,
    /// What is inside the marks.
    start: usize,
    end: usize,
    /// Just after the closing mark (`end` when the quote was never closed).
    after: usize,
}

const OPENERS: &[(char, char)] = &[
    ('“', '”'),
    ('「', '」'),
    ('『', '』'),
    ('‘', '’'),
    ('"', '"'),
];

/// Where the next byte at or after `pos` of `bytes` that may start a
/// newline or a quotation mark ([`OPENERS`]) lies: `\n`, `"`, or the first
/// byte of U+2018–U+201D (`‘’“”`, 0xE2) or of U+300C–U+300F (`「」『』`,
/// 0xE3). None of these bytes is ever inside another character's UTF-8
/// bytes. memchr's vectorised `memchr3` finds the three frequent ones, up
/// to the next `"` (rare), which `quote_at` keeps between calls (the text's
/// length for none).
fn next_mark_byte(bytes: &[u8], pos: usize, quote_at: &mut usize) -> Option<usize> {
    if *quote_at < pos {
        *quote_at = memchr::memchr(b'"', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
    }
    memchr::memchr3(b'\n', 0xE2, 0xE3, &bytes[pos..*quote_at])
        .map(|i| pos + i)
        .or((*quote_at < bytes.len()).then_some(*quote_at))
}

fn closer_of(open: char) -> Option<char> {
    OPENERS.iter().find(|(o, _)| *o == open).map(|(_, c)| *c)
}

/// The outermost quotations of `text`. Marks nest (`“…‘…’…”`, `「…『…』…」`);
/// a quotation still open at the end of a paragraph continues when the next
/// paragraph opens with the same mark (the convention for quotations of
/// several paragraphs) and otherwise ends with its paragraph.
fn marked_quotes(text: &str) -> Vec<Marked> {
    let mut found = Vec::new();
    // The open marks, outermost first: (mark, closing mark, byte offset).
    let mut open: Vec<(char, char, usize)> = Vec::new();
    let mut pos = 0;
    // Only a newline or a quotation mark changes anything: the scan jumps
    // from one byte that may start either to the next, instead of decoding
    // every character (about fifty instructions a character).
    let mut quote_at = memchr::memchr(b'"', text.as_bytes()).unwrap_or(text.len());
    while let Some(at) = next_mark_byte(text.as_bytes(), pos, &mut quote_at) {
        let c = text[at..].chars().next().expect("a character starts there");
        pos = at + c.len_utf8();
        if c == '\n' {
            if let Some(&(outer, _, outer_at)) = open.first() {
                let continues = text[at..]
                    .trim_start_matches(['\n', '\r', ' ', '\u{3000}'])
                    .starts_with(outer);
                if continues {
                    // Skip the repeated opening mark; inner marks end here.
                    open.truncate(1);
                    pos = text[pos..]
                        .find(outer)
                        .map_or(text.len(), |i| pos + i + outer.len_utf8());
                } else {
                    found.push(Marked {
                        open: outer_at,
                        start: outer_at + outer.len_utf8(),
                        end: at,
                        after: at,
                    });
                    open.clear();
                }
            }
            continue;
        }
        if let Some(&(_, close, _)) = open.last() {
            if c == close {
                let (mark, _, mark_at) = open.pop().expect("an open mark");
                if open.is_empty() {
                    found.push(Marked {
                        open: mark_at,
                        start: mark_at + mark.len_utf8(),
                        end: at,
                        after: at + c.len_utf8(),
                    });
                }
                continue;
            }
        }
        if let Some(close) = closer_of(c) {
            open.push((c, close, at));
        }
    }
    if let Some(&(outer, _, outer_at)) = open.first() {
        found.push(Marked {
            open: outer_at,
            start: outer_at + outer.len_utf8(),
            end: text.len(),
            after: text.len(),
        });
    }
    found.retain(|m| m.end > m.start);
    found
}

/// Asked of every token: the word's length picks the few marks it may be,
/// where a `matches!` of the nine compared it with each in turn.
fn is_sentence_end(word: &str) -> bool {
    match word.len() {
        1 => matches!(word.as_bytes()[0], b'!' | b'?' | b'\n' | b';'),
        2 => word == "\r\n",
        3 => matches!(word, "。" | "！" | "？" | "；"),
        _ => false,
    }
}

fn is_clause_end(word: &str) -> bool {
    is_sentence_end(word)
        || match word.len() {
            1 => matches!(word.as_bytes()[0], b',' | b':'),
            3 => matches!(word, "，" | "："),
            _ => false,
        }
}

/// Whether token `t` is a verb of saying (`说`, or `一再强调` as the tagger
/// joins an adverb to it).
fn is_cue_token(t: &Token<'_>) -> bool {
    t.cue_start.is_some()
}

/// The verb of saying in cue token `t` (`强调` of `一再强调`).
fn cue_word<'a>(t: &Token<'a>) -> &'a str {
    &t.word[t.cue_start.unwrap_or(0)..]
}

fn is_pronoun(t: &Token<'_>) -> bool {
    PRONOUNS.contains(&t.word)
}

/// What the quote finder knows about a text.
struct Reader<'t, 'a> {
    text: &'a str,
    tokens: &'t [Token<'a>],
    mentions: Vec<Span>,
    /// For each token, whether it lies inside quotation marks.
    quoted: Vec<bool>,
}

/// A speaker found at an attribution: a mention, or a pronoun or
/// description standing for someone named before, as tokens.
#[derive(Debug, Clone, Copy)]
struct Speaker {
    first: usize,
    end: usize,
    cut: usize,
    /// For a pronoun (`他`) or description (`该公司`, `这位…领导人`): the
    /// kind of mention it stands for.
    refers: Option<Kind>,
}

impl<'a> Reader<'_, 'a> {
    /// The mention containing token `k`, if any.
    fn mention_at(&self, k: usize) -> Option<&Span> {
        let i = self.mentions.partition_point(|s| s.end <= k);
        self.mentions.get(i).filter(|s| s.first <= k)
    }

    /// The token starting at or containing byte `at`.
    fn token_at(&self, at: usize) -> usize {
        self.tokens.partition_point(|t| t.end <= at)
    }

    fn bytes(&self, first: usize, end: usize) -> (usize, usize) {
        (self.tokens[first].start, self.tokens[end - 1].end)
    }

    /// The speaker among tokens `lo..hi`: the first person or pronoun
    /// (`特鲁多对习近平说`); else a place opening the clause, speaking for its
    /// government (`北京表示`, not `中国官员称`); else the organisation
    /// nearest the cue outside a dateline (`（法新社华盛顿25日电）美国白宫表示`).
    fn speaker_in(&self, lo: usize, hi: usize) -> Option<Speaker> {
        let first_mention = self.mentions.partition_point(|s| s.first < lo);
        let mut person = None;
        let mut org = None;
        let mut org_modifies = false;
        let mut place = None;
        // A name may end inside the cue's token (`赵立` `坚称`: `赵立坚` `称`).
        for span in self.mentions[first_mention..]
            .iter()
            .take_while(|s| s.end <= hi || (s.end == hi + 1 && s.cut > 0))
        {
            if self.quoted[span.first] {
                continue;
            }
            let speaker = Some(Speaker {
                first: span.first,
                end: span.end,
                cut: span.cut,
                refers: None,
            });
            match span.kind {
                Kind::Person => {
                    person = speaker;
                    break;
                }
                // The first organisation that is not a modifier (followed
                // by `的` later in the clause: `哈马斯控制的加沙卫生部说`), or
                // the one right before the cue (`TikTok的母公司字节跳动
                // （ByteDance）表示`); a gloss in brackets is not the subject.
                Kind::Organization
                    if !self.in_dateline(span.end)
                        && !self.in_brackets(span.first)
                        && (org.is_none() || org_modifies || self.next_to_cue(span.end, hi)) =>
                {
                    org = speaker;
                    org_modifies = (span.end..hi).any(|k| self.tokens[k].word == "的");
                }
                Kind::Place if place.is_none() && org.is_none() => {
                    let opens = (lo..span.first).all(|k| {
                        matches!(self.tokens[k].tag, "c" | "d" | "x")
                            || self.tokens[k].word.trim().is_empty()
                    });
                    // The country is the subject of the cue itself (`北京表示`,
                    // `北京则一再强调`), not of another verb (`中国当然非常注意
                    // 并认为`); the clause before a bare cue (`澳大利亚和新西兰…
                    // 表达了忧虑，说`) may go on with other words.
                    let next_ok = if hi < self.tokens.len() && is_cue_token(&self.tokens[hi]) {
                        (span.end..hi).all(|k| {
                            let t = &self.tokens[k];
                            matches!(t.tag, "d" | "c" | "t")
                                || matches!(t.word, "和" | "與" | "与" | "、")
                                || t.word.trim().is_empty()
                                || self.mention_at(k).is_some_and(|m| m.kind == Kind::Place)
                        })
                    } else {
                        self.tokens.get(span.end).is_some_and(|n| {
                            is_cue_token(n)
                                || matches!(n.tag, "d" | "c")
                                || matches!(n.word, "和" | "與" | "与" | "、")
                        })
                    };
                    if opens && next_ok {
                        place = speaker;
                    }
                }
                _ => {}
            }
        }
        let pronoun = (lo..hi)
            .find(|&k| {
                !self.quoted[k]
                    && (is_pronoun(&self.tokens[k]) || self.description_at(k, hi).is_some())
            })
            .map(|k| match self.description_at(k, hi) {
                Some((end, kind)) => Speaker {
                    first: k,
                    end,
                    cut: 0,
                    refers: Some(kind),
                },
                None => Speaker {
                    first: k,
                    end: k + 1,
                    cut: 0,
                    refers: Some(Kind::Person),
                },
            });
        match (person, pronoun) {
            (Some(b), Some(p)) => Some(if p.first < b.first { p } else { b }),
            (None, Some(p)) if p.refers == Some(Kind::Organization) => {
                // `该公司` gives way to an organisation or place named before it.
                match org.or(place) {
                    Some(o) if o.first < p.first => Some(o),
                    _ => Some(p),
                }
            }
            (b, p) => b.or(p).or(place).or(org),
        }
    }

    /// A description opening at token `k` that stands for someone named
    /// before, before the cue at `hi`: a demonstrative and an organisation
    /// word (`该公司`, `这家企业`: an organisation), or a demonstrative, a
    /// few modifiers and a title or role (`这位3日刚胜选的匈牙利领导人`:
    /// a person). Its end and the kind it stands for.
    fn description_at(&self, k: usize, hi: usize) -> Option<(usize, Kind)> {
        const MAX_TOKENS: usize = 10;
        if !DEMONSTRATIVES.contains(&self.tokens[k].word) {
            return None;
        }
        let next = self.tokens.get(k + 1).filter(|_| k + 1 < hi)?;
        if next.listed.is_org_suffix() || matches!(next.word, "企业" | "企業" | "机构" | "機構")
        {
            return Some((k + 2, Kind::Organization));
        }
        let end = (k + 1..hi.min(k + 1 + MAX_TOKENS))
            .take_while(|&j| !is_clause_end(self.tokens[j].word) && !self.quoted[j])
            .find(|&j| self.tokens[j].listed.is_title())?;
        // Only modifiers between: the role must stand right before the cue.
        let at_cue = (end + 1..hi).all(|j| {
            matches!(self.tokens[j].tag, "d" | "c" | "t" | "p")
                || self.tokens[j].word.trim().is_empty()
        });
        at_cue.then_some((end + 1, Kind::Person))
    }

    /// Whether token `k` opens a bracket's contents (`（ByteDance）`).
    fn in_brackets(&self, k: usize) -> bool {
        k.checked_sub(1)
            .is_some_and(|p| matches!(self.tokens[p].word, "（" | "("))
    }

    /// Whether only adverbs, a bracketed gloss or spaces stand between
    /// token `end` and the cue at `hi`.
    fn next_to_cue(&self, end: usize, hi: usize) -> bool {
        let mut bracket = false;
        (end..hi).all(|k| {
            let w = self.tokens[k].word;
            match w {
                "（" | "(" => bracket = true,
                "）" | ")" => bracket = false,
                _ => {}
            }
            bracket
                || matches!(w, "）" | ")")
                || w.trim().is_empty()
                || matches!(self.tokens[k].tag, "d" | "c")
        })
    }

    /// Whether the token at `k` is inside a dateline (`（法新社华盛顿25日电）`).
    fn in_dateline(&self, k: usize) -> bool {
        const MAX_BYTES: usize = 40;
        let rest = &self.text[self.tokens.get(k).map_or(self.text.len(), |t| t.start)..];
        // Only a bracket closing within `MAX_BYTES` counts: the search stops
        // there, where it read on to the text's next bracket or end.
        let close = rest
            .char_indices()
            .take_while(|&(at, _)| at < MAX_BYTES)
            .find(|&(_, c)| matches!(c, '）' | ')'))
            .map_or(rest.len(), |(at, _)| at);
        close < MAX_BYTES
            && rest[..close].ends_with(['电', '電'])
            && !rest[..close].contains(['（', '('])
    }

    /// The start of the clause that ends before token `hi`.
    fn clause_start(&self, hi: usize) -> usize {
        (0..hi)
            .rev()
            .find(|&k| is_clause_end(self.tokens[k].word) && !self.quoted[k])
            .map_or(0, |k| k + 1)
    }

    /// The speaker of a cue at token `cue`: in its clause, or, when that
    /// clause is only adverbs (`，并表示`, `，也说`), in the clause before.
    fn speaker_of_cue(&self, cue: usize) -> Option<Speaker> {
        let lo = self.clause_start(cue);
        if let Some(s) = self.speaker_in(lo, cue) {
            return Some(s);
        }
        let bare = (lo..cue).all(|k| matches!(self.tokens[k].tag, "c" | "d" | "p" | "x"));
        let prev_end = lo.checked_sub(1)?;
        if !bare || !matches!(self.tokens[prev_end].word, "，" | ",") {
            return None;
        }
        // The subject of the clause before: a speaker that opens it.
        let prev_lo = self.clause_start(prev_end);
        let speaker = self.speaker_in(prev_lo, prev_end)?;
        let opens = (prev_lo..speaker.first).all(|k| !self.tokens[k].tag.starts_with('v'));
        opens.then_some(speaker)
    }

    /// `X说：“…”`, `X告诉本台：“…”`, `X：“…”`: the cue and speaker before
    /// the quotation `m`, which opens at token `open`.
    fn attribution_before(&self, m: &Marked, open: usize) -> Option<(Option<usize>, Speaker)> {
        let mut k = open;
        let mut punctuated = false;
        while k > 0 && matches!(self.tokens[k - 1].word.trim(), "" | "：" | ":" | "，" | ",") {
            punctuated |= !self.tokens[k - 1].word.trim().is_empty();
            k -= 1;
        }
        // `X表示，“锁链女”案仍…`: a term the reported speech goes on from.
        if self.opens_with_term(m.open) {
            return None;
        }
        // Without a colon or comma, `X说“…”` is speech only when the quote
        // is a sentence (`称为“战狼”` is not).
        if !punctuated && !self.is_sentence_quote(m) {
            return None;
        }
        // The cue, possibly followed by its listener (`告诉本台`, `对记者说`).
        for back in 1..=3 {
            let Some(c) = k.checked_sub(back) else { break };
            let t = &self.tokens[c];
            if self.quoted[c] || is_clause_end(t.word) {
                break;
            }
            if is_cue_token(t) {
                return self.speaker_of_cue(c).map(|s| (Some(c), s));
            }
            if !self.is_listener(c) {
                break;
            }
        }
        // `王毅：“…”`: a colon right after a name.
        if k < open && matches!(self.tokens[k].word, "：" | ":") {
            let span = self.mentions[..self.mentions.partition_point(|s| s.end <= k)].last()?;
            if span.end == k && span.kind != Kind::Place {
                return Some((
                    None,
                    Speaker {
                        first: span.first,
                        end: span.end,
                        cut: span.cut,
                        refers: None,
                    },
                ));
            }
        }
        None
    }

    /// Who is spoken to, between a cue and its quotation (`告诉本台`,
    /// `对记者说道`, `向媒体表示`).
    fn is_listener(&self, k: usize) -> bool {
        let t = &self.tokens[k];
        matches!(
            t.word,
            "本台"
                | "本臺"
                | "记者"
                | "記者"
                | "媒体"
                | "媒體"
                | "他"
                | "她"
                | "我们"
                | "我們"
                | "大家"
                | "外界"
                | "道"
        ) || t.listed.is_outlet()
            || self.mention_at(k).is_some()
    }

    /// Whether quotation `m` reads as a sentence of speech: it ends with a
    /// sentence or clause mark, or a sentence ends right after it.
    fn is_sentence_quote(&self, m: &Marked) -> bool {
        let inner = self.text[m.start..m.end].trim_end();
        let ends_inside = inner.ends_with(['。', '！', '？', '，', '…', '!', '?', ',', '.']);
        let ends_after = self.text[m.after..].starts_with(['。', '！', '？', '，', '\n'])
            || m.after == self.text.len();
        ends_inside || (ends_after && inner.chars().count() >= 6)
    }

    /// `“…”，X说。`, `“…”X在声明中表示。`: the cue and speaker in the clause
    /// after quotation `m`, which closes before token `after`. The quote
    /// must end a sentence or clause (`“…，”X说`), and the cue its own
    /// clause (`X说。`, `X说，“…”`).
    fn attribution_after(&self, m: &Marked, after: usize) -> Option<(Option<usize>, Speaker)> {
        const MAX_TOKENS: usize = 24;
        let inner = self.text[m.start..m.end].trim_end();
        let mut k = after;
        let mut comma = false;
        while k < self.tokens.len() && matches!(self.tokens[k].word.trim(), "，" | ",") {
            comma = true;
            k += 1;
        }
        if !comma && !inner.ends_with(['。', '！', '？', '，', '…', '!', '?', ',', '.']) {
            return None;
        }
        let lo = k;
        while k < self.tokens.len() && k < lo + MAX_TOKENS {
            let t = &self.tokens[k];
            if is_clause_end(t.word) || self.quoted[k] {
                break;
            }
            if is_cue_token(t) {
                let closes = self
                    .tokens
                    .get(k + 1)
                    .is_none_or(|n| is_clause_end(n.word) || n.word.starts_with(['“', '「', '"']));
                if !closes {
                    return None;
                }
                return self.speaker_in(lo, k).map(|s| (Some(k), s));
            }
            k += 1;
        }
        None
    }
}

/// Every attributed quotation of `text`, in order.
///
/// Direct quotations (in `“”`, `「」`, `『』` or `""`) are attributed by a
/// verb of saying with its speaker before (`X说：“…”`, `X在声明中说：“…”`,
/// `X告诉本台：“…”`, `X：“…”`) or after them (`“…”，X说。`); a quotation
/// without its own attribution that follows an attributed one in the same
/// or the previous paragraph continues it. Reported speech (`X表示，…。`)
/// is a quotation with `direct == false` running to the end of the
/// sentence. `他`/`她` as speaker stands for the last named speaker. A
/// quotation never closed ends with its paragraph, unless the next
/// paragraph opens with the same mark (a quotation of several paragraphs).
/// Quotations with no speaker found are left out.
///
/// ```
/// use zhtext::mentions::quotes;
/// use zhtext::segment::Segmenter;
/// let seg = Segmenter::shared_embedded();
/// let found = quotes(&seg, "王毅说：“我们欢迎。”他表示，中方将继续合作。");
/// assert_eq!((found[0].speaker, found[0].cue, found[0].quote), ("王毅", "说", "我们欢迎。"));
/// assert_eq!((found[1].speaker, found[1].quote, found[1].direct), ("王毅", "中方将继续合作", false));
/// ```
pub fn quotes<'a>(segmenter: &Segmenter, text: &'a str) -> Vec<Quote<'a>> {
    let tokens = tokens::tag(segmenter, text);
    let mentions = spans(segmenter, text, &tokens);
    quotes_of_tagged(text, &tokens, mentions)
}

/// [`quotes`] of a text already tagged (`tokens`) with its mentions found
/// (`mentions`, as [`spans`] gives them).
pub(crate) fn quotes_of_tagged<'a>(
    text: &'a str,
    tokens: &[Token<'a>],
    mentions: Vec<Span>,
) -> Vec<Quote<'a>> {
    let marked = marked_quotes(text);
    let mut quoted = vec![false; tokens.len()];
    for m in &marked {
        let (first, end) = (
            tokens.partition_point(|t| t.end <= m.start),
            tokens.partition_point(|t| t.start < m.end),
        );
        quoted[first..end].fill(true);
    }
    let reader = Reader {
        text,
        mentions,
        tokens,
        quoted,
    };
    reader.quotes(&marked)
}

/// A quote before its speaker is resolved: byte ranges.
struct Found {
    speaker: Speaker,
    cue: Option<usize>,
    start: usize,
    end: usize,
    direct: bool,
}

impl<'a> Reader<'_, 'a> {
    fn quotes(&self, marked: &[Marked]) -> Vec<Quote<'a>> {
        let mut found: Vec<Found> = Vec::new();
        let mut used_cues = vec![false; self.tokens.len()];
        let mut unattributed = Vec::new();
        for m in marked {
            let open = self.token_at(m.open);
            let after = self.token_at(m.after);
            let attribution = self
                .attribution_before(m, open)
                .or_else(|| self.attribution_after(m, after));
            match attribution {
                Some((cue, speaker)) => {
                    if let Some(c) = cue {
                        used_cues[c] = true;
                    }
                    found.push(Found {
                        speaker,
                        cue,
                        start: m.start,
                        end: m.end,
                        direct: true,
                    });
                }
                None => unattributed.push(m),
            }
        }
        for (cue, t) in self.tokens.iter().enumerate() {
            if self.quoted[cue]
                || !is_cue_token(t)
                || Listed::of(cue_word(t)).is_direct_only_cue()
                || used_cues[cue]
            {
                continue;
            }
            if let Some(f) = self.reported_speech(cue) {
                found.push(f);
            }
        }
        // Speech reported inside what someone else said or reported
        // (`路透社报道指出，中国…并表示愿意谈判`) is part of that quote.
        let spans: Vec<(usize, usize)> = found.iter().map(|f| (f.start, f.end)).collect();
        found.retain(|f| {
            f.direct
                || f.cue.is_none_or(|c| {
                    let at = self.tokens[c].start;
                    !spans.iter().any(|&(start, end)| start <= at && at < end)
                })
        });
        // A quotation without its own attribution continues the quote
        // before it (which may itself be such a continuation).
        found.sort_by_key(|f| f.start);
        let mut continued: Vec<Found> = Vec::new();
        for m in unattributed {
            let before = found.partition_point(|f| f.start < m.start);
            let attributed = before.checked_sub(1).map(|b| &found[b]);
            let prev = match (continued.last(), attributed) {
                (Some(c), Some(a)) if c.start > a.start => Some(c),
                (Some(c), None) => Some(c),
                (_, a) => a,
            };
            if let Some(prev) = prev.filter(|p| self.continues(p, m)) {
                let next = Found {
                    speaker: prev.speaker,
                    cue: prev.cue,
                    start: m.start,
                    end: m.end,
                    direct: true,
                };
                continued.push(next);
            }
        }
        found.extend(continued);
        found.sort_by_key(|f| f.start);
        self.resolve(found)
    }

    /// Whether quotation `m`, which has no attribution of its own, goes on
    /// from `prev`: it follows it in the same or the next paragraph with no
    /// other sentence between, or is a whole paragraph after it.
    fn continues(&self, prev: &Found, m: &Marked) -> bool {
        if prev.end > m.open {
            return false;
        }
        let between = &self.text[prev.end..m.open];
        let paragraphs = between.matches('\n').count();
        let paragraph_start = self.text[..m.open]
            .trim_end_matches([' ', '\u{3000}'])
            .ends_with('\n');
        let rest_of_paragraph = self.text[m.after..].split('\n').next().unwrap_or("");
        let whole_paragraph = paragraph_start
            && rest_of_paragraph
                .chars()
                .all(|c| !c.is_alphanumeric() && !crate::segment::is_han(c));
        let speech_like = self.text[m.start..m.end].chars().count() >= 8;
        // After reported speech only a whole paragraph continues it (`X承认，…。\n“…”`).
        let same_sentence = prev.direct && paragraphs == 0 && between.chars().count() <= 3;
        speech_like && (same_sentence || (paragraphs == 1 && whole_paragraph))
    }

    /// `X表示，…。`: reported speech after cue token `cue`, to the end of
    /// the sentence.
    fn reported_speech(&self, cue: usize) -> Option<Found> {
        const MIN_CHARS: usize = 6;
        let next = self.tokens.get(cue + 1)?;
        // `补充说`: the second cue carries the report.
        if is_cue_token(next) {
            return None;
        }
        // `他形容，…`: these verbs report speech only before a comma or colon.
        if Listed::of(cue_word(&self.tokens[cue])).is_punctuated_cue()
            && !matches!(next.word, "，" | "," | "：" | ":")
        {
            return None;
        }
        // `也将被迫承认…`, `拒绝透露…`: not something said.
        let not_said = (0..cue)
            .rev()
            .map(|k| &self.tokens[k])
            .take_while(|t| matches!(t.tag, "d" | "c") || t.listed.is_not_said())
            .any(|t| t.listed.is_not_said());
        if not_said {
            return None;
        }
        if matches!(
            next.word,
            "了" | "过" | "過" | "的" | "着" | "著" | "出" | "得"
        ) {
            return None;
        }
        if cue > 0
            && matches!(
                self.tokens[cue - 1].word,
                "所" | "据" | "據" | "被" | "难以" | "很难"
            )
        {
            return None;
        }
        let mut k = cue + 1;
        while k < self.tokens.len()
            && matches!(self.tokens[k].word.trim(), "，" | "," | "：" | ":" | "")
        {
            if self.tokens[k].word.contains('\n') {
                return None;
            }
            k += 1;
        }
        let first = k;
        while k < self.tokens.len() && (self.quoted[k] || !is_sentence_end(self.tokens[k].word)) {
            k += 1;
        }
        if first >= k {
            return None;
        }
        let (start, mut end) = self.bytes(first, k);
        // A quotation mark opening the report belongs to a direct quote,
        // unless it marks a term the report goes on from (`表示，“锁链女”案…`).
        if (self.quoted[first] || self.text[start..].starts_with(|c| closer_of(c).is_some()))
            && !self.opens_with_term(start)
        {
            return None;
        }
        // A closing quotation mark of an embedded quote ends inside.
        end = end.max(start);
        if self.text[start..end].chars().count() < MIN_CHARS {
            return None;
        }
        // `称那里为…` names, `宣布…时，` sets the time: neither reports speech.
        let first_clause = self.text[start..end]
            .split(['，', ','])
            .next()
            .unwrap_or("");
        if (matches!(cue_word(&self.tokens[cue]), "称" | "稱")
            && first_clause.contains(['为', '為']))
            || first_clause.ends_with(['时', '時'])
            || first_clause.ends_with("之际")
        {
            return None;
        }
        let speaker = self.speaker_of_cue(cue)?;
        Some(Found {
            speaker,
            cue: Some(cue),
            start,
            end,
            direct: false,
        })
    }

    /// Whether the quotation mark at byte `at` encloses a short term that
    /// the sentence goes on from (`“锁链女”案`), not speech.
    fn opens_with_term(&self, at: usize) -> bool {
        const MAX_TERM_CHARS: usize = 10;
        let mut chars = self.text[at..].chars();
        let Some(close) = chars.next().and_then(closer_of) else {
            return false;
        };
        // Read up to the closing mark, and no further than a term can go.
        for (n, c) in chars.by_ref().enumerate() {
            if c == close {
                return chars.next().is_some_and(|c| c.is_alphanumeric());
            }
            if n == MAX_TERM_CHARS || matches!(c, '。' | '，' | '！' | '？' | '\n') {
                return false;
            }
        }
        false
    }

    /// Offsets in characters, and pronouns replaced by whom they refer to
    /// (quotes whose pronoun has no antecedent are left out).
    fn resolve(&self, found: Vec<Found>) -> Vec<Quote<'a>> {
        let mut offsets = CharOffsets::new(self.text);
        let mut last_named: Option<&'a str> = None;
        let mut quotes = Vec::with_capacity(found.len());
        for f in found {
            let (s_start, s_end) = self.bytes(f.speaker.first, f.speaker.end);
            let s_end = s_end - f.speaker.cut;
            let written = &self.text[s_start..s_end];
            let speaker = match f.speaker.refers {
                Some(Kind::Person) => {
                    match self
                        .antecedent(f.speaker.first, Kind::Person)
                        .or(last_named)
                    {
                        Some(name) => name,
                        None => continue,
                    }
                }
                Some(kind) => match self.antecedent(f.speaker.first, kind) {
                    Some(name) => name,
                    None => continue,
                },
                None => written,
            };
            let is_person = f.speaker.refers == Some(Kind::Person)
                || self
                    .mention_at(f.speaker.first)
                    .is_some_and(|s| s.kind == Kind::Person);
            if is_person {
                last_named = Some(speaker);
            }
            let cue = f.cue.map_or("", |c| {
                let word = self.tokens[c].word;
                if c + 1 == f.speaker.end && f.speaker.cut > 0 {
                    &word[word.len() - f.speaker.cut..]
                } else {
                    cue_word(&self.tokens[c])
                }
            });
            let (speaker_start, speaker_end) = (offsets.at(s_start), offsets.at(s_end));
            let (quote_start, quote_end) = (offsets.at(f.start), offsets.at(f.end));
            quotes.push(Quote {
                speaker,
                speaker_start,
                speaker_end,
                cue,
                quote: &self.text[f.start..f.end],
                quote_start,
                quote_end,
                direct: f.direct,
            });
        }
        quotes.sort_by_key(|q| q.quote_start);
        quotes
    }

    /// Whether token `k` ends a sentence. A sentence mark inside quotation
    /// marks ends the sentence too when the quotation closes right after it
    /// (`“…。”匈牙利总理…`).
    fn ends_sentence(&self, k: usize) -> bool {
        let closes_quote = self.quoted.get(k + 1).is_none_or(|&q| !q);
        is_sentence_end(self.tokens[k].word) && (!self.quoted[k] || closes_quote)
    }

    /// Whom the pronoun at token `pronoun` refers to: the first person named
    /// (outside quotations) in its sentence before it, or else in the
    /// nearest of the three sentences before that names one. The sentences
    /// are counted back from the pronoun, as far as the mentions looked at
    /// go, rather than numbered over the whole text.
    fn antecedent(&self, pronoun: usize, kind: Kind) -> Option<&'a str> {
        const SENTENCES_BACK: usize = 3;
        let before = self.mentions.partition_point(|s| s.end <= pronoun);
        // Sentence ends among tokens `from..pronoun`: how many sentences
        // before the pronoun's the token `from` is.
        let (mut from, mut back) = (pronoun, 0);
        let mut chosen: Option<(usize, &Span)> = None;
        for span in self.mentions[..before].iter().rev() {
            while from > span.first {
                from -= 1;
                back += usize::from(self.ends_sentence(from));
            }
            if back > SENTENCES_BACK || chosen.is_some_and(|(b, _)| back > b) {
                break;
            }
            if span.kind == kind && !self.quoted[span.first] {
                chosen = Some((back, span));
            }
        }
        chosen.map(|(_, span)| {
            let (a, b) = span.bytes(self.tokens);
            &self.text[a..b]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes_of(text: &str) -> Vec<(String, String, String, bool)> {
        quotes(&Segmenter::shared_embedded(), text)
            .into_iter()
            .map(|q| (q.speaker.into(), q.cue.into(), q.quote.into(), q.direct))
            .collect()
    }

    #[test]
    fn marks_nest_and_unclosed_quotes_end_with_the_paragraph() {
        let text = "他说：“我读过‘战狼’一词。”\n她说：“没有结束\n下一段";
        let m = marked_quotes(text);
        assert_eq!(m.len(), 2);
        assert_eq!(&text[m[0].start..m[0].end], "我读过‘战狼’一词。");
        assert_eq!(&text[m[1].start..m[1].end], "没有结束");
    }

    #[test]
    fn a_quote_of_several_paragraphs_continues() {
        let text = "“第一段。\n“第二段。”";
        let m = marked_quotes(text);
        assert_eq!(m.len(), 1);
        assert_eq!(&text[m[0].start..m[0].end], "第一段。\n“第二段。");
    }

    #[test]
    fn speaker_before_and_after() {
        let q = quotes_of("外交部发言人汪文斌说：“中方坚决反对。”");
        assert_eq!(q[0].0, "汪文斌");
        let q = quotes_of("“中方坚决反对这种做法。”外交部发言人汪文斌说。");
        assert_eq!((q[0].0.as_str(), q[0].1.as_str()), ("汪文斌", "说"));
        let q = quotes_of("「我們不會放棄。」黃之鋒說。");
        assert_eq!(q[0].2, "我們不會放棄。");
    }

    #[test]
    fn reported_speech_is_indirect_and_pronouns_resolve() {
        let q = quotes_of("王毅在声明中说：“合作共赢。”他表示，中美关系需要稳定发展。");
        assert_eq!(q.len(), 2);
        assert_eq!(
            q[1],
            (
                "王毅".into(),
                "表示".into(),
                "中美关系需要稳定发展".into(),
                false
            )
        );
    }

    #[test]
    fn speech_reported_inside_a_report_belongs_to_it() {
        let q = quotes_of("路透社报道指出，中国一再呼吁欧盟取消关税，并表示愿意进行谈判。");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].0, "路透社");
        // A country is the speaker only as the subject of the cue itself.
        let q = quotes_of("副研究员侍建宇分析，中国当然非常注意并认为美国的政策有所转变。");
        assert_eq!(
            q.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
            ["侍建宇"]
        );
        let q = quotes_of("但北京表示，如果发生关税战，中国将采取一切措施。");
        assert_eq!(q[0].0, "北京");
    }

    #[test]
    fn adverbs_joined_to_the_cue_and_names_ending_inside_it() {
        // The tagger reads `一再强调` as one word, `赵立坚称` as `赵立` `坚称`.
        let q = quotes_of("德国政府则一再强调，提出战争索赔的要求已经没有了法律基础。");
        assert_eq!((q[0].0.as_str(), q[0].1.as_str()), ("德国政府", "强调"));
        let q = quotes_of(
            "发言人赵立坚6日表示，王毅将出席会晤。赵立坚称，“此访将进一步深化两国政治互信。”",
        );
        let q = &q[1..];
        assert_eq!((q[0].0.as_str(), q[0].1.as_str()), ("赵立坚", "称"));
    }

    #[test]
    fn what_is_not_said_is_not_reported_speech() {
        assert!(quotes_of("泽连斯基也将被迫承认俄罗斯对已占领领土拥有主权。").is_empty());
        assert!(quotes_of("王毅拒绝透露会谈的具体内容和时间安排。").is_empty());
        // `形容`, `分析` report speech only before a comma.
        assert!(quotes_of("叶耀元形容此举前所未有而且影响深远。").is_empty());
        let q = quotes_of("叶耀元形容，科技公司上交演算法等同让网信办直接接轨。");
        assert_eq!((q[0].0.as_str(), q[0].1.as_str()), ("叶耀元", "形容"));
    }

    #[test]
    fn descriptions_stand_for_whom_they_describe() {
        let q = quotes_of("字节跳动上周发布声明。该公司称，外媒有关出售的消息不实。");
        assert_eq!(q[0].0, "字节跳动");
        let q = quotes_of(
            "默克尔并未说明普京提出的条件为何。这位刚刚连任的德国领导人说，她已邀请普京进行会谈。",
        );
        assert_eq!(q[0].0, "默克尔");
        // With no one named before, the description speaks for no one.
        assert!(quotes_of("该公司称，外媒有关出售的消息不实。").is_empty());
    }

    #[test]
    fn latin_names_speak() {
        let q = quotes_of("美国财经传媒CNBC表示，美国和欧盟至今没有相关法例。");
        assert_eq!(q[0].0, "CNBC");
        let q = quotes_of("经济学家David J. Teece说，企业有社会责任，必须保护民主。");
        assert_eq!(q[0].0, "David J. Teece");
        let q = quotes_of("英国网络安全公司（Pen Test Partners，PTP）发现漏洞。PTP则表示，这一发现表明智能产品仍需汲取教训。");
        assert_eq!(q[0].0, "PTP");
    }

    #[test]
    fn scare_quotes_are_not_quotations() {
        assert!(quotes_of("这被称为“战狼外交”。").is_empty());
    }
}

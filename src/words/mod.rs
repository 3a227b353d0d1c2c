//! New-word discovery: words that a dictionary lacks (names, places,
//! coinages), found from the statistics of the texts themselves, and the
//! frequencies that make the segmenter keep them whole.
//!
//! The method is the published one of mutual information plus boundary
//! entropy: a word's characters occur together far more often than chance
//! (cohesion: the pointwise mutual information of its weakest split into
//! two parts) and it occurs in many different contexts (the entropy of the
//! characters to its left and to its right). Candidates are the Han n-grams
//! of 2 to `max_len` characters; mixed-script strings are left out, since
//! the segmenter already keeps Latin and digit runs whole and the mixed
//! words of news (`B超`, `T恤`) are in the dictionary.
//!
//! Three refinements, each measured (`bench/words_accuracy.py`, docs/words.md):
//! - a candidate that starts or ends with a function character (的, 了, 在,
//!   是, ...) is dropped: `的台积电` is high in both statistics but no word;
//! - a candidate that all but always occurs inside one longer candidate is
//!   dropped (`斯托尔滕` inside `斯托尔滕贝格`);
//! - a candidate that the dictionary alone cuts into words of two or more
//!   characters is a phrase of known words (`中国政府`), not a new word:
//!   it is reported but [`Candidate::compound`] marks it, and learning skips it.
//!
//! Counting runs in parallel in bounded memory: see [`count`].

pub mod count;

use crate::parallel;
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;

use crate::convert::{script_text, Script};
use crate::segment::chars::{is_han, LAST_HAN};
use crate::segment::Segmenter;
use count::{decode, Counts, Run, Table};

/// The longest word that can be discovered: one character less than a
/// counted n-gram, whose extra character gives the boundary entropies.
pub const MAX_WORD_LEN: usize = count::MAX_GRAM - 1;

/// Characters that begin or end no new word: particles, prepositions,
/// conjunctions, pronouns and the commonest verbs, which glue to the edges
/// of names in running text (`的台积电`, `郑月娥说`).
pub const FUNCTION_CHARS: &str =
    "的了在是和与及或也都就而被把对从向之其着过吗呢吧啊这那我你他她它们为将已又再还并但却该每此等个说称";

/// Characters that begin no new word besides [`FUNCTION_CHARS`]: measure
/// words and date units that follow a number (`日晚` of `10日晚`, `万人`),
/// and words that lead a phrase (`据新华社`, `各民主党派`, `要坚持`).
pub const NON_INITIAL_CHARS: &str = "日月年万亿多余件条名位次届号岁据各要当";

/// Characters that end no new word besides [`FUNCTION_CHARS`]: localisers
/// and time suffixes that follow a word (`基础上`, `范围内`, `年以来`), and
/// `一` (`最后一`).
pub const NON_FINAL_CHARS: &str = "上下内里外前后来一";

/// Characters no new word contains: they join phrases (`经济和社会`,
/// `新世纪的到来`).
pub const NON_MEDIAL_CHARS: &str = "的和与及或了着";

/// How to discover words.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Fewest occurrences of a candidate.
    pub min_count: u32,
    /// Longest candidate, in characters (2 to [`MAX_WORD_LEN`]).
    pub max_len: usize,
    /// Most distinct n-grams held while counting (memory: about 40 bytes
    /// each); past it the rarest are dropped.
    pub max_ngrams: usize,
    /// Drop candidates that begin or end with a [`FUNCTION_CHARS`] character,
    /// begin with a [`NON_INITIAL_CHARS`] one, end with a [`NON_FINAL_CHARS`]
    /// one or hold a [`NON_MEDIAL_CHARS`] one.
    pub function_chars: bool,
    /// Drop a candidate that occurs mostly inside one longer candidate: at
    /// least this share of its occurrences (1.0 or more turns it off).
    pub nested_share: f64,
    /// How texts are read: with [`Script::Auto`] a text that looks
    /// traditional is counted in its simplified form (OpenCC `t2s`), so both
    /// spellings of a word count together and words come out in simplified
    /// characters.
    pub script: Script,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            min_count: 5,
            max_len: 6,
            max_ngrams: 8_000_000,
            function_chars: true,
            nested_share: 0.8,
            script: Script::AsIs,
        }
    }
}

/// Why discovery cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("max_len must be from 2 to {MAX_WORD_LEN}, not {0}")]
    MaxLen(usize),
    #[error("min_count must be at least 1")]
    MinCount,
    #[error("max_ngrams must be at least 1000, not {0}")]
    MaxNgrams(usize),
}

/// A candidate word and its statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub word: String,
    /// Occurrences in the texts.
    pub count: u32,
    /// Texts it occurs in.
    pub documents: u32,
    /// Pointwise mutual information (natural log) of its weakest split:
    /// `min ln(p(w) / (p(a) p(b)))` over `w = a + b`, probabilities per
    /// Han character of the texts.
    pub cohesion: f64,
    /// Entropy (nats) of the character before it; each occurrence at the
    /// start of a Han run counts as a context of its own.
    pub left_entropy: f64,
    /// Entropy of the character after it, likewise.
    pub right_entropy: f64,
    /// The ranking score: see [`score`].
    pub score: f64,
    /// The segmenter's dictionary has it (with a positive frequency).
    pub in_dictionary: bool,
    /// It is a phrase of known words (see [`WELL_KNOWN_FREQ`]): a
    /// one-character modifier before one (`古银杏树`) or, of four characters
    /// or more, holding one (`中国政府`).
    pub compound: bool,
    /// The share of its occurrences in which the dictionary's segmentation
    /// of the text has a word across one of its edges (`国人民` in
    /// `中国人民`): the dictionary already explains those characters.
    pub conflicts: f64,
    /// How much more often it occurs than the dictionary's word model
    /// expects of the pieces the dictionary cuts it into: `ln(p / Π p_i)`,
    /// `p` its share of the words of the texts (≈ Han characters / 1.5),
    /// `p_i` each piece's dictionary frequency over the total. A phrase of
    /// common words (`一定要`) is no surprise; a name is.
    pub novelty: f64,
}

/// The ranking score of a candidate: its weaker boundary entropy plus its
/// cohesion scaled to a comparable range, times the log of its count. A
/// word needs all three: free on both sides (a fragment of a longer word
/// has one low entropy), cohesive (a phrase of independent words has a low
/// PMI) and frequent enough for the statistics to mean something.
pub fn score(cohesion: f64, left_entropy: f64, right_entropy: f64, count: u32) -> f64 {
    let freedom = left_entropy.min(right_entropy);
    (freedom + cohesion.max(0.0) / 4.0) * (f64::from(count)).ln()
}

/// What [`discover`] found and how.
#[derive(Debug, Clone)]
pub struct Discovery {
    /// Candidates by descending score.
    pub candidates: Vec<Candidate>,
    /// Han characters counted.
    pub chars: u64,
    /// The highest count at which rare n-grams were dropped to bound memory
    /// (0: every count is exact).
    pub pruned_at: u32,
}

/// Discover words in `texts` on the current rayon pool, checked against
/// `segmenter`'s dictionary.
///
/// ```
/// use zhtext::segment::Segmenter;
/// use zhtext::words::{discover, Config};
///
/// let texts: Vec<String> = ["他说", "我说", "你看", "大家认为", "记者问"]
///     .iter()
///     .cycle()
///     .take(40)
///     .enumerate()
///     .map(|(i, w)| format!("{w}，郑月娥{}。", ["表示", "指出", "强调", "认为"][i % 4]))
///     .collect();
/// let found = discover(&texts, &Segmenter::new(), &Config::default()).unwrap();
/// let top = &found.candidates[0];
/// assert_eq!((top.word.as_str(), top.count, top.in_dictionary), ("郑月娥", 40, false));
/// ```
pub fn discover<T: AsRef<str> + Sync>(
    texts: &[T],
    segmenter: &Segmenter,
    config: &Config,
) -> Result<Discovery, Error> {
    if !(2..=MAX_WORD_LEN).contains(&config.max_len) {
        return Err(Error::MaxLen(config.max_len));
    }
    if config.min_count == 0 {
        return Err(Error::MinCount);
    }
    if config.max_ngrams < 1000 {
        return Err(Error::MaxNgrams(config.max_ngrams));
    }
    if config.script != Script::AsIs {
        let chunk_len = parallel::task_len(texts.len(), 64);
        let folded: Vec<std::borrow::Cow<'_, str>> =
            parallel::map_chunks_collect(texts, chunk_len, |chunk| {
                chunk
                    .iter()
                    .map(|t| script_text(t.as_ref(), config.script))
                    .collect::<Vec<_>>()
            })
            .concat();
        let as_is = Config {
            script: Script::AsIs,
            ..config.clone()
        };
        return discover(&folded, segmenter, &as_is);
    }
    let count = || count::count(texts, config.max_len + 1, config.max_ngrams);
    let table = if rayon::current_num_threads() > 1 {
        // `describe` reads the dictionary's word frequencies (jieba's FREQ),
        // which the segmenter builds on first use: a fifth of a second on one
        // thread while the others wait for it. Built beside the counting, it
        // costs no wait. (With one thread it is built after the counting, as
        // before: held during the counting, it would raise that phase's peak.)
        rayon::join(count, || segmenter.word_freq("")).0
    } else {
        count()
    };
    // Candidates stay keys until the filters are done: most are dropped.
    let mut found = statistics(&table, config);
    drop(table.by_len);
    if config.nested_share < 1.0 {
        drop_nested(&mut found, config.nested_share);
    }
    measure_conflicts(texts, segmenter, &mut found, config.max_len);
    let mut candidates = describe(&found, segmenter, table.chars);
    // The words are distinct, so the order is total: an unstable sort gives
    // the same order without a stable sort's buffer.
    candidates.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(a.word.cmp(&b.word)));
    Ok(Discovery {
        candidates,
        chars: table.chars,
        pruned_at: table.pruned_at,
    })
}

/// A candidate while it is a key: its counts and statistics.
struct Measured {
    key: u128,
    count: u32,
    documents: u32,
    cohesion: f64,
    left_entropy: f64,
    right_entropy: f64,
    /// See [`Candidate::conflicts`].
    conflicts: f64,
}

/// Bits of [`edge_rules`], per character: it may not begin a word, may not
/// end one, may not be in one.
const NOT_FIRST: u8 = 1;
const NOT_LAST: u8 = 2;
const NOT_ANYWHERE: u8 = 4;

/// The rules of [`Config::function_chars`] as a table of [`NOT_FIRST`],
/// [`NOT_LAST`] and [`NOT_ANYWHERE`] bits indexed by key code, so that a
/// candidate is checked on its key before it is ever a string.
fn edge_rules() -> Vec<u8> {
    let mut rules = vec![0u8; count::code(LAST_HAN) as usize + 1];
    let mut set = |chars: &str, bits: u8| {
        for c in chars.chars() {
            rules[count::code(c) as usize] |= bits;
        }
    };
    set(FUNCTION_CHARS, NOT_FIRST | NOT_LAST);
    set(NON_INITIAL_CHARS, NOT_FIRST);
    set(NON_FINAL_CHARS, NOT_LAST);
    set(NON_MEDIAL_CHARS, NOT_ANYWHERE);
    rules
}

/// Whether [`edge_rules`] rule out the n-gram `key` of `n` characters.
fn ruled_out(rules: &[u8], key: u128, n: usize) -> bool {
    let rule = |i: usize| rules[(key >> (16 * (n - 1 - i)) & 0xFFFF) as usize];
    rule(0) & NOT_FIRST != 0
        || rule(n - 1) & NOT_LAST != 0
        || (0..n).any(|i| rule(i) & NOT_ANYWHERE != 0)
}

/// The n-grams of 2 to `max_len` characters with at least `min_count`
/// occurrences (and, with [`Config::function_chars`], not ruled out by
/// their characters), with their counts, cohesion and entropies, in key
/// order (by length, then by characters).
///
/// Everything comes from the table's sorted runs: a candidate's parts are
/// at least as frequent as it is, so their counts are looked up among the
/// n-grams of `min_count` or more (a small hash map rather than the whole
/// table); the n-grams one character longer that extend a candidate to
/// the right follow one another in their run (a walk beside the
/// candidates), and those extending one to the left are found by binary
/// search among the candidates of that length, after a [`KeyFilter`] of
/// them has ruled out most.
fn statistics(table: &Table, config: &Config) -> Vec<Measured> {
    let total = table.chars.max(1) as f64;
    // The frequent n-grams of each length, and their counts by key: a map
    // per length, each built by its own task (one map of every length,
    // built on one thread, kept the others waiting).
    let frequent: Vec<(Run, FxHashMap<u128, u32>)> =
        parallel::collect_indices(config.max_len, |i| {
            let run: Run = table.by_len[i + 1]
                .iter()
                .filter(|(_, c)| c.count >= config.min_count)
                .copied()
                .collect();
            let counts = run.iter().map(|&(key, c)| (key, c.count)).collect();
            (run, counts)
        });
    // A part below `min_count` is less frequent than the whole, which
    // stands in for it below (as for a part pruned while counting).
    let count_of = |key: u128| {
        frequent[count::gram_len(key) - 1]
            .1
            .get(&key)
            .copied()
            .unwrap_or(0)
    };
    let rules = edge_rules();
    parallel::collect_indices(config.max_len - 1, |i| {
        let n = i + 2;
        let found: Vec<(u128, Counts)> = frequent[n - 1]
            .0
            .iter()
            .filter(|(key, _)| !(config.function_chars && ruled_out(&rules, *key, n)))
            .copied()
            .collect();
        // Σ c ln c over the right and left neighbours of each candidate,
        // from the n-grams one character longer, in key order.
        // Occurrences with no counted neighbour (at a run's edge, or whose
        // longer n-gram was pruned as rare) are contexts of their own and
        // add 0.
        let (mut right, mut left) = (vec![0.0f64; found.len()], vec![0.0f64; found.len()]);
        // Most suffixes are no candidate: the filter skips their search.
        let mut candidates = KeyFilter::new();
        found.iter().for_each(|&(key, _)| candidates.insert(key));
        let mut next = 0;
        let suffix_mask = (1u128 << (16 * n)) - 1;
        for &(key, c) in &table.by_len[n + 1] {
            // Most n-grams occur once, and 1 ln 1 adds nothing.
            if c.count < 2 {
                continue;
            }
            let prefix = key >> 16;
            while next < found.len() && found[next].0 < prefix {
                next += 1;
            }
            let extends_right = found.get(next).is_some_and(|f| f.0 == prefix);
            let suffix = key & suffix_mask;
            let extends_left = candidates
                .may_contain(suffix)
                .then(|| found.binary_search_by_key(&suffix, |f| f.0).ok())
                .flatten();
            // Most longer n-grams extend no candidate: no logarithm for them.
            if !extends_right && extends_left.is_none() {
                continue;
            }
            let term = f64::from(c.count) * f64::from(c.count).ln();
            if extends_right {
                right[next] += term;
            }
            if let Some(i) = extends_left {
                left[i] += term;
            }
        }
        found
            .iter()
            .zip(right.iter().zip(&left))
            .map(|(&(key, c), (&right, &left))| {
                let joint = f64::from(c.count) * total;
                let cohesion = (1..n)
                    .map(|right_len| {
                        let right = key & ((1u128 << (16 * right_len)) - 1);
                        let left = key >> (16 * right_len);
                        let parts = f64::from(count_of(left).max(c.count))
                            * f64::from(count_of(right).max(c.count));
                        (joint / parts).ln()
                    })
                    .fold(f64::INFINITY, f64::min);
                let occurrences = f64::from(c.count);
                let entropy = |sum: f64| (occurrences.ln() - sum / occurrences).max(0.0);
                Measured {
                    key,
                    count: c.count,
                    documents: c.docs,
                    cohesion,
                    left_entropy: entropy(left),
                    right_entropy: entropy(right),
                    conflicts: 0.0,
                }
            })
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// Dictionary words at least this frequent are "well known": parts of a
/// phrase rather than of a new word. The dictionary's rarest entries (3)
/// include fragments of transliterations (`沙乌地阿` + `拉伯`, `建宇`), which
/// must not make `沙乌地阿拉伯` or `侍建宇` a phrase.
pub const WELL_KNOWN_FREQ: usize = 50;

/// The candidates of `found` with their dictionary checks (one dictionary
/// cut each), in the same order.
///
/// [`Candidate::compound`]: a phrase of known words is one character before
/// a well-known word (`古银杏树`, `夏老汉`: segmentation standards keep a
/// one-character modifier apart), or, of four characters or more, one
/// holding a well-known word of two or more characters in its dictionary
/// cut (`中国政府`, `西部大开发`, `车辆购置税`). Transliterated names hold
/// none (`斯托尔滕贝格` → `斯托尔` `滕` `贝格`).
fn describe(found: &[Measured], segmenter: &Segmenter, chars: u64) -> Vec<Candidate> {
    let words = (chars as f64 / 1.5).max(1.0);
    let total = segmenter.total() as f64;
    let well_known = |w: &str| segmenter.word_freq(w).is_some_and(|f| f >= WELL_KNOWN_FREQ);
    let chunk_len = parallel::task_len(found.len(), 64);
    parallel::map_chunks_collect(found, chunk_len, |chunk| {
        chunk
            .iter()
            .map(|m| {
                let word = decode(m.key);
                let mut pieces = Vec::new();
                segmenter.cut_each(&word, crate::segment::Mode::Default, false, |p| {
                    pieces.push((p, segmenter.word_freq(p).unwrap_or(0)));
                });
                // A word the cut leaves whole has its frequency looked up.
                let freq = match pieces[..] {
                    [(_, freq)] => freq,
                    _ => segmenter.word_freq(&word).unwrap_or(0),
                };
                let in_dictionary = freq > 0;
                let expected: f64 = pieces
                    .iter()
                    .map(|&(_, f)| (f.max(1) as f64 / total).ln())
                    .sum();
                let novelty = (f64::from(m.count) / words).ln() - expected;
                let compound = !in_dictionary && {
                    let n = count::gram_len(m.key);
                    let rest = word.char_indices().nth(1).map_or("", |(i, _)| &word[i..]);
                    let modified = n >= 3 && well_known(rest);
                    let holds_known = n >= 4
                        && pieces
                            .iter()
                            .any(|&(p, f)| p.chars().nth(1).is_some() && f >= WELL_KNOWN_FREQ);
                    modified || holds_known
                };
                Candidate {
                    count: m.count,
                    documents: m.documents,
                    cohesion: m.cohesion,
                    left_entropy: m.left_entropy,
                    right_entropy: m.right_entropy,
                    score: score(m.cohesion, m.left_entropy, m.right_entropy, m.count),
                    in_dictionary,
                    compound,
                    conflicts: m.conflicts,
                    novelty,
                    word,
                }
            })
            .collect::<Vec<_>>()
    })
    .concat()
}

/// Set each candidate's [`Candidate::conflicts`]: cut every text with the
/// dictionary alone (no HMM, whose guesses are what new words replace) and
/// count the occurrences whose edges are both word boundaries of the cut,
/// which are the runs of consecutive words that spell a candidate; its other
/// occurrences have a word across an edge.
///
/// Only the runs of words of up to `max_len` Han characters are looked up,
/// each once, from the word that ends it; a filter of the candidates rules
/// out most of them without a lookup in the map. (Extending a key from each
/// position of the text through a map of the candidates and their prefixes
/// took a lookup, mostly a cache miss, for every step of every walk.)
///
/// Each thread remembers the candidates aligned in the texts it cut (up to
/// [`ALIGNED_KEPT`] of them in all), so that a text that occurs again (an
/// article republished or collected twice) is not cut again: its hash and
/// one comparison cost far less than its cut. (Remembering blocks between
/// punctuation instead cost more than it saved on text without repeats,
/// where 5% of the blocks' characters are in repeated blocks.)
///
/// The share is of the candidate's `count`: with pruning (see [`count`]) a
/// count that is low makes it an estimate, as the count is.
fn measure_conflicts<T: AsRef<str> + Sync>(
    texts: &[T],
    segmenter: &Segmenter,
    found: &mut [Measured],
    max_len: usize,
) {
    if found.is_empty() {
        return;
    }
    let mut index: FxHashMap<u128, u32> = FxHashMap::default();
    index.reserve(found.len());
    let mut keys = KeyFilter::new();
    for (i, m) in found.iter().enumerate() {
        index.insert(m.key, i as u32);
        keys.insert(m.key);
    }
    let n = found.len();
    /// One thread's tallies (occurrences whose edges are word boundaries),
    /// the words of Han characters just cut, as keys and lengths, up to
    /// `max_len` characters in all, and the texts it cut with the range of
    /// `hits` that lists the candidates aligned in each.
    struct Scan<'t> {
        aligned: Vec<u32>,
        words: Vec<(u128, usize)>,
        cut_texts: FxHashMap<&'t str, (usize, usize)>,
        hits: Vec<u32>,
    }
    let texts: Vec<&str> = texts.iter().map(AsRef::as_ref).collect();
    let chunk_len = parallel::task_len(texts.len(), 64);
    let scans = parallel::fold_chunks(
        &texts,
        chunk_len,
        || Scan {
            aligned: vec![0; n],
            words: Vec::new(),
            cut_texts: FxHashMap::default(),
            hits: Vec::new(),
        },
        |scan, chunk| {
            let Scan {
                aligned,
                words,
                cut_texts,
                hits,
            } = scan;
            for &text in chunk {
                if hits.len() >= ALIGNED_KEPT || cut_texts.len() >= TEXTS_KEPT {
                    cut_texts.clear();
                    hits.clear();
                }
                // One hash of the text for the lookup and the insert.
                let (start, end) = match cut_texts.entry(text) {
                    Entry::Occupied(seen) => *seen.get(),
                    Entry::Vacant(new) => {
                        let start = hits.len();
                        words.clear();
                        segmenter.cut_each(text, crate::segment::Mode::Default, false, |word| {
                            let mut key = 0u128;
                            let mut len = 0;
                            for c in word.chars() {
                                // A word with another character, or too long, is
                                // in no candidate: the runs start again after it.
                                if !is_han(c) || len == max_len {
                                    words.clear();
                                    return;
                                }
                                key = key << 16 | count::code(c);
                                len += 1;
                            }
                            words.push((key, len));
                            // The runs of words ending with this one, shortest first.
                            let (mut joined, mut chars) = (0u128, 0);
                            for (at, &(key, len)) in words.iter().enumerate().rev() {
                                if chars + len > max_len {
                                    words.drain(..=at);
                                    break;
                                }
                                joined |= key << (16 * chars);
                                chars += len;
                                if chars >= 2 && keys.may_contain(joined) {
                                    if let Some(&i) = index.get(&joined) {
                                        hits.push(i);
                                    }
                                }
                            }
                        });
                        *new.insert((start, hits.len()))
                    }
                };
                for &i in &hits[start..end] {
                    aligned[i as usize] += 1;
                }
            }
        },
    );
    let mut aligned = vec![0u32; n];
    for scan in scans {
        aligned
            .iter_mut()
            .zip(scan.aligned)
            .for_each(|(x, y)| *x += y);
    }
    for (m, aligned) in found.iter_mut().zip(aligned) {
        let crossed = m.count.saturating_sub(aligned);
        m.conflicts = f64::from(crossed) / f64::from(m.count.max(1));
    }
}

/// The most aligned occurrences a thread of [`measure_conflicts`] remembers
/// for the texts it cut (16 MB): past it, it forgets them and starts again.
const ALIGNED_KEPT: usize = 1 << 22;

/// The most texts a thread of [`measure_conflicts`] remembers (each entry of
/// its map ~40 bytes, ~10 MB): many short texts with no candidate in them
/// add no occurrences, so [`ALIGNED_KEPT`] alone would not bound the map.
const TEXTS_KEPT: usize = 1 << 18;

/// A set of keys as a table of 2^18 bits, one bit per key hashed from it
/// (32 KB, which stays in the first-level cache): a key that is not in the
/// set is nearly always told so without a search of the set itself.
struct KeyFilter {
    bits: Vec<u64>,
}

impl KeyFilter {
    const BITS: u32 = 18;

    fn new() -> Self {
        KeyFilter {
            bits: vec![0; (1 << Self::BITS) / 64],
        }
    }

    fn bit(key: u128) -> usize {
        let folded = key as u64 ^ (key >> 64) as u64;
        (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize
    }

    fn insert(&mut self, key: u128) {
        let bit = Self::bit(key);
        self.bits[bit / 64] |= 1 << (bit % 64);
    }

    /// False if `key` was never inserted; true if it was (or, rarely,
    /// another key with the same bit was).
    #[inline]
    fn may_contain(&self, key: u128) -> bool {
        let bit = Self::bit(key);
        self.bits[bit / 64] >> (bit % 64) & 1 == 1
    }
}

/// Drop each candidate of which at least `share` of the occurrences are
/// inside a single longer candidate. `found` is in key order (as
/// [`statistics`] gives it), so its candidates of each length are together.
fn drop_nested(found: &mut Vec<Measured>, share: f64) {
    let len_of = |m: &Measured| count::gram_len(m.key);
    let longest = found.last().map_or(0, len_of);
    let start = |n: usize| found.partition_point(|m| len_of(m) < n);
    // For each candidate, the count of its most frequent containing
    // candidate (0: none; a count is at least 1): a map per length of the
    // contained, each filled by its own task from the longer candidates.
    let containers: Vec<FxHashMap<u128, u32>> = parallel::collect_indices(longest + 1, |len| {
        if len < 2 {
            return FxHashMap::default();
        }
        let mut most: FxHashMap<u128, u32> = found[start(len)..start(len + 1)]
            .iter()
            .map(|m| (m.key, 0))
            .collect();
        for m in &found[start(len + 1)..] {
            for a in 0..=len_of(m) - len {
                if let Some(best) = most.get_mut(&count::slice(m.key, a, a + len)) {
                    *best = (*best).max(m.count);
                }
            }
        }
        most
    });
    found.retain(|m| {
        let most = containers[len_of(m)].get(&m.key).copied().unwrap_or(0);
        most == 0 || f64::from(most) < share * f64::from(m.count)
    });
}

/// The frequency that keeps `word` whole in running text: jieba's
/// `suggest_freq` makes it beat its own best split, but only just, so a
/// neighbour can still pull an edge character away (`郑月` + `娥说`); the
/// word also gets at least the frequency a word of its count would have in
/// a corpus the size of the dictionary's, estimated from the texts
/// (`count / words * total`, with words ≈ Han characters / 1.5), up to
/// that of a common word (a ten-thousandth of the total: in a small text
/// the estimate of any repeated word is large).
pub fn learned_freq(segmenter: &Segmenter, word: &str, count: u32, chars: u64) -> usize {
    let suggested = segmenter.suggest_word_freq(word);
    let words = (chars as f64 / 1.5).max(1.0);
    let total = segmenter.total() as f64;
    let estimated = (f64::from(count) / words * total).min(total / 10_000.0);
    suggested.max(estimated as usize)
}

/// The lowest score a candidate needs to be learned by default: chosen on
/// the PKU test text and the news corpus (docs/words.md), where it keeps
/// nearly all real words and few fragments.
pub const DEFAULT_MIN_SCORE: f64 = 3.0;

/// The largest [`Candidate::conflicts`] of a word learning adds.
pub const MAX_CONFLICTS: f64 = 0.5;

/// The smallest [`Candidate::novelty`] of a word learning adds: it must
/// occur some 8,000 times (e^9) more often than the dictionary expects of
/// its pieces.
pub const MIN_NOVELTY: f64 = 9.0;

/// The candidates learning adds, best first: not in the dictionary, not a
/// compound, crossing the dictionary's words in at most [`MAX_CONFLICTS`]
/// of its occurrences, novel (see [`MIN_NOVELTY`]) and scoring at least
/// `min_score`; the `top_k` best.
pub fn learnable(discovery: &Discovery, min_score: f64, top_k: Option<usize>) -> Vec<&Candidate> {
    discovery
        .candidates
        .iter()
        .filter(|c| {
            !c.in_dictionary
                && !c.compound
                && c.conflicts <= MAX_CONFLICTS
                && c.novelty >= MIN_NOVELTY
                && c.score >= min_score
        })
        .take(top_k.unwrap_or(usize::MAX))
        .collect()
}

/// The part of speech a learned word is added with: what jieba's tagging
/// HMM reads its characters as (the longest word it finds there; the first
/// of equals). Without one the tagger would say `x` (no part of speech), and
/// a learned name (侍建宇, read as `nr`) would stop being a person.
///
/// ```
/// assert_eq!(zhtext::words::learned_tag("侍建宇"), Some("nr"));
/// ```
pub fn learned_tag(word: &str) -> Option<&'static str> {
    let mut longest: Option<(usize, &'static str)> = None;
    crate::segment::posseg::for_each_span(word, |(start, end, tag)| {
        if longest.is_none_or(|(len, _)| end - start > len) {
            longest = Some((end - start, tag.name));
        }
    });
    longest.map(|(_, tag)| tag)
}

/// Add the [`learnable`] candidates to `segmenter`, each with its
/// [`learned_freq`] and [`learned_tag`]; returns them with the frequencies given.
pub fn learn<'d>(
    segmenter: &mut Segmenter,
    discovery: &'d Discovery,
    min_score: f64,
    top_k: Option<usize>,
) -> Result<Vec<(&'d Candidate, usize)>, crate::segment::Error> {
    let mut added = Vec::new();
    for candidate in learnable(discovery, min_score, top_k) {
        let freq = learned_freq(segmenter, &candidate.word, candidate.count, discovery.chars);
        segmenter.add_word(&candidate.word, Some(freq), learned_tag(&candidate.word))?;
        added.push((candidate, freq));
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Vec<String> {
        let verbs = ["表示", "指出", "强调", "认为", "回应"];
        let intros = ["他说", "此外", "但是", "记者问", "同时"];
        (0..60)
            .map(|i| {
                format!(
                    "{}，斯托尔滕贝格{}北约将增加援助。{}，台积电{}扩大投资。",
                    intros[i % 5],
                    verbs[i % 5],
                    intros[(i + 2) % 5],
                    verbs[(i + 3) % 5]
                )
            })
            .collect()
    }

    #[test]
    fn auto_counts_both_spellings_of_a_word_together() {
        let texts: Vec<String> = corpus()
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if i % 2 == 0 {
                    crate::convert::Converter::get(crate::convert::Config::S2T).convert(t)
                } else {
                    t.clone()
                }
            })
            .collect();
        let auto = Config {
            script: Script::Auto,
            ..Config::default()
        };
        let found = discover(&texts, &Segmenter::new(), &auto).unwrap();
        let word = |w: &str| found.candidates.iter().find(|c| c.word == w);
        assert_eq!(word("斯托尔滕贝格").map(|c| c.count), Some(60));
        assert!(word("斯托爾滕貝格").is_none());
        let as_is = discover(&texts, &Segmenter::new(), &Config::default()).unwrap();
        let counted = as_is.candidates.iter().find(|c| c.word == "斯托尔滕贝格");
        assert_eq!(counted.map(|c| c.count), Some(30));
    }

    #[test]
    fn names_are_found_whole_and_their_fragments_are_not() {
        let found = discover(&corpus(), &Segmenter::new(), &Config::default()).unwrap();
        let words: Vec<&str> = found.candidates.iter().map(|c| c.word.as_str()).collect();
        assert!(words.contains(&"斯托尔滕贝格"), "{words:?}");
        assert!(words.contains(&"台积电"), "{words:?}");
        for fragment in ["斯托尔滕", "托尔滕贝格", "积电"] {
            assert!(!words.contains(&fragment), "{fragment} in {words:?}");
        }
        let name = found
            .candidates
            .iter()
            .find(|c| c.word == "斯托尔滕贝格")
            .unwrap();
        assert_eq!((name.count, name.documents), (60, 60));
        assert!(!name.in_dictionary && !name.compound);
        // Five verbs follow it equally often; five intros precede it.
        assert!((name.right_entropy - 5f64.ln()).abs() < 1e-9);
        assert!(name.left_entropy > 1.0);
    }

    #[test]
    fn function_character_edges_are_filtered_only_when_asked() {
        let texts: Vec<String> = (0..20).map(|i| format!("第{i}次，台积电的股价")).collect();
        let with = |function_chars| {
            let config = Config {
                function_chars,
                nested_share: 1.0,
                ..Config::default()
            };
            discover(&texts, &Segmenter::new(), &config)
                .unwrap()
                .candidates
                .into_iter()
                .map(|c| c.word)
                .collect::<Vec<_>>()
        };
        assert!(with(false).iter().any(|w| w == "台积电的"));
        assert!(!with(true).iter().any(|w| w == "台积电的"));
    }

    #[test]
    fn bad_settings_are_errors_and_empty_input_finds_nothing() {
        let s = Segmenter::new();
        let texts = ["台积电"];
        for max_len in [0, 1, MAX_WORD_LEN + 1] {
            let config = Config {
                max_len,
                ..Config::default()
            };
            assert_eq!(
                discover(&texts, &s, &config).unwrap_err(),
                Error::MaxLen(max_len)
            );
        }
        let config = Config {
            min_count: 0,
            ..Config::default()
        };
        assert_eq!(discover(&texts, &s, &config).unwrap_err(), Error::MinCount);
        let none: [&str; 0] = [];
        let found = discover(&none, &s, &Config::default()).unwrap();
        assert!(found.candidates.is_empty() && found.chars == 0);
    }

    #[test]
    fn conflicts_are_the_share_of_occurrences_a_word_of_the_cut_crosses() {
        let phrases = [
            "中国人民银行发布报告",
            "全国人民代表大会开幕",
            "美国人民支持他",
            "人民日报报道了",
            "他是中国人",
            "郑月娥说中国人民",
        ];
        let texts: Vec<String> = (0..40)
            .map(|i| {
                let (a, b) = (phrases[i % 6], phrases[(i * 5 + 1) % 6]);
                format!("{a}，{b}。{}", phrases[(i + 3) % 6])
            })
            .collect();
        let config = Config {
            min_count: 2,
            function_chars: false,
            nested_share: 1.0,
            ..Config::default()
        };
        let s = Segmenter::new();
        let found = discover(&texts, &s, &config).unwrap();
        // Directly: every occurrence, and the character offsets where the
        // dictionary's words start and end.
        let direct = |word: &str| {
            let word: Vec<char> = word.chars().collect();
            let (mut seen, mut crossed) = (0u32, 0u32);
            for text in &texts {
                let mut bounds = std::collections::HashSet::from([0]);
                let mut at = 0;
                for w in s.cut(text, false) {
                    at += w.chars().count();
                    bounds.insert(at);
                }
                let chars: Vec<char> = text.chars().collect();
                for i in 0..=chars.len() - word.len() {
                    if chars[i..i + word.len()] == word[..] {
                        seen += 1;
                        crossed +=
                            u32::from(!bounds.contains(&i) || !bounds.contains(&(i + word.len())));
                    }
                }
            }
            f64::from(crossed) / f64::from(seen)
        };
        for c in &found.candidates {
            assert_eq!(c.conflicts, direct(&c.word), "{}", c.word);
        }
        let conflicts = |w: &str| {
            found
                .candidates
                .iter()
                .find(|c| c.word == w)
                .unwrap()
                .conflicts
        };
        // 国人民 is in 中国 + 人民 or in 全国人民代表大会 wherever it occurs;
        // 人民 stands alone in some occurrences, not in 人民日报.
        assert_eq!(conflicts("国人民"), 1.0);
        assert!(conflicts("人民") > 0.0 && conflicts("人民") < 1.0);
        assert!(found.candidates.iter().any(|c| c.conflicts == 0.0));
    }

    #[test]
    fn learned_frequencies_keep_words_whole_in_context() {
        let mut s = Segmenter::new();
        assert_ne!(s.cut("郑月娥说", true)[0], "郑月娥");
        let freq = learned_freq(&s, "郑月娥", 10, 300_000);
        s.add_word("郑月娥", Some(freq), None).unwrap();
        assert_eq!(s.cut("郑月娥说", true), ["郑月娥", "说"]);
        assert!(freq >= Segmenter::new().suggest_word_freq("郑月娥"));
    }
}

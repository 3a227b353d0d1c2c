//! `jieba.analyse.extract_tags` (TF-IDF) and `textrank`, with jieba's exact
//! arithmetic and ordering: ties keep the order in which words first
//! appear, as Python's stable `sorted` does.

use std::collections::VecDeque;

use rustc_hash::{FxHashMap, FxHashSet};

use super::terms::WordMap;
use super::{is_candidate, Filters, IdfTable};
use crate::segment::Segmenter;

/// A keyword: the word, its POS tag when asked for (`with_flag`), its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyword<'a> {
    pub word: &'a str,
    pub flag: Option<&'a str>,
    pub weight: f64,
}

/// What to keep and how to rank, shared by both extractors.
#[derive(Debug, Clone)]
pub struct Options<'o> {
    /// `None` for all keywords.
    pub top_k: Option<usize>,
    /// POS tags to keep; empty keeps every word (TF-IDF only).
    pub allow_pos: &'o FxHashSet<String>,
    /// Keep words with different tags apart and report the tag.
    pub with_flag: bool,
    /// Kinds of words to leave out besides jieba's (none for jieba's results).
    pub filters: Filters,
}

/// Sort by weight, descending, ties in first-appearance order (the order of
/// `keywords`), then cut. With the position as the tie-break the order is
/// total, so the top `top_k` can be selected first and only they sorted:
/// a document has hundreds of candidates and `top_k` is usually 20.
fn rank<'a>(keywords: Vec<Keyword<'a>>, top_k: Option<usize>) -> Vec<Keyword<'a>> {
    let before = |a: &(usize, Keyword<'_>), b: &(usize, Keyword<'_>)| {
        b.1.weight.total_cmp(&a.1.weight).then(a.0.cmp(&b.0))
    };
    let mut ranked: Vec<(usize, Keyword<'a>)> = keywords.into_iter().enumerate().collect();
    if let Some(k) = top_k.filter(|&k| k < ranked.len()) {
        if k > 0 {
            ranked.select_nth_unstable_by(k - 1, before);
        }
        ranked.truncate(k);
    }
    ranked.sort_unstable_by(before);
    ranked.into_iter().map(|(_, keyword)| keyword).collect()
}

/// A word, with its POS tag when words with different tags are kept apart.
type TaggedWord<'a> = (&'a str, Option<&'a str>);

/// Words in first-appearance order with their counts.
struct Counter<'a> {
    index: FxHashMap<TaggedWord<'a>, usize>,
    entries: Vec<(TaggedWord<'a>, f64)>,
}

impl<'a> Counter<'a> {
    /// A counter sized for the distinct words of a text of `bytes` bytes
    /// (roughly one per 16 bytes of news text), so that it seldom grows.
    fn for_text(bytes: usize) -> Self {
        let capacity = bytes / 16;
        Counter {
            index: FxHashMap::with_capacity_and_hasher(capacity, Default::default()),
            entries: Vec::with_capacity(capacity),
        }
    }

    fn add(&mut self, key: TaggedWord<'a>) {
        let entries = &mut self.entries;
        let i = *self.index.entry(key).or_insert_with(|| {
            entries.push((key, 0.0));
            entries.len() - 1
        });
        self.entries[i].1 += 1.0;
    }
}

/// The words of a text cut elsewhere (in default mode, with the HMM, as
/// [`extract_tags`] cuts without `allow_pos`), counted as they are cut: its
/// distinct words in the order they first appear ([`TermCounts::words`]),
/// and its TF-IDF candidates, which [`TermCounts::keywords`] ranks as
/// [`extract_tags`] does. One hash lookup per word: whether a word is a
/// candidate (its length, the stop words, the filters) is decided the first
/// time it is seen, not at every occurrence.
///
/// ```
/// use zhtext::keywords::{default_stop_words, extract_tags, IdfTable, Options, TermCounts};
/// use zhtext::segment::{Mode, Segmenter};
/// let (s, idf, stop) = (Segmenter::new(), IdfTable::embedded(), default_stop_words());
/// let options = Options { top_k: Some(2), allow_pos: &Default::default(), with_flag: false, filters: Default::default() };
/// let text = "台风登陆福建，台风再次登陆";
/// let mut counts = TermCounts::for_text(text.len());
/// s.cut_each(text, Mode::Default, true, |w| counts.add(w, &stop, &options));
/// assert_eq!(counts.words().collect::<Vec<_>>(), ["台风", "登陆", "福建", "，", "再次"]);
/// assert_eq!(counts.keywords(&idf, options.top_k), extract_tags(&s, &idf, &stop, text, &options));
/// ```
pub struct TermCounts<'a> {
    /// Where each word is in `words`.
    index: WordMap<'a, usize>,
    /// Each distinct word, its count and whether it is a candidate.
    words: Vec<(&'a str, f64, bool)>,
}

impl<'a> TermCounts<'a> {
    /// Counts sized for the distinct words of a text of `bytes` bytes
    /// (roughly one per 16 bytes of news text), so that they seldom grow.
    pub fn for_text(bytes: usize) -> Self {
        let capacity = bytes / 16;
        TermCounts {
            index: WordMap::with_capacity(capacity),
            words: Vec::with_capacity(capacity),
        }
    }

    /// Count `word`, a candidate if it is jieba's, not a stop word and kept
    /// by `options.filters`.
    pub fn add(&mut self, word: &'a str, stop_words: &FxHashSet<String>, options: &Options<'_>) {
        let words = &mut self.words;
        let i = self.index.get_or_insert_with(word, |word| {
            let candidate = is_candidate(word, stop_words) && !options.filters.drops(word);
            words.push((word, 0.0, candidate));
            words.len() - 1
        });
        self.words[i].1 += 1.0;
    }

    /// The distinct words added, in the order they first appeared.
    pub fn words(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.words.iter().map(|&(word, _, _)| word)
    }

    /// The `top_k` keywords by TF-IDF over `idf`.
    pub fn keywords(self, idf: &IdfTable, top_k: Option<usize>) -> Vec<Keyword<'a>> {
        let candidates = self
            .words
            .into_iter()
            .filter(|&(_, _, candidate)| candidate)
            .map(|(word, count, _)| ((word, None), count))
            .collect();
        score(candidates, idf, top_k)
    }
}

/// `jieba.analyse.extract_tags`.
pub fn extract_tags<'a>(
    segmenter: &'a Segmenter,
    idf: &IdfTable,
    stop_words: &FxHashSet<String>,
    text: &'a str,
    options: &Options<'_>,
) -> Vec<Keyword<'a>> {
    if options.allow_pos.is_empty() {
        let mut counts = TermCounts::for_text(text.len());
        segmenter.cut_each(text, crate::segment::Mode::Default, true, |w| {
            counts.add(w, stop_words, options);
        });
        return counts.keywords(idf, options.top_k);
    }
    let mut counter = Counter::for_text(text.len());
    segmenter.tag_each(text, true, |w, flag| {
        if options.allow_pos.contains(flag)
            && is_candidate(w, stop_words)
            && !options.filters.drops(w)
        {
            counter.add((w, options.with_flag.then_some(flag)));
        }
    });
    score(counter.entries, idf, options.top_k)
}

/// TF-IDF weights of the counted words (in first-appearance order), ranked.
fn score<'a>(
    counted: Vec<(TaggedWord<'a>, f64)>,
    idf: &IdfTable,
    top_k: Option<usize>,
) -> Vec<Keyword<'a>> {
    let total: f64 = counted.iter().map(|e| e.1).sum();
    let keywords = counted
        .into_iter()
        .map(|((word, flag), count)| Keyword {
            word,
            flag,
            // jieba: freq[k] *= idf / total
            weight: count * (idf.get(word) / total),
        })
        .collect();
    rank(keywords, top_k)
}

/// `jieba.analyse.textrank`: co-occurrence within a window of 5 words,
/// damping 0.85, 10 in-place iterations in sorted word order, and jieba's
/// min-max scaling.
///
/// Memory is bounded by the distinct words and pairs, held compactly: each
/// kept word gets a number when first seen, pairs and edges are pairs of
/// numbers, and the graph is built from the counted pairs after the count
/// table is dropped (a long run of rare words has about four distinct pairs
/// per word).
pub fn textrank<'a>(
    segmenter: &'a Segmenter,
    stop_words: &FxHashSet<String>,
    text: &'a str,
    options: &Options<'_>,
) -> Vec<Keyword<'a>> {
    const SPAN: usize = 5;
    const DAMPING: f64 = 0.85;
    // The kept words, numbered in the order first seen.
    let mut word_ids: FxHashMap<TaggedWord<'a>, u32> = FxHashMap::default();
    let mut words: Vec<TaggedWord<'a>> = Vec::new();
    // Co-occurrence counts in first-seen order (jieba's `cm` dict). A
    // word's pairs are counted once the words after it in its window are
    // known, so only a window of words is kept, however long the text.
    let mut pair_index: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut pairs: Vec<((u32, u32), u32)> = Vec::new();
    let mut window: VecDeque<Option<u32>> = VecDeque::with_capacity(SPAN);
    let mut count_first = |window: &VecDeque<Option<u32>>| {
        let Some(Some(first)) = window.front() else {
            return;
        };
        for &next in window.iter().skip(1).flatten() {
            let pair = (*first, next);
            let i = *pair_index.entry(pair).or_insert_with(|| {
                pairs.push((pair, 0));
                (pairs.len() - 1) as u32
            });
            pairs[i as usize].1 += 1;
        }
    };
    segmenter.tag_each(text, true, |word, flag| {
        let kept = options.allow_pos.contains(flag)
            && is_candidate(word, stop_words)
            && !options.filters.drops(word);
        let id = kept.then(|| {
            let key = (word, options.with_flag.then_some(flag));
            *word_ids.entry(key).or_insert_with(|| {
                words.push(key);
                (words.len() - 1) as u32
            })
        });
        window.push_back(id);
        if window.len() == SPAN {
            count_first(&window);
            window.pop_front();
        }
    });
    while !window.is_empty() {
        count_first(&window);
        window.pop_front();
    }
    drop((pair_index, word_ids));

    // The undirected graph: nodes in first-seen order of the pairs (as
    // jieba adds them), each node's edges in the order jieba appends them,
    // all in one array (`edges[starts[v]..starts[v + 1]]`).
    const NO_NODE: u32 = u32::MAX;
    let mut node_of = vec![NO_NODE; words.len()];
    let mut nodes: Vec<u32> = Vec::new();
    let mut degree: Vec<u32> = Vec::new();
    for &((a, b), _) in &pairs {
        for w in [a, b] {
            if node_of[w as usize] == NO_NODE {
                node_of[w as usize] = nodes.len() as u32;
                nodes.push(w);
                degree.push(0);
            }
            degree[node_of[w as usize] as usize] += 1;
        }
    }
    let n = nodes.len();
    if n == 0 {
        return Vec::new();
    }
    let mut starts: Vec<usize> = Vec::with_capacity(n + 1);
    starts.push(0);
    for d in &degree {
        starts.push(starts[starts.len() - 1] + *d as usize);
    }
    drop(degree);
    let mut filled = starts[..n].to_vec();
    // (neighbour, co-occurrence count)
    let mut edges = vec![(0u32, 0u32); starts[n]];
    for &((a, b), count) in &pairs {
        let (a, b) = (node_of[a as usize], node_of[b as usize]);
        for (from, to) in [(a, b), (b, a)] {
            edges[filled[from as usize]] = (to, count);
            filled[from as usize] += 1;
        }
    }
    drop((filled, pairs, node_of));
    let neighbours = |v: usize| &edges[starts[v]..starts[v + 1]];
    let out_sum: Vec<f64> = (0..n)
        .map(|v| neighbours(v).iter().fold(0.0, |s, e| s + e.1 as f64))
        .collect();
    let mut ws = vec![1.0 / n as f64; n];
    let mut sorted: Vec<u32> = (0..n as u32).collect();
    // Python sorts the words (or pairs, which compare by word only); the
    // sort is stable.
    let word_of = |v: u32| words[nodes[v as usize] as usize];
    sorted.sort_by(|&a, &b| word_of(a).0.cmp(word_of(b).0));
    for _ in 0..10 {
        for &v in &sorted {
            let s = neighbours(v as usize).iter().fold(0.0, |s, &(u, w)| {
                s + w as f64 / out_sum[u as usize] * ws[u as usize]
            });
            ws[v as usize] = (1.0 - DAMPING) + DAMPING * s;
        }
    }
    let (mut min_rank, mut max_rank) = (f64::MAX, f64::MIN_POSITIVE);
    for &w in &ws {
        min_rank = min_rank.min(w);
        max_rank = max_rank.max(w);
    }
    let keywords = (0..n as u32)
        .zip(&ws)
        .map(|(v, &w)| {
            let (word, flag) = word_of(v);
            Keyword {
                word,
                flag,
                weight: (w - min_rank / 10.0) / (max_rank - min_rank / 10.0),
            }
        })
        .collect();
    rank(keywords, options.top_k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keywords::default_stop_words;

    const TEXT: &str = "此外，公司拟对全资子公司吉林欧亚置业有限公司增资4.3亿元，增资后，吉林欧亚置业注册资本由7000万元增加到5亿元。吉林欧亚置业主要经营范围为房地产开发及百货零售等业务。目前在建吉林欧亚城市商业综合体项目。2013年，实现营业收入0万元，实现净利润-139.13万元。";

    fn set(tags: &[&str]) -> FxHashSet<String> {
        tags.iter().map(|t| (*t).to_owned()).collect()
    }

    fn tfidf<'a>(
        segmenter: &'a Segmenter,
        top_k: usize,
        pos: &[&str],
        with_flag: bool,
    ) -> Vec<Keyword<'a>> {
        let allow_pos = set(pos);
        let options = Options {
            top_k: Some(top_k),
            allow_pos: &allow_pos,
            with_flag,
            filters: Filters::default(),
        };
        extract_tags(
            segmenter,
            &IdfTable::embedded(),
            &default_stop_words(),
            TEXT,
            &options,
        )
    }

    #[test]
    fn tfidf_matches_jieba_analyse() {
        let segmenter = Segmenter::new();
        // jieba.analyse.extract_tags(TEXT, topK=5, withWeight=True)
        let expected = [
            ("欧亚", 0.7300142700289363),
            ("吉林", 0.659038184373617),
            ("置业", 0.4887134522112766),
            ("万元", 0.3392722481859574),
            ("增资", 0.33582401985234045),
        ];
        let got = tfidf(&segmenter, 5, &[], false);
        assert_eq!(
            got.iter().map(|k| (k.word, k.weight)).collect::<Vec<_>>(),
            expected
        );
        let got = tfidf(&segmenter, 3, &["ns", "n"], true);
        let flags: Vec<_> = got.iter().map(|k| (k.word, k.flag.unwrap())).collect();
        assert_eq!(flags, [("欧亚", "ns"), ("吉林", "ns"), ("置业", "n")]);
    }

    #[test]
    fn filters_leave_out_numbers_and_boilerplate_only_when_asked() {
        let segmenter = Segmenter::new();
        let text = "本台记者报道，2020年台风登陆，12月台风再次登陆，损失20亿元。";
        let run = |filters| {
            let none = FxHashSet::default();
            let options = Options {
                top_k: None,
                allow_pos: &none,
                with_flag: false,
                filters,
            };
            extract_tags(
                &segmenter,
                &IdfTable::embedded(),
                &default_stop_words(),
                text,
                &options,
            )
            .into_iter()
            .map(|k| k.word)
            .collect::<Vec<_>>()
        };
        let jieba = run(Filters::default());
        for w in ["本台记者", "2020", "12", "20"] {
            assert!(jieba.contains(&w), "{w} in {jieba:?}");
        }
        let filtered = run(Filters::ALL);
        assert_eq!(filtered, ["台风", "登陆", "损失", "再次"]);
    }

    #[test]
    fn rank_is_a_stable_sort_by_weight_then_a_cut() {
        let words = ["a", "b", "c", "d", "e", "f", "g"];
        let weights = [1.0, 3.0, 1.0, 2.0, 3.0, 0.5, 1.0];
        let keywords = || -> Vec<Keyword<'_>> {
            let each = words.iter().zip(weights);
            each.map(|(&word, weight)| Keyword {
                word,
                flag: None,
                weight,
            })
            .collect()
        };
        let ranked =
            |top_k| -> Vec<&str> { rank(keywords(), top_k).iter().map(|k| k.word).collect() };
        // Python: [w for w, _ in sorted(zip(words, weights), key=itemgetter(1), reverse=True)]
        let all = ["b", "e", "d", "a", "c", "g", "f"];
        assert_eq!(ranked(None), all);
        for k in 0..=all.len() + 1 {
            assert_eq!(ranked(Some(k)), all[..k.min(all.len())], "top {k}");
        }
    }

    #[test]
    fn textrank_matches_jieba_analyse() {
        let segmenter = Segmenter::new();
        let pos = set(&["ns", "n", "vn", "v"]);
        let options = Options {
            top_k: Some(5),
            allow_pos: &pos,
            with_flag: false,
            filters: Filters::default(),
        };
        let got = textrank(&segmenter, &default_stop_words(), TEXT, &options);
        // jieba.analyse.textrank(TEXT, topK=5, withWeight=True)
        let expected = [
            ("吉林", 1.0),
            ("欧亚", 0.9966893354178172),
            ("置业", 0.6434360313092776),
            ("实现", 0.5898606692859626),
            ("收入", 0.43677859947991454),
        ];
        assert_eq!(
            got.iter().map(|k| (k.word, k.weight)).collect::<Vec<_>>(),
            expected
        );
        assert!(textrank(&segmenter, &default_stop_words(), "", &options).is_empty());
    }
}

//! jieba's joint segmentation-and-tagging HMM (`jieba.posseg.viterbi` and
//! `POSTokenizer.__cut`), for the runs of Han characters the dictionary does
//! not cover.
//!
//! A direct port of jieba's algorithm, including the parts an optimised
//! decoder would change: candidate states restricted to those the previous
//! step can reach, a final state that may be `B` or `M` (its unfinished word
//! is emitted with that state's tag), and ties broken by jieba's ordering of
//! `(position, tag)` tuples. The model is jieba 0.42.1's, in the text format
//! of jieba-rs (`data/posseg.txt`, MIT licence).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::tag::Tag;

static MODEL_TEXT: &str = include_str!("data/posseg.txt");

const MIN_FLOAT: f64 = -3.14e100;
const NUM_TAGS: usize = 64;
const NUM_STATES: usize = 4 * NUM_TAGS;
/// Positions in the model's numbering: B=0, M=1, E=2, S=3.
const B: usize = 0;
const M: usize = 1;
const E: usize = 2;
const S: usize = 3;

type State = u16;

struct Model {
    /// Tags, alphabetical, so tag indices order like jieba's strings.
    tags: Vec<Tag<'static>>,
    start: Vec<f64>,
    /// Dense `to * NUM_STATES + from`, `-inf` where jieba has no
    /// transition: the decoder reads the transitions into one state from
    /// many states, which this keeps in one row.
    trans_into: Vec<f64>,
    /// The states each state may be followed by (jieba's `trans_p[x].keys()`).
    next: Vec<StateSet>,
    /// The states each state may follow.
    preds: Vec<StateSet>,
    /// Each character's emission probabilities, by state (ascending):
    /// `MIN_FLOAT` for the states not listed. One lookup per character
    /// where the decoder falls back to every state (a character missing
    /// from `char_states`), instead of one per state.
    emissions: FxHashMap<char, Box<[(State, f64)]>>,
    /// jieba's `char_state_tab`, each state with its emission probability
    /// of the character: one lookup per character instead of one per state.
    char_states: FxHashMap<char, Box<[(State, f64)]>>,
}

/// A set of states, one bit each.
#[derive(Clone, Copy, Default)]
struct StateSet([u64; NUM_STATES / 64]);

impl StateSet {
    fn insert(&mut self, s: State) {
        self.0[s as usize / 64] |= 1 << (s % 64);
    }

    fn contains(&self, s: State) -> bool {
        self.0[s as usize / 64] & (1 << (s % 64)) != 0
    }

    fn extend(&mut self, other: &StateSet) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine |= theirs;
        }
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|&word| word == 0)
    }

    /// Each state of the set, ascending.
    fn for_each_ascending(&self, mut each: impl FnMut(State)) {
        for (i, &word) in self.0.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                each((i * 64) as State + bits.trailing_zeros() as State);
                bits &= bits - 1;
            }
        }
    }

    /// Each state in both sets, in jieba's order of states ([`order_key`]:
    /// by position `B`, `E`, `M`, `S`, then by tag). Inlined into the
    /// decoder's innermost loop, so that its best score and state stay in
    /// registers rather than behind the closure's references.
    #[inline(always)]
    fn for_each_common(&self, other: &StateSet, mut each: impl FnMut(State)) {
        for pos in [B, E, M, S] {
            let mut common = self.0[pos] & other.0[pos];
            while common != 0 {
                let tag = common.trailing_zeros() as usize;
                common &= common - 1;
                each(state(pos, tag));
            }
        }
    }
}

fn state(pos: usize, tag: usize) -> State {
    (pos * NUM_TAGS + tag) as State
}

fn pos_of(s: State) -> usize {
    s as usize / NUM_TAGS
}

fn tag_of(s: State) -> usize {
    s as usize % NUM_TAGS
}

/// The order of jieba's `(position, tag)` tuples: `'B' < 'E' < 'M' < 'S'`,
/// then the tag string.
fn order_key(s: State) -> usize {
    const RANK: [usize; 4] = [0, 2, 1, 3]; // B, M, E, S
    RANK[pos_of(s)] * NUM_TAGS + tag_of(s)
}

fn parse_state(field: &str) -> State {
    let (pos, tag) = field.split_once(',').expect("state is `pos,tag`");
    state(
        pos.parse().expect("position"),
        tag.parse().expect("tag index"),
    )
}

fn parse_model(text: &'static str) -> Model {
    let mut model = Model {
        tags: Vec::new(),
        start: vec![MIN_FLOAT; NUM_STATES],
        trans_into: vec![f64::NEG_INFINITY; NUM_STATES * NUM_STATES],
        next: vec![StateSet::default(); NUM_STATES],
        preds: vec![StateSet::default(); NUM_STATES],
        emissions: FxHashMap::default(),
        char_states: FxHashMap::default(),
    };
    let mut section = "";
    // The emissions come after the character table in the file.
    let mut char_states: Vec<(char, Vec<State>)> = Vec::new();
    let mut emissions: FxHashMap<char, Vec<(State, f64)>> = FxHashMap::default();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if line.starts_with('@') {
            section = line;
            continue;
        }
        match section {
            "@TAGS" => model.tags = line.split(',').map(|t| Tag::named(t.trim())).collect(),
            "@START" => {
                let (s, p) = line.rsplit_once(',').expect("start line");
                model.start[parse_state(s) as usize] = p.parse().expect("start prob");
            }
            "@TRANS" => {
                let mut fields = line.split('|');
                let from = parse_state(fields.next().expect("from state"));
                for field in fields {
                    let (to, p) = field.rsplit_once(',').expect("transition");
                    let to = parse_state(to);
                    model.trans_into[to as usize * NUM_STATES + from as usize] =
                        p.parse().expect("trans prob");
                    model.next[from as usize].insert(to);
                    model.preds[to as usize].insert(from);
                }
            }
            "@EMIT" => {
                let mut fields = line.split('|');
                let s = parse_state(fields.next().expect("state"));
                for field in fields {
                    let (ch, p) = field.rsplit_once(',').expect("emission");
                    let ch = ch.chars().next().expect("emission char");
                    emissions
                        .entry(ch)
                        .or_default()
                        .push((s, p.parse().expect("emit prob")));
                }
            }
            "@CHAR_STATE" => {
                let mut fields = line.split('|');
                let ch = fields.next().and_then(|c| c.chars().next()).expect("char");
                char_states.push((ch, fields.map(parse_state).collect()));
            }
            _ => {}
        }
    }
    assert_eq!(
        model.tags.len(),
        NUM_TAGS,
        "posseg model has {NUM_TAGS} tags"
    );
    model.emissions = emissions
        .into_iter()
        .map(|(ch, mut by_state)| {
            by_state.sort_by_key(|&(s, _)| s);
            // A state listed twice keeps its last probability, as a map would.
            by_state.reverse();
            by_state.dedup_by_key(|&mut (s, _)| s);
            by_state.reverse();
            (ch, by_state.into_boxed_slice())
        })
        .collect();
    for (ch, states) in char_states {
        let with_emit = states.iter().map(|&s| (s, model.emit(s, ch))).collect();
        model.char_states.insert(ch, with_emit);
    }
    model
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| parse_model(MODEL_TEXT))
}

/// One layer of back pointers: the state before each state (the state
/// itself where it has none, as for the first character).
type Layer = [State; NUM_STATES];

const IDENTITY: Layer = {
    let mut layer = [0; NUM_STATES];
    let mut s = 0;
    while s < NUM_STATES {
        layer[s] = s as State;
        s += 1;
    }
    layer
};

impl Model {
    fn emit(&self, s: State, ch: char) -> f64 {
        let emitted = self.emissions.get(&ch).map_or(&[][..], |e| e);
        emitted
            .binary_search_by_key(&s, |&(state, _)| state)
            .map_or(MIN_FLOAT, |i| emitted[i].1)
    }

    /// Each state of `within` (every state for `None`), ascending, with its
    /// emission probability of `ch`: one walk along the character's
    /// emissions instead of a lookup per state.
    fn every_state(&self, ch: char, within: Option<&StateSet>, out: &mut Vec<(State, f64)>) {
        let mut emitted = self.emissions.get(&ch).map_or(&[][..], |e| e).iter();
        let mut next = emitted.next();
        let mut push = |s: State| {
            while next.is_some_and(|&(e, _)| e < s) {
                next = emitted.next();
            }
            let p = match next {
                Some(&(e, p)) if e == s => p,
                _ => MIN_FLOAT,
            };
            out.push((s, p));
        };
        match within {
            Some(set) => set.for_each_ascending(&mut push),
            None => (0..NUM_STATES as State).for_each(push),
        }
    }

    /// The states `ch` may take after states that may be followed by
    /// `expected` (`None` for the first character), with their emission
    /// probabilities of `ch`: jieba's `obs_states`.
    fn candidates(&self, ch: char, expected: Option<&StateSet>, out: &mut Vec<(State, f64)>) {
        out.clear();
        let allowed = |s: State| expected.is_none_or(|e| e.contains(s));
        match self.char_states.get(&ch) {
            Some(states) => out.extend(states.iter().filter(|(s, _)| allowed(*s))),
            None => self.every_state(ch, expected, out),
        }
        if out.is_empty() {
            // jieba falls back to every state the previous ones expect, or
            // to all states if they expect none.
            self.every_state(ch, expected.filter(|e| !e.is_empty()), out);
        }
    }

    /// jieba's `viterbi`: the best state of each character of `chars`,
    /// written to `route`.
    ///
    /// Each state is scored only from the previous states that may precede
    /// it: the others add `-inf`, which never wins, since every candidate
    /// state is expected by at least one previous state.
    ///
    /// Only the last layers' back pointers are kept: every [`FLUSH_EVERY`]
    /// characters, the paths ending in each state of the current layer are
    /// followed back to where they all meet, and the route up to there,
    /// which no later character can change, is written out. The paths of
    /// this model meet within a few characters, so memory stays a few bytes
    /// per character however long the run (jieba keeps every layer).
    fn viterbi(&self, chars: &[char], scratch: &mut Scratch, route: &mut Vec<State>) {
        let Scratch {
            back,
            obs,
            scores,
            newest,
        } = scratch;
        route.clear();
        route.resize(chars.len(), 0);
        back.clear();
        // Layers `decided..`.
        let mut decided = 0;
        self.candidates(chars[0], None, obs);
        // The current layer's states with their scores.
        scores.clear();
        scores.extend(
            obs.iter()
                .map(|&(y, emit)| (y, self.start[y as usize] + emit)),
        );
        back.push_back(IDENTITY);
        // The previous layer's scores, valid for the states in `prev_states`.
        let mut prev_score = [0.0; NUM_STATES];
        for (t, &ch) in chars.iter().enumerate().skip(1) {
            // jieba's `prev_states`: those with a successor.
            let mut prev_states = StateSet::default();
            let mut expected = StateSet::default();
            for &(x, score) in scores.iter() {
                let next = &self.next[x as usize];
                if !next.is_empty() {
                    prev_states.insert(x);
                    prev_score[x as usize] = score;
                    expected.extend(next);
                }
            }
            self.candidates(ch, Some(&expected), obs);
            // Written in place: a layer is 512 bytes, copied once.
            back.push_back(IDENTITY);
            let layer = back.back_mut().expect("a layer was just pushed");
            scores.clear();
            if !prev_states.is_empty() {
                for &(y, emit) in obs.iter() {
                    let into = &self.trans_into[y as usize * NUM_STATES..][..NUM_STATES];
                    // jieba's `max((V[t-1][y0] + trans + emit, y0) ...)`,
                    // summed in its order so that ties fall alike; the
                    // states come in jieba's order, so the last of equal
                    // scores wins, as in jieba. A plain `>=` orders the
                    // scores as Python does: each is a sum of the model's
                    // log-probabilities, finite and below zero (every
                    // start probability is), so never NaN nor a signed zero.
                    let (mut best, mut best_state) = (f64::NEG_INFINITY, None);
                    self.preds[y as usize].for_each_common(&prev_states, |y0| {
                        let score = prev_score[y0 as usize] + into[y0 as usize] + emit;
                        if score >= best {
                            (best, best_state) = (score, Some(y0));
                        }
                    });
                    let y0 = best_state.expect("a candidate state is expected by a previous one");
                    scores.push((y, best));
                    layer[y as usize] = y0;
                }
            }
            if t % FLUSH_EVERY == 0 {
                newest.clear();
                newest.extend(scores.iter().map(|&(s, _)| s));
                decided = flush_decided(back, decided, newest, route);
            }
        }
        let last = scores
            .iter()
            .max_by(|a, b| {
                a.1.total_cmp(&b.1)
                    .then(order_key(a.0).cmp(&order_key(b.0)))
            })
            .map_or(0, |&(y, _)| y);
        trace_back(back, decided, chars.len() - 1, last, route);
    }
}

/// The decoder's working memory, kept per thread between calls.
#[derive(Default)]
struct Scratch {
    /// Back pointers of the layers not yet decided.
    back: VecDeque<Layer>,
    /// The current character's candidate states with their emissions.
    obs: Vec<(State, f64)>,
    /// The current layer's states with their scores.
    scores: Vec<(State, f64)>,
    /// The states whose paths [`flush_decided`] follows back.
    newest: Vec<State>,
}

/// How often [`Model::viterbi`] writes out the part of the route decided.
const FLUSH_EVERY: usize = 32;

/// Write `route[decided..=last]` following the back pointers from state `s`
/// at position `last` (`back[i]` is position `decided + i`).
fn trace_back(
    back: &VecDeque<Layer>,
    decided: usize,
    last: usize,
    mut s: State,
    route: &mut [State],
) {
    for i in (decided..=last).rev() {
        route[i] = s;
        s = back[i - decided][s as usize];
    }
}

/// Find the last position where the paths to every state in `states` (the
/// newest layer's) meet, write the route up to it, drop its layers, and
/// return the first position still undecided.
fn flush_decided(
    back: &mut VecDeque<Layer>,
    decided: usize,
    states: &mut Vec<State>,
    route: &mut [State],
) -> usize {
    let newest = back.len() - 1;
    for i in (1..=newest).rev() {
        for s in states.iter_mut() {
            *s = back[i][*s as usize];
        }
        states.sort_unstable();
        states.dedup();
        if let [only] = states[..] {
            // Position `decided + i - 1` is `only` on every path.
            let met = decided + i - 1;
            trace_back(back, decided, met, only, route);
            back.drain(..i);
            return met + 1;
        }
    }
    decided
}

/// Runs of at most this many bytes (21 Han characters) are remembered with
/// their words ([`for_each_span`]); longer ones rarely recur.
const REMEMBERED_RUN_BYTES: usize = 63;
/// Runs remembered per thread: when full, the memory is emptied and filled
/// again. A run costs up to about 300 bytes (a key of up to 63 bytes, its
/// words and the map's overhead), so a thread keeps at most about 1.2 MB
/// while it lives: `zhtext analyze`'s peak memory has little margin, and
/// the names that recur most are remembered again soon after each emptying.
const REMEMBERED_RUNS: usize = 1 << 12;

/// A decoded run's words: byte start, byte end and tag index of each.
type RunWords = Box<[(u8, u8, u8)]>;

/// Segment and tag `text`, a run of Han characters, as `POSTokenizer.__cut`;
/// each word goes to `emit` as `(byte start, byte end, tag)`.
///
/// The runs the dictionary leaves to this HMM are mostly names and other
/// words it does not know, which recur through an archive (the same person
/// in every report about them); decoding one costs about 1,500 instructions
/// a character. The decoding depends on the run alone (the model is
/// fixed), so each thread remembers the words of the short runs it decoded.
pub(crate) fn for_each_span(text: &str, mut emit: impl FnMut((usize, usize, Tag<'static>))) {
    thread_local! {
        static REMEMBERED: RefCell<FxHashMap<Box<str>, RunWords>> = RefCell::default();
    }
    if text.is_empty() {
        return;
    }
    let tags = &model().tags;
    if text.len() > REMEMBERED_RUN_BYTES {
        decode(text, |(start, end, tag)| emit((start, end, tags[tag])));
        return;
    }
    // Copied out before `emit` runs, which may decode another run.
    let mut words = [(0, 0, 0); REMEMBERED_RUN_BYTES];
    let known = REMEMBERED.with_borrow(|runs| {
        runs.get(text).map(|found| {
            words[..found.len()].copy_from_slice(found);
            found.len()
        })
    });
    if let Some(n) = known {
        for &(start, end, tag) in &words[..n] {
            emit((start.into(), end.into(), tags[usize::from(tag)]));
        }
        return;
    }
    let mut n = 0;
    decode(text, |(start, end, tag)| {
        // Offsets up to REMEMBERED_RUN_BYTES and tag indices below NUM_TAGS fit a byte.
        words[n] = (start as u8, end as u8, tag as u8);
        n += 1;
        emit((start, end, tags[tag]));
    });
    REMEMBERED.with_borrow_mut(|runs| {
        if runs.len() >= REMEMBERED_RUNS {
            runs.clear();
        }
        runs.insert(text.into(), words[..n].into());
    });
}

/// [`for_each_span`] without the memory of decoded runs, each word's tag
/// given as its index in the model's tags.
fn decode(text: &str, mut emit: impl FnMut((usize, usize, usize))) {
    thread_local! {
        /// Taken for a call and put back after it, so that a nested call
        /// (from `emit`) finds its own.
        static SCRATCH: Cell<(Scratch, Vec<char>, Vec<State>)> = Cell::default();
    }
    let model = model();
    let (mut scratch, mut chars, mut route) = SCRATCH.take();
    chars.clear();
    chars.extend(text.chars());
    model.viterbi(&chars, &mut scratch, &mut route);
    // The byte offset of each character, read alongside the route.
    let mut offsets = text.char_indices().map(|(i, _)| i);
    let (mut begin, mut next) = (0, 0);
    for (&s, start) in route.iter().zip(&mut offsets) {
        let end = start + text[start..].chars().next().map_or(0, char::len_utf8);
        match pos_of(s) {
            B => begin = start,
            E => {
                emit((begin, end, tag_of(s)));
                next = end;
            }
            S => {
                emit((start, end, tag_of(s)));
                next = end;
            }
            _ => {}
        }
    }
    if next < text.len() {
        let unfinished = route[text[..next].chars().count()];
        emit((next, text.len(), tag_of(unfinished)));
    }
    // Long runs' buffers are not kept.
    const KEEP: usize = 4096;
    if chars.capacity() <= KEEP && scratch.back.capacity() <= KEEP / 64 {
        SCRATCH.set((scratch, chars, route));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut_with_pos(sentence: &str) -> Vec<String> {
        let mut spans = Vec::new();
        for_each_span(sentence, |(start, end, tag)| {
            spans.push(format!("{}/{}", &sentence[start..end], tag.name))
        });
        spans
    }

    #[test]
    fn joint_hmm_segments_and_tags_like_jieba_posseg() {
        // jieba.posseg.POSTokenizer._POSTokenizer__cut on the same strings.
        assert_eq!(
            cut_with_pos("我来到北京清华大学"),
            ["我/r", "来/v", "到/v", "北京/ns", "清华大学/nt"]
        );
        assert!(cut_with_pos("").is_empty());
    }

    #[test]
    fn remembered_runs_give_the_words_decoded() {
        let long = "德贝".repeat(REMEMBERED_RUN_BYTES);
        for run in [
            "我来到北京清华大学",
            "的新",
            "德贝",
            "布林肯",
            long.as_str(),
        ] {
            let mut decoded = Vec::new();
            decode(run, |(s, e, tag)| {
                decoded.push((s, e, model().tags[tag].name))
            });
            for _ in 0..2 {
                let mut spans = Vec::new();
                for_each_span(run, |(s, e, tag)| spans.push((s, e, tag.name)));
                assert_eq!(spans, decoded, "{run}");
            }
        }
        // A run decoded inside another's `emit` (as words' checks may) finds its own words.
        let mut inner = Vec::new();
        for_each_span("布林肯", |_| {
            for_each_span("的新", |(_, _, tag)| inner.push(tag.name))
        });
        assert!(inner.len() >= 2 && inner.iter().all(|&t| t == "uj" || t == "n"));
    }

    #[test]
    fn every_score_is_finite_and_below_zero() {
        // The decoder compares scores with `>=`: exact only while no score
        // is NaN or a zero, which holds if every start probability is
        // finite and below zero and no other probability is above zero.
        let model = model();
        assert!(model.start.iter().all(|&p| p.is_finite() && p < 0.0));
        let listed = model.trans_into.iter().filter(|p| p.is_finite());
        assert!(listed.clone().count() > 0 && listed.into_iter().all(|&p| p <= 0.0));
        let emitted = model.emissions.values().chain(model.char_states.values());
        assert!(emitted.flatten().all(|&(_, p)| p.is_finite() && p <= 0.0));
    }

    #[test]
    fn an_unfinished_last_word_keeps_its_tag() {
        // jieba's viterbi ends "的新" in (B, n): "新" is emitted with tag n.
        assert_eq!(cut_with_pos("的新"), ["的/uj", "新/n"]);
        assert_eq!(cut_with_pos("德贝"), ["德贝/nz"]);
    }
}

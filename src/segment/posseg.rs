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

use std::collections::VecDeque;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

static MODEL_TEXT: &str = include_str!("data/posseg.txt");

const MIN_FLOAT: f64 = -3.14e100;
const NUM_TAGS: usize = 64;
const NUM_STATES: usize = 4 * NUM_TAGS;
/// Positions in the model's numbering: B=0, M=1, E=2, S=3.
const B: usize = 0;
const E: usize = 2;
const S: usize = 3;

type State = u16;

struct Model {
    /// Tag names, alphabetical, so tag indices order like jieba's strings.
    tags: Vec<Box<str>>,
    start: Vec<f64>,
    /// Dense `from * NUM_STATES + to`, `-inf` where jieba has no transition.
    trans: Vec<f64>,
    /// The states each state may be followed by (jieba's `trans_p[x].keys()`).
    next: Vec<Vec<State>>,
    emit: Vec<FxHashMap<char, f64>>,
    /// jieba's `char_state_tab`.
    char_states: FxHashMap<char, Vec<State>>,
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

fn parse_model(text: &str) -> Model {
    let mut model = Model {
        tags: Vec::new(),
        start: vec![MIN_FLOAT; NUM_STATES],
        trans: vec![f64::NEG_INFINITY; NUM_STATES * NUM_STATES],
        next: vec![Vec::new(); NUM_STATES],
        emit: vec![FxHashMap::default(); NUM_STATES],
        char_states: FxHashMap::default(),
    };
    let mut section = "";
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
            "@TAGS" => model.tags = line.split(',').map(|t| t.trim().into()).collect(),
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
                    model.trans[from as usize * NUM_STATES + to as usize] =
                        p.parse().expect("trans prob");
                    model.next[from as usize].push(to);
                }
            }
            "@EMIT" => {
                let mut fields = line.split('|');
                let s = parse_state(fields.next().expect("state"));
                for field in fields {
                    let (ch, p) = field.rsplit_once(',').expect("emission");
                    let ch = ch.chars().next().expect("emission char");
                    model.emit[s as usize].insert(ch, p.parse().expect("emit prob"));
                }
            }
            "@CHAR_STATE" => {
                let mut fields = line.split('|');
                let ch = fields.next().and_then(|c| c.chars().next()).expect("char");
                model
                    .char_states
                    .insert(ch, fields.map(parse_state).collect());
            }
            _ => {}
        }
    }
    assert_eq!(
        model.tags.len(),
        NUM_TAGS,
        "posseg model has {NUM_TAGS} tags"
    );
    model
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| parse_model(MODEL_TEXT))
}

impl Model {
    fn emit(&self, s: State, ch: char) -> f64 {
        self.emit[s as usize].get(&ch).copied().unwrap_or(MIN_FLOAT)
    }

    /// jieba's `viterbi`: the best state of each character.
    ///
    /// Only the last layers' back pointers are kept: every [`FLUSH_EVERY`]
    /// characters, the paths ending in each state of the current layer are
    /// followed back to where they all meet, and the route up to there,
    /// which no later character can change, is written out. The paths of
    /// this model meet within a few characters, so memory stays a few bytes
    /// per character however long the run (jieba keeps every layer).
    fn viterbi(&self, chars: &[char]) -> Vec<State> {
        let all_states: Vec<State> = (0..NUM_STATES as State).collect();
        let mut route = vec![0; chars.len()];
        // Layers `decided..`: each state with the state before it.
        let mut back: VecDeque<Vec<(State, State)>> = VecDeque::new();
        let mut decided = 0;
        let first = self.char_states.get(&chars[0]).unwrap_or(&all_states);
        let mut scores: Vec<(State, f64)> = first
            .iter()
            .map(|&y| (y, self.start[y as usize] + self.emit(y, chars[0])))
            .collect();
        back.push_back(first.iter().map(|&y| (y, y)).collect());
        let mut expected = [false; NUM_STATES];
        for (t, &ch) in chars.iter().enumerate().skip(1) {
            let prev_states: Vec<(State, f64)> = scores
                .iter()
                .filter(|(x, _)| !self.next[*x as usize].is_empty())
                .copied()
                .collect();
            expected.fill(false);
            for &(x, _) in &prev_states {
                for &y in &self.next[x as usize] {
                    expected[y as usize] = true;
                }
            }
            let candidates = self.char_states.get(&ch).unwrap_or(&all_states);
            let mut obs: Vec<State> = candidates
                .iter()
                .copied()
                .filter(|&y| expected[y as usize])
                .collect();
            if obs.is_empty() {
                obs = all_states
                    .iter()
                    .copied()
                    .filter(|&y| expected[y as usize])
                    .collect();
                if obs.is_empty() {
                    obs = all_states.clone();
                }
            }
            let mut layer = Vec::with_capacity(obs.len());
            scores.clear();
            for &y in &obs {
                let emit = self.emit(y, ch);
                let best = prev_states
                    .iter()
                    .map(|&(y0, score)| {
                        (
                            score + self.trans[y0 as usize * NUM_STATES + y as usize] + emit,
                            y0,
                        )
                    })
                    .max_by(|a, b| {
                        a.0.total_cmp(&b.0)
                            .then(order_key(a.1).cmp(&order_key(b.1)))
                    });
                if let Some((score, y0)) = best {
                    scores.push((y, score));
                    layer.push((y, y0));
                }
            }
            back.push_back(layer);
            if t % FLUSH_EVERY == 0 {
                decided = flush_decided(&mut back, decided, &mut route);
            }
        }
        let last = scores
            .iter()
            .max_by(|a, b| {
                a.1.total_cmp(&b.1)
                    .then(order_key(a.0).cmp(&order_key(b.0)))
            })
            .map_or(0, |&(y, _)| y);
        trace_back(&back, decided, chars.len() - 1, last, &mut route);
        route
    }
}

/// How often [`Model::viterbi`] writes out the part of the route decided.
const FLUSH_EVERY: usize = 32;

/// The state before `s` in `layer`, `s` itself if it has none there.
fn previous(layer: &[(State, State)], s: State) -> State {
    layer.iter().find(|e| e.0 == s).map_or(s, |e| e.1)
}

/// Write `route[decided..=last]` following the back pointers from state `s`
/// at position `last` (`back[i]` is position `decided + i`).
fn trace_back(
    back: &VecDeque<Vec<(State, State)>>,
    decided: usize,
    last: usize,
    mut s: State,
    route: &mut [State],
) {
    for i in (decided..=last).rev() {
        route[i] = s;
        s = previous(&back[i - decided], s);
    }
}

/// Find the last position where the paths to every state of the newest
/// layer meet, write the route up to it, drop its layers, and return the
/// first position still undecided.
fn flush_decided(
    back: &mut VecDeque<Vec<(State, State)>>,
    decided: usize,
    route: &mut [State],
) -> usize {
    let newest = back.len() - 1;
    let mut states: Vec<State> = back[newest].iter().map(|e| e.0).collect();
    for i in (1..=newest).rev() {
        for s in states.iter_mut() {
            *s = previous(&back[i], *s);
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

/// Segment and tag `text`, a run of Han characters, as `POSTokenizer.__cut`;
/// each word goes to `emit` as `(byte start, byte end, tag)`.
pub(crate) fn for_each_span(text: &str, mut emit: impl FnMut((usize, usize, &'static str))) {
    if text.is_empty() {
        return;
    }
    let model = model();
    let (offsets, chars): (Vec<usize>, Vec<char>) = text.char_indices().unzip();
    let route = model.viterbi(&chars);
    let tag = |s: State| -> &'static str { &model.tags[tag_of(s)] };
    let byte = |i: usize| offsets.get(i).copied().unwrap_or(text.len());
    let (mut begin, mut next) = (0, 0);
    for (i, &s) in route.iter().enumerate() {
        match pos_of(s) {
            B => begin = i,
            E => {
                emit((byte(begin), byte(i + 1), tag(s)));
                next = i + 1;
            }
            S => {
                emit((byte(i), byte(i + 1), tag(s)));
                next = i + 1;
            }
            _ => {}
        }
    }
    if next < chars.len() {
        emit((byte(next), text.len(), tag(route[next])));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut_with_pos(sentence: &str) -> Vec<String> {
        let mut spans = Vec::new();
        for_each_span(sentence, |(start, end, tag)| {
            spans.push(format!("{}/{}", &sentence[start..end], tag))
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
    fn an_unfinished_last_word_keeps_its_tag() {
        // jieba's viterbi ends "的新" in (B, n): "新" is emitted with tag n.
        assert_eq!(cut_with_pos("的新"), ["的/uj", "新/n"]);
        assert_eq!(cut_with_pos("德贝"), ["德贝/nz"]);
    }
}

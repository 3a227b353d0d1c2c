//! Banded locality-sensitive hashing over MinHash signatures: texts whose
//! signatures agree on every row of at least one band are candidates, and
//! candidates are kept when their (estimated or exact) Jaccard similarity
//! reaches the threshold.

use std::hash::Hasher;

use ndarray::{Array2, ArrayView2};
use rayon::prelude::ParallelSliceMut;

use crate::parallel;
use rustc_hash::{FxHashMap, FxHasher};

use super::minhash::{HashValue, MinHasher, Signatures};
use super::shingle::{jaccard, Shingler};
use super::Error;

/// The banding of a signature: `bands` bands of `rows` values each, over
/// the first `bands × rows` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bands {
    pub bands: usize,
    pub rows: usize,
}

impl Bands {
    /// The banding for `threshold` and `num_perm`: `bands` bands of
    /// `num_perm / bands` rows when `bands` is given (it must divide
    /// `num_perm`), else the banding that makes a pair of similarity
    /// `threshold` a candidate with probability at least [`MIN_RECALL`]
    /// and, among those, has the fewest candidates below the threshold (the
    /// least integral of the candidate probability over `[0, threshold]`,
    /// datasketch's measure of false positives). `bands × rows` may be less
    /// than `num_perm`, as in datasketch.
    ///
    /// ```
    /// use zhtext::dedup::Bands;
    /// assert_eq!(Bands::new(0.8, 128, None).unwrap(), Bands { bands: 16, rows: 6 });
    /// assert_eq!(Bands::new(0.8, 128, Some(16)).unwrap(), Bands { bands: 16, rows: 8 });
    /// assert!(Bands::new(0.8, 128, Some(12)).is_err());
    /// ```
    pub fn new(threshold: f64, num_perm: usize, bands: Option<usize>) -> Result<Self, Error> {
        if !(threshold > 0.0 && threshold <= 1.0) {
            return Err(Error::Threshold(threshold));
        }
        if num_perm == 0 {
            return Err(Error::NumPerm(num_perm));
        }
        match bands {
            Some(b) if b > 0 && num_perm % b == 0 => Ok(Bands {
                bands: b,
                rows: num_perm / b,
            }),
            Some(b) => Err(Error::Bands { bands: b, num_perm }),
            None => Ok(optimal_bands(threshold, num_perm)),
        }
    }
}

/// `∫ f` over `[lo, hi]` by Simpson's rule.
fn integrate(f: impl Fn(f64) -> f64, lo: f64, hi: f64) -> f64 {
    const STEPS: usize = 512;
    let h = (hi - lo) / STEPS as f64;
    let inner: f64 = (1..STEPS)
        .map(|i| f(lo + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 })
        .sum();
    (f(lo) + inner + f(hi)) * h / 3.0
}

impl Bands {
    /// The probability that a pair of Jaccard similarity `s` (the
    /// probability that two signature values agree) shares a band.
    pub fn candidate_probability(&self, s: f64) -> f64 {
        1.0 - (1.0 - s.powi(self.rows as i32)).powi(self.bands as i32)
    }
}

/// The least probability with which a pair at the threshold is to become a
/// candidate. (datasketch's default instead balances false positives and
/// negatives over the whole range, which finds a pair at the threshold 0.8
/// with 128 permutations only 40% of the time.)
pub const MIN_RECALL: f64 = 0.99;

fn optimal_bands(threshold: f64, num_perm: usize) -> Bands {
    let bandings = (1..=num_perm)
        .flat_map(|bands| (1..=num_perm / bands).map(move |rows| Bands { bands, rows }));
    let (recalling, others): (Vec<Bands>, Vec<Bands>) =
        bandings.partition(|b| b.candidate_probability(threshold) >= MIN_RECALL);
    let false_positives = |b: &Bands| integrate(|s| b.candidate_probability(s), 0.0, threshold);
    match recalling
        .iter()
        .map(|b| (false_positives(b), *b))
        .min_by(|x, y| x.0.total_cmp(&y.0))
    {
        Some((_, best)) => best,
        // Too few permutations to reach it: the banding that comes closest.
        None => *others
            .iter()
            .max_by(|x, y| {
                x.candidate_probability(threshold)
                    .total_cmp(&y.candidate_probability(threshold))
            })
            .expect("num_perm > 0 gives a banding"),
    }
}

/// The key of each band of each signature (`n × bands`): a 64-bit hash of
/// the band's values. Texts are candidates when they share a key in the same
/// band; the Dask version meets them by these keys.
pub fn band_keys<T: HashValue>(signatures: ArrayView2<'_, T>, bands: Bands) -> Array2<u64> {
    Array2::from_shape_fn((signatures.nrows(), bands.bands), |(i, band)| {
        let mut hasher = FxHasher::default();
        for k in band * bands.rows..(band + 1) * bands.rows {
            signatures[(i, k)].hash(&mut hasher);
        }
        hasher.finish()
    })
}

/// Whether a signature is that of a text without shingles, which matches
/// nothing.
pub fn is_empty_signature<T: HashValue>(row: &[T]) -> bool {
    row.iter().all(|&v| v == T::EMPTY)
}

/// A pair of near-duplicate texts, `i < j`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub i: usize,
    pub j: usize,
    /// Exact Jaccard similarity of the shingle sets when verified, else the
    /// fraction of signature values that agree.
    pub jaccard: f64,
}

/// Texts to verify candidates with: their shingle sets are compared.
pub struct Verify<'a, S> {
    pub texts: &'a [S],
    pub shingler: &'a Shingler,
}

/// Texts with identical signatures, and (when verifying) their identical
/// shingle sets: each is compared with others once, through one member.
struct Class {
    members: Vec<usize>,
}

/// Pairs of texts whose Jaccard similarity is at least `threshold` among
/// the candidates LSH finds with `bands`, sorted by `(i, j)`: the similarity
/// is estimated from the signatures, or exact with `verify`. Texts without
/// shingles (empty signatures) are in no pair. Runs on the current rayon
/// pool.
///
/// ```
/// use zhtext::dedup::{near_duplicates, Bands, MinHasher, Scheme, Script, Shingler, Signatures, Verify};
/// let shingler = Shingler::new(5, Script::AsIs).unwrap();
/// let texts = [
///     "国家统计局今天发布数据显示，十月份全国居民消费价格同比上涨百分之二点一。",
///     "国家统计局今天发布数据显示，十月份全国居民消费价格同比上涨百分之二点一！",
///     "一篇完全不同的文章，讲的是天气。",
/// ];
/// let hasher = MinHasher::new(Scheme::Affine32, 128, 1, shingler).unwrap();
/// let Signatures::Affine32(sigs) = hasher.signatures(&texts) else { unreachable!() };
/// let bands = Bands::new(0.8, 128, None).unwrap();
/// let verify = Verify { texts: &texts[..], shingler: &shingler };
/// let pairs = near_duplicates(sigs.view(), bands, 0.8, Some(verify));
/// assert_eq!(pairs.len(), 1);
/// assert_eq!((pairs[0].i, pairs[0].j, pairs[0].jaccard), (0, 1, 1.0));
/// ```
pub fn near_duplicates<T: HashValue, S: AsRef<str> + Sync>(
    signatures: ArrayView2<'_, T>,
    bands: Bands,
    threshold: f64,
    verify: Option<Verify<'_, S>>,
) -> Vec<Pair> {
    let signatures = signatures.as_standard_layout();
    let row = |i: usize| {
        signatures
            .row(i)
            .to_slice()
            .expect("rows of a standard layout are contiguous")
    };
    // Texts with the same signature, in order of their first member.
    let mut class_of: FxHashMap<&[T], usize> = FxHashMap::default();
    let mut classes: Vec<Class> = Vec::new();
    for i in 0..signatures.nrows() {
        if is_empty_signature(row(i)) {
            continue;
        }
        let next = classes.len();
        let c = *class_of.entry(row(i)).or_insert(next);
        if c == next {
            classes.push(Class { members: vec![i] });
        } else {
            classes[c].members.push(i);
        }
    }
    drop(class_of);
    let firsts: Vec<usize> = classes.iter().map(|c| c.members[0]).collect();
    let candidates = candidate_pairs(&band_keys(signatures.view(), bands), &firsts);

    let Some(verify) = verify else {
        let estimate = |a: usize, b: usize| {
            let same = row(a).iter().zip(row(b)).filter(|(x, y)| x == y).count();
            same as f64 / signatures.ncols() as f64
        };
        let mut pairs = Vec::new();
        for class in &classes {
            within(&class.members, 1.0, &mut pairs);
        }
        let chunk_len = parallel::task_len(candidates.len(), 1024);
        let across = parallel::map_chunks_collect(&candidates, chunk_len, |chunk| {
            chunk
                .iter()
                .filter_map(|&(a, b)| {
                    let j = estimate(firsts[a], firsts[b]);
                    (j >= threshold).then_some((a, b, j))
                })
                .collect::<Vec<_>>()
        });
        for (a, b, j) in across.into_iter().flatten() {
            between(&classes[a].members, &classes[b].members, j, &mut pairs);
        }
        return in_order(signatures.nrows(), pairs);
    };

    // Verifying: split the classes that take part into texts with the same
    // shingle set, keeping one set for each part.
    let mut involved: Vec<bool> = classes.iter().map(|c| c.members.len() > 1).collect();
    for &(a, b) in &candidates {
        involved[a] = true;
        involved[b] = true;
    }
    let classes_involved: Vec<(&Class, bool)> = classes.iter().zip(involved).collect();
    let chunk_len = parallel::task_len(classes.len(), 64);
    let parts: Vec<Vec<(Vec<u64>, Vec<usize>)>> =
        parallel::map_chunks_collect(&classes_involved, chunk_len, |chunk| {
            chunk
                .iter()
                .map(|&(class, involved)| {
                    if !involved {
                        return Vec::new();
                    }
                    let mut parts: Vec<(Vec<u64>, Vec<usize>)> = Vec::new();
                    for &i in &class.members {
                        let set = verify.shingler.key_set(verify.texts[i].as_ref());
                        match parts.iter_mut().find(|(s, _)| *s == set) {
                            Some((_, members)) => members.push(i),
                            None => parts.push((set, vec![i])),
                        }
                    }
                    parts
                })
                .collect::<Vec<_>>()
        })
        .concat();
    let mut pairs = Vec::new();
    let keep = |x: &(Vec<u64>, Vec<usize>), y: &(Vec<u64>, Vec<usize>), pairs: &mut Vec<Pair>| {
        let j = jaccard(&x.0, &y.0);
        if j >= threshold {
            between(&x.1, &y.1, j, pairs);
        }
    };
    for class_parts in &parts {
        for (k, x) in class_parts.iter().enumerate() {
            within(&x.1, 1.0, &mut pairs);
            for y in &class_parts[k + 1..] {
                keep(x, y, &mut pairs);
            }
        }
    }
    let chunk_len = parallel::task_len(candidates.len(), 1024);
    let across: Vec<Vec<Pair>> = parallel::map_chunks_collect(&candidates, chunk_len, |chunk| {
        let mut found = Vec::new();
        for &(a, b) in chunk {
            for x in &parts[a] {
                for y in &parts[b] {
                    let j = jaccard(&x.0, &y.0);
                    if j >= threshold {
                        between(&x.1, &y.1, j, &mut found);
                    }
                }
            }
        }
        found
    });
    pairs.extend(across.into_iter().flatten());
    in_order(signatures.nrows(), pairs)
}

/// `pairs` of texts `0..n` sorted by `(i, j)`: placed by `i` (a counting
/// sort), then each text's partners sorted. Exact duplicates make millions
/// of pairs (every two members of a class), and a comparison sort of them
/// took most of the LSH step.
fn in_order(n: usize, pairs: Vec<Pair>) -> Vec<Pair> {
    let mut next = vec![0usize; n + 1];
    for p in &pairs {
        next[p.i + 1] += 1;
    }
    for k in 1..=n {
        next[k] += next[k - 1];
    }
    let empty = Pair {
        i: 0,
        j: 0,
        jaccard: 0.0,
    };
    let mut sorted = vec![empty; pairs.len()];
    for p in pairs {
        sorted[next[p.i]] = p;
        next[p.i] += 1;
    }
    let mut by_text: Vec<&mut [Pair]> = sorted.chunk_by_mut(|x, y| x.i == y.i).collect();
    let chunk_len = parallel::task_len(by_text.len(), 1024);
    parallel::for_each_chunk_mut(&mut by_text, chunk_len, |_, chunk| {
        for partners in chunk {
            partners.sort_unstable_by_key(|p| p.j);
        }
    });
    drop(by_text);
    sorted
}

/// Every pair of `members`.
fn within(members: &[usize], jaccard: f64, pairs: &mut Vec<Pair>) {
    for (k, &i) in members.iter().enumerate() {
        for &j in &members[k + 1..] {
            pairs.push(Pair { i, j, jaccard });
        }
    }
}

/// Every pair of a member of `xs` and one of `ys` (disjoint).
fn between(xs: &[usize], ys: &[usize], jaccard: f64, pairs: &mut Vec<Pair>) {
    for &x in xs {
        for &y in ys {
            pairs.push(Pair {
                i: x.min(y),
                j: x.max(y),
                jaccard,
            });
        }
    }
}

/// Pairs of positions `(a, b)`, `a < b`, whose rows of `keys` (those listed
/// in `rows`) share a key in some band, each once.
fn candidate_pairs(keys: &Array2<u64>, rows: &[usize]) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = parallel::collect_indices(keys.ncols(), |band| {
        let mut column: Vec<(u64, usize)> = rows
            .iter()
            .enumerate()
            .map(|(pos, &i)| (keys[(i, band)], pos))
            .collect();
        column.sort_unstable();
        let mut found = Vec::new();
        for bucket in column.chunk_by(|x, y| x.0 == y.0) {
            for (k, &(_, a)) in bucket.iter().enumerate() {
                for &(_, b) in &bucket[k + 1..] {
                    found.push((a, b));
                }
            }
        }
        found
    })
    .concat();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

/// A group number for each of `n` texts, the connected components of
/// `pairs`: numbered from 0 in order of their first text.
///
/// ```
/// use zhtext::dedup::{groups, Pair};
/// let pairs = [Pair { i: 1, j: 3, jaccard: 0.9 }, Pair { i: 3, j: 4, jaccard: 0.8 }];
/// assert_eq!(groups(5, &pairs), [0, 1, 2, 1, 1]);
/// ```
pub fn groups(n: usize, pairs: &[Pair]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for p in pairs {
        let (a, b) = (root(&mut parent, p.i), root(&mut parent, p.j));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut number = vec![usize::MAX; n];
    let mut next = 0;
    (0..n)
        .map(|i| {
            let r = root(&mut parent, i);
            if number[r] == usize::MAX {
                number[r] = next;
                next += 1;
            }
            number[r]
        })
        .collect()
}

/// A group number for each of `texts`: [`groups`] of their verified (or,
/// without `verify`, estimated) [`near_duplicates`] pairs, with signatures
/// from `hasher`. Each distinct text is hashed and verified once, and its
/// copies join its group: a copy has the same signature and shingle set, so
/// it pairs with the text and with whatever the text pairs with (a text
/// without shingles pairs with nothing, and neither do its copies). News
/// archives hold many exact copies (a wire story printed by several
/// outlets), and their signatures, shingle sets and every pair of copies
/// were most of the work. Runs on the current rayon pool.
///
/// ```
/// use zhtext::dedup::{duplicate_groups, Bands, MinHasher, Scheme, Script, Shingler};
/// let story = "外交部发言人今天在例行记者会上回答了关于中亚峰会的提问，表示各方将加强合作。";
/// let texts = [story, "另一篇报道讲的是完全不同的事情。", story, "", ""];
/// let hasher = MinHasher::new(Scheme::Affine32, 128, 1, Shingler::new(5, Script::Auto).unwrap()).unwrap();
/// let bands = Bands::new(0.8, 128, None).unwrap();
/// assert_eq!(duplicate_groups(&hasher, &texts, bands, 0.8, true), [0, 1, 0, 2, 3]);
/// ```
pub fn duplicate_groups<S: AsRef<str> + Sync>(
    hasher: &MinHasher,
    texts: &[S],
    bands: Bands,
    threshold: f64,
    verify: bool,
) -> Vec<usize> {
    // The first position of each distinct text, and each text's distinct one.
    let mut first: Vec<usize> = Vec::new();
    let mut index: FxHashMap<&str, usize> = FxHashMap::default();
    let distinct_of: Vec<usize> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            *index.entry(text.as_ref()).or_insert_with(|| {
                first.push(i);
                first.len() - 1
            })
        })
        .collect();
    drop(index);
    let distinct: Vec<&str> = first.iter().map(|&i| texts[i].as_ref()).collect();
    fn pairs_of<T: HashValue>(
        signatures: ArrayView2<'_, T>,
        bands: Bands,
        threshold: f64,
        verify: Option<Verify<'_, &str>>,
    ) -> (Vec<Pair>, Vec<bool>) {
        let empty = signatures
            .rows()
            .into_iter()
            .map(|row| is_empty_signature(row.as_slice().expect("signature rows are contiguous")))
            .collect();
        (near_duplicates(signatures, bands, threshold, verify), empty)
    }
    let verify = verify.then_some(Verify {
        texts: &distinct[..],
        shingler: hasher.shingler(),
    });
    let (found, empty) = match hasher.signatures(&distinct) {
        Signatures::Affine32(s) => pairs_of(s.view(), bands, threshold, verify),
        Signatures::Legacy(s) => pairs_of(s.view(), bands, threshold, verify),
    };
    let mut pairs: Vec<Pair> = found
        .into_iter()
        .map(|p| Pair {
            i: first[p.i],
            j: first[p.j],
            jaccard: p.jaccard,
        })
        .collect();
    for (i, &d) in distinct_of.iter().enumerate() {
        if first[d] != i && !empty[d] {
            pairs.push(Pair {
                i: first[d],
                j: i,
                jaccard: 1.0,
            });
        }
    }
    groups(texts.len(), &pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::{Scheme, Script};

    #[test]
    fn bands_for_thresholds() {
        // Found by the same search in Python with scipy's `quad`.
        for (threshold, num_perm, bands, rows) in [
            (0.5, 128, 35, 3),
            (0.7, 128, 17, 4),
            (0.8, 128, 16, 6),
            (0.9, 128, 11, 10),
            (0.95, 128, 8, 16),
            (0.8, 256, 26, 8),
            (0.8, 64, 12, 5),
            (0.9, 256, 18, 14),
            (0.8, 16, 5, 2),
            (1.0, 128, 1, 128),
        ] {
            assert_eq!(
                Bands::new(threshold, num_perm, None).unwrap(),
                Bands { bands, rows },
                "{threshold} {num_perm}"
            );
            assert!(Bands { bands, rows }.candidate_probability(threshold) >= MIN_RECALL);
        }
        assert!(matches!(
            Bands::new(0.0, 128, None),
            Err(Error::Threshold(_))
        ));
        assert!(matches!(
            Bands::new(f64::NAN, 128, None),
            Err(Error::Threshold(_))
        ));
        assert!(matches!(
            Bands::new(0.8, 128, Some(0)),
            Err(Error::Bands { .. })
        ));
    }

    fn brute_force(texts: &[String], shingler: &Shingler, threshold: f64) -> Vec<(usize, usize)> {
        let sets: Vec<Vec<u64>> = texts.iter().map(|t| shingler.key_set(t)).collect();
        let mut out = Vec::new();
        for i in 0..texts.len() {
            for j in i + 1..texts.len() {
                if !sets[i].is_empty() && jaccard(&sets[i], &sets[j]) >= threshold {
                    out.push((i, j));
                }
            }
        }
        out
    }

    #[test]
    fn verified_pairs_are_the_brute_force_pairs() {
        let base: Vec<String> = (0..6)
            .map(|k| {
                (0..80)
                    .map(|i| {
                        char::from_u32(0x4E00 + ((i * 7919 + k * 104_729) % 20_000) as u32).unwrap()
                    })
                    .collect()
            })
            .collect();
        let mut texts = base.clone();
        texts.push(base[0].clone()); // 6: copy of 0
        texts.push(format!("{}补充", base[0])); // 7: near 0
        texts.push(base[1][..base[1].len() - 6].to_string()); // 8: near 1
        texts.push(String::new()); // 9: empty
        texts.push(String::new()); // 10: empty
        texts.push(base[2].chars().rev().collect()); // 11: unrelated
        let shingler = Shingler::new(5, Script::AsIs).unwrap();
        for scheme in [Scheme::Affine32, Scheme::Legacy] {
            let hasher = MinHasher::new(scheme, 128, 1, shingler).unwrap();
            let bands = Bands::new(0.8, 128, None).unwrap();
            let verify = || {
                Some(Verify {
                    texts: &texts[..],
                    shingler: &shingler,
                })
            };
            let pairs = match hasher.signatures(&texts) {
                Signatures::Affine32(s) => near_duplicates(s.view(), bands, 0.8, verify()),
                Signatures::Legacy(s) => near_duplicates(s.view(), bands, 0.8, verify()),
            };
            let found: Vec<(usize, usize)> = pairs.iter().map(|p| (p.i, p.j)).collect();
            assert_eq!(found, brute_force(&texts, &shingler, 0.8));
            assert_eq!(found, [(0, 6), (0, 7), (1, 8), (6, 7)]);
            assert_eq!(pairs[0].jaccard, 1.0);
            assert_eq!(
                groups(texts.len(), &pairs),
                [0, 1, 2, 3, 4, 5, 0, 0, 1, 6, 7, 8]
            );
            assert_eq!(
                duplicate_groups(&hasher, &texts, bands, 0.8, true),
                groups(texts.len(), &pairs)
            );
            let estimated = match hasher.signatures(&texts) {
                Signatures::Affine32(s) => {
                    near_duplicates::<u32, String>(s.view(), bands, 0.8, None)
                }
                Signatures::Legacy(s) => near_duplicates::<u64, String>(s.view(), bands, 0.8, None),
            };
            assert_eq!(
                duplicate_groups(&hasher, &texts, bands, 0.8, false),
                groups(texts.len(), &estimated)
            );
        }
    }

    #[test]
    fn pairs_come_out_in_order() {
        let pairs: Vec<Pair> = [(3, 4), (0, 5), (1, 2), (0, 2), (3, 5), (0, 1), (1, 5)]
            .into_iter()
            .map(|(i, j)| Pair {
                i,
                j,
                jaccard: (i * 10 + j) as f64,
            })
            .collect();
        let mut expected = pairs.clone();
        expected.sort_by_key(|p| (p.i, p.j));
        assert_eq!(in_order(6, pairs), expected);
        assert!(in_order(3, Vec::new()).is_empty());
    }

    #[test]
    fn estimates_without_verification() {
        let shingler = Shingler::new(3, Script::AsIs).unwrap();
        let texts = [
            "甲乙丙丁戊己庚辛壬癸子丑寅卯",
            "甲乙丙丁戊己庚辛壬癸子丑寅卯",
            "天地玄黄宇宙洪荒",
        ];
        let hasher = MinHasher::new(Scheme::Affine32, 64, 1, shingler).unwrap();
        let Signatures::Affine32(s) = hasher.signatures(&texts) else {
            unreachable!()
        };
        let bands = Bands::new(0.5, 64, Some(16)).unwrap();
        let pairs = near_duplicates::<u32, &str>(s.view(), bands, 0.5, None);
        assert_eq!(
            pairs,
            [Pair {
                i: 0,
                j: 1,
                jaccard: 1.0
            }]
        );
        assert_eq!(band_keys(s.view(), bands).dim(), (3, 16));
    }
}

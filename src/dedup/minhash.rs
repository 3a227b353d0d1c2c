//! MinHash signatures equal to datasketch's (`MinHash(num_perm, seed)`
//! updated with the UTF-8 bytes of each shingle), computed in parallel.

use std::str::FromStr;

use ndarray::Array2;
use rand_mt::Mt;

use super::shingle::Shingler;
use super::Error;
use crate::parallel;

/// datasketch's permutation schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// datasketch ≥ 2's default: the 32-bit SHA-1 hash premixed with the
    /// MurmurHash3 finalizer, then `a·h + b mod 2³²` with odd `a`; `u32`
    /// values.
    Affine32,
    /// datasketch < 2 (and `scheme="legacy"`): `(a·h + b) mod (2⁶¹ − 1)`
    /// truncated to 32 bits, stored as `u64`.
    Legacy,
}

impl FromStr for Scheme {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self, Error> {
        match name {
            "affine32" => Ok(Scheme::Affine32),
            "legacy" => Ok(Scheme::Legacy),
            other => Err(Error::UnknownScheme(other.to_owned())),
        }
    }
}

/// A signature value: `u32` (affine32) or `u64` (legacy).
pub trait HashValue: Copy + Eq + std::hash::Hash + Send + Sync + std::fmt::Debug + 'static {
    /// The value of every position of the signature of a text without
    /// shingles (datasketch's initial hash values).
    const EMPTY: Self;
}

impl HashValue for u32 {
    const EMPTY: u32 = u32::MAX;
}

impl HashValue for u64 {
    const EMPTY: u64 = u32::MAX as u64;
}

const MERSENNE_PRIME: u64 = (1 << 61) - 1;

/// The signatures of a batch, one row per text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signatures {
    Affine32(Array2<u32>),
    Legacy(Array2<u64>),
}

/// Computes MinHash signatures of texts' shingles.
///
/// ```
/// use zhtext::dedup::{MinHasher, Scheme, Script, Shingler, Signatures};
/// let shingler = Shingler::new(5, Script::AsIs).unwrap();
/// let hasher = MinHasher::new(Scheme::Affine32, 64, 1, shingler).unwrap();
/// let Signatures::Affine32(sigs) = hasher.signatures(&["新华社北京电", "新华社北京电", "短"]) else {
///     unreachable!()
/// };
/// assert_eq!(sigs.dim(), (3, 64));
/// assert_eq!(sigs.row(0), sigs.row(1));
/// assert!(sigs.row(2).iter().all(|&v| v == u32::MAX)); // no shingle
/// ```
#[derive(Debug, Clone)]
pub struct MinHasher {
    scheme: Scheme,
    shingler: Shingler,
    seed: u32,
    /// The permutations' multipliers and offsets, as datasketch draws them.
    a: Vec<u64>,
    b: Vec<u64>,
}

/// numpy's `RandomState.randint(0, mask + 1)` for a range whose size is a
/// power of two: the generator's next output, masked (numpy's "masked"
/// bounded integers, with `rng = mask`, never reject).
fn draw_u64_masked(mt: &mut Mt, rng: u64) -> u64 {
    let mask = u64::MAX >> rng.leading_zeros();
    loop {
        let value = mt.next_u64() & mask;
        if value <= rng {
            return value;
        }
    }
}

impl MinHasher {
    /// `num_perm` permutations drawn as `datasketch.MinHash(num_perm, seed,
    /// scheme=...)` draws them (numpy's `RandomState(seed)`, an MT19937).
    pub fn new(
        scheme: Scheme,
        num_perm: usize,
        seed: u32,
        shingler: Shingler,
    ) -> Result<Self, Error> {
        if num_perm == 0 {
            return Err(Error::NumPerm(num_perm));
        }
        let mut mt = Mt::new(seed);
        let (a, b) = match scheme {
            Scheme::Legacy => {
                // [(randint(1, p), randint(0, p)) for _ in range(num_perm)]
                (0..num_perm)
                    .map(|_| {
                        let a = 1 + draw_u64_masked(&mut mt, MERSENNE_PRIME - 2);
                        let b = draw_u64_masked(&mut mt, MERSENNE_PRIME - 1);
                        (a, b)
                    })
                    .unzip()
            }
            Scheme::Affine32 => {
                // a = randint(0, 2**31, num_perm) * 2 + 1; b = randint(0, 2**32, num_perm)
                let a = (0..num_perm)
                    .map(|_| u64::from(mt.next_u32() & 0x7FFF_FFFF) * 2 + 1)
                    .collect();
                let b = (0..num_perm).map(|_| u64::from(mt.next_u32())).collect();
                (a, b)
            }
        };
        Ok(MinHasher {
            scheme,
            shingler,
            seed,
            a,
            b,
        })
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    pub fn num_perm(&self) -> usize {
        self.a.len()
    }

    pub fn seed(&self) -> u32 {
        self.seed
    }

    pub fn shingler(&self) -> &Shingler {
        &self.shingler
    }

    /// The permutations `(a, b)`, as datasketch's `MinHash.permutations`.
    pub fn permutations(&self) -> (&[u64], &[u64]) {
        (&self.a, &self.b)
    }

    /// The signatures of `texts`, one row each, computed on the current
    /// rayon pool.
    pub fn signatures<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Signatures {
        match self.scheme {
            Scheme::Affine32 => {
                let (a, b) = (self.a32(), self.b32());
                Signatures::Affine32(self.rows(texts, |text, scratch, row| {
                    let hashes = scratch.hashes_of(&self.shingler, text);
                    hashes.iter_mut().for_each(|h| *h = fmix32(*h));
                    affine32_row(hashes, &a, &b, row);
                }))
            }
            Scheme::Legacy => Signatures::Legacy(self.rows(texts, |text, scratch, row| {
                let hashes = scratch.hashes_of(&self.shingler, text);
                legacy_row(hashes, &self.a, &self.b, row);
            })),
        }
    }

    fn a32(&self) -> Vec<u32> {
        self.a.iter().map(|&a| a as u32).collect()
    }

    fn b32(&self) -> Vec<u32> {
        self.b.iter().map(|&b| b as u32).collect()
    }

    /// A matrix with a row per text, filled by `fill(text, scratch, row)`.
    fn rows<S: AsRef<str> + Sync, T: HashValue>(
        &self,
        texts: &[S],
        fill: impl Fn(&str, &mut Scratch, &mut [T]) + Sync,
    ) -> Array2<T> {
        let width = self.num_perm();
        let mut values = vec![T::EMPTY; texts.len() * width];
        let run = parallel::task_len(texts.len(), 64);
        parallel::for_each_chunk_mut(&mut values, width * run, |k, rows| {
            let texts = &texts[k * run..((k + 1) * run).min(texts.len())];
            let mut scratch = Scratch::default();
            for (row, text) in rows.chunks_mut(width).zip(texts) {
                fill(text.as_ref(), &mut scratch, row);
            }
        });
        Array2::from_shape_vec((texts.len(), width), values)
            .expect("the buffer holds a row per text")
    }
}

/// Buffers a thread reuses from text to text.
#[derive(Default)]
struct Scratch {
    keys: Vec<u64>,
    hashes: Vec<u32>,
}

impl Scratch {
    /// datasketch's `sha1_hash32` of each shingle of `text`.
    fn hashes_of(&mut self, shingler: &Shingler, text: &str) -> &mut [u32] {
        self.keys.clear();
        shingler.digest_keys(text, &mut self.keys);
        self.hashes.clear();
        self.hashes.extend(self.keys.iter().map(|&k| k as u32));
        &mut self.hashes
    }
}

/// MurmurHash3's 32-bit finalizer, datasketch's premix.
#[inline]
fn fmix32(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x85EB_CA6B);
    h ^= h >> 13;
    h = h.wrapping_mul(0xC2B2_AE35);
    h ^ (h >> 16)
}

/// `row[k] = min over h of a[k]·h + b[k] mod 2³²` (`row` starts EMPTY).
///
/// The loop is half the work of a signature. Built for baseline x86-64
/// (SSE2, which has no 32-bit lane multiply) the compiler emulates the
/// multiply with shuffles; with AVX2, where the processor has it, the same
/// loop runs eight lanes at a time with one instruction per step.
fn affine32_row(hashes: &[u32], a: &[u32], b: &[u32], row: &mut [u32]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor supports AVX2, checked just above.
        unsafe { affine32_row_avx2(hashes, a, b, row) };
        return;
    }
    affine32_row_portable(hashes, a, b, row);
}

/// [`affine32_row_portable`] compiled for AVX2.
///
/// # Safety
/// The processor must support AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn affine32_row_avx2(hashes: &[u32], a: &[u32], b: &[u32], row: &mut [u32]) {
    affine32_row_portable(hashes, a, b, row);
}

#[inline(always)]
fn affine32_row_portable(hashes: &[u32], a: &[u32], b: &[u32], row: &mut [u32]) {
    for ((slot, &a), &b) in row.iter_mut().zip(a).zip(b) {
        // A plain min over the hashes, which the compiler vectorises.
        let min = hashes
            .iter()
            .fold(u32::MAX, |m, &h| m.min(a.wrapping_mul(h).wrapping_add(b)));
        *slot = (*slot).min(min);
    }
}

/// `row[k] = min over h of ((a[k]·h + b[k]) mod 2⁶⁴ mod p) & (2³² − 1)`,
/// numpy's wrapping `uint64` arithmetic as in datasketch's legacy scheme.
fn legacy_row(hashes: &[u32], a: &[u64], b: &[u64], row: &mut [u64]) {
    for ((slot, &a), &b) in row.iter_mut().zip(a).zip(b) {
        let min = hashes.iter().fold(u64::EMPTY, |m, &h| {
            let x = a.wrapping_mul(u64::from(h)).wrapping_add(b);
            m.min(mod_mersenne(x) & 0xFFFF_FFFF)
        });
        *slot = (*slot).min(min);
    }
}

/// `x mod (2⁶¹ − 1)` by folding the high bits, without a division.
#[inline]
fn mod_mersenne(x: u64) -> u64 {
    let folded = (x & MERSENNE_PRIME) + (x >> 61);
    if folded >= MERSENNE_PRIME {
        folded - MERSENNE_PRIME
    } else {
        folded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::Script;

    fn hasher(scheme: Scheme, num_perm: usize, seed: u32) -> MinHasher {
        MinHasher::new(
            scheme,
            num_perm,
            seed,
            Shingler::new(5, Script::AsIs).unwrap(),
        )
        .unwrap()
    }

    /// The first draws of `numpy.random.RandomState(1)` as datasketch makes
    /// them (printed by numpy 2.3 for these tests).
    #[test]
    fn permutations_are_numpy_s_draws() {
        let affine32 = hasher(Scheme::Affine32, 3, 1);
        let (a, b) = affine32.permutations();
        assert_eq!(a, [3_582_191_691, 4_270_784_983, 1_892_572_953]);
        assert_eq!(b, [4_005_303_368, 491_263, 550_290_313]);
        let legacy = hasher(Scheme::Legacy, 2, 1);
        let (a, b) = legacy.permutations();
        assert_eq!(a, [775_169_054_918_279_404, 2_109_959_069_025_162]);
        assert_eq!(b, [1_758_426_461_858_698_312, 965_365_488_286_768_773]);
    }

    #[test]
    fn mersenne_folding_is_the_remainder() {
        for x in [
            0,
            1,
            MERSENNE_PRIME - 1,
            MERSENNE_PRIME,
            MERSENNE_PRIME + 1,
            u64::MAX,
            u64::MAX - 7,
            0x1234_5678_9ABC_DEF0,
        ] {
            assert_eq!(mod_mersenne(x), x % MERSENNE_PRIME, "{x}");
        }
    }

    #[test]
    fn signatures_of_identical_and_shingle_free_texts() {
        for scheme in [Scheme::Affine32, Scheme::Legacy] {
            let h = hasher(scheme, 16, 7);
            let texts = [
                "今天天气很好，我们去公园",
                "今天天气很好 我们去公园",
                "",
                "四个字",
            ];
            match h.signatures(&texts) {
                Signatures::Affine32(s) => {
                    assert_eq!(s.row(0), s.row(1));
                    assert!(s.row(2).iter().chain(s.row(3)).all(|&v| v == u32::EMPTY));
                    assert!(s.row(0).iter().all(|&v| v != u32::EMPTY));
                }
                Signatures::Legacy(s) => {
                    assert_eq!(s.row(0), s.row(1));
                    assert!(s.row(2).iter().chain(s.row(3)).all(|&v| v == u64::EMPTY));
                    assert!(s.row(0).iter().all(|&v| v < u64::EMPTY));
                }
            }
        }
        assert!(matches!(
            MinHasher::new(
                Scheme::Legacy,
                0,
                1,
                Shingler::new(5, Script::AsIs).unwrap()
            ),
            Err(Error::NumPerm(0))
        ));
    }
}

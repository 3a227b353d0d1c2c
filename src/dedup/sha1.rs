//! The leading bytes of the SHA-1 digests of many short messages (the
//! shingles), which is what datasketch's `sha1_hash32`/`sha1_hash64` read.
//!
//! A shingle fits in one SHA-1 block, so its digest is one compression of
//! the padded block. Compressing is a chain of dependent steps: with the
//! processor's SHA instructions one message at a time leaves most of their
//! throughput unused, so [`window_prefixes`] compresses [`LANES`] shingles side by
//! side, which roughly triples the rate. Other processors, and messages
//! longer than one block, go through the `sha1` crate.

use sha1::digest::core_api::Block;
use sha1::{Digest, Sha1, Sha1Core};

/// SHA-1's initial state.
const INIT: [u32; 5] = [
    0x6745_2301,
    0xEFCD_AB89,
    0x98BA_DCFE,
    0x1032_5476,
    0xC3D2_E1F0,
];

/// The longest message that fits in one block with its padding.
const MAX_ONE_BLOCK: usize = 55;

/// Messages compressed side by side.
const LANES: usize = 4;

/// The first eight bytes of a digest as a little-endian number, from the
/// first two words of the final state (datasketch's `sha1_hash64`; its
/// low half is `sha1_hash32`).
#[inline]
fn prefix(a: u32, b: u32) -> u64 {
    u64::from(a.swap_bytes()) | u64::from(b.swap_bytes()) << 32
}

/// `data` padded into one block (`data` is at most [`MAX_ONE_BLOCK`] bytes).
fn padded(data: &[u8]) -> [u8; 64] {
    let mut block = [0u8; 64];
    block[..data.len()].copy_from_slice(data);
    block[data.len()] = 0x80;
    block[56..].copy_from_slice(&(data.len() as u64 * 8).to_be_bytes());
    block
}

/// The digest prefix of one message, by the `sha1` crate.
pub(crate) fn prefix_of(data: &[u8]) -> u64 {
    let digest: [u8; 20] = if data.len() > MAX_ONE_BLOCK {
        Sha1::digest(data).into()
    } else {
        let block = Block::<Sha1Core>::from(padded(data));
        let mut state = INIT;
        sha1::compress(&mut state, std::slice::from_ref(&block));
        let mut digest = [0; 20];
        for (bytes, word) in digest.chunks_exact_mut(4).zip(state) {
            bytes.copy_from_slice(&word.to_be_bytes());
        }
        digest
    };
    let mut bytes = [0; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(bytes)
}

/// Zero bytes that must follow the text given to [`window_prefixes`]: a
/// block's worth, so that a block can be loaded from any message start.
pub(crate) const SLACK: usize = 64;

/// Append to `out` the digest prefix of every window of `size` characters of
/// `bytes` (`bytes[bounds[i]..bounds[i + size]]` for each `i`), in order.
/// `bounds` holds the byte offset of each character and then the end of
/// the text, after which `bytes` has [`SLACK`] zero bytes.
pub(crate) fn window_prefixes(bytes: &[u8], bounds: &[usize], size: usize, out: &mut Vec<u64>) {
    let windows = bounds.len().saturating_sub(size);
    let window = |i: usize| &bytes[bounds[i]..bounds[i + size]];
    let mut done = 0;
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("sha")
        && std::arch::is_x86_feature_detected!("sse4.1")
        && std::arch::is_x86_feature_detected!("ssse3")
    {
        assert!(bytes.len() >= bounds.last().map_or(0, |&end| end) + SLACK);
        out.reserve(windows);
        while done + LANES <= windows {
            let starts = [0, 1, 2, 3].map(|l| bounds[done + l]);
            let lens = [0, 1, 2, 3].map(|l| bounds[done + l + size] - starts[l]);
            if lens.iter().all(|&len| len < 16) {
                // Five Chinese characters take 15 bytes: most shingles.
                // SAFETY: as below.
                out.extend(unsafe { shani::compress_windows::<true>(bytes, starts, lens) });
            } else if lens.iter().all(|&len| len <= MAX_ONE_BLOCK) {
                // SAFETY: the processor has the instructions, checked above;
                // each block read, 64 bytes from a window's start, lies in
                // `bytes`, which extends `SLACK` bytes past every window.
                out.extend(unsafe { shani::compress_windows::<false>(bytes, starts, lens) });
            } else {
                out.extend((done..done + LANES).map(|i| prefix_of(window(i))));
            }
            done += LANES;
        }
    }
    out.extend((done..windows).map(|i| prefix_of(window(i))));
}

#[cfg(target_arch = "x86_64")]
mod shani {
    use std::arch::x86_64::*;

    use super::{prefix, INIT, LANES};

    /// Run `$step` for every lane.
    macro_rules! lanes {
        ($i:ident => $step:expr) => {
            for $i in 0..LANES {
                $step;
            }
        };
    }

    /// The digest prefixes of the [`LANES`] messages of `lens` bytes (at
    /// most [`super::MAX_ONE_BLOCK`]) at `starts` in `bytes`, compressed
    /// side by side with the SHA instructions (Intel's SHA extensions: each
    /// `sha1rnds4` does four rounds on the state held as `ABCD` plus `E`).
    /// Each block is loaded whole from the message start and padded in
    /// registers: the bytes past the message are masked to zero, then the
    /// `0x80` marker and the bit length go in. With `SHORT` every message is
    /// shorter than 16 bytes: the block's other words are known (zero, and
    /// the length at the end) and are not loaded and masked.
    ///
    /// # Safety
    /// The processor must have the SHA, SSE4.1 and SSSE3 instructions, and
    /// `bytes` must hold 64 bytes from every start.
    #[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
    pub(super) unsafe fn compress_windows<const SHORT: bool>(
        bytes: &[u8],
        starts: [usize; LANES],
        lens: [usize; LANES],
    ) -> [u64; LANES] {
        // Big-endian words, the first in the highest lane.
        let order = _mm_set_epi64x(0x0001_0203_0405_0607, 0x0809_0a0b_0c0d_0e0f);
        let abcd0 = _mm_set_epi32(
            INIT[0] as i32,
            INIT[1] as i32,
            INIT[2] as i32,
            INIT[3] as i32,
        );
        let e0 = _mm_set_epi32(INIT[4] as i32, 0, 0, 0);
        let marker = _mm_set1_epi8(0x80u8 as i8);
        // The schedule's last four groups of four words, per lane.
        let mut w = [[_mm_setzero_si128(); 4]; LANES];
        lanes!(l => {
            debug_assert!(starts[l] + 64 <= bytes.len() && lens[l] <= super::MAX_ONE_BLOCK);
            debug_assert!(!SHORT || lens[l] < 16);
            let len = _mm_set1_epi8(lens[l] as i8);
            // The block's length field: the bit count, big-endian, in its
            // last eight bytes.
            let bits = (lens[l] as u64 * 8).to_be_bytes();
            let length = _mm_set_epi64x(i64::from_le_bytes(bits), 0);
            for (g, words) in w[l].iter_mut().enumerate() {
                if SHORT && g > 0 {
                    *words = if g == 3 { _mm_shuffle_epi8(length, order) } else { _mm_setzero_si128() };
                    continue;
                }
                let index = _mm_add_epi8(
                    _mm_set_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
                    _mm_set1_epi8(16 * g as i8),
                );
                // SAFETY: 64 bytes from the start are in `bytes` (the
                // caller's promise); unaligned loads are allowed.
                let data = unsafe { _mm_loadu_si128(bytes.as_ptr().add(starts[l] + 16 * g).cast()) };
                let kept = _mm_and_si128(data, _mm_cmpgt_epi8(len, index));
                let mut block = _mm_or_si128(kept, _mm_and_si128(_mm_cmpeq_epi8(len, index), marker));
                if g == 3 {
                    block = _mm_or_si128(block, length);
                }
                *words = _mm_shuffle_epi8(block, order);
            }
        });
        let mut abcd = [abcd0; LANES];
        let mut previous = [abcd0; LANES];
        let mut next_e = [_mm_setzero_si128(); LANES];
        // Rounds 0–3.
        lanes!(l => next_e[l] = _mm_add_epi32(e0, w[l][0]));
        lanes!(l => abcd[l] = _mm_sha1rnds4_epu32::<0>(abcd[l], next_e[l]));
        // Rounds 4–79, four at a time: the next group of schedule words
        // (computed from the four before it once the block's own are used),
        // E from the state four rounds back, then the rounds.
        macro_rules! group {
            ($g:expr, $f:literal) => {
                let g: usize = $g;
                lanes!(l => {
                    let word = if g < 4 {
                        w[l][g]
                    } else {
                        let x = _mm_sha1msg1_epu32(w[l][g % 4], w[l][(g + 1) % 4]);
                        let x = _mm_xor_si128(x, w[l][(g + 2) % 4]);
                        let x = _mm_sha1msg2_epu32(x, w[l][(g + 3) % 4]);
                        w[l][g % 4] = x;
                        x
                    };
                    next_e[l] = _mm_sha1nexte_epu32(previous[l], word);
                    previous[l] = abcd[l];
                });
                lanes!(l => abcd[l] = _mm_sha1rnds4_epu32::<$f>(abcd[l], next_e[l]));
            };
        }
        group!(1, 0);
        group!(2, 0);
        group!(3, 0);
        group!(4, 0);
        group!(5, 1);
        group!(6, 1);
        group!(7, 1);
        group!(8, 1);
        group!(9, 1);
        group!(10, 2);
        group!(11, 2);
        group!(12, 2);
        group!(13, 2);
        group!(14, 2);
        group!(15, 3);
        group!(16, 3);
        group!(17, 3);
        group!(18, 3);
        group!(19, 3);
        // Only A and B of the final state are needed (E is not).
        let mut out = [0u64; LANES];
        lanes!(l => {
            let state = _mm_add_epi32(abcd[l], abcd0);
            let a = _mm_extract_epi32::<3>(state) as u32;
            let b = _mm_extract_epi32::<2>(state) as u32;
            out[l] = prefix(a, b);
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(data: &[u8]) -> u64 {
        let digest: [u8; 20] = Sha1::digest(data).into();
        u64::from_le_bytes(digest[..8].try_into().unwrap())
    }

    #[test]
    fn prefixes_are_those_of_sha1_digests() {
        // Windows of every size up to past one block over text in which
        // characters take 1 to 4 bytes, so that groups of four mix one-block
        // and longer messages.
        let text: String = "a中bé𝄞Zx高٣".repeat(12) + &"新华社北京十二月一日电".repeat(3);
        let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        bounds.push(text.len());
        let mut bytes = text.clone().into_bytes();
        bytes.resize(text.len() + SLACK, 0);
        for size in 1..=30 {
            let mut out = Vec::new();
            window_prefixes(&bytes, &bounds, size, &mut out);
            let expected: Vec<u64> = bounds
                .windows(size + 1)
                .map(|w| reference(&bytes[w[0]..w[size]]))
                .collect();
            assert_eq!(out, expected, "windows of {size}");
        }
        for n in [0, 1, 55, 56, 64, 200] {
            let data = vec![7u8; n];
            assert_eq!(prefix_of(&data), reference(&data), "{n} bytes");
        }
    }
}

//! Finding fingerprints: stable across runs, machines and line moves, and
//! useless for recovering the password.
//!
//! A published report or baseline carries fingerprints, so a plain fast hash
//! of a short password could be brute-forced offline. The fingerprint is
//! PBKDF2-HMAC-SHA256 of the secret, salted with the rule id and the path
//! relative to the repository root (so no table can be precomputed), at a
//! work factor of 4,096 iterations: each guess costs an attacker thousands of
//! hash computations (about 0.4 ms on one core here, against well under a
//! microsecond for a plain SHA-256), while a scan pays that once per finding
//! (0.4 s for a thousand findings, spread over the worker threads).

use sha2::digest::consts::U64;
use sha2::digest::generic_array::GenericArray;
use sha2::{Digest, Sha256};

const ITERATIONS: u32 = 4_096;
const DOMAIN: &str = "connleak-fingerprint-v1";

fn fingerprint_salt(rule: &str, path: &str) -> Vec<u8> {
    let mut salt = Vec::with_capacity(DOMAIN.len() + rule.len() + path.len() + 2);
    salt.extend_from_slice(DOMAIN.as_bytes());
    salt.push(0);
    salt.extend_from_slice(rule.as_bytes());
    salt.push(0);
    salt.extend_from_slice(path.replace('\\', "/").as_bytes());
    salt
}

fn credential_salt(host: &str, user: &str) -> Vec<u8> {
    let mut salt = Vec::with_capacity(32 + host.len() + user.len());
    salt.extend_from_slice(b"connleak-credential-v1");
    salt.push(0);
    salt.extend_from_slice(host.to_ascii_lowercase().as_bytes());
    salt.push(0);
    salt.extend_from_slice(user.to_ascii_lowercase().as_bytes());
    salt
}

fn hex(out: &[u8; 16]) -> String {
    out.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn fingerprint(rule: &str, path: &str, secret: &str) -> String {
    fingerprints(rule, path, &[secret]).remove(0)
}

/// The fingerprints of several secrets of one rule in one file, derived
/// together (see [`pbkdf2_many`]): the same as [`fingerprint`] of each.
pub fn fingerprints(rule: &str, path: &str, secrets: &[&str]) -> Vec<String> {
    let salt = fingerprint_salt(rule, path);
    let jobs: Vec<(&[u8], &[u8])> = secrets.iter().map(|s| (s.as_bytes(), &salt[..])).collect();
    pbkdf2_many(&jobs, ITERATIONS).iter().map(hex).collect()
}

/// The id of a credential: the same secret for the same host and user,
/// wherever it appears (any file, commit, branch or repository). Keyed the
/// same way as fingerprints, with the host and user as salt, so reports
/// from different scans can be merged without carrying the secret.
pub fn credential_id(host: &str, user: &str, secret: &str) -> String {
    credential_ids(&[(host, user, secret)]).remove(0)
}

/// [`credential_id`] of each (host, user, secret), derived together.
pub fn credential_ids(keys: &[(&str, &str, &str)]) -> Vec<String> {
    let salts: Vec<Vec<u8>> = keys.iter().map(|(h, u, _)| credential_salt(h, u)).collect();
    let jobs: Vec<(&[u8], &[u8])> = keys
        .iter()
        .zip(&salts)
        .map(|((_, _, s), salt)| (s.as_bytes(), &salt[..]))
        .collect();
    pbkdf2_many(&jobs, ITERATIONS).iter().map(hex).collect()
}

/// One slow hash to take: a finding's fingerprint (rule id, the path it is
/// keyed with, secret) or a credential's id (host, user, secret). Those of
/// many files and findings are best taken together (see [`derive`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Derivation {
    Fingerprint {
        rule: String,
        path: String,
        secret: String,
    },
    Credential {
        host: String,
        user: String,
        secret: String,
    },
}

/// The fingerprint or id of each of `jobs`, derived together: the same as
/// [`fingerprint`] and [`credential_id`] of each.
pub fn derive(jobs: &[Derivation]) -> Vec<String> {
    let salts: Vec<Vec<u8>> = jobs
        .iter()
        .map(|j| match j {
            Derivation::Fingerprint { rule, path, .. } => fingerprint_salt(rule, path),
            Derivation::Credential { host, user, .. } => credential_salt(host, user),
        })
        .collect();
    let pairs: Vec<(&[u8], &[u8])> =
        jobs.iter()
            .zip(&salts)
            .map(|(j, salt)| {
                let secret = match j {
                    Derivation::Fingerprint { secret, .. }
                    | Derivation::Credential { secret, .. } => secret,
                };
                (secret.as_bytes(), &salt[..])
            })
            .collect();
    pbkdf2_many(&pairs, ITERATIONS).iter().map(hex).collect()
}

/// How many derivations run side by side: their SHA-256 compressions are
/// independent, so the processor overlaps them (each one alone is a chain
/// of 8,192 compressions, every one waiting for the last).
const LANES: usize = 4;

type Block = GenericArray<u8, U64>;

const IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// How many derivations are best handed to [`pbkdf2_many`] at once: 16
/// where the processor runs them in one set of wide registers (see
/// [`wide`]), else [`LANES`].
pub fn batch_size() -> usize {
    if wide_available() {
        WIDE_LANES
    } else {
        LANES
    }
}

/// How many derivations [`wide`] runs at once.
const WIDE_LANES: usize = 16;

/// Whether many derivations taken together cost less than each alone: 16
/// lanes where the processor has AVX-512. Without them, batching across
/// files gains nothing (see `ScanOptions::defer_fingerprints`).
pub fn wide_lanes() -> bool {
    wide_available()
}

/// One derivation's starting point: the HMAC key's inner and outer states
/// and U1 = HMAC(salt || 1).
struct Start {
    inner: [u32; 8],
    outer: [u32; 8],
    u1: [u32; 8],
}

fn start(password: &[u8], salt: &[u8]) -> Start {
    let (inner, outer) = hmac_states(password);
    let mut msg = Vec::with_capacity(salt.len() + 4);
    msg.extend_from_slice(salt);
    msg.extend_from_slice(&1u32.to_be_bytes());
    let u1 = hash_from(outer, &be_bytes(&hash_from(inner, &msg)));
    Start { inner, outer, u1 }
}

fn first_half(t: &[u32; 8]) -> [u8; 16] {
    let mut first = [0u8; 16];
    first.copy_from_slice(&be_bytes(t)[..16]);
    first
}

/// PBKDF2-HMAC-SHA256 (RFC 8018) of each (password, salt), the first 16
/// bytes of its first block, `iterations` rounds.
///
/// Written over SHA-256 compression functions so that derivations advance
/// together: 16 at a time in 512-bit registers where the processor has
/// AVX-512 and there are enough of them to fill most lanes (see [`wide`];
/// 3.3 times the throughput of the SHA instructions, measured), else
/// [`LANES`] at a time over the `sha2` crate's compression, one of each in
/// turn. Unit tests check both against the `pbkdf2` crate.
pub fn pbkdf2_many(jobs: &[(&[u8], &[u8])], iterations: u32) -> Vec<[u8; 16]> {
    let starts: Vec<Start> = jobs.iter().map(|(p, s)| start(p, s)).collect();
    let mut out = Vec::with_capacity(jobs.len());
    let mut rest = &starts[..];
    if wide_available() {
        while rest.len() >= WIDE_MIN {
            let n = rest.len().min(WIDE_LANES);
            out.extend(wide_iterate(&rest[..n], iterations));
            rest = &rest[n..];
        }
    }
    for chunk in rest.chunks(LANES) {
        out.extend(narrow_iterate(chunk, iterations));
    }
    out
}

/// Below this many derivations a 16-lane pass (which costs the same however
/// many lanes are used) is slower than the SHA instructions one by one.
const WIDE_MIN: usize = 6;

/// U_j = HMAC(U_{j-1}) for up to [`LANES`] derivations in turn: one block
/// for the inner hash of 32 bytes after the key block, one for the outer.
fn narrow_iterate(chunk: &[Start], iterations: u32) -> Vec<[u8; 16]> {
    let n = chunk.len();
    let mut inner = [IV; LANES];
    let mut outer = [IV; LANES];
    let mut u = [[0u32; 8]; LANES];
    for (i, st) in chunk.iter().enumerate() {
        inner[i] = st.inner;
        outer[i] = st.outer;
        u[i] = st.u1;
    }
    let mut t = u;
    let mut blocks = [digest_block(); LANES];
    for _ in 1..iterations {
        let mut st = inner;
        for i in 0..n {
            put_words(&mut blocks[i], &u[i]);
            sha2::compress256(&mut st[i], std::slice::from_ref(&blocks[i]));
        }
        let mut st2 = outer;
        for i in 0..n {
            put_words(&mut blocks[i], &st[i]);
            sha2::compress256(&mut st2[i], std::slice::from_ref(&blocks[i]));
        }
        for i in 0..n {
            u[i] = st2[i];
            for (t, w) in t[i].iter_mut().zip(&u[i]) {
                *t ^= w;
            }
        }
    }
    t.iter().take(n).map(first_half).collect()
}

// The AVX-512 intrinsics are stable from Rust 1.89; an older compiler (the
// minimum supported is older) builds connleak without the wide lanes.

#[cfg(target_arch = "x86_64")]
#[rustversion::since(1.89)]
#[allow(clippy::incompatible_msrv)]
fn wide_available() -> bool {
    std::arch::is_x86_feature_detected!("avx512f")
}

#[cfg(target_arch = "x86_64")]
#[rustversion::before(1.89)]
fn wide_available() -> bool {
    false
}

#[cfg(not(target_arch = "x86_64"))]
fn wide_available() -> bool {
    false
}

/// Up to 16 derivations in the lanes of [`wide::iterate`]; unused lanes
/// repeat the first derivation and are dropped.
#[cfg(target_arch = "x86_64")]
#[rustversion::since(1.89)]
fn wide_iterate(chunk: &[Start], iterations: u32) -> Vec<[u8; 16]> {
    // what the `unsafe` call below relies on, checked here rather than
    // trusted to every caller
    assert!(wide_available() && !chunk.is_empty());
    let lane = |i: usize| chunk.get(i).unwrap_or(&chunk[0]);
    let inner: [[u32; 8]; WIDE_LANES] = std::array::from_fn(|i| lane(i).inner);
    let outer: [[u32; 8]; WIDE_LANES] = std::array::from_fn(|i| lane(i).outer);
    let u1: [[u32; 8]; WIDE_LANES] = std::array::from_fn(|i| lane(i).u1);
    // SAFETY: `wide::iterate` needs AVX-512F and nothing else (no pointers,
    // no memory beyond its arguments); `wide_available` just found the
    // processor has it (the assertion above).
    #[allow(unsafe_code)]
    let t = unsafe { wide::iterate(&inner, &outer, &u1, iterations) };
    t.iter().take(chunk.len()).map(first_half).collect()
}

#[cfg(target_arch = "x86_64")]
#[rustversion::before(1.89)]
fn wide_iterate(_: &[Start], _: u32) -> Vec<[u8; 16]> {
    unreachable!("wide_available() is false")
}

#[cfg(not(target_arch = "x86_64"))]
fn wide_iterate(_: &[Start], _: u32) -> Vec<[u8; 16]> {
    unreachable!("wide_available() is false")
}

/// SHA-256 and the PBKDF2 rounds for 16 derivations at once, one per 32-bit
/// lane of AVX-512 registers: register `a` holds the `a` word of all 16
/// states, and so on. The SHA instructions are faster for one derivation,
/// but their throughput is bounded (two or three of them side by side gain
/// nothing, measured), while these lanes all advance in the same
/// instructions: 16 derivations in about the time of 5.
#[cfg(target_arch = "x86_64")]
#[rustversion::since(1.89)]
#[allow(clippy::incompatible_msrv)]
mod wide {
    use super::WIDE_LANES as LANES;
    use std::arch::x86_64::*;

    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];

    /// One SHA-256 compression of 16 states (`state[i]`: word `i` of each)
    /// with 16 message blocks (`w[i]`: word `i` of each).
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn compress(state: &mut [__m512i; 8], w: &[__m512i; 16]) {
        let mut w = *w;
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
        for t in 0..64 {
            let wt = if t < 16 {
                w[t]
            } else {
                let w15 = w[(t + 1) % 16];
                let w2 = w[(t + 14) % 16];
                // 0x96: a ^ b ^ c
                let s0 = _mm512_ternarylogic_epi32::<0x96>(
                    _mm512_ror_epi32::<7>(w15),
                    _mm512_ror_epi32::<18>(w15),
                    _mm512_srli_epi32::<3>(w15),
                );
                let s1 = _mm512_ternarylogic_epi32::<0x96>(
                    _mm512_ror_epi32::<17>(w2),
                    _mm512_ror_epi32::<19>(w2),
                    _mm512_srli_epi32::<10>(w2),
                );
                let n = _mm512_add_epi32(
                    _mm512_add_epi32(w[t % 16], s0),
                    _mm512_add_epi32(w[(t + 9) % 16], s1),
                );
                w[t % 16] = n;
                n
            };
            let s1 = _mm512_ternarylogic_epi32::<0x96>(
                _mm512_ror_epi32::<6>(e),
                _mm512_ror_epi32::<11>(e),
                _mm512_ror_epi32::<25>(e),
            );
            // 0xCA: e ? f : g (choose)
            let ch = _mm512_ternarylogic_epi32::<0xCA>(e, f, g);
            let k = _mm512_set1_epi32(K[t] as i32);
            let t1 = _mm512_add_epi32(
                _mm512_add_epi32(_mm512_add_epi32(h, s1), _mm512_add_epi32(ch, k)),
                wt,
            );
            let s0 = _mm512_ternarylogic_epi32::<0x96>(
                _mm512_ror_epi32::<2>(a),
                _mm512_ror_epi32::<13>(a),
                _mm512_ror_epi32::<22>(a),
            );
            // 0xE8: majority of a, b, c
            let maj = _mm512_ternarylogic_epi32::<0xE8>(a, b, c);
            h = g;
            g = f;
            f = e;
            e = _mm512_add_epi32(d, t1);
            d = c;
            c = b;
            b = a;
            a = _mm512_add_epi32(t1, _mm512_add_epi32(s0, maj));
        }
        for (s, n) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *s = _mm512_add_epi32(*s, n);
        }
    }

    /// Word `i` of each lane's array, as one register.
    #[target_feature(enable = "avx512f")]
    fn column(v: &[[u32; 8]; LANES], i: usize) -> __m512i {
        let x: [i32; LANES] = std::array::from_fn(|l| v[l][i] as i32);
        _mm512_set_epi32(
            x[15], x[14], x[13], x[12], x[11], x[10], x[9], x[8], x[7], x[6], x[5], x[4], x[3],
            x[2], x[1], x[0],
        )
    }

    /// The 32-bit lanes of `v`, lowest first.
    #[target_feature(enable = "avx512f")]
    fn lanes(v: __m512i) -> [u32; LANES] {
        let q = [
            _mm512_extracti32x4_epi32::<0>(v),
            _mm512_extracti32x4_epi32::<1>(v),
            _mm512_extracti32x4_epi32::<2>(v),
            _mm512_extracti32x4_epi32::<3>(v),
        ];
        std::array::from_fn(|l| {
            let x = q[l / 4];
            (match l % 4 {
                0 => _mm_extract_epi32::<0>(x),
                1 => _mm_extract_epi32::<1>(x),
                2 => _mm_extract_epi32::<2>(x),
                _ => _mm_extract_epi32::<3>(x),
            }) as u32
        })
    }

    /// T = U1 ^ U2 ^ .. ^ U_iterations for 16 derivations, from their HMAC
    /// inner and outer states and U1: each U_j = HMAC(U_{j-1}) is one
    /// compression from the inner state of the block (U_{j-1}, padding for
    /// 96 bytes), then one from the outer state of (that digest, padding).
    #[target_feature(enable = "avx512f")]
    pub fn iterate(
        inner: &[[u32; 8]; LANES],
        outer: &[[u32; 8]; LANES],
        u1: &[[u32; 8]; LANES],
        iterations: u32,
    ) -> [[u32; 8]; LANES] {
        let is: [__m512i; 8] = std::array::from_fn(|i| column(inner, i));
        let os: [__m512i; 8] = std::array::from_fn(|i| column(outer, i));
        let mut u: [__m512i; 8] = std::array::from_fn(|i| column(u1, i));
        let mut t = u;
        let mut w = [_mm512_setzero_si512(); 16];
        w[8] = _mm512_set1_epi32(0x8000_0000u32 as i32);
        w[15] = _mm512_set1_epi32(768);
        for _ in 1..iterations {
            w[..8].copy_from_slice(&u);
            let mut st = is;
            compress(&mut st, &w);
            w[..8].copy_from_slice(&st);
            let mut st2 = os;
            compress(&mut st2, &w);
            u = st2;
            for (t, u) in t.iter_mut().zip(&u) {
                *t = _mm512_xor_si512(*t, *u);
            }
        }
        let cols: [[u32; LANES]; 8] = std::array::from_fn(|i| lanes(t[i]));
        std::array::from_fn(|l| std::array::from_fn(|i| cols[i][l]))
    }
}

/// The inner and outer states of HMAC-SHA256 keyed with `key`, after its
/// one key block.
fn hmac_states(key: &[u8]) -> ([u32; 8], [u32; 8]) {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut ipad = Block::default();
    let mut opad = Block::default();
    for i in 0..64 {
        ipad[i] = k[i] ^ 0x36;
        opad[i] = k[i] ^ 0x5c;
    }
    let (mut is, mut os) = (IV, IV);
    sha2::compress256(&mut is, &[ipad]);
    sha2::compress256(&mut os, &[opad]);
    (is, os)
}

/// SHA-256 of (one 64-byte block already in `state`) || `data`.
fn hash_from(mut state: [u32; 8], data: &[u8]) -> [u32; 8] {
    let total_bits = ((64 + data.len()) as u64) * 8;
    let mut padded = data.to_vec();
    padded.push(0x80);
    while padded.len() % 64 != 56 {
        padded.push(0);
    }
    padded.extend_from_slice(&total_bits.to_be_bytes());
    let blocks: Vec<Block> = padded
        .chunks_exact(64)
        .map(Block::clone_from_slice)
        .collect();
    sha2::compress256(&mut state, &blocks);
    state
}

/// The block of a 32-byte message after a 64-byte key block: the message,
/// 0x80, zeros, and the length, 768 bits.
fn digest_block() -> Block {
    let mut b = Block::default();
    b[32] = 0x80;
    b[62] = 0x03;
    b
}

fn put_words(block: &mut Block, words: &[u32; 8]) {
    for (dst, w) in block.chunks_exact_mut(4).zip(words) {
        dst.copy_from_slice(&w.to_be_bytes());
    }
}

fn be_bytes(words: &[u32; 8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (dst, w) in out.chunks_exact_mut(4).zip(words) {
        dst.copy_from_slice(&w.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_sensitive_to_each_input() {
        let a = fingerprint("db-uri", "app/.env", "Xk9#vLq2");
        assert_eq!(a.len(), 32);
        assert_eq!(a, fingerprint("db-uri", "app/.env", "Xk9#vLq2"));
        assert_eq!(a, fingerprint("db-uri", "app\\.env", "Xk9#vLq2"));
        assert_ne!(a, fingerprint("db-uri", "app/.env", "Xk9#vLq3"));
        assert_ne!(a, fingerprint("jdbc-url", "app/.env", "Xk9#vLq2"));
        assert_ne!(a, fingerprint("db-uri", "other/.env", "Xk9#vLq2"));
        // a known answer, computed independently (Python's hashlib.pbkdf2_hmac
        // with the same salt layout), so the fingerprint never drifts silently
        assert_eq!(
            fingerprint("r", "p", "s"),
            "8d1afb9440d1e8527226eece87d1b0b1"
        );
    }

    /// The derivations side by side give what the `pbkdf2` crate gives for
    /// each alone: passwords of every length around the key block (hashed
    /// when longer than 64 bytes), empty and non-ASCII ones, salts of every
    /// length around the block padding, batches of every size.
    #[test]
    fn side_by_side_derivation_is_pbkdf2() {
        let mut passwords: Vec<Vec<u8>> = (0..=130usize)
            .step_by(13)
            .chain([55, 56, 63, 64, 65])
            .map(|n| (0..n).map(|i| (i * 7 + n) as u8).collect())
            .collect();
        passwords.push("pässwörd-\u{1F600}".as_bytes().to_vec());
        let salts: Vec<Vec<u8>> = [0usize, 1, 51, 52, 55, 56, 64, 119, 200]
            .iter()
            .map(|&n| (0..n).map(|i| (i * 3) as u8).collect())
            .collect();
        let mut jobs: Vec<(&[u8], &[u8])> = Vec::new();
        for (i, p) in passwords.iter().enumerate() {
            jobs.push((p, &salts[i % salts.len()]));
        }
        for iterations in [1, 2, 3, 50] {
            let want: Vec<[u8; 16]> = jobs
                .iter()
                .map(|(p, s)| {
                    let mut out = [0u8; 16];
                    pbkdf2::pbkdf2_hmac::<Sha256>(p, s, iterations, &mut out);
                    out
                })
                .collect();
            // every batch size: one by one, four side by side, 16 lanes
            // (from 6 where the processor has them), 16 lanes then the rest
            for n in 1..=jobs.len() {
                assert_eq!(
                    pbkdf2_many(&jobs[..n], iterations),
                    want[..n],
                    "{iterations} {n}"
                );
            }
            assert_eq!(pbkdf2_many(&jobs, iterations), want);
        }
        // more than 16, and the 16-lane pass itself with every number of
        // lanes in use, where the processor has it
        let many: Vec<(&[u8], &[u8])> = jobs.iter().chain(&jobs).copied().collect();
        assert!(many.len() > 2 * 16);
        let want: Vec<[u8; 16]> = many
            .iter()
            .map(|(p, s)| {
                let mut out = [0u8; 16];
                pbkdf2::pbkdf2_hmac::<Sha256>(p, s, 7, &mut out);
                out
            })
            .collect();
        assert_eq!(pbkdf2_many(&many, 7), want);
        if wide_available() {
            let starts: Vec<Start> = many.iter().map(|(p, s)| start(p, s)).collect();
            for n in 1..=16 {
                assert_eq!(wide_iterate(&starts[..n], 7), want[..n], "{n} lanes");
            }
        } else {
            eprintln!("no AVX-512 here: the 16-lane derivation is not tested");
        }
        // the batch entry points agree with the single ones
        let secrets = ["a", "Xk9#vLq2", "", "pässwörd"];
        let fps = fingerprints("db-uri", "app/.env", &secrets);
        for (s, f) in secrets.iter().zip(&fps) {
            let mut out = [0u8; 16];
            pbkdf2::pbkdf2_hmac::<Sha256>(
                s.as_bytes(),
                &fingerprint_salt("db-uri", "app/.env"),
                ITERATIONS,
                &mut out,
            );
            assert_eq!(*f, hex(&out));
        }
        let keys = [("h", "u", "s"), ("H", "U", "s"), ("x", "", "p")];
        let ids = credential_ids(&keys);
        assert_eq!(ids[0], ids[1], "host and user are case-insensitive");
        for (k, id) in keys.iter().zip(&ids) {
            assert_eq!(*id, credential_id(k.0, k.1, k.2));
        }
        // and mixed, in any number: each as it is alone
        let mut jobs = Vec::new();
        let mut want = Vec::new();
        for i in 0..40 {
            let secret = format!("s{}", i % 7);
            if i % 3 == 0 {
                want.push(credential_id("H", &format!("u{i}"), &secret));
                jobs.push(Derivation::Credential {
                    host: "H".into(),
                    user: format!("u{i}"),
                    secret,
                });
            } else {
                want.push(fingerprint("r", &format!("p{i}"), &secret));
                jobs.push(Derivation::Fingerprint {
                    rule: "r".into(),
                    path: format!("p{i}"),
                    secret,
                });
            }
        }
        assert_eq!(derive(&jobs), want);
    }
}

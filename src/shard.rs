//! `--shard K/N`: a deterministic slice of the inputs, so N machines can split thousands of
//! repositories with no coordinator. An input belongs to shard `stable_hash(key) % N + 1`; the
//! key is a file's path relative to the root it was found under, or (with `--paths-from`) a
//! repository's folder name, so machines that check out into different folders agree.

use std::fmt;

/// Shard K of N (1-based K).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Parses `K/N`; the error names what is wrong.
    pub fn parse(s: &str) -> Result<Shard, String> {
        let Some((k, n)) = s.split_once('/') else {
            return Err("expected K/N, the K-th of N shards (for example 2/4)".into());
        };
        let number = |part: &str, what: &str| {
            part.trim().parse::<u64>().map_err(|_| {
                format!("{what} `{part}` is not a whole number; expected K/N (for example 2/4)")
            })
        };
        let (index, count) = (number(k, "K")?, number(n, "N")?);
        if count == 0 {
            return Err("N must be at least 1 (there is no shard of 0)".into());
        }
        if index == 0 {
            return Err(format!(
                "shards are numbered from 1: K must be 1 to {count}"
            ));
        }
        if index > count {
            return Err(format!(
                "there is no shard {index} of {count}: K must be 1 to {count}"
            ));
        }
        Ok(Shard { index, count })
    }

    /// Whether the input with this key belongs to this shard.
    pub fn contains(&self, key: &str) -> bool {
        stable_hash(key.as_bytes()) % self.count == self.index - 1
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// FNV-1a (64 bit) followed by MurmurHash3's 64-bit finaliser, which spreads FNV's weak low bits
/// so `% N` is even. Fixed forever: the same key lands in the same shard on every machine and
/// every version (unlike std's randomly seeded hasher).
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_k_of_n_and_names_each_problem() {
        assert_eq!(Shard::parse("2/3"), Ok(Shard { index: 2, count: 3 }));
        assert_eq!(Shard::parse("1/1"), Ok(Shard { index: 1, count: 1 }));
        let err = |s: &str| Shard::parse(s).unwrap_err();
        assert!(
            err("3/2").contains("there is no shard 3 of 2"),
            "{}",
            err("3/2")
        );
        assert!(err("0/2").contains("numbered from 1"));
        assert!(err("1/0").contains("N must be at least 1"));
        assert!(err("abc").contains("expected K/N"));
        assert!(err("a/2").contains("K `a` is not a whole number"));
        assert!(err("1/-2").contains("N `-2` is not a whole number"));
    }

    #[test]
    fn the_hash_is_fixed() {
        // FNV-1a of "" and "a" are the published values; the finaliser is MurmurHash3's fmix64.
        let fmix = |mut h: u64| {
            h ^= h >> 33;
            h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
            h ^= h >> 33;
            h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
            h ^ (h >> 33)
        };
        assert_eq!(stable_hash(b""), fmix(0xcbf2_9ce4_8422_2325));
        assert_eq!(stable_hash(b"a"), fmix(0xaf63_dc4c_8601_ec8c));
    }

    #[test]
    fn every_key_is_in_exactly_one_shard_and_shards_are_balanced() {
        let keys: Vec<String> = (0..3000).map(|i| format!("src/stack{i}.ts")).collect();
        for n in 1..=5u64 {
            let mut sizes = vec![0usize; n as usize];
            for key in &keys {
                let owners: Vec<u64> = (1..=n)
                    .filter(|&k| Shard { index: k, count: n }.contains(key))
                    .collect();
                assert_eq!(owners.len(), 1, "{key} in shards {owners:?} of {n}");
                sizes[owners[0] as usize - 1] += 1;
            }
            let even = keys.len() / n as usize;
            assert!(
                sizes.iter().all(|&s| s.abs_diff(even) < even / 5 + 1),
                "unbalanced for N={n}: {sizes:?}"
            );
        }
    }
}

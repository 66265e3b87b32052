//! Work limits a caller sets per request, below the library's own caps: total key-derivation
//! work, the memory of one key derivation, and certificate signature verifications. A server
//! that inspects or validates what strangers send (the project's Worker) sets them; each is
//! checked on what the input asks for before any of that work starts, and refused with
//! `WORK_LIMIT_EXCEEDED`.
//!
//! Units. Key-derivation work: one unit is one PBKDF2 iteration (any PRF: HMAC-SHA-512 was
//! measured 1.2 times HMAC-SHA-256 in wasm), and scrypt counts one unit per 128 bytes it
//! mixes (`N·r·p`: its `128·N·r·p` bytes / 128; N=16384, r=8, p=1 measured 66 ms in wasm,
//! about as long as its 131,072 units of PBKDF2). Memory: scrypt's `128·N·r` bytes (PBKDF2
//! needs none to speak of); derivations run one after another, so the largest one counts.

use crate::error::{Error, Result};

/// Per-request limits; `None`: only the library's own caps apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// Key-derivation work of all the keys a request decrypts, in units (module docs).
    pub kdf_work: Option<u64>,
    /// Memory of one key derivation, in bytes.
    pub kdf_memory: Option<u64>,
    /// Certificate signature verifications (self-signed checks and chain links).
    pub signatures: Option<u64>,
}

/// What deriving one key costs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KdfCost {
    pub work: u64,
    pub memory: u64,
}

impl Limits {
    /// No limits beyond the library's own.
    pub const NONE: Limits = Limits { kdf_work: None, kdf_memory: None, signatures: None };

    /// Refuse key derivations that need more than the limits, summed over `costs`.
    ///
    /// # Errors
    /// [`Error::WorkLimit`] naming the limit.
    pub fn check_kdf(&self, costs: impl IntoIterator<Item = KdfCost>) -> Result<()> {
        let (mut work, mut memory) = (0u64, 0u64);
        for c in costs {
            work = work.saturating_add(c.work);
            memory = memory.max(c.memory);
        }
        over("bytes of key-derivation memory", memory, self.kdf_memory)?;
        over("key-derivation work units", work, self.kdf_work)
    }

    /// Refuse more than the limit of signature verifications.
    ///
    /// # Errors
    /// [`Error::WorkLimit`].
    pub fn check_signatures(&self, needed: u64) -> Result<()> {
        over("signature verifications", needed, self.signatures)
    }
}

fn over(what: &'static str, needed: u64, limit: Option<u64>) -> Result<()> {
    match limit {
        Some(limit) if needed > limit => Err(Error::WorkLimit { what, needed, limit }),
        _ => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sums_work_and_takes_the_largest_memory() {
        let l = Limits { kdf_work: Some(10), kdf_memory: Some(100), signatures: Some(2) };
        let c = |work, memory| KdfCost { work, memory };
        assert!(l.check_kdf([c(5, 100), c(5, 50)]).is_ok());
        let e = l.check_kdf([c(6, 0), c(5, 0)]).unwrap_err();
        assert_eq!(e.code(), "WORK_LIMIT_EXCEEDED");
        assert_eq!(e.to_string(), "this request needs 11 key-derivation work units, more than the 10 allowed here");
        assert!(l.check_kdf([c(1, 101)]).is_err());
        assert!(l.check_kdf([c(u64::MAX, 0), c(u64::MAX, 0)]).is_err());
        assert!(l.check_signatures(2).is_ok());
        assert!(l.check_signatures(3).is_err());
        assert!(Limits::NONE.check_kdf([c(u64::MAX, u64::MAX)]).is_ok());
        assert!(Limits::NONE.check_signatures(u64::MAX).is_ok());
    }
}

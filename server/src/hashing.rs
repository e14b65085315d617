//! argon2id for everything a person chose: passwords and recovery answers.

use crate::settings::HashCost;
use crate::support::random_bytes;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::atomic::{AtomicU64, Ordering};

pub struct Hasher {
    argon2: Argon2<'static>,
    cost: HashCost,
    /// A hash of nothing in particular, verified against when there is no account, so an
    /// unknown username takes as long to refuse as a wrong password.
    dummy: String,
    /// Verifications so far, real or not: tests compare the work done for an unknown name
    /// with the work done for a real account.
    verifications: AtomicU64,
}

impl Hasher {
    pub fn new(cost: HashCost) -> Result<Hasher, String> {
        let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)
            .map_err(|e| format!("argon2 parameters {cost:?}: {e}"))?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut hasher = Hasher { argon2, cost, dummy: String::new(), verifications: AtomicU64::new(0) };
        hasher.dummy = hasher.hash(&crate::support::token());
        Ok(hasher)
    }

    /// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) with a fresh 16-byte salt.
    pub fn hash(&self, secret: &str) -> String {
        let salt = SaltString::encode_b64(&random_bytes::<16>()).expect("16 bytes is a valid salt");
        self.argon2.hash_password(secret.as_bytes(), &salt).expect("argon2 hashes any input").to_string()
    }

    /// Whether `secret` matches `phc` (with the cost recorded in `phc`). The comparison
    /// inside argon2 is constant-time.
    pub fn verify(&self, secret: &str, phc: &str) -> bool {
        self.verifications.fetch_add(1, Ordering::Relaxed);
        match PasswordHash::new(phc) {
            Ok(parsed) => self.argon2.verify_password(secret.as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        }
    }

    /// Spends the time of one verification and says no.
    pub fn verify_nothing(&self, secret: &str) -> bool {
        let _ = self.verify(secret, &self.dummy);
        false
    }

    /// How many verifications ([`Hasher::verify`], [`Hasher::verify_nothing`]) were made.
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
    }

    /// Whether `phc` was made with another cost than the current one (so it is re-hashed at
    /// the next correct sign-in).
    pub fn outdated(&self, phc: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(phc) else { return true };
        match Params::try_from(&parsed) {
            Ok(p) => {
                parsed.algorithm.as_str() != "argon2id"
                    || (p.m_cost(), p.t_cost(), p.p_cost()) != (self.cost.memory_kib, self.cost.iterations, self.cost.parallelism)
            }
            Err(_) => true,
        }
    }
}

//! Minting exports, in two steps so that every option (and the CA, its passphrase, its
//! expiry) is checked before a key is made: `prepareCA` / `prepareClient` / `prepareRequest`
//! check and return a [`MintJob`] (holding the decrypted CA key, wiped when the job is freed);
//! its `rsaBits` says whether the JS entry must supply an RSA key (WebCrypto, measured much
//! faster than `rsa`'s generator in wasm: README "Minting"); `finish(key?)` mints. Randomness:
//! getrandom (`crypto.getRandomValues`), never a seeded or time-based generator.

use super::{js_error, set, OwnedInput};
use crate::mint::{self, CaOptions, ClientOptions, Issuer, KeyType, NewKey, RequestOptions};
use getrandom::rand_core::{TryRng, UnwrapErr};
use getrandom::SysRng;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// What a job mints.
enum Job {
    Ca { common_name: String, organization: Option<String>, days: u32, now: i64 },
    Client { issuer: Box<Issuer>, common_name: String, days: u32, dns_names: Vec<String>, now: i64 },
    Request { common_name: String, dns_names: Vec<String> },
}

/// A checked minting job (see the module docs).
#[wasm_bindgen]
pub struct MintJob {
    job: Job,
    key_type: KeyType,
}

/// `validityDays`: absent is `default`; otherwise a whole number of days, at least 1.
fn days(value: Option<f64>, default: u32) -> Result<u32, JsValue> {
    match value {
        None => Ok(default),
        Some(d) if d.is_finite() && d.fract() == 0.0 && d >= 1.0 && d <= f64::from(u32::MAX) => Ok(d as u32),
        Some(_) => Err(js_error("INVALID_ARGUMENT", "invalid argument: validityDays must be a whole number of days, at least 1")),
    }
}

fn key_type(value: Option<String>) -> Result<KeyType, JsValue> {
    Ok(value.as_deref().map(KeyType::parse).transpose()?.unwrap_or(KeyType::P256))
}

/// `now` in epoch milliseconds as whole Unix seconds.
fn seconds(now_ms: f64) -> Result<i64, JsValue> {
    if !now_ms.is_finite() {
        return Err(js_error("INVALID_ARGUMENT", "invalid argument: now must be a valid time"));
    }
    Ok((now_ms / 1000.0).floor() as i64)
}

/// `createCA`'s first step.
#[wasm_bindgen(js_name = prepareCA)]
pub fn prepare_ca(
    common_name: String,
    organization: Option<String>,
    validity_days: Option<f64>,
    key_type_name: Option<String>,
    now_ms: f64,
) -> Result<MintJob, JsValue> {
    let key_type = key_type(key_type_name)?;
    let days = days(validity_days, mint::options::DEFAULT_CA_DAYS)?;
    let now = seconds(now_ms)?;
    CaOptions { common_name: &common_name, organization: organization.as_deref(), validity_days: days, key_type, now }.check()?;
    Ok(MintJob { job: Job::Ca { common_name, organization, days, now }, key_type })
}

/// `issueClientCertificate`'s first step: the CA read and checked (is a CA, its key, its
/// passphrase), then the options against it.
#[wasm_bindgen(js_name = prepareClient)]
#[allow(clippy::too_many_arguments)]
pub fn prepare_client(
    ca_certificate: JsValue,
    ca_key: JsValue,
    passphrase: Option<String>,
    common_name: String,
    validity_days: Option<f64>,
    key_type_name: Option<String>,
    dns_names: Vec<String>,
    now_ms: f64,
) -> Result<MintJob, JsValue> {
    let passphrase = passphrase.map(Zeroizing::new);
    let key_type = key_type(key_type_name)?;
    let days = days(validity_days, mint::options::DEFAULT_CLIENT_DAYS)?;
    let now = seconds(now_ms)?;
    let certificate = OwnedInput::from_js(&ca_certificate, "ca.certificate")?;
    let key = OwnedInput::from_js(&ca_key, "ca.privateKey")?;
    let issuer = Issuer::read(certificate.input(), key.input(), passphrase.as_deref().map(String::as_str));
    drop(key);
    crate::key::scrub_stack();
    let issuer = issuer?;
    let opts = ClientOptions { common_name: &common_name, validity_days: days, key_type, dns_names: &dns_names, now };
    opts.check(&issuer)?;
    Ok(MintJob { job: Job::Client { issuer: Box::new(issuer), common_name, days, dns_names, now }, key_type })
}

/// `createCertificateRequest`'s first step.
#[wasm_bindgen(js_name = prepareRequest)]
pub fn prepare_request(common_name: String, key_type_name: Option<String>, dns_names: Vec<String>) -> Result<MintJob, JsValue> {
    let key_type = key_type(key_type_name)?;
    RequestOptions { common_name: &common_name, key_type, dns_names: &dns_names }.check()?;
    Ok(MintJob { job: Job::Request { common_name, dns_names }, key_type })
}

/// getrandom's `crypto.getRandomValues`, tried once first so that a runtime without it is a
/// coded error, not a panic inside a generator.
fn rng() -> Result<UnwrapErr<SysRng>, JsValue> {
    let mut probe = [0u8; 16];
    SysRng
        .try_fill_bytes(&mut probe)
        .map_err(|e| js_error("INTERNAL", &format!("internal error: no secure random numbers (crypto.getRandomValues): {e}")))?;
    Ok(UnwrapErr(SysRng))
}

#[wasm_bindgen]
impl MintJob {
    /// The size of the RSA key the JS entry must supply to `finish` (WebCrypto), 0 when the
    /// key is made here (EC keys; RSA too in a build with `rsa-keygen`).
    #[wasm_bindgen(getter, js_name = rsaBits)]
    pub fn rsa_bits(&self) -> u32 {
        if cfg!(feature = "rsa-keygen") {
            return 0;
        }
        self.key_type.rsa_bits().unwrap_or(0)
    }

    /// Mint, with `key` (an unencrypted PKCS#8 key of the job's key type, copied in and wiped
    /// here; the caller wipes its own) or a key made here. `{ certificate, privateKey, chain }`
    /// or `{ csr, privateKey }`.
    pub fn finish(&self, key: Option<js_sys::Uint8Array>) -> Result<JsValue, JsValue> {
        let supplied = key.map(|k| Zeroizing::new(k.to_vec()));
        let source = supplied.as_deref().map_or(NewKey::Generate, |k| NewKey::Pkcs8(k));
        let result = self.mint(source);
        drop(supplied);
        crate::key::scrub_stack();
        result
    }
}

impl MintJob {
    fn mint(&self, source: NewKey<'_>) -> Result<JsValue, JsValue> {
        let mut rng = rng()?;
        let out = js_sys::Object::new();
        let put = |name: &str, value: &str| set(&out, &JsValue::from_str(name), &JsValue::from_str(value));
        match &self.job {
            Job::Ca { common_name, organization, days, now } => {
                let opts = CaOptions { common_name, organization: organization.as_deref(), validity_days: *days, key_type: self.key_type, now: *now };
                let minted = mint::create_ca(&opts, source, &mut rng).map_err(JsValue::from)?;
                put("certificate", &minted.certificate);
                put("privateKey", &minted.private_key);
            }
            Job::Client { issuer, common_name, days, dns_names, now } => {
                let opts = ClientOptions { common_name, validity_days: *days, key_type: self.key_type, dns_names, now: *now };
                let minted = mint::issue_client_certificate(issuer, &opts, source, &mut rng).map_err(JsValue::from)?;
                put("certificate", &minted.certificate);
                put("privateKey", &minted.private_key);
                put("chain", &minted.chain);
            }
            Job::Request { common_name, dns_names } => {
                let opts = RequestOptions { common_name, key_type: self.key_type, dns_names };
                let minted = mint::create_certificate_request(&opts, source, &mut rng).map_err(JsValue::from)?;
                put("csr", &minted.csr);
                put("privateKey", &minted.private_key);
            }
        }
        Ok(out.into())
    }
}

/// bench/mint.mjs: one key of `keyType` generated by the Rust crates in wasm (`rsa`'s
/// generator for RSA); its PKCS#8 length. Only in a build with `rsa-keygen`.
#[cfg(feature = "rsa-keygen")]
#[wasm_bindgen(js_name = benchGenerateKey)]
pub fn bench_generate_key(key_type_name: String) -> Result<u32, JsValue> {
    let key_type = KeyType::parse(&key_type_name)?;
    let key = mint::keygen::new_key(key_type, NewKey::Generate, &mut rng()?)?;
    Ok(u32::try_from(key.der().len()).unwrap_or(0))
}

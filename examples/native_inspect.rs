//! Native timing of the inspection core on a PEM bundle (a profiling aid for `npm run bench`):
//! `cargo run --release --example native_inspect -- bundle.pem` (`ROUNDS=n` sets the rounds;
//! the fastest and the median round are printed).
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: native_inspect <bundle.pem>");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(15).max(1);
    let chunks: Vec<&str> = text.split_inclusive("-----END CERTIFICATE-----").collect();
    let bundles: Vec<String> = chunks.chunks(250).map(|c| c.concat()).collect();
    let mut times = Vec::with_capacity(rounds);
    let (mut n, mut bytes) = (0, 0);
    // `DECODE_ONLY=1`: skip the inspection rounds (for profiling the decoder).
    let inspect_rounds = if std::env::var_os("DECODE_ONLY").is_some() { 1 } else { rounds };
    for _ in 0..inspect_rounds {
        let t0 = std::time::Instant::now();
        (n, bytes) = (0, 0);
        for b in &bundles {
            match originpull::inspect_certificates(originpull::Input::Text(b)) {
                Ok(certs) => {
                    n += certs.len();
                    bytes += serde_json::to_string(&certs).map(|s| s.len()).unwrap_or(0);
                }
                Err(e) => eprintln!("error: {e}"),
            }
        }
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    let (fastest, median) = summary(&mut times);
    println!("inspect: {n} certificates, {bytes} bytes of JSON: fastest {fastest:.2} ms, median {median:.2} ms ({inspect_rounds} rounds)");
}

/// (fastest, median) of the rounds' times.
fn summary(times: &mut [f64]) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    (times.first().copied().unwrap_or_default(), times.get(times.len() / 2).copied().unwrap_or_default())
}

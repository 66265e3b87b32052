//! Native timing of the inspection core on a PEM bundle (a profiling aid for `npm run bench`):
//! `cargo run --release --example native_inspect -- bundle.pem`.
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
    let chunks: Vec<&str> = text.split_inclusive("-----END CERTIFICATE-----").collect();
    let bundles: Vec<String> = chunks.chunks(250).map(|c| c.concat()).collect();
    for _ in 0..3 {
        let t0 = std::time::Instant::now();
        let mut n = 0;
        let mut bytes = 0;
        for b in &bundles {
            match originpull::inspect_certificates(originpull::Input::Text(b)) {
                Ok(certs) => {
                    n += certs.len();
                    bytes += serde_json::to_string(&certs).map(|s| s.len()).unwrap_or(0);
                }
                Err(e) => eprintln!("error: {e}"),
            }
        }
        println!("{n} certificates, {bytes} bytes of JSON, {:.1} ms", t0.elapsed().as_secs_f64() * 1000.0);
    }
}

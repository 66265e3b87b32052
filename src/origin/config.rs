//! `originConfig`: the text that makes an origin server require and verify the client
//! certificate Cloudflare presents, for nginx, Apache, Caddy, HAProxy and Envoy: the CA file,
//! the directives and where each goes, Cloudflare's side, how to check and reload, and the
//! test to run afterwards.
//!
//! Hand-written text: no crate renders these configuration languages. The syntax follows each
//! server's reference: nginx `ngx_http_ssl_module` (`ssl_client_certificate`,
//! `ssl_verify_client on`, `ssl_verify_depth`); Apache `mod_ssl` (`SSLCACertificateFile`,
//! `SSLVerifyClient require`, `SSLVerifyDepth`); Caddy 2.8+ `tls { client_auth { mode
//! require_and_verify; trust_pool file ... } }` (`trusted_ca_cert_file` before 2.8, deprecated
//! since: caddytls/connpolicy.go); HAProxy `bind ... ssl crt ... ca-file ... verify required`;
//! Envoy v3 `DownstreamTlsContext` (`require_client_certificate`,
//! `common_tls_context.validation_context.trusted_ca`). The tests run nginx with its snippet;
//! the others are checked structurally (tests/node/origin-config.test.mjs).
//!
//! Nothing the caller gives can change the configuration around it: `caPath` is limited to
//! characters that mean nothing special in any of the five languages (no quote, whitespace,
//! `;`, `{`, `}`, `#`, `$` or backslash), and hostnames are checked and normalised as the API's
//! are ([`Hostname`]: lowercase ASCII, punycode).

use crate::api::idna;
#[cfg(doc)]
use crate::api::Hostname;
use crate::error::{Error, Result};

/// The origin servers [`origin_config`] writes for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Server {
    Nginx,
    Apache,
    Caddy,
    Haproxy,
    Envoy,
}

/// The most hostnames one call takes (work per call bounded before it starts).
pub const MAX_HOSTNAMES: usize = 100;
/// The longest `caPath`, in bytes.
pub const MAX_CA_PATH: usize = 1024;

fn invalid(detail: String) -> Error {
    Error::InvalidArgument { detail }
}

impl Server {
    /// Every server, in the order the error message lists them.
    pub const ALL: [Server; 5] = [Self::Nginx, Self::Apache, Self::Caddy, Self::Haproxy, Self::Envoy];

    /// The name callers pass: `nginx`, `apache`, `caddy`, `haproxy`, `envoy`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Nginx => "nginx",
            Self::Apache => "apache",
            Self::Caddy => "caddy",
            Self::Haproxy => "haproxy",
            Self::Envoy => "envoy",
        }
    }

    /// Parse a server name (exact, lowercase).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `server` and listing the servers.
    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| invalid("server must be one of nginx, apache, caddy, haproxy, envoy".into()))
    }

    /// Where the CA file goes when the caller does not say: beside the server's configuration.
    pub fn default_ca_path(self) -> &'static str {
        match self {
            Self::Nginx => "/etc/nginx/origin-pull-ca.pem",
            Self::Apache => "/etc/apache2/ssl/origin-pull-ca.pem",
            Self::Caddy => "/etc/caddy/origin-pull-ca.pem",
            Self::Haproxy => "/etc/haproxy/origin-pull-ca.pem",
            Self::Envoy => "/etc/envoy/origin-pull-ca.pem",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::Nginx => "nginx",
            Self::Apache => "Apache",
            Self::Caddy => "Caddy",
            Self::Haproxy => "HAProxy",
            Self::Envoy => "Envoy",
        }
    }
}

/// `caPath` as it will be written: 1 to [`MAX_CA_PATH`] bytes of ASCII letters, digits and
/// `/ . _ - + @ : , = ~`, starting with `/`, `.`, `~`, a letter or a digit, and not ending
/// with `/`. The message names the first character refused (when printable), never the path
/// (it could be something secret pasted into the wrong field).
fn check_ca_path(path: &str) -> Result<&str> {
    if path.is_empty() {
        return Err(invalid("caPath is empty; leave it out for the default".into()));
    }
    if path.len() > MAX_CA_PATH {
        return Err(invalid(format!("caPath is longer than {MAX_CA_PATH} bytes")));
    }
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"/._-+@:,=~".contains(&b);
    if let Some((i, &b)) = path.as_bytes().iter().enumerate().find(|&(_, &b)| !allowed(b)) {
        let which = if b.is_ascii_graphic() { format!("'{}'", char::from(b)) } else { "a character".into() };
        return Err(invalid(format!(
            "caPath may hold only ASCII letters, digits and / . _ - + @ : , = ~ (found {which} at byte {i}): \
             quotes, whitespace, line breaks, ; {{ }} # $ and backslashes would change the configuration around it"
        )));
    }
    if path.starts_with(|c: char| "_-+@:,=".contains(c)) {
        return Err(invalid("caPath must start with /, ., ~, a letter or a digit".into()));
    }
    if path.ends_with('/') {
        return Err(invalid("caPath names a folder; give the CA certificate file's path".into()));
    }
    Ok(path)
}

/// Hostnames checked and normalised as the API's are ([`Hostname::parse_named`]'s rules:
/// lowercase ASCII, punycode), duplicates (after normalisation) dropped.
fn check_hostnames<S: AsRef<str>>(hostnames: &[S]) -> Result<Vec<String>> {
    if hostnames.len() > MAX_HOSTNAMES {
        return Err(invalid(format!("hostnames holds {} names, more than {MAX_HOSTNAMES}", hostnames.len())));
    }
    let mut out: Vec<String> = Vec::with_capacity(hostnames.len());
    for (i, h) in hostnames.iter().enumerate() {
        // Hostname::parse_named without building its name for every valid hostname.
        let h = idna::hostname_to_ascii(h.as_ref()).map_err(|why| invalid(format!("hostnames[{i}] {why}")))?;
        if !out.contains(&h) {
            out.push(h);
        }
    }
    Ok(out)
}

/// The configuration text for `server` (`nginx`, `apache`, `caddy`, `haproxy`, `envoy`):
/// verification required, the CA file at `ca_path` (default: [`Server::default_ca_path`]),
/// where each piece goes (for `hostnames`, when given), Cloudflare's side, how to check and
/// reload, and the test to run afterwards. Lines starting with `#` are comments in all five
/// languages, so the whole text can be pasted.
///
/// # Errors
/// [`Error::InvalidArgument`] for an unknown server, a `ca_path` that is empty, too long, or
/// holds a character that could change the configuration around it (quotes, whitespace,
/// line breaks, `;`, braces, `#`, `$`, backslash), more than [`MAX_HOSTNAMES`] hostnames, or a
/// hostname the API would refuse (its index named).
pub fn origin_config<S: AsRef<str>>(server: &str, ca_path: Option<&str>, hostnames: &[S]) -> Result<String> {
    let server = Server::parse(server)?;
    let ca = match ca_path {
        Some(p) => check_ca_path(p)?,
        None => server.default_ca_path(),
    };
    let hosts = check_hostnames(hostnames)?;
    let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
    Ok(render(server, ca, &hosts))
}

/// The values the templates' `$name` placeholders stand for.
struct Vars<'a> {
    title: &'a str,
    ca: &'a str,
    /// The first hostname, or `HOST` (in the test commands).
    host: &'a str,
    /// The hostnames after the first, space-separated.
    rest: &'a str,
    /// Every hostname: space-separated, comma-separated, quoted and comma-separated.
    names: &'a str,
    list: &'a str,
    quoted: &'a str,
    check: &'a str,
    refusal: &'a str,
}

/// `template` with each `$name` replaced (an unknown name is kept as it is; no `$` comes from
/// the caller: `caPath` refuses it, and hostnames are letters, digits, dots and hyphens).
fn fill(out: &mut String, template: &str, v: &Vars<'_>) {
    let mut pieces = template.split('$');
    if let Some(first) = pieces.next() {
        out.push_str(first);
    }
    for piece in pieces {
        let end = piece.find(|c: char| !c.is_ascii_lowercase()).unwrap_or(piece.len());
        let (name, after) = piece.split_at(end);
        let value = match name {
            "title" => v.title,
            "ca" => v.ca,
            "host" => v.host,
            "rest" => v.rest,
            "names" => v.names,
            "list" => v.list,
            "quoted" => v.quoted,
            "check" => v.check,
            "refusal" => v.refusal,
            _ => {
                out.push('$');
                name
            }
        };
        out.push_str(value);
        out.push_str(after);
    }
}

/// The text: [`HEAD`], the hostnames, [`CA_FILE`], the server's part (where it goes, the
/// directives), [`CLOUDFLARE`] and [`TAIL`], placeholders filled. Templates and one
/// substitution loop rather than a `format!` per piece: the same text in less wasm code.
fn render(server: Server, ca: &str, hosts: &[&str]) -> String {
    let any = !hosts.is_empty();
    let pick = |with: &'static str, without: &'static str| if any { with } else { without };
    // Where it goes, the directives, what follows them (server-specific notes).
    let (where_, body, after, check, refusal) = match server {
        Server::Nginx => (
            pick(NGINX_HOSTS, NGINX_SITE),
            NGINX,
            "",
            "nginx -t && systemctl reload nginx",
            "nginx answers 400 \"No required SSL certificate was sent\"",
        ),
        Server::Apache => (
            match hosts {
                [] => APACHE_SITE,
                [_] => APACHE_HOST,
                _ => APACHE_HOSTS,
            },
            APACHE,
            "",
            "apachectl configtest && systemctl reload apache2   (RHEL: httpd)",
            HANDSHAKE_REFUSED,
        ),
        Server::Caddy => (
            pick(CADDY_HOSTS, CADDY_SITE),
            CADDY,
            pick(CADDY_CLOSE, ""),
            "caddy validate --config /etc/caddy/Caddyfile && systemctl reload caddy",
            HANDSHAKE_REFUSED,
        ),
        Server::Haproxy => (
            HAPROXY,
            pick(HAPROXY_HOSTS, HAPROXY_SITE),
            "",
            "haproxy -c -f /etc/haproxy/haproxy.cfg && systemctl reload haproxy",
            HANDSHAKE_REFUSED,
        ),
        Server::Envoy => (
            pick(ENVOY_HOSTS, ENVOY_SITE),
            ENVOY,
            pick(ENVOY_DEFAULT_CHAIN, ""),
            "envoy --mode validate -c /etc/envoy/envoy.yaml, then restart Envoy (or push the listener over xDS)",
            HANDSHAKE_REFUSED,
        ),
    };
    let note = if server == Server::Caddy { CADDY_NOTE } else { "" };
    let quoted: Vec<String> = hosts.iter().map(|h| ["\"", h, "\""].concat()).collect();
    let vars = Vars {
        title: server.title(),
        ca,
        host: hosts.first().copied().unwrap_or("HOST"),
        rest: &hosts.get(1..).unwrap_or_default().join(" "),
        names: &hosts.join(" "),
        list: &hosts.join(", "),
        quoted: &quoted.join(", "),
        check,
        refusal,
    };
    let mut out = String::with_capacity(4096);
    for template in [HEAD, pick(HOSTS_LINE, ""), CA_FILE, where_, body, after, note, CLOUDFLARE, TAIL] {
        fill(&mut out, template, &vars);
    }
    out
}

const HEAD: &str = "\
# Authenticated Origin Pulls on $title: require and verify the client certificate Cloudflare
# presents, so that only your Cloudflare zone reaches this origin.
";

const HOSTS_LINE: &str = "# Hostnames: $list.\n";

const CA_FILE: &str = "\
#
# 1. The CA file. Copy the certificate of the CA that issued your client certificate (the
#    ca.pem of `originpull mint ca`, or your own PKI's CA certificate; never a private key) to
#      $ca
#    (Global AOP presents Cloudflare's shared certificate instead, whose CA is Cloudflare's
#    authenticated_origin_pull_ca.pem; every Cloudflare customer's requests carry that one.
#    Your own certificate, zone-level or per-hostname, proves a request comes from your zone.)
";

const NGINX_SITE: &str = "\
# 2. nginx: in the server block that serves your site on port 443 (the one with
#    `listen 443 ssl` and ssl_certificate; in /etc/nginx/sites-available/ or
#    /etc/nginx/conf.d/), add:
";

const NGINX_HOSTS: &str = "\
# 2. nginx: in the server block that answers these hostnames on port 443 (the one with
#    `listen 443 ssl`, `server_name $names;`
#    and ssl_certificate; in /etc/nginx/sites-available/ or /etc/nginx/conf.d/), add:
";

const NGINX: &str = "\
ssl_client_certificate $ca;
ssl_verify_client on;
#    Not `optional` or `optional_no_ca`: those let requests without a certificate through.
#    Only if two or more intermediate CAs stand between the client certificate and the root in
#    the CA file (the default depth, 1, allows one), also:
#    ssl_verify_depth 2;
";

const APACHE_SITE: &str = "\
# 2. Apache (mod_ssl): in your site's <VirtualHost *:443> with SSLEngine on
";

const APACHE_HOST: &str = "\
# 2. Apache (mod_ssl): in the <VirtualHost *:443> of ServerName $host with SSLEngine on
";

const APACHE_HOSTS: &str = "\
# 2. Apache (mod_ssl): in the <VirtualHost *:443> of ServerName $host
#    (ServerAlias $rest) with SSLEngine on
";

const APACHE: &str = "\
#    and your SSLCertificateFile (Debian: /etc/apache2/sites-available/;
#    RHEL: /etc/httpd/conf.d/ssl.conf), add:
SSLCACertificateFile $ca
SSLVerifyClient require
SSLVerifyDepth 1
#    At this level, not inside <Location> or <Directory>: there the certificate is asked for only
#    after the handshake (renegotiation, or TLS 1.3 post-handshake authentication). SSLVerifyDepth 2
#    if two intermediate CAs stand between the client certificate and the root in the CA file.
";

const CADDY_SITE: &str = "\
# 2. Caddy (2.8 or later, /etc/caddy/Caddyfile): inside your site's block, add:
";

const CADDY_HOSTS: &str = "\
# 2. Caddy (2.8 or later, /etc/caddy/Caddyfile): the site block of these hostnames, with:
$list {
";

const CADDY: &str = "\
\ttls {
\t\tclient_auth {
\t\t\tmode require_and_verify
\t\t\ttrust_pool file $ca
\t\t}
\t}
";

const CADDY_CLOSE: &str = "\t# ...the rest of the site block, as it is\n}\n";

const CADDY_NOTE: &str = "\
#    If the site already has a tls line (tls cert.pem key.pem), put client_auth { ... } in a block
#    after it: tls cert.pem key.pem { client_auth { ... } }. Caddy before 2.8 spells
#    `trust_pool file PATH` as `trusted_ca_cert_file PATH` (deprecated since).
";

const HAPROXY: &str = "\
# 2. HAProxy (/etc/haproxy/haproxy.cfg): in the frontend that receives Cloudflare's connections,
#    add `ca-file ... verify required` to its bind line, after your crt:
frontend https-in
\tbind :443 ssl crt /etc/haproxy/certs/ ca-file $ca verify required
#    Keep your own frontend name, bind address and crt.
";

const HAPROXY_SITE: &str = "\
#    Every hostname on this bind line is covered.
";

const HAPROXY_HOSTS: &str = "\
#    Every hostname on this bind line is covered ($list); to require
#    the certificate for some hostnames only, you would need a crt-list with per-SNI options and
#    a rule that the Host header matches the SNI.
";

const ENVOY_SITE: &str = "\
# 2. Envoy (v3 API): one item of the 443 listener's filter_chains, its transport_socket a
#    DownstreamTlsContext:
- transport_socket:
";

const ENVOY_HOSTS: &str = "\
# 2. Envoy (v3 API): one item of the 443 listener's filter_chains, its transport_socket a
#    DownstreamTlsContext, for these hostnames (filter_chain_match):
- filter_chain_match:
    server_names: [$quoted]
  transport_socket:
";

const ENVOY: &str = "    name: envoy.transport_sockets.tls
    typed_config:
      \"@type\": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext
      require_client_certificate: true
      common_tls_context:
        tls_certificates:  # your server certificate and key, as they are
        - certificate_chain: { filename: /etc/envoy/origin.pem }
          private_key: { filename: /etc/envoy/origin.key }
        validation_context:
          trusted_ca: { filename: \"$ca\" }
  # filters: your http_connection_manager, as it is
";

const ENVOY_DEFAULT_CHAIN: &str = "\
#    A connection whose SNI matches no filter chain gets the listener's default_filter_chain:
#    give it the same require_client_certificate and validation_context, or none.
";

const CLOUDFLARE: &str = "\
# 3. Cloudflare: AOP must also be enabled in Cloudflare, or nothing presents the certificate.
#    Upload the client certificate and key, turn zone-level AOP on (or associate the hostnames:
#    per-hostname AOP) and wait until the certificate is active; SSL/TLS mode must be Full or
#    Full (strict). Do this before step 4: an origin that requires the certificate before
#    Cloudflare presents it refuses every visitor. (Cloudflare Tunnel hostnames have no TLS
#    listener at the origin: AOP does not apply to them.)
";

const TAIL: &str = "\
# 4. Check and reload: $check
# 5. Test, straight to the origin (its own address as ORIGIN_IP, not through Cloudflare):
#      npx originpull probe https://ORIGIN_IP/ --servername $host --cert client.pem --key client.key
#    It exits 0 and says \"enforced\" when the origin refuses a request without the certificate
#    and accepts one with it. The same by hand with curl:
#      curl -sS -o /dev/null -w '%{http_code}\\n' --resolve $host:443:ORIGIN_IP https://$host/
#      curl -sS -o /dev/null -w '%{http_code}\\n' --resolve $host:443:ORIGIN_IP --cert client.pem --key client.key https://$host/
#    The first must be refused ($refusal);
#    the second answers as your site does.
#    If the origin's own certificate is a Cloudflare Origin CA certificate, add --insecure to the
#    probe and -k to curl, or give them Cloudflare's Origin CA root (--server-ca, --cacert).
";

const HANDSHAKE_REFUSED: &str = "the TLS handshake fails: curl prints 000 and an alert such as \"certificate required\"";

#[cfg(test)]
mod tests {
    use super::*;

    fn config(server: &str, ca: Option<&str>, hosts: &[&str]) -> Result<String> {
        origin_config(server, ca, hosts)
    }

    fn detail(e: Error) -> String {
        assert_eq!(e.code(), "INVALID_ARGUMENT");
        match e {
            Error::InvalidArgument { detail } => detail,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_server_requires_verification_with_the_ca_file() {
        let must: [(&str, &[&str]); 5] = [
            ("nginx", &["\nssl_client_certificate /x/ca.pem;\n", "\nssl_verify_client on;\n"]),
            ("apache", &["\nSSLCACertificateFile /x/ca.pem\n", "\nSSLVerifyClient require\n", "\nSSLVerifyDepth 1\n"]),
            ("caddy", &["\t\t\tmode require_and_verify\n", "\t\t\ttrust_pool file /x/ca.pem\n"]),
            ("haproxy", &[" ca-file /x/ca.pem verify required\n"]),
            ("envoy", &["      require_client_certificate: true\n", "          trusted_ca: { filename: \"/x/ca.pem\" }\n"]),
        ];
        for (server, lines) in must {
            let text = config(server, Some("/x/ca.pem"), &[]).unwrap();
            for l in lines {
                assert!(text.contains(l), "{server}: {l:?} missing in\n{text}");
            }
            // Cloudflare's side and the test are always there.
            assert!(text.contains("AOP must also be enabled in Cloudflare"), "{server}");
            assert!(text.contains("npx originpull probe https://ORIGIN_IP/ --servername HOST --cert client.pem"), "{server}");
            assert!(text.contains("--resolve HOST:443:ORIGIN_IP --cert client.pem --key client.key https://HOST/"), "{server}");
            assert!(text.ends_with('\n'));
        }
    }

    #[test]
    fn default_ca_paths_are_the_servers_own() {
        for s in Server::ALL {
            let text = config(s.as_str(), None, &[]).unwrap();
            assert!(text.contains(s.default_ca_path()), "{s:?}");
            assert!(s.default_ca_path().starts_with(&format!("/etc/{}", if s == Server::Apache { "apache2" } else { s.as_str() })));
        }
    }

    #[test]
    fn hostnames_are_normalised_deduplicated_and_placed() {
        let hosts = ["App.Example.com.", "www.example.com", "app.example.com", "bücher.example"];
        let nginx = config("nginx", None, &hosts).unwrap();
        assert!(nginx.contains("`server_name app.example.com www.example.com xn--bcher-kva.example;`\n"), "{nginx}");
        assert!(nginx.contains("# Hostnames: app.example.com, www.example.com, xn--bcher-kva.example.\n"));
        assert!(nginx.contains("--servername app.example.com "));
        assert!(nginx.contains("--resolve app.example.com:443:ORIGIN_IP https://app.example.com/\n"));
        let apache = config("apache", None, &hosts).unwrap();
        assert!(apache.contains("ServerName app.example.com\n#    (ServerAlias www.example.com xn--bcher-kva.example) with SSLEngine on"), "{apache}");
        let caddy = config("caddy", None, &hosts).unwrap();
        assert!(caddy.contains("\napp.example.com, www.example.com, xn--bcher-kva.example {\n\ttls {\n"), "{caddy}");
        let envoy = config("envoy", None, &hosts).unwrap();
        assert!(envoy.contains("\n    server_names: [\"app.example.com\", \"www.example.com\", \"xn--bcher-kva.example\"]\n"));
        let one = config("apache", None, &["a.example.com"]).unwrap();
        assert!(one.contains("<VirtualHost *:443> of ServerName a.example.com with SSLEngine on\n"), "{one}");
    }

    #[test]
    fn unknown_servers_are_refused() {
        for s in ["", "Nginx", "iis", "nginx ", "lighttpd"] {
            let d = detail(config(s, None, &[]).unwrap_err());
            assert_eq!(d, "server must be one of nginx, apache, caddy, haproxy, envoy");
        }
    }

    #[test]
    fn ca_paths_that_could_inject_are_refused_without_echoing_the_path() {
        for bad in [
            "/etc/ca.pem;\nssl_verify_client off",
            "/etc/ca.pem\"",
            "/etc/ca.pem'",
            "/etc/my ca.pem",
            "/etc/ca.pem\tx",
            "/etc/ca.pem\r",
            "/etc/{ca}.pem",
            "/etc/ca.pem#",
            "/etc/$ca.pem",
            "C:\\ca.pem",
            "/etc/ca.pem\u{2028}",
            "/etc/cä.pem",
            "/etc/ca`id`.pem",
        ] {
            let d = detail(config("nginx", Some(bad), &[]).unwrap_err());
            assert!(d.starts_with("caPath may hold only"), "{bad:?}: {d}");
            assert!(d.contains("(found '") == bad.contains(['"', '\'', '{', '#', '$', '\\', '`', ';']), "{bad:?}: {d}");
            assert!(!d.contains("/etc"), "{d}");
        }
        assert!(detail(config("nginx", Some(""), &[]).unwrap_err()).contains("empty"));
        assert!(detail(config("nginx", Some(&"/a".repeat(513)), &[]).unwrap_err()).contains("longer than 1024"));
        assert!(detail(config("nginx", Some("/etc/nginx/"), &[]).unwrap_err()).contains("folder"));
        assert!(detail(config("nginx", Some("@ca.pem"), &[]).unwrap_err()).contains("must start with"));
        assert!(detail(config("nginx", Some("-ca.pem"), &[]).unwrap_err()).contains("must start with"));
        for good in ["/etc/nginx/ca.pem", "ca.pem", "./certs/ca-2026_v1.pem", "C:/nginx/conf/ca.pem", "~/ca+x@y,z=1.pem"] {
            assert!(config("haproxy", Some(good), &[]).unwrap().contains(&format!(" ca-file {good} verify required\n")), "{good}");
        }
    }

    #[test]
    fn bad_hostnames_are_refused_by_index() {
        let d = detail(config("nginx", None, &["ok.example.com", "bad host.example"]).unwrap_err());
        assert!(d.starts_with("hostnames[1] "), "{d}");
        for bad in ["*.example.com", "", "localhost", "a;b.example", "a\nb.example", "1.2.3.4"] {
            let d = detail(config("caddy", None, &[bad]).unwrap_err());
            assert!(d.starts_with("hostnames[0] "), "{bad:?}: {d}");
        }
        let many: Vec<String> = (0..=MAX_HOSTNAMES).map(|i| format!("h{i}.example.com")).collect();
        assert!(detail(origin_config("nginx", None, &many).unwrap_err()).contains("more than 100"));
        assert!(origin_config("nginx", None, &many[..MAX_HOSTNAMES]).is_ok());
    }

    #[test]
    fn apache_directive_lines_carry_no_trailing_comment() {
        // Apache takes `#` only at the start of a line.
        let text = config("apache", None, &["a.example.com"]).unwrap();
        for l in text.lines().filter(|l| !l.starts_with('#')) {
            assert!(!l.contains('#'), "{l}");
        }
    }
}
#[cfg(test)]
#[test]
fn zz_print() {
    for s in ["nginx", "apache", "caddy", "haproxy", "envoy"] {
        for h in [&[][..], &["app.example.com"][..], &["app.example.com", "www.example.com", "x.example.com"][..]] {
            println!("=========== {s} {h:?}\n{}", origin_config(s, None, h).unwrap());
        }
    }
}

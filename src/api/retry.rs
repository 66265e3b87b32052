//! When to send a request again, sans-IO: the caller reports what happened to an attempt and
//! supplies the randomness (`jitter`) and the clock (`now_ms`); [`retry_decision`] answers
//! with the delay before the next attempt, or `None` to give up and report the failure.
//!
//! Rules: 408, 429 and 5xx (but 501) responses, network errors and time-outs are retried
//! for GET, PUT and DELETE (idempotent, RFC 9110 §9.2.2), with exponential back-off and
//! jitter, honouring `Retry-After` (seconds or an HTTP date, RFC 9110 §10.2.3). POST
//! (uploads) is never retried here: a lost response may hide a successful upload, so the
//! caller lists the certificates and looks for its own with [`super::find_uploaded`] before
//! uploading again, which keeps an upload to at most one.

use super::ops::Method;

/// How persistent to be. The defaults suit an interactive tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (the Client's `retries` option); 0 disables retrying.
    pub retries: u32,
    /// Back-off before the first retry; doubled for each further one.
    pub base_delay_ms: u32,
    /// Longest wait. A `Retry-After` asking for more than this gives up instead of waiting.
    pub max_delay_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { retries: 3, base_delay_ms: 500, max_delay_ms: 60_000 }
    }
}

/// What happened to one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome<'a> {
    /// A response arrived with this HTTP status.
    Status {
        code: u16,
        /// The `Retry-After` header, if any.
        retry_after: Option<&'a str>,
        /// The current time in milliseconds since the Unix epoch, needed to read a
        /// `Retry-After` given as a date; without it such a header is ignored.
        now_ms: Option<u64>,
    },
    /// No response: DNS, connection, TLS or CORS failure.
    NetworkError,
    /// No response within the time limit.
    Timeout,
}

fn retryable_status(code: u16) -> bool {
    matches!(code, 408 | 429) || ((500..=599).contains(&code) && code != 501)
}

/// The delay in milliseconds before attempt `attempt + 1`, or `None` to stop.
///
/// `attempt` is the 1-based number of the attempt that just failed, so with
/// `policy.retries = 3` a request is sent at most four times. `jitter` is a random number
/// in `0..1` from the caller (clamped; NaN counts as 0).
///
/// Back-off for attempt `n` is `d = min(max_delay, base_delay * 2^(n-1))`, waited as
/// `d/2 + jitter * d/2` ("equal jitter"). A usable `Retry-After` replaces it: its delay plus
/// `jitter * base_delay/2`, or `None` if it exceeds `max_delay_ms`.
pub fn retry_decision(
    method: Method,
    attempt: u32,
    outcome: Outcome<'_>,
    policy: &RetryPolicy,
    jitter: f64,
) -> Option<u32> {
    if !method.is_idempotent() || attempt == 0 || attempt > policy.retries {
        return None;
    }
    let jitter = if jitter.is_nan() { 0.0 } else { jitter.clamp(0.0, 1.0) };
    if let Outcome::Status { code, retry_after, now_ms } = outcome {
        if !retryable_status(code) {
            return None;
        }
        if let Some(wait) = retry_after.and_then(|h| retry_after_ms(h, now_ms)) {
            if wait > u64::from(policy.max_delay_ms) {
                return None;
            }
            let extra = (jitter * f64::from(policy.base_delay_ms) / 2.0) as u64;
            return u32::try_from(wait + extra).ok().map(|d| d.min(policy.max_delay_ms));
        }
    }
    let exp = 1u64 << (attempt - 1).min(31);
    let backoff = (u64::from(policy.base_delay_ms) * exp).min(u64::from(policy.max_delay_ms));
    let half = backoff as f64 / 2.0;
    let delay = (half + jitter * half) as u64;
    u32::try_from(delay).ok()
}

/// `Retry-After` in milliseconds from now: `delay-seconds` (digits) or an HTTP date (which
/// needs `now_ms`); a date in the past gives 0. `None` if unreadable.
pub fn retry_after_ms(value: &str, now_ms: Option<u64>) -> Option<u64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return Some(v.parse::<u64>().unwrap_or(u64::MAX).saturating_mul(1000));
    }
    let at = parse_http_date(v)?;
    let now = i64::try_from(now_ms? / 1000).ok()?;
    Some(u64::try_from(at - now).unwrap_or(0).saturating_mul(1000))
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

fn month(s: &str) -> Option<u32> {
    MONTHS.iter().position(|m| *m == s).and_then(|i| u32::try_from(i + 1).ok())
}

fn number(s: &str, digits: std::ops::RangeInclusive<usize>) -> Option<u32> {
    (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

fn time_of_day(s: &str) -> Option<i64> {
    let mut parts = s.split(':');
    let h = number(parts.next()?, 2..=2)?;
    let m = number(parts.next()?, 2..=2)?;
    let sec = number(parts.next()?, 2..=2)?;
    (parts.next().is_none() && h < 24 && m < 60 && sec < 61).then(|| i64::from(h * 3600 + m * 60 + sec.min(59)))
}

/// Unix seconds of a date and a time of day (the calendar of [`crate::x509::time`]).
fn timestamp(y: i64, m: u32, d: u32, secs: i64) -> Option<i64> {
    use crate::x509::time::{days_from_civil, days_in_month};
    (d >= 1 && d <= days_in_month(y, m)).then(|| days_from_civil(y, m, d) * 86_400 + secs)
}

/// An HTTP date (RFC 9110 §5.6.7) as seconds since the Unix epoch: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two obsolete forms recipients must accept,
/// RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`, two-digit years 70-99 read as 19xx, others
/// as 20xx) and asctime (`Sun Nov  6 08:49:37 1994`).
pub fn parse_http_date(s: &str) -> Option<i64> {
    let tokens: Vec<&str> = s.split_whitespace().collect();
    match tokens.as_slice() {
        [wd, day, mon, year, time, "GMT"] if wd.strip_suffix(',').is_some_and(|w| DAYS.contains(&w)) => {
            let y = i64::from(number(year, 4..=4)?);
            timestamp(y, month(mon)?, number(day, 2..=2)?, time_of_day(time)?)
        }
        [wd, date, time, "GMT"] if wd.strip_suffix(',').is_some_and(|w| LONG_DAYS.contains(&w)) => {
            let mut parts = date.split('-');
            let day = number(parts.next()?, 2..=2)?;
            let mon = month(parts.next()?)?;
            let yy = i64::from(number(parts.next()?, 2..=2)?);
            if parts.next().is_some() {
                return None;
            }
            let y = if yy >= 70 { 1900 + yy } else { 2000 + yy };
            timestamp(y, mon, day, time_of_day(time)?)
        }
        [wd, mon, day, time, year] if DAYS.contains(wd) => {
            let y = i64::from(number(year, 4..=4)?);
            timestamp(y, month(mon)?, number(day, 1..=2)?, time_of_day(time)?)
        }
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const P: RetryPolicy = RetryPolicy { retries: 3, base_delay_ms: 500, max_delay_ms: 60_000 };

    fn status(code: u16) -> Outcome<'static> {
        Outcome::Status { code, retry_after: None, now_ms: None }
    }

    #[test]
    fn http_dates() {
        // RFC 9110 §5.6.7's example, in all three forms: 1994-11-06T08:49:37Z = 784111777
        // (python3 -c "import calendar,time;print(calendar.timegm((1994,11,6,8,49,37)))").
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(784_111_777));
        // 2026-02-28T23:59:59Z = 1772323199, 2024-02-29T00:00:00Z = 1709164800 (same command).
        assert_eq!(parse_http_date("Sat, 28 Feb 2026 23:59:59 GMT"), Some(1_772_323_199));
        assert_eq!(parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT"), Some(1_709_164_800));
        for bad in [
            "",
            "Sun, 29 Feb 2026 00:00:00 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "06 Nov 1994",
            "120",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn retry_after_values() {
        assert_eq!(retry_after_ms("120", None), Some(120_000));
        assert_eq!(retry_after_ms(" 0 ", None), Some(0));
        let now = 784_111_777_000;
        assert_eq!(retry_after_ms("Sun, 06 Nov 1994 08:50:07 GMT", Some(now)), Some(30_000));
        assert_eq!(retry_after_ms("Sun, 06 Nov 1994 08:49:00 GMT", Some(now)), Some(0), "past dates mean now");
        assert_eq!(retry_after_ms("Sun, 06 Nov 1994 08:50:07 GMT", None), None, "a date needs a clock");
        assert_eq!(retry_after_ms("-5", None), None);
        assert_eq!(retry_after_ms("soon", Some(now)), None);
    }

    #[test]
    fn exponential_backoff_with_equal_jitter() {
        // base 500: attempt 1 waits 250..=500, attempt 2 500..=1000, attempt 3 1000..=2000.
        assert_eq!(retry_decision(Method::Get, 1, status(503), &P, 0.0), Some(250));
        assert_eq!(retry_decision(Method::Get, 1, status(503), &P, 1.0), Some(500));
        assert_eq!(retry_decision(Method::Get, 2, status(502), &P, 0.5), Some(750));
        assert_eq!(retry_decision(Method::Get, 3, status(500), &P, 1.0), Some(2000));
        assert_eq!(retry_decision(Method::Get, 4, status(500), &P, 1.0), None, "retries exhausted");
        assert_eq!(retry_decision(Method::Get, 0, status(500), &P, 1.0), None);
        // The cap applies to the back-off.
        let p = RetryPolicy { retries: 40, base_delay_ms: 500, max_delay_ms: 3000 };
        assert_eq!(retry_decision(Method::Get, 30, status(500), &p, 1.0), Some(3000));
        // Jitter outside 0..1 is clamped; NaN counts as 0.
        assert_eq!(retry_decision(Method::Get, 1, status(500), &P, 7.0), Some(500));
        assert_eq!(retry_decision(Method::Get, 1, status(500), &P, f64::NAN), Some(250));
        assert_eq!(retry_decision(Method::Get, 1, status(500), &RetryPolicy { retries: 0, ..P }, 0.0), None);
    }

    #[test]
    fn which_outcomes_are_retried() {
        for code in [408, 429, 500, 502, 503, 504, 520, 522, 524] {
            assert!(retry_decision(Method::Get, 1, status(code), &P, 0.0).is_some(), "{code}");
        }
        for code in [200, 204, 400, 401, 403, 404, 409, 422, 501] {
            assert_eq!(retry_decision(Method::Get, 1, status(code), &P, 0.0), None, "{code}");
        }
        for outcome in [Outcome::NetworkError, Outcome::Timeout, status(503), status(429)] {
            for m in [Method::Get, Method::Put, Method::Delete] {
                assert!(retry_decision(m, 1, outcome, &P, 0.0).is_some(), "{m} {outcome:?}");
            }
            assert_eq!(retry_decision(Method::Post, 1, outcome, &P, 0.0), None, "POST {outcome:?}");
        }
    }

    #[test]
    fn retry_after_is_honoured() {
        let o = Outcome::Status { code: 429, retry_after: Some("7"), now_ms: None };
        assert_eq!(retry_decision(Method::Get, 1, o, &P, 0.0), Some(7000));
        assert_eq!(retry_decision(Method::Get, 1, o, &P, 1.0), Some(7250));
        let o = Outcome::Status {
            code: 503,
            retry_after: Some("Sun, 06 Nov 1994 08:49:47 GMT"),
            now_ms: Some(784_111_777_000),
        };
        assert_eq!(retry_decision(Method::Put, 1, o, &P, 0.0), Some(10_000));
        // Longer than the policy allows: give up rather than hang.
        let o = Outcome::Status { code: 429, retry_after: Some("3600"), now_ms: None };
        assert_eq!(retry_decision(Method::Get, 1, o, &P, 0.0), None);
        // Unreadable: fall back to back-off.
        let o = Outcome::Status { code: 429, retry_after: Some("later"), now_ms: None };
        assert_eq!(retry_decision(Method::Get, 1, o, &P, 0.0), Some(250));
        // A date without a clock: back-off as well.
        let o = Outcome::Status { code: 429, retry_after: Some("Sun, 06 Nov 1994 08:49:47 GMT"), now_ms: None };
        assert_eq!(retry_decision(Method::Get, 2, o, &P, 0.0), Some(500));
        // Retry-After on a status that is not retried changes nothing.
        let o = Outcome::Status { code: 400, retry_after: Some("1"), now_ms: None };
        assert_eq!(retry_decision(Method::Get, 1, o, &P, 0.0), None);
    }
}

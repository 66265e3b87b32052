//! Times: the contract's `YYYY-MM-DDTHH:MM:SSZ` form and X.509's UTCTime and GeneralizedTime,
//! as Unix seconds.
//!
//! Hand-written product logic: `der` 0.8's `DateTime` (behind its `UtcTime` and
//! `GeneralizedTime`) starts at 1970, while OpenSSL and Python `cryptography` read UTCTime
//! from 1950 (RFC 5280 §4.1.2.5.1) and GeneralizedTime from year 0 (tests/data/structure
//! `utctime-1960`). The calendar arithmetic is Howard Hinnant's proleptic Gregorian algorithm.

use der::Tag;

/// Days since 1970-01-01 for a proleptic Gregorian date.
#[must_use]
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count (inverse of [`days_from_civil`]).
#[must_use]
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

pub(crate) fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Unix seconds of a UTC date and time; `None` when a field is out of range.
#[must_use]
pub fn unix_time(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
    let valid = (1..=12).contains(&mo) && d >= 1 && d <= days_in_month(y, mo) && h < 24 && mi < 60 && s < 60;
    valid.then(|| days_from_civil(y, mo, d) * 86_400 + i64::from(h * 3600 + mi * 60 + s))
}

/// `YYYY-MM-DDTHH:MM:SSZ` for Unix seconds (the contract's time form).
#[must_use]
pub fn format_time(unix: i64) -> String {
    let (y, mo, d) = civil_from_days(unix.div_euclid(86_400));
    let secs = unix.rem_euclid(86_400);
    let mut out = String::with_capacity(20);
    let year = match u32::try_from(y) {
        Ok(year) if year <= 9999 => year,
        _ => {
            use std::fmt::Write as _;
            let _ = write!(out, "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60);
            return out;
        }
    };
    // Digits by hand: this runs twice per certificate and `write!` was a visible cost.
    let secs = u32::try_from(secs).unwrap_or(0);
    let digits = |out: &mut String, v: u32, n: u32| {
        for i in (0..n).rev() {
            out.push(char::from_digit(v / 10u32.pow(i) % 10, 10).unwrap_or('0'));
        }
    };
    digits(&mut out, year, 4);
    for (sep, v) in [('-', mo), ('-', d), ('T', secs / 3600), (':', secs / 60 % 60), (':', secs % 60)] {
        out.push(sep);
        digits(&mut out, v, 2);
    }
    out.push('Z');
    out
}

/// Why an X.509 time was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeError {
    /// Neither a UTCTime nor a GeneralizedTime.
    NotATime,
    /// Not the DER form (RFC 5280 §4.1.2.5: seconds present, `Z`, no fractions), or no such
    /// date.
    Malformed,
}

impl core::fmt::Display for TimeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            TimeError::NotATime => "expected a UTCTime or GeneralizedTime",
            TimeError::Malformed => "malformed time",
        })
    }
}

/// An X.509 `Time` (its tag and content octets): a UTCTime (`YYMMDDHHMMSSZ`, years 50-99 are
/// 19xx) or GeneralizedTime (`YYYYMMDDHHMMSSZ`) as DER requires them, as Unix seconds.
///
/// # Errors
/// [`TimeError`] for another tag or any other form.
pub fn x509_time(tag: Tag, v: &[u8]) -> Result<i64, TimeError> {
    let digits = |s: &[u8]| -> Option<u32> {
        s.iter().try_fold(0u32, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0')))
    };
    let (year, rest) = match (tag, v.len()) {
        (Tag::UtcTime, 13) => {
            let yy = v.get(..2).and_then(digits).ok_or(TimeError::Malformed)?;
            (i64::from(if yy < 50 { 2000 + yy } else { 1900 + yy }), v.get(2..).unwrap_or_default())
        }
        (Tag::GeneralizedTime, 15) => {
            let yyyy = v.get(..4).and_then(digits).ok_or(TimeError::Malformed)?;
            (i64::from(yyyy), v.get(4..).unwrap_or_default())
        }
        (Tag::UtcTime | Tag::GeneralizedTime, _) => return Err(TimeError::Malformed),
        _ => return Err(TimeError::NotATime),
    };
    let field = |i: usize| rest.get(i..i + 2).and_then(digits);
    let parsed = (|| {
        if rest.last() != Some(&b'Z') {
            return None;
        }
        unix_time(year, field(0)?, field(2)?, field(4)?, field(6)?, field(8)?)
    })();
    parsed.ok_or(TimeError::Malformed)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip() {
        assert_eq!(x509_time(Tag::UtcTime, b"260101000000Z").unwrap(), 1_767_225_600);
        assert_eq!(x509_time(Tag::UtcTime, b"500101000000Z").unwrap(), -631_152_000);
        assert_eq!(x509_time(Tag::GeneralizedTime, b"99991231235959Z").unwrap(), 253_402_300_799);
        assert_eq!(format_time(253_402_300_799), "9999-12-31T23:59:59Z");
        assert_eq!(format_time(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_time(-315_619_200), "1960-01-01T00:00:00Z");
        assert_eq!(format_time(1_780_272_000 + 3_723), "2026-06-01T01:02:03Z");
        assert_eq!(format_time(-62_167_219_200 - 86_400), "-001-12-31T00:00:00Z");
        assert_eq!(format_time(253_402_300_800), "10000-01-01T00:00:00Z");
        assert_eq!(x509_time(Tag::UtcTime, b"260230000000Z"), Err(TimeError::Malformed));
        assert_eq!(x509_time(Tag::UtcTime, b"2601010000Z"), Err(TimeError::Malformed));
        assert_eq!(x509_time(Tag::GeneralizedTime, b"20260101000000+0100"), Err(TimeError::Malformed));
        assert_eq!(x509_time(Tag::GeneralizedTime, b"20260101000000.5Z"), Err(TimeError::Malformed));
        assert_eq!(x509_time(Tag::OctetString, b"260101000000Z"), Err(TimeError::NotATime));
        for t in [-86_400 * 365 * 70, 0, 1_700_000_000, 4_102_444_800] {
            let s = format_time(t);
            let v = format!("{}{}{}{}{}{}Z", &s[0..4], &s[5..7], &s[8..10], &s[11..13], &s[14..16], &s[17..19]);
            assert_eq!(x509_time(Tag::GeneralizedTime, v.as_bytes()).unwrap(), t, "{s}");
        }
    }

    #[test]
    fn out_of_range_fields() {
        assert_eq!(unix_time(2026, 13, 1, 0, 0, 0), None);
        assert_eq!(unix_time(2026, 1, 1, 24, 0, 0), None);
        assert_eq!(unix_time(2100, 2, 29, 0, 0, 0), None);
        assert_eq!(unix_time(2000, 2, 29, 0, 0, 0), Some(951_782_400));
        assert_eq!(civil_from_days(days_from_civil(1960, 1, 1)), (1960, 1, 1));
    }
}

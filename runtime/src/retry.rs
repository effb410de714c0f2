//! When a failed attempt is tried again, and how long to wait first: `Retry-After` when the
//! server gives one, otherwise exponential backoff with jitter, within a total time budget.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use tokio::time::Instant;

/// How the client retries. The defaults suit SailPoint's rate limits: up to 5 attempts within
/// 2 minutes, waiting what `Retry-After` says or else 1 s, 2 s, 4 s... (capped at 30 s) with jitter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    total_budget: Duration,
    initial_backoff: Duration,
    max_backoff: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            total_budget: Duration::from_secs(120),
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A single attempt: nothing is retried.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// How many attempts a call may make in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// How long a call may take from its first attempt, waits included: no retry starts a wait
    /// that would end after it, and an attempt still in flight when it runs out is abandoned.
    pub fn total_budget(mut self, budget: Duration) -> Self {
        self.total_budget = budget;
        self
    }

    /// The wait before the first retry when the server does not say; it doubles each time.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between two attempts when the server does not say.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Also retry POST and PATCH after 502, 503, 504 and connection failures. Only safe when the
    /// operation cannot take effect twice; 429 is retried for every method regardless.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts
    }

    pub(crate) fn budget(&self) -> Duration {
        self.total_budget
    }

    /// What is left of the budget of a call that started at `started`.
    pub(crate) fn time_left(&self, started: Instant) -> Duration {
        self.total_budget.saturating_sub(started.elapsed())
    }

    /// Whether a wait of `wait` before the next attempt leaves that attempt some of the budget
    /// of a call that started at `started`. Compared rather than added, so a `Retry-After` of
    /// any size cannot overflow.
    pub(crate) fn can_wait(&self, started: Instant, wait: Duration) -> bool {
        wait < self.time_left(started)
    }

    /// Whether a response with this status is worth another attempt.
    pub(crate) fn retries_status(&self, method: &Method, status: StatusCode) -> bool {
        match status {
            // Rate limited: the request was not processed, so any method may try again.
            StatusCode::TOO_MANY_REQUESTS => true,
            StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT => self.may_repeat(method),
            _ => false,
        }
    }

    /// Whether a transport failure is worth another attempt: no connection, no answer, or a
    /// connection that broke while the body was arriving (which reqwest reports as a body or,
    /// from `Response::chunk`, a decode error; the client decodes nothing inside reqwest).
    pub(crate) fn retries_failure(&self, method: &Method, error: &reqwest::Error) -> bool {
        let transient = error.is_connect()
            || error.is_timeout()
            || error.is_request()
            || error.is_body()
            || error.is_decode();
        transient && self.may_repeat(method)
    }

    pub(crate) fn may_repeat(&self, method: &Method) -> bool {
        self.retry_non_idempotent || is_idempotent(method)
    }

    /// The wait before attempt `attempt + 1` when the server gave no `Retry-After`: exponential,
    /// capped, and half of it random so that many clients do not retry in step.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        backoff(self.initial_backoff, self.max_backoff, attempt)
    }
}

/// The pause after try `attempt` (from 1): `initial` doubled for each try before it, capped at
/// `max`, and half of it random so that many clients do not try again in step. What a
/// [`RetryPolicy`] waits between attempts and a [`Waiter`](crate::Waiter) between polls.
pub(crate) fn backoff(initial: Duration, max: Duration, attempt: u32) -> Duration {
    let exponential = initial
        .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
        .min(max);
    let half = exponential / 2;
    half + half.mul_f64(fastrand::f64())
}

/// Methods that mean the same thing when repeated.
fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// The wait a `Retry-After` header asks for: delay seconds or an HTTP date. Seconds past what
/// a `u64` holds ask for longer than any budget, so they are the longest wait there is rather
/// than no answer (which would retry after the backoff, far sooner than asked).
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(Duration::MAX);
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        headers.insert(RETRY_AFTER, later.parse().unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(30)));
        headers.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers, now), None);
    }

    #[test]
    fn retry_after_reads_every_u64_and_more_as_a_wait_and_refuses_what_is_no_number() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut headers = HeaderMap::new();
        for (value, wait) in [
            ("18446744073709551615", Some(Duration::from_secs(u64::MAX))),
            ("18446744073709551616", Some(Duration::MAX)),
            ("99999999999999999999999999", Some(Duration::MAX)),
            (" 7 ", Some(Duration::from_secs(7))),
            (
                "Fri, 31 Dec 9999 23:59:59 GMT",
                Some(Duration::from_secs(251_702_300_799)),
            ),
            ("-1", None),
            ("1.5", None),
            ("0x10", None),
            ("", None),
        ] {
            headers.insert(RETRY_AFTER, value.parse().unwrap());
            assert_eq!(retry_after(&headers, now), wait, "{value:?}");
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_jitter() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        for (attempt, full) in [(1, 100), (2, 200), (3, 350), (10, 350)] {
            let wait = policy.backoff(attempt);
            let full = Duration::from_millis(full);
            assert!(
                wait >= full / 2 && wait <= full,
                "attempt {attempt}: {wait:?}"
            );
        }
    }

    #[test]
    fn only_idempotent_methods_retry_server_errors_unless_asked() {
        let policy = RetryPolicy::default();
        assert!(policy.retries_status(&Method::POST, StatusCode::TOO_MANY_REQUESTS));
        assert!(policy.retries_status(&Method::GET, StatusCode::SERVICE_UNAVAILABLE));
        assert!(!policy.retries_status(&Method::POST, StatusCode::SERVICE_UNAVAILABLE));
        assert!(!policy.retries_status(&Method::GET, StatusCode::INTERNAL_SERVER_ERROR));
        let eager = policy.retry_non_idempotent(true);
        assert!(eager.retries_status(&Method::PATCH, StatusCode::BAD_GATEWAY));
    }
}

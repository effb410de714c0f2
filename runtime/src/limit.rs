//! Pacing to an API's rate limit on the client's side: at most so many requests per access
//! token in any window of time, so a busy client waits briefly instead of collecting 429s.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use std::time::Duration;

use reqwest::header::HeaderValue;
use tokio::time::Instant;

/// How many requests the client sends per access token in any window of time; see
/// [`ClientBuilder::rate_limit`](crate::ClientBuilder::rate_limit).
///
/// The default is the generated crate's (its `DEFAULT_RATE_LIMIT`, from its [`Profile`](crate::Profile)): the API's
/// documented limit when the crate's settings give one, so that the client never sends a
/// request the API would refuse for the rate and a burst up to the limit leaves at once.
/// [`RateLimit::off`] sends everything as soon as it is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    requests: u32,
    window: Duration,
}

impl RateLimit {
    /// At most `requests` in any `window` (a `requests` of 0 or a zero window means no limit).
    pub const fn new(requests: u32, window: Duration) -> Self {
        RateLimit { requests, window }
    }

    /// No pacing: requests leave as soon as they are made, and a 429 is only retried.
    pub const fn off() -> Self {
        RateLimit {
            requests: 0,
            window: Duration::ZERO,
        }
    }

    /// The requests allowed per window.
    pub fn requests(&self) -> u32 {
        self.requests
    }

    /// The window.
    pub fn window(&self) -> Duration {
        self.window
    }

    fn is_off(&self) -> bool {
        self.requests == 0 || self.window.is_zero()
    }
}

/// When the limiter cannot let a request go before the call's budget runs out.
#[derive(Debug)]
pub(crate) struct OverBudget {
    pub(crate) wait: Duration,
}

/// The send times of one client's recent requests, per access token, shared by its clones.
#[derive(Debug)]
pub(crate) struct Limiter {
    limit: RateLimit,
    windows: Mutex<HashMap<u64, VecDeque<Instant>>>,
}

/// Tokens rotate, so windows of tokens no longer used are dropped once there are more than this.
const KEPT_WINDOWS: usize = 16;

/// How far apart the client keeps a request and the one `requests` after it: the window and 2 %
/// more (at least 20 ms). The server counts arrivals, not departures, and a request that spends
/// longer on the way than the one a window after it would otherwise land in the same window.
fn spacing(window: Duration) -> Duration {
    window.saturating_add((window / 50).max(Duration::from_millis(20)))
}

impl Limiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Limiter {
            limit,
            windows: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Books the earliest moment a request carrying `authorization` may be sent and returns how
    /// long to wait for it, or books nothing when that wait is longer than `left`, what is left
    /// of the call's budget.
    ///
    /// Every booking is kept, so a booking and the one `requests` after it are always more than
    /// a window apart: a server counting requests in any window of that length sees no more than
    /// allowed. A call cancelled during its wait leaves its booking unused, which only
    /// errs on the slow side.
    pub(crate) fn book(
        &self,
        authorization: Option<&HeaderValue>,
        now: Instant,
        left: Duration,
    ) -> Result<Duration, OverBudget> {
        if self.limit.is_off() {
            return Ok(Duration::ZERO);
        }
        let requests = usize::try_from(self.limit.requests).unwrap_or(usize::MAX);
        let window = spacing(self.limit.window);
        // Keyed by a hash so that the map holds no token.
        let mut hasher = DefaultHasher::new();
        authorization.map(HeaderValue::as_bytes).hash(&mut hasher);
        let key = hasher.finish();
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // A window too long for the clock to count to never ends: checked, not added.
        let ends_after = |sent: Instant| sent.checked_add(window).is_none_or(|end| end > now);
        if windows.len() > KEPT_WINDOWS {
            windows.retain(|_, sent| sent.back().copied().is_some_and(ends_after));
        }
        let sent = windows.entry(key).or_default();
        let slot = match sent.front() {
            Some(oldest) if sent.len() >= requests => {
                oldest.checked_add(window).map(|free| free.max(now))
            }
            _ => Some(now),
        };
        let Some(slot) = slot.filter(|slot| *slot - now <= left) else {
            let wait = slot.map_or(Duration::MAX, |slot| slot - now);
            return Err(OverBudget { wait });
        };
        sent.push_back(slot);
        while sent.len() > requests {
            sent.pop_front();
        }
        Ok(slot - now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_window_ever_holds_more_than_the_limit() {
        let limiter = Limiter::new(RateLimit::new(3, Duration::from_secs(1)));
        let start = Instant::now();
        let far = Duration::from_secs(60);
        let waits: Vec<Duration> = (0..7)
            .map(|_| limiter.book(None, start, far).unwrap_or(Duration::MAX))
            .collect();
        let spaced = |n: u32| Duration::from_millis(1020) * n;
        assert_eq!(
            waits,
            [
                spaced(0),
                spaced(0),
                spaced(0),
                spaced(1),
                spaced(1),
                spaced(1),
                spaced(2)
            ]
        );
    }

    #[test]
    fn each_token_has_its_own_window_and_a_wait_past_the_deadline_books_nothing() {
        let limiter = Limiter::new(RateLimit::new(1, Duration::from_secs(10)));
        let start = Instant::now();
        let soon = Duration::from_secs(1);
        let (a, b) = (HeaderValue::from_static("a"), HeaderValue::from_static("b"));
        assert_eq!(
            limiter.book(Some(&a), start, soon).ok(),
            Some(Duration::ZERO)
        );
        assert_eq!(
            limiter.book(Some(&b), start, soon).ok(),
            Some(Duration::ZERO)
        );
        let refused = limiter.book(Some(&a), start, soon);
        assert_eq!(
            refused.err().map(|over| over.wait),
            Some(Duration::from_millis(10_200))
        );
        // The refusal booked nothing: with a later deadline the wait is still one window.
        let later = Duration::from_secs(60);
        assert_eq!(
            limiter.book(Some(&a), start, later).ok(),
            Some(Duration::from_millis(10_200))
        );
    }

    #[test]
    fn off_never_waits() {
        let limiter = Limiter::new(RateLimit::off());
        let now = Instant::now();
        for _ in 0..1000 {
            assert_eq!(
                limiter.book(None, now, Duration::ZERO).ok(),
                Some(Duration::ZERO)
            );
        }
    }

    #[test]
    fn a_window_longer_than_the_clock_can_count_waits_forever_without_overflowing() {
        let limiter = Limiter::new(RateLimit::new(1, Duration::MAX));
        let now = Instant::now();
        assert_eq!(
            limiter.book(None, now, Duration::MAX).ok(),
            Some(Duration::ZERO)
        );
        let refused = limiter.book(None, now, Duration::MAX);
        assert_eq!(refused.err().map(|over| over.wait), Some(Duration::MAX));
    }
}

//! Waiting for a resource to reach a state: one GET sent again and again, with growing pauses,
//! until a condition holds on its answer, an error ends it or the time budget runs out.

use std::convert::Infallible;
use std::future::IntoFuture;
use std::time::Duration;

use tokio::time::Instant;

use crate::error::Error;
use crate::response::ApiResponse;
use crate::retry::backoff;

/// The pause after the first poll, by default: later pauses double up to
/// [`DEFAULT_WAIT_MAX_INTERVAL`], half of each random.
pub const DEFAULT_WAIT_INTERVAL: Duration = Duration::from_secs(1);

/// The longest pause between two polls, by default.
pub const DEFAULT_WAIT_MAX_INTERVAL: Duration = Duration::from_secs(30);

/// How long a [`Waiter`] waits in all, by default: 10 minutes, polls and pauses included.
pub const DEFAULT_WAIT_BUDGET: Duration = Duration::from_secs(600);

/// Polls a GET operation until its answer satisfies a condition: the way to wait for a task to
/// finish, a resource to appear in a state, an import to complete.
///
/// [`Waiter::new`] takes a closure that makes the request, called once per poll: a request
/// builder of any GET operation (`|| client.v3().get_something(id)`), a
/// [`Client::request`](crate::Client::request), or any future that answers with an
/// [`ApiResponse`]. [`until`](Self::until) sends it, checks the condition on each answer, and
/// between polls pauses [`interval`](Self::interval) (1 s by default), doubling each time up
/// to [`max_interval`](Self::max_interval) (30 s), half of each pause random so that many
/// waiters do not poll in step. It answers with:
///
/// - the first answer that satisfies the condition;
/// - [`WaitError::TimedOut`] with the last answer, when the [`budget`](Self::budget) (10
///   minutes) runs out first: a poll in flight then is abandoned, and no pause starts that
///   would leave no time for another poll;
/// - [`WaitError::Failed`] with the error of the first poll that failed (each poll has the
///   client's retries for transient failures already).
///
/// Dropping the future stops the waiting at once, the poll in flight included.
///
/// A task SailPoint runs (an aggregation, a report, an import) is done when its
/// `completionStatus` is set. With the `task_management` module, the operation's builder makes
/// the polls (`Waiter::new(|| client.task_management().get_task_status_v1(&task_id))`, then
/// `.until(|task| task.completion_status.is_some())`; sailpoint-client's
/// `examples/wait_for_task.rs` does it in full); any path can be polled with
/// [`Client::request`](crate::Client::request):
///
/// ```no_run
/// use std::time::Duration;
/// use client_runtime::reqwest::Method;
/// use client_runtime::{WaitError, Waiter};
///
/// # async fn example(client: client_runtime::Client, task_id: &str) -> Result<(), Box<dyn std::error::Error>> {
/// let waited = Waiter::new(|| {
///     client
///         .request(Method::GET, format!("/v2025/task-status/{task_id}"))
///         .send_json::<client_runtime::serde_json::Value>()
/// })
/// .interval(Duration::from_secs(2))
/// .budget(Duration::from_secs(15 * 60))
/// .until(|task| !task["completionStatus"].is_null())
/// .await;
/// match waited {
///     Ok(task) => println!("the task ended {}", task["completionStatus"]),
///     Err(WaitError::TimedOut { last, polls, .. }) => {
///         let progress = last.map(|task| task["percentComplete"].clone());
///         println!("still running after {polls} polls, at {progress:?} percent");
///     }
///     Err(other) => return Err(other.into()),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a waiter does nothing until `until(...)` is awaited"]
pub struct Waiter<F> {
    make_request: F,
    interval: Duration,
    max_interval: Duration,
    budget: Duration,
}

impl<F> Waiter<F> {
    /// A waiter that polls the requests `make_request` makes, one per poll.
    pub fn new(make_request: F) -> Self {
        Waiter {
            make_request,
            interval: DEFAULT_WAIT_INTERVAL,
            max_interval: DEFAULT_WAIT_MAX_INTERVAL,
            budget: DEFAULT_WAIT_BUDGET,
        }
    }

    /// The pause after the first poll, doubled after each later one; defaults to
    /// [`DEFAULT_WAIT_INTERVAL`].
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The longest pause between two polls; defaults to [`DEFAULT_WAIT_MAX_INTERVAL`].
    pub fn max_interval(mut self, max_interval: Duration) -> Self {
        self.max_interval = max_interval;
        self
    }

    /// How long to wait in all, polls and pauses included; defaults to
    /// [`DEFAULT_WAIT_BUDGET`].
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// Polls until `condition` holds on an answer; see [`Waiter`] for how it ends.
    pub async fn until<R, T, E, C>(
        mut self,
        mut condition: C,
    ) -> Result<ApiResponse<T>, WaitError<T, E>>
    where
        F: FnMut() -> R,
        R: IntoFuture<Output = Result<ApiResponse<T>, Error<E>>>,
        C: FnMut(&ApiResponse<T>) -> bool,
    {
        let started = Instant::now();
        // A budget too long to be a point in time is no limit.
        let deadline = started.checked_add(self.budget);
        let mut polls: u32 = 0;
        let mut last = None;
        loop {
            polls = polls.saturating_add(1);
            let poll = (self.make_request)().into_future();
            let answer = match deadline {
                Some(deadline) => match tokio::time::timeout_at(deadline, poll).await {
                    Ok(answer) => answer,
                    Err(_) => return Err(self.timed_out(last, polls)),
                },
                None => poll.await,
            };
            let response = answer.map_err(|error| WaitError::Failed {
                error,
                polls,
                elapsed: started.elapsed(),
            })?;
            if condition(&response) {
                return Ok(response);
            }
            last = Some(Box::new(response));
            let pause = backoff(self.interval, self.max_interval, polls);
            let resume = Instant::now().checked_add(pause);
            if let Some(deadline) = deadline {
                if resume.is_none_or(|resume| resume >= deadline) {
                    return Err(self.timed_out(last, polls));
                }
            }
            tracing::debug!(
                polls,
                pause_ms = pause.as_millis(),
                "the condition does not hold yet; polling again"
            );
            tokio::time::sleep(pause).await;
        }
    }

    fn timed_out<T, E>(&self, last: Option<Box<ApiResponse<T>>>, polls: u32) -> WaitError<T, E> {
        WaitError::TimedOut {
            last,
            polls,
            budget: self.budget,
        }
    }
}

/// Why a [`Waiter`] ended without an answer that satisfies its condition.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WaitError<T, E = Infallible> {
    /// The budget ran out before an answer satisfied the condition.
    #[error(
        "the condition did not hold within the wait's budget of {budget:?} ({}; {})",
        polls_sent(*.polls),
        match last { Some(_) => "the last answer is kept", None => "no poll was answered" }
    )]
    TimedOut {
        /// The last answer, which did not satisfy the condition; `None` when no poll was
        /// answered within the budget.
        last: Option<Box<ApiResponse<T>>>,
        /// How many polls were sent, the one abandoned when the budget ran out included.
        polls: u32,
        /// The [`budget`](Waiter::budget).
        budget: Duration,
    },
    /// A poll failed, which ends the wait.
    #[error("poll {polls} failed after {elapsed:?} of waiting: {error}")]
    Failed {
        /// The poll's error.
        #[source]
        error: Error<E>,
        /// How many polls were sent, the one that failed included.
        polls: u32,
        /// How long the wait had lasted.
        elapsed: Duration,
    },
}

/// "1 poll", "2 polls".
fn polls_sent(polls: u32) -> String {
    match polls {
        1 => "1 poll".to_owned(),
        _ => format!("{polls} polls"),
    }
}

impl<T, E> WaitError<T, E> {
    /// The last answer before the budget ran out.
    pub fn last(&self) -> Option<&ApiResponse<T>> {
        match self {
            WaitError::TimedOut { last, .. } => last.as_deref(),
            WaitError::Failed { .. } => None,
        }
    }

    /// The error of the poll that failed.
    pub fn error(&self) -> Option<&Error<E>> {
        match self {
            WaitError::Failed { error, .. } => Some(error),
            WaitError::TimedOut { .. } => None,
        }
    }
}

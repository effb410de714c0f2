//! The pagination test bed: random listings (sizes of 0, multiples of the page size and around
//! them, page sizes set three ways, starting offsets, item caps, `count` set or not) against
//! random list endpoints (`listing/`) that cap pages, ignore `offset`, wrap around, shuffle,
//! change fields, grow while listed, drop ids, answer past the end with `[]` or SailPoint's
//! 400, report a right, wrong or no `X-Total-Count`, or fail one request with a real 400 or
//! 500. It checks invariants, not examples:
//!
//! - the stream ends, within a bounded number of requests, and never panics;
//! - it yields exactly the items the server sent, in order (no loss, no invention), except a
//!   page it calls stalled, and no more than its item cap;
//! - a server that behaves gets its whole listing back and no error;
//! - an error status the server sent is yielded, unless it is the offset complaint past the
//!   end of the listing (or, with no total reported, after a full page);
//! - a server that does not advance ends the stream with `PaginationStalled`.
//!
//! Cases are seeded, so a run is deterministic. `TESTBED_CASES` sets how many run (200 by
//! default, a few seconds), `TESTBED_SEED` the first case's seed; a failure names the seed
//! that replays it alone (`TESTBED_SEED=<seed> TESTBED_CASES=1`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;
mod listing;

use std::time::Duration;

use common::{start_server, TOKEN};
use listing::{
    item_id, Answer, Behaviour, Call, End, Failure, Listing, Op, PastEnd, Total, Walked,
};
use sailpoint_client::{Client, Decoding, RateLimit, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

/// Cases run when `TESTBED_CASES` is not set.
const DEFAULT_CASES: u64 = 200;
/// The first case's seed when `TESTBED_SEED` is not set.
const DEFAULT_SEED: u64 = 28;
/// The page size the operations' specs document as their maximum.
const MAX_PAGE_SIZE: usize = 250;
/// Items a stream may yield before it counts as endless: more than any listing here holds.
const ITEM_BOUND: usize = 50_000;
/// Time a case may take before it counts as endless.
const CASE_TIMEOUT: Duration = Duration::from_secs(20);

/// A client for `server` as the other tests make it, without the client-side rate limit (100
/// requests per 10 s), which would make a long run mostly waiting.
fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::never())
        .decoding(Decoding::Strict)
        .rate_limit(RateLimit::off())
        .build()
        .expect("the mock server's URI is a valid base URL")
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .map_or(default, |value| value.trim().parse().expect("a number"))
}

/// One random listing: the operation, its items, how the server behaves and what the caller
/// sets.
#[derive(Debug, Clone)]
struct Case {
    op: Op,
    size: usize,
    behaviour: Behaviour,
    call: Call,
}

impl Case {
    fn generate(seed: u64) -> Case {
        let mut rng = fastrand::Rng::with_seed(seed);
        let op = Op::ALL[rng.usize(..Op::ALL.len())];
        let page = match rng.u8(..10) {
            0..=6 => rng.usize(1..=8),
            7 | 8 => rng.usize(9..=30),
            _ => MAX_PAGE_SIZE,
        };
        let size = match rng.u8(..6) {
            0 => 0,
            1 | 2 => page * rng.usize(1..=4),
            3 => (page * rng.usize(1..=3)).saturating_sub(1),
            4 => page * rng.usize(1..=3) + 1,
            _ => rng.usize(0..=4 * page),
        };
        let mut call = Call::default();
        match (page, rng.bool()) {
            (MAX_PAGE_SIZE, _) => {}
            (page, true) => call.limit = Some(page as i32),
            (page, false) => call.page_size = Some(page as u64),
        }
        if rng.u8(..5) == 0 {
            call.offset = Some(rng.i32(-2..=size as i32 + 1));
        }
        call.count = match rng.u8(..7) {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        };
        if rng.u8(..5) == 0 {
            call.max_items = Some(rng.u64(0..=size as u64 + 2));
        }

        let mut behaviour = Behaviour {
            past_end: if rng.bool() {
                PastEnd::OffsetInvalid
            } else {
                PastEnd::Empty
            },
            total: match rng.u8(..5) {
                0 => Total::Absent,
                1 => Total::Off(if rng.bool() {
                    rng.i64(1..=3)
                } else {
                    -rng.i64(1..=3)
                }),
                _ => Total::Honest,
            },
            changes_fields: rng.u8(..3) == 0,
            ..Behaviour::default()
        };
        if page > 1 && rng.u8(..5) == 0 {
            behaviour.cap = Some(rng.usize(1..page));
        }
        let served_page = behaviour.cap.unwrap_or(page);
        match rng.u8(..9) {
            0 | 1 => {
                behaviour.ignores_offset = true;
                behaviour.shuffles = rng.bool();
                // One new item a page among fewer than two repeats looks like a listing that
                // shifts by one (see `grows` below).
                behaviour.grows = served_page >= 3 && rng.bool();
            }
            2 => behaviour.wraps_around = true,
            // A page of one item that shifts by one is its own repeat: a stall, as README says.
            3 if served_page >= 2 => behaviour.grows = true,
            _ => {}
        }
        // Items compared whole are only noticed repeating a page exactly, so a server that
        // ignores `offset` while a field changes or new items come in, that wraps around, or
        // whose listing grows while a field changes, is out of reach for them (README says so).
        let out_of_reach = behaviour.wraps_around
            || (behaviour.grows && behaviour.changes_fields)
            || (behaviour.ignores_offset && (behaviour.changes_fields || behaviour.grows));
        behaviour.anonymous = op.id_is_optional() && !out_of_reach && rng.u8(..4) == 0;
        if rng.u8(..4) == 0 {
            let failure = match rng.u8(..3) {
                0 => Failure::ServerError,
                1 => Failure::BadRequest,
                _ => Failure::OffsetComplaint,
            };
            let pages = size / served_page.max(1) + 2;
            behaviour.fails = Some((rng.usize(..pages), failure));
        }
        Case {
            op,
            size,
            behaviour,
            call,
        }
    }

    /// The page size the stream asks for: the stream's, else the builder's `limit`, else 250;
    /// between 1 and the documented maximum.
    fn page_size(&self) -> usize {
        let asked = match (self.call.page_size, self.call.limit) {
            (Some(page_size), _) => page_size as usize,
            (None, Some(limit)) if limit > 0 => limit as usize,
            _ => MAX_PAGE_SIZE,
        };
        asked.clamp(1, MAX_PAGE_SIZE)
    }

    /// Items a page of the server holds.
    fn served_page_size(&self) -> usize {
        self.page_size()
            .min(self.behaviour.cap.unwrap_or(usize::MAX))
    }

    fn start(&self) -> usize {
        self.call.offset.map_or(0, |offset| offset.max(0) as usize)
    }

    /// Whether the server reports the listing's size to this stream.
    fn total_reported(&self) -> bool {
        self.call.count != Some(false) && self.behaviour.total != Total::Absent
    }

    /// The listing's size as the server last reported it before the requests `served`.
    fn reported_total(&self, served: &[listing::Served]) -> Option<usize> {
        let asked = served
            .iter()
            .rev()
            .find(|request| request.count.as_deref() == Some("true"))?;
        match self.behaviour.total {
            Total::Honest => Some(asked.listing_size),
            Total::Absent => None,
            Total::Off(by) => Some((asked.listing_size as i64 + by).max(0) as usize),
        }
    }

    /// The most requests the stream may send.
    fn request_bound(&self) -> usize {
        let behaviour = &self.behaviour;
        let page = self.served_page_size().max(1);
        if behaviour.ignores_offset {
            // The first page, and the one that repeats it; a shuffled page of a growing
            // listing may by chance look shifted by inserts (its repeats first, in the order
            // the page before ended with), which goes on a page or two more.
            return if behaviour.shuffles && behaviour.grows {
                5
            } else {
                2
            };
        }
        if behaviour.wraps_around {
            // Pages repeat a set of items at the latest once page and listing boundaries meet.
            let cycle = lcm(self.size.max(1), page);
            return cycle / page + 2;
        }
        // A growing listing advances by a page less the one item inserted before it.
        let advance = if behaviour.grows { page - 1 } else { page };
        self.size.div_ceil(advance.max(1)) * if behaviour.grows { 2 } else { 1 } + 2
    }

    /// Checks the invariants of a walk of this case against what the server logged.
    fn check(&self, walked: &Walked, listing: &Listing) -> Result<(), String> {
        let served = listing.served();
        let behaviour = &self.behaviour;
        if walked.end == End::Endless {
            return Err(format!(
                "endless: {} items over {} requests",
                walked.ids.len(),
                served.len()
            ));
        }
        if served.len() > self.request_bound() {
            return Err(format!(
                "{} requests, more than the bound of {}",
                served.len(),
                self.request_bound()
            ));
        }

        // What went over the wire: the count asked for, and the items in order.
        let first_count = Some(self.call.count.unwrap_or(true).to_string());
        let later_count = self.call.count.map(|count| count.to_string());
        for (index, request) in served.iter().enumerate() {
            let expected = if index == 0 {
                &first_count
            } else {
                &later_count
            };
            if request.count != *expected {
                return Err(format!(
                    "request {index} sent count {:?}, not {expected:?}",
                    request.count
                ));
            }
        }
        let mut pages: Vec<&Vec<String>> = served
            .iter()
            .filter_map(|served| match &served.answer {
                Answer::Page(ids) => Some(ids),
                Answer::Status { .. } => None,
            })
            .collect();
        if matches!(walked.end, End::Stalled { .. }) {
            if !matches!(
                served.last().map(|last| &last.answer),
                Some(Answer::Page(_))
            ) {
                return Err("stalled, but the last answer was no page".into());
            }
            pages.pop();
        }
        let cap = self.call.max_items.map_or(usize::MAX, |cap| cap as usize);
        let on_the_wire: Vec<String> = pages.into_iter().flatten().take(cap).cloned().collect();
        if walked.ids != on_the_wire {
            return Err(format!(
                "yielded {} items that are not the {} the server sent, in order: {}",
                walked.ids.len(),
                on_the_wire.len(),
                first_difference(&walked.ids, &on_the_wire)
            ));
        }

        // Error statuses: yielded, or the end of the listing.
        for (index, request) in served.iter().enumerate() {
            let Answer::Status { status, complaint } = request.answer else {
                continue;
            };
            let last = index + 1 == served.len();
            let yielded = matches!(
                walked.end,
                End::Failed { status: Some(yielded), .. } if yielded == status
            );
            if last && yielded {
                continue;
            }
            let past_the_end = request.offset >= request.listing_size
                || self
                    .reported_total(&served[..index])
                    .is_none_or(|total| request.offset >= total);
            if !(last && complaint && index > 0 && past_the_end && walked.end == End::Finished) {
                return Err(format!(
                    "the {status} answered to request {index} (offset {}, listing of {}, offset \
                     complaint {complaint}) was hidden; the stream ended {:?}",
                    request.offset, request.listing_size, walked.end
                ));
            }
        }
        if let End::Failed { status, message } = &walked.end {
            let sent = served.last().and_then(|last| match last.answer {
                Answer::Status { status, .. } => Some(status),
                Answer::Page(_) => None,
            });
            if *status != sent {
                return Err(format!("an error the server did not send: {message}"));
            }
        }

        // What each kind of server gets.
        let whole_listing: Vec<String> = (self.start()..self.size).map(item_id).take(cap).collect();
        let honours = behaviour.honours_offset() && !behaviour.grows && behaviour.fails.is_none();
        let pages_whole = behaviour.cap.is_none_or(|cap| cap >= self.page_size());
        let starts_past_the_end = self.start() >= self.size
            && self.start() > 0
            && behaviour.past_end == PastEnd::OffsetInvalid
            && cap > 0;
        if honours && starts_past_the_end {
            if !matches!(
                walked.end,
                End::Failed {
                    status: Some(400),
                    ..
                }
            ) {
                return Err(format!(
                    "a first page past the end must be the 400 it is, not {:?}",
                    walked.end
                ));
            }
        } else if honours && (pages_whole || self.total_reported()) {
            let total_honest = !matches!(behaviour.total, Total::Off(_)) || !self.total_reported();
            let ends_well = walked.end == End::Finished
                || (!total_honest
                    && matches!(
                        walked.end,
                        End::Failed {
                            status: Some(400),
                            ..
                        }
                    ));
            let wrong_total_loses = !total_honest && !pages_whole;
            if (walked.ids != whole_listing && !wrong_total_loses) || !ends_well {
                return Err(format!(
                    "a server that pages as asked must get its whole listing back: yielded {}, \
                     listing {}, end {:?}",
                    walked.ids.len(),
                    whole_listing.len(),
                    walked.end
                ));
            }
        } else if honours {
            // Short pages and no total: the first short page looks like the end (README).
            if !whole_listing.starts_with(&walked.ids) || walked.end != End::Finished {
                return Err(format!(
                    "a capped listing without a total must give a prefix and end: {:?}",
                    walked.end
                ));
            }
        }
        // A total reported too high makes the stream go on after a short page; what an
        // insert shifted onto it then brings nothing new, which is a stall.
        let total_too_high =
            self.total_reported() && matches!(behaviour.total, Total::Off(by) if by > 0);
        if behaviour.honours_offset()
            && behaviour.grows
            && behaviour.fails.is_none()
            && !starts_past_the_end
            && !total_too_high
        {
            if walked.end != End::Finished {
                return Err(format!(
                    "a listing that grows while read is no stalled server: {:?}",
                    walked.end
                ));
            }
            // Short pages end the listing at the total reported before it grew.
            if pages_whole && cap == usize::MAX {
                let missing: Vec<String> = (self.start()..self.size)
                    .map(item_id)
                    .filter(|id| !walked.ids.contains(id))
                    .collect();
                if !missing.is_empty() {
                    return Err(format!("items lost while the listing grew: {missing:?}"));
                }
            }
        }
        let second_page_goes_on = served.get(1).is_some_and(
            |second| matches!(&second.answer, Answer::Page(ids) if ids.len() >= second.limit),
        );
        if behaviour.ignores_offset
            && behaviour.fails.is_none()
            && self.call.max_items.is_none()
            && second_page_goes_on
            && !matches!(walked.end, End::Stalled { .. })
        {
            return Err(format!(
                "a second page from a server that ignores offset must be a stall, not {:?}",
                walked.end
            ));
        }
        Ok(())
    }
}

fn lcm(a: usize, b: usize) -> usize {
    let (mut x, mut y) = (a, b);
    while y != 0 {
        (x, y) = (y, x % y);
    }
    a / x * b
}

/// Where two lists of ids first differ, for a failure message.
fn first_difference(yielded: &[String], expected: &[String]) -> String {
    let at = yielded
        .iter()
        .zip(expected)
        .position(|(a, b)| a != b)
        .unwrap_or(yielded.len().min(expected.len()));
    format!(
        "first difference at {at}: yielded {:?}, sent {:?}",
        yielded.get(at),
        expected.get(at)
    )
}

#[tokio::test]
async fn random_listings_against_random_servers_keep_the_invariants() {
    let cases = env_number("TESTBED_CASES", DEFAULT_CASES);
    let first_seed = env_number("TESTBED_SEED", DEFAULT_SEED);
    let server = start_server().await;
    let client = client_for(&server);
    let mut failures = Vec::new();
    let mut ends = std::collections::BTreeMap::<&str, usize>::new();
    for seed in (0..cases).map(|index| first_seed.wrapping_add(index)) {
        let case = Case::generate(seed);
        server.reset().await;
        let listing = Listing::new(case.op, case.size, case.behaviour.clone());
        Mock::given(any())
            .respond_with(listing.clone())
            .mount(&server)
            .await;
        let walk = listing::stream(&client, case.op, &case.call, ITEM_BOUND);
        let outcome = match tokio::time::timeout(CASE_TIMEOUT, walk).await {
            Ok(walked) => {
                *ends
                    .entry(match walked.end {
                        End::Finished => "finished",
                        End::Stalled { .. } => "stalled",
                        End::Failed { .. } => "failed",
                        End::Endless => "endless",
                    })
                    .or_default() += 1;
                case.check(&walked, &listing)
            }
            Err(_) => Err(format!("no end within {CASE_TIMEOUT:?}")),
        };
        if let Err(problem) = outcome {
            failures.push(format!(
                "TESTBED_SEED={seed} TESTBED_CASES=1: {problem}\n  {case:?}\n  requests: {:?}",
                listing.pages_requested()
            ));
        }
    }
    println!("{cases} cases from seed {first_seed}: {ends:?}");
    assert!(
        failures.is_empty(),
        "{} of {cases} cases broke an invariant:\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

//! Walking a list operation page by page as a stream of items, fetching each page only when the
//! items before it have been taken, and deciding where the listing ends.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_core::Stream;
use reqwest::StatusCode;
use serde_json::Value;

use crate::decode::{self, Deviation};
use crate::error::Error;
use crate::request::Operation;
use crate::response::RawResponse;

/// The page size when the caller sets none: the most SailPoint's list operations return.
pub const DEFAULT_PAGE_SIZE: u64 = 250;

/// How many deviations a stream keeps for [`Paginated::deviations`]; later ones are counted
/// (and logged) but not kept, so a long listing of drifting records holds bounded memory.
const KEPT_DEVIATIONS: usize = 1000;

/// How many item identities, and how many pages, the stall guard remembers: about 4 MB at
/// most. Past that a stream still notices a page that repeats the page before it.
const REMEMBERED: usize = 100_000;

/// The longest text a server's offset complaint is looked for in: a long body that happens to
/// use both words is some other error.
const LONGEST_COMPLAINT: usize = 200;

/// One page as fetched: the items that decoded, how many the body held, and what of it did not
/// fit the spec.
pub struct Page<T> {
    pub items: Vec<T>,
    /// Items in the body, those dropped as unusable included: the offset advances by this many,
    /// and only a page short by this count ends the stream.
    pub received: usize,
    pub deviations: Vec<Deviation>,
}

/// A page and the listing's size the response reported (`X-Total-Count`).
struct Fetched<T> {
    page: Page<T>,
    total: Option<u64>,
}

/// A page the server did not give, and whether its answer was the complaint that the offset is
/// invalid (which is how SailPoint answers the offset just past the end of a listing).
struct Refused<E> {
    error: Error<E>,
    offset_complaint: bool,
}

impl<E> From<Error<E>> for Refused<E> {
    fn from(error: Error<E>) -> Self {
        Refused {
            error,
            offset_complaint: false,
        }
    }
}

type PageFuture<T, E> = Pin<Box<dyn Future<Output = Result<Fetched<T>, Refused<E>>> + Send>>;
/// Fetches the page at an offset, of a size, and whether it is the stream's first request.
type FetchPage<T, E> = Arc<dyn Fn(u64, u64, bool) -> PageFuture<T, E> + Send + Sync>;

/// Every item of a list operation, page after page: a [`Stream`] of `Result<T, Error<E>>`.
///
/// It asks for pages of [`page_size`](Self::page_size) items from the starting offset and
/// stops at the end of the listing, after [`max_items`](Self::max_items) items, or after the
/// first error, which it yields. Pages are fetched only as items are taken, so dropping the
/// stream stops the fetching.
///
/// The listing ends after an empty page, and after a page shorter than asked unless the size
/// the server reported says more items follow (a server that serves fewer items than asked).
/// Where the operation has a `count` parameter the caller left unset, the first request sends
/// `count=true` so that the server reports that size (`X-Total-Count`,
/// [`total_count`](Self::total_count)). SailPoint answers the offset just past the end of a
/// listing with `400` "Specified offset is invalid."; after a full page, where the reported
/// size says the listing has no more items or no size was reported, that answer ends the
/// stream like an empty page. Any other 400 is yielded as the error it is: on the first page,
/// with another body, or at an offset the reported size says holds items.
///
/// A value that does not fit the spec never ends the stream: the items of every page that
/// decode are yielded, an item that cannot be used even tolerantly is left out (and the stream
/// still advances past it), and each such deviation is kept in
/// [`deviations`](Self::deviations) with the offset of its page. Only transport, status,
/// pagination errors and a page body that is no list at all end it.
///
/// A server that ignores `offset` answers every page with the same items, so the stream
/// compares pages by the items' identity: their `id` where the item model has one (so a field
/// that changes between answers does not hide the repeat), else the whole item. A page that
/// holds the same items as an earlier page, in any order, or more ids already listed than
/// new ones, is [`Error::PaginationStalled`]: it is not yielded, and the stream ends. Items
/// inserted before the offset while the listing is read shift the rest, so the next page
/// starts with the last items of the page before and goes on with new ones; such a page is
/// yielded whole, the repeats included. No count of items or pages limits a listing that does
/// advance, however long it is. (Two cases cannot be told apart from a stalled server: a
/// listing whose pages really hold the same values, such as the same value over and over
/// with a page size of 1, and a page of one item that an insert shifted onto the item before.)
#[must_use = "a stream does nothing unless polled"]
pub struct Paginated<T, E> {
    fetch: FetchPage<T, E>,
    offset: u64,
    page_size: u64,
    max_page_size: u64,
    max_items: Option<u64>,
    yielded: u64,
    buffer: VecDeque<T>,
    pending: Option<PageFuture<T, E>>,
    pages_fetched: u64,
    finished: bool,
    /// The listing's size as the server last reported it.
    total: Option<u64>,
    identity: Identity<T>,
    stall_guard: StallGuard,
    deviations: Vec<Deviation>,
    deviation_count: usize,
}

impl<T, E> Paginated<T, E> {
    /// A stream from `offset` in pages of `page_size`, which never exceeds `max_page_size`: a
    /// server that caps pages would otherwise end the stream early with a short page.
    fn new(
        offset: u64,
        page_size: u64,
        max_page_size: Option<u64>,
        identity: Identity<T>,
        fetch: FetchPage<T, E>,
    ) -> Self {
        let max_page_size = max_page_size.unwrap_or(u64::MAX).max(1);
        Paginated {
            fetch,
            offset,
            page_size: page_size.clamp(1, max_page_size),
            max_page_size,
            max_items: None,
            yielded: 0,
            buffer: VecDeque::new(),
            pending: None,
            pages_fetched: 0,
            finished: false,
            total: None,
            identity,
            stall_guard: StallGuard::default(),
            deviations: Vec::new(),
            deviation_count: 0,
        }
    }

    /// Items per request: at least 1, and at most the maximum the spec documents for the
    /// operation's `limit`.
    pub fn page_size(mut self, page_size: u64) -> Self {
        self.page_size = page_size.clamp(1, self.max_page_size);
        self
    }

    /// Stop after this many items, asking for no more than needed.
    pub fn max_items(mut self, max_items: u64) -> Self {
        self.max_items = Some(max_items);
        self
    }

    /// The next item, fetching the next page first when needed; `Ok(None)` at the end.
    ///
    /// The same as `futures::TryStreamExt::try_next`, without needing that crate.
    pub async fn try_next(&mut self) -> Result<Option<T>, Error<E>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx))
            .await
            .transpose()
    }

    /// What the pages fetched so far held that did not fit the spec, each with the offset of
    /// its page: the first 1000 (see [`deviation_count`](Self::deviation_count) for all).
    /// Items left out are among them, with their JSON.
    pub fn deviations(&self) -> &[Deviation] {
        &self.deviations
    }

    /// How many deviations the pages fetched so far held, kept or not.
    pub fn deviation_count(&self) -> usize {
        self.deviation_count
    }

    /// The size of the whole listing as the server last reported it (`X-Total-Count`), once a
    /// page has been fetched; `None` when it reported none (as when `count(false)` is set).
    pub fn total_count(&self) -> Option<u64> {
        self.total
    }

    fn remaining(&self) -> u64 {
        self.max_items
            .map_or(u64::MAX, |max| max.saturating_sub(self.yielded))
    }

    /// Takes in the page fetched at `offset` with `limit`; an error when it shows the server
    /// is not advancing.
    fn take_page(&mut self, fetched: Fetched<T>, offset: u64, limit: u64) -> Result<(), Error<E>> {
        let Fetched { page, total } = fetched;
        let Page {
            items,
            received,
            deviations,
        } = page;
        if total.is_some() {
            self.total = total;
        }
        let keys = self.identity.keys(&items, &deviations);
        self.deviation_count += deviations.len();
        let room = KEPT_DEVIATIONS.saturating_sub(self.deviations.len());
        self.deviations
            .extend(decode::at_page(deviations, offset).take(room));
        let received = u64::try_from(received).unwrap_or(u64::MAX);
        let next = offset.saturating_add(received);
        let more =
            received > 0 && (received >= limit || self.total.is_some_and(|total| next < total));
        self.finished = !more;
        // A page after which the caller wants no more items cannot make the stream go on.
        let wanted = self.remaining() > u64::try_from(items.len()).unwrap_or(u64::MAX);
        if more && wanted {
            if let Some(previous_offset) = self.stall_guard.repeated(offset, &keys) {
                self.finished = true;
                return Err(Error::PaginationStalled {
                    offset,
                    previous_offset,
                    page_size: received,
                });
            }
        }
        self.offset = next;
        self.buffer.extend(items);
        Ok(())
    }

    /// Whether a refused page is the end of the listing rather than an error: the offset
    /// complaint after a page that did not end the listing, at an offset the reported size (if
    /// any) says is past the end.
    fn is_past_the_end(&self, refused: &Refused<E>, offset: u64) -> bool {
        refused.offset_complaint
            && self.pages_fetched > 1
            && self.total.is_none_or(|total| offset >= total)
    }
}

// Items are moved out of the buffer, never pinned in place, so the stream can move freely.
impl<T, E> Unpin for Paginated<T, E> {}

impl<T, E> Stream for Paginated<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = Pin::into_inner(self);
        loop {
            if this.remaining() == 0 {
                this.pending = None;
                return Poll::Ready(None);
            }
            if let Some(item) = this.buffer.pop_front() {
                this.yielded += 1;
                return Poll::Ready(Some(Ok(item)));
            }
            if this.finished {
                return Poll::Ready(None);
            }
            let limit = this.page_size.min(this.remaining());
            let offset = this.offset;
            let first = this.pages_fetched == 0;
            let fetch = &this.fetch;
            let pending = this
                .pending
                .get_or_insert_with(|| fetch(offset, limit, first));
            let outcome = match pending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(outcome) => outcome,
            };
            this.pending = None;
            this.pages_fetched += 1;
            match outcome {
                Ok(fetched) => {
                    if let Err(stalled) = this.take_page(fetched, offset, limit) {
                        return Poll::Ready(Some(Err(stalled)));
                    }
                }
                Err(refused) => {
                    this.finished = true;
                    if !this.is_past_the_end(&refused, offset) {
                        return Poll::Ready(Some(Err(refused.error)));
                    }
                }
            }
        }
    }
}

impl<T, E> fmt::Debug for Paginated<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginated")
            .field("offset", &self.offset)
            .field("page_size", &self.page_size)
            .field("max_page_size", &self.max_page_size)
            .field("max_items", &self.max_items)
            .field("yielded", &self.yielded)
            .field("buffered", &self.buffer.len())
            .field("pages_fetched", &self.pages_fetched)
            .field("total_count", &self.total)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

// ---------------------------------------------------------------------------------------------
// Telling items apart
// ---------------------------------------------------------------------------------------------

/// What tells one item of a listing from another, for the stall guard: the item's `id` where
/// its model has one, else the whole item.
pub struct Identity<T> {
    /// The property that identifies an item on the wire, read from the JSON of items left out
    /// as unusable.
    property: Option<&'static str>,
    key: fn(&T) -> Key,
}

/// An item's identity, hashed: its id's JSON, or the whole item's where it has no id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Id(u64),
    Whole(u64),
}

impl<T> Identity<T> {
    /// Items identified by `property`, whose value `key` reads (see [`id_or_whole`]).
    pub fn by_property(property: &'static str, key: fn(&T) -> Key) -> Self {
        Identity {
            property: Some(property),
            key,
        }
    }

    /// The keys of a page's items: those decoded, then those left out (from their JSON).
    fn keys(&self, items: &[T], deviations: &[Deviation]) -> Vec<Key> {
        let left_out = deviations
            .iter()
            .filter(|deviation| deviation.is_dropped_item())
            .filter_map(Deviation::found)
            .map(|json| {
                let id = self
                    .property
                    .and_then(|property| json.get(property))
                    .filter(|id| !id.is_null());
                match id {
                    Some(id) => Key::Id(json_hash(id)),
                    None => Key::Whole(json_hash(json)),
                }
            });
        items.iter().map(self.key).chain(left_out).collect()
    }
}

impl<T: serde::Serialize> Identity<T> {
    /// Items compared whole, for a model without an id.
    pub fn whole() -> Self {
        Identity {
            property: None,
            key: |item| Key::Whole(json_hash(item)),
        }
    }
}

/// The key of an item whose identifying property holds `id`: the id, unless it is absent, when
/// the item is compared whole.
pub fn id_or_whole<I, T>(id: &I, item: &T) -> Key
where
    I: serde::Serialize + ?Sized,
    T: serde::Serialize,
{
    match serde_json::to_value(id) {
        Ok(id) if !id.is_null() => Key::Id(json_hash(&id)),
        _ => Key::Whole(json_hash(item)),
    }
}

/// A hash of `value` written as JSON, so that a decoded item and the JSON of one left out hash
/// alike when they are alike.
fn json_hash<V: serde::Serialize + ?Sized>(value: &V) -> u64 {
    let mut hasher = HashingWriter(DefaultHasher::new());
    // Writing into a hasher cannot fail; a value that cannot be written as JSON hashes as far
    // as it got, the same way every time.
    serde_json::to_writer(&mut hasher, value).ok();
    hasher.0.finish()
}

/// Feeds written bytes to a hasher.
struct HashingWriter(DefaultHasher);

impl std::io::Write for HashingWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What the pages of a stream listed so far, to notice a server that is not advancing.
#[derive(Default)]
struct StallGuard {
    /// Each id listed, with the offset of the page that first listed it (the first
    /// [`REMEMBERED`]).
    listed: HashMap<u64, u64>,
    /// Each page's items as a set with repeats (the sum of their keys' hashes), with its
    /// offset (the first [`REMEMBERED`]).
    pages: HashMap<u64, u64>,
    /// The page before: its offset, its keys in order, and its ids, which are checked even
    /// once `listed` is full.
    previous: (u64, Vec<Key>, HashSet<u64>),
}

impl StallGuard {
    /// The offset of an earlier page when the page at `offset` does not advance the listing:
    /// it holds the same items as that page (in any order), or more ids listed before than
    /// new ones (the offset is then that of the earliest page that listed one of them), unless
    /// it brings new ones after a run of the page before's last items: a listing shifted by
    /// items inserted before the offset while it is read. Otherwise the page is remembered and
    /// `None` returned.
    fn repeated(&mut self, offset: u64, keys: &[Key]) -> Option<u64> {
        if keys.is_empty() {
            return None;
        }
        let items = keys
            .iter()
            .fold(0u64, |sum, key| sum.wrapping_add(mixed(key)));
        if let Some(earlier) = self.pages.get(&items) {
            return Some(*earlier);
        }
        let ids: HashSet<u64> = keys
            .iter()
            .filter_map(|key| match key {
                Key::Id(id) => Some(*id),
                Key::Whole(_) => None,
            })
            .collect();
        let (previous_offset, previous_keys, previous_ids) = &self.previous;
        let listed_at: Vec<u64> = ids
            .iter()
            .filter_map(|id| {
                self.listed
                    .get(id)
                    .copied()
                    .or_else(|| previous_ids.contains(id).then_some(*previous_offset))
            })
            .collect();
        let repeats = listed_at.len();
        let new = ids.len() - repeats;
        let shifted = new > 0 && previous_keys.ends_with(&keys[..repeats.min(keys.len())]);
        if repeats > new && !shifted {
            return listed_at.into_iter().min();
        }
        if self.pages.len() < REMEMBERED {
            self.pages.insert(items, offset);
        }
        for id in &ids {
            if self.listed.len() >= REMEMBERED {
                break;
            }
            self.listed.entry(*id).or_insert(offset);
        }
        self.previous = (offset, keys.to_vec(), ids);
        None
    }
}

/// A key spread over all 64 bits, so that sums of keys tell sets of items apart.
fn mixed(key: &Key) -> u64 {
    let mut hasher = DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
}

// ---------------------------------------------------------------------------------------------
// The end of a listing
// ---------------------------------------------------------------------------------------------

/// Whether `response` is a 400 whose body says the offset is invalid: how SailPoint answers
/// the offset just past the end of a listing
/// (`{"detailMessage":"Specified offset is invalid.",...}`). Any string of a JSON body, or a
/// text body, that names both the offset and its being invalid counts.
fn is_offset_complaint(response: &RawResponse) -> bool {
    if response.status() != StatusCode::BAD_REQUEST {
        return false;
    }
    let body = response.body();
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    match serde_json::from_slice::<Value>(body) {
        Ok(json) => {
            let mut values = vec![&json];
            while let Some(value) = values.pop() {
                match value {
                    Value::String(text) if says_offset_is_invalid(text) => return true,
                    Value::Array(items) => values.extend(items),
                    Value::Object(fields) => values.extend(fields.values()),
                    _ => {}
                }
            }
            false
        }
        Err(_) => says_offset_is_invalid(&String::from_utf8_lossy(body)),
    }
}

/// Whether a short text uses the words "offset" and "invalid" (in any case).
fn says_offset_is_invalid(text: &str) -> bool {
    if text.len() > LONGEST_COMPLAINT {
        return false;
    }
    let said = |word: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .any(|said| said.eq_ignore_ascii_case(word))
    };
    said("offset") && said("invalid")
}

// ---------------------------------------------------------------------------------------------
// The stream of a builder
// ---------------------------------------------------------------------------------------------

/// Converts a page offset or size into the parameter's integer type.
pub fn page_parameter<N: TryFrom<u64>>(value: u64, name: &str) -> Result<N, Error> {
    N::try_from(value)
        .map_err(|_| Error::InvalidRequest(format!("`{name}` {value} is out of range for the API")))
}

/// A list operation's page parameters as the caller set them: the offset and the limit, each
/// with its name on the wire, and the most items a page may hold.
pub struct PageParameters<N, L> {
    pub offset: (Option<N>, &'static str),
    pub limit: (Option<L>, &'static str),
    pub max_page_size: Option<u64>,
}

/// The stream of a list operation's builder: pages from the caller's `offset` (else 0) of the
/// caller's `limit` (else [`DEFAULT_PAGE_SIZE`]), each fetched by a copy of the builder whose
/// offset and limit `set_page` sets (and, for the first page only, what `first_page` sets: the
/// request for the listing's size), its items taken from the success body by `items` and told
/// apart by `identity`.
pub fn stream<O, N, L, T>(
    operation: O,
    parameters: PageParameters<N, L>,
    set_page: fn(&mut O, N, L),
    first_page: fn(&mut O),
    items: fn(O::Success) -> Vec<T>,
    identity: Identity<T>,
) -> Paginated<T, O::Error>
where
    O: Operation + Clone + Sync,
    N: TryInto<u64> + TryFrom<u64> + Send + 'static,
    L: TryInto<u64> + TryFrom<u64> + Send + 'static,
    T: Send + 'static,
{
    let PageParameters {
        offset: (offset, offset_name),
        limit: (limit, limit_name),
        max_page_size,
    } = parameters;
    let start = offset.map_or(0, page_count);
    let page_size = limit
        .map(page_count)
        .filter(|size| *size > 0)
        .unwrap_or(DEFAULT_PAGE_SIZE);
    let fetch: FetchPage<T, O::Error> = Arc::new(move |offset: u64, limit: u64, first: bool| {
        let mut page = operation.clone();
        let page_future: PageFuture<T, O::Error> = Box::pin(async move {
            let offset = page_parameter(offset, offset_name).map_err(Error::widen)?;
            let limit = page_parameter(limit, limit_name).map_err(Error::widen)?;
            set_page(&mut page, offset, limit);
            if first {
                first_page(&mut page);
            }
            let (client, request) = page.into_request();
            let response = client.execute(request).await.map_err(Error::widen)?;
            let offset_complaint = is_offset_complaint(&response);
            match O::read_response(response) {
                Ok(response) => Ok(Fetched {
                    total: response.total_count(),
                    page: response.into_page(items),
                }),
                Err(error) => Err(Refused {
                    error,
                    offset_complaint,
                }),
            }
        });
        page_future
    });
    Paginated::new(start, page_size, max_page_size, identity, fetch)
}

/// A caller's offset or page size as an unsigned count; negative values count as zero.
pub fn page_count<N: TryInto<u64>>(value: N) -> u64 {
    value.try_into().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(value: u64) -> Key {
        Key::Id(value)
    }

    #[test]
    fn sailpoints_answer_past_the_end_and_its_wordings_are_the_offset_complaint() {
        for body in [
            r#"{"detailMessage":"Specified offset is invalid.","stackTrace":[],"suppressedExceptions":[]}"#,
            "\u{feff}{\"detailMessage\":\"Specified offset is invalid.\"}",
            r#"{"messages":[{"locale":"en-US","text":"Invalid offset"}]}"#,
            "offset is invalid",
        ] {
            let response = RawResponse::new(
                StatusCode::BAD_REQUEST,
                Default::default(),
                body.as_bytes().to_vec().into(),
                &crate::Profile::new("test"),
            );
            assert!(is_offset_complaint(&response), "{body}");
        }
    }

    #[test]
    fn other_400s_and_other_statuses_are_not_the_offset_complaint() {
        let long =
            serde_json::json!({ "message": format!("offset is invalid {}", "x".repeat(300)) })
                .to_string();
        for (status, body) in [
            (
                400,
                r#"{"detailCode":"400.1 Bad request content","messages":[{"text":"The request was syntactically correct but its content is invalid."}]}"#,
            ),
            (400, r#"{"detailMessage":"Offset must not exceed 10000."}"#),
            (400, r#"{"offset":"invalid-looking key, no such text"}"#),
            (400, long.as_str()),
            (404, r#"{"detailMessage":"Specified offset is invalid."}"#),
            (400, ""),
        ] {
            let response = RawResponse::new(
                StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
                Default::default(),
                body.as_bytes().to_vec().into(),
                &crate::Profile::new("test"),
            );
            assert!(!is_offset_complaint(&response), "{status} {body}");
        }
    }

    #[test]
    fn the_stall_guard_compares_sets_of_items_and_how_many_ids_are_new() {
        let mut guard = StallGuard::default();
        assert_eq!(guard.repeated(0, &[id(1), id(2), id(3), id(4)]), None);
        // Shifted by one: one repeat, three new.
        assert_eq!(guard.repeated(4, &[id(4), id(5), id(6), id(7)]), None);
        // Half repeated is still advancing.
        assert_eq!(guard.repeated(8, &[id(6), id(7), id(8), id(9)]), None);
        // The first page again, in another order.
        assert_eq!(guard.repeated(12, &[id(3), id(1), id(4), id(2)]), Some(0));
        // Mostly ids of earlier pages: the earliest page that listed one of them.
        assert_eq!(guard.repeated(12, &[id(5), id(2), id(10), id(8)]), Some(0));
        // Three items inserted before the offset: the last three again, then a new one.
        assert_eq!(guard.repeated(12, &[id(7), id(8), id(9), id(10)]), None);
        // The same, with nothing new, goes nowhere.
        assert_eq!(guard.repeated(16, &[id(9), id(10)]), Some(8));
        // Whole items: only the same set again counts.
        let whole = [Key::Whole(1), Key::Whole(1), Key::Whole(2)];
        assert_eq!(guard.repeated(12, &whole), None);
        assert_eq!(
            guard.repeated(15, &[Key::Whole(1), Key::Whole(2), Key::Whole(2)]),
            None
        );
        assert_eq!(guard.repeated(18, &whole), Some(12));
    }

    #[test]
    fn an_absent_id_compares_the_whole_item_and_ids_hash_as_their_json() {
        let item = serde_json::json!({ "id": null, "name": "x" });
        assert_eq!(
            id_or_whole(&None::<String>, &item),
            Key::Whole(json_hash(&item))
        );
        assert_eq!(
            id_or_whole(&Some("a-1".to_owned()), &item),
            Key::Id(json_hash(&serde_json::json!("a-1")))
        );
        assert_eq!(
            id_or_whole(&7i64, &item),
            Key::Id(json_hash(&serde_json::json!(7)))
        );
    }
}

//! Walking a list operation page by page as a stream of items, fetching each page only when the
//! items before it have been taken.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::decode::{self, Deviation};
use crate::error::Error;

/// The page size when the caller sets none: the most SailPoint's list operations return.
pub const DEFAULT_PAGE_SIZE: u64 = 250;

/// How many deviations a stream keeps for [`Paginated::deviations`]; later ones are counted
/// (and logged) but not kept, so a long listing of drifting records holds bounded memory.
const KEPT_DEVIATIONS: usize = 1000;

/// One page as fetched: the items that decoded, how many the body held, and what of it did not
/// fit the spec.
pub(crate) struct Page<T> {
    pub(crate) items: Vec<T>,
    /// Items in the body, those dropped as unusable included: the offset advances by this many,
    /// and only a page short by this count ends the stream.
    pub(crate) received: usize,
    pub(crate) deviations: Vec<Deviation>,
}

type PageFuture<T, E> = Pin<Box<dyn Future<Output = Result<Page<T>, Error<E>>> + Send>>;
type FetchPage<T, E> = Arc<dyn Fn(u64, u64) -> PageFuture<T, E> + Send + Sync>;

/// Every item of a list operation, page after page: a [`Stream`] of `Result<T, Error<E>>`.
///
/// It asks for pages of [`page_size`](Self::page_size) items from the starting offset and stops
/// after a page shorter than that (or empty), after [`max_items`](Self::max_items) items, or
/// after the first error, which it yields. Pages are fetched only as items are taken, so
/// dropping the stream stops the fetching.
///
/// A value that does not fit the spec never ends the stream: the items of every page that
/// decode are yielded, an item that cannot be used even tolerantly is left out (and the stream
/// still advances past it), and each such deviation is kept in
/// [`deviations`](Self::deviations) with the offset of its page. Only transport, status,
/// pagination errors and a page body that is no list at all end it.
///
/// A server that ignores `offset` answers every page with the same items; the stream notices
/// when a full page repeats the one before it item for item, yields
/// [`Error::PaginationStalled`] instead of the repeat, and ends. No count of items or pages
/// limits a listing that does advance, however long it is. (A listing whose consecutive pages
/// really are equal, such as the same value over and over with a page size of 1, cannot be told
/// apart from a stalled one; real listings of distinct records never look like that.)
#[must_use = "a stream does nothing unless polled"]
pub struct Paginated<T, E> {
    fetch: FetchPage<T, E>,
    offset: u64,
    page_size: u64,
    max_page_size: u64,
    max_items: Option<u64>,
    yielded: u64,
    buffer: VecDeque<T>,
    /// The last full page and the offset it was asked for at, to notice a server that is not
    /// advancing.
    previous_page: Option<(u64, Vec<T>)>,
    pending: Option<PageFuture<T, E>>,
    finished: bool,
    deviations: Vec<Deviation>,
    deviation_count: usize,
}

impl<T: Clone + PartialEq, E> Paginated<T, E> {
    /// A stream from `offset` in pages of `page_size`, which never exceeds `max_page_size`: a
    /// server that caps pages would otherwise end the stream early with a short page.
    pub(crate) fn new(
        offset: u64,
        page_size: u64,
        max_page_size: Option<u64>,
        fetch: impl Fn(u64, u64) -> PageFuture<T, E> + Send + Sync + 'static,
    ) -> Self {
        let max_page_size = max_page_size.unwrap_or(u64::MAX).max(1);
        Paginated {
            fetch: Arc::new(fetch),
            offset,
            page_size: page_size.clamp(1, max_page_size),
            max_page_size,
            max_items: None,
            yielded: 0,
            buffer: VecDeque::new(),
            previous_page: None,
            pending: None,
            finished: false,
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
}

impl<T, E> Paginated<T, E> {
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

    fn remaining(&self) -> u64 {
        self.max_items
            .map_or(u64::MAX, |max| max.saturating_sub(self.yielded))
    }
}

// Items are moved out of the buffer, never pinned in place, so the stream can move freely.
impl<T, E> Unpin for Paginated<T, E> {}

impl<T: Clone + PartialEq, E> Stream for Paginated<T, E> {
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
            let fetch = &this.fetch;
            let offset = this.offset;
            let pending = this.pending.get_or_insert_with(|| fetch(offset, limit));
            let page = match pending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            this.pending = None;
            match page {
                Ok(Page {
                    items,
                    received,
                    deviations,
                }) => {
                    this.deviation_count += deviations.len();
                    let room = KEPT_DEVIATIONS.saturating_sub(this.deviations.len());
                    this.deviations
                        .extend(decode::at_page(deviations, offset).take(room));
                    let count = u64::try_from(received).unwrap_or(u64::MAX);
                    this.finished = count < limit;
                    if !this.finished {
                        if let Some((previous_offset, previous)) = &this.previous_page {
                            if *previous == items {
                                let stalled = Error::PaginationStalled {
                                    offset,
                                    previous_offset: *previous_offset,
                                    page_size: count,
                                };
                                this.finished = true;
                                this.previous_page = None;
                                return Poll::Ready(Some(Err(stalled)));
                            }
                        }
                        this.previous_page = Some((offset, items.clone()));
                    }
                    this.offset = this.offset.saturating_add(count);
                    this.buffer.extend(items);
                }
                Err(error) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(error)));
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
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

/// Converts a page offset or size into the parameter's integer type.
pub(crate) fn page_parameter<N: TryFrom<u64>>(value: u64, name: &str) -> Result<N, Error> {
    N::try_from(value)
        .map_err(|_| Error::InvalidRequest(format!("`{name}` {value} is out of range for the API")))
}

/// The stream of a list operation's builder: pages from the caller's `offset` (else 0) of the
/// caller's `limit` (else [`DEFAULT_PAGE_SIZE`]), each fetched by a copy of the builder whose
/// offset and limit `set_page` sets, its items taken from the success body by `items`.
pub(crate) fn stream<O, N, L, T>(
    operation: O,
    (offset, offset_name): (Option<N>, &'static str),
    (limit, limit_name): (Option<L>, &'static str),
    max_page_size: Option<u64>,
    set_page: fn(&mut O, N, L),
    items: fn(O::Success) -> Vec<T>,
) -> Paginated<T, O::Error>
where
    O: crate::request::Operation + Clone + Sync,
    N: TryInto<u64> + TryFrom<u64> + Send + 'static,
    L: TryInto<u64> + TryFrom<u64> + Send + 'static,
    T: Clone + PartialEq + Send + 'static,
{
    let start = offset.map_or(0, page_count);
    let page_size = limit
        .map(page_count)
        .filter(|size| *size > 0)
        .unwrap_or(DEFAULT_PAGE_SIZE);
    Paginated::new(start, page_size, max_page_size, move |offset, limit| {
        let mut page = operation.clone();
        Box::pin(async move {
            let offset = page_parameter(offset, offset_name).map_err(Error::widen)?;
            let limit = page_parameter(limit, limit_name).map_err(Error::widen)?;
            set_page(&mut page, offset, limit);
            crate::request::send(page)
                .await
                .map(|response| response.into_page(items))
        })
    })
}

/// A caller's offset or page size as an unsigned count; negative values count as zero.
pub(crate) fn page_count<N: TryInto<u64>>(value: N) -> u64 {
    value.try_into().unwrap_or(0)
}

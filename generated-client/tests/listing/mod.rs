//! A list endpoint for the pagination tests, as real servers have been seen to behave and
//! misbehave: it pages a listing by `offset` and `limit`, and may cap pages, ignore `offset`,
//! wrap around, shuffle, change a field on every answer, grow while it is listed, send items
//! without ids or items no client can decode, report a right, wrong or no `X-Total-Count`,
//! answer past the end with `[]` or SailPoint's 400, or fail one request. It logs what it answered, so a test can compare the stream with the wire.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]
#![allow(
    dead_code,
    reason = "each test file uses its own subset of the helpers"
)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use futures::{Stream, StreamExt};
use sailpoint_client::{Client, Error, OperationError};
use serde_json::{json, Value};
use wiremock::{Request, Respond, ResponseTemplate};

use crate::common::{error_dto_body, lifecycle_state_minimal, task_status_pending};

/// SailPoint's answer to the offset just past the end of a listing (sailpoint-oss/typescript-sdk#59).
pub fn offset_invalid_body() -> Value {
    json!({
        "detailMessage": "Specified offset is invalid.",
        "stackTrace": [],
        "suppressedExceptions": []
    })
}

/// The list operations that have a `stream()`, in both module generations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `v2024::get_task_status_list`.
    TaskStatusList,
    /// `v2024::get_pending_tasks`.
    PendingTasks,
    /// `task_management::get_task_status_list_v1`.
    TaskStatusListV1,
    /// `v3::get_lifecycle_states`.
    LifecycleStates,
    /// `lifecycle_states::get_lifecycle_states_v1`.
    LifecycleStatesV1,
}

impl Op {
    pub const ALL: [Op; 5] = [
        Op::TaskStatusList,
        Op::PendingTasks,
        Op::TaskStatusListV1,
        Op::LifecycleStates,
        Op::LifecycleStatesV1,
    ];

    /// Item `id` of the operation's listing, with the id `item-{id}`.
    pub fn item(self, id: usize) -> Value {
        let mut item = match self {
            Op::TaskStatusList | Op::PendingTasks | Op::TaskStatusListV1 => task_status_pending(),
            Op::LifecycleStates | Op::LifecycleStatesV1 => {
                let mut state = lifecycle_state_minimal();
                state["technicalName"] = Value::String(item_id(id));
                state
            }
        };
        item["id"] = Value::String(item_id(id));
        item
    }

    /// Whether the item model's `id` may be absent (its technical name then tells items apart
    /// in [`stream`]'s ids).
    pub fn id_is_optional(self) -> bool {
        matches!(self, Op::LifecycleStates | Op::LifecycleStatesV1)
    }

    /// Changes a field of `item` (not its id) to what answer number `answer` says.
    fn change(self, item: &mut Value, answer: usize) {
        match self {
            Op::TaskStatusList | Op::PendingTasks | Op::TaskStatusListV1 => {
                item["percentComplete"] = json!(answer % 100);
            }
            Op::LifecycleStates | Op::LifecycleStatesV1 => {
                item["description"] = json!(format!("as of answer {answer}"));
            }
        }
    }
}

/// The id of item number `id`.
pub fn item_id(id: usize) -> String {
    format!("item-{id}")
}

/// How the server answers an offset at or past the end of its listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PastEnd {
    /// `200 []`.
    Empty,
    /// SailPoint's `400 {"detailMessage":"Specified offset is invalid.",...}`.
    OffsetInvalid,
}

/// What the server says in `X-Total-Count` when asked (`count=true`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// The listing's size.
    Honest,
    /// Nothing, even when asked.
    Absent,
    /// The listing's size plus this (never below 0).
    Off(i64),
}

/// A request the server fails instead of answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// `500` with an `ErrorResponseDto`.
    ServerError,
    /// `400` with an `ErrorResponseDto`: a real 400, not the offset complaint.
    BadRequest,
    /// SailPoint's offset complaint, although the offset is inside the listing.
    OffsetComplaint,
}

/// How the server behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Behaviour {
    /// The most items a page holds, whatever `limit` asks.
    pub cap: Option<usize>,
    pub past_end: PastEnd,
    pub total: Total,
    /// Every page starts at the first item.
    pub ignores_offset: bool,
    /// The offset wraps around the end of the listing, so pages go on for ever.
    pub wraps_around: bool,
    /// Each page's items come in a shuffled order.
    pub shuffles: bool,
    /// A field of every item changes with every answer.
    pub changes_fields: bool,
    /// A new item is inserted before all others after each page.
    pub grows: bool,
    /// Items come without their `id` (only for operations whose ids are optional).
    pub anonymous: bool,
    /// Items come as JSON strings, which no client decodes as items.
    pub garbles: bool,
    /// The request of this index (0 for the first) fails.
    pub fails: Option<(usize, Failure)>,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            cap: None,
            past_end: PastEnd::OffsetInvalid,
            total: Total::Honest,
            ignores_offset: false,
            wraps_around: false,
            shuffles: false,
            changes_fields: false,
            grows: false,
            anonymous: false,
            garbles: false,
            fails: None,
        }
    }
}

impl Behaviour {
    /// Whether the server pages its listing as `offset` and `limit` say (a cap aside).
    pub fn honours_offset(&self) -> bool {
        !self.ignores_offset && !self.wraps_around
    }
}

/// What the server answered one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A page of these item ids.
    Page(Vec<String>),
    /// An error status; `complaint` when the body was the offset complaint.
    Status { status: u16, complaint: bool },
}

/// One request and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    pub offset: usize,
    pub limit: usize,
    /// The `count` query parameter as sent.
    pub count: Option<String>,
    /// The listing's size when the request arrived.
    pub listing_size: usize,
    pub answer: Answer,
}

struct State {
    op: Op,
    behaviour: Behaviour,
    /// The ids of the listing's items, in order.
    items: Vec<usize>,
    next_id: usize,
    served: Vec<Served>,
    shuffle: fastrand::Rng,
}

/// The list endpoint: mount it with `Mock::given(any()).respond_with(listing.clone())`.
#[derive(Clone)]
pub struct Listing {
    state: Arc<Mutex<State>>,
}

impl Listing {
    /// A listing of `size` items of `op`, `item-0` first.
    pub fn new(op: Op, size: usize, behaviour: Behaviour) -> Self {
        Listing {
            state: Arc::new(Mutex::new(State {
                op,
                behaviour,
                items: (0..size).collect(),
                next_id: size,
                served: Vec::new(),
                shuffle: fastrand::Rng::with_seed(size as u64),
            })),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .expect("no test panicked holding the listing")
    }

    /// Every request answered so far, in order.
    pub fn served(&self) -> Vec<Served> {
        self.state().served.clone()
    }

    /// The ids of the listing as it stands now.
    pub fn ids(&self) -> Vec<String> {
        self.state().items.iter().map(|id| item_id(*id)).collect()
    }

    /// The `(offset, limit)` of each request.
    pub fn pages_requested(&self) -> Vec<(usize, usize)> {
        self.served()
            .iter()
            .map(|served| (served.offset, served.limit))
            .collect()
    }
}

impl Respond for Listing {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.state().answer(request)
    }
}

impl State {
    fn answer(&mut self, request: &Request) -> ResponseTemplate {
        let query: BTreeMap<String, String> = request.url.query_pairs().into_owned().collect();
        let number = |name: &str, default: usize| {
            query
                .get(name)
                .map_or(default, |value| value.parse().expect("a count"))
        };
        let (offset, limit) = (number("offset", 0), number("limit", 250));
        let count = query.get("count").cloned();
        let index = self.served.len();
        let size = self.items.len();
        let log = |answer| Served {
            offset,
            limit,
            count: count.clone(),
            listing_size: size,
            answer,
        };
        let failure = self
            .behaviour
            .fails
            .and_then(|(at, failure)| (at == index).then_some(failure));
        if let Some(failure) = failure {
            let (status, body) = match failure {
                Failure::ServerError => (500, error_dto_body(500)),
                Failure::BadRequest => (400, error_dto_body(400)),
                Failure::OffsetComplaint => (400, offset_invalid_body()),
            };
            let complaint = failure == Failure::OffsetComplaint;
            self.served.push(log(Answer::Status { status, complaint }));
            return ResponseTemplate::new(status).set_body_json(body);
        }
        let mut template = ResponseTemplate::new(200);
        if count.as_deref() == Some("true") {
            let total = match self.behaviour.total {
                Total::Honest => Some(size as i64),
                Total::Absent => None,
                Total::Off(by) => Some((size as i64 + by).max(0)),
            };
            if let Some(total) = total {
                template = template.insert_header("x-total-count", total.to_string().as_str());
            }
        }
        if self.behaviour.honours_offset() && offset >= size && offset > 0 {
            if self.behaviour.past_end == PastEnd::OffsetInvalid {
                self.served.push(log(Answer::Status {
                    status: 400,
                    complaint: true,
                }));
                return ResponseTemplate::new(400).set_body_json(offset_invalid_body());
            }
            self.served.push(log(Answer::Page(Vec::new())));
            return template.set_body_json(Vec::<Value>::new());
        }
        let start = if self.behaviour.ignores_offset {
            0
        } else {
            offset
        };
        let length = limit.min(self.behaviour.cap.unwrap_or(usize::MAX));
        let mut page: Vec<usize> = if self.behaviour.wraps_around {
            (start..start + length)
                .map_while(|at| self.items.get(at % size.max(1)).copied())
                .collect()
        } else {
            self.items
                .iter()
                .skip(start)
                .take(length)
                .copied()
                .collect()
        };
        if self.behaviour.shuffles {
            self.shuffle.shuffle(&mut page);
        }
        let bodies: Vec<Value> = page
            .iter()
            .map(|id| {
                let mut item = self.op.item(*id);
                if self.behaviour.changes_fields {
                    self.op.change(&mut item, index);
                }
                if let (true, Some(fields)) = (self.behaviour.anonymous, item.as_object_mut()) {
                    fields.remove("id");
                }
                if self.behaviour.garbles {
                    item = Value::String(item_id(*id));
                }
                item
            })
            .collect();
        self.served.push(log(Answer::Page(
            page.iter().map(|id| item_id(*id)).collect(),
        )));
        if self.behaviour.grows {
            self.items.insert(0, self.next_id);
            self.next_id += 1;
        }
        template.set_body_json(bodies)
    }
}

/// What the caller sets on the builder and the stream.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Call {
    pub limit: Option<i32>,
    pub offset: Option<i32>,
    pub count: Option<bool>,
    pub page_size: Option<u64>,
    pub max_items: Option<u64>,
}

/// How a stream ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// `None` after the last item.
    Finished,
    /// [`Error::PaginationStalled`], with its offset, previous offset and page size.
    Stalled {
        offset: u64,
        previous_offset: u64,
        page_size: u64,
    },
    /// Another error, with the HTTP status it came with and its message.
    Failed {
        status: Option<u16>,
        message: String,
    },
    /// Still yielding after the bound: it would have gone on for ever.
    Endless,
}

/// What a stream yielded: the ids of its items, then how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walked {
    pub ids: Vec<String>,
    pub end: End,
}

/// Takes at most `bound` items of `stream` and how it ends; an item after an error fails.
pub async fn walk<T, E, S>(mut stream: S, id: fn(&T) -> String, bound: usize) -> Walked
where
    E: OperationError,
    S: Stream<Item = Result<T, Error<E>>> + Unpin,
{
    let mut ids = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(item) => ids.push(id(&item)),
            Err(error) => {
                assert!(stream.next().await.is_none(), "nothing after an error");
                let end = match error {
                    Error::PaginationStalled {
                        offset,
                        previous_offset,
                        page_size,
                    } => End::Stalled {
                        offset,
                        previous_offset,
                        page_size,
                    },
                    other => End::Failed {
                        status: other.status().map(|status| status.as_u16()),
                        message: other.to_string(),
                    },
                };
                return Walked { ids, end };
            }
        }
        if ids.len() > bound {
            return Walked {
                ids,
                end: End::Endless,
            };
        }
    }
    Walked {
        ids,
        end: End::Finished,
    }
}

/// Sets `call` on a builder, streams it, and walks the stream (see [`walk`]).
macro_rules! walk_call {
    ($builder:expr, $call:expr, $bound:expr, $id:expr) => {{
        let call: &Call = $call;
        let mut builder = $builder;
        if let Some(limit) = call.limit {
            builder = builder.limit(limit);
        }
        if let Some(offset) = call.offset {
            builder = builder.offset(offset);
        }
        if let Some(count) = call.count {
            builder = builder.count(count);
        }
        let mut stream = builder.stream();
        if let Some(page_size) = call.page_size {
            stream = stream.page_size(page_size);
        }
        if let Some(max_items) = call.max_items {
            stream = stream.max_items(max_items);
        }
        walk(stream, $id, $bound).await
    }};
}

/// Streams `op` with `call` through `client`, taking at most `bound` items. Items are named by
/// their id, lifecycle states by their technical name (which is their id, or what stands for
/// it when it is absent).
#[allow(deprecated, reason = "getPendingTasks is deprecated but still served")]
pub async fn stream(client: &Client, op: Op, call: &Call, bound: usize) -> Walked {
    match op {
        Op::TaskStatusList => walk_call!(
            client.v2024().get_task_status_list(),
            call,
            bound,
            |task: &sailpoint_client::v2024::TaskStatus| task.id.clone()
        ),
        Op::PendingTasks => walk_call!(
            client.v2024().get_pending_tasks(),
            call,
            bound,
            |task: &sailpoint_client::v2024::TaskStatus| task.id.clone()
        ),
        Op::TaskStatusListV1 => walk_call!(
            client.task_management().get_task_status_list_v1(),
            call,
            bound,
            |task: &sailpoint_client::task_management::TaskStatus| task.id.clone()
        ),
        Op::LifecycleStates => walk_call!(
            client.v3().get_lifecycle_states("profile-1"),
            call,
            bound,
            |state: &sailpoint_client::v3::LifecycleState| state.technical_name.clone()
        ),
        Op::LifecycleStatesV1 => walk_call!(
            client
                .lifecycle_states()
                .get_lifecycle_states_v1("profile-1"),
            call,
            bound,
            |state: &sailpoint_client::lifecycle_states::LifecycleState| state
                .technical_name
                .clone()
        ),
    }
}

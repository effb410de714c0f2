//! Decoding response bodies as servers really send them: a value that breaks the spec costs
//! that value, never the record, the page or the stream, and every repair is reported as a
//! [`Deviation`] with its JSON pointer.
//!
//! A body is first decoded directly, as fast as serde can. Only when that fails, or when a value
//! needed leniency (an enum value or a timestamp not written as documented, a key given twice),
//! is it read again as a JSON tree (by the `json` module, which also reads what serde_json
//! refuses in one value: invalid UTF-8, lone surrogate escapes, numbers no `f64` holds) and
//! walked with the shape the spec gives it: values in another form are converted, values that
//! cannot be used are dropped or replaced by a marked stand-in, and each of those is recorded.
//! A list body is read again item by item, and only the items the direct pass did not settle.
//! Spec-valid bodies never take the second path.

use std::cell::Cell;
use std::collections::HashSet;
use std::fmt::{self, Write as _};
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::json;

/// How strictly response bodies are held to the spec: a client setting
/// ([`ClientBuilder::decoding`](crate::ClientBuilder::decoding)) and a per-call option (each
/// request builder's `decoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Decoding {
    /// A value that does not fit its schema costs that value: it is converted when nothing is
    /// lost, replaced by a marked stand-in when the spec requires it, or dropped, and each of
    /// these is a [`Deviation`] on the response.
    #[default]
    Tolerant,
    /// Every deviation is an [`Error::Decode`](crate::Error::Decode) naming its pointer: the
    /// body must be exactly what the spec says.
    Strict,
}

/// What the client did about a value that did not fit its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Repair {
    /// A scalar in another JSON form, converted without loss: `"45"` for an integer or a
    /// number, `"true"` for a boolean, `45` or `true` where a string is expected.
    Converted,
    /// An enum value in another letter case, or with spaces around it, read as the one
    /// documented value it matches when case and those spaces are ignored.
    CaseFolded,
    /// A timestamp in a near-RFC 3339 form (an offset without a colon or without minutes, no
    /// offset, which is read as UTC, a space for `T`, no seconds), read as the instant it names;
    /// or a date in another form (spaces around it), read as the date it names.
    TimestampCompleted,
    /// An enum value the spec does not list, kept as the enum's `Unknown` value.
    UnknownEnumValue,
    /// A field the spec requires arrived null, missing or unusable. It holds a stand-in (`""`,
    /// `0`, `false`, an empty list or map, the Unix epoch, or a record made of stand-ins), and
    /// the record's `stand_ins()` names it.
    StandIn,
    /// A value that could not be used was left out: an optional field reads as `None`, and a
    /// list or map is without that item.
    Dropped,
    /// A property given more than once in one object: the value given last is used, as
    /// JavaScript's `JSON.parse` and most JSON readers (the servers' among them) do, and
    /// [`found`](Deviation::found) holds a value set aside (one deviation for each).
    Duplicate,
    /// A property name in another letter case, or with spaces around it, read as the one
    /// property of the record it matches when case and those spaces are ignored (and which the
    /// object does not hold under its own name).
    NameFolded,
}

impl Repair {
    /// Whether the value was read as what the server meant, nothing lost: another JSON form of
    /// a scalar, another letter case, a near-RFC 3339 timestamp, or a property name in another
    /// case.
    pub fn is_lossless(self) -> bool {
        matches!(
            self,
            Repair::Converted
                | Repair::CaseFolded
                | Repair::TimestampCompleted
                | Repair::NameFolded
        )
    }
}

/// One value of a response body that did not fit what the spec says, and what the client did
/// about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Deviation {
    pointer: String,
    expected: String,
    found: Option<Value>,
    repair: Repair,
    schema: String,
    reason: Option<String>,
    page_offset: Option<u64>,
    /// Whether no overlay action could record what arrived: it was not JSON a spec could
    /// describe (text that is not Unicode, a number no `f64` holds, a body that is not JSON), or
    /// it is a tag no alternative of a union has (which takes a new alternative, not an update).
    no_overlay: bool,
}

impl Deviation {
    /// The JSON pointer of the value in the body as it arrived, such as `/3/description`
    /// (`""` is the whole body).
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// What the spec says belongs there, such as `a string` or `one of "Success", "Warning"`.
    pub fn expected(&self) -> &str {
        &self.expected
    }

    /// What arrived, as JSON; `None` when the value was missing.
    pub fn found(&self) -> Option<&Value> {
        self.found.as_ref()
    }

    /// What the client did about it.
    pub fn repair(&self) -> Repair {
        self.repair
    }

    /// Where the spec says what is expected, as `FILE#/pointer`.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// Why the value could not be used, when the pointer and what was found do not say it
    /// all: for a dropped record, the place inside it, such as
    /// `/3/target: expected a Target, found "x"`; for a string that is not Unicode text, what
    /// was wrong with it, such as `the string is not valid UTF-8 (byte 0xFF)`.
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// For deviations a stream collected: the offset of the page whose body the pointer is in.
    pub fn page_offset(&self) -> Option<u64> {
        self.page_offset
    }

    /// Whether the deviation is a whole item of a list body that was left out: its index is the
    /// pointer's only segment, and [`found`](Self::found) holds its JSON.
    pub fn is_dropped_item(&self) -> bool {
        self.repair == Repair::Dropped
            && self.pointer.len() > 1
            && !self.pointer[1..].contains('/')
            && self.pointer[1..].bytes().all(|byte| byte.is_ascii_digit())
    }

    /// The OpenAPI Overlay action that would record in the spec what the server sends, so the
    /// next generated client expects it (see the README's "Recording what the servers really
    /// send"): a YAML action under a comment naming the spec file it applies to (an overlay's
    /// `extends`, unless that is the module's entry document).
    ///
    /// `None` when nothing arrived that a spec could describe, and when the value was read
    /// without loss ([`Repair::is_lossless`]): the field already holds what the server meant,
    /// and the only spec edits that would describe such a value (`type: string` for a number
    /// sent as text, another enum value, no `format`) change the field's Rust type or which
    /// variant it reads as, which breaks callers for a difference the client absorbs. Such a deviation needs no action; strict decoding
    /// ([`Decoding::Strict`]) still refuses it.
    pub fn overlay_action(&self) -> Option<String> {
        // A property given twice is the server's JSON writer at fault; no schema describes it.
        if self.no_overlay || self.repair.is_lossless() || self.repair == Repair::Duplicate {
            return None;
        }
        let (file, pointer) = self.schema.split_once('#')?;
        let target = json_path(pointer);
        let action = match (self.repair, &self.found) {
            (Repair::StandIn, None) => {
                let (parent, property) = split_property(pointer)?;
                format!(
                    "target: \"{}.required[?@ == '{}']\"\nremove: true",
                    json_path(parent),
                    property.replace('\'', "\\'")
                )
            }
            (Repair::StandIn | Repair::Dropped, Some(Value::Null)) => {
                format!("target: \"{target}\"\nupdate:\n  nullable: true")
            }
            (Repair::UnknownEnumValue, Some(found)) => {
                format!("target: \"{target}.enum\"\nupdate:\n  - {found}")
            }
            (_, Some(found)) => {
                format!(
                    "target: \"{target}\"\nupdate:\n  type: {}",
                    json_kind(found)
                )
            }
            (_, None) => return None,
        };
        Some(format!(
            "# an action of an overlay applying to {file}\n{action}"
        ))
    }

    fn at_page(mut self, offset: u64) -> Self {
        self.page_offset = Some(offset);
        self
    }
}

impl Deviation {
    /// What was expected and what arrived, without the pointer: `expected a string, found null`.
    fn mismatch(&self) -> String {
        let mut text = String::new();
        if self.repair == Repair::Duplicate {
            let _ = write!(text, "expected {} given once, found ", self.expected);
            if let Some(found) = &self.found {
                let _ = write!(text, "{} before another value", Shown(found));
            }
        } else {
            let _ = write!(text, "expected {}, found ", self.expected);
            match &self.found {
                Some(found) => {
                    let _ = write!(text, "{}", Shown(found));
                }
                None => text.push_str("nothing (the field is missing)"),
            }
        }
        if let Some(reason) = &self.reason {
            let _ = write!(text, " ({reason})");
        }
        text
    }

    /// What tolerant decoding does about it, as the end of a sentence.
    fn action(&self) -> &'static str {
        match self.repair {
            Repair::Converted => "converted without loss",
            Repair::CaseFolded => "read as the value it matches ignoring case",
            Repair::TimestampCompleted => "read as the instant it names",
            Repair::UnknownEnumValue => "kept as an unknown value",
            Repair::StandIn => "a stand-in is used, named by the record's stand_ins()",
            Repair::Dropped => "left out",
            Repair::Duplicate => "the last value given is used",
            Repair::NameFolded => "read as that property",
        }
    }

    /// Why strict decoding refused the body, for [`Error::Decode`](crate::Error::Decode), which
    /// names the pointer itself: what arrived, and what tolerant decoding would have done.
    fn refusal(&self) -> String {
        let tolerant = match self.repair {
            Repair::StandIn => "use a stand-in".to_owned(),
            Repair::Dropped => "leave it out".to_owned(),
            Repair::Duplicate => "use the last value given".to_owned(),
            Repair::UnknownEnumValue => "keep it as an unknown value".to_owned(),
            Repair::Converted => "convert it without loss".to_owned(),
            Repair::CaseFolded => "read it as the value it matches ignoring case".to_owned(),
            Repair::TimestampCompleted => "read it as the instant it names".to_owned(),
            Repair::NameFolded => "read it as that property".to_owned(),
        };
        format!(
            "{}, which strict decoding refuses (tolerant decoding would {tolerant})",
            self.mismatch()
        )
    }
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "the body"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {}; {}", self.mismatch(), self.action())?;
        if let Some(offset) = self.page_offset {
            write!(f, " [page at offset {offset}]")?;
        }
        Ok(())
    }
}

/// `T`'s name as callers write it, for messages: `std::any::type_name` without the private
/// `models` and `responses` modules that generated types are re-exported from, and with
/// `Vec`, `String`, `Box` and `Option` by their short names
/// (`Vec<sailpoint_client::v2024::TaskStatus>`). Computed once per type; the names are as
/// many as the crate's types.
pub fn public_type_name<T: ?Sized>() -> &'static str {
    public_name_of(std::any::type_name::<T>())
}

/// [`public_type_name`] of the type whose `std::any::type_name` is `raw`.
fn public_name_of(raw: &'static str) -> &'static str {
    static NAMES: Mutex<Vec<(&'static str, &'static str)>> = Mutex::new(Vec::new());
    let mut names = NAMES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, public)) = names.iter().find(|(known, _)| *known == raw) {
        return public;
    }
    let public: &'static str = Box::leak(public_path_text(raw).into_boxed_str());
    names.push((raw, public));
    public
}

/// [`public_type_name`]'s rewriting of each path in `raw`.
fn public_path_text(raw: &str) -> String {
    let mut text = String::with_capacity(raw.len());
    let mut path = String::new();
    for c in raw.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            path.push(c);
        } else {
            text.push_str(&public_path(&path));
            path.clear();
            text.push(c);
        }
    }
    text.push_str(&public_path(&path));
    text
}

/// One path of a type name as callers write it: `alloc::vec::Vec` as `Vec`, and
/// `crate::module::models::Type` as `crate::module::Type`.
fn public_path(path: &str) -> String {
    let segments: Vec<&str> = path.split("::").collect();
    match segments.as_slice() {
        ["alloc" | "core" | "std", .., last] => (*last).to_owned(),
        [leading @ .., "models" | "responses", last] if !leading.is_empty() => {
            format!("{}::{last}", leading.join("::"))
        }
        _ => path.to_owned(),
    }
}

/// A JSON value shown in a message, cut short when long.
struct Shown<'a>(&'a Value);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 120;
        let text = self.0.to_string();
        match text.char_indices().nth(SHOWN) {
            Some((cut, _)) => write!(f, "{}...", &text[..cut]),
            None => f.write_str(&text),
        }
    }
}

/// The fields of a record that hold stand-ins rather than data: the spec requires them, but the
/// server sent null, left them out or sent something that could not be used. Empty for every
/// record that matched the spec. Each is also a [`Deviation`] of the response.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
#[serde(transparent)]
pub struct StandIns(Option<Box<[String]>>);

impl StandIns {
    /// Whether every field holds data.
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|fields| fields.is_empty())
    }

    /// Whether the field with this Rust name, such as `description`, holds a stand-in.
    pub fn contains(&self, field: &str) -> bool {
        self.iter().any(|name| name == field)
    }

    /// The Rust names of the fields that hold stand-ins, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .flat_map(|fields| fields.iter().map(String::as_str))
    }
}

impl fmt::Debug for StandIns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The key under which the walk tells a record's deserializer which fields it stood in for. No
/// server sends a key that starts with NUL, and models never serialize it.
pub const STAND_INS_KEY: &str = "\u{0}stand-ins";

/// An enum value that this version of the client does not know, kept as received.
///
/// Code can read it ([`as_str`](Self::as_str)) but cannot match on a particular one: when a
/// later version of the client adds the value as a variant, code written against that variant
/// cannot silently stop matching.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    pub fn new(value: impl Into<String>) -> Self {
        UnknownValue(value.into())
    }

    /// The value as it was received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An integer enum value that this version of the client does not know, kept as received.
///
/// Code can read it ([`get`](Self::get)) but cannot match on a particular one, for the same
/// reason as [`UnknownValue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownInteger(i64);

impl UnknownInteger {
    /// The value as it was received.
    pub fn get(&self) -> i64 {
        self.0
    }
}

impl fmt::Display for UnknownInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

thread_local! {
    /// Set while a body is decoded directly when a value needed leniency that only the walk
    /// records (an enum value not written as documented, a near-RFC 3339 timestamp).
    static LENIENT: Cell<bool> = const { Cell::new(false) };
}

/// Notes, during a direct decode, that a value was accepted only by leniency.
pub fn note_lenient() {
    LENIENT.with(|lenient| lenient.set(true));
}

/// Whether a value was accepted only by leniency since the last call, which clears the note.
/// (A function of its own, so that the generic readers share it rather than each compiling
/// the thread-local access.)
fn take_lenient() -> bool {
    LENIENT.with(|flag| flag.replace(false))
}

/// What the walk knows about the JSON a Rust type decodes from.
#[derive(Clone, Copy)]
pub enum Shape {
    /// Any JSON value.
    Any,
    /// Any JSON object.
    AnyObject,
    /// A shape the walk does not look into (`oneOf`, tagged unions): it fits when the type
    /// decodes from it.
    Opaque(&'static OpaqueShape),
    Bool,
    I32,
    I64,
    /// An `f32`: a number within its range.
    F32,
    Number,
    String,
    DateTime,
    Date,
    Enum(&'static EnumShape),
    Array(fn() -> Shape),
    Map(fn() -> Shape),
    /// A value that may be null or missing (`Option`).
    Option(fn() -> Shape),
    Object(&'static ObjectShape),
}

/// A string enum: its documented values and where the spec lists them.
pub struct EnumShape {
    pub name: &'static str,
    pub schema: &'static str,
    /// The documented values; an integer enum's as decimal text.
    pub values: &'static [&'static str],
    /// Whether the values are integers (sent as JSON numbers) rather than strings.
    pub integers: bool,
}

/// A model: its fields and where the spec declares its schema.
pub struct ObjectShape {
    pub name: &'static str,
    pub schema: &'static str,
    pub fields: &'static [FieldShape],
}

/// A `oneOf` (told apart by trying each alternative, or by a tag property): whether a value
/// decodes as it, and what its alternatives are.
pub struct OpaqueShape {
    pub name: &'static str,
    pub schema: &'static str,
    pub fits: fn(&Value) -> bool,
    /// The property whose value picks the alternative, for a tagged union.
    pub tag: Option<&'static str>,
    pub alternatives: &'static [Alternative],
}

/// One alternative of a `oneOf`: its shape, and the tags that pick it in a tagged union.
pub struct Alternative {
    pub shape: fn() -> Shape,
    pub tags: &'static [&'static str],
}

impl Alternative {
    /// An alternative of type `T`, picked by one of `tags` (none for an untagged `oneOf`).
    pub const fn of<T: Shaped>(tags: &'static [&'static str]) -> Self {
        Alternative {
            shape: T::shape,
            tags,
        }
    }
}

/// One field of a model.
pub struct FieldShape {
    pub wire: &'static str,
    pub rust: &'static str,
    pub flatten: bool,
    pub shape: fn() -> Shape,
}

impl FieldShape {
    /// A property named `wire` on the wire and `rust` in Rust.
    pub const fn new(wire: &'static str, rust: &'static str, shape: fn() -> Shape) -> Self {
        FieldShape {
            wire,
            rust,
            flatten: false,
            shape,
        }
    }

    /// A property of type `T`, named `wire` on the wire and the same in Rust.
    pub const fn of<T: Shaped>(wire: &'static str) -> Self {
        FieldShape::new(wire, wire, T::shape)
    }

    /// A property of type `T`, named `wire` on the wire and `rust` in Rust.
    pub const fn renamed<T: Shaped>(wire: &'static str, rust: &'static str) -> Self {
        FieldShape::new(wire, rust, T::shape)
    }

    /// The field of type `T` that holds the properties the schema does not list.
    pub const fn others<T: Shaped>(rust: &'static str) -> Self {
        FieldShape::flatten(rust, T::shape)
    }

    /// The map that holds the properties the schema does not list.
    pub const fn flatten(rust: &'static str, shape: fn() -> Shape) -> Self {
        FieldShape {
            wire: "",
            rust,
            flatten: true,
            shape,
        }
    }
}

/// A Rust type the walk knows the JSON shape of; every type a response body decodes into.
pub trait Shaped: DeserializeOwned {
    fn shape() -> Shape;

    /// Reads the value on the direct path: as `Deserialize` does, but noting (for the walk to
    /// report) what only leniency accepted, wherever the value is: an enum value or a timestamp
    /// not written as documented, a key given twice in a map or a free-form object.
    fn read<'de, D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        Self::deserialize(input)
    }

    /// Decodes a whole body of this type.
    fn decode_body(body: &[u8], decoding: Decoding) -> Result<Decoded<Self>, Failure> {
        match read_directly(body) {
            Some(value) => Ok(Decoded::exact(value)),
            None => decode_tree(body, decoding),
        }
    }
}

/// Whether `value` decodes as `T`, for shapes the walk does not look into.
pub fn fits<T: Shaped>(value: &Value) -> bool {
    read_value::<T>(value).is_ok()
}

macro_rules! shaped {
    ($($ty:ty => $shape:expr),* $(,)?) => {
        $(impl Shaped for $ty {
            fn shape() -> Shape {
                $shape
            }
        })*
    };
}

shaped! {
    () => Shape::Any,
    bool => Shape::Bool,
    i32 => Shape::I32,
    i64 => Shape::I64,
    f64 => Shape::Number,
    String => Shape::String,
}

impl Shaped for chrono::NaiveDate {
    fn shape() -> Shape {
        Shape::Date
    }

    /// A full date as RFC 3339 writes it; another form chrono reads (spaces around it, say)
    /// is read too and noted.
    fn read<'de, D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(input)?;
        let date = text
            .parse::<chrono::NaiveDate>()
            .map_err(|error| serde::de::Error::custom(format!("{text:?}: {error}")))?;
        if !exact_date(&text) {
            note_lenient();
        }
        Ok(date)
    }
}

impl Shaped for f32 {
    fn shape() -> Shape {
        Shape::F32
    }

    /// An `f32`, refusing a number beyond its range rather than reading it as infinity.
    fn read<'de, D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        let wide = <f64 as serde::Deserialize>::deserialize(input)?;
        narrow(wide).ok_or_else(|| {
            serde::de::Error::custom(format!("{wide} is outside the range of a 32-bit float"))
        })
    }
}

/// `number` as an `f32`, when it is within its range.
pub fn narrow(number: f64) -> Option<f32> {
    let narrow = number as f32;
    narrow.is_finite().then_some(narrow)
}

impl Shaped for chrono::DateTime<chrono::Utc> {
    fn shape() -> Shape {
        Shape::DateTime
    }

    fn read<'de, D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        date_time::deserialize(input)
    }
}

impl Shaped for Value {
    fn shape() -> Shape {
        Shape::Any
    }

    fn read<'de, D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        input.deserialize_any(FreeForm)
    }
}

impl Shaped for Map<String, Value> {
    fn shape() -> Shape {
        Shape::AnyObject
    }

    fn read<'de, D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        match input.deserialize_map(FreeForm)? {
            Value::Object(object) => Ok(object),
            _ => Err(serde::de::Error::custom("expected a JSON object")),
        }
    }
}

impl<T: Shaped> Shaped for Vec<T> {
    fn shape() -> Shape {
        Shape::Array(T::shape)
    }

    fn read<'de, D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        let mut items = Vec::new();
        input.deserialize_seq(Items {
            items: &mut items,
            lenient: None,
        })?;
        Ok(items)
    }

    fn decode_body(body: &[u8], decoding: Decoding) -> Result<Decoded<Self>, Failure> {
        decode_list(body, decoding)
    }
}

impl<T: Shaped> Shaped for std::collections::BTreeMap<String, T> {
    fn shape() -> Shape {
        Shape::Map(T::shape)
    }

    fn read<'de, D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        input.deserialize_map(Entries(std::marker::PhantomData))
    }
}

impl<T: Shaped> Shaped for Option<T> {
    fn shape() -> Shape {
        Shape::Option(T::shape)
    }

    fn read<'de, D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        input.deserialize_option(Maybe(std::marker::PhantomData))
    }
}

/// Every struct's shape is its record's. `Box` has no shape of its own: a boxed field's shape
/// is spelled without the box, which leaves this impl free to cover every record.
impl<T: Record + DeserializeOwned> Shaped for T {
    fn shape() -> Shape {
        Shape::Object(T::SHAPE)
    }
}

/// A field type that boxes a record to break a cycle of types (`Box<T>` or `Option<Box<T>>`),
/// read as the record and boxed.
pub trait Boxed: Sized {
    type Unboxed: Shaped;
    fn boxed(value: Self::Unboxed) -> Self;
}

impl<T: Shaped> Boxed for Box<T> {
    type Unboxed = T;
    fn boxed(value: T) -> Self {
        Box::new(value)
    }
}

impl<T: Shaped> Boxed for Option<Box<T>> {
    type Unboxed = Option<T>;
    fn boxed(value: Option<T>) -> Self {
        value.map(Box::new)
    }
}

/// Reads a value of `T` as [`Shaped::read`] does, where serde asks for a seed.
struct ReadAs<T>(std::marker::PhantomData<T>);

impl<T> ReadAs<T> {
    fn new() -> Self {
        ReadAs(std::marker::PhantomData)
    }
}

impl<'de, T: Shaped> serde::de::DeserializeSeed<'de> for ReadAs<T> {
    type Value = T;

    fn deserialize<D: serde::Deserializer<'de>>(self, input: D) -> Result<T, D::Error> {
        T::read(input)
    }
}

/// Reads the value of a record's property, as [`Shaped::read`] does.
pub fn read<'de, T: Shaped, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
    map.next_value_seed(ReadAs::<T>::new())
}

/// Reads the value of a record's boxed property, as [`Shaped::read`] reads the record.
pub fn read_boxed<'de, T: Boxed, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
    map.next_value_seed(ReadAs::<T::Unboxed>::new())
        .map(T::boxed)
}

/// Reads a list's items into `items`, which keeps those read before an item that fails; with
/// `lenient`, notes which items needed leniency.
struct Items<'a, T> {
    items: &'a mut Vec<T>,
    lenient: Option<&'a mut Vec<usize>>,
}

impl<'de, T: Shaped> serde::de::Visitor<'de> for Items<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element_seed(ReadAs::<T>::new())? {
            if let Some(lenient) = self.lenient.as_deref_mut() {
                if take_lenient() {
                    lenient.push(self.items.len());
                }
            }
            self.items.push(item);
        }
        Ok(())
    }
}

/// Reads a map, noting a key given twice (the last value is kept, as serde does).
struct Entries<T>(std::marker::PhantomData<T>);

impl<'de, T: Shaped> serde::de::Visitor<'de> for Entries<T> {
    type Value = std::collections::BTreeMap<String, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = std::collections::BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ReadAs::<T>::new())?;
            if entries.insert(key, value).is_some() {
                note_lenient();
            }
        }
        Ok(entries)
    }
}

/// Reads an `Option`, its value as [`Shaped::read`] does.
struct Maybe<T>(std::marker::PhantomData<T>);

impl<'de, T: Shaped> serde::de::Visitor<'de> for Maybe<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, input: D) -> Result<Self::Value, D::Error> {
        T::read(input).map(Some)
    }
}

/// Reads any JSON value as serde_json's `Value` does, noting a key given twice in an object.
struct FreeForm;

impl<'de> serde::de::Visitor<'de> for FreeForm {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, input: D) -> Result<Value, D::Error> {
        input.deserialize_any(FreeForm)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(ReadAs::<Value>::new())? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ReadAs::<Value>::new())?;
            if object.insert(key, value).is_some() {
                note_lenient();
            }
        }
        Ok(Value::Object(object))
    }
}

/// A body decoded, with what did not fit the spec.
pub struct Decoded<T> {
    pub value: T,
    pub deviations: Vec<Deviation>,
}

impl<T> Decoded<T> {
    fn exact(value: T) -> Self {
        Decoded {
            value,
            deviations: Vec::new(),
        }
    }
}

/// Why a body could not be decoded: the pointer of the first value that could not be used.
pub struct Failure {
    pub pointer: String,
    pub source: serde_json::Error,
}

impl Failure {
    fn not_json(error: json::SyntaxError) -> Self {
        Failure {
            pointer: String::new(),
            source: error.into_serde(),
        }
    }
}

/// The UTF-8 byte-order mark, which RFC 8259 lets a reader ignore before a JSON text.
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a JSON body as `T`, as `decoding` says.
pub fn decode<T: Shaped>(body: &[u8], decoding: Decoding) -> Result<Decoded<T>, Failure> {
    let body = body.strip_prefix(BYTE_ORDER_MARK).unwrap_or(body);
    T::decode_body(body, decoding)
}

/// The direct path: `bytes` read as `T` when serde reads them without leniency.
fn read_directly<T: Shaped>(bytes: &[u8]) -> Option<T> {
    take_lenient();
    let value = read_text(bytes).ok()?;
    (!take_lenient()).then_some(value)
}

/// Reads JSON text as one `T`. Every reading of a `T` goes through this one reader: the body as
/// sent, a walked tree written back as text, a stand-in, the properties a record keeps. So each
/// type's reader (a record's `visit` above all) is compiled for one deserializer, not once per
/// deserializer that reaches it: that was a third of the machine code of a generated crate.
fn read_text<T: Shaped>(text: &[u8]) -> Result<T, serde_json::Error> {
    let mut input = serde_json::Deserializer::from_slice(text);
    let value = T::read(&mut input)?;
    input.end()?;
    Ok(value)
}

/// `value` read as a `T` through [`read_text`]; an error names the pointer under `value` where
/// it arose and carries no line and column of the text, which only this reading ever saw.
pub(crate) fn read_value<T: Shaped>(value: &Value) -> Result<T, (String, serde_json::Error)> {
    let text = serde_json::to_vec(value).map_err(|error| (String::new(), error))?;
    read_text(&text).map_err(|error| located_in(value, error))
}

/// An error reading `value`'s text, with the pointer under `value` where it arose.
fn located_in(value: &Value, error: serde_json::Error) -> (String, serde_json::Error) {
    let pointer = json::pointer_at(value, error.column().saturating_sub(1));
    (pointer, without_position(error))
}

/// serde_json's error without the " at line L column C" it adds for errors in text.
fn without_position(error: serde_json::Error) -> serde_json::Error {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(message) if error.line() > 0 => serde::de::Error::custom(message),
        _ => error,
    }
}

/// The slow path for a whole body: read as a tree, walked, then decoded.
fn decode_tree<T: Shaped>(body: &[u8], decoding: Decoding) -> Result<Decoded<T>, Failure> {
    let (tree, walk) = walk_tree(body, T::shape(), decoding)?;
    let value = walk.typed(&tree, "")?;
    Ok(Decoded {
        value,
        deviations: walk.deviations,
    })
}

/// [`decode_tree`] up to the typed reading: the body parsed and walked against `root`, the
/// shape of the type it decodes into; compiled once, not once per type.
fn walk_tree(body: &[u8], root: Shape, decoding: Decoding) -> Result<(Value, Walk), Failure> {
    let parsed = json::parse(body, "").map_err(Failure::not_json)?;
    let mut tree = parsed.value;
    let mut walk = Walk::new(parsed.marks);
    let mut pointer = String::new();
    if let Err(unusable) = walk.check(&mut tree, root, &mut pointer, Schema::At("")) {
        // A list body sent as `null` is an empty list that says so; nothing else at the root
        // has a stand-in that would not invent a record.
        if unusable.found.as_deref() == Some(&Value::Null) && matches!(root, Shape::Array(_)) {
            tree = Value::Array(Vec::new());
            walk.record(
                "",
                describe(root),
                Some(Value::Null),
                Repair::StandIn,
                Schema::At(""),
            );
        } else {
            return Err(unusable.into_failure());
        }
    }
    walk.refuse_if_strict(decoding)?;
    Ok((tree, walk))
}

/// A list body: read directly item by item; an item the direct pass could not settle (it
/// failed, or needed leniency) is read again alone, as a tree, and the items after a failed
/// one are read directly from their own bytes. A deviating item costs that item's second
/// reading, not the page's.
fn decode_list<T: Shaped>(body: &[u8], decoding: Decoding) -> Result<Decoded<Vec<T>>, Failure> {
    take_lenient();
    let mut settled = Vec::new();
    let mut lenient = Vec::new();
    let mut input = serde_json::Deserializer::from_slice(body);
    let read = serde::Deserializer::deserialize_seq(
        &mut input,
        Items {
            items: &mut settled,
            lenient: Some(&mut lenient),
        },
    );
    let whole = read.is_ok() && input.end().is_ok();
    if whole && lenient.is_empty() {
        return Ok(Decoded::exact(settled));
    }
    // Not a list at all (or not JSON): the whole body is judged as one value.
    let Some(spans) = json::items(body) else {
        return decode_tree(body, decoding);
    };
    let failed_at = (!whole).then_some(settled.len());
    let item = T::shape();
    let root = Schema::At("");
    let items_schema = Schema::Inside(&root, "items");
    let item_schema = item_schema_of(item, items_schema);
    let mut walk = Walk::new(json::Marks::default());
    let mut items = Vec::with_capacity(spans.len());
    let mut settled = settled.into_iter();
    let mut lenient = lenient.into_iter().peekable();
    for (index, span) in spans.into_iter().enumerate() {
        let direct = settled.next();
        let needed_leniency = lenient.next_if_eq(&index).is_some();
        if let Some(value) = direct.filter(|_| !needed_leniency) {
            items.push(value);
            continue;
        }
        let bytes = &body[span.clone()];
        if failed_at.is_some_and(|failed| index > failed) {
            if let Some(value) = read_directly(bytes) {
                items.push(value);
                continue;
            }
        }
        let pointer = format!("/{index}");
        let parsed = json::parse(bytes, &pointer).map_err(|mut error| {
            error.offset += span.start;
            Failure::not_json(error)
        })?;
        let mut tree = parsed.value;
        walk.marks = parsed.marks;
        let mut at = pointer.clone();
        match walk.check(&mut tree, item, &mut at, item_schema) {
            Ok(()) => items.push(walk.typed(&tree, &pointer)?),
            Err(cause) => walk.drop_value(&pointer, item, tree, cause, items_schema),
        }
        walk.refuse_if_strict(decoding)?;
    }
    Ok(Decoded {
        value: items,
        deviations: walk.deviations,
    })
}

/// For a documented error status whose body cannot be used at all (`failure` says why): the
/// schema's stand-in, with the deviation at the pointer `""` that says what arrived; `None`
/// when the schema has no stand-in (a `oneOf`).
pub fn stand_in_body<T: Shaped>(body: &[u8], failure: &Failure) -> Option<Decoded<T>> {
    let shape = T::shape();
    let value = read_value::<T>(&stand_in(shape, 0)?).ok()?;
    let body = body.strip_prefix(BYTE_ORDER_MARK).unwrap_or(body);
    let (found, reason, unreadable) = if body.iter().all(u8::is_ascii_whitespace) {
        (None, "the body is empty".to_owned(), false)
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(json) => (Some(json), failure.source.to_string(), false),
            Err(_) => (
                Some(Value::String(String::from_utf8_lossy(body).into_owned())),
                format!("the body is not JSON ({})", failure.source),
                true,
            ),
        }
    };
    let schema = match shape {
        Shape::Object(object) => object.schema,
        _ => "",
    };
    Some(Decoded {
        value,
        deviations: vec![Deviation {
            pointer: String::new(),
            expected: describe(shape),
            found,
            repair: Repair::StandIn,
            schema: schema.to_owned(),
            reason: Some(reason),
            page_offset: None,
            no_overlay: unreadable,
        }],
    })
}

/// A value that could not be used and could not be repaired where it was.
struct Unusable {
    pointer: String,
    expected: String,
    found: Option<Box<Value>>,
    /// What was wrong beyond what `found` shows (a string that is not Unicode text).
    why: Option<String>,
    /// Whether what arrived was not JSON a spec could describe.
    unreadable: bool,
}

impl Unusable {
    fn new(pointer: &str, shape: Shape, found: &Value) -> Self {
        Unusable {
            pointer: pointer.to_owned(),
            expected: describe(shape),
            found: Some(Box::new(found.clone())),
            why: None,
            unreadable: false,
        }
    }

    fn message(&self) -> String {
        let at = if self.pointer.is_empty() {
            "the body"
        } else {
            &self.pointer
        };
        let mut message = match &self.found {
            Some(found) => format!("{at}: expected {}, found {}", self.expected, Shown(found)),
            None => format!("{at}: expected {}, found nothing", self.expected),
        };
        if let Some(why) = &self.why {
            message.push_str(&format!(" ({why})"));
        }
        message
    }

    fn into_failure(self) -> Failure {
        Failure {
            source: serde::de::Error::custom(self.message()),
            pointer: self.pointer,
        }
    }
}

struct Walk {
    deviations: Vec<Deviation>,
    /// What the JSON reader found wrong in the body being walked, taken as the walk reaches it.
    marks: json::Marks,
}

impl Walk {
    fn new(marks: json::Marks) -> Self {
        Walk {
            deviations: Vec::new(),
            marks,
        }
    }

    fn record(
        &mut self,
        pointer: &str,
        expected: String,
        found: Option<Value>,
        repair: Repair,
        schema: Schema<'_>,
    ) {
        self.deviations.push(Deviation {
            pointer: pointer.to_owned(),
            expected,
            found,
            repair,
            schema: schema.render(),
            reason: None,
            page_offset: None,
            no_overlay: false,
        });
    }

    /// Puts `kept` in place of the value at `pointer`, recording what arrived and `repair`.
    fn keep(
        &mut self,
        value: &mut Value,
        kept: Value,
        shape: Shape,
        pointer: &str,
        repair: Repair,
        schema: Schema<'_>,
    ) {
        let found = std::mem::replace(value, kept);
        self.record(pointer, describe(shape), Some(found), repair, schema);
    }

    /// Under strict decoding, the failure of the first deviation.
    fn refuse_if_strict(&self, decoding: Decoding) -> Result<(), Failure> {
        match self.deviations.first() {
            Some(first) if decoding == Decoding::Strict => Err(Failure {
                pointer: first.pointer.clone(),
                source: serde::de::Error::custom(first.refusal()),
            }),
            _ => Ok(()),
        }
    }

    /// The walked tree at `pointer` as `T`.
    fn typed<T: Shaped>(&self, tree: &Value, pointer: &str) -> Result<T, Failure> {
        // Walked trees decode; should one not, the failure names where.
        read_value::<T>(tree).map_err(|(inner, source)| Failure {
            pointer: format!("{pointer}{inner}"),
            source,
        })
    }

    /// Reports what the JSON reader marked in the value at `pointer` (and, for `shape`s the walk
    /// does not look into, inside it): a key given twice is a deviation and the walk goes on; a
    /// value that could not be read is unusable.
    fn take_marks(
        &mut self,
        shape: Shape,
        pointer: &str,
        schema: Schema<'_>,
    ) -> Result<(), Unusable> {
        let marks = match shape {
            Shape::Any | Shape::AnyObject | Shape::Opaque(_) => self.marks.take_within(pointer),
            _ => self
                .marks
                .take(pointer)
                .into_iter()
                .map(|mark| (pointer.to_owned(), mark))
                .collect(),
        };
        let mut unusable = None;
        for (at, mark) in marks {
            match mark {
                json::Mark::Duplicate { earlier } => {
                    let (expected, schema) = match at == *pointer {
                        true => (describe(shape), schema),
                        false => ("a property".to_owned(), Schema::At("")),
                    };
                    self.record(&at, expected, Some(earlier), Repair::Duplicate, schema);
                }
                json::Mark::Unreadable { found, why } => {
                    unusable.get_or_insert(Unusable {
                        pointer: at,
                        expected: describe(shape),
                        found: Some(Box::new(found)),
                        why: Some(why),
                        unreadable: true,
                    });
                }
                json::Mark::UnreadableKey { why } => {
                    unusable.get_or_insert(Unusable {
                        pointer: at,
                        expected: "a property name that is Unicode text".to_owned(),
                        found: None,
                        why: Some(why),
                        unreadable: true,
                    });
                }
            }
        }
        match unusable {
            Some(mut unusable) => {
                // A fault inside a value the walk does not look into costs that value.
                if unusable.pointer != pointer {
                    unusable.why = Some(unusable.message());
                    unusable.pointer = pointer.to_owned();
                    unusable.expected = describe(shape);
                    unusable.found = None;
                }
                Err(unusable)
            }
            None => Ok(()),
        }
    }

    /// Checks `value` against `shape` at `pointer`, converting what can be converted and
    /// repairing inside containers. An `Err` leaves the decision to the caller: drop the value,
    /// stand in for it, or give up on the container.
    fn check(
        &mut self,
        value: &mut Value,
        shape: Shape,
        pointer: &mut String,
        schema: Schema<'_>,
    ) -> Result<(), Unusable> {
        if !self.marks.is_empty() {
            self.take_marks(shape, pointer, schema)
                .map_err(|mut unusable| {
                    if unusable.found.is_none() {
                        unusable.found = Some(Box::new(value.clone()));
                    }
                    unusable
                })?;
        }
        match shape {
            Shape::Any => Ok(()),
            Shape::AnyObject if value.is_object() => Ok(()),
            Shape::Opaque(opaque) if (opaque.fits)(value) => {
                self.check_tag(value, opaque, pointer);
                Ok(())
            }
            Shape::AnyObject | Shape::Opaque(_) => Err(Unusable::new(pointer, shape, value)),
            Shape::Option(inner) => {
                if value.is_null() {
                    Ok(())
                } else {
                    self.check(value, inner(), pointer, schema)
                }
            }
            Shape::Bool | Shape::I32 | Shape::I64 | Shape::F32 | Shape::Number | Shape::String => {
                match convert_scalar(value, shape) {
                    Scalar::Fits => Ok(()),
                    Scalar::Converted(converted) => {
                        self.keep(value, converted, shape, pointer, Repair::Converted, schema);
                        Ok(())
                    }
                    Scalar::Unusable => Err(Unusable::new(pointer, shape, value)),
                }
            }
            Shape::DateTime | Shape::Date => {
                let Value::String(text) = value else {
                    return Err(Unusable::new(pointer, shape, value));
                };
                if shape_accepts_time(shape, text) {
                    return Ok(());
                }
                let completed = match shape {
                    Shape::DateTime => complete_timestamp(text),
                    _ => complete_date(text),
                };
                match completed {
                    Some(completed) => {
                        let completed = Value::String(completed);
                        let repair = Repair::TimestampCompleted;
                        self.keep(value, completed, shape, pointer, repair, schema);
                        Ok(())
                    }
                    None => Err(Unusable::new(pointer, shape, value)),
                }
            }
            Shape::Enum(enumeration) => self.check_enum(value, enumeration, pointer),
            Shape::Array(item) => {
                let Value::Array(items) = value else {
                    return Err(Unusable::new(pointer, shape, value));
                };
                let item = item();
                let item_schema = Schema::Inside(&schema, "items");
                let mut kept = Vec::with_capacity(items.len());
                for (index, mut element) in std::mem::take(items).into_iter().enumerate() {
                    let length = pointer.len();
                    let _ = write!(pointer, "/{index}");
                    match self.check(
                        &mut element,
                        item,
                        pointer,
                        item_schema_of(item, item_schema),
                    ) {
                        Ok(()) => kept.push(element),
                        Err(cause) => self.drop_value(pointer, item, element, cause, item_schema),
                    }
                    pointer.truncate(length);
                }
                *items = kept;
                Ok(())
            }
            Shape::Map(entry) => {
                let Value::Object(entries) = value else {
                    return Err(Unusable::new(pointer, shape, value));
                };
                let entry = entry();
                let entry_schema = Schema::Inside(&schema, "additionalProperties");
                self.check_entries(entries, entry, pointer, entry_schema, |_| true);
                Ok(())
            }
            Shape::Object(object) => self.check_object(value, object, pointer),
        }
    }

    /// Reports the tag of a tagged union that names none of its alternatives (the value is
    /// kept as the union's `Unknown` variant), as an enum value the spec does not list is.
    fn check_tag(&mut self, value: &Value, opaque: &'static OpaqueShape, pointer: &str) {
        let Some(property) = opaque.tag else {
            return;
        };
        let Some(tag) = value.get(property) else {
            return;
        };
        let known = opaque
            .alternatives
            .iter()
            .any(|alternative| alternative.tags.iter().any(|known| tag == known));
        if !known {
            let tags: Vec<String> = opaque
                .alternatives
                .iter()
                .flat_map(|alternative| alternative.tags.iter())
                .map(|tag| format!("{tag:?}"))
                .collect();
            let discriminator = format!("{}/discriminator", opaque.schema);
            self.record(
                &format!("{pointer}/{}", escape(property)),
                format!("one of {} (the tags of {})", tags.join(", "), opaque.name),
                Some(tag.clone()),
                Repair::UnknownEnumValue,
                Schema::At(&discriminator),
            );
            if let Some(last) = self.deviations.last_mut() {
                last.no_overlay = true;
            }
        }
    }

    fn check_enum(
        &mut self,
        value: &mut Value,
        enumeration: &'static EnumShape,
        pointer: &str,
    ) -> Result<(), Unusable> {
        let shape = Shape::Enum(enumeration);
        if enumeration.integers {
            return self.check_integer_enum(value, enumeration, pointer);
        }
        // A number or a boolean is read as its text; one deviation says what became of it.
        let (text, sent_as_text) = match value {
            Value::String(text) => (text.clone(), true),
            Value::Number(_) | Value::Bool(_) => (value.to_string(), false),
            _ => return Err(Unusable::new(pointer, shape, value)),
        };
        let trimmed = text.trim();
        let exact = enumeration.values.iter().find(|known| **known == text);
        let mut folded = enumeration
            .values
            .iter()
            .filter(|known| known.eq_ignore_ascii_case(trimmed));
        let (known, repair) = match (exact, folded.next(), folded.next()) {
            (Some(_), ..) if sent_as_text => return Ok(()),
            (Some(known), ..) => (Some(*known), Repair::Converted),
            (None, Some(known), None) => (Some(*known), Repair::CaseFolded),
            _ => (None, Repair::UnknownEnumValue),
        };
        let kept = Value::String(known.unwrap_or(&text).to_owned());
        self.keep(
            value,
            kept,
            shape,
            pointer,
            repair,
            Schema::At(enumeration.schema),
        );
        Ok(())
    }

    /// An integer enum's value: an integer (one sent as text is converted), documented or kept
    /// as unknown.
    fn check_integer_enum(
        &mut self,
        value: &mut Value,
        enumeration: &'static EnumShape,
        pointer: &str,
    ) -> Result<(), Unusable> {
        let shape = Shape::Enum(enumeration);
        let (integer, converted) = match convert_scalar(value, Shape::I64) {
            Scalar::Fits => (value.as_i64(), false),
            Scalar::Converted(converted) => (converted.as_i64(), true),
            Scalar::Unusable => (None, false),
        };
        let Some(integer) = integer else {
            return Err(Unusable::new(pointer, shape, value));
        };
        let known = enumeration.values.contains(&integer.to_string().as_str());
        let repair = match (known, converted) {
            (true, false) => return Ok(()),
            (true, true) => Repair::Converted,
            (false, _) => Repair::UnknownEnumValue,
        };
        let kept = Value::from(integer);
        self.keep(
            value,
            kept,
            shape,
            pointer,
            repair,
            Schema::At(enumeration.schema),
        );
        Ok(())
    }

    /// Moves each listed property that the object holds only under a name in another case, or
    /// with spaces around it, to its own name, and says so; gives each property's name as it
    /// arrived.
    fn fold_names(
        &mut self,
        map: &mut Map<String, Value>,
        object: &'static ObjectShape,
        pointer: &str,
    ) -> Vec<Option<String>> {
        let listed = |key: &str| {
            object
                .fields
                .iter()
                .any(|field| !field.flatten && field.wire == key)
        };
        let mut arrived = vec![None; object.fields.len()];
        for (index, field) in object.fields.iter().enumerate() {
            if field.flatten || map.contains_key(field.wire) {
                continue;
            }
            let mut matches = map
                .keys()
                .filter(|key| !listed(key) && folds_to(key, field.wire));
            let (Some(key), None) = (matches.next(), matches.next()) else {
                continue;
            };
            let key = key.clone();
            if let Some(value) = map.remove(&key) {
                self.record(
                    &format!("{pointer}/{}", escape(&key)),
                    format!("the property name {:?}", field.wire),
                    Some(Value::String(key.clone())),
                    Repair::NameFolded,
                    Schema::Property(object, field.wire),
                );
                map.insert(field.wire.to_owned(), value);
                arrived[index] = Some(key);
            }
        }
        arrived
    }

    fn check_object(
        &mut self,
        value: &mut Value,
        object: &'static ObjectShape,
        pointer: &mut String,
    ) -> Result<(), Unusable> {
        let Value::Object(map) = value else {
            return Err(Unusable::new(pointer, Shape::Object(object), value));
        };
        let arrived = self.fold_names(map, object, pointer);
        // A record that needs a value and holds none of its properties is not that record at
        // all (an error body, another resource): standing in for every field would invent one.
        let named = || object.fields.iter().filter(|field| !field.flatten);
        let needs_a_value = named().any(|field| !matches!((field.shape)(), Shape::Option(_)));
        let holds_one = named().any(|field| map.get(field.wire).is_some_and(|v| !v.is_null()));
        if needs_a_value && !holds_one {
            return Err(Unusable {
                pointer: pointer.clone(),
                expected: describe(Shape::Object(object)),
                found: Some(Box::new(Value::Object(map.clone()))),
                why: None,
                unreadable: false,
            });
        }
        let mut stand_ins: Vec<Value> = Vec::new();
        for (field, arrived) in object.fields.iter().zip(&arrived) {
            if field.flatten {
                continue;
            }
            let shape = (field.shape)();
            let schema = Schema::Property(object, field.wire);
            let length = pointer.len();
            pointer.push('/');
            pointer.push_str(&escape(arrived.as_deref().unwrap_or(field.wire)));
            let outcome = match map.get_mut(field.wire) {
                None if matches!(shape, Shape::Option(_)) => Ok(()),
                None => match stand_in(shape, 0) {
                    Some(replacement) => {
                        map.insert(field.wire.to_owned(), replacement);
                        stand_ins.push(Value::String(field.rust.to_owned()));
                        self.record(pointer, describe(shape), None, Repair::StandIn, schema);
                        Ok(())
                    }
                    None => Err(Unusable {
                        pointer: pointer.clone(),
                        expected: describe(shape),
                        found: None,
                        why: None,
                        unreadable: false,
                    }),
                },
                Some(found) => match self.check(found, shape, pointer, schema) {
                    Ok(()) => Ok(()),
                    Err(cause) if matches!(shape, Shape::Option(_)) => {
                        let found = std::mem::replace(found, Value::Null);
                        self.drop_value(pointer, shape, found, cause, schema);
                        Ok(())
                    }
                    Err(cause) => match stand_in(shape, 0) {
                        Some(replacement) => {
                            let found = std::mem::replace(found, replacement);
                            stand_ins.push(Value::String(field.rust.to_owned()));
                            self.record(
                                pointer,
                                describe(shape),
                                Some(found),
                                Repair::StandIn,
                                schema,
                            );
                            self.explain_last(pointer, cause);
                            Ok(())
                        }
                        None => Err(cause),
                    },
                },
            };
            pointer.truncate(length);
            outcome?;
        }
        if let Some(rest) = object.fields.iter().find(|field| field.flatten) {
            if let Shape::Map(entry) = (rest.shape)() {
                let listed: HashSet<&str> = object.fields.iter().map(|field| field.wire).collect();
                let own = Schema::At(object.schema);
                let schema = Schema::Inside(&own, "additionalProperties");
                self.check_entries(map, entry(), pointer, schema, |key| !listed.contains(key));
            }
        }
        if !stand_ins.is_empty() {
            map.insert(STAND_INS_KEY.to_owned(), Value::Array(stand_ins));
        }
        Ok(())
    }

    /// Checks the entries of a map whose keys `applies` selects, dropping those that cannot be
    /// used.
    fn check_entries(
        &mut self,
        entries: &mut Map<String, Value>,
        shape: Shape,
        pointer: &mut String,
        schema: Schema<'_>,
        applies: impl Fn(&str) -> bool,
    ) {
        let keys: Vec<String> = entries.keys().filter(|key| applies(key)).cloned().collect();
        for key in keys {
            let length = pointer.len();
            pointer.push('/');
            pointer.push_str(&escape(&key));
            if let Some(entry) = entries.get_mut(&key) {
                if let Err(cause) = self.check(entry, shape, pointer, schema) {
                    if let Some(found) = entries.remove(&key) {
                        self.drop_value(pointer, shape, found, cause, schema);
                    }
                }
            }
            pointer.truncate(length);
        }
    }

    fn drop_value(
        &mut self,
        pointer: &str,
        shape: Shape,
        found: Value,
        cause: Unusable,
        schema: Schema<'_>,
    ) {
        let schema = match shape {
            Shape::Object(object) => Schema::At(object.schema),
            _ => schema,
        };
        self.record(
            pointer,
            describe(shape),
            Some(found),
            Repair::Dropped,
            schema,
        );
        self.explain_last(pointer, cause);
    }

    /// Gives the deviation just recorded at `pointer` the reason `cause` adds to it: the place
    /// inside the value that could not be used, or what was wrong with the value itself.
    fn explain_last(&mut self, pointer: &str, cause: Unusable) {
        let Some(last) = self.deviations.last_mut() else {
            return;
        };
        last.no_overlay = cause.unreadable;
        if cause.unreadable && cause.pointer == pointer {
            // A value not written as JSON: show it as the reader could, say why it is not.
            if let Some(found) = cause.found {
                last.found = Some(*found);
            }
            last.reason = cause.why;
        } else if cause.pointer != pointer {
            last.reason = Some(cause.message());
        }
    }
}

/// Whether `key` names the property `wire` when case and the spaces around it are ignored.
pub fn folds_to(key: &str, wire: &str) -> bool {
    key != wire && key.trim().eq_ignore_ascii_case(wire)
}

/// The schema to name for an item: a model's own, or the place of the list's `items`.
fn item_schema_of<'a>(shape: Shape, items: Schema<'a>) -> Schema<'a> {
    match shape {
        Shape::Object(object) => Schema::At(object.schema),
        _ => items,
    }
}

/// Where the spec describes a value, as `FILE#/pointer`: written out only when a deviation
/// names it, since a walk passes thousands of values for each it reports.
#[derive(Clone, Copy)]
enum Schema<'a> {
    At(&'a str),
    /// A property of a model.
    Property(&'static ObjectShape, &'static str),
    /// A place inside another: its `items` or `additionalProperties`.
    Inside(&'a Schema<'a>, &'static str),
}

impl Schema<'_> {
    fn render(&self) -> String {
        match self {
            Schema::At(at) => (*at).to_owned(),
            Schema::Property(object, wire) => {
                format!("{}/properties/{}", object.schema, escape(wire))
            }
            Schema::Inside(outer, place) => format!("{}/{place}", outer.render()),
        }
    }
}

/// What the spec says a value of `shape` is, in words.
fn describe(shape: Shape) -> String {
    match shape {
        Shape::Any => "any JSON value".into(),
        Shape::AnyObject => "a JSON object".into(),
        Shape::Opaque(opaque) => format!("one of the shapes of {}", opaque.name),
        Shape::Bool => "a boolean".into(),
        Shape::I32 => "a 32-bit integer".into(),
        Shape::I64 => "an integer".into(),
        Shape::F32 => "a number within the range of a 32-bit float".into(),
        Shape::Number => "a number".into(),
        Shape::String => "a string".into(),
        Shape::DateTime => "an RFC 3339 date-time".into(),
        Shape::Date => "an RFC 3339 full date".into(),
        Shape::Enum(enumeration) => {
            let values: Vec<String> = enumeration
                .values
                .iter()
                .map(|value| match enumeration.integers {
                    true => (*value).to_owned(),
                    false => format!("{value:?}"),
                })
                .collect();
            format!("one of {} ({})", values.join(", "), enumeration.name)
        }
        Shape::Array(item) => format!("a list of {}", plural(describe(item()))),
        Shape::Map(entry) => format!("a map of {}", plural(describe(entry()))),
        Shape::Option(inner) => format!("{} or null", describe(inner())),
        Shape::Object(object) => format!("a {} object", object.name),
    }
}

fn plural(description: String) -> String {
    description
        .strip_prefix("a ")
        .or_else(|| description.strip_prefix("an "))
        .map(|rest| format!("{rest}s"))
        .unwrap_or(description)
}

enum Scalar {
    Fits,
    Converted(Value),
    Unusable,
}

/// A scalar as `shape` wants it: as it is, converted without loss, or not at all.
fn convert_scalar(value: &Value, shape: Shape) -> Scalar {
    match (shape, value) {
        (Shape::Bool, Value::Bool(_)) => Scalar::Fits,
        (Shape::Bool, Value::String(text)) => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Scalar::Converted(Value::Bool(true)),
            "false" => Scalar::Converted(Value::Bool(false)),
            _ => Scalar::Unusable,
        },
        (Shape::I32 | Shape::I64, _) => {
            let integer = match value {
                Value::Number(number) => number
                    .as_i64()
                    .or_else(|| number.as_f64().and_then(whole_number)),
                Value::String(text) => {
                    let text = text.trim();
                    text.parse::<i64>()
                        .ok()
                        .or_else(|| text.parse::<f64>().ok().and_then(whole_number))
                }
                _ => None,
            };
            let in_range =
                |integer: i64| !matches!(shape, Shape::I32) || i32::try_from(integer).is_ok();
            match integer.filter(|integer| in_range(*integer)) {
                Some(integer) if value.as_i64() == Some(integer) => Scalar::Fits,
                Some(integer) => Scalar::Converted(Value::from(integer)),
                None => Scalar::Unusable,
            }
        }
        (Shape::F32, _) => {
            let number = match value {
                Value::Number(number) => number.as_f64(),
                Value::String(text) => text.trim().parse::<f64>().ok(),
                _ => None,
            };
            match number.and_then(narrow) {
                Some(_) if value.is_number() => Scalar::Fits,
                Some(number) => serde_json::Number::from_f64(f64::from(number))
                    .map_or(Scalar::Unusable, |number| {
                        Scalar::Converted(Value::Number(number))
                    }),
                None => Scalar::Unusable,
            }
        }
        (Shape::Number, Value::Number(_)) => Scalar::Fits,
        (Shape::Number, Value::String(text)) => match text.trim().parse::<f64>() {
            Ok(number) if number.is_finite() => serde_json::Number::from_f64(number)
                .map_or(Scalar::Unusable, |number| {
                    Scalar::Converted(Value::Number(number))
                }),
            _ => Scalar::Unusable,
        },
        (Shape::String, Value::String(_)) => Scalar::Fits,
        (Shape::String, Value::Number(_) | Value::Bool(_)) => {
            Scalar::Converted(Value::String(value.to_string()))
        }
        _ => Scalar::Unusable,
    }
}

/// A float that is a whole number within `i64`, as that integer.
fn whole_number(number: f64) -> Option<i64> {
    const LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53: every whole f64 below it is exact
    (number.fract() == 0.0 && number.abs() < LIMIT).then_some(number as i64)
}

/// Whether the typed decoder takes `text` as it is, exactly as RFC 3339 writes it.
pub fn shape_accepts_time(shape: Shape, text: &str) -> bool {
    match shape {
        Shape::DateTime => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
        _ => exact_date(text),
    }
}

/// Whether `text` is a full date exactly as RFC 3339 writes it: `YYYY-MM-DD`.
fn exact_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(at, byte)| match at {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        })
        && text.parse::<chrono::NaiveDate>().is_ok()
}

/// A date in another form chrono reads (spaces around it), written as RFC 3339 writes it.
fn complete_date(text: &str) -> Option<String> {
    text.parse::<chrono::NaiveDate>()
        .ok()
        .map(|date| date.format("%Y-%m-%d").to_string())
        .filter(|date| exact_date(date))
}

/// A near-RFC 3339 timestamp written exactly as RFC 3339 says, when it names one instant: a
/// space or lower-case `t` for `T`, no seconds, an offset without its colon or its minutes, or
/// no offset at all (read as UTC).
fn complete_timestamp(text: &str) -> Option<String> {
    let text = text.trim();
    if text.len() < 16 || !text.is_char_boundary(10) {
        return None;
    }
    let (date, rest) = text.split_at(10);
    let separator = rest.chars().next()?;
    if !matches!(separator, 'T' | 't' | ' ') {
        return None;
    }
    let rest = &rest[1..];
    let offset_at = rest
        .char_indices()
        .skip(5)
        .find(|(_, c)| matches!(c, 'Z' | 'z' | '+' | '-'))
        .map(|(at, _)| at);
    let (time, offset) = match offset_at {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let time = if time.len() == 5 {
        format!("{time}:00")
    } else {
        time.to_owned()
    };
    let offset = match offset {
        "" | "Z" | "z" => "Z".to_owned(),
        _ => {
            let (sign, digits) = offset.split_at(1);
            let digits: String = digits.chars().filter(|c| *c != ':').collect();
            match digits.len() {
                2 => format!("{sign}{digits}:00"),
                4 => format!("{sign}{}:{}", &digits[..2], &digits[2..]),
                _ => return None,
            }
        }
    };
    let completed = format!("{date}T{time}{offset}");
    chrono::DateTime::parse_from_rfc3339(&completed)
        .is_ok()
        .then_some(completed)
}

/// A stand-in for a required value that did not arrive: what its type holds when empty, or a
/// record made of stand-ins. `None` for shapes with no such value (`oneOf`, tagged unions).
pub fn stand_in(shape: Shape, depth: usize) -> Option<Value> {
    const DEEPEST: usize = 8;
    Some(match shape {
        Shape::Any | Shape::Option(_) => Value::Null,
        Shape::AnyObject | Shape::Map(_) => Value::Object(Map::new()),
        Shape::Opaque(_) => return None,
        Shape::Bool => Value::Bool(false),
        Shape::I32 | Shape::I64 | Shape::F32 | Shape::Number => Value::from(0),
        Shape::String => Value::String(String::new()),
        Shape::DateTime => Value::String("1970-01-01T00:00:00Z".into()),
        Shape::Date => Value::String("1970-01-01".into()),
        Shape::Enum(enumeration) if enumeration.integers => Value::from(0),
        Shape::Enum(_) => Value::String(String::new()),
        Shape::Array(_) => Value::Array(Vec::new()),
        Shape::Object(object) => {
            if depth >= DEEPEST {
                return None;
            }
            let mut map = Map::new();
            let mut stood_in = Vec::new();
            for field in object.fields {
                let shape = (field.shape)();
                if field.flatten || matches!(shape, Shape::Option(_)) {
                    continue;
                }
                map.insert(field.wire.to_owned(), stand_in(shape, depth + 1)?);
                stood_in.push(Value::String(field.rust.to_owned()));
            }
            if !stood_in.is_empty() {
                map.insert(STAND_INS_KEY.to_owned(), Value::Array(stood_in));
            }
            Value::Object(map)
        }
    })
}

/// One segment of a JSON pointer, escaped as RFC 6901 says.
pub fn escape(segment: &str) -> std::borrow::Cow<'_, str> {
    if segment.contains(['~', '/']) {
        segment.replace('~', "~0").replace('/', "~1").into()
    } else {
        segment.into()
    }
}

/// The JSON pointer of a place serde_path_to_error names.
pub fn path_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push('/');
                pointer.push_str(&escape(key));
            }
            Segment::Unknown => {}
        }
    }
    pointer
}

/// A JSON pointer into a spec file as the JSONPath an overlay's `target` takes.
fn json_path(pointer: &str) -> String {
    let mut path = String::from("$");
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        let plain = !segment.is_empty()
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !segment.starts_with(|c: char| c.is_ascii_digit());
        if plain {
            path.push('.');
            path.push_str(&segment);
        } else if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            path.push_str(&format!("[{segment}]"));
        } else {
            path.push_str(&format!("['{}']", segment.replace('\'', "\\'")));
        }
    }
    path
}

/// `(…/properties, name)` for the pointer of a property's schema.
fn split_property(pointer: &str) -> Option<(&str, &str)> {
    let (parent, property) = pointer.rsplit_once('/')?;
    let parent = parent.strip_suffix("/properties")?;
    Some((parent, property))
}

pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "'null'",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The deviations already logged by one client, so that each (operation, place) is logged at
/// most once however many items or pages repeat it.
#[derive(Debug, Default)]
pub struct DeviationLog {
    seen: Mutex<HashSet<(&'static str, String)>>,
}

impl DeviationLog {
    /// How many distinct places one client remembers; past that, nothing more is logged.
    const REMEMBERED: usize = 4096;

    /// Logs each deviation at `warn` level, unless this client already logged its operation
    /// and place (the pointer with list indices left out).
    pub fn log(&self, operation_id: &'static str, deviations: &[Deviation]) {
        if deviations.is_empty() {
            return;
        }
        let Ok(mut seen) = self.seen.lock() else {
            return;
        };
        for deviation in deviations {
            if seen.len() >= Self::REMEMBERED {
                return;
            }
            let place: String = deviation
                .pointer
                .split('/')
                .map(|segment| {
                    if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
                        "-"
                    } else {
                        segment
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            if seen.insert((operation_id, place)) {
                tracing::warn!(
                    operation_id,
                    pointer = deviation.pointer.as_str(),
                    repair = ?deviation.repair,
                    schema = deviation.schema.as_str(),
                    "the response does not match the spec: {deviation}"
                );
            }
        }
    }
}

/// How a response of one call is to be decoded, carried from the client to the decoder.
#[derive(Debug, Clone, Default)]
pub struct DecodeContext {
    pub operation_id: &'static str,
    pub decoding: Decoding,
    pub log: Option<Arc<DeviationLog>>,
}

impl DecodeContext {
    pub fn report(&self, deviations: &[Deviation]) {
        if let Some(log) = &self.log {
            log.log(self.operation_id, deviations);
        }
    }
}

/// Marks deviations collected by a stream with the offset of their page.
pub fn at_page(deviations: Vec<Deviation>, offset: u64) -> impl Iterator<Item = Deviation> {
    deviations
        .into_iter()
        .map(move |deviation| deviation.at_page(offset))
}

/// A generated string enum: its documented values, each variant in the same order, and the
/// variant that keeps any other value. What reads it, writes it from text and describes it is
/// here, once, rather than in every enum.
pub trait StringEnum: Clone + 'static {
    /// The enum's name, schema and documented values.
    const SHAPE: &'static EnumShape;
    /// The variant of each documented value, in the order of `SHAPE.values`.
    const VARIANTS: &'static [Self];
    /// The variant that keeps a value the spec did not list.
    const UNKNOWN: fn(UnknownValue) -> Self;

    /// The variant of a documented value, written exactly as the spec lists it.
    fn known(value: &str) -> Option<Self> {
        let index = position_of(Self::SHAPE.values, value)?;
        Self::VARIANTS.get(index).cloned()
    }

    /// The variant of any value: a documented one, or the unknown value kept.
    fn from_text(value: &str) -> Self {
        Self::known(value).unwrap_or_else(|| (Self::UNKNOWN)(UnknownValue::new(value)))
    }
}

/// Where `value` is in `values`: compiled once, not once per enum.
fn position_of(values: &[&str], value: &str) -> Option<usize> {
    values.iter().position(|known| *known == value)
}

/// A generated integer enum: what [`StringEnum`] is for strings.
pub trait IntegerEnum: Copy + 'static {
    /// The enum's name, schema and documented values (as decimal text).
    const SHAPE: &'static EnumShape;
    /// The variant of each documented value, in the order of `SHAPE.values`.
    const VARIANTS: &'static [Self];
    /// The variant that keeps a value the spec did not list.
    const UNKNOWN: fn(UnknownInteger) -> Self;

    /// The variant of a documented value.
    fn known(value: i64) -> Option<Self> {
        let index = Self::SHAPE
            .values
            .iter()
            .position(|known| known.parse() == Ok(value))?;
        Self::VARIANTS.get(index).copied()
    }

    /// The variant of any value: a documented one, or the unknown value kept.
    fn from_value(value: i64) -> Self {
        Self::known(value).unwrap_or((Self::UNKNOWN)(UnknownInteger(value)))
    }
}

/// `serde::Deserialize::deserialize` for an [`IntegerEnum`]: the documented value, else
/// (noting the leniency for the walk to record) the unknown value.
pub fn integer_enum<'de, T: IntegerEnum, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let value = <i64 as serde::Deserialize>::deserialize(deserializer)?;
    Ok(T::known(value).unwrap_or_else(|| {
        note_lenient();
        (T::UNKNOWN)(UnknownInteger(value))
    }))
}

/// `serde::Deserialize::deserialize` for a [`StringEnum`]: the documented value, else (noting
/// the leniency for the walk to record) the unknown value.
pub fn string_enum<'de, T: StringEnum, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    read_string(deserializer).map(from_wire::<T>)
}

/// The variant of a value read from JSON: a documented one, else (noting the leniency for the
/// walk to record) the unknown value. Compiled once per enum, not once per deserializer.
fn from_wire<T: StringEnum>(text: String) -> T {
    match T::known(&text) {
        Some(value) => value,
        None => {
            note_lenient();
            (T::UNKNOWN)(UnknownValue::new(text))
        }
    }
}

/// A JSON string, owned: compiled once per deserializer, not once per enum.
fn read_string<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct Text;
    impl serde::de::Visitor<'_> for Text {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<String, E> {
            Ok(value.to_owned())
        }
        fn visit_string<E: serde::de::Error>(self, value: String) -> Result<String, E> {
            Ok(value)
        }
    }
    deserializer.deserialize_str(Text)
}

/// Deserializes a date-time field: RFC 3339 as written, or (noting the leniency for the walk to
/// record) a near form `complete_timestamp` completes.
pub mod date_time {
    use super::{complete_timestamp, note_lenient};

    struct Instant;

    impl serde::de::Visitor<'_> for Instant {
        type Value = chrono::DateTime<chrono::Utc>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an RFC 3339 date-time")
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
            if let Ok(instant) = chrono::DateTime::parse_from_rfc3339(text) {
                return Ok(instant.to_utc());
            }
            let completed = complete_timestamp(text)
                .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(text), &self))?;
            let instant = chrono::DateTime::parse_from_rfc3339(&completed)
                .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(text), &self))?;
            note_lenient();
            Ok(instant.to_utc())
        }
    }

    /// For a `DateTime<Utc>` field.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<chrono::DateTime<chrono::Utc>, D::Error> {
        deserializer.deserialize_str(Instant)
    }
}

/// A key of a record's JSON object, as [`FieldKey`] reads it.
pub enum Key {
    /// One of the record's properties, as the spec spells it.
    Known(&'static str),
    /// Any other key, kept for a record that holds the properties the spec does not list.
    Unknown(String),
    /// Any other key, for a record that has nowhere to keep it.
    Ignored,
}

/// Reads an object key against a record's property names, without allocating for the keys it
/// knows or ignores.
#[derive(Clone, Copy)]
pub struct FieldKey {
    pub fields: &'static [FieldShape],
    /// Whether [`STAND_INS_KEY`] is a property of the record (after its fields).
    pub stands_in: bool,
    pub keep_unknown: bool,
}

impl<'de> serde::de::DeserializeSeed<'de> for FieldKey {
    /// The key, and the index of a listed property among the record's fields.
    type Value = (Key, Option<usize>);

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl serde::de::Visitor<'_> for FieldKey {
    type Value = (Key, Option<usize>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
        let listed = self
            .fields
            .iter()
            .position(|field| !field.flatten && field.wire == key);
        Ok(match listed {
            Some(index) => (Key::Known(self.fields[index].wire), Some(index)),
            None if self.stands_in && key == STAND_INS_KEY => {
                (Key::Known(STAND_INS_KEY), Some(self.fields.len()))
            }
            None => {
                // A listed property's name in another case is read under that name only by the
                // walk, which reports it.
                if self
                    .fields
                    .iter()
                    .any(|field| !field.flatten && folds_to(key, field.wire))
                {
                    note_lenient();
                }
                match self.keep_unknown {
                    true => (Key::Unknown(key.to_owned()), None),
                    false => (Key::Ignored, None),
                }
            }
        })
    }

    fn visit_bytes<E: serde::de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(key) {
            Ok(key) => self.visit_str(key),
            Err(_) if self.keep_unknown => Err(E::invalid_value(
                serde::de::Unexpected::Bytes(key),
                &"a UTF-8 property name",
            )),
            Err(_) => Ok((Key::Ignored, None)),
        }
    }
}

/// The value of a property that is not in the object: `None` for an `Option`, otherwise serde's
/// "missing field" error, exactly as serde's derived `Deserialize` decides.
fn missing_field<'de, T: serde::Deserialize<'de>, E: serde::de::Error>(
    field: &'static str,
) -> Result<T, E> {
    struct Missing<E>(&'static str, std::marker::PhantomData<E>);

    impl<'de, E: serde::de::Error> serde::Deserializer<'de> for Missing<E> {
        type Error = E;

        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
            Err(E::missing_field(self.0))
        }

        fn deserialize_option<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
            visitor.visit_none()
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
            ignored_any
        }
    }

    T::deserialize(Missing(field, std::marker::PhantomData))
}

/// A generated struct read from a JSON object by its own [`Record::visit`]: one pass over the
/// object, each listed property read into its field, other keys ignored (or kept by a map of
/// the other properties), a property that is not there handled as serde's derive handles it,
/// and a property given twice refused.
///
/// It decides what serde's derived `Deserialize` would, in a fraction of the code: serde's
/// derive expands to about 400 lines per struct (a field enum and its visitor, sequence and
/// map visitors), and across an API of hundreds of models those expansions were half of
/// everything `cargo check` compiled. A struct is never read from a JSON array, which no spec
/// describes.
pub trait Record: Sized {
    /// The struct's name, schema and fields: what the tolerant walk and the key reader use.
    const SHAPE: &'static ObjectShape;
    /// Whether the struct keeps the properties it does not list.
    const KEEPS_UNKNOWN: bool = false;
    /// Whether the struct has a `stand_ins` field, read from [`STAND_INS_KEY`].
    const STANDS_IN: bool = false;

    /// Reads the struct from the entries of an object.
    fn visit<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

struct RecordVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Record> serde::de::Visitor<'de> for RecordVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::SHAPE.name)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}

/// `serde::Deserialize::deserialize` for a [`Record`].
pub fn record<'de, T: Record, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(RecordVisitor(std::marker::PhantomData))
}

/// The properties of a record read so far, to refuse a property given twice as serde does.
#[derive(Default)]
pub struct Seen {
    first: u128,
    rest: Vec<usize>,
}

impl Seen {
    /// Whether the property at `index` was read.
    fn contains(&self, index: usize) -> bool {
        match index {
            0..128 => self.first & (1u128 << index) != 0,
            _ => self.rest.contains(&index),
        }
    }

    /// Notes the property at `index`; false when it was already read.
    fn insert(&mut self, index: usize) -> bool {
        if index < 128 {
            let bit = 1u128 << index;
            let new = self.first & bit == 0;
            self.first |= bit;
            new
        } else if self.rest.contains(&index) {
            false
        } else {
            self.rest.push(index);
            true
        }
    }
}

/// The next key of a record's object; a listed property that came before is an error.
pub fn next_key<'de, T: Record, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    seen: &mut Seen,
) -> Result<Option<Key>, A::Error> {
    let reader = FieldKey {
        fields: T::SHAPE.fields,
        stands_in: T::STANDS_IN,
        keep_unknown: T::KEEPS_UNKNOWN,
    };
    next_key_of(map, seen, reader)
}

/// [`next_key`] for the record `reader` reads the keys of: compiled once per deserializer,
/// not once per record.
fn next_key_of<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    seen: &mut Seen,
    reader: FieldKey,
) -> Result<Option<Key>, A::Error> {
    Ok(next_entry_of(map, seen, reader)?.map(|(key, _)| key))
}

/// The next key of a record's object and the index of the property it names (the record's
/// stand-ins come after its fields); a listed property that came before is an error.
fn next_entry_of<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    seen: &mut Seen,
    reader: FieldKey,
) -> Result<Option<(Key, Option<usize>)>, A::Error> {
    let Some((key, index)) = map.next_key_seed(reader)? else {
        return Ok(None);
    };
    if let (Key::Known(name), Some(index)) = (&key, index) {
        if !seen.insert(index) {
            return Err(<A::Error as serde::de::Error>::duplicate_field(name));
        }
    }
    Ok(Some((key, index)))
}

/// A key of a record's object as its [`Record::visit`] matches it: by the index of the
/// property, so that the match is one jump rather than a comparison of text per property.
pub enum Field {
    /// The property at this index of the record's [`ObjectShape::fields`].
    Listed(usize),
    /// The record's stand-ins ([`STAND_INS_KEY`]).
    StandIns,
    /// Any other key, kept for a record that holds the properties the spec does not list.
    Other(String),
    /// Any other key, for a record that has nowhere to keep it.
    Ignored,
}

/// The next key of a record's object, by the index of the property it names; a listed
/// property that came before is an error.
pub fn next_field<'de, T: Record, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    seen: &mut Seen,
) -> Result<Option<Field>, A::Error> {
    let reader = FieldKey {
        fields: T::SHAPE.fields,
        stands_in: T::STANDS_IN,
        keep_unknown: T::KEEPS_UNKNOWN,
    };
    next_field_of(map, seen, reader)
}

/// [`next_field`] for the record `reader` reads the keys of: compiled once per deserializer.
fn next_field_of<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    seen: &mut Seen,
    reader: FieldKey,
) -> Result<Option<Field>, A::Error> {
    let fields = reader.fields.len();
    Ok(next_entry_of(map, seen, reader)?.map(|entry| match entry {
        (Key::Known(_), Some(index)) if index < fields => Field::Listed(index),
        (Key::Known(_), _) => Field::StandIns,
        (Key::Unknown(name), _) => Field::Other(name),
        (Key::Ignored, _) => Field::Ignored,
    }))
}

/// Reads the value of a property whose field is not an `Option` into its slot.
///
/// A record's [`Record::visit`] reads each property into a slot of the field's type and
/// returns at one place when a read fails, rather than at one place per property: every return
/// drops every slot, and a return per property made rustc's borrow checking of a large record
/// quadratic in its fields.
pub fn fill<'de, T: Shaped, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(read(map)?);
    Ok(())
}

/// Reads the value of a property whose field is an `Option` into the field's slot: null, as
/// an absent property, is `None`.
pub fn fill_optional<'de, T, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error>
where
    Option<T>: Shaped,
{
    *slot = read(map)?;
    Ok(())
}

/// [`fill`] for a field of type `Box<T>`, boxed to break a cycle of types.
pub fn fill_boxed<'de, T: Boxed, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(read_boxed(map)?);
    Ok(())
}

/// [`fill_optional`] for a field of type `Option<Box<T>>`.
pub fn fill_optional_boxed<'de, T: Shaped, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<Box<T>>,
) -> Result<(), A::Error> {
    *slot = read_boxed(map)?;
    Ok(())
}

/// Reads the stand-ins the tolerant walk put into a record's object.
pub fn fill_stand_ins<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    stand_ins: &mut StandIns,
) -> Result<(), A::Error> {
    *stand_ins = map.next_value()?;
    Ok(())
}

/// serde's "missing field" error for the first of a record's `required` properties (indices
/// into its fields) that its object did not have.
pub fn missing<T: Record, E: serde::de::Error>(seen: &Seen, required: &[usize]) -> E {
    let name = required
        .iter()
        .find(|index| !seen.contains(**index))
        .and_then(|index| T::SHAPE.fields.get(*index))
        .map_or("", |field| field.wire);
    E::missing_field(name)
}

/// A field that holds the properties a record does not list (a map of them, or the
/// alternative of a `oneOf` beside the listed properties), read from those properties.
pub fn flattened<T: Shaped, E: serde::de::Error>(others: &Map<String, Value>) -> Result<T, E> {
    // Written out and read directly: no copy of the map, and no pointer, which `E` cannot carry.
    let text = serde_json::to_vec(others).map_err(E::custom)?;
    read_text(&text).map_err(|error| E::custom(without_position(error)))
}

/// Keeps a property the record does not list in its map of the others, noting (for the walk to
/// report) one given twice.
pub fn keep_other<'de, A: serde::de::MapAccess<'de>>(
    others: &mut Map<String, Value>,
    name: String,
    map: &mut A,
) -> Result<(), A::Error> {
    let value: Value = read(map)?;
    if others.insert(name, value).is_some() {
        note_lenient();
    }
    Ok(())
}

/// Skips the value of a key the record does not keep.
pub fn skip<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(drop)
}

/// The value of a property once the object is read: what came, or, when nothing did, `None`
/// for an `Option` and serde's "missing field" error for anything else, exactly as serde's
/// derived `Deserialize` decides.
pub fn present<'de, T: serde::Deserialize<'de>, E: serde::de::Error>(
    slot: Option<T>,
    name: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => missing_field(name),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn type_names_in_messages_are_the_public_ones() {
        assert_eq!(
            super::public_path_text("alloc::vec::Vec<client::v2024::models::TaskStatus>"),
            "Vec<client::v2024::TaskStatus>"
        );
        assert_eq!(
            super::public_path_text("client::models::models::Item"),
            "client::models::Item"
        );
        assert_eq!(
            super::public_path_text("client::v3::responses::GetSuccess"),
            "client::v3::GetSuccess"
        );
    }

    /// A tree that does not decode (which the walk makes rare) fails where it does not, named
    /// by its pointer in the tree, with serde's message and no line or column of the text the
    /// tree was written as, which the caller never saw.
    #[test]
    fn a_tree_that_does_not_decode_names_the_pointer_not_a_position() {
        use std::collections::BTreeMap;
        let tree = serde_json::json!({"a": {"b": 1}, "c/d": {"e": 2, "f": "x"}});
        let (pointer, error) = super::read_value::<BTreeMap<String, BTreeMap<String, i32>>>(&tree)
            .err()
            .unwrap();
        assert_eq!(pointer, "/c~1d/f");
        assert_eq!(
            error.to_string(),
            "invalid type: string \"x\", expected i32"
        );
        let read = super::read_value::<BTreeMap<String, BTreeMap<String, i64>>>(
            &serde_json::json!({"a": {"b": 1}}),
        );
        assert_eq!(read.ok().unwrap()["a"]["b"], 1);
    }

    use super::complete_timestamp;

    #[test]
    fn completes_near_rfc3339_timestamps() {
        let cases = [
            (
                "2024-05-01T10:00:00+0000",
                Some("2024-05-01T10:00:00+00:00"),
            ),
            ("2024-05-01T10:00:00+05", Some("2024-05-01T10:00:00+05:00")),
            ("2024-05-01T10:00:00", Some("2024-05-01T10:00:00Z")),
            (
                "2024-05-01 10:00:00.5-0130",
                Some("2024-05-01T10:00:00.5-01:30"),
            ),
            ("2024-05-01T10:00Z", Some("2024-05-01T10:00:00Z")),
            ("2024-05-01", None),
            ("yesterday", None),
            ("2024-05-01T25:00:00Z", None),
        ];
        for (text, completed) in cases {
            assert_eq!(complete_timestamp(text).as_deref(), completed, "{text}");
        }
    }
}

//! A test bed for response bodies, run by the generated crate's own tests (feature `mock`;
//! hidden from the docs). It writes spec-valid bodies from every model's decoding shape (a
//! record alone, or a page of them), breaks them from a catalogue of what real servers send,
//! decodes each tolerantly and strictly, and checks what every body must keep:
//!
//! - decoding never panics;
//! - a spec-valid body decodes with no deviation, tolerantly and strictly;
//! - every value that was not broken decodes as it did unbroken (a page keeps every item that
//!   was not broken);
//! - every broken value is kept as meant, converted without loss, or replaced (`None`, a
//!   marked stand-in, a dropped item or entry), and is reported at its JSON pointer; a value
//!   costs more than itself only when it has no replacement of its own (a required `oneOf`),
//!   and then only the nearest value around it that has one;
//! - nothing is reported that was not broken;
//! - strict decoding fails exactly when tolerant decoding reported a deviation, at the pointer
//!   of the first one, and otherwise decodes the same value.
//!
//! It reads nothing but the shapes the models already carry (`Shaped::shape`), so every model
//! of every module is covered without anyone listing it; the generated `MODEL_PROBES` of each
//! module name the models. Cases are drawn from a seeded generator: the same settings give the
//! same bodies.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde_json::{Map, Value};

use crate::decode::{self, Decoding, Deviation, ObjectShape, Repair, Shape, Shaped};

/// One model the test bed writes bodies for: its shape, and its decoding as a body alone and
/// as a page.
#[doc(hidden)]
pub struct Probe {
    name: fn() -> &'static str,
    shape: fn() -> Shape,
    alone: fn(&[u8], Decoding) -> Outcome,
    page: fn(&[u8], Decoding) -> Outcome,
}

impl Probe {
    pub const fn of<T: Shaped + serde::Serialize>() -> Self {
        Probe {
            name: std::any::type_name::<T>,
            shape: T::shape,
            alone: outcome::<T>,
            page: outcome::<Vec<T>>,
        }
    }
}

/// How long the test bed runs and with which seed.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Bodies written for each model.
    pub cases: u32,
    pub seed: u64,
}

impl Settings {
    /// `cases` bodies per model and the seed 28, unless `TESTBED_CASES` or `TESTBED_SEED` say
    /// otherwise; an error names a setting that is not a whole number.
    pub fn from_env(cases: u32) -> Result<Self, String> {
        let setting = |name: &str, default: u64| match std::env::var(name) {
            Ok(value) => value
                .trim()
                .parse::<u64>()
                .map_err(|_| format!("{name} must be a whole number, not {value:?}")),
            Err(_) => Ok(default),
        };
        Ok(Settings {
            cases: u32::try_from(setting("TESTBED_CASES", u64::from(cases))?).unwrap_or(u32::MAX),
            seed: setting("TESTBED_SEED", 28)?,
        })
    }
}

/// What a run found.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Report {
    /// Each broken invariant: the model, the case, what was broken where, and what went wrong.
    pub failures: Vec<String>,
    pub models: usize,
    pub bodies: u64,
    /// How often each entry of the catalogue was applied.
    pub mutations: BTreeMap<&'static str, u64>,
    /// How often the decoder answered with each repair.
    pub repairs: BTreeMap<String, u64>,
    /// Models for which no spec-valid body could be written (a required field whose type
    /// holds itself without end).
    pub unwritable: Vec<&'static str>,
}

impl Report {
    /// Whether every model had a body written and kept every invariant.
    pub fn passed(&self) -> bool {
        self.models > 0 && self.failures.is_empty() && self.unwritable.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} bodies of {} models; mutations: {:?}; repairs: {:?}",
            self.bodies, self.models, self.mutations, self.repairs
        )?;
        if !self.unwritable.is_empty() {
            writeln!(
                f,
                "no spec-valid body could be written for {:?}",
                self.unwritable
            )?;
        }
        for failure in self.failures.iter().take(20) {
            writeln!(f, "\n{failure}")?;
        }
        if self.failures.len() > 20 {
            writeln!(f, "\n... and {} more", self.failures.len() - 20)?;
        }
        Ok(())
    }
}

/// Runs the test bed over every model of `probes`: a generated crate's modules' models.
#[doc(hidden)]
pub fn run(probes: &[&[Probe]], settings: Settings) -> Report {
    run_over(probes.iter().flat_map(|probes| probes.iter()), settings)
}

fn run_over<'a>(probes: impl Iterator<Item = &'a Probe>, settings: Settings) -> Report {
    let mut report = Report::default();
    for probe in probes {
        report.models += 1;
        let name = (probe.name)();
        let mut written = false;
        for case in 0..settings.cases {
            let seed = mix(settings.seed, name, case);
            match run_case(probe, seed, None, &mut report) {
                Verdict::Unwritable => continue,
                Verdict::Kept => {}
                Verdict::Broken(failure) => {
                    // Report the smallest case that fails: each mutation alone, when one does.
                    let smaller = (0..failure.mutations).find_map(|only| {
                        match run_case(probe, seed, Some(only), &mut Report::default()) {
                            Verdict::Broken(alone) => Some(alone),
                            _ => None,
                        }
                    });
                    let failure = smaller.unwrap_or(failure);
                    report
                        .failures
                        .push(format!("{name}, seed {seed}: {}", failure.message));
                }
            }
            written = true;
        }
        if !written && settings.cases > 0 {
            report.unwritable.push(name);
        }
    }
    report
}

/// A seed for one case of one model.
fn mix(seed: u64, name: &str, case: u32) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ seed;
    for byte in name.bytes().chain(case.to_le_bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// What decoding a body gave.
enum Outcome {
    Decoded {
        value: Value,
        deviations: Vec<Deviation>,
    },
    Failed {
        pointer: String,
        message: String,
    },
    Panicked(String),
}

impl fmt::Debug for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Decoded { value, deviations } => {
                let deviations: Vec<String> = deviations.iter().map(|d| d.to_string()).collect();
                write!(
                    f,
                    "decoded {} with deviations {deviations:#?}",
                    shown(value)
                )
            }
            Outcome::Failed { pointer, message } => {
                write!(f, "failed at {pointer:?}: {message}")
            }
            Outcome::Panicked(message) => write!(f, "PANICKED: {message}"),
        }
    }
}

fn outcome<T: Shaped + serde::Serialize>(body: &[u8], decoding: Decoding) -> Outcome {
    match catch_unwind(AssertUnwindSafe(|| decode::decode::<T>(body, decoding))) {
        Ok(Ok(decoded)) => match serde_json::to_value(&decoded.value) {
            Ok(value) => Outcome::Decoded {
                value,
                deviations: decoded.deviations,
            },
            Err(error) => {
                Outcome::Panicked(format!("the decoded value does not serialize: {error}"))
            }
        },
        Ok(Err(failure)) => Outcome::Failed {
            pointer: failure.pointer,
            message: failure.source.to_string(),
        },
        Err(panic) => Outcome::Panicked(
            panic
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default(),
        ),
    }
}

enum Verdict {
    Unwritable,
    Kept,
    Broken(Failure),
}

struct Failure {
    message: String,
    /// How many mutations the case applied, to try each alone.
    mutations: usize,
}

// ---------------------------------------------------------------------------------------------
// Writing spec-valid bodies
// ---------------------------------------------------------------------------------------------

/// Where a value sits, which decides what may replace it.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Root,
    /// A property a record lists.
    Property {
        required: bool,
    },
    /// An item of a list.
    Item,
    /// An entry of a map (or of the properties a record keeps beyond those it lists).
    Entry,
    /// A value inside a free-form value (`any`, an object of anything), which is its own
    /// schema's only concern.
    Free,
    /// A value inside a `oneOf`, which the walk does not look into.
    Inside,
}

/// One value of a written body.
#[derive(Clone)]
struct Site {
    pointer: String,
    shape: Shape,
    place: Place,
    /// For a `Free` or `Inside` value: the pointer of the free-form or `oneOf` value holding it.
    owner: Option<String>,
}

struct Writer {
    rng: fastrand::Rng,
    sites: Vec<Site>,
}

/// How deep records may nest before optional fields are left out and lists kept empty.
const DEEP: usize = 4;
/// How deep a body may nest at all; a required field that holds its own type without end
/// cannot be written.
const DEEPEST: usize = 12;

impl Writer {
    fn site(&mut self, pointer: &str, shape: Shape, place: Place, owner: Option<&str>) {
        self.sites.push(Site {
            pointer: pointer.to_owned(),
            shape,
            place,
            owner: owner.map(str::to_owned),
        });
    }

    /// A spec-valid value of `shape` at `pointer`, recorded as a site.
    fn value(
        &mut self,
        shape: Shape,
        pointer: &str,
        place: Place,
        owner: Option<&str>,
        depth: usize,
    ) -> Option<Value> {
        if depth > DEEPEST {
            return None;
        }
        self.site(pointer, shape, place, owner);
        self.fill(shape, pointer, owner, depth)
    }

    /// The value itself, its site already recorded.
    fn fill(
        &mut self,
        shape: Shape,
        pointer: &str,
        owner: Option<&str>,
        depth: usize,
    ) -> Option<Value> {
        let rng = &mut self.rng;
        Some(match shape {
            Shape::Any => {
                let value = free_form(rng, 2);
                self.free_sites(&value, pointer, pointer);
                value
            }
            Shape::AnyObject => {
                let mut object = Map::new();
                for _ in 0..rng.usize(0..3) {
                    object.insert(key(rng), free_form(rng, 1));
                }
                let value = Value::Object(object);
                self.free_sites(&value, pointer, pointer);
                value
            }
            Shape::Opaque(opaque) => {
                let mut order: Vec<usize> = (0..opaque.alternatives.len()).collect();
                rng.shuffle(&mut order);
                let sites = self.sites.len();
                let written = order.into_iter().find_map(|index| {
                    let alternative = &opaque.alternatives[index];
                    self.sites.truncate(sites);
                    let mut value =
                        self.fill((alternative.shape)(), pointer, Some(pointer), depth + 1)?;
                    if let (Some(tag), Some(chosen), Value::Object(object)) = (
                        opaque.tag,
                        self.rng.choice(alternative.tags.iter()),
                        &mut value,
                    ) {
                        object.insert(tag.to_owned(), Value::from(*chosen));
                    }
                    (opaque.fits)(&value).then_some(value)
                });
                // The values inside a `oneOf` are not broken one by one (the walk does not look
                // into them): the `oneOf` is, as a whole.
                self.sites.truncate(sites);
                written?
            }
            Shape::Bool => Value::Bool(rng.bool()),
            Shape::I32 => Value::from(pick(rng, &[0, 1, -1, 7, 45, 100, i32::MAX, i32::MIN])),
            Shape::I64 => Value::from(pick(
                rng,
                &[
                    0,
                    3,
                    -12,
                    1_000_000_007,
                    i64::from(i32::MAX) + 1,
                    i64::MAX,
                    i64::MIN,
                ],
            )),
            Shape::F32 => Value::from(f64::from(pick(rng, &[0.0f32, 1.5, -2.25, 3.4e38, 1e-3]))),
            Shape::Number => Value::from(pick(rng, &[0.0, 2.5, -1e-7, 1e300, 42.0, 0.1])),
            Shape::String => Value::String(text(rng)),
            Shape::DateTime => Value::String(timestamp(rng)),
            Shape::Date => Value::String(format!(
                "{:04}-{:02}-{:02}",
                rng.u32(1970..2100),
                rng.u32(1..13),
                rng.u32(1..29)
            )),
            Shape::Enum(enumeration) if enumeration.integers => {
                let known = rng.choice(enumeration.values.iter());
                Value::from(
                    known
                        .and_then(|value| value.parse::<i64>().ok())
                        .unwrap_or(0),
                )
            }
            Shape::Enum(enumeration) => {
                let known = rng.choice(enumeration.values.iter());
                Value::String(known.map(|value| (*value).to_owned()).unwrap_or_default())
            }
            Shape::Array(item) => {
                let count = if depth >= DEEP { 0 } else { rng.usize(0..3) };
                let mut items = Vec::with_capacity(count);
                let place = inner_place(owner, Place::Item);
                for index in 0..count {
                    let at = format!("{pointer}/{index}");
                    items.push(self.value(item(), &at, place, owner, depth + 1)?);
                }
                Value::Array(items)
            }
            Shape::Map(entry) => {
                let count = if depth >= DEEP { 0 } else { rng.usize(0..3) };
                let mut entries = Map::new();
                let place = inner_place(owner, Place::Entry);
                for _ in 0..count {
                    let name = key(&mut self.rng);
                    let at = format!("{pointer}/{}", decode::escape(&name));
                    let value = self.value(entry(), &at, place, owner, depth + 1)?;
                    entries.insert(name, value);
                }
                Value::Object(entries)
            }
            // A field left out is the record's choice; here the value is null or there.
            Shape::Option(_) if depth >= DEEP || rng.u8(..) < 64 => Value::Null,
            Shape::Option(inner) => self.fill(inner(), pointer, owner, depth)?,
            Shape::Object(object) => self.record(object, pointer, owner, depth)?,
        })
    }

    fn record(
        &mut self,
        object: &'static ObjectShape,
        pointer: &str,
        owner: Option<&str>,
        depth: usize,
    ) -> Option<Value> {
        let mut map = Map::new();
        let mut keeps_others = None;
        for field in object.fields {
            let shape = (field.shape)();
            if field.flatten {
                keeps_others = Some(shape);
                continue;
            }
            let optional = matches!(shape, Shape::Option(_));
            if optional && (depth >= DEEP || self.rng.u8(..) < 80) {
                continue;
            }
            let at = format!("{pointer}/{}", decode::escape(field.wire));
            let place = inner_place(
                owner,
                Place::Property {
                    required: !optional,
                },
            );
            let value = self.value(shape, &at, place, owner, depth + 1)?;
            map.insert(field.wire.to_owned(), value);
        }
        // Properties the schema does not list: kept by a record that keeps them, ignored by
        // any other; neither is a deviation.
        let unlisted = |name: &str| {
            object.fields.iter().all(|field| {
                field.flatten || (field.wire != name && !decode::folds_to(name, field.wire))
            })
        };
        for _ in 0..self.rng.usize(0..2) {
            let name = format!("x{}", key(&mut self.rng));
            if !unlisted(&name) || map.contains_key(&name) {
                continue;
            }
            let at = format!("{pointer}/{}", decode::escape(&name));
            let value = match keeps_others {
                Some(Shape::Map(entry)) => self.value(
                    entry(),
                    &at,
                    inner_place(owner, Place::Entry),
                    owner,
                    depth + 1,
                )?,
                _ => free_form(&mut self.rng, 1),
            };
            map.insert(name, value);
        }
        Some(Value::Object(map))
    }

    /// The sites inside a free-form value: each is broken as any JSON may be.
    fn free_sites(&mut self, value: &Value, pointer: &str, owner: &str) {
        match value {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let at = format!("{pointer}/{index}");
                    self.site(&at, Shape::Any, Place::Free, Some(owner));
                    self.free_sites(item, &at, owner);
                }
            }
            Value::Object(object) => {
                for (name, item) in object {
                    let at = format!("{pointer}/{}", decode::escape(name));
                    self.site(&at, Shape::Any, Place::Free, Some(owner));
                    self.free_sites(item, &at, owner);
                }
            }
            _ => {}
        }
    }
}

/// `place`, or `Inside` for a value inside a `oneOf`.
fn inner_place(owner: Option<&str>, place: Place) -> Place {
    match owner {
        Some(_) => Place::Inside,
        None => place,
    }
}

fn pick<T: Copy>(rng: &mut fastrand::Rng, values: &[T]) -> T {
    values[rng.usize(..values.len())]
}

/// A string as APIs send them: words, accents, other scripts, emoji, quotes, backslashes,
/// control characters, pointer syntax.
fn text(rng: &mut fastrand::Rng) -> String {
    const PIECES: &[&str] = &[
        "Aggregate",
        "source",
        " ",
        "é",
        "日本語",
        "😀",
        "\"",
        "\\",
        "\n",
        "\u{1}",
        "/",
        "~",
        "a/b",
        "Ünïcödé",
        "SUCCESS",
        "42",
        "",
    ];
    (0..rng.usize(0..4)).map(|_| pick(rng, PIECES)).collect()
}

/// A key of a map or an unlisted property.
fn key(rng: &mut fastrand::Rng) -> String {
    const PIECES: &[&str] = &["count", "app", "Id", "é", "a/b", "~x", "k", "日"];
    (0..rng.usize(1..3)).map(|_| pick(rng, PIECES)).collect()
}

/// An RFC 3339 date-time in one of the forms servers write: `Z` or an offset, with or without
/// a fraction of a second.
fn timestamp(rng: &mut fastrand::Rng) -> String {
    let date = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        rng.u32(1970..2100),
        rng.u32(1..13),
        rng.u32(1..29),
        rng.u32(0..24),
        rng.u32(0..60),
        rng.u32(0..60)
    );
    let fraction = pick(rng, &["", ".5", ".250", ".123456"]);
    let offset = pick(rng, &["Z", "+00:00", "+05:30", "-08:00"]);
    format!("{date}{fraction}{offset}")
}

/// Any JSON value, up to `depth` levels of nesting.
fn free_form(rng: &mut fastrand::Rng, depth: usize) -> Value {
    match rng.u8(0..if depth == 0 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.bool()),
        2 => Value::from(rng.i64(-1000..1000)),
        3 => Value::from(pick(rng, &[0.5, -2.75, 1e20])),
        4 => Value::String(text(rng)),
        5 => Value::Array(
            (0..rng.usize(0..3))
                .map(|_| free_form(rng, depth - 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.usize(0..3))
                .map(|_| (key(rng), free_form(rng, depth - 1)))
                .collect(),
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Spec validity, as the decoders define it
// ---------------------------------------------------------------------------------------------

/// Whether `value` is exactly what `shape` says, needing no conversion or leniency.
fn valid(shape: Shape, value: &Value) -> bool {
    match shape {
        Shape::Any => true,
        Shape::AnyObject => value.is_object(),
        Shape::Opaque(opaque) => (opaque.fits)(value),
        Shape::Bool => value.is_boolean(),
        Shape::I32 => value
            .as_i64()
            .is_some_and(|integer| i32::try_from(integer).is_ok()),
        Shape::I64 => value.is_i64(),
        Shape::F32 => value.as_f64().and_then(decode::narrow).is_some(),
        Shape::Number => value.is_number(),
        Shape::String => value.is_string(),
        Shape::DateTime | Shape::Date => value
            .as_str()
            .is_some_and(|text| decode::shape_accepts_time(shape, text)),
        Shape::Enum(enumeration) if enumeration.integers => value
            .as_i64()
            .is_some_and(|integer| enumeration.values.contains(&integer.to_string().as_str())),
        Shape::Enum(enumeration) => value
            .as_str()
            .is_some_and(|text| enumeration.values.contains(&text)),
        Shape::Array(item) => value
            .as_array()
            .is_some_and(|items| items.iter().all(|value| valid(item(), value))),
        Shape::Map(entry) => value
            .as_object()
            .is_some_and(|entries| entries.values().all(|value| valid(entry(), value))),
        Shape::Option(inner) => value.is_null() || valid(inner(), value),
        Shape::Object(object) => {
            let Some(map) = value.as_object() else {
                return false;
            };
            let listed = |name: &str| object.fields.iter().any(|f| !f.flatten && f.wire == name);
            let fields_fit = object.fields.iter().all(|field| {
                if field.flatten {
                    return true;
                }
                let shape = (field.shape)();
                match map.get(field.wire) {
                    Some(value) => valid(shape, value),
                    // A property named in another case would be read under its own name.
                    None => {
                        matches!(shape, Shape::Option(_))
                            && !map
                                .keys()
                                .any(|key| !listed(key) && decode::folds_to(key, field.wire))
                    }
                }
            });
            let others_fit = match object.fields.iter().find(|field| field.flatten) {
                Some(rest) => match (rest.shape)() {
                    Shape::Map(entry) => map
                        .iter()
                        .filter(|(key, _)| !listed(key))
                        .all(|(_, value)| valid(entry(), value)),
                    _ => true,
                },
                None => true,
            };
            fields_fit && others_fit
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The catalogue of mutations
// ---------------------------------------------------------------------------------------------

/// A mutation applied to one value of a body.
struct Applied {
    kind: &'static str,
    /// The seed of the mutation's own generator.
    seed: u64,
    site: Site,
    /// The value's pointer as the unbroken body has it.
    pointer: String,
    /// Its pointer as the broken body has it (another property name, for a renamed property).
    arrived: String,
    /// The value as sent, when JSON holds it; `None` when removed or not JSON.
    sent: Option<Value>,
    /// Bytes no JSON value holds (invalid UTF-8, a lone surrogate, a number no `f64` holds):
    /// the value cannot be kept.
    unreadable: bool,
    /// The value reads as null in the reader's tree (a number it could not read).
    null_in_tree: bool,
    /// The body stays spec-valid at this value: nothing may be reported, and the value must
    /// decode as sent.
    neutral: bool,
    /// The repair the README's rules call for, when one does.
    must: Option<Repair>,
    /// What a value the decoder kept (did not replace) must equal: the value before the
    /// mutation (`true`: the mutation kept its meaning), or the value as sent.
    keeps_meaning: bool,
}

/// Raw text put in place of a marker string after the body is written.
struct Raw {
    marker: String,
    bytes: Vec<u8>,
}

/// The body being broken.
struct Breaking {
    /// Each mutation draws from a generator of its own, seeded from the case's, so that one
    /// can be applied again alone.
    rng: fastrand::Rng,
    tree: Value,
    raws: Vec<Raw>,
    applied: Vec<Applied>,
}

impl Breaking {
    fn new(tree: Value) -> Self {
        Breaking {
            rng: fastrand::Rng::with_seed(0),
            tree,
            raws: Vec::new(),
            applied: Vec::new(),
        }
    }

    fn marker(&mut self, bytes: Vec<u8>) -> String {
        let marker = format!("\u{0}RAW{}\u{0}", self.raws.len());
        self.raws.push(Raw {
            marker: marker.clone(),
            bytes,
        });
        marker
    }

    /// Breaks the value at `site` with one entry of the catalogue that applies to it; `false`
    /// when none does.
    fn mutate(&mut self, site: &Site, seed: u64) -> bool {
        self.rng = fastrand::Rng::with_seed(seed);
        let Some(current) = self.tree.pointer(&site.pointer).cloned() else {
            return false;
        };
        let shape = unwrap_option(site.shape);
        let is_property = matches!(site.place, Place::Property { .. });
        let has_key = is_property
            || matches!(site.place, Place::Entry | Place::Free)
                && parent_is_object(&self.tree, &site.pointer);
        let mut kinds: Vec<&'static str> = vec!["null", "type swap", "wrap"];
        if is_property {
            kinds.extend(["missing", "renamed"]);
        }
        if has_key {
            kinds.push("given twice");
        }
        if current.is_number() {
            kinds.extend(["as a string", "another notation", "out of range"]);
        }
        if current.is_boolean() {
            kinds.push("as a string");
        }
        if let Value::String(text) = &current {
            kinds.extend([
                "case",
                "spaces",
                "invalid UTF-8",
                "lone surrogate",
                "escaped",
                "raw control",
            ]);
            if matches!(shape, Shape::DateTime) && near_timestamp(text, &mut self.rng).is_some() {
                kinds.push("near timestamp");
            }
        }
        if matches!(shape, Shape::Enum(_)) {
            kinds.push("unknown enum value");
        }
        let Some(kind) = self.rng.choice(kinds) else {
            return false;
        };
        self.apply(site, seed, shape, current, kind)
    }

    fn apply(
        &mut self,
        site: &Site,
        seed: u64,
        shape: Shape,
        current: Value,
        kind: &'static str,
    ) -> bool {
        let mut applied = Applied {
            kind,
            seed,
            site: site.clone(),
            pointer: site.pointer.clone(),
            arrived: site.pointer.clone(),
            sent: None,
            unreadable: false,
            null_in_tree: false,
            neutral: false,
            must: None,
            keeps_meaning: false,
        };
        let required = matches!(site.place, Place::Property { required: true });
        let replacement: Value = match kind {
            "null" => Value::Null,
            "type swap" => loop {
                let candidate = match self.rng.u8(0..7) {
                    0 => Value::String(text(&mut self.rng)),
                    1 => Value::from(self.rng.i64(-5..5)),
                    2 => Value::Bool(self.rng.bool()),
                    3 => Value::Object(Map::new()),
                    4 => Value::Array(vec![Value::from(1)]),
                    5 => Value::String(String::new()),
                    _ => deeply_nested(),
                };
                if json_kind(&candidate) != json_kind(&current) {
                    break candidate;
                }
            },
            "wrap" => match self.rng.bool() {
                true => Value::Array(vec![current.clone()]),
                false => Value::Object(Map::from_iter([("value".to_owned(), current.clone())])),
            },
            "as a string" => {
                applied.keeps_meaning = true;
                applied.must = lossless_conversion(shape);
                Value::String(current.to_string())
            }
            "another notation" => {
                let Some(number) = current.as_f64() else {
                    return false;
                };
                // Another notation of an integer names it only where a float holds it exactly.
                const EXACT: f64 = 9_007_199_254_740_992.0;
                if (current.is_i64() || current.is_u64()) && number.abs() >= EXACT {
                    return false;
                }
                let notation = if number == 0.0 && self.rng.bool() {
                    "-0".to_owned()
                } else if number.fract() == 0.0 && number.abs() < 1e15 && self.rng.bool() {
                    format!("{number:.1}")
                } else {
                    format!("{number:e}")
                };
                // The text must name the same number, as serde_json reads it.
                let Ok(read) = serde_json::from_str::<Value>(&notation) else {
                    return false;
                };
                if read.as_f64() != Some(number) {
                    return false;
                }
                applied.keeps_meaning = true;
                applied.must = match shape {
                    Shape::I32 | Shape::I64 => Some(Repair::Converted),
                    Shape::Enum(enumeration) if enumeration.integers => Some(Repair::Converted),
                    _ => None,
                };
                applied.neutral = applied.must.is_none() && valid(site.shape, &read);
                applied.sent = Some(read);
                return self.raw(&site.pointer, notation.into_bytes(), applied);
            }
            "out of range" => {
                let (text, read): (&str, Option<Value>) = match self.rng.u8(0..6) {
                    0 => ("2147483648", Some(Value::from(2_147_483_648_i64))),
                    1 => (
                        "9223372036854775808",
                        Some(Value::from(9_223_372_036_854_775_808_u64)),
                    ),
                    2 => ("1e39", Some(Value::from(1e39))),
                    3 => ("1e400", None),
                    4 => ("-1e400", None),
                    _ => (pick(&mut self.rng, &["NaN", "Infinity", "-Infinity"]), None),
                };
                applied.unreadable = read.is_none();
                applied.null_in_tree = read.is_none();
                applied.sent = read;
                let marker = self.marker(text.as_bytes().to_vec());
                self.set(&site.pointer, Value::String(marker));
                applied.neutral = applied
                    .sent
                    .as_ref()
                    .is_some_and(|sent| valid(site.shape, sent));
                self.applied.push(applied);
                return true;
            }
            "case" | "spaces" => {
                let Value::String(text) = &current else {
                    return false;
                };
                let changed = if kind == "spaces" {
                    format!(" {text}  ")
                } else {
                    match self.rng.u8(0..3) {
                        0 => text.to_lowercase(),
                        1 => text.to_uppercase(),
                        _ => text
                            .chars()
                            .enumerate()
                            .map(|(index, c)| match index % 2 {
                                0 => c.to_ascii_lowercase(),
                                _ => c.to_ascii_uppercase(),
                            })
                            .collect(),
                    }
                };
                if changed == *text {
                    return false;
                }
                if let Shape::Enum(enumeration) = shape {
                    if !enumeration.integers {
                        let folded = enumeration
                            .values
                            .iter()
                            .filter(|known| known.eq_ignore_ascii_case(changed.trim()))
                            .count();
                        applied.must = Some(match folded {
                            1 => Repair::CaseFolded,
                            _ => Repair::UnknownEnumValue,
                        });
                        applied.keeps_meaning = folded == 1;
                    }
                }
                if matches!(shape, Shape::DateTime | Shape::Date) {
                    applied.keeps_meaning = true;
                }
                Value::String(changed)
            }
            "invalid UTF-8" | "lone surrogate" => {
                let Value::String(text) = &current else {
                    return false;
                };
                let fault: &[u8] = match kind {
                    "invalid UTF-8" => pick(
                        &mut self.rng,
                        &[&b"\xFF"[..], b"\xC3", b"\xED\xA0\xBD", b"\xC0\xAF", b"\x80"],
                    ),
                    _ => pick(
                        &mut self.rng,
                        &[
                            &br"\ud83d"[..],
                            br"\ude00",
                            br"\ude00\ud83d",
                            br"\ud83d\u0041",
                        ],
                    ),
                };
                let escaped = json_text(&Value::String(text.clone()));
                let inner = &escaped[1..escaped.len() - 1];
                let cut = self.rng.usize(..=inner.len());
                // Never inside an escape sequence: cut at a character that starts none.
                let cut = (0..=cut)
                    .rev()
                    .find(|at| inner.is_char_boundary(*at) && !escape_before(inner, *at))
                    .unwrap_or(0);
                let bytes = [
                    b"\"",
                    &inner.as_bytes()[..cut],
                    fault,
                    &inner.as_bytes()[cut..],
                    b"\"",
                ]
                .concat();
                applied.unreadable = true;
                return self.raw(&site.pointer, bytes, applied);
            }
            "escaped" | "raw control" => {
                let Value::String(text) = &current else {
                    return false;
                };
                let bytes = if kind == "escaped" {
                    let mut escaped = String::from("\"");
                    for unit in text.encode_utf16() {
                        escaped.push_str(&format!("\\u{unit:04x}"));
                    }
                    escaped.push('"');
                    applied.sent = Some(current.clone());
                    escaped.into_bytes()
                } else {
                    let with = format!("{text}\t\u{1}");
                    let json = json_text(&Value::String(with.clone()));
                    applied.sent = Some(Value::String(with));
                    json.replace("\\t", "\t")
                        .replace("\\u0001", "\u{1}")
                        .into_bytes()
                };
                applied.neutral = applied
                    .sent
                    .as_ref()
                    .is_some_and(|sent| valid(site.shape, sent));
                return self.raw(&site.pointer, bytes, applied);
            }
            "near timestamp" => {
                let Value::String(text) = &current else {
                    return false;
                };
                let Some(near) = near_timestamp(text, &mut self.rng) else {
                    return false;
                };
                applied.must = Some(Repair::TimestampCompleted);
                applied.keeps_meaning = true;
                Value::String(near)
            }
            "unknown enum value" => {
                let Shape::Enum(enumeration) = shape else {
                    return false;
                };
                applied.must = Some(Repair::UnknownEnumValue);
                if enumeration.integers {
                    Value::from(987_654_i64)
                } else {
                    Value::String("NOT_A_DOCUMENTED_VALUE".to_owned())
                }
            }
            "missing" => {
                self.remove(&site.pointer);
                applied.neutral = !required;
                applied.must = required.then_some(Repair::StandIn);
                applied.null_in_tree = true;
                self.applied.push(applied);
                return true;
            }
            "renamed" => {
                let Some((parent, name)) = split_pointer(&site.pointer) else {
                    return false;
                };
                let name = unescape(name);
                let renamed = match self.rng.u8(0..3) {
                    0 => name.to_uppercase(),
                    1 => format!(" {name}"),
                    _ => {
                        let mut chars = name.chars();
                        chars
                            .next()
                            .map(|first| first.to_uppercase().chain(chars).collect())
                            .unwrap_or_default()
                    }
                };
                if renamed == name || !renamed.is_ascii() {
                    return false;
                }
                let Some(Value::Object(object)) = self.tree.pointer_mut(&parent) else {
                    return false;
                };
                if object.contains_key(&renamed)
                    || object
                        .keys()
                        .any(|key| key != &name && decode::folds_to(key, &name))
                {
                    return false;
                }
                let Some(value) = object.remove(&name) else {
                    return false;
                };
                object.insert(renamed.clone(), value);
                applied.arrived = format!("{parent}/{}", decode::escape(&renamed));
                applied.must = Some(Repair::NameFolded);
                applied.keeps_meaning = true;
                applied.sent = Some(current);
                self.applied.push(applied);
                return true;
            }
            "given twice" => {
                let Some((parent, name)) = split_pointer(&site.pointer) else {
                    return false;
                };
                let name = unescape(name);
                let earlier = match self.rng.u8(0..3) {
                    0 => current.clone(),
                    1 => Value::Null,
                    _ => Value::String(text(&mut self.rng)),
                };
                let marker = self.marker(json_text(&Value::String(name.clone())).into_bytes());
                let Some(Value::Object(object)) = self.tree.pointer_mut(&parent) else {
                    return false;
                };
                // The earlier copy first, whatever order the map keeps.
                let rest = std::mem::take(object);
                object.insert(marker, earlier);
                object.extend(rest);
                applied.must = Some(Repair::Duplicate);
                applied.keeps_meaning = true;
                applied.sent = Some(current);
                self.applied.push(applied);
                return true;
            }
            _ => return false,
        };
        applied.null_in_tree = replacement.is_null();
        // No reader follows a value nested this deep: it cannot be kept.
        applied.unreadable = depth_of(&replacement) > 100;
        applied.neutral =
            applied.must.is_none() && !applied.unreadable && valid(site.shape, &replacement);
        applied.sent = Some(replacement.clone());
        self.set(&site.pointer, replacement);
        self.applied.push(applied);
        true
    }

    /// Puts `bytes` at `pointer` as they are (through a marker replaced once the body is
    /// written), and records the mutation.
    fn raw(&mut self, pointer: &str, bytes: Vec<u8>, applied: Applied) -> bool {
        let marker = self.marker(bytes);
        self.set(pointer, Value::String(marker));
        self.applied.push(applied);
        true
    }

    fn set(&mut self, pointer: &str, value: Value) {
        if pointer.is_empty() {
            self.tree = value;
        } else if let Some(slot) = self.tree.pointer_mut(pointer) {
            *slot = value;
        }
    }

    fn remove(&mut self, pointer: &str) {
        if let Some((parent, name)) = split_pointer(pointer) {
            if let Some(Value::Object(object)) = self.tree.pointer_mut(&parent) {
                object.remove(&unescape(name));
            }
        }
    }
}

/// What a scalar sent as a string must be converted to without loss: every scalar but a
/// string (which a string already is) and free-form values.
fn lossless_conversion(shape: Shape) -> Option<Repair> {
    match shape {
        Shape::Bool | Shape::I32 | Shape::I64 | Shape::F32 | Shape::Number => {
            Some(Repair::Converted)
        }
        Shape::Enum(enumeration) if enumeration.integers => Some(Repair::Converted),
        _ => None,
    }
}

/// A near-RFC 3339 form of an RFC 3339 timestamp that names the same instant: the offset
/// without its colon, a space for `T`, or no offset for UTC.
fn near_timestamp(text: &str, rng: &mut fastrand::Rng) -> Option<String> {
    if !text.is_ascii() || text.len() < 20 {
        return None;
    }
    let mut forms = Vec::new();
    let (head, offset) = text.split_at(text.len() - 6);
    if (offset.starts_with('+') || offset.starts_with('-')) && offset.as_bytes()[3] == b':' {
        forms.push(format!("{head}{}{}", &offset[..3], &offset[4..]));
    }
    forms.push(text.replacen('T', " ", 1));
    if let Some(bare) = text.strip_suffix('Z') {
        forms.push(bare.to_owned());
    }
    forms.retain(|form| form != text && chrono::DateTime::parse_from_rfc3339(form).is_err());
    rng.choice(forms)
}

fn unwrap_option(shape: Shape) -> Shape {
    match shape {
        Shape::Option(inner) => unwrap_option(inner()),
        other => other,
    }
}

fn parent_is_object(tree: &Value, pointer: &str) -> bool {
    split_pointer(pointer)
        .is_some_and(|(parent, _)| tree.pointer(&parent).is_some_and(Value::is_object))
}

/// `(parent, last segment)` of a pointer.
fn split_pointer(pointer: &str) -> Option<(String, &str)> {
    let (parent, name) = pointer.rsplit_once('/')?;
    Some((parent.to_owned(), name))
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Whether the character at `at` of JSON string text is part of an escape sequence.
fn escape_before(inner: &str, at: usize) -> bool {
    let bytes = inner.as_bytes();
    // Count the backslashes and look for `\uXXXX` reaching past `at`.
    let start = at.saturating_sub(6);
    (start..at).any(|from| {
        bytes[from] == b'\\'
            && bytes[..from]
                .iter()
                .rev()
                .take_while(|byte| **byte == b'\\')
                .count()
                % 2
                == 0
            && {
                let length = if bytes.get(from + 1) == Some(&b'u') {
                    6
                } else {
                    2
                };
                from + length > at
            }
    })
}

fn json_kind(value: &Value) -> u8 {
    match value {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

/// An array nested deeper than any reader follows.
fn deeply_nested() -> Value {
    let mut value = Value::from(1);
    for _ in 0..200 {
        value = Value::Array(vec![value]);
    }
    value
}

fn json_text(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Running one case
// ---------------------------------------------------------------------------------------------

/// How the whole body is written: each keeps it spec-valid, except a cut.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Layout {
    Compact,
    /// Spaces and newlines between every token.
    Spaced,
    /// A UTF-8 byte-order mark first.
    ByteOrderMark,
    /// Every non-ASCII character and `/` as an escape.
    Escaped,
    /// Cut short: no longer JSON.
    Cut,
}

fn run_case(probe: &Probe, seed: u64, only: Option<usize>, report: &mut Report) -> Verdict {
    let mut rng = fastrand::Rng::with_seed(seed);
    let shape = (probe.shape)();
    let page = rng.u8(..) < 96;
    let mut writer = Writer {
        rng: rng.fork(),
        sites: Vec::new(),
    };
    let valid_tree = if page {
        let mut items = Vec::new();
        for index in 0..rng.usize(1..5) {
            match writer.value(shape, &format!("/{index}"), Place::Item, None, 0) {
                Some(item) => items.push(item),
                None => return Verdict::Unwritable,
            }
        }
        Value::Array(items)
    } else {
        match writer.value(shape, "", Place::Root, None, 0) {
            Some(value) => value,
            None => return Verdict::Unwritable,
        }
    };
    report.bodies += 1;
    let decode = |body: &[u8], decoding| match page {
        true => (probe.page)(body, decoding),
        false => (probe.alone)(body, decoding),
    };
    let valid_body = json_text(&valid_tree).into_bytes();
    let baseline = match (decode(&valid_body, Decoding::Tolerant), decode(&valid_body, Decoding::Strict)) {
        (Outcome::Decoded { value, deviations }, Outcome::Decoded { value: strict, .. })
            if deviations.is_empty() && value == strict =>
        {
            value
        }
        (tolerant, strict) => {
            return Verdict::Broken(Failure {
                message: format!(
                    "a spec-valid body did not decode exactly, without deviations:\n  body: {}\n  tolerant: {tolerant:?}\n  strict: {strict:?}",
                    String::from_utf8_lossy(&valid_body)
                ),
                mutations: 0,
            })
        }
    };

    let mut breaking = Breaking::new(valid_tree.clone());
    let wanted = 1 + rng.usize(..3);
    let mut attempts = 0;
    while breaking.applied.len() < wanted && attempts < 12 && !writer.sites.is_empty() {
        attempts += 1;
        let Some(site) = rng.choice(writer.sites.iter()).cloned() else {
            break;
        };
        let seed = rng.u64(..);
        let overlaps = breaking.applied.iter().any(|applied| {
            related(&applied.pointer, &site.pointer)
                || site
                    .owner
                    .as_deref()
                    .is_some_and(|owner| related(&applied.pointer, owner))
                || applied
                    .site
                    .owner
                    .as_deref()
                    .is_some_and(|owner| related(owner, &site.pointer))
        });
        if overlaps || site.place == Place::Inside {
            continue;
        }
        breaking.mutate(&site, seed);
    }
    let layout = match rng.u8(0..20) {
        0 => Layout::Spaced,
        1 => Layout::ByteOrderMark,
        2 => Layout::Escaped,
        3 => Layout::Cut,
        _ => Layout::Compact,
    };
    if let Some(only) = only {
        // The same case with one of its mutations: applied again, alone, to the valid body.
        let Some(chosen) = breaking.applied.get(only) else {
            return Verdict::Kept;
        };
        let (site, seed) = (chosen.site.clone(), chosen.seed);
        breaking = Breaking::new(valid_tree.clone());
        if !breaking.mutate(&site, seed) {
            return Verdict::Kept;
        }
    }
    let Breaking {
        tree,
        raws,
        applied,
        ..
    } = breaking;
    for mutation in &applied {
        *report.mutations.entry(mutation.kind).or_default() += 1;
    }
    *report.mutations.entry(layout_name(layout)).or_default() += 1;

    let mut body = write(&tree, layout);
    for raw in &raws {
        let marker = json_text(&Value::String(raw.marker.clone())).into_bytes();
        body = replace_bytes(&body, &marker, &raw.bytes);
    }
    if layout == Layout::Cut {
        let cut = rng.usize(1..body.len().max(2));
        body.truncate(cut);
        if crate::json::parse(&body, "").is_ok() {
            return Verdict::Kept;
        }
    }
    let tolerant = decode(&body, Decoding::Tolerant);
    let strict = decode(&body, Decoding::Strict);
    if let Outcome::Decoded { deviations, .. } = &tolerant {
        for deviation in deviations {
            *report
                .repairs
                .entry(format!("{:?}", deviation.repair()))
                .or_default() += 1;
        }
    }
    let mut judge = Judge {
        shape,
        page,
        sites: &writer.sites,
        applied: &applied,
        mutated: &tree,
        problems: Vec::new(),
    };
    judge.verdict(layout, &baseline, &tolerant, &strict);
    if judge.problems.is_empty() {
        return Verdict::Kept;
    }
    let what: Vec<String> = applied
        .iter()
        .map(|mutation| format!("{} at {:?}", mutation.kind, mutation.arrived))
        .collect();
    Verdict::Broken(Failure {
        message: format!(
            "{}{:?} layout, mutations [{}]:\n  body: {}\n  - {}\n  tolerant: {tolerant:?}\n  strict: {strict:?}",
            if page { "page, " } else { "" },
            layout,
            what.join(", "),
            shown_bytes(&body),
            judge.problems.join("\n  - "),
        ),
        mutations: applied.len(),
    })
}

fn layout_name(layout: Layout) -> &'static str {
    match layout {
        Layout::Compact => "layout: compact",
        Layout::Spaced => "layout: spaced",
        Layout::ByteOrderMark => "layout: byte-order mark",
        Layout::Escaped => "layout: escaped",
        Layout::Cut => "layout: cut short",
    }
}

/// Whether one pointer is the other or holds it.
fn related(a: &str, b: &str) -> bool {
    inside_or_at(a, b) || inside_or_at(b, a)
}

/// Whether `pointer` is `at` or inside the value at `at`.
fn inside_or_at(pointer: &str, at: &str) -> bool {
    pointer == at || (pointer.starts_with(at) && pointer[at.len()..].starts_with('/'))
}

fn replace_bytes(text: &[u8], marker: &[u8], raw: &[u8]) -> Vec<u8> {
    match text
        .windows(marker.len())
        .position(|window| window == marker)
    {
        Some(at) => [&text[..at], raw, &text[at + marker.len()..]].concat(),
        None => text.to_vec(),
    }
}

/// The JSON text of `tree` in `layout`.
fn write(tree: &Value, layout: Layout) -> Vec<u8> {
    let mut out = String::new();
    if layout == Layout::ByteOrderMark {
        out.push('\u{feff}');
    }
    write_value(tree, layout, &mut out);
    out.into_bytes()
}

fn write_value(value: &Value, layout: Layout, out: &mut String) {
    let space = if layout == Layout::Spaced {
        " \n\t"
    } else {
        ""
    };
    match value {
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(space);
                write_value(item, layout, out);
            }
            out.push_str(space);
            out.push(']');
        }
        Value::Object(object) => {
            out.push('{');
            for (index, (key, item)) in object.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(space);
                write_string(key, layout, out);
                out.push_str(space);
                out.push(':');
                out.push_str(space);
                write_value(item, layout, out);
            }
            out.push_str(space);
            out.push('}');
        }
        Value::String(text) => write_string(text, layout, out),
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn write_string(text: &str, layout: Layout, out: &mut String) {
    if layout != Layout::Escaped || text.starts_with('\u{0}') {
        out.push_str(&json_text(&Value::String(text.to_owned())));
        return;
    }
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            ' '..='~' => out.push(character),
            _ => {
                let mut units = [0u16; 2];
                for unit in character.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
        }
    }
    out.push('"');
}

fn shown(value: &Value) -> String {
    let text = json_text(value);
    match text.char_indices().nth(600) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text,
    }
}

fn shown_bytes(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    match text.char_indices().nth(600) {
        Some((cut, _)) => format!("{:?}...", &text[..cut]),
        None => format!("{text:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Judging the outcome
// ---------------------------------------------------------------------------------------------

struct Judge<'a> {
    shape: Shape,
    page: bool,
    sites: &'a [Site],
    applied: &'a [Applied],
    mutated: &'a Value,
    problems: Vec<String>,
}

impl Judge<'_> {
    fn problem(&mut self, problem: String) {
        self.problems.push(problem);
    }

    fn verdict(&mut self, layout: Layout, baseline: &Value, tolerant: &Outcome, strict: &Outcome) {
        for (mode, outcome) in [("tolerant", tolerant), ("strict", strict)] {
            if let Outcome::Panicked(message) = outcome {
                self.problem(format!("{mode} decoding panicked: {message}"));
            }
        }
        if layout == Layout::Cut {
            // Text that is not JSON is lost as a whole, tolerantly and strictly alike.
            for (mode, outcome) in [("tolerant", tolerant), ("strict", strict)] {
                if !matches!(outcome, Outcome::Failed { pointer, .. } if pointer.is_empty()) {
                    self.problem(format!(
                        "{mode} decoding of a body cut short did not fail at the root"
                    ));
                }
            }
            return;
        }
        self.strict_agrees(tolerant, strict);
        match tolerant {
            Outcome::Decoded { value, deviations } => {
                self.reported(deviations);
                self.attributed(deviations);
                let dropped = dropped_items(deviations);
                match self.page {
                    true => self.compare_items(
                        self.shape,
                        Some(baseline),
                        Some(value),
                        "",
                        deviations,
                        &dropped,
                    ),
                    false => self.compare(
                        self.shape,
                        Some(baseline),
                        Some(value),
                        "",
                        deviations,
                        &dropped,
                    ),
                }
            }
            Outcome::Failed { pointer, message } => {
                let lost = self.applied.iter().any(|mutation| {
                    self.chain(mutation).iter().any(String::is_empty) || mutation.pointer.is_empty()
                });
                if !lost {
                    self.problem(format!(
                        "the body was lost although no broken value costs it (at {pointer:?}: {message})"
                    ));
                }
            }
            Outcome::Panicked(_) => {}
        }
    }

    /// Strict decoding fails exactly when tolerant decoding reported something, at its first
    /// pointer, and otherwise gives the same value.
    fn strict_agrees(&mut self, tolerant: &Outcome, strict: &Outcome) {
        match (tolerant, strict) {
            (Outcome::Decoded { value, deviations }, Outcome::Decoded { value: strict, .. }) => {
                if !deviations.is_empty() {
                    self.problem(format!(
                        "strict decoding accepted a body tolerant decoding reported {} deviations in",
                        deviations.len()
                    ));
                } else if value != strict {
                    self.problem("strict and tolerant decoding gave different values".to_owned());
                }
            }
            (Outcome::Decoded { deviations, .. }, Outcome::Failed { pointer, .. }) => {
                match deviations.first() {
                    None => self.problem(format!(
                    "strict decoding failed at {pointer:?} where tolerant decoding reported nothing"
                )),
                    Some(first) if first.pointer() != pointer => self.problem(format!(
                        "strict decoding failed at {pointer:?}, not at the first deviation {:?}",
                        first.pointer()
                    )),
                    Some(_) => {}
                }
            }
            (
                Outcome::Failed { pointer, .. },
                Outcome::Failed {
                    pointer: strict, ..
                },
            ) if pointer != strict => self.problem(format!(
                "tolerant decoding failed at {pointer:?}, strict at {strict:?}"
            )),
            (Outcome::Failed { .. }, Outcome::Decoded { .. }) => self.problem(
                "strict decoding accepted a body tolerant decoding could not use".to_owned(),
            ),
            _ => {}
        }
    }

    fn site(&self, pointer: &str) -> Option<&Site> {
        self.sites.iter().find(|site| site.pointer == pointer)
    }

    /// Whether the value at `pointer` has a replacement of its own.
    fn replaceable(&self, pointer: &str) -> bool {
        match self.site(pointer) {
            Some(site) => match site.place {
                Place::Property { required: false } | Place::Item | Place::Entry => true,
                Place::Property { required: true } => {
                    decode::stand_in(unwrap_option(site.shape), 0).is_some()
                }
                Place::Root => self.page,
                Place::Free | Place::Inside => false,
            },
            None => false,
        }
    }

    /// The values around a broken one that may be replaced for it: none when it has a
    /// replacement of its own, else up to the nearest that has one. A record left holding none
    /// of its properties is not that record, and costs its own place.
    fn chain(&self, mutation: &Applied) -> Vec<String> {
        let mut chain = Vec::new();
        let mut at = match (&mutation.site.owner, mutation.site.place) {
            (Some(owner), Place::Free) => {
                // Only what no JSON value holds makes a free-form value unusable.
                if !mutation.unreadable {
                    return chain;
                }
                chain.push(owner.clone());
                owner.clone()
            }
            _ => mutation.pointer.clone(),
        };
        let mut alone = self.replaceable(&at) && !self.empties_record(mutation);
        while !alone {
            let Some((parent, _)) = split_pointer(&at) else {
                break;
            };
            chain.push(parent.clone());
            alone = self.replaceable(&parent);
            at = parent;
        }
        chain
    }

    /// Whether the mutation leaves the record holding it with none of its properties.
    fn empties_record(&self, mutation: &Applied) -> bool {
        if !(mutation.null_in_tree) || !matches!(mutation.site.place, Place::Property { .. }) {
            return false;
        }
        let Some((parent, _)) = split_pointer(&mutation.pointer) else {
            return false;
        };
        let Some(Shape::Object(object)) = self.site(&parent).map(|site| unwrap_option(site.shape))
        else {
            return false;
        };
        let Some(Value::Object(map)) = self.mutated.pointer(&parent) else {
            return false;
        };
        let needs = object
            .fields
            .iter()
            .any(|field| !field.flatten && !matches!((field.shape)(), Shape::Option(_)));
        let nulls: BTreeSet<&str> = self
            .applied
            .iter()
            .filter(|other| other.null_in_tree)
            .map(|other| other.arrived.as_str())
            .collect();
        let holds = object
            .fields
            .iter()
            .filter(|field| !field.flatten)
            .any(|field| {
                map.iter().any(|(key, value)| {
                    let at = format!("{parent}/{}", decode::escape(key));
                    (key == field.wire || decode::folds_to(key, field.wire))
                        && !value.is_null()
                        && !nulls.contains(at.as_str())
                })
            });
        needs && !holds
    }

    /// Every broken value is reported: at its pointer (or inside it), or by the replacement of
    /// a value around it; with the repair the rules call for, when they call for one. Nothing
    /// is reported for a value broken in a way the spec allows.
    fn reported(&mut self, deviations: &[Deviation]) {
        for mutation in self.applied {
            let at: Vec<&Deviation> = deviations
                .iter()
                .filter(|deviation| inside_or_at(deviation.pointer(), &mutation.arrived))
                .collect();
            let replaced_around = deviations.iter().any(|deviation| {
                matches!(deviation.repair(), Repair::Dropped | Repair::StandIn)
                    && deviation.pointer() != mutation.arrived
                    && deviation.pointer() != mutation.pointer
                    && inside_or_at(&mutation.pointer, deviation.pointer())
            });
            if mutation.neutral {
                if !at.is_empty() {
                    self.problem(format!(
                        "{} at {:?} left the body spec-valid, yet was reported: {}",
                        mutation.kind, mutation.arrived, at[0]
                    ));
                }
                continue;
            }
            if at.is_empty() && !replaced_around {
                self.problem(format!(
                    "{} at {:?} was not reported",
                    mutation.kind, mutation.arrived
                ));
                continue;
            }
            if let Some(must) = mutation.must {
                let exact = at.iter().any(|deviation| {
                    deviation.pointer() == mutation.arrived && deviation.repair() == must
                });
                if !exact && !replaced_around {
                    self.problem(format!(
                        "{} at {:?} should be {must:?}, was {:?}",
                        mutation.kind,
                        mutation.arrived,
                        at.iter()
                            .map(|deviation| deviation.to_string())
                            .collect::<Vec<_>>()
                    ));
                }
            }
            if mutation.unreadable {
                // Replaced itself, or what held it, or (a list or map sent in its place) the
                // item or entry inside that held what no reader reads.
                let replaced = deviations.iter().any(|deviation| {
                    matches!(deviation.repair(), Repair::Dropped | Repair::StandIn)
                        && related(&mutation.arrived, deviation.pointer())
                });
                if !replaced {
                    self.problem(format!(
                        "{} at {:?} holds what no JSON value holds, yet was not replaced",
                        mutation.kind, mutation.arrived
                    ));
                }
            }
        }
    }

    /// Every deviation comes from a broken value: at it or inside it, or (a replacement) around
    /// it no further than its chain allows.
    fn attributed(&mut self, deviations: &[Deviation]) {
        for deviation in deviations {
            let pointer = deviation.pointer();
            let ok = self.applied.iter().any(|mutation| {
                inside_or_at(pointer, &mutation.arrived)
                    || (matches!(deviation.repair(), Repair::Dropped | Repair::StandIn)
                        && self.chain(mutation).iter().any(|around| around == pointer))
            });
            if !ok {
                self.problem(format!("a deviation no broken value explains: {deviation}"));
            }
        }
    }

    /// Compares the decoded body with the unbroken one's: equal wherever nothing was broken;
    /// at each broken value, what the deviation there says.
    fn compare(
        &mut self,
        shape: Shape,
        before: Option<&Value>,
        after: Option<&Value>,
        pointer: &str,
        deviations: &[Deviation],
        dropped: &BTreeSet<String>,
    ) {
        if let Some(mutation) = self
            .applied
            .iter()
            .find(|mutation| mutation.pointer == pointer)
        {
            self.check_site(mutation, shape, before, after, deviations);
            return;
        }
        if deviations.iter().any(|deviation| {
            deviation.pointer() == pointer
                && matches!(deviation.repair(), Repair::Dropped | Repair::StandIn)
        }) {
            // Replaced for a broken value inside it; `attributed` judged whether it had to be.
            return;
        }
        let touched = self.applied.iter().any(|mutation| {
            inside_or_at(&mutation.pointer, pointer)
                || mutation
                    .site
                    .owner
                    .as_deref()
                    .is_some_and(|owner| inside_or_at(owner, pointer))
        });
        if !touched {
            if !same(before, after) {
                self.problem(format!(
                    "{pointer:?} was not broken, yet decoded as {} instead of {}",
                    after.map_or("nothing".to_owned(), shown),
                    before.map_or("nothing".to_owned(), shown)
                ));
            }
            return;
        }
        match shape {
            Shape::Option(inner) => self.compare(
                inner(),
                present(before),
                present(after),
                pointer,
                deviations,
                dropped,
            ),
            Shape::Object(object) => {
                for field in object.fields.iter().filter(|field| !field.flatten) {
                    let at = format!("{pointer}/{}", decode::escape(field.wire));
                    self.compare(
                        (field.shape)(),
                        before.and_then(|value| value.get(field.wire)),
                        after.and_then(|value| value.get(field.wire)),
                        &at,
                        deviations,
                        dropped,
                    );
                }
                if let Some(Shape::Map(entry)) = object
                    .fields
                    .iter()
                    .find(|field| field.flatten)
                    .map(|field| (field.shape)())
                {
                    let listed = |key: &str| {
                        object
                            .fields
                            .iter()
                            .any(|field| !field.flatten && field.wire == key)
                    };
                    let keys: BTreeSet<&String> = [before, after]
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_object)
                        .flat_map(|map| map.keys())
                        .filter(|key| !listed(key))
                        .collect();
                    for key in keys {
                        let at = format!("{pointer}/{}", decode::escape(key));
                        self.compare(
                            entry(),
                            before.and_then(|value| value.get(key)),
                            after.and_then(|value| value.get(key)),
                            &at,
                            deviations,
                            dropped,
                        );
                    }
                }
            }
            Shape::Array(item) => {
                self.compare_items(item(), before, after, pointer, deviations, dropped)
            }
            Shape::Map(_) | Shape::Any | Shape::AnyObject => {
                let entry = match shape {
                    Shape::Map(entry) => entry(),
                    _ => Shape::Any,
                };
                match (before, after) {
                    (Some(Value::Object(before)), Some(Value::Object(after))) => {
                        let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
                        for key in keys {
                            let at = format!("{pointer}/{}", decode::escape(key));
                            self.compare(
                                entry,
                                before.get(key),
                                after.get(key),
                                &at,
                                deviations,
                                dropped,
                            );
                        }
                    }
                    (Some(Value::Array(before)), Some(Value::Array(after)))
                        if before.len() == after.len() =>
                    {
                        for (index, (before, after)) in before.iter().zip(after).enumerate() {
                            let at = format!("{pointer}/{index}");
                            self.compare(
                                Shape::Any,
                                Some(before),
                                Some(after),
                                &at,
                                deviations,
                                dropped,
                            );
                        }
                    }
                    _ => self.problem(format!(
                        "{pointer:?} changed shape: {after:?} from {before:?}"
                    )),
                }
            }
            _ => {
                if !same(before, after) {
                    self.problem(format!(
                        "{pointer:?} decoded as {after:?} instead of {before:?}"
                    ));
                }
            }
        }
    }

    /// Compares the items of a list, those left out aside.
    fn compare_items(
        &mut self,
        item: Shape,
        before: Option<&Value>,
        after: Option<&Value>,
        pointer: &str,
        deviations: &[Deviation],
        dropped: &BTreeSet<String>,
    ) {
        let empty = Vec::new();
        let before_items = before.and_then(Value::as_array).unwrap_or(&empty);
        let after_items = after.and_then(Value::as_array).unwrap_or(&empty);
        let mut next = 0;
        for (index, value) in before_items.iter().enumerate() {
            let at = format!("{pointer}/{index}");
            if dropped.contains(&at) {
                self.compare(item, Some(value), None, &at, deviations, dropped);
                continue;
            }
            self.compare(
                item,
                Some(value),
                after_items.get(next),
                &at,
                deviations,
                dropped,
            );
            next += 1;
        }
        if next != after_items.len() {
            self.problem(format!(
                "{pointer:?} decoded {} items where {next} were kept",
                after_items.len()
            ));
        }
    }

    /// What the decoded value at a broken value's place must be, by what was reported there.
    fn check_site(
        &mut self,
        mutation: &Applied,
        shape: Shape,
        before: Option<&Value>,
        after: Option<&Value>,
        deviations: &[Deviation],
    ) {
        let at: Vec<&Deviation> = deviations
            .iter()
            .filter(|deviation| deviation.pointer() == mutation.arrived)
            .collect();
        let owned = |value: Option<&Value>| present(value).cloned();
        let shape = unwrap_option(shape);
        if mutation.neutral {
            let sent = match mutation.kind {
                "missing" => None,
                _ => mutation.sent.clone(),
            };
            if !equivalent(shape, owned(after).as_ref(), owned(sent.as_ref()).as_ref()) {
                self.problem(format!(
                    "{} at {:?} kept the body spec-valid, yet decoded as {after:?} rather than as sent ({sent:?})",
                    mutation.kind, mutation.arrived
                ));
            }
            return;
        }
        let Some(last) = at.last() else {
            // Reported around it, or not at all (`reported` says which).
            return;
        };
        let expected_before = || owned(before);
        let problem = match last.repair() {
            Repair::Dropped => {
                let allowed = matches!(
                    mutation.site.place,
                    Place::Property { required: false } | Place::Item | Place::Entry
                );
                (!allowed || owned(after).is_some()).then(|| {
                    format!("dropped, yet it is {after:?} (where dropping is allowed: {allowed})")
                })
            }
            Repair::StandIn => {
                let required = matches!(
                    mutation.site.place,
                    Place::Property { required: true } | Place::Root
                );
                let stand_in = decode::stand_in(shape, 0);
                let fits = match (&stand_in, after) {
                    (Some(Value::Object(_)), Some(Value::Object(_))) => true,
                    (Some(stand_in), Some(after)) => equivalent(shape, Some(after), Some(stand_in)),
                    _ => false,
                };
                (!required || !fits)
                    .then(|| format!("stood in for with {after:?} (required: {required})"))
            }
            Repair::Duplicate | Repair::NameFolded | Repair::TimestampCompleted => {
                (!equivalent(shape, owned(after).as_ref(), expected_before().as_ref()))
                    .then(|| format!("decoded as {after:?}, not as it was meant ({before:?})"))
            }
            Repair::Converted if mutation.keeps_meaning => {
                (!equivalent(shape, owned(after).as_ref(), expected_before().as_ref()))
                    .then(|| format!("converted to {after:?}, not to what it meant ({before:?})"))
            }
            Repair::Converted => (!same_meaning(mutation.sent.as_ref(), after)).then(|| {
                format!(
                    "converted to {after:?}, which loses what was sent ({:?})",
                    mutation.sent
                )
            }),
            Repair::CaseFolded => {
                let sent = mutation
                    .sent
                    .as_ref()
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let kept = after.and_then(Value::as_str).unwrap_or_default();
                (!kept.eq_ignore_ascii_case(sent.trim()))
                    .then(|| format!("case-folded to {kept:?} from {sent:?}"))
            }
            Repair::UnknownEnumValue => {
                let sent = mutation.sent.as_ref();
                // As sent, as the text an enum reads, or (an integer enum) as the integer.
                let kept = same(after, sent)
                    || same(after, sent.map(as_text).as_ref())
                    || (matches!(shape, Shape::Enum(enumeration) if enumeration.integers)
                        && same_meaning(sent, after));
                (!kept).then(|| {
                    format!(
                        "kept as the unknown value {after:?}, not as sent ({:?})",
                        mutation.sent
                    )
                })
            }
        };
        if let Some(problem) = problem {
            self.problem(format!(
                "{} at {:?}: {problem}",
                mutation.kind, mutation.arrived
            ));
        }
    }
}

fn depth_of(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth_of).max().unwrap_or(0),
        Value::Object(object) => 1 + object.values().map(depth_of).max().unwrap_or(0),
        _ => 0,
    }
}

/// The pointers of the items a page left out.
fn dropped_items(deviations: &[Deviation]) -> BTreeSet<String> {
    deviations
        .iter()
        .filter(|deviation| deviation.repair() == Repair::Dropped)
        .map(|deviation| deviation.pointer().to_owned())
        .collect()
}

/// A scalar as the text an enum reads it as.
fn as_text(value: &Value) -> Value {
    match value {
        Value::String(_) => value.clone(),
        other => Value::String(other.to_string()),
    }
}

/// A value that is there and not null.
fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|value| !value.is_null())
}

/// Two decoded values alike: equal JSON, numbers compared by value.
fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (None | Some(Value::Null), None | Some(Value::Null)) => true,
        (Some(Value::Number(a)), Some(Value::Number(b))) => a.as_f64() == b.as_f64(),
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(Some(a), Some(b)))
        }
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            keys.into_iter().all(|key| same(a.get(key), b.get(key)))
        }
        (a, b) => a == b,
    }
}

/// Whether a decoded value (serialized) means what `wire` says, for `shape`.
fn equivalent(shape: Shape, decoded: Option<&Value>, wire: Option<&Value>) -> bool {
    match (shape, decoded, wire) {
        (_, None | Some(Value::Null), None | Some(Value::Null)) => true,
        (_, None, _) | (_, _, None) => false,
        (Shape::Option(inner), decoded, wire) => equivalent(inner(), decoded, wire),
        (Shape::DateTime, Some(decoded), Some(wire)) => {
            instant(decoded) == instant(wire) && instant(decoded).is_some()
        }
        (Shape::F32, Some(decoded), Some(wire)) => {
            decoded.as_f64() == wire.as_f64().and_then(decode::narrow).map(f64::from)
        }
        (Shape::I32 | Shape::I64 | Shape::Number, Some(decoded), Some(wire)) => {
            decoded.as_f64() == wire.as_f64()
        }
        (Shape::Opaque(_), Some(_), Some(_)) => true,
        (Shape::Array(item), Some(Value::Array(decoded)), Some(Value::Array(wire))) => {
            decoded.len() == wire.len()
                && decoded
                    .iter()
                    .zip(wire)
                    .all(|(d, w)| equivalent(item(), Some(d), Some(w)))
        }
        (Shape::Map(entry), Some(Value::Object(decoded)), Some(Value::Object(wire))) => {
            decoded.len() == wire.len()
                && wire
                    .iter()
                    .all(|(key, w)| equivalent(entry(), decoded.get(key), Some(w)))
        }
        (Shape::Object(object), Some(Value::Object(decoded)), Some(Value::Object(wire))) => object
            .fields
            .iter()
            .filter(|field| !field.flatten)
            .all(|field| {
                equivalent(
                    (field.shape)(),
                    decoded.get(field.wire),
                    wire.get(field.wire),
                )
            }),
        (_, decoded, wire) => same(decoded, wire),
    }
}

fn instant(value: &Value) -> Option<chrono::DateTime<chrono::Utc>> {
    value
        .as_str()
        .and_then(|text| chrono::DateTime::parse_from_rfc3339(text).ok())
        .map(|instant| instant.to_utc())
}

/// Whether a converted value says what was sent: the same number, boolean or text in another
/// JSON form.
fn same_meaning(sent: Option<&Value>, decoded: Option<&Value>) -> bool {
    let (Some(sent), Some(decoded)) = (sent, decoded) else {
        return false;
    };
    let text = |value: &Value| match value {
        Value::String(text) => text.trim().to_ascii_lowercase(),
        other => other.to_string(),
    };
    match (
        sent.as_f64().or_else(|| text(sent).parse().ok()),
        decoded.as_f64().or_else(|| text(decoded).parse().ok()),
    ) {
        (Some(a), Some(b)) => a == b,
        _ => text(sent) == text(decoded),
    }
}

//! Parameter values as the spec's styles write them: scalars as text, lists and objects (from
//! their serde form) as a tree, and each location's layout of that tree (query pairs, path
//! text, header and cookie values), with the percent-encoding each place needs.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the characters RFC 3986 leaves unreserved is escaped in a path segment, so a
/// value containing `/`, `?`, `#` or `%` stays inside its segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Cookie values escape what RFC 6265 does not allow in a cookie octet, and `%` itself.
const COOKIE_VALUE: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// How a scalar parameter value is written as text: strings as they are, numbers and booleans
/// as Rust prints them, dates and date-times in RFC 3339, enums as their value on the wire.
pub trait ParamValue {
    fn to_param(&self) -> String;
}

impl ParamValue for String {
    fn to_param(&self) -> String {
        self.clone()
    }
}

impl ParamValue for str {
    fn to_param(&self) -> String {
        self.to_owned()
    }
}

macro_rules! display_param_value {
    ($($ty:ty),*) => {
        $(impl ParamValue for $ty {
            fn to_param(&self) -> String {
                self.to_string()
            }
        })*
    };
}

display_param_value!(bool, i32, i64, f32, f64, chrono::NaiveDate);

impl ParamValue for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

/// A parameter's value as the OpenAPI styles see it: text, a list, or an object's properties in
/// order. What has no value (an unset `Option`, a `null`) is `Absent` and is left out.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamTree {
    Absent,
    Text(String),
    List(Vec<ParamTree>),
    Object(Vec<(String, ParamTree)>),
}

/// Anything a parameter can carry: scalars (through [`ParamValue`]), lists and options of them,
/// and, through [`Serialized`] and [`AsJson`], any value serde can write.
pub trait Param {
    fn tree(&self) -> Result<ParamTree, serde_json::Error>;
}

impl<T: ParamValue + ?Sized> Param for T {
    fn tree(&self) -> Result<ParamTree, serde_json::Error> {
        Ok(ParamTree::Text(self.to_param()))
    }
}

impl<T: Param> Param for Vec<T> {
    fn tree(&self) -> Result<ParamTree, serde_json::Error> {
        self.iter()
            .map(Param::tree)
            .collect::<Result<_, _>>()
            .map(ParamTree::List)
    }
}

impl<T: Param> Param for Option<T> {
    fn tree(&self) -> Result<ParamTree, serde_json::Error> {
        match self {
            Some(value) => value.tree(),
            None => Ok(ParamTree::Absent),
        }
    }
}

/// A value written as its serde form: objects (models and maps) as their properties, `oneOf`
/// enums as the alternative they hold, lists as lists, and numbers, booleans and strings as text.
pub struct Serialized<'a, T: ?Sized>(pub &'a T);

impl<T: serde::Serialize + ?Sized> Param for Serialized<'_, T> {
    fn tree(&self) -> Result<ParamTree, serde_json::Error> {
        self.0.serialize(TreeSerializer)
    }
}

/// A value written as one piece of JSON text (a parameter described by `content` with a JSON
/// media type).
pub struct AsJson<'a, T: ?Sized>(pub &'a T);

impl<T: serde::Serialize + ?Sized> Param for AsJson<'_, T> {
    fn tree(&self) -> Result<ParamTree, serde_json::Error> {
        // Written straight from the value, so a model's properties keep their order.
        let text = serde_json::to_string(self.0)?;
        Ok(if text == "null" {
            ParamTree::Absent
        } else {
            ParamTree::Text(text)
        })
    }
}

/// Writes a serde value as a [`ParamTree`], objects' properties in the order serde gives them
/// (a model's in its declaration order). Enums other than strings are written as serde writes
/// them externally tagged: `{"Variant": value}`.
struct TreeSerializer;

/// Collects the items of a list, or the properties of an object, as serde hands them over.
struct TreeCollector {
    /// For an enum variant holding a list or an object: the variant's name, its one property.
    variant: Option<&'static str>,
    items: Vec<ParamTree>,
    properties: Vec<(String, ParamTree)>,
    key: Option<String>,
    object: bool,
}

impl TreeCollector {
    fn new(variant: Option<&'static str>, object: bool) -> Self {
        TreeCollector {
            variant,
            items: Vec::new(),
            properties: Vec::new(),
            key: None,
            object,
        }
    }

    fn finish(self) -> ParamTree {
        let tree = if self.object {
            ParamTree::Object(self.properties)
        } else {
            ParamTree::List(self.items)
        };
        match self.variant {
            Some(variant) => ParamTree::Object(vec![(variant.to_owned(), tree)]),
            None => tree,
        }
    }
}

fn text_tree(text: impl ToString) -> Result<ParamTree, serde_json::Error> {
    Ok(ParamTree::Text(text.to_string()))
}

impl serde::Serializer for TreeSerializer {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    type SerializeSeq = TreeCollector;
    type SerializeTuple = TreeCollector;
    type SerializeTupleStruct = TreeCollector;
    type SerializeTupleVariant = TreeCollector;
    type SerializeMap = TreeCollector;
    type SerializeStruct = TreeCollector;
    type SerializeStructVariant = TreeCollector;

    fn serialize_bool(self, v: bool) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_i8(self, v: i8) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_i16(self, v: i16) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_i32(self, v: i32) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_i64(self, v: i64) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_i128(self, v: i128) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_u8(self, v: u8) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_u16(self, v: u16) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_u32(self, v: u32) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_u64(self, v: u64) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_u128(self, v: u128) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    /// As [`ParamValue`] writes a float: `1`, not `1.0`.
    fn serialize_f32(self, v: f32) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_f64(self, v: f64) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_char(self, v: char) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_str(self, v: &str) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<ParamTree, Self::Error> {
        Err(serde::ser::Error::custom(
            "bytes cannot be written as a parameter",
        ))
    }
    fn serialize_none(self) -> Result<ParamTree, Self::Error> {
        Ok(ParamTree::Absent)
    }
    fn serialize_some<T: serde::Serialize + ?Sized>(
        self,
        value: &T,
    ) -> Result<ParamTree, Self::Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<ParamTree, Self::Error> {
        Ok(ParamTree::Absent)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<ParamTree, Self::Error> {
        Ok(ParamTree::Absent)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<ParamTree, Self::Error> {
        text_tree(variant)
    }
    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<ParamTree, Self::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<ParamTree, Self::Error> {
        Ok(ParamTree::Object(vec![(
            variant.to_owned(),
            value.serialize(self)?,
        )]))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<TreeCollector, Self::Error> {
        Ok(TreeCollector::new(None, false))
    }
    fn serialize_tuple(self, _: usize) -> Result<TreeCollector, Self::Error> {
        Ok(TreeCollector::new(None, false))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<TreeCollector, Self::Error> {
        Ok(TreeCollector::new(None, false))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<TreeCollector, Self::Error> {
        Ok(TreeCollector::new(Some(variant), false))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<TreeCollector, Self::Error> {
        Ok(TreeCollector::new(None, true))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<TreeCollector, Self::Error> {
        Ok(TreeCollector::new(None, true))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<TreeCollector, Self::Error> {
        Ok(TreeCollector::new(Some(variant), true))
    }
}

impl TreeCollector {
    fn item<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        self.items.push(value.serialize(TreeSerializer)?);
        Ok(())
    }

    fn property<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let value = value.serialize(TreeSerializer)?;
        self.properties.push((name.to_owned(), value));
        Ok(())
    }
}

impl serde::ser::SerializeSeq for TreeCollector {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    fn serialize_element<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.item(value)
    }
    fn end(self) -> Result<ParamTree, Self::Error> {
        Ok(self.finish())
    }
}

impl serde::ser::SerializeTuple for TreeCollector {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    fn serialize_element<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.item(value)
    }
    fn end(self) -> Result<ParamTree, Self::Error> {
        Ok(self.finish())
    }
}

impl serde::ser::SerializeTupleStruct for TreeCollector {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.item(value)
    }
    fn end(self) -> Result<ParamTree, Self::Error> {
        Ok(self.finish())
    }
}

impl serde::ser::SerializeTupleVariant for TreeCollector {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.item(value)
    }
    fn end(self) -> Result<ParamTree, Self::Error> {
        Ok(self.finish())
    }
}

impl serde::ser::SerializeMap for TreeCollector {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    fn serialize_key<T: serde::Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Self::Error> {
        match key.serialize(TreeSerializer)? {
            ParamTree::Text(key) => {
                self.key = Some(key);
                Ok(())
            }
            _ => Err(serde::ser::Error::custom(
                "a map key of a parameter must be text",
            )),
        }
    }
    fn serialize_value<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Self::Error> {
        let key = self.key.take().unwrap_or_default();
        self.property(&key, value)
    }
    fn end(self) -> Result<ParamTree, Self::Error> {
        Ok(self.finish())
    }
}

impl serde::ser::SerializeStruct for TreeCollector {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.property(name, value)
    }
    fn end(self) -> Result<ParamTree, Self::Error> {
        Ok(self.finish())
    }
}

impl serde::ser::SerializeStructVariant for TreeCollector {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.property(name, value)
    }
    fn end(self) -> Result<ParamTree, Self::Error> {
        Ok(self.finish())
    }
}

/// How a parameter is laid out: the spec's `style`, `explode` and `allowReserved`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    kind: StyleKind,
    explode: bool,
    allow_reserved: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StyleKind {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Simple,
    Label,
    Matrix,
}

impl Style {
    const fn of(kind: StyleKind) -> Style {
        Style {
            kind,
            explode: false,
            allow_reserved: false,
        }
    }

    /// `style: form` (query and cookie parameters).
    pub const fn form() -> Style {
        Style::of(StyleKind::Form)
    }

    /// `style: spaceDelimited` (query).
    pub const fn space_delimited() -> Style {
        Style::of(StyleKind::SpaceDelimited)
    }

    /// `style: pipeDelimited` (query).
    pub const fn pipe_delimited() -> Style {
        Style::of(StyleKind::PipeDelimited)
    }

    /// `style: deepObject` (query), which is always exploded.
    pub const fn deep_object() -> Style {
        Style::of(StyleKind::DeepObject).explode()
    }

    /// `style: simple` (path and header parameters).
    pub const fn simple() -> Style {
        Style::of(StyleKind::Simple)
    }

    /// `style: label` (path).
    pub const fn label() -> Style {
        Style::of(StyleKind::Label)
    }

    /// `style: matrix` (path).
    pub const fn matrix() -> Style {
        Style::of(StyleKind::Matrix)
    }

    /// `explode: true`.
    pub const fn explode(self) -> Style {
        Style {
            explode: true,
            ..self
        }
    }

    /// `allowReserved: true` (query): the characters RFC 3986 reserves, and percent-encoded
    /// triples, go out as they are.
    pub const fn allow_reserved(self) -> Style {
        Style {
            allow_reserved: true,
            ..self
        }
    }
}

/// Why a value has no layout in its style.
const NESTED: &str = "its style has no way to write a list or an object inside a list or an object";

/// A value one level deep, as every style but `deepObject` writes it.
enum Flat {
    Absent,
    Text(String),
    List(Vec<String>),
    Object(Vec<(String, String)>),
}

fn flat(tree: &ParamTree) -> Result<Flat, &'static str> {
    let text = |tree: &ParamTree| match tree {
        ParamTree::Text(text) => Ok(Some(text.clone())),
        ParamTree::Absent => Ok(None),
        ParamTree::List(_) | ParamTree::Object(_) => Err(NESTED),
    };
    Ok(match tree {
        ParamTree::Absent => Flat::Absent,
        ParamTree::Text(value) => Flat::Text(value.clone()),
        ParamTree::List(items) => {
            let mut texts = Vec::with_capacity(items.len());
            for item in items {
                texts.extend(text(item)?);
            }
            Flat::List(texts)
        }
        ParamTree::Object(properties) => {
            let mut pairs = Vec::with_capacity(properties.len());
            for (name, value) in properties {
                if let Some(value) = text(value)? {
                    pairs.push((name.clone(), value));
                }
            }
            Flat::Object(pairs)
        }
    })
}

/// An object's properties as one list of names and values, each encoded: `R,100,G,200`.
fn alternating(pairs: &[(String, String)], encode: impl Fn(&str) -> String) -> Vec<String> {
    pairs
        .iter()
        .flat_map(|(name, value)| [encode(name), encode(value)])
        .collect()
}

/// An object's properties as `name=value` texts, each side encoded: `R=100`.
fn assigned(pairs: &[(String, String)], encode: impl Fn(&str) -> String) -> Vec<String> {
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect()
}

/// Query components are written as HTML forms write them (what servers decode a query with):
/// letters, digits and `*-._` as they are, a space as `+`, every other byte percent-encoded.
/// With `allowReserved`, RFC 3986's reserved characters that mean nothing to a form
/// (`!$()*,/:;=?@`) and percent-encoded triples go out as they are; `&`, `+`, `#`, `[`, `]`,
/// and `'` (which URL parsers re-encode) are still encoded.
fn query_component(text: &str, allow_reserved: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let triple = allow_reserved
            && byte == b'%'
            && bytes.get(index + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(index + 2).is_some_and(u8::is_ascii_hexdigit);
        if triple {
            out.push('%');
        } else if byte.is_ascii_alphanumeric()
            || matches!(byte, b'*' | b'-' | b'.' | b'_')
            || (allow_reserved && b"!$(),/:;=?@".contains(&byte))
        {
            out.push(char::from(byte));
        } else if byte == b' ' {
            out.push('+');
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
        index += 1;
    }
    out
}

/// The query pairs parameter `name` makes in `style`, names and values percent-encoded; none
/// when it has no value. The layouts are those of the OpenAPI style tables (3.0.4 and 3.1.1):
///
/// - `form`: `color=blue`; a list `color=blue,black` or, exploded, `color=blue&color=black`;
///   an object `color=R,100,G,200` or, exploded, `R=100&G=200`. An empty list or object is
///   `color=`, or nothing when exploded.
/// - `spaceDelimited` and `pipeDelimited`: a list `color=blue%20black` and `color=blue%7Cblack`,
///   an object `color=R%20100%20G%20200`. The spec defines neither for a single value, sent as
///   `color=blue`, nor exploded, sent as `form` exploded is.
/// - `deepObject`: `color%5BR%5D=100&color%5BG%5D=200` (`color[R]=100&color[G]=200`). The spec
///   defines one level of object only; deeper objects nest further (`color[a][b]=1`), lists are
///   indexed from 0 (`color[0]=blue`, `color[a][0]=1`), and a single value is `color=blue`.
pub fn query_pairs(
    name: &str,
    style: Style,
    tree: &ParamTree,
) -> Result<Vec<(String, String)>, &'static str> {
    let encode = |text: &str| query_component(text, style.allow_reserved);
    let key = encode(name);
    if style.kind == StyleKind::DeepObject {
        let mut pairs = Vec::new();
        deep_pairs(&key, tree, &encode, &mut pairs);
        return Ok(pairs);
    }
    let delimiter = match style.kind {
        StyleKind::SpaceDelimited if !style.explode => "%20",
        StyleKind::PipeDelimited if !style.explode => "%7C",
        _ => ",",
    };
    Ok(match flat(tree)? {
        Flat::Absent => Vec::new(),
        Flat::Text(value) => vec![(key, encode(&value))],
        Flat::List(items) if style.explode => items
            .iter()
            .map(|item| (key.clone(), encode(item)))
            .collect(),
        Flat::List(items) => vec![(
            key,
            items
                .iter()
                .map(|item| encode(item))
                .collect::<Vec<_>>()
                .join(delimiter),
        )],
        Flat::Object(properties) if style.explode => properties
            .iter()
            .map(|(name, value)| (encode(name), encode(value)))
            .collect(),
        Flat::Object(properties) => vec![(key, alternating(&properties, encode).join(delimiter))],
    })
}

/// The name of query parameter `name` as its pairs carry it, percent-encoded.
pub fn query_name(name: &str, style: Style) -> String {
    query_component(name, style.allow_reserved)
}

fn deep_pairs(
    key: &str,
    tree: &ParamTree,
    encode: &impl Fn(&str) -> String,
    pairs: &mut Vec<(String, String)>,
) {
    match tree {
        ParamTree::Absent => {}
        ParamTree::Text(value) => pairs.push((key.to_owned(), encode(value))),
        ParamTree::List(items) => {
            for (index, item) in items
                .iter()
                .filter(|item| **item != ParamTree::Absent)
                .enumerate()
            {
                deep_pairs(&format!("{key}%5B{index}%5D"), item, encode, pairs);
            }
        }
        ParamTree::Object(properties) => {
            for (name, value) in properties {
                deep_pairs(
                    &format!("{key}%5B{}%5D", encode(name)),
                    value,
                    encode,
                    pairs,
                );
            }
        }
    }
}

fn path_component(text: &str) -> String {
    utf8_percent_encode(text, PATH_SEGMENT).to_string()
}

/// The text path parameter `name` fills its slot with in `style`, percent-encoded (every byte
/// but RFC 3986's unreserved characters, so a value's `/`, `,`, `;` or `.` cannot be taken for
/// a delimiter); `None` when it has no value. As the OpenAPI style tables (3.0.4, 3.1.1) say:
///
/// - `simple`: `blue`; a list `blue,black`; an object `R,100,G,200` or, exploded, `R=100,G=200`.
/// - `label`: `.blue`; a list `.blue,black` or, exploded, `.blue.black`; an object
///   `.R,100,G,200` or, exploded, `.R=100.G=200`; an empty list `.`.
/// - `matrix`: `;color=blue` (`;color` when empty); a list `;color=blue,black` or, exploded,
///   `;color=blue;color=black`; an object `;color=R,100,G,200` or, exploded, `;R=100;G=200`.
pub fn path_text(
    name: &str,
    style: Style,
    tree: &ParamTree,
) -> Result<Option<String>, &'static str> {
    let value = flat(tree)?;
    let encode = path_component;
    Ok(Some(match style.kind {
        StyleKind::Label => {
            let joint = if style.explode { "." } else { "," };
            let body = match value {
                Flat::Absent => return Ok(None),
                Flat::Text(text) => encode(&text),
                Flat::List(items) => join_encoded(&items, encode, joint),
                Flat::Object(pairs) if style.explode => assigned(&pairs, encode).join("."),
                Flat::Object(pairs) => alternating(&pairs, encode).join(","),
            };
            format!(".{body}")
        }
        StyleKind::Matrix => {
            let key = encode(name);
            let assign = |text: String| {
                if text.is_empty() {
                    format!(";{key}")
                } else {
                    format!(";{key}={text}")
                }
            };
            match value {
                Flat::Absent => return Ok(None),
                Flat::Text(text) => assign(encode(&text)),
                Flat::List(items) if style.explode && !items.is_empty() => {
                    items.iter().map(|item| assign(encode(item))).collect()
                }
                Flat::List(items) => assign(join_encoded(&items, encode, ",")),
                Flat::Object(pairs) if style.explode && !pairs.is_empty() => {
                    assigned(&pairs, encode)
                        .iter()
                        .map(|pair| format!(";{pair}"))
                        .collect()
                }
                Flat::Object(pairs) => assign(alternating(&pairs, encode).join(",")),
            }
        }
        _ => match simple_text(value, style.explode, encode) {
            Some(text) => text,
            None => return Ok(None),
        },
    }))
}

fn join_encoded(items: &[String], encode: impl Fn(&str) -> String, joint: &str) -> String {
    items
        .iter()
        .map(|item| encode(item))
        .collect::<Vec<_>>()
        .join(joint)
}

fn simple_text(value: Flat, explode: bool, encode: impl Fn(&str) -> String) -> Option<String> {
    Some(match value {
        Flat::Absent => return None,
        Flat::Text(text) => encode(&text),
        Flat::List(items) => join_encoded(&items, encode, ","),
        Flat::Object(pairs) if explode => assigned(&pairs, encode).join(","),
        Flat::Object(pairs) => alternating(&pairs, encode).join(","),
    })
}

/// The value of a header parameter (`style: simple`): `blue`, `blue,black`, `R,100,G,200` or,
/// exploded, `R=100,G=200`; written as it is (the header must be visible ASCII); `None` when it
/// has no value.
pub fn header_text(style: Style, tree: &ParamTree) -> Result<Option<String>, &'static str> {
    Ok(simple_text(flat(tree)?, style.explode, str::to_owned))
}

fn cookie_component(text: &str) -> String {
    utf8_percent_encode(text, COOKIE_VALUE).to_string()
}

/// The cookies parameter `name` makes (`style: form`), values percent-encoded where RFC 6265
/// does not allow a byte: `color=blue`; a list `color=blue,black` or, exploded, one cookie per
/// item (`color=blue; color=black`); an object `color=R,100,G,200` or, exploded, one cookie per
/// property (`R=100; G=200`). None when it has no value.
pub fn cookie_pairs(
    name: &str,
    style: Style,
    tree: &ParamTree,
) -> Result<Vec<(String, String)>, &'static str> {
    let encode = cookie_component;
    Ok(match flat(tree)? {
        Flat::Absent => Vec::new(),
        Flat::Text(text) => vec![(name.to_owned(), encode(&text))],
        Flat::List(items) if style.explode => items
            .iter()
            .map(|item| (name.to_owned(), encode(item)))
            .collect(),
        Flat::List(items) => vec![(name.to_owned(), join_encoded(&items, encode, ","))],
        Flat::Object(pairs) if style.explode => pairs
            .iter()
            .map(|(property, value)| (encode(property).replace('=', "%3D"), encode(value)))
            .collect(),
        Flat::Object(pairs) => vec![(name.to_owned(), alternating(&pairs, encode).join(","))],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> ParamTree {
        ParamTree::Text(value.to_owned())
    }

    /// The values of the OpenAPI style tables: a string, an array and an object.
    fn colors() -> [ParamTree; 3] {
        [
            text("blue"),
            ParamTree::List(vec![text("blue"), text("black"), text("brown")]),
            ParamTree::Object(vec![
                ("R".to_owned(), text("100")),
                ("G".to_owned(), text("200")),
                ("B".to_owned(), text("150")),
            ]),
        ]
    }

    fn query_string(style: Style, tree: &ParamTree) -> String {
        match query_pairs("color", style, tree) {
            Ok(pairs) => pairs
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("&"),
            Err(problem) => format!("error: {problem}"),
        }
    }

    #[test]
    fn query_styles_follow_the_style_table() {
        let rows: [(Style, [&str; 3]); 6] = [
            (
                Style::form(),
                [
                    "color=blue",
                    "color=blue,black,brown",
                    "color=R,100,G,200,B,150",
                ],
            ),
            (
                Style::form().explode(),
                [
                    "color=blue",
                    "color=blue&color=black&color=brown",
                    "R=100&G=200&B=150",
                ],
            ),
            (
                Style::space_delimited(),
                [
                    "color=blue",
                    "color=blue%20black%20brown",
                    "color=R%20100%20G%20200%20B%20150",
                ],
            ),
            (
                Style::pipe_delimited(),
                [
                    "color=blue",
                    "color=blue%7Cblack%7Cbrown",
                    "color=R%7C100%7CG%7C200%7CB%7C150",
                ],
            ),
            (
                Style::pipe_delimited().explode(),
                [
                    "color=blue",
                    "color=blue&color=black&color=brown",
                    "R=100&G=200&B=150",
                ],
            ),
            (
                Style::deep_object(),
                [
                    "color=blue",
                    "color%5B0%5D=blue&color%5B1%5D=black&color%5B2%5D=brown",
                    "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150",
                ],
            ),
        ];
        for (style, expected) in rows {
            let written = colors().map(|value| query_string(style, &value));
            assert_eq!(written, expected.map(str::to_owned), "{style:?}");
        }
    }

    #[test]
    fn path_styles_follow_the_style_table() {
        let rows: [(Style, [&str; 3]); 6] = [
            (
                Style::simple(),
                ["blue", "blue,black,brown", "R,100,G,200,B,150"],
            ),
            (
                Style::simple().explode(),
                ["blue", "blue,black,brown", "R=100,G=200,B=150"],
            ),
            (
                Style::label(),
                [".blue", ".blue,black,brown", ".R,100,G,200,B,150"],
            ),
            (
                Style::label().explode(),
                [".blue", ".blue.black.brown", ".R=100.G=200.B=150"],
            ),
            (
                Style::matrix(),
                [
                    ";color=blue",
                    ";color=blue,black,brown",
                    ";color=R,100,G,200,B,150",
                ],
            ),
            (
                Style::matrix().explode(),
                [
                    ";color=blue",
                    ";color=blue;color=black;color=brown",
                    ";R=100;G=200;B=150",
                ],
            ),
        ];
        for (style, expected) in rows {
            let written = colors().map(|value| match path_text("color", style, &value) {
                Ok(Some(text)) => text,
                other => format!("{other:?}"),
            });
            assert_eq!(written, expected.map(str::to_owned), "{style:?}");
        }
        let empty = ParamTree::List(Vec::new());
        let written = [Style::label(), Style::matrix(), Style::matrix().explode()]
            .map(|style| path_text("color", style, &empty));
        assert_eq!(
            written,
            [
                Ok(Some(".".into())),
                Ok(Some(";color".into())),
                Ok(Some(";color".into()))
            ]
        );
    }

    #[test]
    fn delimiters_inside_values_are_encoded_and_the_style_delimiters_are_not() {
        let list = ParamTree::List(vec![text("a,b"), text("c d"), text("e|f")]);
        assert_eq!(query_string(Style::form(), &list), "color=a%2Cb,c+d,e%7Cf");
        assert_eq!(
            path_text("color", Style::label(), &list),
            Ok(Some(".a%2Cb,c%20d,e%7Cf".into()))
        );
        let reserved = text("a/b:c?d=e&f+g#h%2Fi%zz");
        assert_eq!(
            query_string(Style::form().allow_reserved(), &reserved),
            "color=a/b:c?d=e%26f%2Bg%23h%2Fi%25zz"
        );
        assert_eq!(
            query_string(Style::form(), &reserved),
            "color=a%2Fb%3Ac%3Fd%3De%26f%2Bg%23h%252Fi%25zz"
        );
    }

    #[test]
    fn deep_objects_nest_and_index_what_the_spec_leaves_undefined() {
        let nested = ParamTree::Object(vec![
            (
                "created".to_owned(),
                ParamTree::Object(vec![
                    ("gt".to_owned(), text("1")),
                    ("lt".to_owned(), ParamTree::Absent),
                ]),
            ),
            (
                "tags".to_owned(),
                ParamTree::List(vec![text("x"), ParamTree::Absent, text("y z")]),
            ),
        ]);
        assert_eq!(
            query_string(Style::deep_object(), &nested),
            "color%5Bcreated%5D%5Bgt%5D=1&color%5Btags%5D%5B0%5D=x&color%5Btags%5D%5B1%5D=y+z"
        );
        assert_eq!(
            query_string(Style::form(), &nested),
            format!("error: {NESTED}")
        );
    }

    #[test]
    fn headers_and_cookies_follow_simple_and_form() {
        let [string, list, object] = colors();
        assert_eq!(
            header_text(Style::simple(), &list),
            Ok(Some("blue,black,brown".into()))
        );
        assert_eq!(
            header_text(Style::simple().explode(), &object),
            Ok(Some("R=100,G=200,B=150".into()))
        );
        assert_eq!(header_text(Style::simple(), &ParamTree::Absent), Ok(None));
        let cookies = |style: Style, tree: &ParamTree| -> Vec<String> {
            cookie_pairs("color", style, tree)
                .unwrap_or_default()
                .into_iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect()
        };
        assert_eq!(cookies(Style::form().explode(), &string), ["color=blue"]);
        assert_eq!(cookies(Style::form(), &list), ["color=blue,black,brown"]);
        assert_eq!(
            cookies(Style::form().explode(), &list),
            ["color=blue", "color=black", "color=brown"]
        );
        assert_eq!(cookies(Style::form(), &object), ["color=R,100,G,200,B,150"]);
        assert_eq!(
            cookies(Style::form().explode(), &object),
            ["R=100", "G=200", "B=150"]
        );
        assert_eq!(cookies(Style::form(), &text("a;b c")), ["color=a%3Bb%20c"]);
    }

    #[test]
    fn serde_values_become_trees_in_declaration_order_with_numbers_as_rust_writes_them() {
        #[derive(serde::Serialize)]
        struct Filter {
            zone: &'static str,
            ratio: f64,
            name: Option<String>,
            ids: Vec<Option<i64>>,
            on: bool,
        }
        let value = Filter {
            zone: "eu",
            ratio: 1.0,
            name: None,
            ids: vec![Some(1), None],
            on: true,
        };
        assert_eq!(
            Serialized(&value).tree().ok(),
            Some(ParamTree::Object(vec![
                ("zone".to_owned(), text("eu")),
                ("ratio".to_owned(), text("1")),
                ("name".to_owned(), ParamTree::Absent),
                (
                    "ids".to_owned(),
                    ParamTree::List(vec![text("1"), ParamTree::Absent])
                ),
                ("on".to_owned(), text("true")),
            ]))
        );
        assert_eq!(AsJson(&value.ids).tree().ok(), Some(text("[1,null]")));
        assert_eq!(Some(3_i32).tree().ok(), Some(text("3")));
        assert_eq!(None::<i32>.tree().ok(), Some(ParamTree::Absent));
    }
}

//! Random names, seeded: the classes of names that break generators, each name put in every
//! role of one spec. The generator's own PRNG (SplitMix64) keeps a seed's spec the same across
//! dependency updates, so the committed fixture changes only when this file does.

use serde_json::{Map, Value as Json, json};

use crate::specs::pointer_token;

/// The seed and size of the committed fixture `names_random.yaml`.
pub const CI_SEED: u64 = 28;
pub const CI_NAMES: usize = 24;

/// SplitMix64: small, fast and fixed, so a seed always gives the same names.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(bound.max(1)).unwrap()).unwrap()
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "foo", "bar", "item", "items", "error", "key", "value", "type", "name", "id", "list", "self",
    "client", "body", "request", "response", "status", "page", "limit", "offset", "map", "api",
    "result", "option", "string", "box", "vec", "default", "unknown", "new", "get", "send",
];

const UNICODE: &[&str] = &[
    "ñandú",
    "名前",
    "Ωmega",
    "straße",
    "café",
    "😀",
    "İstanbul",
    "ǅemal",
    "ﬁle",
    "Ⅻ",
    "٣٤",
    "e\u{301}",
    "a\u{200d}b",
    "שלום",
    "ß",
    "Ǆ",
    "µ",
    "x\u{feff}",
    "\u{00a0}",
];

const KEYWORD_LIKE: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "r#",
    "r#type",
    "r#self",
    "r#Self",
    "r#crate",
    "type_",
    "self_",
    "Self_",
    "fn",
    "mod",
    "match",
    "async",
    "await",
    "dyn",
    "gen",
    "try",
    "union",
    "macro_rules",
    "static",
    "'static",
    "'a",
    "_",
    "__",
    "std",
    "core",
    "alloc",
];

const PUNCTUATION: &[&str] = &[
    "", " ", "$", "-", "@", "#", "!", "?", "$$", "-_-", "{}", "/", ".", "..", "~", "%20", "\t",
    "+", "*", "<>", "&&", "::", "\"", "'", "\\", "=", "\n", "\r\n", "\u{0}", "\u{1b}", "\u{200b}",
];

/// What the generator adds to a name it makes from another: suffixes and prefixes.
const SUFFIXES: &[&str] = &[
    "Error",
    "Success",
    "Builder",
    "Item",
    "Items",
    "Mocks",
    "2",
    "_2",
    "Api",
    "Request",
    "Response",
    "Value",
    "Unknown",
    "UnknownValue",
    "UnknownTag",
    "Redirect",
    "AllOf0",
    "200Response",
];
const PREFIXES: &[&str] = &["with_", "respond_", "Type", "V", "Op", "Status", "_", "r#"];

/// One random name of a random class.
fn name(rng: &mut Rng) -> Vec<String> {
    let base = format!("{}_{}", rng.pick(WORDS), rng.pick(WORDS));
    match rng.below(7) {
        0 => vec![format!(
            "{}{}",
            rng.pick(UNICODE),
            rng.pick(&["", "_x", "Name", "1"])
        )],
        1 => vec![format!(
            "{}{}",
            rng.below(1000),
            rng.pick(&["", "st", "fa", "_b", "Ab"])
        )],
        2 => vec![rng.pick(KEYWORD_LIKE).to_owned()],
        // The same words in every case convention: equal once converted.
        3 => {
            let words: Vec<&str> = base.split('_').collect();
            let camel: String = words
                .iter()
                .map(|word| {
                    let mut chars = word.chars();
                    chars.next().map_or(String::new(), |first| {
                        first.to_uppercase().chain(chars).collect()
                    })
                })
                .collect();
            let lower_camel = {
                let mut chars = camel.chars();
                chars.next().map_or(String::new(), |first| {
                    first.to_lowercase().chain(chars).collect()
                })
            };
            vec![
                base.clone(),
                camel,
                lower_camel,
                base.to_uppercase(),
                base.replace('_', "-"),
                base.replace('_', " "),
                base.replace('_', "."),
            ]
        }
        // A name, and the names the generator would make from it.
        4 => {
            let stem = rng.pick(WORDS);
            let mut names = vec![stem.to_owned()];
            names.push(format!("{stem}{}", rng.pick(SUFFIXES)));
            names.push(format!("{}{stem}", rng.pick(PREFIXES)));
            names
        }
        5 => vec![rng.pick(PUNCTUATION).to_owned()],
        _ => vec![format!("{}{}", rng.pick(PUNCTUATION), rng.pick(WORDS))],
    }
}

/// `count` distinct random names from `seed`, in the order drawn.
pub fn names(seed: u64, count: usize) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut names: Vec<String> = Vec::new();
    while names.len() < count {
        for candidate in name(&mut rng) {
            if names.len() < count && !names.contains(&candidate) {
                names.push(candidate);
            }
        }
    }
    names
}

/// `name` as it goes into a `$ref` fragment: a JSON pointer token, percent-encoded.
pub fn fragment(name: &str) -> String {
    let mut out = String::new();
    for byte in pointer_token(name).bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn schema_ref(name: &str) -> Json {
    json!({"$ref": format!("#/components/schemas/{}", fragment(name))})
}

/// Whether a path template can hold `name` as a parameter: braces, slashes and the characters
/// that end a path cannot be in one.
fn fits_a_path_template(name: &str) -> bool {
    !name.is_empty() && !name.contains(['{', '}', '/', '?', '#', '%'])
}

/// A record whose inline shapes the generator names after it (`{Name}Inline`,
/// `{Name}Choice`, `{Name}ListItem`), beside the fields every record reader handles.
fn record_with_inline_shapes() -> Json {
    let mut record = crate::specs::record();
    let properties = record["properties"].as_object_mut().unwrap();
    properties.insert(
        "inline".into(),
        json!({"type": "object", "properties": {"text": {"type": "string"}}}),
    );
    properties.insert(
        "choice".into(),
        json!({"type": "string", "enum": ["a", "b"]}),
    );
    properties.insert(
        "list".into(),
        json!({"type": "array", "items": {"type": "object", "properties": {"n": {"type": "integer"}}}}),
    );
    record
}

/// Every name of the classes' lists, and numbers alone: the edge cases each run offers as
/// members (properties, parameters, enum values, discriminator tags, security schemes), which
/// cost a few lines each, beside the random names.
fn edge_names() -> Vec<String> {
    UNICODE
        .iter()
        .chain(KEYWORD_LIKE)
        .chain(PUNCTUATION)
        .chain(&["0", "1", "1st", "007"])
        .map(|name| (*name).to_owned())
        .collect()
}

/// A spec with every name of `names(seed, count)` in every role, and the edge names as members.
pub fn spec(seed: u64, count: usize) -> Json {
    let names = names(seed, count);
    let mut members = names.clone();
    for name in edge_names() {
        if !members.contains(&name) {
            members.push(name);
        }
    }
    let string = json!({"type": "string"});
    let mut schemas = Map::new();
    for name in &names {
        schemas.insert(name.clone(), record_with_inline_shapes());
    }
    let every: Map<String, Json> = members
        .iter()
        .map(|name| (name.clone(), string.clone()))
        .collect();
    schemas.insert(
        "RandomRequired".into(),
        json!({"type": "object", "required": members, "properties": every}),
    );
    schemas.insert(
        "RandomOptional".into(),
        json!({"type": "object", "properties": every}),
    );
    schemas.insert("RandomOther".into(), crate::specs::record());
    schemas.insert(
        "RandomValues".into(),
        json!({"type": "string", "enum": members}),
    );
    schemas.insert(
        "RandomTagged".into(),
        json!({
            "oneOf": [schema_ref("RandomOptional"), schema_ref("RandomOther")],
            "discriminator": {
                "propertyName": "kind",
                "mapping": members.iter().map(|name| (name.clone(), json!("#/components/schemas/RandomOptional"))).collect::<Map<_, _>>(),
            },
        }),
    );
    let security_schemes: Map<String, Json> = members
        .iter()
        .enumerate()
        .map(|(index, name)| {
            (
                name.clone(),
                json!({"type": "apiKey", "in": "header", "name": format!("X-Key-{index}")}),
            )
        })
        .collect();
    let security: Vec<Json> = members
        .iter()
        .map(|name| json!({ name.clone(): [] }))
        .collect();
    let parameters = |location: &str, names: &[&String]| -> Vec<Json> {
        names
            .iter()
            .map(|name| json!({"name": name, "in": location, "required": location == "path", "schema": {"type": "string"}}))
            .collect()
    };
    let all: Vec<&String> = members.iter().collect();
    let in_path: Vec<&String> = members
        .iter()
        .filter(|name| fits_a_path_template(name))
        .collect();
    let path_template: String = in_path.iter().map(|name| format!("/{{{name}}}")).collect();
    let mut paths = Map::new();
    paths.insert(
        "/query".into(),
        json!({"get": {
            "operationId": "randomQuery",
            "security": security,
            "parameters": parameters("query", &all),
            "responses": {"200": {"description": "Values.", "content": {"application/json": {"schema": {"type": "array", "items": schema_ref("RandomValues")}}}}},
        }}),
    );
    paths.insert(
        format!("/path{path_template}"),
        json!({"put": {
            "operationId": "randomPath",
            "parameters": parameters("path", &in_path),
            "requestBody": {"required": true, "content": {"application/json": {"schema": schema_ref("RandomRequired")}}},
            "responses": {"200": {"description": "Tagged.", "content": {"application/json": {"schema": schema_ref("RandomTagged")}}}},
        }}),
    );
    paths.insert(
        "/header".into(),
        json!({"post": {
            "operationId": "randomHeaders",
            "parameters": parameters("header", &all),
            "requestBody": {"content": {"multipart/form-data": {"schema": schema_ref("RandomOptional")}}},
            "responses": {"204": {"description": "Done."}},
        }}),
    );
    paths.insert(
        "/cookie".into(),
        json!({"delete": {
            "operationId": "randomCookies",
            "parameters": parameters("cookie", &all),
            "responses": {"204": {"description": "Done."}},
        }}),
    );
    for (index, name) in names.iter().enumerate() {
        paths.insert(
            format!("/operations/{index}"),
            json!({"get": {
                "operationId": name,
                "responses": {
                    "200": {"description": "Named like the operation.", "content": {"application/json": {"schema": schema_ref(name)}}},
                },
            }}),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Random names",
            "version": "1.0.0",
            "description": format!("{count} random names (seed {seed}), each the name of a record, property, parameter, operation, enum value, discriminator tag and security scheme."),
        },
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": security_schemes},
    })
}

//! The models lowering has made so far, and the component schemas whose `allOf` fields are
//! being collected (to catch a schema that includes itself).

use std::collections::BTreeSet;

use crate::ir::{Model, ModelKind};

/// The module's models, in the order they were made.
#[derive(Default)]
pub(super) struct Models {
    made: Vec<Model>,
    /// Component schemas whose fields are being collected, innermost last.
    merging: Vec<String>,
}

impl Models {
    /// Adds a model; what needs every model (derives, constructors, where its schema is
    /// written) is settled when lowering finishes.
    pub(super) fn push(
        &mut self,
        name: String,
        description: Option<String>,
        kind: ModelKind,
        pointer: String,
    ) {
        self.made.push(Model {
            name,
            description,
            kind,
            derive_default: false,
            derive_eq: false,
            constructor: None,
            required_fields: None,
            pointer,
            source: String::new(),
        });
    }

    /// The model named `name`, once it has been defined.
    pub(super) fn get(&self, name: &str) -> Option<&Model> {
        self.made.iter().find(|model| model.name == name)
    }

    /// How many models have been made, to drop those an item made if it is skipped.
    pub(super) fn count(&self) -> usize {
        self.made.len()
    }

    /// Drops the models made after the first `count`, and says which.
    pub(super) fn truncate(&mut self, count: usize) -> BTreeSet<String> {
        self.made.drain(count..).map(|model| model.name).collect()
    }

    /// Whether the fields of the component schema `key` are being collected already.
    pub(super) fn is_merging(&self, key: &str) -> bool {
        self.merging.iter().any(|merging| merging == key)
    }

    /// Marks the fields of the component schema `key` as being collected, until
    /// [`end_merge`](Self::end_merge).
    pub(super) fn begin_merge(&mut self, key: String) {
        self.merging.push(key);
    }

    /// Ends the innermost [`begin_merge`](Self::begin_merge).
    pub(super) fn end_merge(&mut self) {
        self.merging.pop();
    }

    /// Every model made.
    pub(super) fn into_vec(self) -> Vec<Model> {
        self.made
    }
}

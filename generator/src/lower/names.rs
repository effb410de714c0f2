//! The type names lowering decides for a module: each claimed once in the module's type
//! [`Scope`], and remembered by what they name (a component schema, an inline shape's place, a
//! form body), so a schema reached twice is one type.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::naming::{Scope, type_name};

/// The module's type names, by what they name.
pub(super) struct Names {
    types: Scope,
    /// Component schemas' types, by their key in `components.schemas`.
    components: BTreeMap<String, String>,
    /// Inline shapes already named, by the pointer of their place.
    inline: HashMap<String, String>,
    /// Form models already made, by the pointer of their schema and whether multipart.
    forms: HashMap<(String, bool), String>,
    /// The module's redirect type, named when the first operation that needs it is lowered.
    redirect: Option<String>,
}

impl Names {
    pub(super) fn new() -> Self {
        Names {
            types: Scope::types(),
            components: BTreeMap::new(),
            inline: HashMap::new(),
            forms: HashMap::new(),
            redirect: None,
        }
    }

    /// Names every component schema first, in the document's order, so a schema's name never
    /// yields to an inline shape's.
    pub(super) fn claim_components<'k>(&mut self, keys: impl IntoIterator<Item = &'k String>) {
        for key in keys {
            let name = self.types.claim(&type_name(key));
            self.components.insert(key.clone(), name);
        }
    }

    /// The type of the component schema `key`.
    pub(super) fn component(&self, key: &str) -> Option<&str> {
        self.components.get(key).map(String::as_str)
    }

    /// A new type name of the module, as close to `wanted` as is free.
    pub(super) fn claim(&mut self, wanted: &str) -> String {
        self.types.claim(wanted)
    }

    /// The type of the inline shape at `pointer`, once named.
    pub(super) fn inline(&self, pointer: &str) -> Option<&str> {
        self.inline.get(pointer).map(String::as_str)
    }

    /// Names the inline shape at `pointer`, as close to `wanted` as is free.
    pub(super) fn claim_inline(&mut self, pointer: &str, wanted: &str) -> String {
        let name = self.types.claim(wanted);
        self.inline.insert(pointer.to_owned(), name.clone());
        name
    }

    /// The form model of the schema at `pointer`, sent as multipart or not, once made.
    pub(super) fn form(&self, pointer: &str, multipart: bool) -> Option<&str> {
        self.forms
            .get(&(pointer.to_owned(), multipart))
            .map(String::as_str)
    }

    /// Names the form model of the schema at `pointer`, as close to `wanted` as is free.
    pub(super) fn claim_form(&mut self, pointer: &str, multipart: bool, wanted: &str) -> String {
        let name = self.types.claim(wanted);
        self.forms
            .insert((pointer.to_owned(), multipart), name.clone());
        name
    }

    /// The module's redirect type, named the first time an operation needs it.
    pub(super) fn redirect(&mut self) -> String {
        match &self.redirect {
            Some(name) => name.clone(),
            None => {
                let name = self.types.claim("Redirect");
                self.redirect = Some(name.clone());
                name
            }
        }
    }

    /// Forgets the inline shapes and forms whose models were dropped with a skipped item, so a
    /// later use of their place makes them again. Their names stay claimed.
    pub(super) fn forget(&mut self, removed: &BTreeSet<String>) {
        self.inline.retain(|_, name| !removed.contains(name));
        self.forms.retain(|_, name| !removed.contains(name));
    }

    /// The scope of type names, for the names claimed once every operation and model is
    /// known, and the redirect type.
    pub(super) fn finish(self) -> (Scope, Option<String>) {
        (self.types, self.redirect)
    }
}

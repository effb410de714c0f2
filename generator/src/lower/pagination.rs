//! Which operations list a collection page by page, and what their stream needs to know: the
//! item type and the `limit` and `offset` parameters, the `count` parameter that asks for the
//! listing's size, and the property that identifies an item.

use crate::ir::{ItemId, Model, ModelKind, Operation, Pagination, ParameterLocation, TypeRef};

/// The property that identifies an item of a listing, when the item model has it.
const ITEM_ID: &str = "id";

/// Recognises list operations paged by optional `limit` and `offset` query parameters that
/// return an array. The item's identity is decided later, by [`identify_items`], once every
/// model is complete.
pub(super) fn pagination(operation: &Operation) -> Option<Pagination> {
    let optional_query = |name: &str, fits: fn(&TypeRef) -> bool| {
        operation.parameters.iter().find(|parameter| {
            parameter.location == ParameterLocation::Query
                && parameter.name == name
                && !parameter.required
                && fits(&parameter.ty)
        })
    };
    let integer = |ty: &TypeRef| matches!(ty, TypeRef::I32 | TypeRef::I64);
    let limit = optional_query("limit", integer)?;
    let offset = optional_query("offset", integer)?;
    let count = optional_query("count", |ty| *ty == TypeRef::Bool);
    let item = operation
        .success
        .cases()
        .iter()
        .find_map(|case| match &case.ty {
            TypeRef::Vec(item) => Some((**item).clone()),
            _ => None,
        })?;
    Some(Pagination {
        item,
        limit_param: limit.rust_name.clone(),
        limit_name: limit.name.clone(),
        offset_param: offset.rust_name.clone(),
        offset_name: offset.name.clone(),
        max_page_size: limit
            .maximum
            .and_then(|maximum| u64::try_from(maximum).ok())
            .filter(|maximum| *maximum > 0),
        count_param: count.map(|count| count.rust_name.clone()),
        item_id: None,
    })
}

/// Sets each listing's [`Pagination::item_id`]: the item model's `id` property, when it has
/// one whose value is a string or an integer (possibly absent). Anything else, such as an `id`
/// holding an object, is no identity the stream can compare, so it compares whole items.
pub(super) fn identify_items(operations: &mut [Operation], models: &[Model]) {
    for pagination in operations
        .iter_mut()
        .filter_map(|operation| operation.pagination.as_mut())
    {
        let TypeRef::Named(item) = &pagination.item else {
            continue;
        };
        let Some(ModelKind::Struct { fields }) = models
            .iter()
            .find(|model| model.name == *item)
            .map(|model| &model.kind)
        else {
            continue;
        };
        pagination.item_id = fields
            .iter()
            .find(|field| field.name == ITEM_ID && !field.flatten && is_identifier(&field.ty))
            .map(|field| ItemId {
                name: field.name.clone(),
                rust_name: field.rust_name.clone(),
            });
    }
}

/// Whether values of `ty` can identify an item: a string or an integer, possibly absent.
fn is_identifier(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String | TypeRef::I32 | TypeRef::I64 => true,
        TypeRef::Option(inner) => is_identifier(inner),
        _ => false,
    }
}

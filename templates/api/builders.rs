//! Request builders for the `{{ api.module }}` operations: set optional parameters, then `send()` or `.await` them.

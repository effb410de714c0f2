//! What each `{{ api.module }}` operation answers: an error enum per operation with one variant per
//! documented error status, and a success enum where success statuses carry different bodies.

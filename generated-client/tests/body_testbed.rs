//! The body test bed over every model of every module: spec-valid bodies written from the
//! models' decoding shapes, broken from a catalogue of what real servers send (type swaps,
//! null, missing and duplicated properties, numbers out of range or in other notations, case
//! and spaces, invalid UTF-8, lone surrogates, escapes, byte-order marks, wrappers, bodies cut
//! short), decoded tolerantly and strictly; the invariants are in the crate's `testbed` module.
//!
//! It runs 40 bodies per model, seeded, so `cargo test` stays quick and gives the same bodies
//! every time. Run it longer, or with another seed, with for example
//! `TESTBED_CASES=5000 TESTBED_SEED=7 cargo test -p sailpoint-client --release --test body_testbed`.
#![allow(clippy::panic, reason = "a test fails by panicking")]

use sailpoint_client::testbed::{run, Settings};

/// Reads a setting from the environment, or takes its default.
fn setting(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(value) => value
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {value:?}")),
        Err(_) => default,
    }
}

#[test]
fn every_model_keeps_every_invariant_through_every_mutation() {
    let settings = Settings {
        cases: u32::try_from(setting("TESTBED_CASES", 40)).unwrap_or(u32::MAX),
        seed: setting("TESTBED_SEED", 28),
    };
    let report = run(settings);
    println!("{report}");
    assert!(report.models > 0, "no model was probed");
    assert!(
        report.unwritable.is_empty() && report.failures.is_empty(),
        "{report}"
    );
}

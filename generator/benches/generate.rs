//! Generating the workspace's own `spec/` in-process, whole and stage by stage (load, lower,
//! render, format), as `cargo xtask codegen` does. Run with `cargo bench -p sailpoint-codegen
//! --bench generate`; `cargo xtask bench` runs it with the other benchmarks.

mod support;

/// The same allocator as the `sailpoint-codegen` and `xtask` binaries, so the numbers are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use sailpoint_codegen::{format, generate, load, lower, render};

fn stages(c: &mut Criterion) {
    let inputs = support::workspace_specs();
    let settings = support::settings();
    let documents: Vec<_> = inputs
        .iter()
        .filter_map(|input| {
            load::load(&input.file, &input.contents, &sailpoint_codegen::NoFiles).ok()
        })
        .collect();
    let apis: Vec<_> = documents
        .iter()
        .zip(&inputs)
        .filter_map(|(document, input)| {
            lower::lower(document, input.module.as_deref().unwrap_or("api")).ok()
        })
        .collect();
    let rendered = render::render(&apis, &settings).unwrap_or_default();
    assert_eq!(documents.len(), inputs.len(), "spec/ must load");
    assert_eq!(apis.len(), inputs.len(), "spec/ must lower");

    let mut group = c.benchmark_group("spec");
    group.bench_function("total", |b| b.iter(|| generate(&inputs, &settings)));
    group.bench_function("load", |b| {
        b.iter(|| {
            inputs
                .iter()
                .map(|input| load::load(&input.file, &input.contents, &sailpoint_codegen::NoFiles))
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("lower", |b| {
        b.iter(|| {
            documents
                .iter()
                .zip(&inputs)
                .map(|(document, input)| {
                    lower::lower(document, input.module.as_deref().unwrap_or("api"))
                })
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("render", |b| b.iter(|| render::render(&apis, &settings)));
    group.bench_function("format", |b| {
        b.iter_batched(
            || rendered.clone(),
            |rendered| format::files(rendered, &settings.generated_by),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);

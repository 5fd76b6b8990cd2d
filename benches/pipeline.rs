//! The pipeline end to end on generated data: read, check, find duplicates,
//! (no report), for 10,000 rows of a realistic roster with 8 % faults.
//! `cargo bench --bench pipeline`. The million-row figures, with the
//! report, are in BENCHMARKS.md (benches/run.sh).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[allow(dead_code)]
#[path = "support/roster_gen.rs"]
mod roster_gen;

fn pipeline(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("roster.csv");
    let mut w = csv::Writer::from_path(&path).expect("a file");
    w.write_record(roster_gen::HEADER).expect("written");
    let n = 10_000;
    for row in roster_gen::rows(n, 2026) {
        w.write_record(&row).expect("written");
    }
    w.flush().expect("written");
    let args = [
        "roster-check",
        "check",
        "--no-report",
        "-q",
        "--today",
        "2026-11-23",
    ];
    let cli =
        roster_check::cli::parse_from(args.iter().copied().chain([path.to_str().expect("utf-8")]))
            .expect("arguments");
    let roster_check::cli::Command::Check(args) = cli.command else {
        unreachable!("a check command");
    };
    let config = roster_check::cli::resolve(args).expect("a config");
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Elements(n));
    g.sample_size(20);
    g.bench_function("check_10k_rows", |b| {
        b.iter(|| roster_check::run_check(&config, &mut |_| {}))
    });
    g.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);

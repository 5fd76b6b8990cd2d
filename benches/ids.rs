//! ns per validation for each identifier, valid and invalid inputs:
//! `cargo bench --bench ids`.

use criterion::{criterion_group, criterion_main, Criterion};
use roster_check::ids::{Context, Date, IdKind};
use std::hint::black_box;

fn ids(c: &mut Criterion) {
    let ctx = Context::new(Date::new(2026, 11, 23).expect("a date"));
    let cases = [
        ("curp/valid", IdKind::Curp, "HEGG560427MVZRRL04"),
        ("curp/check_digit", IdKind::Curp, "HEGG560427MVZRRL05"),
        ("curp/normalized", IdKind::Curp, " hegg-560427-mvzrrl04 "),
        ("nss/valid", IdKind::Nss, "28138801999"),
        ("nss/check_digit", IdKind::Nss, "28138801998"),
        ("nss/leading_zero_lost", IdKind::Nss, "4159912346"),
        ("nuss/valid", IdKind::Nuss, "281234567840"),
        ("nuss/slashes", IdKind::Nuss, "28/12345678/40"),
        ("nuss/ambiguous", IdKind::Nuss, "28123456742"),
        ("nuss/check_digit", IdKind::Nuss, "281234567890"),
        ("dni/valid", IdKind::Dni, "12345678Z"),
        ("dni/normalized", IdKind::Dni, "12.345.678-z"),
        ("dni/check_letter", IdKind::Dni, "12345678A"),
    ];
    let mut g = c.benchmark_group("ids");
    for (name, kind, value) in cases {
        g.bench_function(name, |b| b.iter(|| kind.check(black_box(value), &ctx)));
    }
    // The fast lane a roster's clean cells take first (`IdKind::quick`).
    for (name, kind, value) in [
        ("curp/quick_valid", IdKind::Curp, "HEGG560427MVZRRL04"),
        ("nss/quick_valid", IdKind::Nss, "28138801999"),
        ("dni/quick_valid", IdKind::Dni, "X1234567L"),
    ] {
        g.bench_function(name, |b| b.iter(|| kind.quick(black_box(value), ctx.today)));
    }
    g.finish();
}

criterion_group!(benches, ids);
criterion_main!(benches);

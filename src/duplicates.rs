//! Identifiers that appear on more than one row, across every input.
//!
//! A million rows give two or three million identifiers, so each is held
//! in 24 bytes: its field and value packed into two integers, exactly (no
//! hash: equal integers are equal values), and its place. Values that do
//! not pack (longer than 18 characters, or other than digits and capital
//! letters: a few malformed cells) are kept whole in a list of their own.
//! Grouping scatters the keys into buckets by a hash of the value (equal
//! values share a bucket) and sorts the buckets in parallel.

use std::ops::Range;

use rayon::prelude::*;

use crate::findings::{Code, Field, Finding, Kind, Note, Place, Run, Severity};
use crate::ids::Canon;

/// How many other rows a duplicate's message names.
const PLACES_NAMED: usize = 5;

/// Characters a packed value holds (each of 37 values, 0 = none).
const PACKED_CHARS: usize = 18;
/// Half of them: 37^9 < 2^47.
const HALF: usize = PACKED_CHARS / 2;
/// Bits of a place given to the row; the rest name the source.
const ROW_BITS: u32 = 40;

/// A field and value packed into two integers (`pack`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Packed {
    hi: u64,
    lo: u64,
}

/// Each byte's code in a packed value: digits 1..=10, capital letters
/// 11..=36, anything else 0 (does not pack).
const CODES: [u8; 256] = {
    let mut codes = [0u8; 256];
    let mut b = 0;
    while b < 10 {
        codes[b'0' as usize + b] = b as u8 + 1;
        b += 1;
    }
    let mut b = 0;
    while b < 26 {
        codes[b'A' as usize + b] = b as u8 + 11;
        b += 1;
    }
    codes
};

/// Nine characters (or fewer, padded with none) as one base-37 number.
fn pack_half(bytes: &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for &b in bytes {
        let code = CODES[usize::from(b)];
        if code == 0 {
            return None;
        }
        n = n * 37 + u64::from(code);
    }
    Some(n * 37u64.pow((HALF - bytes.len()) as u32))
}

fn unpack_half(mut n: u64, out: &mut Vec<u8>) {
    let mut chars = [0u8; HALF];
    for c in chars.iter_mut().rev() {
        *c = (n % 37) as u8;
        n /= 37;
    }
    out.extend(chars.iter().take_while(|&&c| c != 0).map(|&c| match c {
        1..=10 => b'0' + c - 1,
        _ => b'A' + c - 11,
    }));
}

/// The field (its index) and the value as a number, when the value has at
/// most 18 characters, all digits or capital letters. Different fields or
/// values give different numbers.
fn pack(field: Field, value: &[u8]) -> Option<Packed> {
    let b = value;
    if b.len() > PACKED_CHARS {
        return None;
    }
    let (first, second) = b.split_at(b.len().min(HALF));
    Some(Packed {
        hi: (field as u64) << 56 | pack_half(first)?,
        lo: pack_half(second)?,
    })
}

/// The field and value of `pack`.
fn unpack(p: Packed) -> (Field, String) {
    let field = Field::ALL
        .into_iter()
        .find(|&f| f as u64 == p.hi >> 56)
        .unwrap_or(Field::Row);
    let mut value = Vec::with_capacity(PACKED_CHARS);
    unpack_half(p.hi & ((1 << 56) - 1), &mut value);
    unpack_half(p.lo, &mut value);
    (field, String::from_utf8(value).unwrap_or_default())
}

/// A packed identifier and its place.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    value: Packed,
    /// Source and row, in their order.
    place: u64,
}

/// An identifier that does not pack, with its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Whole {
    field: Field,
    value: Canon,
    source: u32,
    row: u64,
}

/// The identifiers seen, in the order of their rows. The packed ones stay
/// in the vectors the checking tasks filled: they are read once, when
/// scattered into buckets, rather than copied into one.
#[derive(Debug, Default)]
pub struct Keys {
    packed: Vec<Vec<Key>>,
    whole: Vec<Whole>,
}

impl Keys {
    /// Room for `n` identifiers, so that filling it moves none.
    pub fn with_capacity(n: usize) -> Keys {
        Keys {
            packed: vec![Vec::with_capacity(n)],
            whole: Vec::new(),
        }
    }

    /// Adds `value` of `field`, seen on `row` of input `source`.
    pub fn push(&mut self, field: Field, value: &Canon, source: usize, row: u64) {
        let place = u64::try_from(source)
            .ok()
            .filter(|&s| s < 1 << (64 - ROW_BITS) && row < 1 << ROW_BITS)
            .map(|s| s << ROW_BITS | row);
        match (pack(field, value.as_bytes()), place) {
            (Some(value), Some(place)) => {
                let key = Key { value, place };
                match self.packed.last_mut() {
                    Some(keys) => keys.push(key),
                    None => self.packed.push(vec![key]),
                }
            }
            _ => self.whole.push(Whole {
                field,
                value: *value,
                source: source as u32,
                row,
            }),
        }
    }

    /// Moves the keys of `other` after these.
    pub fn append(&mut self, other: &mut Keys) {
        self.packed.append(&mut other.packed);
        self.whole.append(&mut other.whole);
    }
}

/// A value seen on several rows: its field, its text, and its places in
/// order.
struct Group {
    field: Field,
    value: String,
    places: Vec<Place>,
}

/// Every row whose identifier appears on another row (of any input) gets
/// a `FIELD.duplicate` naming the others.
pub fn find(keys: Keys, run: &mut Run) {
    let Keys { packed, mut whole } = keys;
    let (sorted, stretches) = by_bucket(packed);
    let mut groups: Vec<Group> = stretches
        .into_par_iter()
        .flat_map_iter(|stretch| {
            sorted[stretch]
                .chunk_by(|a, b| a.value == b.value)
                .filter(|g| g.len() > 1)
                .map(|g| {
                    let (field, value) = unpack(g[0].value);
                    let places = g
                        .iter()
                        .map(|k| Place {
                            source: (k.place >> ROW_BITS) as usize,
                            row: k.place & ((1 << ROW_BITS) - 1),
                        })
                        .collect();
                    Group {
                        field,
                        value,
                        places,
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect();
    whole.sort_unstable();
    for g in whole.chunk_by(|a, b| (a.field, a.value) == (b.field, b.value)) {
        if g.len() > 1 {
            groups.push(Group {
                field: g[0].field,
                value: g[0].value.to_string(),
                places: g
                    .iter()
                    .map(|k| Place {
                        source: k.source as usize,
                        row: k.row,
                    })
                    .collect(),
            });
        }
    }
    for group in &groups {
        for (i, place) in group.places.iter().enumerate() {
            let others: Vec<Place> = group
                .places
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, p)| *p)
                .take(PLACES_NAMED)
                .collect();
            let column = run.sources[place.source].column_of(group.field);
            run.findings.push(Finding {
                source: place.source,
                row: place.row,
                field: group.field,
                column,
                value: Some(group.value.clone()),
                severity: Severity::Error,
                code: Code {
                    field: group.field,
                    kind: Kind::Duplicate,
                },
                note: Note::Duplicate {
                    others,
                    total: group.places.len(),
                },
                suggestion: None,
            });
        }
    }
}

/// The keys scattered into buckets by a hash of their value (about 16
/// keys a bucket, equal values in the same one), each bucket sorted: one
/// pass and small sorts, a fraction of the work of sorting them all.
/// Returned with consecutive stretches of whole buckets, one per task.
fn by_bucket(parts: Vec<Vec<Key>>) -> (Vec<Key>, Vec<Range<usize>>) {
    let n: usize = parts.iter().map(Vec::len).sum();
    let bits = (usize::BITS - n.leading_zeros())
        .saturating_sub(4)
        .clamp(1, 20);
    let bucket = |k: &Key| {
        let mixed = (k.value.hi ^ k.value.lo.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> (64 - bits)) as usize
    };
    let mut starts = vec![0usize; (1 << bits) + 1];
    for k in parts.iter().flatten() {
        starts[bucket(k) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut all = vec![Key::default(); n];
    for k in parts.into_iter().flatten() {
        let slot = &mut next[bucket(&k)];
        all[*slot] = k;
        *slot += 1;
    }
    // Stretches of whole buckets, sorted in parallel.
    let tasks = (rayon::current_num_threads() * 8).min(1 << bits);
    let bounds: Vec<usize> = (0..=tasks).map(|t| (t << bits) / tasks).collect();
    let ranges: Vec<Range<usize>> = bounds
        .windows(2)
        .map(|w| starts[w[0]]..starts[w[1]])
        .collect();
    let mut stretches = Vec::with_capacity(tasks);
    let mut rest = all.as_mut_slice();
    for w in bounds.windows(2) {
        let (stretch, after) = rest.split_at_mut(starts[w[1]] - starts[w[0]]);
        stretches.push((stretch, &starts[w[0]..=w[1]]));
        rest = after;
    }
    stretches.into_par_iter().for_each(|(stretch, starts)| {
        for w in starts.windows(2) {
            stretch[w[0] - starts[0]..w[1] - starts[0]].sort_unstable();
        }
    });
    (all, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Packing is exact: a value packs back to itself, and two
        /// different values (or fields) never pack the same.
        #[test]
        fn packing_is_exact(a in "[0-9A-Z]{0,18}", b in "[0-9A-Z]{0,18}") {
            let pack = |f, v: &str| pack(f, v.as_bytes()).unwrap();
            let (pa, pb) = (pack(Field::Curp, &a), pack(Field::Curp, &b));
            prop_assert_eq!(unpack(pa), (Field::Curp, a.clone()));
            prop_assert_eq!(pa == pb, a == b);
            prop_assert_ne!(pack(Field::Nss, &a), pa);
        }

        /// Grouping by bucket finds exactly the values seen more than
        /// once, each with its places in order, packed or not.
        #[test]
        fn finds_every_repeated_value(
            values in prop::collection::vec(prop_oneof!["[0-9A-C]{1,2}", "[0-9a-c]{1,2}", "[A-C]{19}"], 0..300),
        ) {
            let mut keys = Keys::default();
            for (row, v) in values.iter().enumerate() {
                keys.push(Field::Nss, &Canon::new(v), 0, row as u64 + 2);
            }
            let mut run = Run::default();
            run.sources.push(Default::default());
            find(keys, &mut run);
            let mut expected: Vec<(u64, String, usize)> = Vec::new();
            for (row, v) in values.iter().enumerate() {
                let total = values.iter().filter(|w| *w == v).count();
                if total > 1 {
                    expected.push((row as u64 + 2, v.clone(), total));
                }
            }
            let mut got: Vec<(u64, String, usize)> = run
                .findings
                .iter()
                .map(|f| {
                    let Note::Duplicate { total, ref others } = f.note else { unreachable!() };
                    assert!(others.windows(2).all(|w| w[0].row < w[1].row));
                    (f.row, f.value.clone().unwrap(), total)
                })
                .collect();
            got.sort();
            prop_assert_eq!(got, expected);
        }
    }
}

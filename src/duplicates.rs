//! Identifiers that appear on more than one row, across every input.
//!
//! A million rows give two or three million identifiers, so each is held
//! in 24 bytes: its field and value packed into two integers, exactly (no
//! hash: equal integers are equal values), and its place. Values that do
//! not pack (longer than 18 characters, or other than digits and capital
//! letters: a few malformed cells) are kept whole in a list of their own.
//! Each checking task groups its keys in place into `PARTS` lists by
//! their value's hash, so equal values share a list; each list is then
//! grouped on its own task: its hashes marked in two small bitmaps (seen
//! once, seen again), only the keys whose hash was seen again sorted. The
//! millions of values seen once are never gathered or sorted.

use rayon::prelude::*;

use crate::findings::{Code, Field, Finding, Kind, Note, Place, Run, Severity};
use crate::ids::Canon;

/// How many other rows a duplicate's message names.
const PLACES_NAMED: usize = 5;

/// Characters a packed value holds (each a 6-bit code, 0 = none).
const PACKED_CHARS: usize = 18;
/// Half of them: 54 bits, below the field's byte.
const HALF: usize = PACKED_CHARS / 2;
/// Bits of a character's code.
const CODE_BITS: usize = 6;
/// Bits of a place given to the row; the rest name the source.
const ROW_BITS: u32 = 40;

/// A field and value packed into two integers (`pack`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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

/// Nine characters (or fewer, padded with none) as nine 6-bit codes, the
/// first highest: shifts, not multiplications, so one character's code
/// need not wait for the last one's product.
fn pack_half(bytes: &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for &b in bytes {
        let code = CODES[usize::from(b)];
        if code == 0 {
            return None;
        }
        n = n << CODE_BITS | u64::from(code);
    }
    Some(n << (CODE_BITS * (HALF - bytes.len())))
}

fn unpack_half(n: u64, out: &mut Vec<u8>) {
    let chars = (0..HALF).map(|i| (n >> (CODE_BITS * (HALF - 1 - i)) & 63) as u8);
    out.extend(chars.take_while(|&c| c != 0).map(|c| match c {
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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

/// Lists the packed keys are spread over, by their hash's top bits.
const PARTS: usize = 16;
const PART_BITS: u32 = PARTS.trailing_zeros();

/// A well-mixed hash of a packed value: its top `PART_BITS` bits choose
/// the value's list, the bits below its place in that list's bitmaps.
/// The low word multiplied before it meets the high one (a plain xor of
/// the two maps many structured identifiers alike: measured, twice the
/// slot collisions of a random hash), then the product's high bits,
/// which depend on every bit below them.
fn hash(p: &Packed) -> u64 {
    (p.hi ^ p.lo.wrapping_mul(0xC4CE_B9FE_1A85_EC53)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The identifiers seen. The packed ones stay in the vectors the checking
/// tasks filled, never copied into one; each vector is grouped by list in
/// place (`seal`), so a list's keys are one slice of it.
#[derive(Debug, Default)]
pub struct Keys {
    packed: Vec<Filled>,
    whole: Vec<Whole>,
}

/// A vector of packed keys and, once sealed, where each list's keys end.
#[derive(Debug, Default)]
struct Filled {
    keys: Vec<Key>,
    ends: Option<[usize; PARTS]>,
}

impl Filled {
    /// The keys of list `p` (all sealed).
    fn list(&self, p: usize) -> &[Key] {
        debug_assert!(self.ends.is_some(), "keys read by list before sealing");
        let ends = self.ends.unwrap_or_default();
        let start = if p == 0 { 0 } else { ends[p - 1] };
        self.keys.get(start..ends[p]).unwrap_or_default()
    }

    /// Groups the keys by list, in place (a counting sort on the list
    /// number, each key moved at most once).
    fn seal(&mut self) {
        if self.ends.is_some() {
            return;
        }
        let list = |k: &Key| (hash(&k.value) >> (64 - PART_BITS)) as usize;
        let mut ends = [0; PARTS];
        for k in &self.keys {
            ends[list(k)] += 1;
        }
        let mut next = [0; PARTS];
        let mut sum = 0;
        for p in 0..PARTS {
            next[p] = sum;
            sum += ends[p];
            ends[p] = sum;
        }
        for p in 0..PARTS {
            while next[p] < ends[p] {
                let q = list(&self.keys[next[p]]);
                if q != p {
                    self.keys.swap(next[p], next[q]);
                }
                next[q] += 1;
            }
        }
        self.ends = Some(ends);
    }
}

impl Keys {
    /// Room for `n` identifiers, so that filling it moves none.
    pub fn with_capacity(n: usize) -> Keys {
        Keys {
            packed: vec![Filled {
                keys: Vec::with_capacity(n),
                ends: None,
            }],
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
                match self.packed.last_mut().filter(|f| f.ends.is_none()) {
                    Some(filled) => filled.keys.push(key),
                    None => self.packed.push(Filled {
                        keys: vec![key],
                        ends: None,
                    }),
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

    /// Groups the keys pushed so far by list (done on the checking task
    /// that pushed them; `find` seals what is left).
    pub fn seal(&mut self) {
        self.packed.iter_mut().for_each(Filled::seal);
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
    let Keys {
        mut packed,
        mut whole,
    } = keys;
    packed.par_iter_mut().for_each(Filled::seal);
    let mut groups: Vec<Group> = (0..PARTS)
        .into_par_iter()
        .flat_map_iter(|p| repeated(&packed, p))
        .collect::<Vec<Key>>()
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
    // The findings in the order `Run::finish` puts them (by place, then
    // field, each unique), so that its stable sort only merges them with
    // the checks' findings, already in order.
    let mut order: Vec<(Place, Field, u32, u32)> = groups
        .iter()
        .zip(0..)
        .flat_map(|(g, n)| (0..).zip(&g.places).map(move |(i, &p)| (p, g.field, n, i)))
        .collect();
    order.sort_unstable_by_key(|&(p, field, _, _)| (p, field.as_str()));
    for (place, _, n, i) in order {
        let (group, i) = (&groups[n as usize], i as usize);
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

/// The keys of list `p` whose value may be on more than one row, sorted
/// by value then place: every key of a repeated value, and a few others.
/// Two bitmaps indexed by the hash (below the bits that chose the list)
/// mark the hashes seen once and those seen again; only keys whose hash
/// was seen again are kept and sorted (about 6 % of them besides the
/// repeated ones, at 16 bits a key: on the 1M-row benchmark 123,739 of
/// 1,977,036 keys in all, where 15,753 repeat). A list's bitmaps are
/// small (a sixteenth of the keys) and its own: plain memory, no atomics.
fn repeated(packed: &[Filled], p: usize) -> Vec<Key> {
    let list = || packed.iter().flat_map(|f| f.list(p));
    let n: usize = packed.iter().map(|f| f.list(p).len()).sum();
    let bits = (n * 16).next_power_of_two().max(64);
    let shift = 64 - bits.trailing_zeros();
    let bit = |k: &Key| {
        let b = ((hash(&k.value) << PART_BITS) >> shift) as usize;
        (b / 64, 1u64 << (b % 64))
    };
    let (mut once, mut again) = (vec![0u64; bits / 64], vec![0u64; bits / 64]);
    for k in list() {
        let (w, m) = bit(k);
        if once[w] & m != 0 {
            again[w] |= m;
        }
        once[w] |= m;
    }
    let mut kept: Vec<Key> = list()
        .filter(|k| {
            let (w, m) = bit(k);
            again[w] & m != 0
        })
        .copied()
        .collect();
    kept.sort_unstable();
    kept
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

        /// Sealing groups a vector's keys by list in place: the same keys,
        /// each list's slice holding exactly the keys of that list.
        #[test]
        fn sealing_groups_keys_by_list(values in prop::collection::vec("[0-9A-Z]{1,18}", 0..400)) {
            let mut keys = Keys::with_capacity(values.len());
            for (row, v) in values.iter().enumerate() {
                keys.push(Field::Curp, &Canon::new(v), 0, row as u64);
            }
            let before = {
                let mut k = keys.packed[0].keys.clone();
                k.sort_unstable();
                k
            };
            keys.seal();
            let filled = &keys.packed[0];
            let mut after: Vec<Key> = (0..PARTS).flat_map(|p| filled.list(p).to_vec()).collect();
            for p in 0..PARTS {
                for k in filled.list(p) {
                    prop_assert_eq!((hash(&k.value) >> (64 - PART_BITS)) as usize, p);
                }
            }
            after.sort_unstable();
            prop_assert_eq!(after, before);
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

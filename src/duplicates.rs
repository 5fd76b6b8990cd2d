//! Identifiers that appear on more than one row, across every input.
//!
//! A million rows give two or three million identifiers, so each is held
//! in 16 bytes: its field and value packed into 97 bits, exactly (no
//! hash: equal numbers are equal values), and its place as a 31-bit
//! ordinal (each source's rows numbered after the previous source's).
//! Values that do not pack (longer than 18 characters, or other than
//! digits and capital letters: a few malformed cells) and places past
//! the ordinals are kept whole in a list of their own.
//! Each checking task groups its keys, within their own vector, into
//! `PARTS` lists by their value's hash, so equal values share a list;
//! each list is then grouped on its own task: its hashes marked in two
//! small bitmaps (seen once, seen again), only the keys whose hash was
//! seen again sorted. The millions of values seen once are never
//! gathered or sorted.

use rayon::prelude::*;

use crate::findings::{Code, Field, Finding, Holders, Kind, Note, Place, Run, Severity, Shared};
use crate::ids::{Canon, IdKind};

/// How many other rows a duplicate's message names.
const PLACES_NAMED: usize = 5;

/// Characters a packed value holds (each a base-37 digit, 0 = none).
const PACKED_CHARS: usize = 18;
/// The characters' radix: 36 codes and none.
const RADIX: u128 = 37;
/// Bits of a packed value's digits (37^18 < 2^94); the field's bits are
/// above them.
const VALUE_BITS: u32 = 94;
/// Bits of a packed value's field number: the identifier's place in the
/// identifier table (`IdKind as usize`); eight kinds fit in three.
const FIELD_BITS: u32 = 3;
/// Bits of a key below its value: the place's ordinal. 31 bits number
/// 2,147,483,647 rows across every input; a place past them keeps its
/// value whole (`Whole`), as a value that does not pack does.
const ORDINAL_BITS: u32 = 31;
/// The largest ordinal a key holds.
const MAX_ORDINAL: u64 = (1 << ORDINAL_BITS) - 1;

// The key's parts fit its 128 bits: every field has a number, the
// 18 base-37 digits fit their bits, and field, digits and ordinal add up.
const _: () = {
    assert!(IdKind::COUNT <= 1 << FIELD_BITS);
    assert!(RADIX.pow(PACKED_CHARS as u32) <= 1 << VALUE_BITS);
    assert!(FIELD_BITS + VALUE_BITS + ORDINAL_BITS <= u128::BITS);
};

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

/// Characters of a half (nine base-37 digits fit 64 bits).
const HALF: usize = PACKED_CHARS / 2;

/// Up to nine characters as a nine-digit base-37 number (padded with
/// none), the first character the most significant; `None` if one is
/// neither a digit nor a capital letter (checked for all at once, not
/// character by character). Each character's code is multiplied by its
/// own power of 37 and the products added: the multiplications do not
/// wait on one another, as a running `n * 37 + code` would.
fn pack_half(bytes: &[u8]) -> Option<u64> {
    let (n, packs) = bytes
        .iter()
        .zip(&WEIGHTS)
        .fold((0u64, true), |(n, packs), (&b, &w)| {
            let code = CODES[usize::from(b)];
            (n + u64::from(code) * w, packs & (code != 0))
        });
    packs.then_some(n)
}

/// 37 to the power of 8 down to 0: the weight of each character of a
/// half.
const WEIGHTS: [u64; HALF] = {
    let mut w = [1u64; HALF];
    let mut i = HALF - 1;
    while i > 0 {
        w[i - 1] = w[i] * 37;
        i -= 1;
    }
    w
};

/// The field and value as a 96-bit number, when the field is an
/// identifier's and the value has at most 18 characters, all digits or
/// capital letters: the value as an 18-digit base-37 number (padded with
/// none), the field's number above it. Different fields or values give
/// different numbers.
fn pack(field: Field, value: &str) -> Option<u128> {
    let tag = field.id_kind()? as usize;
    let value = value.as_bytes();
    if value.len() > PACKED_CHARS {
        return None;
    }
    let (first, second) = value.split_at(value.len().min(HALF));
    let (hi, lo) = (pack_half(first)?, pack_half(second)?);
    let digits = u128::from(hi) * u128::from(WEIGHTS[0] * 37) + u128::from(lo);
    Some((tag as u128) << VALUE_BITS | digits)
}

/// The field and value of `pack`.
fn unpack(value: u128) -> (Field, String) {
    let tag = (value >> VALUE_BITS) as usize & ((1 << FIELD_BITS) - 1);
    let kind = IdKind::ALL.get(tag).copied().unwrap_or(IdKind::Curp);
    let mut digits = value & ((1 << VALUE_BITS) - 1);
    let mut codes = [0u8; PACKED_CHARS];
    for c in codes.iter_mut().rev() {
        *c = (digits % RADIX) as u8;
        digits /= RADIX;
    }
    let text = codes.iter().take_while(|&&c| c != 0).map(|&c| match c {
        1..=10 => char::from(b'0' + c - 1),
        _ => char::from(b'A' + c - 11),
    });
    (Field::Id(kind), text.collect())
}

/// A packed identifier (the 97 high bits) and its place's ordinal (the
/// low 31): keys order by value, then place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key(u128);

impl Key {
    fn value(self) -> u128 {
        self.0 >> ORDINAL_BITS
    }

    fn ordinal(self) -> u64 {
        (self.0 & u128::from(MAX_ORDINAL)) as u64
    }
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
/// which depend on every bit below them. The key's words are taken as
/// they are, the ordinal masked off: a shift of the 128 bits by the
/// 31-bit ordinal costs two instructions more per key, three times per
/// key (on the 1M-row benchmark's keys the two hash alike: 131,182 and
/// 130,771 of 1,975,042 kept as perhaps repeated).
fn hash(k: &Key) -> u64 {
    let v = k.0 & !u128::from(MAX_ORDINAL);
    let (hi, lo) = ((v >> 64) as u64, v as u64);
    (hi ^ lo.wrapping_mul(0xC4CE_B9FE_1A85_EC53)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The identifiers seen. The packed ones stay in the vectors the checking
/// tasks filled, never copied into one; each vector is grouped by list
/// within itself (`seal`), so a list's keys are one slice of it. A task's keys
/// are of one source, its rows numbered from that source's first ordinal
/// (`base`); the keys of every task are gathered (`append`) in a `Keys`
/// that numbers the sources (`begin_source`).
#[derive(Debug, Default)]
pub struct Keys {
    packed: Vec<Filled>,
    whole: Vec<Whole>,
    /// The source and first ordinal of the keys pushed.
    source: usize,
    base: u64,
    /// Each source's first ordinal, by source (gathered keys).
    bases: Vec<u64>,
    /// Above every ordinal held.
    next_ordinal: u64,
    /// Each row's person print (`person_print`), by ordinal: the ordinal
    /// in the high 32 bits, the print in the low. In ordinal order once
    /// gathered (tasks append in order).
    people: Vec<u64>,
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

    /// Groups the keys by list (a counting sort on the list number:
    /// the keys scattered into a scratch vector the thread keeps, then
    /// copied back).
    fn seal(&mut self) {
        if self.ends.is_some() {
            return;
        }
        thread_local! {
            static SCRATCH: std::cell::RefCell<(Vec<u8>, Vec<Key>)> =
                const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
        }
        SCRATCH.with_borrow_mut(|(lists, sorted)| {
            lists.clear();
            lists.extend(
                self.keys
                    .iter()
                    .map(|k| (hash(k) >> (64 - PART_BITS)) as u8),
            );
            let mut ends = [0; PARTS];
            for &p in lists.iter() {
                ends[usize::from(p)] += 1;
            }
            let mut next = [0; PARTS];
            let mut sum = 0;
            for p in 0..PARTS {
                next[p] = sum;
                sum += ends[p];
                ends[p] = sum;
            }
            sorted.clear();
            sorted.resize(self.keys.len(), Key(0));
            for (&k, &p) in self.keys.iter().zip(lists.iter()) {
                sorted[next[usize::from(p)]] = k;
                next[usize::from(p)] += 1;
            }
            self.keys.copy_from_slice(sorted);
            self.ends = Some(ends);
        });
    }
}

impl Keys {
    /// Keys of rows of `source`, whose first ordinal is `base`, with room
    /// for `n` identifiers, so that filling it moves none.
    pub fn for_source(source: usize, base: u64, n: usize) -> Keys {
        Keys {
            packed: vec![Filled {
                keys: Vec::with_capacity(n),
                ends: None,
            }],
            source,
            base,
            ..Keys::default()
        }
    }

    /// Numbers the rows of the next source (index `source`, after every
    /// key of the sources before it was appended): returns its first
    /// ordinal, for [`Keys::for_source`].
    pub fn begin_source(&mut self, source: usize) -> u64 {
        debug_assert_eq!(self.bases.len(), source, "sources begun in order");
        self.bases.push(self.next_ordinal);
        self.next_ordinal
    }

    /// Adds `value` of `field`, seen on `row` of this keys' source.
    pub fn push(&mut self, field: Field, value: &str, row: u64) {
        let ordinal = self.ordinal(row);
        match (pack(field, value), ordinal) {
            (Some(value), Some(ordinal)) => {
                let key = Key(value << ORDINAL_BITS | u128::from(ordinal));
                self.next_ordinal = self.next_ordinal.max(ordinal + 1);
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
                value: Canon::new(value),
                source: self.source as u32,
                row,
            }),
        }
    }

    /// The ordinal of `row` of this keys' source, if it fits a key.
    fn ordinal(&self, row: u64) -> Option<u64> {
        self.base.checked_add(row).filter(|&o| o <= MAX_ORDINAL)
    }

    /// Notes the person print of `row` (a print of 0, no name or date,
    /// is not noted).
    pub fn person(&mut self, row: u64, print: u32) {
        if let (Some(ordinal), true) = (self.ordinal(row), print != 0) {
            self.people.push(ordinal << 32 | u64::from(print));
        }
    }

    /// The person print of the row at `place`, if noted.
    fn print_at(&self, place: Place) -> Option<u32> {
        let base = *self.bases.get(place.source)?;
        let ordinal = base.checked_add(place.row)?;
        let i = self.people.partition_point(|&p| p >> 32 < ordinal);
        let p = *self.people.get(i)?;
        (p >> 32 == ordinal).then_some(p as u32)
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
        self.people.append(&mut other.people);
        self.next_ordinal = self.next_ordinal.max(other.next_ordinal);
    }

    /// The place of a key's ordinal: in the last source numbered from
    /// at or below it (a source without keys shares its base with the
    /// next).
    fn place(&self, ordinal: u64) -> Place {
        let source = self
            .bases
            .partition_point(|&b| b <= ordinal)
            .saturating_sub(1);
        let base = self.bases.get(source).copied().unwrap_or(0);
        Place {
            source,
            row: ordinal - base,
        }
    }
}

/// A value seen on several rows: its field, its text, and its places in
/// order.
type Group = Shared;

/// Every row whose identifier appears on another row (of any input) gets
/// a `FIELD.duplicate` naming the others.
pub fn find(mut keys: Keys, run: &mut Run) {
    if keys
        .whole
        .iter()
        .any(|w| pack(w.field, w.value.as_str()).is_some())
    {
        // A place past the ordinals (over 2,147,483,647 rows in all) kept
        // a value that packs whole: every key is compared whole, so that
        // its value's other places meet it.
        let packed = std::mem::take(&mut keys.packed);
        let unpacked = packed.iter().flat_map(|f| &f.keys).map(|&k| {
            let (field, value) = unpack(k.value());
            let place = keys.place(k.ordinal());
            Whole {
                field,
                value: Canon::new(&value),
                source: place.source as u32,
                row: place.row,
            }
        });
        let unpacked: Vec<Whole> = unpacked.collect();
        keys.whole.extend(unpacked);
    }
    keys.packed.par_iter_mut().for_each(Filled::seal);
    // Equal values share a list: each list's groups are made on its task.
    let mut groups: Vec<Group> = (0..PARTS)
        .into_par_iter()
        .flat_map_iter(|p| {
            let kept = repeated(&keys.packed, p);
            let groups = kept.chunk_by(|a, b| a.value() == b.value());
            let groups = groups.filter(|g| g.len() > 1).map(|g| {
                let (field, value) = unpack(g[0].value());
                let places = g.iter().map(|k| keys.place(k.ordinal())).collect();
                Group {
                    field,
                    value: Canon::new(&value),
                    places,
                }
            });
            groups.collect::<Vec<_>>()
        })
        .collect();
    keys.whole.sort_unstable();
    let whole = &keys.whole;
    for g in whole.chunk_by(|a, b| (a.field, a.value) == (b.field, b.value)) {
        if g.len() > 1 {
            groups.push(Group {
                field: g[0].field,
                value: g[0].value,
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
    order.par_sort_unstable_by_key(|&(p, field, _, _)| (p, field.as_str()));
    let who = holders(&keys, &groups, run);
    // Made a slice at a time and handed over: a roster exported twice
    // makes a finding of every row, and the findings keep to their
    // memory budget.
    let mut found = Vec::new();
    for slice in order.chunks(1 << 16) {
        let sources = &run.sources;
        slice
            .par_iter()
            .map(|&(place, _, n, i)| {
                let (group, i) = (&groups[n as usize], i as usize);
                let others: Vec<Place> = group
                    .places
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .map(|(_, p)| *p)
                    .take(PLACES_NAMED)
                    .collect();
                Finding {
                    source: place.source,
                    row: place.row,
                    field: group.field,
                    column: sources[place.source].column_of(group.field),
                    value: Some(group.value.to_string()),
                    severity: Severity::Error,
                    code: Code::new(group.field, Kind::Duplicate),
                    note: Note::Duplicate {
                        others,
                        total: group.places.len(),
                        who: who[n as usize],
                    },
                    suggestion: None,
                }
            })
            .collect_into_vec(&mut found);
        for f in found.drain(..) {
            run.findings.push(f);
        }
    }
    run.shared = groups;
}

/// Who holds each group's value, group by group, as far as the rows tell.
/// A CURP holds its owner's name letters and birth date: rows sharing
/// one are the same student unless a row's names, birth date or sex
/// disagree with it (a cross-check found it). Rows sharing another
/// identifier are compared by their CURPs where the table has a CURP
/// column and the row's CURP is sound (or proved), else by a print of
/// their names and birth date (`person_print`).
fn holders(keys: &Keys, groups: &[Group], run: &Run) -> Vec<Holders> {
    let has = |p: &Place, fields: &[Field]| {
        let source = &run.sources[p.source];
        fields.iter().any(|&f| source.column_of(f).is_some())
    };
    let person: Vec<Field> = Field::NAMES
        .into_iter()
        .chain([Field::Nacimiento])
        .collect();
    // Rows whose names, birth date or sex disagree with their CURP: only
    // a shared CURP asks.
    let curp_groups = groups.iter().any(|g| g.field == Field::CURP);
    let other_groups = groups.iter().any(|g| g.field != Field::CURP);
    // Rows whose own CURP is missing or at fault (a typo, a stray
    // character) with no proved correction: it does not tell who they
    // are, their names and birth date do.
    let mut mismatched = Vec::new();
    let mut bad_curp = Vec::new();
    for f in run
        .findings
        .unordered()
        .filter(|_| curp_groups || other_groups)
        .filter_map(Result::ok)
    {
        let place = Place {
            source: f.source,
            row: f.row,
        };
        match f.code.kind() {
            Kind::NameMismatch | Kind::BirthdateMismatch | Kind::SexMismatch => {
                mismatched.push(place)
            }
            Kind::Id(_) | Kind::Missing
                if f.field == Field::CURP
                    && f.severity == Severity::Error
                    && f.suggestion.is_none() =>
            {
                bad_curp.push(place)
            }
            _ => {}
        }
    }
    mismatched.par_sort_unstable();
    bad_curp.par_sort_unstable();
    let curps = curps_at(keys, groups, run);
    let identity = |p: &Place| -> Option<u128> {
        if has(p, &[Field::CURP]) && bad_curp.binary_search(p).is_err() {
            let ordinal = keys.bases.get(p.source)? + p.row;
            let i = curps.partition_point(|&(o, _)| o < ordinal);
            curps
                .get(i)
                .filter(|&&(o, _)| o == ordinal)
                .map(|&(_, v)| v)
        } else {
            keys.print_at(*p).map(u128::from)
        }
    };
    groups
        .iter()
        .map(|g| {
            if g.field == Field::CURP {
                if !g.places.iter().all(|p| has(p, &person)) {
                    return Holders::Unknown;
                }
                let contradicted = g.places.iter().any(|p| mismatched.binary_search(p).is_ok());
                return if contradicted {
                    Holders::Others
                } else {
                    Holders::Same
                };
            }
            let ids: Option<Vec<u128>> = g.places.iter().map(identity).collect();
            let Some(mut ids) = ids else {
                return Holders::Unknown;
            };
            ids.sort_unstable();
            let distinct = 1 + ids.windows(2).filter(|w| w[0] != w[1]).count();
            match distinct {
                1 => Holders::Same,
                n if n == ids.len() => Holders::Others,
                _ => Holders::Unknown,
            }
        })
        .collect()
}

/// The CURP (packed, or a hash of it when it does not pack) of each row
/// in a group of another identifier in a table with a CURP column, by
/// ordinal, sorted. Found by one pass over the CURP keys, only when such
/// rows exist.
fn curps_at(keys: &Keys, groups: &[Group], run: &Run) -> Vec<(u64, u128)> {
    let wanted: Vec<u64> = groups
        .iter()
        .filter(|g| g.field != Field::CURP)
        .flat_map(|g| &g.places)
        .filter(|p| run.sources[p.source].column_of(Field::CURP).is_some())
        .filter_map(|p| Some(keys.bases.get(p.source)? + p.row))
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut marked = vec![0u64; keys.next_ordinal as usize / 64 + 1];
    for &o in &wanted {
        if let Some(w) = marked.get_mut(o as usize / 64) {
            *w |= 1 << (o % 64);
        }
    }
    let is_wanted = |o: u64| {
        marked
            .get(o as usize / 64)
            .is_some_and(|w| w & (1 << (o % 64)) != 0)
    };
    let curp_tag = IdKind::Curp as u128;
    let mut found: Vec<(u64, u128)> = keys
        .packed
        .par_iter()
        .flat_map_iter(|f| &f.keys)
        .filter(|k| k.value() >> VALUE_BITS == curp_tag && is_wanted(k.ordinal()))
        .map(|k| (k.ordinal(), k.value()))
        .collect();
    for w in keys.whole.iter().filter(|w| w.field == Field::CURP) {
        let Some(o) = keys.bases.get(w.source as usize).map(|b| b + w.row) else {
            continue;
        };
        if is_wanted(o) {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.value.as_str().hash(&mut h);
            found.push((o, u128::from(h.finish()) | 1 << 127));
        }
    }
    found.par_sort_unstable();
    found
}

/// A fingerprint of a person from their name cells and birth date: the
/// sum of a random number per consonant (either case) and digit, so that
/// the order of the words or of a date's parts, vowels, accents, Ñ and
/// punctuation do not change it ("JOSÉ LUIS" and "Jose Luis", 14/03/2008
/// and 2008-03-14 print alike). 0 when the cells hold none of these.
/// Only says whether two rows are the same student, for a message.
pub fn person_print<'a>(cells: impl IntoIterator<Item = &'a str>) -> u32 {
    let mut sum = 0u64;
    for cell in cells {
        for &b in cell.as_bytes() {
            sum = sum.wrapping_add(PRINT_WEIGHTS[usize::from(b)]);
        }
    }
    // The high half of a well-mixed sum; 0 stays 0.
    (sum.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as u32
}

/// Each byte's weight in a person print: a fixed pseudo-random number for
/// ASCII consonants (upper and lower case alike) and digits, 0 for the
/// rest.
const PRINT_WEIGHTS: [u64; 256] = {
    let mut w = [0u64; 256];
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut b = 0;
    while b < 128 {
        // xorshift64*: one number per byte value, whether or not used.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let r = state.wrapping_mul(0x2545_F491_4F6C_DD1D);
        let upper = (b as u8).to_ascii_uppercase();
        let counted = (upper.is_ascii_uppercase()
            && !matches!(upper, b'A' | b'E' | b'I' | b'O' | b'U' | b'N'))
            || (b as u8).is_ascii_digit();
        if counted && !(b as u8).is_ascii_lowercase() {
            w[b] = r;
        }
        b += 1;
    }
    // Lower case weighs as upper case.
    let mut b = b'a' as usize;
    while b <= b'z' as usize {
        w[b] = w[b - 32];
        b += 1;
    }
    w
};

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
        let b = ((hash(k) << PART_BITS) >> shift) as usize;
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
        /// Packing is exact: a value of any packed field packs back to
        /// itself and its field, and two different values (or fields)
        /// never pack the same; with its ordinal, the key gives both back.
        #[test]
        fn packing_is_exact(
            a in "[0-9A-Z]{0,18}",
            b in "[0-9A-Z]{0,18}",
            fa in 0..IdKind::COUNT,
            fb in 0..IdKind::COUNT,
            ordinal in prop_oneof![Just(0), Just(MAX_ORDINAL), 0..=MAX_ORDINAL],
        ) {
            let pack = |f, v: &str| pack(f, Canon::new(v).as_str()).unwrap();
            let (field_a, field_b) = (Field::Id(IdKind::ALL[fa]), Field::Id(IdKind::ALL[fb]));
            let (pa, pb) = (pack(field_a, &a), pack(field_b, &b));
            prop_assert_eq!(unpack(pa), (field_a, a.clone()));
            prop_assert_eq!(unpack(pb), (field_b, b.clone()));
            prop_assert_eq!(pa == pb, a == b && fa == fb);
            let key = Key(pa << ORDINAL_BITS | u128::from(ordinal));
            prop_assert_eq!((key.value(), key.ordinal()), (pa, ordinal));
        }

        /// Packing gives the base-37 number of the value's character
        /// codes, and packs exactly the values of at most 18 digits and
        /// capital letters.
        #[test]
        fn packing_reads_every_character(
            v in prop_oneof![
                "[0-9A-Z]{0,20}",
                // One byte just outside the classes, or none.
                "[0-9A-Z]{0,9}[/:@\\[`az\\x00\\x7F\\x80\\xC3]?[0-9A-Z]{0,10}",
                "[0-9A-Z]{0,8}[^0-9A-Z][0-9A-Z]{0,12}",
                "[\\x00-\\x7F]{0,20}",
                "\\PC{0,12}",
                "[/0-9:@A-Z\\[`a-z\\x7F\\x80-\\xFF]{0,20}",
            ]
        ) {
            let canon = Canon::new(&v);
            let bytes = canon.as_bytes();
            let codes: Option<Vec<u128>> = bytes
                .iter()
                .map(|&b| match b {
                    b'0'..=b'9' => Some(u128::from(b - b'0') + 1),
                    b'A'..=b'Z' => Some(u128::from(b - b'A') + 11),
                    _ => None,
                })
                .collect();
            let by_chars = codes.filter(|c| c.len() <= PACKED_CHARS).map(|c| {
                let padded = c.into_iter().chain(std::iter::repeat(0)).take(PACKED_CHARS);
                1 << VALUE_BITS | padded.fold(0, |n, code| n * RADIX + code)
            });
            prop_assert_eq!(pack(Field::NSS, canon.as_str()), by_chars);
        }

        /// Sealing groups a vector's keys by list within it: the same keys,
        /// each list's slice holding exactly the keys of that list.
        #[test]
        fn sealing_groups_keys_by_list(values in prop::collection::vec("[0-9A-Z]{1,18}", 0..400)) {
            let mut keys = Keys::for_source(0, 0, values.len());
            for (row, v) in values.iter().enumerate() {
                keys.push(Field::CURP, v, row as u64);
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
                    prop_assert_eq!((hash(k) >> (64 - PART_BITS)) as usize, p);
                }
            }
            after.sort_unstable();
            prop_assert_eq!(after, before);
        }

        /// Grouping by bucket finds exactly the values seen more than
        /// once, each with its places in order, packed or not, across
        /// sources (some without keys).
        #[test]
        fn finds_every_repeated_value(
            values in prop::collection::vec(prop_oneof!["[0-9A-C]{1,2}", "[0-9a-c]{1,2}", "[A-C]{19}"], 0..300),
            sources in prop::collection::vec(0..4usize, 0..300),
            fields in prop::collection::vec(0..IdKind::COUNT, 0..300),
        ) {
            let source_of = |i: usize| sources.get(i).copied().unwrap_or(0);
            // Equal values of different fields are no duplicate.
            let field_of = |i: usize| Field::Id(IdKind::ALL[fields.get(i).copied().unwrap_or(1)]);
            let run = found(values.iter().enumerate().map(|(i, v)| (source_of(i), field_of(i), v.as_str())));
            let mut expected: Vec<(usize, u64, Field, String, usize)> = Vec::new();
            for (i, v) in values.iter().enumerate() {
                let total = (0..values.len())
                    .filter(|&j| values[j] == *v && field_of(j) == field_of(i))
                    .count();
                if total > 1 {
                    expected.push((source_of(i), i as u64 + 2, field_of(i), v.clone(), total));
                }
            }
            let mut got: Vec<(usize, u64, Field, String, usize)> = run
                .findings
                .unordered()
                .map(|f| f.unwrap().into_owned())
                .map(|f| {
                    let Note::Duplicate { total, ref others, .. } = f.note else { unreachable!() };
                    assert!(others.windows(2).all(|w| (w[0].source, w[0].row) < (w[1].source, w[1].row)));
                    (f.source, f.row, f.field, f.value.clone().unwrap(), total)
                })
                .collect();
            got.sort();
            expected.sort();
            prop_assert_eq!(got, expected);
        }
    }

    /// The duplicates among `values`, each at (source, field, value) on
    /// the row numbered by its index + 2: the sources numbered in order, a
    /// task's keys per value.
    fn found<'a>(values: impl Iterator<Item = (usize, Field, &'a str)>) -> Run {
        let values: Vec<(usize, Field, &str)> = values.collect();
        let mut keys = Keys::default();
        let mut run = Run::default();
        for source in 0..4 {
            run.sources.push(Default::default());
            let base = keys.begin_source(source);
            for (row, &(_, field, v)) in values
                .iter()
                .enumerate()
                .filter(|(_, (s, _, _))| *s == source)
            {
                let mut task = Keys::for_source(source, base, 1);
                task.push(field, v, row as u64 + 2);
                keys.append(&mut task);
            }
        }
        find(keys, &mut run);
        run
    }

    #[test]
    fn places_past_the_ordinals_are_compared_whole() {
        let mut keys = Keys::default();
        let mut run = Run::default();
        run.sources.push(Default::default());
        let mut task = Keys::for_source(0, keys.begin_source(0), 1);
        task.push(Field::NSS, "99999999999", MAX_ORDINAL - 2);
        keys.append(&mut task);
        run.sources.push(Default::default());
        let base = keys.begin_source(1);
        assert_eq!(base, MAX_ORDINAL - 1);
        // Rows around the last ordinal: the last two do not pack.
        let mut task = Keys::for_source(1, base, 4);
        for row in 0..4 {
            task.push(Field::NSS, "12345678901", row);
        }
        keys.append(&mut task);
        assert_eq!(keys.whole.len(), 2);
        find(keys, &mut run);
        let places: Vec<(usize, u64, usize)> = run
            .findings
            .unordered()
            .map(|f| f.unwrap().into_owned())
            .map(|f| match f.note {
                Note::Duplicate { total, .. } => (f.source, f.row, total),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(places, [(1, 0, 4), (1, 1, 4), (1, 2, 4), (1, 3, 4)]);
    }
}

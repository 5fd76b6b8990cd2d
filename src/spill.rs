//! Runs of items (each run in the order it was filled) that stay in memory
//! while they fit a budget and go to an unnamed temporary file beyond it,
//! so that memory does not grow with their number.
//!
//! The file is `tempfile::tempfile()`: it has no name in any folder, only
//! this process can read it, and the system removes it when the process
//! ends, however it ends (an interrupted run leaves nothing behind).
//! Items are written in `postcard`'s compact form, a segment at a time,
//! and read back a segment at a time. If the file cannot be written (a
//! full disk), the items stay in memory: nothing is lost.

use std::borrow::Cow;
use std::fs::File;
use std::io;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A run's items, in memory or written to the file.
#[derive(Debug)]
enum Segment<T> {
    Memory(Vec<T>),
    Disk { offset: u64, len: usize },
}

/// Runs of items; see the module's documentation.
#[derive(Debug)]
pub struct Runs<T> {
    runs: Vec<Vec<Segment<T>>>,
    file: Option<File>,
    /// Where the next segment goes in the file.
    end: u64,
    /// The weight of the items held in memory, and the most it may be.
    held: usize,
    budget: usize,
    /// Every item, in memory or not.
    count: usize,
    /// Set once writing the file failed: items stay in memory from then on.
    stuck: bool,
}

impl<T> Default for Runs<T> {
    fn default() -> Runs<T> {
        Runs::new(usize::MAX)
    }
}

impl<T> Runs<T> {
    /// Runs that keep items in memory up to `budget` (in the weights given
    /// to `push`), then write them to the file.
    pub fn new(budget: usize) -> Runs<T> {
        Runs {
            runs: Vec::new(),
            file: None,
            end: 0,
            held: 0,
            budget,
            count: 0,
            stuck: false,
        }
    }

    /// Starts a new, empty run; its number.
    pub fn open(&mut self) -> usize {
        self.runs.push(Vec::new());
        self.runs.len() - 1
    }

    /// How many runs there are.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// How many items there are in all.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when there is no item.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// True when some items went to the file.
    pub fn spilled(&self) -> bool {
        self.file.is_some()
    }
}

impl<T: Serialize + DeserializeOwned + Clone> Runs<T> {
    /// Appends `item`, weighing `weight` (roughly its bytes), to run `run`.
    pub fn push(&mut self, run: usize, item: T, weight: usize) {
        let segments = &mut self.runs[run];
        match segments.last_mut() {
            Some(Segment::Memory(items)) => items.push(item),
            _ => segments.push(Segment::Memory(vec![item])),
        }
        self.count += 1;
        self.held += weight;
        if self.held > self.budget && !self.stuck && self.spill().is_err() {
            self.stuck = true;
        }
    }

    /// Writes every segment held in memory to the file.
    fn spill(&mut self) -> io::Result<()> {
        if self.file.is_none() {
            self.file = Some(tempfile::tempfile()?);
        }
        let Some(file) = &self.file else {
            return Ok(());
        };
        let mut bytes = Vec::new();
        for segments in &mut self.runs {
            for segment in segments.iter_mut() {
                let Segment::Memory(items) = segment else {
                    continue;
                };
                bytes.clear();
                for item in items.iter() {
                    bytes = postcard::to_extend(item, bytes).map_err(io::Error::other)?;
                }
                write_at(file, &bytes, self.end)?;
                *segment = Segment::Disk {
                    offset: self.end,
                    len: bytes.len(),
                };
                self.end += bytes.len() as u64;
            }
        }
        self.held = 0;
        Ok(())
    }

    /// The items of run `run`, in the order they were pushed: borrowed
    /// from memory, or read back from the file (an error if the file
    /// cannot be read).
    pub fn iter(&self, run: usize) -> RunIter<'_, T> {
        RunIter {
            runs: self,
            segments: self.runs[run].iter(),
            memory: [].iter(),
            bytes: Vec::new(),
            at: 0,
            failed: false,
        }
    }
}

/// The items of one run; see [`Runs::iter`].
pub struct RunIter<'a, T> {
    runs: &'a Runs<T>,
    segments: std::slice::Iter<'a, Segment<T>>,
    memory: std::slice::Iter<'a, T>,
    /// The segment read from the file, and how far it is decoded.
    bytes: Vec<u8>,
    at: usize,
    failed: bool,
}

impl<'a, T: DeserializeOwned + Clone> Iterator for RunIter<'a, T> {
    type Item = io::Result<Cow<'a, T>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.failed {
                return None;
            }
            if let Some(item) = self.memory.next() {
                return Some(Ok(Cow::Borrowed(item)));
            }
            if self.at < self.bytes.len() {
                return match postcard::take_from_bytes::<T>(&self.bytes[self.at..]) {
                    Ok((item, rest)) => {
                        self.at = self.bytes.len() - rest.len();
                        Some(Ok(Cow::Owned(item)))
                    }
                    Err(e) => {
                        self.failed = true;
                        Some(Err(io::Error::other(e)))
                    }
                };
            }
            match self.segments.next()? {
                Segment::Memory(items) => self.memory = items.iter(),
                Segment::Disk { offset, len } => {
                    let Some(file) = &self.runs.file else {
                        self.failed = true;
                        return Some(Err(io::Error::other("no spill file")));
                    };
                    self.bytes.resize(*len, 0);
                    self.at = 0;
                    if let Err(e) = read_at(file, &mut self.bytes, *offset) {
                        self.failed = true;
                        return Some(Err(e));
                    }
                }
            }
        }
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        let n = file.seek_write(bytes, offset)?;
        if n == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut bytes: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        let n = file.seek_read(bytes, offset)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        bytes = &mut bytes[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn collect(runs: &Runs<(u32, String)>, run: usize) -> Vec<(u32, String)> {
        runs.iter(run).map(|r| r.unwrap().into_owned()).collect()
    }

    proptest! {
        /// Whatever the budget, every run reads back exactly what was
        /// pushed to it, in order.
        #[test]
        fn runs_read_back_what_was_pushed(
            pushes in prop::collection::vec((0usize..4, any::<u32>(), "\\PC{0,12}"), 0..400),
            budget in 0usize..2000,
        ) {
            let mut runs = Runs::new(budget);
            for _ in 0..4 {
                runs.open();
            }
            let mut expected: Vec<Vec<(u32, String)>> = vec![Vec::new(); 4];
            for (run, n, s) in pushes {
                expected[run].push((n, s.clone()));
                runs.push(run, (n, s.clone()), 16 + s.len());
            }
            prop_assert_eq!(runs.len(), expected.iter().map(Vec::len).sum::<usize>());
            for (run, items) in expected.iter().enumerate() {
                prop_assert_eq!(&collect(&runs, run), items);
            }
        }
    }

    #[test]
    fn a_small_budget_spills_and_a_large_one_does_not() {
        let mut small = Runs::new(100);
        let mut large = Runs::default();
        let (a, b) = (small.open(), large.open());
        for i in 0..1000u32 {
            small.push(a, (i, i.to_string()), 24);
            large.push(b, (i, i.to_string()), 24);
        }
        assert!(small.spilled() && !large.spilled());
        assert_eq!(collect(&small, a), collect(&large, b));
    }
}

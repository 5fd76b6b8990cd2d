//! A `RowSource` fed by a producer thread: the thread owns the parser (a
//! workbook and the cell reader that borrows it) and sends batches of
//! records through a bounded channel, so reading overlaps checking and
//! memory stays flat. Spent batches come back to be refilled.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    /// Set on reader threads, whose panics become input errors.
    static CAUGHT: Cell<bool> = const { Cell::new(false) };
}

/// True on a thread whose panics are caught and reported as an unreadable
/// input: a panic hook should stay quiet there.
pub fn panics_are_caught() -> bool {
    CAUGHT.with(Cell::get)
}

/// Runs a parser (ours or a crate's) so that a panic in it becomes the
/// error a damaged file gets: calamine 0.38 panics on some malformed
/// workbooks (fuzz/README.md).
pub(crate) fn guarded<T>(parse: impl FnOnce() -> Result<T, InputError>) -> Result<T, InputError> {
    let was = CAUGHT.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(parse));
    CAUGHT.with(|c| c.set(was));
    result.unwrap_or_else(|_| {
        Err(InputError::Damaged(
            "the reader stopped on a malformed structure".into(),
        ))
    })
}
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use super::{InputError, Record, RowSource};

/// Records per batch sent to the checker.
const BATCH: usize = 4096;

enum Message {
    Batch(Vec<Record>),
    Failed(InputError),
    /// The end, with how the bytes were decoded (delimited text).
    Done(Option<String>),
}

/// The producer's side: start a record, fill it, and batches go out.
pub(super) struct Feeder {
    tx: SyncSender<Message>,
    spare: Receiver<Vec<Record>>,
    batch: Vec<Record>,
    n: usize,
    /// The consumer is gone: stop producing.
    pub(super) closed: bool,
    /// Reported with the end.
    encoding: Option<String>,
}

impl Feeder {
    /// Begins the next record, numbered `row`; sends the batch first when
    /// it is full.
    pub(super) fn start(&mut self, row: u64) -> &mut Record {
        if self.n >= BATCH {
            self.flush();
        }
        if self.n == self.batch.len() {
            self.batch.push(Record::default());
        }
        let rec = &mut self.batch[self.n];
        rec.clear();
        rec.row = row;
        self.n += 1;
        rec
    }

    /// The record begun last, if any.
    pub(super) fn current(&mut self) -> Option<&mut Record> {
        self.n.checked_sub(1).and_then(|i| self.batch.get_mut(i))
    }

    /// Sends what was filled.
    pub(super) fn flush(&mut self) {
        if self.n == 0 {
            return;
        }
        let next = self.spare.try_recv().unwrap_or_default();
        let mut full = std::mem::replace(&mut self.batch, next);
        full.truncate(self.n);
        self.n = 0;
        self.closed |= self.tx.send(Message::Batch(full)).is_err();
    }
}

type Producer = Box<dyn FnOnce(&mut Feeder) -> Result<(), InputError> + Send>;

/// The consumer's side. The thread starts at the first batch asked for, so
/// the sheets of a workbook are parsed one after the other.
pub(super) struct Threaded {
    producer: Option<Producer>,
    rx: Option<Receiver<Message>>,
    spare: Option<SyncSender<Vec<Record>>>,
    done: bool,
    encoding: Option<String>,
}

impl Threaded {
    /// A source whose rows `produce` makes, on its own thread, once asked.
    pub(super) fn new<F>(produce: F) -> Threaded
    where
        F: FnOnce(&mut Feeder) -> Result<(), InputError> + Send + 'static,
    {
        Threaded {
            producer: Some(Box::new(produce)),
            rx: None,
            spare: None,
            done: false,
            encoding: None,
        }
    }

    /// Runs another source on its own thread: its batches are parsed ahead
    /// while the previous ones are checked.
    pub(super) fn ahead(mut source: Box<dyn RowSource>) -> Threaded {
        Threaded::new(move |feeder| loop {
            let mut batch = feeder.spare.try_recv().unwrap_or_default();
            let n = source.next_batch(&mut batch)?;
            if n == 0 {
                feeder.encoding = source.encoding();
                return Ok(());
            }
            batch.truncate(n);
            if feeder.tx.send(Message::Batch(batch)).is_err() {
                return Ok(());
            }
        })
    }

    /// Runs `produce` on its own thread. Rows produced before an error are
    /// delivered, then the error; a panic in a parser becomes an error too.
    fn spawn(&mut self, produce: Producer) {
        let (tx, rx) = sync_channel::<Message>(2);
        let (spare_tx, spare_rx) = sync_channel(4);
        std::thread::spawn(move || {
            let mut feeder = Feeder {
                tx: tx.clone(),
                spare: spare_rx,
                batch: Vec::new(),
                n: 0,
                closed: false,
                encoding: None,
            };
            let result = guarded(|| produce(&mut feeder));
            feeder.flush();
            let _ = tx.send(match result {
                Ok(()) => Message::Done(feeder.encoding.take()),
                Err(e) => Message::Failed(e),
            });
        });
        self.rx = Some(rx);
        self.spare = Some(spare_tx);
    }
}

impl RowSource for Threaded {
    fn next_batch(&mut self, out: &mut Vec<Record>) -> Result<usize, InputError> {
        if let Some(produce) = self.producer.take() {
            self.spawn(produce);
        }
        let (Some(rx), false) = (&self.rx, self.done) else {
            return Ok(0);
        };
        match rx.recv() {
            Ok(Message::Batch(batch)) => {
                let spent = std::mem::replace(out, batch);
                if let Some(spare) = &self.spare {
                    let _ = spare.try_send(spent);
                }
                Ok(out.len())
            }
            Ok(Message::Failed(e)) => {
                self.done = true;
                Err(e)
            }
            Ok(Message::Done(encoding)) => {
                self.done = true;
                self.encoding = encoding;
                Ok(0)
            }
            Err(_) => {
                self.done = true;
                Ok(0)
            }
        }
    }

    fn encoding(&self) -> Option<String> {
        self.encoding.clone()
    }
}

//! Stage 5, reports: a finished `Run` goes in; JSON, a workbook or terminal
//! lines come out. Each writer only draws what was decided upstream.

pub mod explain;
pub mod json;
pub mod terminal;
pub mod xlsx;

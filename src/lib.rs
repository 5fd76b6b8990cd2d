//! roster-check: audits student rosters (CURP, IMSS NSS, Spanish NUSS)
//! before they go to the social-security authorities.
//!
//! The pipeline, left to right:
//! `input` (csv, calamine) → `columns` (headers → fields) → `check` (ids and
//! cross-field rules, rayon) → `findings` → `report` (xlsx, json, terminal).

pub mod ids;

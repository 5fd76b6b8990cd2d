//! Hostile input (issue 6): every case runs the real binary, in Spanish,
//! with a report and a JSON file asked for, and must hold the same
//! promises: no panic, the exit code the contract gives, a message in
//! plain words naming the file, no partial report or stray temporary file,
//! the inputs untouched, and every readable row counted in the JSON.
//!
//! The same run renders the table of ROBUSTNESS.md: the test fails when the
//! file differs from what the binary does today. After a change of
//! behaviour, regenerate it with
//! `UPDATE_ROBUSTNESS=1 cargo test --test cli hostile` and review the diff.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use serde_json::Value;
use tempfile::TempDir;

use crate::*;

/// What one case builds in its folder: the arguments after `check`
/// (inputs and any flag of its own) and whether the default outputs
/// (`-o reporte.xlsx --json salida.json`) are added.
struct Setup {
    args: Vec<OsString>,
    default_outputs: bool,
    env: Vec<(&'static str, &'static str)>,
    /// Run as the unprivileged user `nobody` (a root user reads anything).
    as_nobody: bool,
    /// A folder of the case, made a full disk for the run: a tmpfs with no
    /// space left, mounted in a mount namespace of the run's own (root).
    full_disk: Option<&'static str>,
}

impl Setup {
    fn inputs(paths: &[&Path]) -> Setup {
        Setup {
            args: paths.iter().map(|p| p.as_os_str().to_owned()).collect(),
            default_outputs: true,
            env: Vec::new(),
            as_nobody: false,
            full_disk: None,
        }
    }
}

/// What the table shows of a run.
#[derive(Clone, Copy)]
enum Show {
    /// The first line of standard error.
    Stderr,
    /// The message of the first finding with this code.
    Finding(&'static str),
    /// The first line of standard output (the terminal summary) holding
    /// this text.
    Stdout(&'static str),
    /// The encoding the JSON reports for the first input.
    Encoding,
}

struct Case {
    /// What the case is, in the words of issue 6.
    name: &'static str,
    make: fn(&Path) -> Setup,
    code: i32,
    /// Words the user must read (standard error and output together, or
    /// the shown finding's message).
    says: &'static [&'static str],
    /// Data rows the JSON summary must count; `None`: no JSON is expected
    /// (a usage error stops before any work).
    rows: Option<u64>,
    show: Show,
}

fn write(dir: &Path, name: impl AsRef<Path>, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Two synthetic students (CURP and NSS from the vectors).
const TWO: &str =
    "CURP,NSS,Nombre\nHEGG560427MVZRRL04,28138801999,Gloria\nBEML920313HMCLNS09,92919084431,Luis\n";

fn roster_with_curp(dir: &Path, curp: &str) -> Setup {
    let text = format!("CURP,NSS,Nombre\n{curp},28138801999,Gloria\n");
    Setup::inputs(&[&write(dir, "alumnos.csv", text)])
}

fn hostile(name: &str) -> PathBuf {
    fixture("hostile").join(name)
}

fn copy_in(dir: &Path, from: &Path) -> PathBuf {
    let to = dir.join(from.file_name().unwrap());
    std::fs::copy(from, &to).unwrap();
    to
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "Empty file",
            make: |d| Setup::inputs(&[&write(d, "vacio.csv", "")]),
            code: 2,
            says: &["vacio.csv", "está vacío"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "Header only",
            make: |d| Setup::inputs(&[&write(d, "encabezados.csv", "CURP,NSS,Nombre\n")]),
            code: 0,
            says: &["encabezados.csv", "solo encabezados"],
            rows: Some(0),
            show: Show::Stdout("Aviso"),
        },
        Case {
            name: "A directory with no rosters",
            make: |d| {
                let sub = d.join("carpeta");
                std::fs::create_dir(&sub).unwrap();
                write(&sub, "notas.docx", "x");
                Setup::inputs(&[&sub])
            },
            code: 2,
            says: &["carpeta", "sin padrones"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "A folder with a roster beside a broken link, a loop of links, a FIFO and an unreadable file, all named .csv",
            make: |d| {
                use std::os::unix::fs::{symlink, PermissionsExt};
                let sub = d.join("carpeta");
                std::fs::create_dir(&sub).unwrap();
                std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o777)).unwrap();
                write(&sub, "alumnos.csv", TWO);
                let private = write(&sub, "privado.csv", TWO);
                std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o000))
                    .unwrap();
                symlink("borrado.csv", sub.join("roto.csv")).unwrap();
                symlink("bucle.csv", sub.join("bucle.csv")).unwrap();
                let fifo = StdCommand::new("mkfifo")
                    .arg(sub.join("tubo.csv"))
                    .status()
                    .unwrap();
                assert!(fifo.success());
                // Not rosters: left out without a word.
                symlink("borrado.docx", sub.join("roto.docx")).unwrap();
                let mut s = Setup::inputs(&[&sub]);
                s.as_nobody = true;
                s
            },
            code: 2,
            says: &[
                "bucle.csv",
                "en círculo",
                "roto.csv",
                "ya no existe",
                "tubo.csv",
                "tubería",
                "privado.csv",
                "permiso de lectura",
            ],
            rows: Some(2),
            show: Show::Stderr,
        },
        Case {
            name: "A path that does not exist",
            make: |d| Setup::inputs(&[&d.join("no_existe.csv")]),
            code: 2,
            says: &["no_existe.csv", "no existe"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "A file without read permission",
            make: |d| {
                let p = write(d, "privado.csv", TWO);
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
                let mut s = Setup::inputs(&[&p]);
                s.as_nobody = true;
                s
            },
            code: 2,
            says: &["privado.csv", "no hay permiso de lectura"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "Binary junk named .csv",
            make: |d| Setup::inputs(&[&write(d, "basura.csv", junk())]),
            code: 2,
            says: &["basura.csv", "datos binarios"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "Binary junk named .xlsx",
            make: |d| Setup::inputs(&[&write(d, "basura.xlsx", junk())]),
            code: 2,
            says: &["basura.xlsx", "datos binarios"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "Truncated XLSX (zip cut in half)",
            make: |d| {
                let whole = std::fs::read(fixture("alumnos_mx.xlsx")).unwrap();
                Setup::inputs(&[&write(d, "cortado.xlsx", &whole[..whole.len() / 2])])
            },
            code: 2,
            says: &["cortado.xlsx", "dañado o incompleto"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "A workbook damaged part-way (its roster sheet breaks off at row 12)",
            make: |d| Setup::inputs(&[&crate::outputs::damaged_from_row_12(d)]),
            code: 2,
            says: &["roto.xlsx", "dañado a partir de la fila 12", "guárdelo de nuevo"],
            rows: Some(10),
            show: Show::Stderr,
        },
        Case {
            name: "Zip bomb (300 MB of XML in 0.3 MB)",
            make: |d| Setup::inputs(&[&copy_in(d, &hostile("bomba.xlsx"))]),
            code: 2,
            says: &["bomba.xlsx", "por seguridad"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "A malformed .xls on which calamine 0.38 panics (fuzz crash 255185fe)",
            make: |d| Setup::inputs(&[&copy_in(d, &hostile("fuzz_cfb_255185fe.xls"))]),
            code: 2,
            says: &["fuzz_cfb_255185fe.xls", "dañado o incompleto"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "An .xls whose cells lie outside the grid: calamine asked for 137 GB and the process aborted (fuzz crash fc5472f3)",
            make: |d| Setup::inputs(&[&copy_in(d, &hostile("fuzz_xls_grid_fc5472f3.xls"))]),
            code: 2,
            says: &["fuzz_xls_grid_fc5472f3.xls", "dañado o incompleto"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "An .xls declaring a range calamine reserves up front: 1.4 TB, abort (fuzz crash 99f7988d)",
            make: |d| Setup::inputs(&[&copy_in(d, &hostile("fuzz_xls_dimensions_99f7988d.xls"))]),
            code: 2,
            says: &["fuzz_xls_dimensions_99f7988d.xls", "millones de celdas"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "An .xls whose sheet offset lands mid-record, where calamine reads a range of 128 GB: abort (fuzz crash 16e82efd)",
            make: |d| Setup::inputs(&[&copy_in(d, &hostile("fuzz_xls_sheet_offset_16e82efd.xls"))]),
            code: 2,
            says: &["fuzz_xls_sheet_offset_16e82efd.xls", "millones de celdas"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "An .ods of under 1 KB whose repeated rows expand to 50 million cells",
            make: |d| Setup::inputs(&[&ods_bomb(d)]),
            code: 2,
            says: &["repetidas.ods", "millones de celdas"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "An .xlsx of 0.2 MB whose table of shared strings holds 5 million (declaring 6): 590 MB",
            make: |d| Setup::inputs(&[&copy_in(d, &hostile("cadenas_compartidas.xlsx"))]),
            code: 2,
            says: &["cadenas_compartidas.xlsx", "por seguridad", "textos compartidos"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "An .xlsx of 1 KB declaring 4 billion shared strings: calamine reserved 96 GB, abort",
            make: |d| Setup::inputs(&[&declared_strings_bomb(d)]),
            code: 2,
            says: &["declara_cadenas.xlsx", "por seguridad"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "Password-protected workbook",
            make: |d| Setup::inputs(&[&copy_in(d, &hostile("protegido.xlsx"))]),
            code: 2,
            says: &["protegido.xlsx", "contraseña"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "An .xls that is really HTML",
            make: |d| Setup::inputs(&[&copy_in(d, &fixture("office/html_disfrazado.xls"))]),
            code: 2,
            says: &["html_disfrazado.xls", "página HTML"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "A workbook renamed .csv",
            make: |d| {
                let to = d.join("alumnos.csv");
                std::fs::copy(fixture("alumnos_mx.xlsx"), &to).unwrap();
                Setup::inputs(&[&to])
            },
            code: 1,
            says: &["se leyó como libro"],
            rows: Some(23),
            show: Show::Encoding,
        },
        Case {
            name: "CSV with NUL bytes",
            make: |d| {
                let text = "CURP,NSS,Nombre\nHEGG560427MVZRRL04\0,28138801999,Glo\0ria\n";
                Setup::inputs(&[&write(d, "nulos.csv", text)])
            },
            code: 1,
            says: &["Un carácter nulo", "posición 19"],
            rows: Some(1),
            show: Show::Finding("curp.format"),
        },
        Case {
            name: "Invalid UTF-8 in the middle of a UTF-8 file",
            make: |d| {
                let mut bytes =
                    b"CURP,NSS,Nombre\nHEGG560427MVZRRL04,28138801999,Jos\xc3\xa9\n".to_vec();
                bytes.extend(b"BEML920313HMCLNS09,92919084431,Mu\xf1oz\n");
                Setup::inputs(&[&write(d, "mezcla.csv", bytes)])
            },
            code: 0,
            says: &["UTF-8 + Windows-1252"],
            rows: Some(2),
            show: Show::Encoding,
        },
        Case {
            name: "A 50 MB single line",
            make: |d| {
                let mut line = String::from("CURP,NSS,Nombre,HEGG560427MVZRRL04,28138801999");
                while line.len() < 50 << 20 {
                    line.push_str(",abcdefgh");
                }
                Setup::inputs(&[&write(d, "una_linea.csv", line)])
            },
            code: 2,
            says: &["una_linea.csv", "1 MiB", "saltos de línea"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "A row of 2 MB (past the 1 MiB cap) between two students",
            make: |d| {
                let long = format!("BEML920313HMCLNS09,92919084431,{}\n", "x".repeat(2 << 20));
                let text = format!("{TWO}{long}HEGG560427MVZRRL04,28138801999,Gloria\n");
                Setup::inputs(&[&write(d, "larga.csv", text)])
            },
            code: 1,
            says: &["1 MiB", "no se revisó", "guárdelo de nuevo como CSV"],
            rows: Some(4),
            show: Show::Finding("row.too_long"),
        },
        Case {
            name: "A roster followed by 3 MB of NUL bytes without a line break",
            make: |d| {
                // The roster's first kilobyte is text, as in a big one.
                let title = format!("Padrón {}\n", "Escuela Secundaria Técnica 1 ".repeat(40));
                let mut bytes = format!("{title}{TWO}").into_bytes();
                bytes.resize(bytes.len() + (3 << 20), 0);
                Setup::inputs(&[&write(d, "nulos_al_final.csv", bytes)])
            },
            code: 1,
            says: &["1 MiB", "saltos de línea"],
            rows: Some(3),
            show: Show::Finding("row.too_long"),
        },
        Case {
            name: "A quote never closed, with 1.3 MB of lines after it",
            make: |d| {
                let note = format!("{}\n", "Comentario sin comas ".repeat(2500));
                let text = format!(
                    "CURP,NSS,Nombre\nHEGG560427MVZRRL04,28138801999,\"Gloria\n{}BEML920313HMCLNS09,92919084431,Luis\n",
                    note.repeat(25)
                );
                Setup::inputs(&[&write(d, "comilla_larga.csv", text)])
            },
            code: 1,
            says: &["1 MiB", "comilla"],
            rows: Some(2),
            show: Show::Finding("row.too_long"),
        },
        Case {
            name: "10,000 columns",
            make: |d| {
                let mut text = String::from("CURP,NSS");
                for i in 0..9_998 {
                    text.push_str(&format!(",C{i}"));
                }
                text.push('\n');
                for _ in 0..3 {
                    text.push_str("HEGG560427MVZRRL04,28138801999");
                    text.push_str(&",v".repeat(9_998));
                    text.push('\n');
                }
                Setup::inputs(&[&write(d, "ancho.csv", text)])
            },
            code: 1,
            says: &["Repetido"],
            rows: Some(3),
            show: Show::Finding("curp.duplicate"),
        },
        Case {
            name: "10,000 columns and none an identifier",
            make: |d| {
                let header: Vec<String> = (0..10_000).map(|i| format!("Columna{i}")).collect();
                let text = format!("{}\n{}\n", header.join(","), vec!["v"; 10_000].join(","));
                Setup::inputs(&[&write(d, "sin_ids.csv", text)])
            },
            code: 2,
            says: &["sin_ids.csv", "«Columna14», … y 9,985 más", "--col"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "A cell of 1 MB (a row just under the 1 MiB cap)",
            make: |d| {
                let text = format!(
                    "CURP,NSS,Nombre\n{},28138801999,Gloria\n",
                    "H".repeat(1_000_000)
                );
                Setup::inputs(&[&write(d, "celda.csv", text)])
            },
            code: 1,
            says: &["1,000,000 caracteres"],
            rows: Some(1),
            show: Show::Finding("curp.length"),
        },
        Case {
            name: "Unbalanced quotes",
            make: |d| {
                let text = "CURP,NSS,Nombre\nHEGG560427MVZRRL04,28138801999,\"Gloria\nBEML920313HMCLNS09,92919084431,Luis\nSABC560626MDFLRN01,04159912346,Concepción\n";
                Setup::inputs(&[&write(d, "comillas.csv", text)])
            },
            code: 1,
            says: &["comilla", "2 líneas siguientes", "las revisó"],
            rows: Some(3),
            show: Show::Finding("row.unclosed_quote"),
        },
        Case {
            name: "Duplicate header names",
            make: |d| {
                let text = "CURP,NSS,CURP\nHEGG560427MVZRRL04,28138801999,BEML920313HMCLNS09\n";
                Setup::inputs(&[&write(d, "dos_curp.csv", text)])
            },
            code: 0,
            says: &["se revisó la columna A («CURP»)", "C («CURP»)"],
            rows: Some(1),
            show: Show::Finding("curp.duplicate_column"),
        },
        Case {
            name: "Mixed line endings (CRLF, LF, lone CR)",
            make: |d| {
                let text = "CURP,NSS\r\nHEGG560427MVZRRL04,28138801999\nBEML920313HMCLNS09,92919084431\r\nSABC560626MDFLRN01,04159912346\rBEML920313HMCLNS09,9291908443\n";
                Setup::inputs(&[&write(d, "finales.csv", text)])
            },
            code: 1,
            says: &["fila 5"],
            rows: Some(4),
            show: Show::Finding("curp.duplicate"),
        },
        Case {
            name: "Formulas without stored results (written by a script)",
            make: |d| Setup::inputs(&[&copy_in(d, &hostile("formulas.xlsx"))]),
            code: 1,
            says: &["fórmula cuyo resultado nunca se guardó"],
            rows: Some(8),
            show: Show::Finding("curp.missing"),
        },
        Case {
            name: "Formulas with stored results (saved by LibreOffice)",
            make: |d| Setup::inputs(&[&copy_in(d, &hostile("formulas_calculadas.xlsx"))]),
            code: 1,
            says: &["#N/A"],
            rows: Some(8),
            show: Show::Finding("curp.missing"),
        },
        Case {
            name: "Error cells (#N/A, #REF!)",
            make: |d| Setup::inputs(&[&copy_in(d, &hostile("formulas_calculadas.xlsx"))]),
            code: 1,
            says: &["#REF!"],
            rows: Some(8),
            show: Show::Finding("nss.missing"),
        },
        Case {
            name: "Merged cells, a hidden row and a hidden sheet",
            make: |d| Setup::inputs(&[&copy_in(d, &hostile("combinadas_ocultas.xlsx"))]),
            code: 1,
            says: &["celda está vacía"],
            rows: Some(9),
            show: Show::Finding("curp.missing"),
        },
        Case {
            name: "A declared range of XFD1048576",
            make: |d| Setup::inputs(&[&copy_in(d, &fixture("office/rango_enorme.xlsx"))]),
            code: 0,
            says: &["3 filas leídas"],
            rows: Some(3),
            show: Show::Stdout("filas leídas"),
        },
        Case {
            name: "Zero-width space in a CURP",
            make: |d| roster_with_curp(d, "HEGG560427MVZRRL04\u{200b}"),
            code: 1,
            says: &["un espacio invisible", "bórrelo"],
            rows: Some(1),
            show: Show::Finding("curp.format"),
        },
        Case {
            name: "Non-breaking spaces in an NSS (normalised)",
            make: |d| {
                let text = "CURP,NSS\nHEGG560427MVZRRL04,28\u{a0}13\u{a0}88\u{a0}0199\u{a0}9\n";
                Setup::inputs(&[&write(d, "nbsp.csv", text)])
            },
            code: 0,
            says: &["Válido tras quitar espacios"],
            rows: Some(1),
            show: Show::Finding("nss.normalized"),
        },
        Case {
            name: "Full-width digits in an NSS",
            make: |d| {
                let text = "CURP,NSS\nHEGG560427MVZRRL04,２８138801999\n";
                Setup::inputs(&[&write(d, "anchos.csv", text)])
            },
            code: 1,
            says: &["la cifra «２»", "otro alfabeto"],
            rows: Some(1),
            show: Show::Finding("nss.format"),
        },
        Case {
            name: "Cyrillic look-alike letter in a CURP",
            make: |d| roster_with_curp(d, "HEGG560427MVZRRL\u{41e}4"),
            code: 1,
            says: &["La letra «О»", "otro alfabeto"],
            rows: Some(1),
            show: Show::Finding("curp.format"),
        },
        Case {
            name: "Emoji in a CURP",
            make: |d| roster_with_curp(d, "HEGG560427MVZRRL04\u{1f600}"),
            code: 1,
            says: &["El signo «😀»", "posición 19"],
            rows: Some(1),
            show: Show::Finding("curp.format"),
        },
        Case {
            name: "A file name that is not UTF-8 (Latin-1 «ñ»), its report named after it",
            make: |d| {
                use std::os::unix::ffi::OsStrExt;
                let name = std::ffi::OsStr::from_bytes(b"alumnos_\xf1.csv");
                let mut s = Setup::inputs(&[&write(d, name, TWO)]);
                s.default_outputs = false;
                s.args.extend(["--json".into(), d.join("salida.json").into()]);
                s
            },
            code: 0,
            says: &["2 filas leídas", "alumnos_\u{fffd}-reporte.xlsx"],
            rows: Some(2),
            show: Show::Stdout("Reporte"),
        },
        Case {
            name: "A file name carrying terminal control sequences (clear screen, red), on standard error",
            make: |d| Setup::inputs(&[&write(d, "\x1b[2J\x1b[31mrojo.csv", "")]),
            code: 2,
            says: &["\\x1b[2J\\x1b[31mrojo.csv", "está vacío"],
            rows: Some(0),
            show: Show::Stderr,
        },
        Case {
            name: "The same, in the terminal summary",
            make: |d| Setup::inputs(&[&write(d, "\x1b[31mrojo\x07.csv", "CURP,NSS,Nombre\n")]),
            code: 0,
            says: &["\\x1b[31mrojo\\x07.csv", "solo encabezados"],
            rows: Some(0),
            show: Show::Stdout("Aviso"),
        },
        Case {
            name: "Output directory missing",
            make: |d| {
                let mut s = Setup::inputs(&[&write(d, "alumnos.csv", TWO)]);
                s.default_outputs = false;
                s.args
                    .extend(["-o".into(), d.join("no/hay/reporte.xlsx").into()]);
                s
            },
            code: 2,
            says: &["carpeta del reporte no existe"],
            rows: None,
            show: Show::Stderr,
        },
        Case {
            name: "Output equal to an input",
            make: |d| {
                let input = copy_in(d, &fixture("alumnos_mx.xlsx"));
                let mut s = Setup::inputs(&[&input]);
                s.default_outputs = false;
                s.args.extend(["-o".into(), input.into()]);
                s
            },
            code: 2,
            says: &["no se sobrescribe nunca una entrada"],
            rows: None,
            show: Show::Stderr,
        },
        Case {
            name: "Output is a roster inside a folder given as input",
            make: |d| {
                let sub = d.join("padrones");
                std::fs::create_dir(&sub).unwrap();
                let roster = write(&sub, "grupo_a.csv", TWO);
                let mut s = Setup::inputs(&[&sub]);
                s.default_outputs = false;
                s.args.extend(["-o".into(), roster.into()]);
                s
            },
            code: 2,
            says: &["no se sobrescribe nunca una entrada"],
            rows: None,
            show: Show::Stderr,
        },
        Case {
            name: "The report given as a hard link to an input",
            make: |d| {
                let input = copy_in(d, &fixture("alumnos_mx.xlsx"));
                let link = d.join("enlace.xlsx");
                std::fs::hard_link(&input, &link).unwrap();
                let mut s = Setup::inputs(&[&input]);
                s.default_outputs = false;
                s.args.extend(["-o".into(), link.into()]);
                s
            },
            code: 2,
            says: &["enlace.xlsx", "no se sobrescribe nunca una entrada", "-o"],
            rows: None,
            show: Show::Stderr,
        },
        Case {
            name: "The JSON onto an input",
            make: |d| {
                let input = write(d, "alumnos.csv", TWO);
                let mut s = Setup::inputs(&[&input]);
                s.default_outputs = false;
                s.args.extend(["--json".into(), input.into()]);
                s
            },
            code: 2,
            says: &["el JSON", "no se sobrescribe nunca una entrada", "--json"],
            rows: None,
            show: Show::Stderr,
        },
        Case {
            name: "The JSON and the report on one file",
            make: |d| {
                let mut s = Setup::inputs(&[&write(d, "alumnos.csv", TWO)]);
                s.default_outputs = false;
                let out = d.join("salida.xlsx");
                s.args.extend(["-o".into(), out.clone().into(), "--json".into(), out.into()]);
                s
            },
            code: 2,
            says: &["sería también el reporte", "--json"],
            rows: None,
            show: Show::Stderr,
        },
        Case {
            name: "One roster named twice, through a hard link and through its folder",
            make: |d| {
                let folder = d.join("padron");
                std::fs::create_dir(&folder).unwrap();
                let roster = write(&folder, "alumnos.csv", TWO);
                let link = d.join("enlace.csv");
                std::fs::hard_link(&roster, &link).unwrap();
                Setup::inputs(&[&roster, &roster, &link, &folder])
            },
            code: 0,
            says: &["2 filas leídas en 1 tabla"],
            rows: Some(2),
            show: Show::Stdout("filas leídas"),
        },
        Case {
            name: "Output on a full disk (/dev/full)",
            make: |d| {
                let mut s = Setup::inputs(&[&write(d, "alumnos.csv", TWO)]);
                s.default_outputs = false;
                s.args.extend(["-o".into(), "/dev/full".into()]);
                s
            },
            code: 2,
            says: &["el disco está lleno"],
            rows: None,
            show: Show::Stderr,
        },
        Case {
            name: "The report's folder on a full disk",
            make: |d| {
                let mut s = Setup::inputs(&[&write(d, "alumnos.csv", TWO)]);
                s.default_outputs = false;
                s.full_disk = Some("lleno");
                s.args.extend(["-o".into(), d.join("lleno/reporte.xlsx").into()]);
                s.args.extend(["--json".into(), d.join("salida.json").into()]);
                s
            },
            code: 2,
            says: &["reporte.xlsx", "el disco está lleno", "no queda espacio"],
            rows: Some(2),
            show: Show::Stderr,
        },
        Case {
            name: "The JSON's folder on a full disk",
            make: |d| {
                let mut s = Setup::inputs(&[&write(d, "alumnos.csv", TWO)]);
                s.default_outputs = false;
                s.full_disk = Some("lleno");
                s.args.extend(["--json".into(), d.join("lleno/salida.json").into()]);
                s.args.extend(["-o".into(), d.join("informe.xlsx").into()]);
                s
            },
            code: 2,
            says: &["salida.json", "el disco está lleno", "no queda espacio"],
            rows: None,
            show: Show::Stderr,
        },
        Case {
            name: "The temporary folder (TMPDIR) on a full disk",
            make: |d| {
                let mut s = Setup::inputs(&[&write(d, "alumnos.csv", TWO)]);
                s.full_disk = Some("tmp");
                s.env.push(("TMPDIR", "tmp"));
                s
            },
            code: 2,
            says: &["carpeta temporal", "está lleno", "TMPDIR"],
            rows: Some(2),
            show: Show::Stderr,
        },
        Case {
            name: "Output path is a directory",
            make: |d| {
                let mut s = Setup::inputs(&[&write(d, "alumnos.csv", TWO)]);
                s.default_outputs = false;
                s.args.extend(["-o".into(), d.into()]);
                s
            },
            code: 2,
            says: &["es una carpeta"],
            rows: None,
            show: Show::Stderr,
        },
        Case {
            name: "20,000 worker threads asked for (--threads 20000)",
            make: |d| {
                let mut s = Setup::inputs(&[&write(d, "alumnos.csv", TWO)]);
                s.args.extend(["--threads".into(), "20000".into()]);
                s
            },
            code: 2,
            says: &["--threads 20000", "el máximo es 256"],
            rows: None,
            show: Show::Stderr,
        },
        Case {
            name: "A bug in roster-check itself (a panic, forced)",
            make: |d| {
                let mut s = Setup::inputs(&[&write(d, "alumnos.csv", TWO)]);
                s.env.push(("ROSTER_CHECK_TEST_PANIC", "1"));
                s
            },
            code: 2,
            says: &["fallo interno", "no se han modificado"],
            rows: None,
            show: Show::Stderr,
        },
    ]
}

/// An .ods whose one data row, repeated 500,000 times, holds a value
/// repeated over 100 columns: calamine 0.38 would expand it (6 GB).
fn ods_bomb(dir: &Path) -> PathBuf {
    use std::io::Write;
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Alumnos">
<table:table-row><table:table-cell office:value-type="string"><text:p>CURP</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="500000"><table:table-cell table:number-columns-repeated="100" office:value-type="string"><text:p>HEGG560427MVZRRL04</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
    let path = dir.join("repetidas.ods");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    z.write_all(content.as_bytes()).unwrap();
    z.finish().unwrap();
    path
}

/// An .xlsx of two strings whose table declares four billion: calamine
/// 0.38 reserves room for them as it opens the file (96 GB).
fn declared_strings_bomb(dir: &Path) -> PathBuf {
    use std::io::Write;
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const DOC: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let parts = [
        (
            "_rels/.rels",
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets><sheet name="Alumnos" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>"#
            ),
        ),
        (
            "xl/sharedStrings.xml",
            format!(
                r#"<sst xmlns="{MAIN}" count="2" uniqueCount="4000000000"><si><t>CURP</t></si><si><t>HEGG560427MVZRRL04</t></si></sst>"#
            ),
        ),
    ];
    let path = dir.join("declara_cadenas.xlsx");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for (name, text) in parts {
        z.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap();
    path
}

/// 4 KB that are no text and no workbook.
fn junk() -> Vec<u8> {
    (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if std::fs::metadata(&p).is_ok_and(|m| !m.is_file()) {
                // A FIFO would wait for a writer: it holds no bytes.
                continue;
            } else {
                // Unreadable on purpose (the permission case): its mode
                // is restored before comparing.
                out.insert(p.clone(), std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    out
}

/// The row of the table for one case, after checking its promises.
fn run_case(case: &Case) -> [String; 4] {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path();
    let setup = (case.make)(dir);
    // Files of the case (the input side): they must come out unchanged.
    let before = snapshot(dir);
    let report = dir.join("reporte.xlsx");
    let json = dir.join("salida.json");
    let mut args: Vec<OsString> = vec!["check".into(), "--today".into(), TODAY.into()];
    if setup.default_outputs {
        args.extend(["-o".into(), report.clone().into()]);
        args.extend(["--json".into(), json.clone().into()]);
    }
    args.extend(setup.args.iter().cloned());
    let bin = env!("CARGO_BIN_EXE_roster-check");
    let root = is_root();
    let mut cmd = if setup.as_nobody && root {
        // The binary must be reachable by nobody: a copy in a open folder.
        let open = dir.join("bin");
        std::fs::create_dir(&open).unwrap();
        let copy = open.join("roster-check");
        std::fs::copy(bin, &copy).unwrap();
        use std::os::unix::fs::PermissionsExt;
        for p in [dir, open.as_path()] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o777)).unwrap();
        }
        let mut c = StdCommand::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        c.arg(&copy);
        c
    } else if let Some(full) = setup.full_disk {
        // A tmpfs filled to the last byte, visible to this run only; what
        // is left in it after the run is listed, to be asserted empty.
        let full = dir.join(full);
        std::fs::create_dir_all(&full).unwrap();
        let mut c = StdCommand::new("unshare");
        c.args(["--mount", "sh", "-c", FULL_DISK])
            .arg(&full)
            .arg(bin);
        c
    } else {
        StdCommand::new(bin)
    };
    cmd.args(&args).current_dir(dir).env_remove("NO_COLOR");
    for (k, v) in &setup.env {
        cmd.env(k, v);
    }
    // A copy just written may be held open for writing by a child that
    // another test thread forked meanwhile (ETXTBSY): run it again.
    let mut out = cmd.output().unwrap();
    for _ in 0..20 {
        if !String::from_utf8_lossy(&out.stderr).contains("Text file busy") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        out = cmd.output().unwrap();
    }
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let name = case.name;
    let code = out.status.code().unwrap_or(-1);
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    assert!(
        !stderr.contains("LEFTOVER:"),
        "{name}: left on the full disk: {stderr}"
    );
    // Only our own words: no library's line, no bug unless forced.
    assert!(!stderr.contains("ZipWriter"), "{name}: {stderr}");
    if !case.says.contains(&"fallo interno") {
        assert!(!stderr.contains("fallo interno"), "{name}: {stderr}");
    }
    // Names from outside never steer the terminal (colours are off: the
    // output is a pipe).
    let steering = |t: &str| t.contains(['\x1b', '\x07', '\u{9b}']);
    assert!(
        !steering(&stdout) && !steering(&stderr),
        "{name}: a control character reached the terminal\n{stdout:?}\n{stderr:?}"
    );
    assert_eq!(code, case.code, "{name}: exit code\n{stderr}\n{stdout}");

    // The inputs are untouched (modes restored first for the permission case).
    if setup.as_nobody {
        use std::os::unix::fs::PermissionsExt;
        for p in before.keys() {
            let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o644));
        }
    }
    let mut after = snapshot(dir);
    after.retain(|p, _| before.contains_key(p));
    assert!(before == after, "{name}: an input changed");

    // No temporary file is left, and a report exists only when complete.
    let stray: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".roster-check-"))
        .collect();
    assert!(stray.is_empty(), "{name}: temporary files left: {stray:?}");
    if report.exists() {
        let book: calamine::Xlsx<_> = calamine::open_workbook(&report)
            .unwrap_or_else(|e| panic!("{name}: the report does not open: {e}"));
        assert!(calamine::Reader::sheet_names(&book).len() >= 3, "{name}");
    }

    // Every readable row is counted.
    let parsed: Option<Value> = std::fs::read(&json)
        .ok()
        .map(|b| serde_json::from_slice(&b).unwrap_or_else(|e| panic!("{name}: JSON: {e}")));
    match (case.rows, &parsed) {
        (Some(rows), Some(j)) => {
            assert_schema(j);
            assert_eq!(j["summary"]["rows"].as_u64(), Some(rows), "{name}: rows");
        }
        (Some(_), None) if !setup.default_outputs => {}
        (Some(_), None) => panic!("{name}: no JSON written\n{stderr}"),
        (None, _) => assert!(
            !report.exists() && parsed.is_none(),
            "{name}: output written"
        ),
    }

    // What the user reads, in plain words naming the file.
    let shown = match case.show {
        Show::Stderr => stderr.lines().next().unwrap_or("").to_string(),
        Show::Stdout(needle) => stdout
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or("")
            .to_string(),
        Show::Encoding => parsed.as_ref().map_or(String::new(), |j| {
            j["inputs"][0]["encoding"]
                .as_str()
                .unwrap_or("")
                .to_string()
        }),
        Show::Finding(code) => parsed.as_ref().map_or(String::new(), |j| {
            j["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["code"] == code)
                .map(|f| f["message"].as_str().unwrap().to_string())
                .unwrap_or_else(|| panic!("{name}: no {code} finding\n{j:#}"))
        }),
    };
    let all = format!("{stdout}\n{stderr}\n{shown}");
    for word in case.says {
        assert!(all.contains(word), "{name}: «{word}» not in\n{all}");
    }
    // Stable text: no temporary folder, no source line of the panic.
    let mut shown = shown
        .replace(&format!("{}/", dir.display()), "")
        .replace(&dir.display().to_string(), "<carpeta>")
        .replace('|', "\\|");
    if let Some(i) = shown.find(" (src/") {
        shown.truncate(i);
    }
    let rows = match (&parsed, case.rows) {
        (Some(j), _) => j["summary"]["rows"].to_string(),
        (None, None) => "—".to_string(),
        (None, Some(_)) => "0".to_string(),
    };
    let what = match case.show {
        Show::Finding(code) => format!("`{code}`: {shown}"),
        Show::Encoding => format!("encoding: {shown}"),
        _ => shown,
    };
    [name.to_string(), code.to_string(), rows, what]
}

/// Runs `"$@"` with the folder `$0` a full disk, then lists what the run
/// left in it (with "LEFTOVER:", on standard error) and exits as it did.
const FULL_DISK: &str = r#"mount -t tmpfs -o size=64k tmpfs "$0" || exit 99
cat /dev/zero > "$0/.lleno" 2>/dev/null
"$@"
code=$?
ls -A "$0" | grep -vx .lleno | sed 's/^/LEFTOVER: /' >&2
exit $code"#;

/// Root reads files whatever their mode: the permission case then runs
/// the binary as `nobody`.
fn is_root() -> bool {
    StdCommand::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Inputs on which calamine 0.38 panics (found by `cargo fuzz run
/// workbook`, fuzz/README.md): each is a damaged file to the user.
#[test]
fn fuzz_caught_calamine_panics_are_damaged_files() {
    let mut names: Vec<String> = std::fs::read_dir(fixture("hostile"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("fuzz_calamine_"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in &names {
        let out = cmd()
            .args(["check", "--no-report", "-q", "--today", TODAY])
            .arg(hostile(name))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains("dañado o incompleto"), "{name}: {stderr}");
        assert!(!stderr.contains("fallo interno"), "{name}: {stderr}");
    }
}

const START: &str = "<!-- hostile-cases:start (generated by tests/cli/hostile.rs) -->";
const END: &str = "<!-- hostile-cases:end -->";

#[test]
fn hostile_inputs_keep_every_promise_and_robustness_md_says_so() {
    let mut table = String::from(
        "| case | exit | what the user reads (Spanish, the default) | rows in JSON |\n|---|---|---|---|\n",
    );
    for case in cases() {
        let [name, code, rows, what] = run_case(&case);
        table.push_str(&format!("| {name} | {code} | {what} | {rows} |\n"));
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ROBUSTNESS.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_default();
    let (Some(a), Some(b)) = (doc.find(START), doc.find(END)) else {
        panic!("ROBUSTNESS.md lacks the {START} … {END} markers");
    };
    let fresh = format!("{}{START}\n{table}{}", &doc[..a], &doc[b..]);
    if std::env::var_os("UPDATE_ROBUSTNESS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    } else {
        assert!(
            doc == fresh,
            "ROBUSTNESS.md is not what the binary does; regenerate with \
             UPDATE_ROBUSTNESS=1 cargo test --test cli hostile, and review:\n{table}"
        );
    }
}

//! Why a job could not be done: inputs that cannot be read, usage errors.

use super::*;

/// What went wrong reading an input, and what to do, in plain words.
pub fn input_error(lang: Lang, e: &crate::input::InputError) -> String {
    use crate::input::InputError::*;
    match e {
        NotFound => lang
            .pick(
                "no existe. Compruebe el nombre y la carpeta.",
                "does not exist. Check the name and the folder.",
            )
            .to_string(),
        PermissionDenied => lang
            .pick(
                "no se puede abrir: no hay permiso de lectura. Pida acceso o copie el archivo a su carpeta.",
                "cannot be opened: no read permission. Ask for access or copy the file to your folder.",
            )
            .to_string(),
        EmptyDirectory => lang
            .local(
                "es una carpeta sin padrones (.csv, .tsv, .txt, .xlsx, .xlsm, .xlsb, .xls, .ods).",
                "es una carpeta sin listados (.csv, .tsv, .txt, .xlsx, .xlsm, .xlsb, .xls, .ods).",
                "is a folder with no rosters (.csv, .tsv, .txt, .xlsx, .xlsm, .xlsb, .xls, .ods).",
            )
            .to_string(),
        Unsupported(ext) => match lang {
            Lang::Es(_) => format!(
                "tiene un tipo que no se lee («.{ext}»). Guárdelo como .xlsx o .csv desde su hoja de cálculo."
            ),
            Lang::En => format!("has a type that cannot be read («.{ext}»). Save it as .xlsx or .csv from your spreadsheet."),
        },
        Empty => lang
            .pick("está vacío: no tiene ninguna fila.", "is empty: it has no rows.")
            .to_string(),
        UnknownEncoding(name) => match lang {
            Lang::Es(_) => format!(
                "--encoding «{name}» no es una codificación conocida (por ejemplo utf-8, windows-1252, utf-16le)."
            ),
            Lang::En => format!("--encoding «{name}» is not a known encoding (for example utf-8, windows-1252, utf-16le)."),
        },
        Csv(detail) => match lang {
            Lang::Es(_) => format!("no se pudo leer como texto delimitado ({detail})."),
            Lang::En => format!("could not be read as delimited text ({detail})."),
        },
        Workbook(detail) => match lang {
            Lang::Es(_) => format!(
                "no se pudo leer como libro de Excel/ODS ({detail}). ¿Está dañado o protegido con contraseña? Ábralo y guárdelo de nuevo como .xlsx."
            ),
            Lang::En => format!(
                "could not be read as an Excel/ODS workbook ({detail}). Is it damaged or password-protected? Open it and save it again as .xlsx."
            ),
        },
        Binary => lang
            .pick(
                "no es texto sino datos binarios: no es un CSV ni un libro que se pueda leer (¿otro tipo de archivo con la extensión cambiada?). Ábralo en su hoja de cálculo y guárdelo como .xlsx o .csv.",
                "is binary data, not text: neither a CSV nor a readable workbook (another kind of file with its extension changed?). Open it in your spreadsheet and save it as .xlsx or .csv.",
            )
            .to_string(),
        Encrypted => lang
            .pick(
                "está protegido con contraseña y no se puede leer. Ábralo en Excel con la contraseña, quítela (Archivo > Información > Proteger libro) y guarde una copia.",
                "is protected with a password and cannot be read. Open it in Excel with the password, remove it (File > Info > Protect Workbook) and save a copy.",
            )
            .to_string(),
        Damaged(detail) => match lang {
            Lang::Es(_) => format!(
                "está dañado o incompleto (suele pasar si la descarga o la copia se cortó). Descárguelo o cópielo de nuevo; si Excel lo abre, guárdelo otra vez como .xlsx. (Detalle técnico: {detail})"
            ),
            Lang::En => format!(
                "is damaged or incomplete (usually a download or copy that was cut short). Download or copy it again; if Excel opens it, save it again as .xlsx. (Technical detail: {detail})"
            ),
        },
        ZipBomb(bytes) => {
            let gb = super::decimal(lang, *bytes as f64 / f64::from(1u32 << 30));
            let roster = lang.local("padrón", "listado", "");
            match lang {
                Lang::Es(_) => format!(
                    "no se abre por seguridad: declara descomprimirse en {gb} GB, cientos de veces su tamaño, como los archivos hechos para bloquear programas. Si es un {roster} de verdad, guárdelo como .csv."
                ),
                Lang::En => format!(
                    "is not opened, for safety: it declares it expands to {gb} GB, hundreds of times its size, like files made to block programs. If it really is a roster, save it as .csv."
                ),
            }
        }
        TooManyStrings => lang
            .local(
                "no se abre por seguridad: guarda más de 2 millones de textos distintos (o más de 128 MB de texto) en su tabla de textos compartidos, muchos más de los que usa un padrón, como los archivos hechos para bloquear programas. Si es un padrón de verdad, guárdelo como .csv.",
                "no se abre por seguridad: guarda más de 2 millones de textos distintos (o más de 128 MB de texto) en su tabla de textos compartidos, muchos más de los que usa un listado, como los archivos hechos para bloquear programas. Si es un listado de verdad, guárdelo como .csv.",
                "is not opened, for safety: it stores more than 2 million distinct texts (or more than 128 MB of text) in its table of shared strings, far more than a roster uses, like files made to block programs. If it really is a roster, save it as .csv.",
            )
            .to_string(),
        BrokenLink => lang
            .pick(
                "es un enlace a un archivo que ya no existe (¿se movió o se borró el original?), y no se revisó. Copie el archivo mismo en la carpeta.",
                "is a link to a file that no longer exists (was the original moved or deleted?), and was not checked. Copy the file itself into the folder.",
            )
            .to_string(),
        LinkLoop => lang
            .pick(
                "es un enlace que lleva a otro que vuelve a él, en círculo, sin llegar a ningún archivo, y no se revisó. Borre el enlace y copie el archivo mismo en la carpeta.",
                "is a link leading to another that leads back, in a circle, to no file at all, and was not checked. Delete the link and copy the file itself into the folder.",
            )
            .to_string(),
        NotAFile => lang
            .local(
                "no es un archivo sino una tubería o un dispositivo, y dentro de una carpeta no se lee (podría esperar datos para siempre). Si de verdad es un padrón, páselo a roster-check por su nombre.",
                "no es un archivo sino una tubería o un dispositivo, y dentro de una carpeta no se lee (podría esperar datos para siempre). Si de verdad es un listado, páselo a roster-check por su nombre.",
                "is not a file but a pipe or a device, and inside a folder it is not read (it could wait for data forever). If it really is a roster, give it to roster-check by its name.",
            )
            .to_string(),
        TooLargeToCopy => {
            let gb = crate::input::MAX_COPY_BYTES >> 30;
            let roster = lang.local("padrón", "listado", "");
            match lang {
                Lang::Es(_) => format!(
                    "no es un archivo sino una tubería o un dispositivo, y da más de {gb} GB: roster-check copia lo que recibe así antes de leerlo, hasta ese tamaño. Guarde el {roster} en un archivo y páselo a roster-check."
                ),
                Lang::En => format!(
                    "is not a file but a pipe or a device, and gives more than {gb} GB: roster-check copies what it receives that way before reading it, up to that size. Save the roster to a file and give that to roster-check."
                ),
            }
        }
        NoSuchSheet(name) => match lang {
            Lang::Es(_) => format!("no tiene ninguna hoja llamada «{name}» (--sheet)."),
            Lang::En => format!("has no sheet named «{name}» (--sheet)."),
        },
        TooLong { row } => {
            let mib = crate::input::MAX_RECORD_BYTES >> 20;
            match lang {
                Lang::Es(_) => format!(
                    "no se pudo revisar: su fila {row} ocupa más de {mib} MiB, el límite de una fila, y no hay encabezados antes. Seguramente el archivo no tiene saltos de línea, o una comilla («\"») nunca se cierra. Ábralo en su hoja de cálculo y guárdelo de nuevo como CSV."
                ),
                Lang::En => format!(
                    "could not be checked: its row {row} is longer than {mib} MiB, the limit for a row, with no headers before it. The file probably has no line breaks, or a quote («\"») is never closed. Open it in your spreadsheet and save it again as CSV."
                ),
            }
        }
        RangeTooLarge => lang
            .pick(
                "tiene hojas que ocupan decenas de millones de celdas, casi todas vacías (suele ser una celda suelta muy lejos de la tabla). Borre las filas y columnas vacías tras la tabla, o guárdelo como .xlsx: los .xlsx se leen celda a celda.",
                "has sheets spanning tens of millions of cells, nearly all empty (usually a stray cell far from the table). Delete the empty rows and columns after the table, or save it as .xlsx: .xlsx files are read cell by cell.",
            )
            .to_string(),
        HtmlNotWorkbook => lang
            .pick(
                "no es un libro de Excel sino una página HTML (así exportan muchos sistemas web). Ábralo en Excel o LibreOffice y guárdelo como .xlsx.",
                "is not an Excel workbook but an HTML page (as many web systems export). Open it in Excel or LibreOffice and save it as .xlsx.",
            )
            .to_string(),
        NoIdentifierColumn { headers } => {
            let list = header_list(lang, headers);
            match lang {
                Lang::Es(_) => format!(
                    "no tiene ninguna columna de CURP, NSS, NUSS o DNI/NIE (encabezados: {list}). Indíquela con --col curp=ENCABEZADO (o nss=, nuss=, dni=)."
                ),
                Lang::En => format!(
                    "has no CURP, NSS, NUSS or DNI/NIE column (headers: {list}). Name it with --col curp=HEADER (or nss=, nuss=, dni=)."
                ),
            }
        }
        NoRosterSheet => lang
            .pick(
                "no tiene ninguna hoja con columnas de CURP, NSS, NUSS o DNI/NIE. Indique la hoja con --sheet y la columna con --col.",
                "has no sheet with CURP, NSS, NUSS or DNI/NIE columns. Name the sheet with --sheet and the column with --col.",
            )
            .to_string(),
        DamagedFrom { sheet, row, error } => {
            let sheet = sheet.as_deref().map(|s| match lang {
                Lang::Es(_) => format!(" (hoja «{s}»)"),
                Lang::En => format!(" (sheet «{s}»)"),
            });
            let sheet = sheet.unwrap_or_default();
            let detail = technical(error);
            match (lang, row) {
                (Lang::Es(_), Some(row)) => format!(
                    "está dañado a partir de la fila {row}{sheet}: las filas anteriores se revisaron, las demás no se pudieron leer. Ábralo en Excel o LibreOffice y guárdelo de nuevo (o expórtelo otra vez del sistema de donde salió) y revíselo otra vez. (Detalle técnico: {detail})"
                ),
                (Lang::En, Some(row)) => format!(
                    "is damaged from row {row} on{sheet}: the rows before it were checked, the rest could not be read. Open it in Excel or LibreOffice and save it again (or export it again from the system it came from) and check it again. (Technical detail: {detail})"
                ),
                (Lang::Es(_), None) => format!(
                    "está dañado a partir de cierta fila{sheet}: las filas anteriores se revisaron, las demás no se pudieron leer. Ábralo en Excel o LibreOffice y guárdelo de nuevo (o expórtelo otra vez del sistema de donde salió) y revíselo otra vez. (Detalle técnico: {detail})"
                ),
                (Lang::En, None) => format!(
                    "is damaged part-way{sheet}: the rows before the damage were checked, the rest could not be read. Open it in Excel or LibreOffice and save it again (or export it again from the system it came from) and check it again. (Technical detail: {detail})"
                ),
            }
        }
        Changed => lang
            .pick(
                "cambió mientras se revisaba (se le añadieron, quitaron o cambiaron filas). Vuelva a ejecutar roster-check cuando ya no se esté escribiendo.",
                "changed while it was being checked (rows were added, removed or changed). Run roster-check again when it is no longer being written.",
            )
            .to_string(),
        Io(e) => match lang {
            Lang::Es(_) => format!("no se pudo leer ({e})."),
            Lang::En => format!("could not be read ({e})."),
        },
    }
}

/// The reader's own words for an error that stopped it part-way.
fn technical(e: &crate::input::InputError) -> String {
    use crate::input::InputError::*;
    match e {
        Damaged(d) | Workbook(d) | Csv(d) => d.clone(),
        Io(e) => e.to_string(),
        other => other.to_string(),
    }
}

/// A usage error in plain words.
pub fn usage_error(lang: Lang, e: &crate::config::UsageError) -> String {
    use crate::config::UsageError::*;
    let report = lang.local("reporte", "informe", "report");
    match e {
        BadToday(s) => match lang {
            Lang::Es(_) => format!("--today «{s}» no es una fecha AAAA-MM-DD."),
            Lang::En => format!("--today «{s}» is not a YYYY-MM-DD date."),
        },
        BadColumn(s) => match lang {
            Lang::Es(_) => format!("--col «{s}»: escriba CAMPO=ENCABEZADO, por ejemplo --col curp=\"Clave CURP\"."),
            Lang::En => format!("--col «{s}»: write FIELD=HEADER, for example --col curp=\"CURP key\"."),
        },
        UnknownField(s) => {
            let all = crate::findings::Field::ALL.map(|f| f.as_str()).join(", ");
            match lang {
                Lang::Es(_) => format!("--col: «{s}» no es un campo. Campos: {all}."),
                Lang::En => format!("--col: «{s}» is not a field. Fields: {all}."),
            }
        }
        BadDelimiter(s) => match lang {
            Lang::Es(_) => format!("--delimiter «{s}»: debe ser un solo carácter (por ejemplo ; o tab)."),
            Lang::En => format!("--delimiter «{s}»: it must be one character (for example ; or tab)."),
        },
        BadEncoding(s) => match lang {
            Lang::Es(_) => format!(
                "--encoding «{s}» no es una codificación conocida (por ejemplo utf-8, windows-1252, utf-16le)."
            ),
            Lang::En => format!("--encoding «{s}» is not a known encoding (for example utf-8, windows-1252, utf-16le)."),
        },
        OutputIsInput(crate::config::Output::Report, p) => match lang {
            Lang::Es(_) => format!(
                "el {report} {} sería uno de los archivos de entrada: no se sobrescribe nunca una entrada. Elija otro nombre con -o.",
                p.display()
            ),
            Lang::En => format!(
                "the report {} would be one of the input files: an input is never overwritten. Choose another name with -o.",
                p.display()
            ),
        },
        OutputIsInput(crate::config::Output::Json, p) => match lang {
            Lang::Es(_) => format!(
                "el JSON {} sería uno de los archivos de entrada: no se sobrescribe nunca una entrada. Elija otro nombre con --json.",
                p.display()
            ),
            Lang::En => format!(
                "the JSON {} would be one of the input files: an input is never overwritten. Choose another name with --json.",
                p.display()
            ),
        },
        SameOutput(p) => match lang {
            Lang::Es(_) => format!(
                "el JSON {} sería también el {report}: cada salida necesita su propio archivo. Elija otro nombre con --json (o con -o para el {report}).",
                p.display()
            ),
            Lang::En => format!(
                "the JSON {} would also be the report: each output needs a file of its own. Choose another name with --json (or with -o for the report).",
                p.display()
            ),
        },
        OutputIsDirectory(p) => match lang {
            Lang::Es(_) => format!("-o {} es una carpeta: indique un nombre de archivo .xlsx.", p.display()),
            Lang::En => format!("-o {} is a folder: give a .xlsx file name.", p.display()),
        },
        OutputDirMissing(p) => match lang {
            Lang::Es(_) => format!("la carpeta del {report} no existe: {}. Créela o elija otra con -o.", p.display()),
            Lang::En => format!("the report's folder does not exist: {}. Create it or choose another with -o.", p.display()),
        },
        BadThreads => lang
            .pick("--threads debe ser 1 o más.", "--threads must be 1 or more.")
            .to_string(),
        TooManyThreads(asked) => {
            let max = crate::config::MAX_THREADS;
            match lang {
                Lang::Es(_) => format!(
                    "--threads {asked}: el máximo es {max}, y más hilos que núcleos no revisan más rápido. Omita --threads para usar uno por núcleo."
                ),
                Lang::En => format!(
                    "--threads {asked}: the most is {max}, and more threads than cores do not check any faster. Leave out --threads to use one per core."
                ),
            }
        }
        Args(e) => args_error(lang, e),
        OutputIsInput(crate::config::Output::Corrected, p) => match lang {
            Lang::Es(_) => format!(
                "el padrón corregido {} sería uno de los archivos de entrada: no se sobrescribe nunca una entrada. Elija otro nombre con --corrected.",
                p.display()
            ),
            Lang::En => format!(
                "the corrected roster {} would be one of the input files: an input is never overwritten. Choose another name with --corrected.",
                p.display()
            ),
        },
        CorrectedFormat(p) => match lang {
            Lang::Es(_) => format!(
                "--corrected {}: el padrón corregido se escribe como .xlsx o .csv; termine el nombre en una de las dos.",
                p.display()
            ),
            Lang::En => format!(
                "--corrected {}: the corrected roster is written as .xlsx or .csv; end the name with one of them.",
                p.display()
            ),
        },
        CorrectedIsDirectory(p) => match lang {
            Lang::Es(_) => format!("--corrected {} es una carpeta: indique un nombre de archivo .xlsx o .csv.", p.display()),
            Lang::En => format!("--corrected {} is a folder: give a .xlsx or .csv file name.", p.display()),
        },
        CorrectedDirMissing(p) => match lang {
            Lang::Es(_) => format!("la carpeta del padrón corregido no existe: {}. Créela o elija otra con --corrected.", p.display()),
            Lang::En => format!("the corrected roster's folder does not exist: {}. Create it or choose another with --corrected.", p.display()),
        },
        CorrectedIsOutput(p) => match lang {
            Lang::Es(_) => format!(
                "el padrón corregido {} sería también el reporte o el JSON: cada salida necesita su propio archivo. Elija otro nombre con --corrected.",
                p.display()
            ),
            Lang::En => format!(
                "the corrected roster {} would also be the report or the JSON: each output needs a file of its own. Choose another name with --corrected.",
                p.display()
            ),
        },
        CorrectedEncodingUnused => lang
            .pick(
                "--corrected-encoding solo se aplica a un padrón corregido .csv (--corrected ARCHIVO.csv).",
                "--corrected-encoding applies only to a corrected roster in .csv (--corrected FILE.csv).",
            )
            .to_string(),
        UnmatchedColumn {
            field,
            header,
            tables,
        } => {
            const SHOWN: usize = 5;
            let mut list: Vec<String> = tables
                .iter()
                .take(SHOWN)
                .map(|t| {
                    let headers = header_list(lang, &t.headers);
                    match (&t.sheet, lang) {
                        (Some(sh), Lang::Es(_)) => format!("{}, hoja «{sh}» (encabezados: {headers})", t.file),
                        (Some(sh), Lang::En) => format!("{}, sheet «{sh}» (headers: {headers})", t.file),
                        (None, Lang::Es(_)) => format!("{} (encabezados: {headers})", t.file),
                        (None, Lang::En) => format!("{} (headers: {headers})", t.file),
                    }
                })
                .collect();
            if tables.len() > SHOWN {
                let more = tables.len() - SHOWN;
                list.push(match lang {
                    Lang::Es(_) if more == 1 => "… y 1 tabla más".to_string(),
                    Lang::En if more == 1 => "… and 1 more table".to_string(),
                    Lang::Es(_) => format!("… y {more} tablas más"),
                    Lang::En => format!("… and {more} more tables"),
                });
            }
            let list = list.join("; ");
            let field = field.as_str();
            match lang {
                Lang::Es(_) => format!(
                    "--col {field}=«{header}»: ningún encabezado ni letra de columna coincide en {list}. Escriba el encabezado como aparece (no importan mayúsculas, tildes ni signos) o la letra de la columna. No se escribió ningún {report}."
                ),
                Lang::En => format!(
                    "--col {field}=«{header}»: no header or column letter matches in {list}. Write the header as it appears (case, accents and punctuation do not matter) or the column's letter. No report was written."
                ),
            }
        }
    }
}

/// What was wrong with the command line, and where the help is.
fn args_error(lang: Lang, e: &crate::config::ArgsError) -> String {
    use crate::config::ArgsError::*;
    let what = match e {
        Unexpected { arg, suggestion } => {
            let mut m = match lang {
                Lang::Es(_) => format!("argumento inesperado: «{arg}»."),
                Lang::En => format!("unexpected argument: «{arg}»."),
            };
            if let Some(s) = suggestion {
                m.push_str(&match lang {
                    Lang::Es(_) => format!(" ¿Quiso decir «{s}»?"),
                    Lang::En => format!(" Did you mean «{s}»?"),
                });
            }
            m
        }
        MissingValue { arg } => match lang {
            Lang::Es(_) => format!("falta un valor: {arg} necesita uno."),
            Lang::En => format!("a value is missing: {arg} needs one."),
        },
        BadValue { arg, value, valid } if valid.is_empty() => match lang {
            Lang::Es(_) => format!("«{value}» no es un valor válido para {arg}."),
            Lang::En => format!("«{value}» is not a valid value for {arg}."),
        },
        BadValue { arg, value, valid } => {
            let valid = valid.join(", ");
            match lang {
                Lang::Es(_) => {
                    format!("«{value}» no es un valor válido para {arg} (valores: {valid}).")
                }
                Lang::En => format!("«{value}» is not a valid value for {arg} (values: {valid})."),
            }
        }
        Missing { args } => {
            let args = args.join(", ");
            match lang {
                Lang::Es(_) => format!("falta {args}: indique al menos uno."),
                Lang::En => format!("{args} missing: give at least one."),
            }
        }
        Conflict {
            arg,
            with: Some(with),
        } => match lang {
            Lang::Es(_) => format!("{arg} no se puede usar junto con {with}."),
            Lang::En => format!("{arg} cannot be used with {with}."),
        },
        Conflict { arg, with: None } => match lang {
            Lang::Es(_) => format!("{arg} se indicó más de una vez y admite un solo valor."),
            Lang::En => format!("{arg} was given more than once and takes one value."),
        },
        NotText => lang
            .pick(
                "un argumento no es texto válido (UTF-8).",
                "an argument is not valid text (UTF-8).",
            )
            .to_string(),
        Other(text) => match lang {
            Lang::Es(_) => format!("la línea de órdenes no es válida ({text})."),
            Lang::En => format!("the command line is not valid ({text})."),
        },
    };
    format!("{what}\n{}", super::help::more_help(lang))
}

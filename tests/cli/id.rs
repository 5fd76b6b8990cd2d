//! `roster-check id`.

use crate::*;

#[test]
fn id_says_valid_and_exits_0() {
    let out = cmd().args(["id", "28138801999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("NSS válido"), "{text}");
    assert!(text.contains("subdelegación 28"), "{text}");
}

#[test]
fn id_says_why_not_and_exits_1() {
    let out = cmd().args(["id", "28138801998"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("nss.check_digit"), "{text}");
    // The computed digit is never offered as the fix.
    assert!(
        !text.contains("debería ser") && !text.contains(" 9"),
        "{text}"
    );
    assert!(text.contains("Copie el NSS"), "{text}");

    let out = cmd()
        .args(["id", "--lang", "en", "28138801998"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Copy the NSS"), "{text}");
}

#[test]
fn id_decodes_curp_and_nuss_and_takes_kind() {
    let out = cmd()
        .args([
            "id",
            "--today",
            TODAY,
            "HEGG560427MVZRRL04",
            "28/12345678/40",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("27/04/1956") && text.contains("Veracruz"),
        "{text}"
    );
    assert!(text.contains("provincia 28 (Madrid)"), "{text}");

    let out = cmd()
        .args(["id", "--kind", "nuss", "28123456742"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("nuss.ambiguous"));
}

#[test]
fn id_says_when_a_value_also_reads_as_another_kind() {
    let out = cmd().args(["id", "28123456742"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("NSS válido"), "{text}");
    assert!(
        text.contains("También se lee como NUSS") && text.contains("--kind nuss"),
        "{text}"
    );
    // Not when the kind was given, nor when only one kind fits.
    let out = cmd()
        .args(["id", "--kind", "nss", "28123456742"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains("También"));
    let out = cmd().args(["id", "28138801999"]).output().unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains("También"));
}

#[test]
fn id_on_empty_huge_and_invisible_values() {
    let huge = "9".repeat(100_000);
    let out = cmd()
        .args(["id", "", &huge, "HEGG560427MVZRRL04\u{200b}"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Está vacío"), "{text}");
    // A pasted value is shown by its start, not in full.
    assert!(text.contains(&format!("{}…", "9".repeat(60))), "{text}");
    assert!(text.len() < 2_000, "{}", text.len());
    // The invisible character is named in words, not by its code point.
    assert!(
        text.contains("Un espacio invisible en la posición 19"),
        "{text}"
    );
}

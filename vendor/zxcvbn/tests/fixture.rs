//! The fork reproduces the crates.io zxcvbn 3.1.1 on every password of the oracle's corpus
//! (oracle/, which wrote fixture.txt.gz): guesses, guesses_log10 (to the bit), score, feedback,
//! and the match sequence with every detail of every match. Where the original gave more than
//! one answer for a password (it broke some ties in HashMap order), the fork's must be one of
//! them.

#[path = "../oracle/src/format.rs"]
mod format;

use std::io::Read;

#[test]
fn reproduces_zxcvbn_3_1_1_on_the_oracle_corpus() {
    let mut text = String::new();
    flate2::read::GzDecoder::new(&include_bytes!("fixture.txt.gz")[..])
        .read_to_string(&mut text)
        .unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let year: i32 = header
        .split("; year ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .unwrap()
        .parse()
        .unwrap();
    // The fixture was recorded in `year`; recent years and dates are scored against it.
    zxcvbn::set_reference_year_for_tests(year);

    let (mut checked, mut ambiguous, mut failures) = (0, 0, Vec::new());
    for line in lines {
        let mut fields = line.split('\t');
        let password = format::unhex(fields.next().unwrap());
        let inputs: Vec<String> = fields
            .next()
            .unwrap()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(format::unhex)
            .collect();
        let expected: Vec<&str> = fields.collect();
        let inputs_ref: Vec<&str> = inputs.iter().map(String::as_str).collect();
        let got = format::describe(&password, &zxcvbn::zxcvbn(&password, &inputs_ref));
        if expected.len() > 1 {
            ambiguous += 1;
        }
        if !expected.contains(&got.as_str()) {
            failures.push(format!("{:?} {:?}\n  got:      {}\n  expected: {}", password, inputs, got, expected.join("\n  or:       ")));
        }
        checked += 1;
    }
    assert!(checked >= 5000, "only {} passwords in the fixture", checked);
    assert!(
        failures.is_empty(),
        "{} of {} passwords differ ({} had more than one answer in the original):\n{}",
        failures.len(),
        checked,
        ambiguous,
        failures.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
    eprintln!("{} passwords reproduced ({} with more than one possible answer)", checked, ambiguous);
}

//! Writes ../tests/fixture.txt.gz: the crates.io zxcvbn 3.1.1's verdict on every password of a
//! deterministic corpus, for the fork's test (../tests/fixture.rs) to reproduce.
//!
//! `cargo run --release` (in this directory) regenerates it. The crate's results depend on the
//! current year (recent years and dates are scored by their distance to it), so the year is
//! written in the header, and the test pins the fork to it.
//!
//! The crate is not fully deterministic: matches that tie on (i, j) keep HashMap order into
//! the scoring, and the scoring walks HashMaps of sequence lengths, so where two choices have
//! equal guesses (a word in two lists at the same rank, a saturated u64::MAX) it picks one at
//! random. Every RandomState differs, so each password is estimated several times in several
//! processes, and every distinct outcome is written; the fork must produce one of them.

mod corpus;
mod format;

use std::collections::BTreeSet;
use std::io::Write;
use std::process::Command;

const PROCESSES: usize = 4;
const RUNS_PER_PROCESS: usize = 4;

fn main() {
    let corpus = corpus::corpus();
    if std::env::var_os("ORACLE_CHILD").is_some() {
        // One process's outcomes, one line per password, outcomes separated by tabs.
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for (password, inputs) in &corpus {
            let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
            let mut seen = BTreeSet::new();
            for _ in 0..RUNS_PER_PROCESS {
                seen.insert(format::describe(password, &zxcvbn::zxcvbn(password, &inputs)));
            }
            writeln!(out, "{}", seen.into_iter().collect::<Vec<_>>().join("\t")).unwrap();
        }
        return;
    }

    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..PROCESSES)
        .map(|_| {
            Command::new(&exe)
                .env("ORACLE_CHILD", "1")
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<String> = children
        .into_iter()
        .map(|c| {
            let o = c.wait_with_output().unwrap();
            assert!(o.status.success());
            String::from_utf8(o.stdout).unwrap()
        })
        .collect();
    let per_process: Vec<Vec<&str>> = outputs.iter().map(|o| o.lines().collect()).collect();

    let year = current_year();
    let mut text = format!(
        "# zxcvbn 3.1.1 (crates.io) on {} passwords; year {}; fields: hex(password) TAB hex(inputs, comma-separated) TAB outcome [TAB outcome...]\n",
        corpus.len(),
        year
    );
    let mut nondeterministic = 0;
    for (k, (password, inputs)) in corpus.iter().enumerate() {
        let mut outcomes = BTreeSet::new();
        for lines in &per_process {
            for o in lines[k].split('\t') {
                outcomes.insert(o);
            }
        }
        if outcomes.len() > 1 {
            nondeterministic += 1;
        }
        let inputs: Vec<String> = inputs.iter().map(|s| format::hex(s)).collect();
        text.push_str(&format::hex(password));
        text.push('\t');
        text.push_str(&inputs.join(","));
        for o in outcomes {
            text.push('\t');
            text.push_str(o);
        }
        text.push('\n');
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixture.txt.gz");
    let file = std::fs::File::create(path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap();
    eprintln!(
        "wrote {} passwords ({} with more than one outcome), {} bytes of text, to {}",
        corpus.len(),
        nondeterministic,
        text.len(),
        path
    );
}

/// The year the crate scores against (it reads the clock the same way).
fn current_year() -> i32 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let days = secs.div_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2)) as i32
}

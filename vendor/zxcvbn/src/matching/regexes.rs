//! The crate's regular expressions, matched by hand on characters with the regex engines'
//! semantics, so that neither `regex` nor `fancy-regex` (and their Unicode tables) is needed.
//!
//! Self-contained on purpose: the oracle (oracle/src/bin/regex_diff.rs) includes this file and
//! checks every function against the regex it replaces, on millions of strings.

/// `(.+)\1+` (greedy) or `(.+?)\1+` (lazy), searched in `t` as fancy-regex's backtracking does:
/// the leftmost start where some group is followed by a copy of itself; there, the longest
/// group (greedy) or the shortest (lazy) that is, then as many copies as follow. `.` is any
/// character but '\n'. Returns (start, group length, match length), in characters.
pub(crate) fn find_repeat(t: &[char], lazy: bool) -> Option<(usize, usize, usize)> {
    let n = t.len();
    for s in 0..n {
        let run = t[s..].iter().take_while(|&&c| c != '\n').count();
        let longest = run.min((n - s) / 2);
        let repeats = |l: usize| t[s..s + l] == t[s + l..s + 2 * l];
        let group = if lazy {
            (1..=longest).find(|&l| repeats(l))
        } else {
            (1..=longest).rev().find(|&l| repeats(l))
        };
        if let Some(l) = group {
            let mut copies = 2;
            while s + (copies + 1) * l <= n && t[s..s + l] == t[s + copies * l..s + (copies + 1) * l] {
                copies += 1;
            }
            return Some((s, l, copies * l));
        }
    }
    None
}

/// `^(.+?)\1+$` on `t`: the length of its shortest group, if `t` is two or more copies of one
/// (and holds no '\n').
pub(crate) fn shortest_period(t: &[char]) -> Option<usize> {
    let n = t.len();
    if t.contains(&'\n') {
        return None;
    }
    (1..=n / 2).find(|&l| n % l == 0 && t[l..].chunks(l).all(|c| c == &t[..l]))
}

/// recent_year, `19[0-9]{2}|20[0-9]{2}` (`[0-9]`: ASCII digits), as `captures_iter` finds it:
/// the leftmost matches that do not overlap. Character positions of each match's start.
pub(crate) fn recent_years(t: &[char]) -> Vec<usize> {
    let mut found = Vec::new();
    let mut k = 0;
    while k + 4 <= t.len() {
        let w = &t[k..k + 4];
        if (w[..2] == ['1', '9'] || w[..2] == ['2', '0']) && w[2].is_ascii_digit() && w[3].is_ascii_digit() {
            found.push(k);
            k += 4;
        } else {
            k += 1;
        }
    }
    found
}

/// `^[0-9]{4,8}$`.
pub(crate) fn is_maybe_date_without_separator(t: &[char]) -> bool {
    (4..=8).contains(&t.len()) && t.iter().all(char::is_ascii_digit)
}

/// The separator class `[\s/\\_.-]`, `\s` being Unicode White_Space (what
/// `char::is_whitespace` tests).
pub(crate) fn is_date_separator(c: char) -> bool {
    matches!(c, '/' | '\\' | '_' | '.' | '-') || c.is_whitespace()
}

/// `^([0-9]{1,4})([\s/\\_.-])([0-9]{1,2})([\s/\\_.-])([0-9]{1,4})$`, with its five groups. A
/// separator is never a digit, so the groups can only be the digit runs between separators.
#[allow(clippy::type_complexity)]
pub(crate) fn maybe_date_with_separator(t: &[char]) -> Option<(&[char], char, &[char], char, &[char])> {
    let digits = |from: usize| t[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let a = digits(0);
    if !(1..=4).contains(&a) || a >= t.len() || !is_date_separator(t[a]) {
        return None;
    }
    let b = digits(a + 1);
    let second_sep = a + 1 + b;
    if !(1..=2).contains(&b) || second_sep >= t.len() || !is_date_separator(t[second_sep]) {
        return None;
    }
    let c = digits(second_sep + 1);
    if !(1..=4).contains(&c) || second_sep + 1 + c != t.len() {
        return None;
    }
    Some((&t[..a], t[a], &t[a + 1..second_sep], t[second_sep], &t[second_sep + 1..]))
}

/// Defines potential patterns used to match against a password
pub mod patterns;
mod regexes;

use self::patterns::*;
use crate::adjacency_graphs::{self, Graph};
use crate::frequency_lists::{hash_step, ranked_words, DictionaryType, HASH_SEED};
use regexes::{find_repeat, is_maybe_date_without_separator, maybe_date_with_separator, recent_years, shortest_period};
use std::collections::HashMap;

// hmis-onboard's fork: every matcher below finds exactly what zxcvbn 3.1.1 found, in a fixed
// order instead of HashMap order, without the regex crates (the patterns are matched by hand
// on characters, with the regex engines' semantics) and without allocating per substring.
// See CHANGES.md.

/// A match of a predictable pattern in the password.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "ser", derive(serde::Deserialize, serde::Serialize))]
pub struct Match {
    /// Beginning of the match.
    pub i: usize,
    /// End of the match.
    pub j: usize,
    /// Token that has been matched.
    pub token: String,
    /// Pattern type and details used to detect this match.
    #[cfg_attr(feature = "ser", serde(flatten))]
    pub pattern: MatchPattern,
    /// Estimated number of tries for guessing the match.
    pub guesses: Option<u64>,
}

impl Match {
    /// Get the range of the index of the chars that are included in the match.
    pub fn range_inclusive(&self) -> std::ops::RangeInclusive<usize> {
        self.i..=self.j
    }
}

#[allow(clippy::implicit_hasher)]
pub(crate) fn omnimatch(password: &str, user_inputs: &HashMap<String, usize>) -> Vec<Match> {
    let inputs = UserInputs::new(user_inputs);
    let mut matches = Vec::new();
    dictionary_matches(password, &inputs, &mut matches);
    reverse_dictionary_matches(password, &inputs, &mut matches);
    l33t_matches(password, &inputs, &mut matches);
    spatial_matches(password, &mut matches);
    repeat_matches(password, user_inputs, &mut matches);
    sequence_matches(password, &mut matches);
    regex_matches(password, &mut matches);
    date_matches(password, &mut matches);
    // Stable: matches with the same (i, j) stay in matcher order (the crate's unstable sort of
    // a HashMap-ordered list left it to chance).
    matches.sort_by(|a, b| a.i.cmp(&b.i).then_with(|| a.j.cmp(&b.j)));
    matches
}

/// The L33T substitution table, in the crate's order.
const L33T_TABLE: [(char, &[char]); 12] = [
    ('a', &['4', '@']),
    ('b', &['8']),
    ('c', &['(', '{', '[', '<']),
    ('e', &['3']),
    ('g', &['6', '9']),
    ('i', &['1', '!', '|']),
    ('l', &['1', '|', '7']),
    ('o', &['0']),
    ('s', &['$', '5']),
    ('t', &['+', '7']),
    ('x', &['%']),
    ('z', &['2']),
];

/// The keyboards, in matching order.
const GRAPHS: [(&str, Graph); 4] = [
    ("qwerty", adjacency_graphs::QWERTY),
    ("dvorak", adjacency_graphs::DVORAK),
    ("keypad", adjacency_graphs::KEYPAD),
    ("mac_keypad", adjacency_graphs::MAC_KEYPAD),
];

/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
trait Matcher: Send + Sync {
    fn get_matches(&self, password: &str, user_inputs: &HashMap<String, usize>) -> Vec<Match>;
}

/// The user inputs (lowercased, with their rank), hashed as the dictionaries are, and the
/// longest one in characters. There are few: a short list beats a map.
struct UserInputs {
    words: Vec<(u32, String, usize)>,
    max_chars: usize,
}

impl UserInputs {
    fn new(ranks: &HashMap<String, usize>) -> Self {
        let max_chars = ranks.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        let words = ranks.iter().map(|(w, &r)| (w.bytes().fold(HASH_SEED, hash_step), w.clone(), r)).collect();
        UserInputs { words, max_chars }
    }

    /// The rank of `word`, hashed to `h`, if it is a user input.
    #[inline]
    fn get(&self, word: &str, h: u32) -> Option<usize> {
        self.words.iter().find(|(wh, w, _)| *wh == h && w == word).map(|&(_, _, r)| r)
    }
}

/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
struct DictionaryMatch {}

/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
impl Matcher for DictionaryMatch {
    fn get_matches(&self, password: &str, user_inputs: &HashMap<String, usize>) -> Vec<Match> {
        let mut matches = Vec::new();
        dictionary_matches(password, &UserInputs::new(user_inputs), &mut matches);
        matches
    }
}

/// Every substring of `password` (by characters, i..=j) that is a word of a dictionary, looked
/// up in the password's lowercase form at the same character positions, as the crate does
/// (`str::to_lowercase` of the whole password, which can add characters: then positions
/// shift, and so they did in the crate).
///
fn dictionary_matches(password: &str, user_inputs: &UserInputs, out: &mut Vec<Match>) {
    let chars: Vec<char> = password.chars().collect();
    let len = chars.len();
    let lower = password.to_lowercase();
    let lower_bytes = lower.as_bytes();
    let mut bounds: Vec<usize> = lower.char_indices().map(|(b, _)| b).collect();
    let lower_chars = bounds.len();
    bounds.push(lower.len());
    // The crate's char_index(i..j + 1): to the end of the string when j + 1 reaches its length.
    let end_of = |j: usize| if j + 1 >= lower_chars { lower.len() } else { bounds[j + 1] };
    let words = ranked_words();
    for i in 0..len {
        let start = bounds[i];
        let mut h = HASH_SEED;
        // Every listed word is ASCII: no substring holding another byte is one. (Also cleared
        // when no word starts with the substring.)
        let mut ascii = true;
        for j in i..len {
            let n = j - i + 1;
            let in_dictionaries = ascii && n <= words.max_len;
            let in_user_inputs = n <= user_inputs.max_chars;
            if !in_dictionaries && !in_user_inputs {
                break;
            }
            let end = end_of(j);
            for &b in &lower_bytes[bounds[j].min(end)..end] {
                ascii &= b < 0x80;
                h = hash_step(h, b);
            }
            let word = &lower[start..end];
            if in_dictionaries && ascii && !words.may_start(h) {
                // Neither this substring nor any longer one from i is a word.
                ascii = false;
            }
            if in_dictionaries && ascii {
                if let Some((dictionary_name, rank)) = words.get(word.as_bytes(), h) {
                    out.push(dictionary_match(&chars, i, j, word, rank, dictionary_name));
                }
            }
            if in_user_inputs {
                if let Some(rank) = user_inputs.get(word, h) {
                    out.push(dictionary_match(&chars, i, j, word, rank, DictionaryType::UserInputs));
                }
            }
        }
    }
}

fn dictionary_match(chars: &[char], i: usize, j: usize, word: &str, rank: usize, dictionary_name: DictionaryType) -> Match {
    Match {
        pattern: MatchPattern::Dictionary(DictionaryPattern {
            matched_word: word.to_string(),
            rank,
            dictionary_name,
            ..DictionaryPattern::default()
        }),
        i,
        j,
        token: chars[i..=j].iter().collect(),
        ..Match::default()
    }
}

/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
struct ReverseDictionaryMatch {}

/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
impl Matcher for ReverseDictionaryMatch {
    fn get_matches(&self, password: &str, user_inputs: &HashMap<String, usize>) -> Vec<Match> {
        let mut matches = Vec::new();
        reverse_dictionary_matches(password, &UserInputs::new(user_inputs), &mut matches);
        matches
    }
}

fn reverse_dictionary_matches(password: &str, user_inputs: &UserInputs, out: &mut Vec<Match>) {
    let reversed_password = password.chars().rev().collect::<String>();
    let len = password.chars().count();
    let first = out.len();
    dictionary_matches(&reversed_password, user_inputs, out);
    for m in &mut out[first..] {
        // Reverse token back
        m.token = m.token.chars().rev().collect();
        if let MatchPattern::Dictionary(ref mut pattern) = m.pattern {
            pattern.reversed = true;
        }
        let old_i = m.i;
        m.i = len - 1 - m.j;
        m.j = len - 1 - old_i;
    }
}

/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
struct L33tMatch {}

/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
impl Matcher for L33tMatch {
    fn get_matches(&self, password: &str, user_inputs: &HashMap<String, usize>) -> Vec<Match> {
        let mut matches = Vec::new();
        l33t_matches(password, &UserInputs::new(user_inputs), &mut matches);
        matches
    }
}

/// Dictionary matches of the password with l33t characters substituted, that use at least one
/// substitution.
///
/// The crate tried each set of substitutions in turn: it looked up every substring of the
/// substituted password, then dropped the matches whose token, lowercased, is the matched word
/// (no substitution used). For an ASCII password that is exactly the substrings in which the
/// set substitutes nothing (the substitutes are never letters), and what a set finds in a
/// substring depends only on what it substitutes there: so `l33t_matches_ascii` looks up each
/// substring once per distinct substitution of its own characters, in the order the crate's
/// sets first produce them. Other passwords take the crate's way.
fn l33t_matches(password: &str, user_inputs: &UserInputs, out: &mut Vec<Match>) {
    let subs = l33t_substitutions(&relevant_l33t_subtable(password));
    if subs.first().map_or(true, Vec::is_empty) {
        return;
    }
    let chars: Vec<char> = password.chars().collect();
    if password.is_ascii() {
        l33t_matches_ascii(&chars, &subs, user_inputs, out);
        return;
    }
    let mut found = Vec::new();
    for sub in &subs {
        if sub.is_empty() {
            break;
        }
        let sub: HashMap<char, char> = sub.iter().copied().collect();
        let subbed_password = translate(password, &sub);
        found.clear();
        dictionary_matches(&subbed_password, user_inputs, &mut found);
        for m4tch in found.drain(..) {
            let (i, j) = (m4tch.i, m4tch.j);
            let token: String = chars[i..=j].iter().collect();
            let MatchPattern::Dictionary(pattern) = m4tch.pattern else {
                unreachable!()
            };
            if let Some(m) = l33t_match(token, pattern, i, j, sub.iter().map(|(a, b)| (*a, *b))) {
                out.push(m);
            }
        }
    }
}

/// The crate's l33t match from a dictionary match of the substituted password, or None when
/// the token uses no substitution.
fn l33t_match(
    token: String,
    mut pattern: DictionaryPattern,
    i: usize,
    j: usize,
    sub: impl Iterator<Item = (char, char)>,
) -> Option<Match> {
    if token.to_lowercase() == pattern.matched_word {
        // Only return the matches that contain an actual substitution
        return None;
    }
    let mut match_sub: Vec<(char, char)> = sub.filter(|&(subbed_chr, _)| token.contains(subbed_chr)).collect();
    // The crate listed them in HashMap order; sorted here, so the display is stable.
    match_sub.sort_unstable();
    pattern.l33t = true;
    pattern.sub_display = Some(match_sub.iter().map(|(k, v)| format!("{} -> {}", k, v)).collect::<Vec<_>>().join(", "));
    pattern.sub = Some(match_sub.into_iter().collect());
    if token.is_empty() {
        return None;
    }
    Some(Match { pattern: MatchPattern::Dictionary(pattern), i, j, token, ..Match::default() })
}

fn l33t_matches_ascii(chars: &[char], subs: &[Vec<(char, char)>], user_inputs: &UserInputs, out: &mut Vec<Match>) {
    let len = chars.len();
    let words = ranked_words();
    // The substituted characters, and what each set makes of each (0: left alone).
    let mut keys: Vec<char> = subs.iter().flat_map(|s| s.iter().map(|&(k, _)| k)).collect();
    keys.sort_unstable();
    keys.dedup();
    let key_of = |c: char| keys.iter().position(|&k| k == c);
    let assignments: Vec<Vec<u8>> = subs
        .iter()
        .map(|s| keys.iter().map(|k| s.iter().find(|(c, _)| c == k).map_or(0, |&(_, l)| l as u8)).collect())
        .collect();
    let lower: Vec<u8> = chars.iter().map(|c| c.to_ascii_lowercase() as u8).collect();
    let longest = words.max_len.max(user_inputs.max_chars);
    let mut word = Vec::with_capacity(longest);
    // What a set makes of each substituted character, as 4 bits (0: left alone) per character:
    // two sets substitute a substring alike when their codes, masked to it, are equal.
    let letter_code = |l: u8| L33T_TABLE.iter().position(|&(c, _)| c as u8 == l).map_or(0, |p| p as u128 + 1);
    let mut codes: Vec<u128> = vec![0; subs.len()];
    let mut seen: std::collections::HashSet<u128, std::hash::BuildHasherDefault<CodeHasher>> = Default::default();
    for i in 0..len {
        // The substituted characters in chars[i..=j], and the sets that substitute them
        // differently (the first set of each kind), for the current j.
        let mut present: Vec<usize> = Vec::new();
        let mut kinds: Vec<usize> = Vec::new();
        codes.iter_mut().for_each(|c| *c = 0);
        // Whether some word may still start at i: with the plain substring (what a set that
        // substitutes nothing yet sees) or with one of the kinds' substitutions.
        let mut plain_hash = HASH_SEED;
        let mut plain_alive = true;
        for j in i..len.min(i + longest) {
            plain_hash = hash_step(plain_hash, lower[j]);
            plain_alive &= words.may_start(plain_hash);
            let mut alive = plain_alive;
            if let Some(k) = key_of(chars[j]) {
                if !present.contains(&k) {
                    present.push(k);
                    seen.clear();
                    kinds.clear();
                    for (s, a) in assignments.iter().enumerate() {
                        codes[s] |= letter_code(a[k]) << (4 * k);
                        if codes[s] != 0 && seen.insert(codes[s]) {
                            kinds.push(s);
                        }
                    }
                }
            }
            let n = j - i + 1;
            for &s in &kinds {
                let a = &assignments[s];
                word.clear();
                word.extend((i..=j).map(|p| match key_of(chars[p]) {
                    Some(k) if a[k] != 0 => a[k],
                    _ => lower[p],
                }));
                let text = std::str::from_utf8(&word).expect("ASCII");
                let mut found = |rank: usize, dictionary_name: DictionaryType| {
                    let pattern = DictionaryPattern { matched_word: text.to_string(), rank, dictionary_name, ..DictionaryPattern::default() };
                    let token: String = chars[i..=j].iter().collect();
                    let sub = present.iter().filter(|&&k| a[k] != 0).map(|&k| (keys[k], a[k] as char));
                    if let Some(m) = l33t_match(token, pattern, i, j, sub) {
                        out.push(m);
                    }
                };
                let h = word.iter().fold(HASH_SEED, |h, &b| hash_step(h, b));
                let may_start = words.may_start(h);
                alive |= may_start;
                if n <= words.max_len && may_start {
                    if let Some((dictionary_name, rank)) = words.get(&word, h) {
                        found(rank, dictionary_name);
                    }
                }
                if n <= user_inputs.max_chars {
                    if let Some(rank) = user_inputs.get(text, h) {
                        found(rank, DictionaryType::UserInputs);
                    }
                }
            }
            if !alive && n >= user_inputs.max_chars {
                // No longer substring from i is a word or a user input, substituted or not.
                break;
            }
        }
    }
}

/// A multiply-rotate hash for the l33t codes (SipHash was most of the time of long passwords).
#[derive(Default)]
struct CodeHasher(u64);

impl std::hash::Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u128(&mut self, n: u128) {
        self.write_u64(n as u64);
        self.write_u64((n >> 64) as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

fn translate(string: &str, chr_map: &HashMap<char, char>) -> String {
    string
        .chars()
        .map(|c| *chr_map.get(&c).unwrap_or(&c))
        .collect()
}

fn relevant_l33t_subtable(password: &str) -> HashMap<char, Vec<char>> {
    let mut subtable: HashMap<char, Vec<char>> = HashMap::new();
    for (letter, subs) in L33T_TABLE.iter() {
        let relevant_subs: Vec<char> = subs.iter().filter(|&&x| password.contains(x)).cloned().collect();
        if !relevant_subs.is_empty() {
            subtable.insert(*letter, relevant_subs);
        }
    }
    subtable
}

/// The crate's enumeration, with the table's letters taken in alphabetical order (the crate
/// took them in HashMap order, which only changed the order of the list). For the unit tests.
#[cfg(test)]
fn enumerate_l33t_replacements(table: &HashMap<char, Vec<char>>) -> Vec<HashMap<char, char>> {
    l33t_substitutions(table).into_iter().map(|sub| sub.into_iter().collect()).collect()
}

/// The sets of enumerate_l33t_replacements as lists of (l33t character, letter), in the same
/// order. The crate passed each list through itertools' `unique()`, which never removed
/// anything: a list never holds one l33t character twice (extending adds a character not yet
/// in it; the alternative replaces the entry of the character it adds), so no pair repeats.
fn l33t_substitutions(table: &HashMap<char, Vec<char>>) -> Vec<Vec<(char, char)>> {
    let mut keys: Vec<char> = table.keys().cloned().collect();
    keys.sort_unstable();
    let mut subs: Vec<Vec<(char, char)>> = vec![vec![]];
    for first_key in &keys {
        let mut next_subs: Vec<Vec<(char, char)>> = Vec::new();
        for l33t_chr in &table[first_key] {
            for sub in &subs {
                match sub.iter().position(|item| item.0 == *l33t_chr) {
                    Some(idx) => {
                        let mut sub_alternative = sub.clone();
                        sub_alternative.remove(idx);
                        sub_alternative.push((*l33t_chr, *first_key));
                        next_subs.push(sub.clone());
                        next_subs.push(sub_alternative);
                    }
                    None => {
                        let mut sub_extension = sub.clone();
                        sub_extension.push((*l33t_chr, *first_key));
                        next_subs.push(sub_extension);
                    }
                }
            }
        }
        subs = next_subs;
    }
    subs
}

/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
struct SpatialMatch {}

/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
impl Matcher for SpatialMatch {
    fn get_matches(&self, password: &str, _user_inputs: &HashMap<String, usize>) -> Vec<Match> {
        let mut matches = Vec::new();
        spatial_matches(password, &mut matches);
        matches
    }
}

fn spatial_matches(password: &str, out: &mut Vec<Match>) {
    let chars: Vec<char> = password.chars().collect();
    for (graph_name, graph) in GRAPHS {
        spatial_match_helper(&chars, graph, graph_name, out);
    }
}

const SHIFTED_CHARS: [char; 49] = [
    '[', '~', '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', 'Q', 'W', 'E', 'R', 'T',
    'Y', 'U', 'I', 'O', 'P', '{', '}', '|', 'A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"',
    'Z', 'X', 'C', 'V', 'B', 'N', 'M', '<', '>', '?', ']',
];

fn spatial_match_helper(password: &[char], graph: Graph, graph_name: &str, matches: &mut Vec<Match>) {
    let password_len = password.len();
    if password_len <= 2 {
        return;
    }
    let keyboard = ["qwerty", "dvorak"].contains(&graph_name);
    let mut i = 0;
    while i < password_len - 1 {
        let mut j = i + 1;
        let mut last_direction = None;
        let mut turns = 0;
        let mut shifted_count = if keyboard && SHIFTED_CHARS.contains(&password[i]) { 1 } else { 0 };
        loop {
            let prev_char = password[j - 1];
            let mut found = false;
            let found_direction;
            let mut cur_direction = -1;
            let adjacents = adjacency_graphs::neighbours(graph, prev_char).unwrap_or_default();
            // consider growing pattern by one character if j hasn't gone over the edge.
            if j < password_len {
                let cur_char = password[j];
                for adj in adjacents {
                    cur_direction += 1;
                    if let Some(adj) = adj {
                        if let Some(adj_position) = adj.find(cur_char) {
                            found = true;
                            found_direction = cur_direction;
                            if adj_position == 1 {
                                // index 1 in the adjacency means the key is shifted,
                                // 0 means unshifted: A vs a, % vs 5, etc.
                                // for example, 'q' is adjacent to the entry '2@'.
                                // @ is shifted w/ index 1, 2 is unshifted.
                                shifted_count += 1;
                            }
                            if last_direction != Some(found_direction) {
                                // adding a turn is correct even in the initial case when last_direction is null:
                                // every spatial pattern starts with a turn.
                                turns += 1;
                                last_direction = Some(found_direction);
                            }
                            break;
                        }
                    }
                }
            }
            if found {
                // if the current pattern continued, extend j and try to grow again
                j += 1;
            } else {
                // otherwise push the pattern discovered so far, if any...
                if j - i > 2 {
                    // Don't consider length 1 or 2 chains
                    let pattern = MatchPattern::Spatial(SpatialPattern {
                        graph: graph_name.to_string(),
                        turns,
                        shifted_count,
                    });
                    matches.push(Match {
                        pattern,
                        i,
                        j: j - 1,
                        token: password[i..j].iter().collect(),
                        ..Match::default()
                    });
                }
                i = j;
                break;
            }
        }
    }
}

/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
struct RepeatMatch {}

/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
impl Matcher for RepeatMatch {
    fn get_matches(&self, password: &str, user_inputs: &HashMap<String, usize>) -> Vec<Match> {
        let mut matches = Vec::new();
        repeat_matches(password, user_inputs, &mut matches);
        matches
    }
}

fn repeat_matches(password: &str, user_inputs: &HashMap<String, usize>, matches: &mut Vec<Match>) {
    let chars: Vec<char> = password.chars().collect();
    let char_count = chars.len();
    let mut last_index = 0;
    while last_index < char_count {
        let token = &chars[last_index..];
        let Some(greedy) = find_repeat(token, false) else {
            break;
        };
        let lazy = find_repeat(token, true).expect("lazy matches where greedy does");
        let ((start, _, match_len), base_token) = if greedy.2 > lazy.2 {
            // greedy beats lazy for 'aabaab'
            //   greedy: [aabaab, aab]
            //   lazy:   [aa,     a]
            // greedy's repeated string might itself be repeated, eg.
            // aabaab in aabaabaabaab.
            // run an anchored lazy match on greedy's repeated string
            // to find the shortest repeated string
            let m = &token[greedy.0..greedy.0 + greedy.2];
            (greedy, m[..shortest_period(m).expect("a repeat has a period")].iter().collect::<String>())
        } else {
            // lazy beats greedy for 'aaaaa'
            //   greedy: [aaaa,  aa]
            //   lazy:   [aaaaa, a]
            (lazy, token[lazy.0..lazy.0 + lazy.1].iter().collect::<String>())
        };
        let (i, j) = (last_index + start, last_index + start + match_len - 1);
        // recursively match and score the base string
        let base_analysis =
            super::scoring::most_guessable_match_sequence(&base_token, &omnimatch(&base_token, user_inputs), false);
        let base_matches = base_analysis.sequence;
        let base_guesses = base_analysis.guesses;
        let pattern = MatchPattern::Repeat(RepeatPattern {
            repeat_count: match_len / base_token.chars().count(),
            base_token,
            base_guesses,
            base_matches,
        });
        matches.push(Match {
            pattern,
            i,
            j,
            token: token[start..start + match_len].iter().collect(),
            ..Match::default()
        });
        last_index = j + 1;
    }
}

const MAX_DELTA: i32 = 5;

/// Identifies sequences by looking for repeated differences in unicode codepoint.
/// this allows skipping, such as 9753, and also matches some extended unicode sequences
/// such as Greek and Cyrillic alphabets.
///
/// for example, consider the input 'abcdb975zy'
///
/// password: a   b   c   d   b    9   7   5   z   y
/// index:    0   1   2   3   4    5   6   7   8   9
/// delta:        1   1   1  -2  -41  -2  -2  69   1
///
/// expected result:
/// `[(i, j, delta), ...] = [(0, 3, 1), (5, 7, -2), (8, 9, 1)]`
/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
struct SequenceMatch {}

/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
impl Matcher for SequenceMatch {
    fn get_matches(&self, password: &str, _user_inputs: &HashMap<String, usize>) -> Vec<Match> {
        let mut matches = Vec::new();
        sequence_matches(password, &mut matches);
        matches
    }
}

fn sequence_matches(password: &str, matches: &mut Vec<Match>) {
    fn update(i: usize, j: usize, delta: i32, password: &[char], matches: &mut Vec<Match>) {
        let delta_abs = delta.abs();
        if (j - i > 1 || delta_abs == 1) && (0 < delta_abs && delta_abs <= MAX_DELTA) {
            let token = password[i..=j].iter().collect::<String>();
            let first_chr = password[i];
            let (sequence_name, sequence_space) = if first_chr.is_lowercase() {
                ("lower", 26)
            } else if first_chr.is_uppercase() {
                ("upper", 26)
            } else if first_chr.is_ascii_digit() {
                ("digits", 10)
            } else {
                // conservatively stick with roman alphabet size.
                // (this could be improved)
                ("unicode", 26)
            };
            let pattern = MatchPattern::Sequence(SequencePattern {
                sequence_name: sequence_name.to_owned(),
                sequence_space,
                ascending: delta > 0,
            });
            matches.push(Match {
                pattern,
                i,
                j,
                token,
                ..Match::default()
            });
        }
    }

    let chars: Vec<char> = password.chars().collect();
    let password_len = chars.len();
    if password_len <= 1 {
        return;
    }

    let mut i = 0;
    let mut j;
    let mut last_delta = 0;

    for k in 1..password_len {
        let delta = chars[k] as i32 - chars[k - 1] as i32;
        if last_delta == 0 {
            last_delta = delta;
        }
        if last_delta == delta {
            continue;
        }
        j = k - 1;
        update(i, j, last_delta, &chars, matches);
        i = j;
        last_delta = delta;
    }
    update(i, password_len - 1, last_delta, &chars, matches);
}

/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
struct RegexMatch {}

/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
impl Matcher for RegexMatch {
    fn get_matches(&self, password: &str, _user_inputs: &HashMap<String, usize>) -> Vec<Match> {
        let mut matches = Vec::new();
        regex_matches(password, &mut matches);
        matches
    }
}

/// The crate's only regex, recent_year `19[0-9]{2}|20[0-9]{2}`, every match (regexes.rs).
fn regex_matches(password: &str, matches: &mut Vec<Match>) {
    let chars: Vec<char> = password.chars().collect();
    for k in recent_years(&chars) {
        let token: String = chars[k..k + 4].iter().collect();
        matches.push(Match {
            pattern: MatchPattern::Regex(RegexPattern {
                regex_name: "recent_year".to_owned(),
                regex_match: vec![token.clone()],
            }),
            token,
            i: k,
            j: k + 3,
            ..Match::default()
        });
    }
}

/// a "date" is recognized as:
///   any 3-tuple that starts or ends with a 2- or 4-digit year,
///   with 2 or 0 separator chars (1.1.91 or 1191),
///   maybe zero-padded (01-01-91 vs 1-1-91),
///   a month between 1 and 12,
///   a day between 1 and 31.
///
/// note: this isn't true date parsing in that "feb 31st" is allowed,
/// this doesn't check for leap years, etc.
///
/// recipe:
/// start with regex to find maybe-dates, then attempt to map the integers
/// onto month-day-year to filter the maybe-dates into dates.
/// finally, remove matches that are substrings of other matches to reduce noise.
///
/// note: instead of using a lazy or greedy regex to find many dates over the full string,
/// this uses a ^...$ regex against every substring of the password -- less performant but leads
/// to every possible date match.
/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
struct DateMatch {}

/// The crate's per-matcher entry point, kept for its unit tests.
#[cfg(test)]
impl Matcher for DateMatch {
    fn get_matches(&self, password: &str, _user_inputs: &HashMap<String, usize>) -> Vec<Match> {
        let mut matches = Vec::new();
        date_matches(password, &mut matches);
        matches
    }
}

/// The digits as a number (at most 4 of them here, as the crate's regexes allow).
fn number(digits: &[char]) -> u16 {
    digits.iter().fold(0, |n, &c| n * 10 + (c as u16 - '0' as u16))
}

fn date_matches(password: &str, out: &mut Vec<Match>) {
    let mut matches = Vec::new();
    let chars: Vec<char> = password.chars().collect();

    let password_len = chars.len();
    // dates without separators are between length 4 '1191' and 8 '11111991'
    if password_len < 4 {
        return;
    }
    for i in 0..(password_len - 3) {
        for j in (i + 3)..(i + 8) {
            if j >= password_len {
                break;
            }
            let token = &chars[i..=j];
            if !is_maybe_date_without_separator(token) {
                // Nor is any longer substring from i (it holds the same non-digit).
                break;
            }
            let mut candidates = Vec::new();
            for &(k, l) in date_splits(token.len()) {
                let ymd = map_ints_to_ymd(number(&token[..k]), number(&token[k..l]), number(&token[l..]));
                if let Some(ymd) = ymd {
                    candidates.push(ymd);
                }
            }
            if candidates.is_empty() {
                continue;
            }
            // at this point: different possible ymd mappings for the same i,j substring.
            // match the candidate date that likely takes the fewest guesses: a year closest to 2000.
            // (scoring.REFERENCE_YEAR).
            //
            // ie, considering '111504', prefer 11-15-04 to 1-1-1504
            // (interpreting '04' as 2004)
            let reference_year = super::scoring::reference_year();
            let metric = |candidate: &(i32, i8, i8)| (candidate.0 - reference_year).abs();
            let best_candidate = candidates.iter().min_by_key(|&c| metric(c)).unwrap();
            let pattern = MatchPattern::Date(DatePattern {
                separator: String::new(),
                year: best_candidate.0,
                month: best_candidate.1,
                day: best_candidate.2,
            });
            matches.push(Match {
                pattern,
                token: token.iter().collect(),
                i,
                j,
                ..Match::default()
            });
        }
    }

    // dates with separators are between length 6 '1/1/91' and 10 '11/11/1991'
    if password_len >= 6 {
        for i in 0..(password_len - 5) {
            if !chars[i].is_ascii_digit() {
                // No maybe-date with separators starts here.
                continue;
            }
            for j in (i + 5)..(i + 10) {
                if j >= password_len {
                    break;
                }
                let token = &chars[i..=j];
                let Some((first, sep1, second, sep2, third)) = maybe_date_with_separator(token) else {
                    continue;
                };
                if sep1 != sep2 {
                    // Original code uses regex backreferences, Rust doesn't support these.
                    // Need to manually test that group 2 and 4 are the same
                    continue;
                }
                if let Some(ymd) = map_ints_to_ymd(number(first), number(second), number(third)) {
                    let pattern = MatchPattern::Date(DatePattern {
                        separator: sep1.to_string(),
                        year: ymd.0,
                        month: ymd.1,
                        day: ymd.2,
                    });
                    matches.push(Match {
                        pattern,
                        token: token.iter().collect(),
                        i,
                        j,
                        ..Match::default()
                    });
                }
            }
        }
    }

    out.extend(
        matches
            .iter()
            .filter(|&x| !matches.iter().any(|y| *x != *y && y.i <= x.i && y.j >= x.j))
            .cloned(),
    );
}
/// Takes three ints and returns them in a (y, m, d) tuple
fn map_ints_to_ymd(first: u16, second: u16, third: u16) -> Option<(i32, i8, i8)> {
    // given a 3-tuple, discard if:
    //   middle int is over 31 (for all ymd formats, years are never allowed in the middle)
    //   middle int is zero
    //   any int is over the max allowable year
    //   any int is over two digits but under the min allowable year
    //   2 ints are over 31, the max allowable day
    //   2 ints are zero
    //   all ints are over 12, the max allowable month
    if second > 31 || second == 0 {
        return None;
    }
    let mut over_12 = 0;
    let mut over_31 = 0;
    let mut zero = 0;
    for &i in &[first, second, third] {
        if 99 < i && i < DATE_MIN_YEAR || i > DATE_MAX_YEAR {
            return None;
        }
        if i > 31 {
            over_31 += 1;
        }
        if i > 12 {
            over_12 += 1;
        }
        if i == 0 {
            zero += 1;
        }
    }
    if over_31 >= 2 || over_12 == 3 || zero >= 2 {
        return None;
    }

    // first look for a four digit year: yyyy + daymonth or daymonth + yyyy
    let possible_year_splits = &[(third, first, second), (first, second, third)];
    for &(year, second, third) in possible_year_splits {
        if (DATE_MIN_YEAR..=DATE_MAX_YEAR).contains(&year) {
            let dm = map_ints_to_md(second, third);
            if let Some(dm) = dm {
                return Some((i32::from(year), dm.0, dm.1));
            } else {
                // for a candidate that includes a four-digit year,
                // when the remaining ints don't match to a day and month,
                // it is not a date.
                return None;
            }
        }
    }

    // given no four-digit year, two digit years are the most flexible int to match, so
    // try to parse a day-month out of (first, second) or (second, first)
    for &(year, second, third) in possible_year_splits {
        let dm = map_ints_to_md(second, third);
        if let Some(dm) = dm {
            let year = two_to_four_digit_year(year);
            return Some((i32::from(year), dm.0, dm.1));
        }
    }

    None
}

/// Takes two ints and returns them in a (m, d) tuple
fn map_ints_to_md(first: u16, second: u16) -> Option<(i8, i8)> {
    for &(d, m) in &[(first, second), (second, first)] {
        if (1..=31).contains(&d) && (1..=12).contains(&m) {
            return Some((m as i8, d as i8));
        }
    }
    None
}

fn two_to_four_digit_year(year: u16) -> u16 {
    if year > 99 {
        year
    } else if year > 50 {
        // 87 -> 1987
        year + 1900
    } else {
        // 15 -> 2015
        year + 2000
    }
}

const DATE_MIN_YEAR: u16 = 1000;
const DATE_MAX_YEAR: u16 = 2050;

/// Where a maybe-date without separators of each length splits into three numbers.
fn date_splits(len: usize) -> &'static [(usize, usize)] {
    match len {
        // for length-4 strings, eg 1191 or 9111, two ways to split:
        // 1 1 91 (2nd split starts at index 1, 3rd at index 2)
        // 91 1 1
        4 => &[(1, 2), (2, 3)],
        // 1 11 91
        // 11 1 91
        5 => &[(1, 3), (2, 3)],
        // 1 1 1991
        // 11 11 91
        // 1991 1 1
        6 => &[(1, 2), (2, 4), (4, 5)],
        // 1 11 1991
        // 11 1 1991
        // 1991 1 11
        // 1991 11 1
        7 => &[(1, 3), (2, 3), (4, 5), (4, 6)],
        // 11 11 1991
        // 1991 11 11
        8 => &[(2, 4), (4, 6)],
        _ => unreachable!("maybe-dates have 4 to 8 digits"),
    }
}

#[cfg(test)]
mod tests {
    use crate::matching;
    use crate::matching::patterns::*;
    use crate::matching::Matcher;
    use std::collections::HashMap;

    #[test]
    fn test_translate() {
        let chr_map = vec![('a', 'A'), ('b', 'B')]
            .into_iter()
            .collect::<HashMap<char, char>>();
        let test_data = [
            ("a", chr_map.clone(), "A"),
            ("c", chr_map.clone(), "c"),
            ("ab", chr_map.clone(), "AB"),
            ("abc", chr_map.clone(), "ABc"),
            ("aa", chr_map.clone(), "AA"),
            ("abab", chr_map.clone(), "ABAB"),
            ("", chr_map, ""),
            ("", HashMap::new(), ""),
            ("abc", HashMap::new(), "abc"),
        ];
        for &(string, ref map, result) in &test_data {
            assert_eq!(matching::translate(string, map), result);
        }
    }

    #[test]
    fn test_dictionary_matches_words_that_contain_other_words() {
        let matches = (matching::DictionaryMatch {}).get_matches("motherboard", &HashMap::new());
        let patterns = ["mother", "motherboard", "board"];
        let ijs = [(0, 5), (0, 10), (6, 10)];
        for (k, &pattern) in patterns.iter().enumerate() {
            let m = matches.iter().find(|m| m.token == *pattern).unwrap();
            let (i, j) = ijs[k];
            assert_eq!(m.i, i);
            assert_eq!(m.j, j);
            if let MatchPattern::Dictionary(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
        }
    }

    #[test]
    fn test_dictionary_matches_multiple_words_when_they_overlap() {
        let matches = (matching::DictionaryMatch {}).get_matches("1abcdef12", &HashMap::new());
        let patterns = ["1abcdef", "abcdef12"];
        let ijs = [(0, 6), (1, 8)];
        for (k, &pattern) in patterns.iter().enumerate() {
            let m = matches.iter().find(|m| m.token == *pattern).unwrap();
            let (i, j) = ijs[k];
            assert_eq!(m.i, i);
            assert_eq!(m.j, j);
            if let MatchPattern::Dictionary(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
        }
    }

    #[test]
    fn test_dictionary_ignores_uppercasing() {
        let matches = (matching::DictionaryMatch {}).get_matches("BoaRdZ", &HashMap::new());
        let patterns = ["BoaRd"];
        let ijs = [(0, 4)];
        for (k, &pattern) in patterns.iter().enumerate() {
            let m = matches.iter().find(|m| m.token == *pattern).unwrap();
            let (i, j) = ijs[k];
            assert_eq!(m.i, i);
            assert_eq!(m.j, j);
            if let MatchPattern::Dictionary(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
        }
    }

    #[test]
    fn test_dictionary_identifies_words_surrounded_by_non_words() {
        let matches = (matching::DictionaryMatch {}).get_matches("asdf1234&*", &HashMap::new());
        let patterns = ["asdf", "asdf1234"];
        let ijs = [(0, 3), (0, 7)];
        for (k, &pattern) in patterns.iter().enumerate() {
            let m = matches.iter().find(|m| m.token == *pattern).unwrap();
            let (i, j) = ijs[k];
            assert_eq!(m.i, i);
            assert_eq!(m.j, j);
            if let MatchPattern::Dictionary(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
        }
    }

    #[test]
    fn test_dictionary_matches_user_inputs() {
        use crate::frequency_lists::DictionaryType;
        let user_inputs = [("bejeebus".to_string(), 1)]
            .iter()
            .cloned()
            .collect::<HashMap<String, usize>>();
        let matches = (matching::DictionaryMatch {}).get_matches("bejeebus", &user_inputs);
        let patterns = ["bejeebus"];
        let ijs = [(0, 7)];
        for (k, &pattern) in patterns.iter().enumerate() {
            let m = matches.iter().find(|m| m.token == *pattern).unwrap();
            let (i, j) = ijs[k];
            assert_eq!(m.i, i);
            assert_eq!(m.j, j);
            let p = if let MatchPattern::Dictionary(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
            assert_eq!(p.dictionary_name, DictionaryType::UserInputs);
        }
    }

    #[test]
    fn test_dictionary_matches_against_reversed_words() {
        let matches = (matching::ReverseDictionaryMatch {}).get_matches("rehtom", &HashMap::new());
        let patterns = ["rehtom"];
        let ijs = [(0, 5)];
        for (k, &pattern) in patterns.iter().enumerate() {
            let m = matches.iter().find(|m| m.token == *pattern).unwrap();
            let (i, j) = ijs[k];
            assert_eq!(m.i, i);
            assert_eq!(m.j, j);
            let p = if let MatchPattern::Dictionary(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
            assert!(p.reversed);
        }
    }

    #[test]
    fn test_reduces_l33t_table_to_only_relevant_substitutions() {
        let test_data = vec![
            ("", HashMap::new()),
            ("a", HashMap::new()),
            ("4", vec![('a', vec!['4'])].into_iter().collect()),
            ("4@", vec![('a', vec!['4', '@'])].into_iter().collect()),
            (
                "4({60",
                vec![
                    ('a', vec!['4']),
                    ('c', vec!['(', '{']),
                    ('g', vec!['6']),
                    ('o', vec!['0']),
                ]
                .into_iter()
                .collect(),
            ),
        ];
        for (pw, expected) in test_data {
            assert_eq!(matching::relevant_l33t_subtable(pw), expected);
        }
    }

    #[test]
    fn test_enumerates_sets_of_l33t_subs_a_password_might_be_using() {
        let test_data = vec![
            (HashMap::new(), vec![HashMap::new()]),
            (
                vec![('a', vec!['@'])].into_iter().collect(),
                vec![vec![('@', 'a')].into_iter().collect()],
            ),
            (
                vec![('a', vec!['@', '4'])].into_iter().collect(),
                vec![
                    vec![('@', 'a')].into_iter().collect(),
                    vec![('4', 'a')].into_iter().collect(),
                ],
            ),
            (
                vec![('a', vec!['@', '4']), ('c', vec!['('])]
                    .into_iter()
                    .collect(),
                vec![
                    vec![('@', 'a'), ('(', 'c')].into_iter().collect(),
                    vec![('4', 'a'), ('(', 'c')].into_iter().collect(),
                ],
            ),
        ];
        for (table, subs) in test_data {
            assert_eq!(matching::enumerate_l33t_replacements(&table), subs);
        }
    }

    #[test]
    fn test_dictionary_matches_against_l33t_words() {
        let matches = (matching::L33tMatch {}).get_matches("m0th3r", &HashMap::new());
        let patterns = ["m0th3r"];
        let ijs = [(0, 5)];
        for (k, &pattern) in patterns.iter().enumerate() {
            let m = matches.iter().find(|m| m.token == *pattern).unwrap();
            let (i, j) = ijs[k];
            assert_eq!(m.i, i);
            assert_eq!(m.j, j);
            let p = if let MatchPattern::Dictionary(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
            assert!(p.l33t);
        }
    }

    #[test]
    fn test_dictionary_matches_overlapping_l33ted_words() {
        let matches = (matching::L33tMatch {}).get_matches("p@ssw0rd", &HashMap::new());
        let patterns = ["p@ss", "@ssw0rd"];
        let ijs = [(0, 3), (1, 7)];
        for (k, &pattern) in patterns.iter().enumerate() {
            let m = matches.iter().find(|m| m.token == *pattern).unwrap();
            let (i, j) = ijs[k];
            assert_eq!(m.i, i);
            assert_eq!(m.j, j);
            let p = if let MatchPattern::Dictionary(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
            assert!(p.l33t);
        }
    }

    #[test]
    fn test_doesnt_match_when_multiple_l33t_subs_needed_for_same_letter() {
        let matches = (matching::L33tMatch {}).get_matches("p4@ssword", &HashMap::new());
        assert!(!matches.iter().any(|m| &m.token == "p4@ssword"));
    }

    #[test]
    fn test_doesnt_match_single_character_l33ted_words() {
        let matches = (matching::L33tMatch {}).get_matches("4 ( @", &HashMap::new());
        assert!(matches.is_empty());
    }

    #[test]
    fn test_doesnt_match_1_and_2_char_spatial_patterns() {
        for password in &["", "/", "qw", "*/"] {
            let result = (matching::SpatialMatch {}).get_matches(password, &HashMap::new());
            assert!(!result.into_iter().any(|m| m.token == *password));
        }
    }

    #[test]
    fn test_matches_spatial_patterns_surrounded_by_non_spatial_patterns() {
        let password = "6tfGHJ";
        let m = (matching::SpatialMatch {})
            .get_matches(password, &HashMap::new())
            .into_iter()
            .find(|m| m.token == *password)
            .unwrap();
        let p = if let MatchPattern::Spatial(ref p) = m.pattern {
            p
        } else {
            panic!("Wrong match pattern")
        };
        assert_eq!(p.graph, "qwerty".to_string());
        assert_eq!(p.turns, 2);
        assert_eq!(p.shifted_count, 3);
    }

    #[test]
    fn test_matches_pattern_as_a_keyboard_pattern() {
        let test_data = vec![
            ("12345", "qwerty", 1, 0),
            ("@WSX", "qwerty", 1, 4),
            ("6tfGHJ", "qwerty", 2, 3),
            ("hGFd", "qwerty", 1, 2),
            ("/;p09876yhn", "qwerty", 3, 0),
            ("Xdr%", "qwerty", 1, 2),
            ("159-", "keypad", 1, 0),
            ("*84", "keypad", 1, 0),
            ("/8520", "keypad", 1, 0),
            ("369", "keypad", 1, 0),
            ("/963.", "mac_keypad", 1, 0),
            ("*-632.0214", "mac_keypad", 9, 0),
            ("aoEP%yIxkjq:", "dvorak", 4, 5),
            (";qoaOQ:Aoq;a", "dvorak", 11, 4),
        ];
        for (password, keyboard, turns, shifts) in test_data {
            let matches = (matching::SpatialMatch {}).get_matches(password, &HashMap::new());
            let m = matches
                .into_iter()
                .find(|m| {
                    if let MatchPattern::Spatial(ref p) = m.pattern {
                        if m.token == *password && p.graph == keyboard {
                            return true;
                        }
                    };
                    false
                })
                .unwrap();
            let p = if let MatchPattern::Spatial(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
            assert_eq!(p.turns, turns);
            assert_eq!(p.shifted_count, shifts);
        }
    }

    #[test]
    fn test_doesnt_match_len_1_sequences() {
        for &password in &["", "a", "1"] {
            assert_eq!(
                (matching::SequenceMatch {}).get_matches(password, &HashMap::new()),
                Vec::new()
            );
        }
    }

    #[test]
    fn test_matches_overlapping_sequences() {
        let password = "abcbabc";
        let matches = (matching::SequenceMatch {}).get_matches(password, &HashMap::new());
        for &(pattern, i, j, ascending) in &[
            ("abc", 0, 2, true),
            ("cba", 2, 4, false),
            ("abc", 4, 6, true),
        ] {
            let m = matches
                .iter()
                .find(|m| m.token == *pattern && m.i == i && m.j == j)
                .unwrap();
            let p = if let MatchPattern::Sequence(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
            assert_eq!(p.ascending, ascending);
        }
    }

    #[test]
    fn test_matches_embedded_sequence_patterns() {
        let password = "!jihg22";
        let matches = (matching::SequenceMatch {}).get_matches(password, &HashMap::new());
        let m = matches.iter().find(|m| &m.token == "jihg").unwrap();
        let p = if let MatchPattern::Sequence(ref p) = m.pattern {
            p
        } else {
            panic!("Wrong match pattern")
        };
        assert_eq!(p.sequence_name, "lower");
        assert!(!p.ascending);
    }

    #[test]
    fn test_matches_pattern_as_sequence() {
        let test_data = [
            ("ABC", "upper", true),
            ("CBA", "upper", false),
            ("PQR", "upper", true),
            ("RQP", "upper", false),
            ("XYZ", "upper", true),
            ("ZYX", "upper", false),
            ("abcd", "lower", true),
            ("dcba", "lower", false),
            ("jihg", "lower", false),
            ("wxyz", "lower", true),
            ("zxvt", "lower", false),
            ("0369", "digits", true),
            ("97531", "digits", false),
        ];
        for &(pattern, name, is_ascending) in &test_data {
            let matches = (matching::SequenceMatch {}).get_matches(pattern, &HashMap::new());
            let m = matches.iter().find(|m| m.token == *pattern).unwrap();
            assert_eq!(m.i, 0);
            assert_eq!(m.j, pattern.len() - 1);
            let p = if let MatchPattern::Sequence(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
            assert_eq!(p.sequence_name, name);
            assert_eq!(p.ascending, is_ascending);
        }
    }

    #[test]
    fn test_doesnt_match_len_1_repeat_patterns() {
        for &password in &["", "#"] {
            assert_eq!(
                (matching::RepeatMatch {}).get_matches(password, &HashMap::new()),
                Vec::new()
            );
        }
    }

    #[test]
    fn test_matches_embedded_repeat_patterns() {
        let password = "y4@&&&&&u%7";
        let (i, j) = (3, 7);
        let matches = (matching::RepeatMatch {}).get_matches(password, &HashMap::new());
        let m = matches.iter().find(|m| &m.token == "&&&&&").unwrap();
        assert_eq!(m.i, i);
        assert_eq!(m.j, j);
        let p = if let MatchPattern::Repeat(ref p) = m.pattern {
            p
        } else {
            panic!("Wrong match pattern")
        };
        assert_eq!(p.base_token, "&".to_string());
    }

    #[test]
    fn test_repeats_with_base_character() {
        for len in 3..13 {
            for &chr in &['a', 'Z', '4', '&'] {
                let password = (0..len).map(|_| chr).collect::<String>();
                let matches = (matching::RepeatMatch {}).get_matches(&password, &HashMap::new());
                let m = matches
                    .iter()
                    .find(|m| {
                        if let MatchPattern::Repeat(ref p) = m.pattern {
                            if p.base_token == format!("{}", chr) {
                                return true;
                            }
                        };
                        false
                    })
                    .unwrap();
                assert_eq!(m.i, 0);
                assert_eq!(m.j, len - 1);
            }
        }
    }

    #[test]
    fn test_multiple_adjacent_repeats() {
        let password = "BBB1111aaaaa@@@@@@";
        let matches = (matching::RepeatMatch {}).get_matches(password, &HashMap::new());
        let test_data = [
            ("BBB", 0, 2),
            ("1111", 3, 6),
            ("aaaaa", 7, 11),
            ("@@@@@@", 12, 17),
        ];
        for &(pattern, i, j) in &test_data {
            let m = matches.iter().find(|m| m.token == pattern).unwrap();
            assert_eq!(m.i, i);
            assert_eq!(m.j, j);
            let p = if let MatchPattern::Repeat(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
            assert_eq!(p.base_token, pattern[0..1].to_string());
        }
    }

    #[test]
    fn test_multiple_non_adjacent_repeats() {
        let password = "2818BBBbzsdf1111@*&@!aaaaaEUDA@@@@@@1729";
        let matches = (matching::RepeatMatch {}).get_matches(password, &HashMap::new());
        let test_data = [
            ("BBB", 4, 6),
            ("1111", 12, 15),
            ("aaaaa", 21, 25),
            ("@@@@@@", 30, 35),
        ];
        for &(pattern, i, j) in &test_data {
            let m = matches.iter().find(|m| m.token == pattern).unwrap();
            assert_eq!(m.i, i);
            assert_eq!(m.j, j);
            let p = if let MatchPattern::Repeat(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
            assert_eq!(p.base_token, pattern[0..1].to_string());
        }
    }

    #[test]
    fn test_multiple_character_repeats() {
        let password = "abab";
        let (i, j) = (0, 3);
        let matches = (matching::RepeatMatch {}).get_matches(password, &HashMap::new());
        let m = matches.iter().find(|m| m.token == *password).unwrap();
        assert_eq!(m.i, i);
        assert_eq!(m.j, j);
        let p = if let MatchPattern::Repeat(ref p) = m.pattern {
            p
        } else {
            panic!("Wrong match pattern")
        };
        assert_eq!(p.base_token, "ab".to_string());
    }

    #[test]
    fn test_matches_longest_repeat() {
        let password = "aabaab";
        let (i, j) = (0, 5);
        let matches = (matching::RepeatMatch {}).get_matches(password, &HashMap::new());
        let m = matches.iter().find(|m| m.token == *password).unwrap();
        assert_eq!(m.i, i);
        assert_eq!(m.j, j);
        let p = if let MatchPattern::Repeat(ref p) = m.pattern {
            p
        } else {
            panic!("Wrong match pattern")
        };
        assert_eq!(p.base_token, "aab".to_string());
    }

    #[test]
    fn test_identifies_simplest_repeat() {
        let password = "abababab";
        let (i, j) = (0, 7);
        let matches = (matching::RepeatMatch {}).get_matches(password, &HashMap::new());
        let m = matches.iter().find(|m| m.token == *password).unwrap();
        assert_eq!(m.i, i);
        assert_eq!(m.j, j);
        let p = if let MatchPattern::Repeat(ref p) = m.pattern {
            p
        } else {
            panic!("Wrong match pattern")
        };
        assert_eq!(p.base_token, "ab".to_string());
    }

    #[test]
    fn test_identifies_repeat_with_multibyte_utf8() {
        let password = "x\u{1F431}\u{1F436}\u{1F431}\u{1F436}";
        let (i, j) = (1, 4);
        let matches = (matching::RepeatMatch {}).get_matches(password, &HashMap::new());
        let m = matches.iter().find(|m| m.token == password[1..]).unwrap();
        assert_eq!(m.i, i);
        assert_eq!(m.j, j);
        let p = if let MatchPattern::Repeat(ref p) = m.pattern {
            p
        } else {
            panic!("Wrong match pattern")
        };
        assert_eq!(p.base_token, "\u{1F431}\u{1F436}".to_string());
    }

    #[test]
    fn test_regex_matching() {
        let test_data = [("1922", "recent_year"), ("2017", "recent_year")];
        for &(pattern, name) in &test_data {
            let matches = (matching::RegexMatch {}).get_matches(pattern, &HashMap::new());
            let m = matches.iter().find(|m| m.token == *pattern).unwrap();
            assert_eq!(m.i, 0);
            assert_eq!(m.j, pattern.len() - 1);
            let p = if let MatchPattern::Regex(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
            assert_eq!(p.regex_name, name);
        }
    }

    #[test]
    fn test_date_matching_with_various_separators() {
        let separators = ["", " ", "-", "/", "\\", "_", "."];
        for sep in &separators {
            let password = format!("13{}2{}1921", sep, sep);
            let matches = (matching::DateMatch {}).get_matches(&password, &HashMap::new());
            let m = matches.iter().find(|m| m.token == password).unwrap();
            assert_eq!(m.i, 0);
            assert_eq!(m.j, password.len() - 1);
            let p = if let MatchPattern::Date(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
            assert_eq!(p.year, 1921);
            assert_eq!(p.month, 2);
            assert_eq!(p.day, 13);
            assert_eq!(p.separator, sep.to_string());
        }
    }

    #[test]
    fn test_date_matches_year_closest_to_reference_year() {
        let now = time::OffsetDateTime::now_utc();
        let password = format!("1115{}", now.year() % 100);
        let matches = (matching::DateMatch {}).get_matches(&password, &HashMap::new());
        let m = matches.iter().find(|m| m.token == password).unwrap();
        assert_eq!(m.i, 0);
        assert_eq!(m.j, password.len() - 1);
        let p = if let MatchPattern::Date(ref p) = m.pattern {
            p
        } else {
            panic!("Wrong match pattern")
        };
        assert_eq!(p.year, now.year());
        assert_eq!(p.month, 11);
        assert_eq!(p.day, 15);
        assert_eq!(p.separator, "".to_string());
    }

    #[test]
    fn test_date_matches() {
        let test_data = [(1, 1, 1999), (11, 8, 2000), (9, 12, 2005), (22, 11, 1551)];
        for &(day, month, year) in &test_data {
            let password = format!("{}{}{}", year, month, day);
            let matches = (matching::DateMatch {}).get_matches(&password, &HashMap::new());
            let m = matches.iter().find(|m| m.token == password).unwrap();
            assert_eq!(m.i, 0);
            assert_eq!(m.j, password.len() - 1);
            let p = if let MatchPattern::Date(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
            assert_eq!(p.year, year);
            assert_eq!(p.separator, "".to_string());
        }
        for &(day, month, year) in &test_data {
            let password = format!("{}.{}.{}", year, month, day);
            let matches = (matching::DateMatch {}).get_matches(&password, &HashMap::new());
            let m = matches.iter().find(|m| m.token == password).unwrap();
            assert_eq!(m.i, 0);
            assert_eq!(m.j, password.len() - 1);
            let p = if let MatchPattern::Date(ref p) = m.pattern {
                p
            } else {
                panic!("Wrong match pattern")
            };
            assert_eq!(p.year, year);
            assert_eq!(p.separator, ".".to_string());
        }
    }

    #[test]
    fn test_matching_zero_padded_dates() {
        let password = "02/02/02";
        let matches = (matching::DateMatch {}).get_matches(password, &HashMap::new());
        let m = matches.iter().find(|m| m.token == password).unwrap();
        assert_eq!(m.i, 0);
        assert_eq!(m.j, password.len() - 1);
        let p = if let MatchPattern::Date(ref p) = m.pattern {
            p
        } else {
            panic!("Wrong match pattern")
        };
        assert_eq!(p.year, 2002);
        assert_eq!(p.month, 2);
        assert_eq!(p.day, 2);
        assert_eq!(p.separator, "/".to_string());
    }

    #[test]
    fn test_matching_embedded_dates() {
        let password = "a1/1/91!";
        let matches = (matching::DateMatch {}).get_matches(password, &HashMap::new());
        let m = matches.iter().find(|m| &m.token == "1/1/91").unwrap();
        assert_eq!(m.i, 1);
        assert_eq!(m.j, password.len() - 2);
        let p = if let MatchPattern::Date(ref p) = m.pattern {
            p
        } else {
            panic!("Wrong match pattern")
        };
        assert_eq!(p.year, 1991);
        assert_eq!(p.month, 1);
        assert_eq!(p.day, 1);
        assert_eq!(p.separator, "/".to_string());
    }

    #[test]
    fn test_matching_overlapping_dates() {
        let password = "12/20/1991.12.20";
        let matches = (matching::DateMatch {}).get_matches(password, &HashMap::new());
        let m = matches.iter().find(|m| &m.token == "12/20/1991").unwrap();
        assert_eq!(m.i, 0);
        assert_eq!(m.j, 9);
        let p = if let MatchPattern::Date(ref p) = m.pattern {
            p
        } else {
            panic!("Wrong match pattern")
        };
        assert_eq!(p.year, 1991);
        assert_eq!(p.month, 12);
        assert_eq!(p.day, 20);
        assert_eq!(p.separator, "/".to_string());
        let m = matches.iter().find(|m| &m.token == "1991.12.20").unwrap();
        assert_eq!(m.i, 6);
        assert_eq!(m.j, password.len() - 1);
        let p = if let MatchPattern::Date(ref p) = m.pattern {
            p
        } else {
            panic!("Wrong match pattern")
        };
        assert_eq!(p.year, 1991);
        assert_eq!(p.month, 12);
        assert_eq!(p.day, 20);
        assert_eq!(p.separator, ".".to_string());
    }

    #[test]
    fn test_matches_dates_padded_by_non_ambiguous_digits() {
        let password = "912/20/919";
        let matches = (matching::DateMatch {}).get_matches(password, &HashMap::new());
        let m = matches.iter().find(|m| &m.token == "12/20/91").unwrap();
        assert_eq!(m.i, 1);
        assert_eq!(m.j, password.len() - 2);
        let p = if let MatchPattern::Date(ref p) = m.pattern {
            p
        } else {
            panic!("Wrong match pattern")
        };
        assert_eq!(p.year, 1991);
        assert_eq!(p.month, 12);
        assert_eq!(p.day, 20);
        assert_eq!(p.separator, "/".to_string());
    }

    #[test]
    fn test_omnimatch() {
        assert_eq!(matching::omnimatch("", &HashMap::new()), Vec::new());
        let password = "r0sebudmaelstrom11/20/91aaaa";
        let expected = [
            ("dictionary", 0, 6),
            ("dictionary", 7, 15),
            ("date", 16, 23),
            ("repeat", 24, 27),
        ];
        let matches = matching::omnimatch(password, &HashMap::new());
        for &(pattern_name, i, j) in &expected {
            assert!(matches
                .iter()
                .any(|m| m.pattern.variant() == pattern_name && m.i == i && m.j == j));
        }
    }
}

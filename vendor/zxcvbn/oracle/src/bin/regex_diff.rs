//! Checks the fork's hand-written matchers (../../../src/matching/regexes.rs) against the
//! regexes of zxcvbn 3.1.1 they replace, with the same regex and fancy-regex versions the crate
//! used: every Unicode scalar value for the separator class, and millions of random strings
//! over small alphabets (so that repeats, years and dates are frequent) for the rest.
//! `cargo run --release --bin regex_diff` here; it panics on the first difference.

#[path = "../../../src/matching/regexes.rs"]
#[allow(dead_code)]
mod regexes;

use fancy_regex::Regex as FancyRegex;
use regex::Regex;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn string(&mut self, alphabet: &[char], max_len: usize) -> Vec<char> {
        let len = self.below(max_len + 1);
        (0..len).map(|_| alphabet[self.below(alphabet.len())]).collect()
    }
}

/// Character index of a byte offset.
fn chars_before(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

fn main() {
    let mut rng = Rng(0x0dd_ba11_2026);

    // The separator class, on every scalar value.
    let separator = Regex::new(r"^[\s/\\_.-]$").unwrap();
    let mut n = 0;
    for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
        assert_eq!(regexes::is_date_separator(c), separator.is_match(c.encode_utf8(&mut [0; 4])), "{:?}", c);
        n += 1;
    }
    println!("separator class: {} scalar values agree", n);

    // Repeats: greedy, lazy, and the anchored lazy base token.
    let greedy = FancyRegex::new(r"(.+)\1+").unwrap();
    let lazy = FancyRegex::new(r"(.+?)\1+").unwrap();
    let anchored = FancyRegex::new(r"^(.+?)\1+$").unwrap();
    let alphabets: [&[char]; 4] = [&['a', 'b'], &['a', 'b', '\n'], &['a', 'b', 'c', 'é', '😀'], &['x', 'y', '\r', '\n', ' ']];
    let runs = 1_000_000;
    for k in 0..runs {
        let t = rng.string(alphabets[k % alphabets.len()], 16);
        let s: String = t.iter().collect();
        for (re, is_lazy) in [(&greedy, false), (&lazy, true)] {
            let expected = re.captures(&s).unwrap().map(|c| {
                let (m, g) = (c.get(0).unwrap(), c.get(1).unwrap());
                (chars_before(&s, m.start()), g.as_str().chars().count(), m.as_str().chars().count())
            });
            assert_eq!(regexes::find_repeat(&t, is_lazy), expected, "{:?} lazy={}", s, is_lazy);
        }
        let expected = anchored.captures(&s).unwrap().map(|c| c.get(1).unwrap().as_str().chars().count());
        assert_eq!(regexes::shortest_period(&t), expected, "{:?}", s);
    }
    println!("repeats: {} strings agree (greedy, lazy, anchored)", runs);

    // recent_year, leftmost and non-overlapping.
    let year = Regex::new(r"19[0-9]{2}|20[0-9]{2}").unwrap();
    let digits = ['1', '9', '2', '0', '5', 'x', '١', '\u{ff11}'];
    for _ in 0..runs {
        let t = rng.string(&digits, 14);
        let s: String = t.iter().collect();
        let expected: Vec<usize> = year.find_iter(&s).map(|m| chars_before(&s, m.start())).collect();
        assert_eq!(regexes::recent_years(&t), expected, "{:?}", s);
    }
    println!("recent_year: {} strings agree", runs);

    // Maybe-dates, with and without separators.
    let plain = Regex::new(r"^[0-9]{4,8}$").unwrap();
    let with = Regex::new(r"^([0-9]{1,4})([\s/\\_.-])([0-9]{1,2})([\s/\\_.-])([0-9]{1,4})$").unwrap();
    let date_chars = ['1', '2', '0', '9', '/', '-', '.', '_', '\\', ' ', '\t', '\u{3000}', '\u{85}', 'a', '٣', ','];
    for k in 0..runs {
        let t = if k % 2 == 0 { rng.string(&date_chars, 11) } else { rng.string(&date_chars[..8], 11) };
        let s: String = t.iter().collect();
        assert_eq!(regexes::is_maybe_date_without_separator(&t), plain.is_match(&s), "{:?}", s);
        let expected = with.captures(&s).map(|c| {
            let g = |i: usize| c.get(i).unwrap().as_str().to_string();
            (g(1), g(2), g(3), g(4), g(5))
        });
        let got = regexes::maybe_date_with_separator(&t).map(|(a, s1, b, s2, c)| {
            let st = |x: &[char]| x.iter().collect::<String>();
            (st(a), s1.to_string(), st(b), s2.to_string(), st(c))
        });
        assert_eq!(got, expected, "{:?}", s);
    }
    println!("maybe-dates: {} strings agree", runs);
}

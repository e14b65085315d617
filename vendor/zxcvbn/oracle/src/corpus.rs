//! A deterministic corpus of passwords (each with or without user inputs), in classes that
//! exercise every matcher and the scoring: common words, typical human choices, l33t, dates,
//! years, repeats, sequences, keyboard walks, random strings of 12–16, 50, 100 and 300
//! characters, emoji (ZWJ sequences included), combining marks, right-to-left scripts, mixed
//! scripts, case mappings that change length, and whitespace of every kind.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// The word lists, read from the crate's own source (the oracle's copy is the vendored one).
fn lists() -> Vec<Vec<String>> {
    let src = include_str!("../../src/frequency_lists.rs");
    src.lines()
        .filter(|l| l.starts_with("const "))
        .map(|l| {
            let start = l.find('"').unwrap() + 1;
            let end = l.rfind('"').unwrap();
            l[start..end].split(',').map(str::to_string).collect()
        })
        .collect()
}

const USER_INPUT_SETS: &[&[&str]] = &[
    &["jsmith", "hmis", "clienttrack"],
    &["maria.garcia", "Hmis", "ClientTrack", "Hope Shelter"],
    &["TempPass#2024", "dsmith", "hmis"],
    &["alex", "s3cure", "hmis", "clienttrack", "Example Org", ""],
    &["İstanbul", "ŞEHİR", "hmis"],
];

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn leet(w: &str, rng: &mut Rng) -> String {
    w.chars()
        .map(|c| {
            let subs: &[char] = match c {
                'a' => &['4', '@'],
                'b' => &['8'],
                'c' => &['(', '{', '[', '<'],
                'e' => &['3'],
                'g' => &['6', '9'],
                'i' => &['1', '!', '|'],
                'l' => &['1', '|', '7'],
                'o' => &['0'],
                's' => &['$', '5'],
                't' => &['+', '7'],
                'x' => &['%'],
                'z' => &['2'],
                _ => &[],
            };
            if !subs.is_empty() && rng.chance(60) {
                *rng.pick(subs)
            } else {
                c
            }
        })
        .collect()
}

/// `min` plus up to `extra - 1` characters from `alphabet`.
fn random_from(rng: &mut Rng, alphabet: &[char], min: usize, extra: usize) -> String {
    let len = min + if extra > 0 { rng.below(extra) } else { 0 };
    (0..len).map(|_| *rng.pick(alphabet)).collect()
}

fn printable() -> Vec<char> {
    (0x20u8..0x7f).map(char::from).collect()
}

pub fn corpus() -> Vec<(String, Vec<String>)> {
    let lists = lists();
    let (passwords, english, female, surnames, tv, male) =
        (&lists[0], &lists[1], &lists[2], &lists[3], &lists[4], &lists[5]);
    let mut rng = Rng(0x5eed_0f_2026_u64);
    let mut out: Vec<String> = Vec::new();
    let symbols: Vec<char> = "!@#$%^&*()-_=+[]{};:'\",.<>/?\\|`~".chars().collect();
    let word = |rng: &mut Rng, top: usize| -> String {
        let list = match rng.below(6) {
            0 => passwords,
            1 => english,
            2 => female,
            3 => surnames,
            4 => tv,
            _ => male,
        };
        list[rng.below(top.min(list.len()))].clone()
    };

    // Short and common, straight from the lists (and a few from deep in them).
    out.push(String::new());
    for list in &lists {
        out.extend(list.iter().take(60).cloned());
        for _ in 0..25 {
            out.push(list[rng.below(list.len())].clone());
        }
    }
    for s in ["a", "A", "1", "!", " ", "ab", "Ab1", "pass", "Password1", "P@ssw0rd", "p4ssw0rd", "123456", "qwerty123"] {
        out.push(s.to_string());
    }

    // Typical human choices.
    for _ in 0..1200 {
        let w = word(&mut rng, 5000);
        let s = match rng.below(12) {
            0 => format!("{}{}", capitalize(&w), rng.below(100)),
            1 => format!("{}{}{}", capitalize(&w), 1950 + rng.below(80), rng.pick(&symbols)),
            2 => format!("{}{}", w, word(&mut rng, 3000)),
            3 => format!("{}{}{}{}", capitalize(&w), capitalize(&word(&mut rng, 3000)), rng.below(1000), rng.pick(&symbols)),
            4 => format!("{}{}", leet(&w, &mut rng), rng.below(100)),
            5 => format!("{}{}!", capitalize(&leet(&w, &mut rng)), rng.below(10000)),
            6 => w.chars().rev().collect::<String>() + &rng.below(100).to_string(),
            7 => w.to_uppercase() + &rng.below(100).to_string(),
            8 => format!("{}{}{}", w, rng.pick(&symbols), word(&mut rng, 2000)),
            9 => {
                let mut s: String = w.chars().map(|c| if rng.chance(30) { c.to_ascii_uppercase() } else { c }).collect();
                s.push_str(&format!("{}", rng.below(10)));
                s
            }
            10 => format!("{}{:02}{:02}{}", w, 1 + rng.below(12), 1 + rng.below(31), 50 + rng.below(50)),
            _ => format!("{}_{}_{}", w, word(&mut rng, 1000), rng.below(100)),
        };
        out.push(s);
    }

    // l33t, heavier: several substitutions per word, ambiguous 1 and |.
    for _ in 0..400 {
        let w = word(&mut rng, 10000);
        let mut s = leet(&w, &mut rng);
        if rng.chance(40) {
            s = capitalize(&s);
        }
        if rng.chance(30) {
            s.push_str(&leet(&word(&mut rng, 2000), &mut rng));
        }
        out.push(s);
    }
    for s in ["1ll1n01s", "|ll|", "!11!", "4@4@", "$5$5", "7+7+", "l33t", "h3ll0w0rld", "<00l", "(4$h", "%ylophone", "2ebra"] {
        out.push(s.to_string());
    }

    // Dates and years.
    let seps = ["", "/", "-", ".", "_", " ", "\\", "\t", "\u{3000}", "\u{a0}", "\u{2028}", "\u{85}", ",", ":"];
    for _ in 0..450 {
        let (y, m, d) = (900 + rng.below(1300), rng.below(14), rng.below(34));
        let y = if rng.chance(40) { y % 100 } else { y };
        let sep = if rng.chance(50) { "" } else { *rng.pick(&seps) };
        let sep2 = if rng.chance(90) { sep } else { *rng.pick(&seps) };
        let (a, b, c) = match rng.below(3) {
            0 => (format!("{}", y), format!("{:02}", m), format!("{:02}", d)),
            1 => (format!("{}", m), format!("{}", d), format!("{}", y)),
            _ => (format!("{:02}", d), format!("{:02}", m), format!("{}", y)),
        };
        let date = format!("{}{}{}{}{}", a, sep, b, sep2, c);
        let s = match rng.below(4) {
            0 => date,
            1 => format!("{}{}", word(&mut rng, 2000), date),
            2 => format!("{}{}{}", date, rng.pick(&symbols), rng.below(100)),
            _ => format!("{}{}", rng.below(1000), date),
        };
        out.push(s);
    }
    for _ in 0..150 {
        let y = 1890 + rng.below(160);
        let s = match rng.below(4) {
            0 => format!("{}", y),
            1 => format!("{}{}", word(&mut rng, 2000), y),
            2 => format!("{}{}{}", y, y + rng.below(3), rng.pick(&symbols)),
            _ => format!("{}{}", rng.below(100000), y),
        };
        out.push(s);
    }

    // Repeats.
    for s in [
        "aaaa", "aaaaa", "abcabcabc", "aabaab", "aabaabaabaab", "abab", "ababab", "abcdabcd", "zzz", "11111111",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "abcabcabcx", "xabcabc", "aXaXaXbYbY", "a\na\na\n",
        "ab\nab\nab", "\n\n\n", "ab ab ab ", "😀😀😀", "😀a😀a", "éééé", "e\u{301}e\u{301}e\u{301}", "1212121212",
        "qwertyqwerty", "passwordpassword", "Password1Password1", "batman!batman!", "123123", "123123123",
    ] {
        out.push(s.to_string());
    }
    let small = ['a', 'b', 'c', '\n', 'A', 'é'];
    for _ in 0..400 {
        let s = match rng.below(4) {
            0 => {
                let base = random_from(&mut rng, &small[..3], 1, 4);
                let k = 2 + rng.below(4);
                format!("{}{}{}", random_from(&mut rng, &small, 0, 3), base.repeat(k), random_from(&mut rng, &small, 0, 3))
            }
            1 => random_from(&mut rng, &small[..2], 4, 20),
            2 => random_from(&mut rng, &small, 4, 20),
            _ => {
                let base = word(&mut rng, 2000);
                let k = 2 + rng.below(3);
                format!("{}{}", base.repeat(k), rng.below(100))
            }
        };
        out.push(s);
    }

    // Sequences, keyboard walks, keypads.
    for s in [
        "abcdef", "abcdefghijklmnopqrstuvwxyz", "zyxwvu", "ZYXWV", "ABCDEF", "13579", "9753", "02468", "0123456789",
        "987654321", "acegi", "αβγδε", "ΑΒΓΔΕ", "абвгд", "あいうえお", "abcdb975zy", "xyz123", "mnopq", "1357924680",
        "qwerty", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx", "!QAZ@WSX", "1qaz@WSX3edc", "qazwsxedc", "poiuytrewq",
        "lkjhgfdsa", "mnbvcxz", "qweasdzxc", "zaq12wsx", "1q2w3e4r5t", "q1w2e3r4", "!@#$%^&*()", "~!@#$%^", "`1234567890-=",
        "7894561230", "789456123", "147258369", "159753", "/*-+", "0.123", "aoeuidhtns", "',.pyfgcrl", ";qjkxbmwvz",
        "pyfgcrl", "QWERTY", "QwErTy", "qWeRtY", "asdfasdf", "1234qwer", "qwer1234", "!QASW@#EDFR$%TGHY^&UJKI*(OL",
        "zxcvbnm,./", "[]\\';/.,", "+-*/", "963852741", "741852963", "12369874", "ujmnhy", "rfvtgb", "yhnujm",
    ] {
        out.push(s.to_string());
    }
    let rows = ["`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./", "~!@#$%^&*()_+", "QWERTYUIOP{}|", "ASDFGHJKL:\"", "ZXCVBNM<>?", "789", "456", "123", "0.", "/*-+"];
    for _ in 0..200 {
        let mut s = String::new();
        for _ in 0..1 + rng.below(3) {
            let row: Vec<char> = rng.pick(&rows).chars().collect();
            let start = rng.below(row.len());
            let len = 1 + rng.below(row.len() - start);
            let seg: String = row[start..start + len].iter().collect();
            if rng.chance(30) {
                s.extend(seg.chars().rev());
            } else {
                s.push_str(&seg);
            }
        }
        if rng.chance(30) {
            s.push_str(&rng.below(100).to_string());
        }
        out.push(s);
    }
    for _ in 0..100 {
        // Codepoint sequences with small deltas, ascending and descending, anywhere in Unicode.
        let start = *rng.pick(&[0x30u32, 0x41, 0x61, 0x391, 0x410, 0x5d0, 0x627, 0x3041, 0x4e00, 0x1f600]);
        let delta = rng.below(11) as i64 - 5;
        let len = 2 + rng.below(8);
        let s: String = (0..len)
            .filter_map(|k| char::from_u32((start as i64 + 20 + delta * k as i64).max(0) as u32))
            .collect();
        out.push(s);
    }

    // Random strings.
    let ascii = printable();
    let mixed: Vec<char> = ascii
        .iter()
        .cloned()
        .chain("éüßøåñçİıΣσςЖжשלוםمرحبا密码😀👍\u{301}\u{200d}\u{3000}\t\n".chars())
        .collect();
    for _ in 0..300 {
        out.push(random_from(&mut rng, &ascii, 12, 5));
    }
    for _ in 0..40 {
        out.push(random_from(&mut rng, &mixed, 12, 5));
    }
    for (count, len) in [(60, 50), (40, 100), (15, 300)] {
        for k in 0..count {
            let alphabet = if k % 4 == 3 { &mixed } else { &ascii };
            out.push(random_from(&mut rng, alphabet, len, 0));
        }
    }
    for _ in 0..30 {
        // Long and human: words, digits and repeats, 50 to 300 characters.
        let target = *rng.pick(&[50usize, 100, 101, 150, 300]);
        let mut s = String::new();
        while s.chars().count() < target {
            s.push_str(&word(&mut rng, 3000));
            if rng.chance(30) {
                s.push_str(&rng.below(10000).to_string());
            }
        }
        out.push(s.chars().take(target).collect());
    }

    // Unicode: emoji (ZWJ, flags, skin tones, variation selectors), combining marks, RTL,
    // mixed scripts, case mappings that change length or depend on context, whitespace.
    let unicode_words = [
        "👨‍👩‍👧‍👦", "🏳️‍🌈", "👍🏽", "🇺🇸", "❤️", "😀", "🔥🔥", "👩‍💻", "🤷‍♀️", "1️⃣", "e\u{301}", "cafe\u{301}", "n\u{303}",
        "Z\u{351}\u{34b}a\u{33e}l\u{325}g\u{316}o", "שלום", "סיסמה", "مرحبا", "كلمة", "پاسخ", "Пароль", "пароль", "密码",
        "パスワード", "비밀번호", "Ελληνικά", "ΟΔΥΣΣΕΥΣ", "ΣΑΣ", "İstanbul", "KİTAP", "ıi", "STRASSE", "straße", "ẞ", "ǅ", "ﬁ",
        "ŉ", "Ǆ", "ΐ", "ß", "K", "Å", "\u{130}", "हिन्दी", "ไทย", "\u{200f}abc", "abc\u{202e}", "\u{feff}x", "\u{0}",
        "a\u{300}\u{301}\u{302}", "Ⅻ", "①②③", "１２３４", "ＡＢＣ", "٠١٢٣", "۱۹۸۸", "\u{3000}", "\u{a0}", "\u{85}",
        "\u{2028}", "\u{2003}", "\u{200b}", "\t", "\r\n", " ",
    ];
    for w in unicode_words {
        out.push(w.to_string());
    }
    for _ in 0..700 {
        let mut s = String::new();
        for _ in 0..1 + rng.below(4) {
            match rng.below(5) {
                0 => s.push_str(&word(&mut rng, 2000)),
                1 => s.push_str(&rng.below(10000).to_string()),
                2 => s.push(*rng.pick(&symbols)),
                _ => { let w: &str = *rng.pick(&unicode_words[..]); s.push_str(w) }
            }
        }
        out.push(s);
    }

    // Passwords made from user inputs, and the prefixes of a few typed passwords.
    for set in USER_INPUT_SETS {
        for w in set.iter() {
            out.push(w.to_string());
            out.push(format!("{}{}", w, rng.below(10000)));
            out.push(capitalize(&w.to_lowercase()) + "!" + &rng.below(100).to_string());
            out.push(w.chars().rev().collect());
            out.push(leet(&w.to_lowercase(), &mut rng));
        }
    }
    for p in ["Correct-Horse-Battery-Staple-9", "Winter2024!Sunshine", "jsmith_clienttrack_2024", "Tr0ub4dor&3xyzzy", "hmisHMIS1234!@#$", "ΟΔΥΣΣΕΥΣ2024παρολα", "👨‍👩‍👧‍👦family1987!!"] {
        let chars: Vec<char> = p.chars().collect();
        for k in 1..=chars.len() {
            out.push(chars[..k].iter().collect());
        }
    }

    // Every tenth password also gets user inputs; passwords built from inputs always do.
    let n = out.len();
    let mut corpus = Vec::with_capacity(n * 11 / 10);
    for (k, p) in out.into_iter().enumerate() {
        let inputs: Vec<String> = if k % 10 == 7 || k + 500 > n {
            USER_INPUT_SETS[k % USER_INPUT_SETS.len()].iter().map(|s| s.to_string()).collect()
        } else {
            Vec::new()
        };
        if k % 10 == 3 {
            // The same password both ways.
            let with: Vec<String> = USER_INPUT_SETS[k % USER_INPUT_SETS.len()].iter().map(|s| s.to_string()).collect();
            corpus.push((p.clone(), with));
        }
        corpus.push((p, inputs));
    }
    corpus
}

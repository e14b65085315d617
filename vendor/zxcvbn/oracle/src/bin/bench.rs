//! The fork's benches/zxcvbn.rs, run against the crates.io original for comparison:
//! `cargo run --release --bin bench` here.

use std::hint::black_box;
use std::time::Instant;

use zxcvbn::zxcvbn;

fn median_us(passwords: &[&str], rounds: usize) -> f64 {
    let mut times = Vec::with_capacity(rounds * passwords.len());
    for _ in 0..rounds {
        for p in passwords {
            let start = Instant::now();
            black_box(zxcvbn(black_box(p), &[]));
            times.push(start.elapsed().as_secs_f64() * 1e6);
        }
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    times[times.len() / 2]
}

fn main() {
    // The first estimate builds the dictionaries.
    let start = Instant::now();
    zxcvbn("warm up", &[]);
    println!("first estimate (dictionaries built): {:.0} µs", start.elapsed().as_secs_f64() * 1e6);
    let typical = [
        "r0sebudmaelstrom11/20/91aaaa", "Summer2024!", "P@ssw0rd123", "correcthorsebattery", "Jennifer1987",
        "ilovemydog", "Tr0ub4dor&3", "qwerty12345", "Michael_2010", "blue42sky", "Winter#2023",
    ];
    let random = ["k#9Lq2@vXz!mP4", "Yd8$w1Nf^cR7tB", "0pL;3mZ&8qW!x2Vb"];
    let unicode = ["𐰊𐰂𐰄𐰀𐰁", "Пароль2024", "שלום123", "👨‍👩‍👧‍👦family1987"];
    let long100: String = (0..100).map(|k| char::from(b'!' + ((k * 37 + 11) % 94) as u8)).collect();
    println!("typical: {:.1} µs", median_us(&typical, 200));
    println!("random 14-16: {:.1} µs", median_us(&random, 200));
    println!("unicode: {:.1} µs", median_us(&unicode, 200));
    println!("random 100: {:.1} µs", median_us(&[long100.as_str()], 20));
}

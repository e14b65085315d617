//! The README's theming table is the stylesheet's: every custom property the field stylesheet
//! defines is listed there with its light and dark defaults, and the table names no other.

const CSS: &str = include_str!("../js/hmis-onboard.css");
const README: &str = include_str!("../README.md");

/// `--name: value;` declarations in the first rule block after `marker`.
fn block_after<'a>(marker: &str) -> Vec<(&'a str, &'a str)> {
    let start = CSS.find(marker).unwrap_or_else(|| panic!("no {marker:?} in the stylesheet"));
    let body = &CSS[start..];
    let open = body.find('{').unwrap() + 1;
    let body = &body[open..];
    let inner = if marker.starts_with("@supports") { &body[body.find('{').unwrap() + 1..] } else { body };
    let inner = &inner[..inner.find('}').unwrap()];
    inner
        .split(';')
        .filter_map(|d| d.trim().split_once(':'))
        .filter(|(name, _)| name.trim().starts_with("--hmis-"))
        .map(|(name, value)| (name.trim(), value.trim()))
        .collect()
}

fn readme_rows() -> Vec<&'static str> {
    let start = README.find("| property | paints | light default | dark default |").expect("the README's theming table");
    README[start..].lines().skip(2).take_while(|l| l.starts_with('|')).collect()
}

#[test]
fn every_custom_property_is_in_the_readme_with_its_defaults() {
    let light = block_after(":where(:root) {");
    let dark = block_after("@supports (color: light-dark(#000, #fff))");
    assert!(light.len() >= 20, "{light:?}");
    let rows = readme_rows();
    for (name, value) in &light {
        let row = rows.iter().find(|r| r.contains(&format!("`{name}`"))).unwrap_or_else(|| panic!("{name} is not in the README's table"));
        if *value != "inherit" {
            assert!(row.contains(value), "{name}: its light default {value} is not in {row:?}");
        }
        if let Some((_, both)) = dark.iter().find(|(n, _)| n == name) {
            let (l, d) = both.trim_start_matches("light-dark(").trim_end_matches(')').split_once(',').unwrap();
            assert_eq!(l.trim(), *value, "{name}: light-dark()'s light value differs from the fallback");
            assert!(row.contains(d.trim()), "{name}: its dark default {d} is not in {row:?}");
        }
    }
    for row in rows {
        for listed in row.split('`').skip(1).step_by(2).filter(|s| s.starts_with("--hmis-")) {
            assert!(light.iter().any(|(n, _)| *n == listed), "the README lists {listed}, which the stylesheet does not define");
        }
    }
}

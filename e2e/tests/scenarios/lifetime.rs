//! The auto-attached widget must outlive garbage collection: the page keeps no reference to
//! it, so anything that ties its listeners to a collectable JavaScript object would silently
//! switch the checks off after the first collection (and leave the last custom validity
//! message on the fields, blocking the form for good).

use super::Outcome;
use crate::support::ensure;
use crate::support::page::{Page, NEW, RULES};
use serde::Deserialize;

/// Makes the engine collect garbage and run finalizers: `gc()` where the browser exposes it
/// (Chromium, started with `--expose-gc`), else allocation pressure, task after task, until a
/// `FinalizationRegistry` callback for a dropped object has run.
const COLLECT_GARBAGE_JS: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
  let finalized = 0;
  const registry = new FinalizationRegistry(() => { finalized += 1; });
  // Many small objects, made in a function that has returned: an engine that scans the stack
  // conservatively (WebKit's) may still see one of them, not all.
  ((count) => { for (let i = 0; i < count; i += 1) registry.register({ i }, i); })(100);
  let rounds = 0;
  while (finalized === 0 && rounds < 200) {
    rounds += 1;
    if (typeof gc === "function") {
      gc();
    } else {
      let garbage = [];
      for (let i = 0; i < 20; i += 1) {
        garbage.push(new ArrayBuffer(4 << 20), Array.from({ length: 5000 }, (_, j) => ({ j })));
      }
      garbage = null;
    }
    await nextTask();
  }
  // Other registries' callbacks from the same collection run in the tasks that follow.
  for (let i = 0; i < 10; i += 1) await nextTask();
  return { finalized, rounds };
})().then(done, (error) => done({ error: String((error && error.stack) || error) }));
"#;

#[derive(Debug, Deserialize)]
struct Collection {
    /// How many of the dropped objects' finalizers ran.
    finalized: u32,
    /// How many rounds of collection it took (shown when none ran).
    #[allow(dead_code)]
    rounds: u32,
}

pub async fn widget_keeps_working_after_garbage_collection(page: Page) -> Outcome {
    page.open_change_password().await?;
    let collection: Collection = page.async_script(COLLECT_GARBAGE_JS, vec![]).await?;
    ensure!(collection.finalized > 0, "could not make the browser collect garbage: {collection:?}");
    page.type_into(NEW, "aB3!xyzw").await?;
    page.wait_for_met(&RULES).await.map_err(|e| format!("typing after a garbage collection: {e}"))?;
    Ok(())
}

//! The context a template renders with: variables the same in every render of a build
//! (`config`) and the page's own.
//!
//! A 30-language `config` serialized again for each of 9,000 pages was a few percent of a build.
//! So the shared variables are serialized once ([`Shared::share`]); each worker thread's context
//! takes them once per build, and a page's own variables are added to it for the page and taken
//! out again after it, so that no page ever sees another's.

use crate::diag::{Code, Diagnostic, Location};
use serde::Serialize;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use tera::Value;

/// Variables the same in every render of a build.
#[derive(Default)]
pub(super) struct Shared {
    /// Which set of shared variables this is, so that a thread's context from an earlier build
    /// (or another site in the same process) is never used for this one; 0 is the empty set.
    generation: u64,
    names: Vec<String>,
    context: tera::Context,
}

static GENERATIONS: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// This thread's context: the shared variables of generation `.0`, and no page's variables
    /// between renders.
    static WORKING: RefCell<(u64, tera::Context)> = RefCell::new((0, tera::Context::new()));
}

impl Shared {
    /// Gives every later render the variable `name`: a view's own field of that name is then
    /// ignored, so views leave it out rather than serialize it per page.
    pub(super) fn share(&mut self, name: &str, value: &impl Serialize) -> Result<(), Diagnostic> {
        let value = tera::to_value(value).map_err(|e| unpassable(&e))?;
        self.context.insert(name, &value);
        self.names.push(name.to_string());
        self.generation = GENERATIONS.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// The shared variables as JSON.
    pub(super) fn text(&self) -> String {
        self.context.clone().into_json().to_string()
    }

    /// Runs `render` with a context of the shared variables and `view`'s: this thread's working
    /// context, or (should a render start within another on the same thread) a copy.
    pub(super) fn with_context<T>(
        &self,
        view: &impl Serialize,
        render: impl FnOnce(&tera::Context) -> T,
    ) -> Result<T, Diagnostic> {
        let mut own = match tera::to_value(view).map_err(|e| unpassable(&e))? {
            Value::Object(map) => map,
            _ => return Err(unpassable(&"the view is not a map")),
        };
        for name in &self.names {
            own.remove(name);
        }
        let names: Vec<String> = own.keys().cloned().collect();
        let own = tera::Context::from_value(Value::Object(own)).map_err(|e| unpassable(&e))?;
        WORKING.with(|working| match working.try_borrow_mut() {
            Ok(mut working) => {
                if working.0 != self.generation {
                    *working = (self.generation, self.context.clone());
                }
                working.1.extend(own);
                let rendered = render(&working.1);
                for name in &names {
                    working.1.remove(name);
                }
                Ok(rendered)
            }
            Err(_) => {
                let mut context = self.context.clone();
                context.extend(own);
                Ok(render(&context))
            }
        })
    }
}

fn unpassable(e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::new(
        Code::TemplateRender,
        Location::file("theme/templates"),
        format!("cannot pass the page to templates: {e}"),
    )
}

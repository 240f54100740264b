//! Which strings a rendering looked up, and which strings an edit of `locales/` changed: with
//! both, `serve` renders again only the pages that showed a changed string. A page's text comes
//! from the strings through [`Locales::tr`] alone, which notes every id it is asked for (found or
//! not) while a page is rendered on the current thread ([`recording`]), and so does the
//! templates' cache of formatted strings when it answers instead; a page renders on one thread
//! from start to end.

use super::*;
use std::cell::RefCell;

thread_local! {
    /// What was looked up on this thread since [`recording`] began, when it is recording.
    static LOOKED_UP: RefCell<Option<Looked>> = const { RefCell::new(None) };
}

/// What a rendering looked up: the ids of the messages (without attributes), and the languages
/// it asked them in. A page that asks only its own language (along its fallback chain) changes
/// with those languages' strings alone; one that asks another language's changes with that
/// one's too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Looked {
    pub(crate) ids: BTreeSet<String>,
    pub(crate) languages: BTreeSet<String>,
}

/// Runs `f`, and says which messages it looked up on this thread, and in which languages.
pub(crate) fn recording<T>(f: impl FnOnce() -> T) -> (T, Looked) {
    let outer = LOOKED_UP.with(|l| l.borrow_mut().replace(Looked::default()));
    let mut restore = Restore(Some(outer));
    let value = f();
    (value, restore.finish())
}

/// What was being recorded on this thread before a [`recording`] began: put back when it ends,
/// also when it unwinds.
struct Restore(Option<Option<Looked>>);

impl Restore {
    /// Puts back the outer recording; what was recorded since it was put aside.
    fn finish(&mut self) -> Looked {
        let outer = self.0.take().flatten();
        let looked = LOOKED_UP.with(|l| std::mem::replace(&mut *l.borrow_mut(), outer));
        looked.unwrap_or_default()
    }
}

impl Drop for Restore {
    fn drop(&mut self) {
        if self.0.is_some() {
            self.finish();
        }
    }
}

/// Notes that `key` (`id` or `id.attribute`) was looked up in `lang`, when this thread is
/// recording: [`Locales::tr`] does, and so must any cache of what it formatted, on every use.
pub(crate) fn note(lang: &str, key: &str) {
    LOOKED_UP.with(|l| {
        if let Some(looked) = l.borrow_mut().as_mut() {
            let id = key.split_once('.').map_or(key, |(id, _)| id);
            if !looked.ids.contains(id) {
                looked.ids.insert(id.to_string());
            }
            if !looked.languages.contains(lang) {
                looked.languages.insert(lang.to_string());
            }
        }
    });
}

/// Notes all that `looked` holds, when this thread is recording: what was looked up once for
/// many renderings (a theme's part, [`crate::parts`]) counts for each of them.
pub(crate) fn note_all(looked: &Looked) {
    LOOKED_UP.with(|l| {
        if let Some(into) = l.borrow_mut().as_mut() {
            into.ids.extend(looked.ids.iter().cloned());
            into.languages.extend(looked.languages.iter().cloned());
        }
    });
}

impl Locales {
    /// The ids whose text may differ between `earlier` and these strings, by language (only the
    /// languages with some): every message or term defined differently (or only in one of them),
    /// and every message that refers to one of those, however indirectly (Fluent formats a
    /// reference in place). Compared by what the strings are, not by which files were saved: a
    /// file can be another's link.
    pub(crate) fn changed_since(&self, earlier: &Locales) -> BTreeMap<String, BTreeSet<String>> {
        let languages: BTreeSet<&String> = self
            .messages
            .keys()
            .chain(earlier.messages.keys())
            .collect();
        let mut changed = BTreeMap::new();
        for lang in languages {
            let now = definitions(self.messages.get(lang));
            let before = definitions(earlier.messages.get(lang));
            let mut here: BTreeSet<String> = now
                .keys()
                .chain(before.keys())
                .filter(|id| now.get(*id) != before.get(*id))
                .map(|id| id.to_string())
                .collect();
            // Who refers to whom, in this language: a reference is resolved in its own bundle.
            let mut referred_by: HashMap<&str, Vec<&str>> = HashMap::new();
            for m in self.messages.get(lang).into_iter().flatten() {
                for (target, _) in m.parts.iter().flat_map(|p| &p.references) {
                    let target = target.split_once('.').map_or(target.as_str(), |(id, _)| id);
                    referred_by.entry(target).or_default().push(&m.id);
                }
            }
            let mut queue: Vec<String> = here.iter().cloned().collect();
            while let Some(id) = queue.pop() {
                for &by in referred_by.get(id.as_str()).into_iter().flatten() {
                    if here.insert(by.to_string()) {
                        queue.push(by.to_string());
                    }
                }
            }
            if !here.is_empty() {
                changed.insert(lang.clone(), here);
            }
        }
        changed
    }
}

/// Each id with what is written for it, in file order (the first is the one used): its entry's
/// hash and the source hash it records.
fn definitions(messages: Option<&Vec<MessageInfo>>) -> HashMap<&str, Vec<(&str, Option<&str>)>> {
    let mut out: HashMap<&str, Vec<(&str, Option<&str>)>> = HashMap::new();
    for m in messages.into_iter().flatten() {
        out.entry(m.id.as_str())
            .or_default()
            .push((m.entry_hash.as_str(), m.recorded_source.as_deref()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(en: &str) -> Locales {
        let config = crate::project::Config::parse(
            "base_url = \"https://example.org/\"\nsource_language = \"en\"\ndefault_language = \"en\"\n[languages.en]\nname = \"English\"\n",
        )
        .unwrap();
        let files = vec![LocaleFile {
            lang: "en".into(),
            path: "locales/en/main.ftl".into(),
            text: en.into(),
        }];
        Locales::load(&config, &files).0
    }

    #[test]
    fn a_change_reaches_every_message_that_refers_to_it() {
        let before = strings("-brand = Zaklyk\nname = { -brand }\ntitle = { name } site\nother = Other\nwith-attr = x\n    .label = { title }\n# comment\nlast = Last\n");
        let after = strings("-brand = Zaklyk!\nname = { -brand }\ntitle = { name } site\nother = Other\nwith-attr = x\n    .label = { title }\n# another comment\nlast = Last\nnew = New\n");
        let changed = after.changed_since(&before);
        let expected: BTreeSet<String> = ["-brand", "name", "title", "with-attr", "new"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(changed, BTreeMap::from([("en".to_string(), expected)]));
        // Removed ids are changed too, and the same strings change nothing.
        assert!(before.changed_since(&after)["en"].contains("new"));
        assert!(after.changed_since(&after).is_empty());
    }

    #[test]
    fn a_recording_notes_the_ids_looked_up_on_its_thread_only() {
        let locales = strings("hello = Hello\nbye = Bye\n    .title = Bye!\n");
        let (_, looked) = recording(|| {
            let _ = locales.tr("en", "hello", &[]);
            let _ = locales.tr("en", "bye.title", &[]);
            let _ = locales.tr("uk", "missing", &[]);
            std::thread::scope(|s| {
                s.spawn(|| locales.tr("de", "elsewhere", &[]));
            });
        });
        let set =
            |items: &[&str]| -> BTreeSet<String> { items.iter().map(|s| s.to_string()).collect() };
        assert_eq!(looked.ids, set(&["bye", "hello", "missing"]));
        assert_eq!(looked.languages, set(&["en", "uk"]));
        let _ = locales.tr("en", "after", &[]);
        let (_, looked) = recording(|| ());
        assert_eq!(looked, Looked::default());
        // What is noted whole counts for the recording it is noted in, and only there.
        let (_, outer) = recording(|| {
            let (_, inner) = recording(|| locales.tr("fr", "inner", &[]));
            note_all(&inner);
        });
        assert_eq!(outer.ids, set(&["inner"]));
        assert_eq!(outer.languages, set(&["fr"]));
        note_all(&outer);
    }
}

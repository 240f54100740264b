//! The functions templates call: `trans` (a Fluent string in the page's language, along its
//! fallback chain) and `get_url` (the address of a page or file, relative to the page).

use super::*;

/// `trans(key, lang, …args)`, and `trans_html(…)`, which is for text between tags: a string that
/// came from a fallback language is wrapped in `<span lang dir>` so that screen readers and
/// hyphenation treat it as the language it is in.
pub(super) struct Trans {
    pub(super) locales: Arc<Locales>,
    pub(super) problems: Arc<Mutex<Vec<TrError>>>,
    /// `Some` for `trans_html`.
    pub(super) html: Option<LanguageTags>,
    /// Formatted strings without arguments, by (language, key).
    pub(super) cache: RwLock<HashMap<(String, String), Value>>,
}

impl tera::Function for Trans {
    fn is_safe(&self) -> bool {
        self.html.is_some()
    }

    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = string_arg(args, "key", "trans")?;
        let lang = string_arg(args, "lang", "trans")?;
        // A string without arguments is the same on every page of a language: format it once.
        let cacheable = args.len() == 2;
        if cacheable {
            // The page shows it as much as if it were formatted again (`serve` records it).
            crate::i18n::note_looked_up(&lang, &key);
            if let Some(v) = self
                .cache
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .get(&(lang.clone(), key.clone()))
            {
                return Ok(v.clone());
            }
        }
        let value = self.format(&key, &lang, args);
        if cacheable {
            self.cache
                .write()
                .unwrap_or_else(|p| p.into_inner())
                .insert((lang, key), value.clone());
        }
        Ok(value)
    }
}

impl Trans {
    fn format(&self, key: &str, lang: &str, args: &HashMap<String, Value>) -> Value {
        let mut fluent_args: Vec<(String, Arg)> = args
            .iter()
            .filter(|(k, _)| k.as_str() != "key" && k.as_str() != "lang")
            .map(|(k, v)| {
                let arg = match v {
                    Value::Number(n) => Arg::Num(n.as_f64().unwrap_or(0.0)),
                    Value::String(s) => Arg::Str(s.clone()),
                    // A language (`page.content_lang`): named in the language of the sentence.
                    Value::Object(o) if o.contains_key("names") && o.contains_key("name") => {
                        Arg::PerLanguage {
                            by_language: o["names"]
                                .as_object()
                                .into_iter()
                                .flatten()
                                .map(|(k, v)| {
                                    (k.clone(), v.as_str().unwrap_or_default().to_string())
                                })
                                .collect(),
                            otherwise: o["name"].as_str().unwrap_or_default().to_string(),
                        }
                    }
                    other => Arg::Str(other.to_string()),
                };
                (k.clone(), arg)
            })
            .collect();
        fluent_args.sort_by(|a, b| a.0.cmp(&b.0));
        let translated = self.locales.tr(lang, key, &fluent_args);
        if let Some(t) = translated.as_ref().ok().filter(|t| t.built_in) {
            self.problems
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(TrError::BuiltIn {
                    key: key.to_string(),
                    tried: self.locales.chain(lang),
                    lang: t.lang.clone(),
                });
        }
        match translated {
            Ok(t) => match &self.html {
                None => Value::String(t.text),
                Some(tags) if t.lang != lang => {
                    let (tag, dir) = tags
                        .get(&t.lang)
                        .map_or((t.lang.as_str(), Direction::Ltr), |a| {
                            (a.lang.as_str(), a.dir)
                        });
                    Value::String(format!(
                        "<span lang=\"{}\" dir=\"{}\">{}</span>",
                        escape_html(tag),
                        dir.as_str(),
                        escape_html(&t.text)
                    ))
                }
                Some(_) => Value::String(escape_html(&t.text)),
            },
            Err(e) => {
                self.problems
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(e);
                Value::String(format!("{{{key}}}"))
            }
        }
    }
}

/// `get_url(path, lang)`.
pub(super) struct GetUrl {
    pub(super) targets: UrlTargets,
}

impl tera::Function for GetUrl {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = string_arg(args, "path", "get_url")?;
        if let Some(page) = path.strip_prefix("@/") {
            let lang = string_arg(args, "lang", "get_url")?;
            let (slug, anchor) = match page.split_once('#') {
                Some((s, a)) => (s, format!("#{a}")),
                None => (page, String::new()),
            };
            let slug = slug.strip_suffix(".md").unwrap_or(slug);
            if !self
                .targets
                .pages
                .contains(&(lang.clone(), slug.to_string()))
            {
                return Err(tera::Error::msg(format!(
                    "get_url: there is no page `{path}` in `{lang}`"
                )));
            }
            return Ok(Value::String(escape_html(&format!(
                "{}{anchor}",
                crate::urls::page_path(&lang, slug)
            ))));
        }
        let file = path.trim_start_matches('/');
        if !self.targets.files.contains(file) {
            return Err(tera::Error::msg(format!(
                "get_url: there is no file `{path}` in theme/static/"
            )));
        }
        Ok(Value::String(escape_html(file)))
    }

    /// The paths are built from validated codes and slugs; escaping the few characters that could
    /// matter here keeps `/` readable (Tera's escaping would write `&#x2F;`).
    fn is_safe(&self) -> bool {
        true
    }
}

pub(super) fn string_arg(
    args: &HashMap<String, Value>,
    name: &str,
    function: &str,
) -> tera::Result<String> {
    match args.get(name) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(tera::Error::msg(format!(
            "{function}: `{name}` must be a string, not {other}"
        ))),
        None => Err(tera::Error::msg(format!(
            "{function}: `{name}` is required"
        ))),
    }
}

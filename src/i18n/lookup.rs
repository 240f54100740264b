//! Looking a string up: in the page's language, then along its fallback chain, then in the
//! built-in theme's strings; the caller learns which language answered ([`Translation`]) and why
//! a string could not be formatted ([`TrError`]).

use super::*;

/// An argument passed to a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Num(f64),
    /// A text written differently in each language, such as a language's name (`English`,
    /// `anglais`, `англійська`): the message gets the one of the language whose bundle answers,
    /// so a sentence that falls back to another language names things in that language too.
    PerLanguage {
        by_language: BTreeMap<String, String>,
        otherwise: String,
    },
}

impl Arg {
    /// The length of the longest text this argument can be.
    fn len(&self) -> u64 {
        match self {
            Arg::Str(s) => s.len() as u64,
            // A formatted number: digits, separators, sign, fraction.
            Arg::Num(_) => 64,
            Arg::PerLanguage {
                by_language,
                otherwise,
            } => by_language
                .values()
                .map(String::len)
                .max()
                .unwrap_or(0)
                .max(otherwise.len()) as u64,
        }
    }
}

/// A formatted string and the language whose bundle produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    pub(crate) text: String,
    pub(crate) lang: String,
    /// The site lacks the message and the built-in theme's own text was used (see
    /// [`Locales::add_built_in`]).
    pub(crate) built_in: bool,
}

/// Why a string could not be produced.
#[derive(Debug, Clone, PartialEq)]
pub enum TrError {
    /// No bundle along the chain has the message (or the attribute).
    Missing { key: String, tried: Vec<String> },
    /// Not a failure: no bundle along the chain has the message, and the built-in theme's text in
    /// `lang` was used instead (a warning: the site should have it).
    BuiltIn {
        key: String,
        tried: Vec<String>,
        lang: String,
    },
    /// The message exists but formatting it failed (unknown reference, missing `$variable`).
    Format {
        key: String,
        lang: String,
        location: Box<Location>,
        problems: Vec<String>,
    },
}

impl TrError {
    pub(crate) fn message(&self) -> String {
        match self {
            TrError::Missing { key, tried } => {
                format!("no translation of `{key}` in {}", tried.join(", "))
            }
            TrError::BuiltIn { key, tried, lang } => format!(
                "no translation of `{key}` in {}; the built-in theme's text in {lang} is shown",
                tried.join(", ")
            ),
            TrError::Format {
                key,
                lang,
                problems,
                ..
            } => {
                format!(
                    "`{key}` ({lang}) cannot be formatted: {}",
                    problems.join("; ")
                )
            }
        }
    }
}

impl Locales {
    /// Where message `id` (or its `attribute`) of language `code` is written; the language's
    /// folder when it is not.
    fn written_at(&self, code: &str, id: &str, attribute: Option<&str>) -> Location {
        self.definition(code, id)
            .map(|m| {
                m.part(attribute)
                    .map_or(m.location.clone(), |p| p.location.clone())
            })
            .unwrap_or_else(|| Location::file(format!("locales/{code}")))
    }

    /// The languages a string of `lang` is looked up in, in order.
    pub(crate) fn chain(&self, lang: &str) -> Vec<String> {
        self.chains
            .get(lang)
            .cloned()
            .unwrap_or_else(|| vec![lang.to_string()])
    }

    /// Whether `lang`'s own bundle (not its fallbacks) has `key` (`id` or `id.attr`).
    pub(crate) fn has_own(&self, lang: &str, key: &str) -> bool {
        self.bundles
            .get(lang)
            .is_some_and(|b| pattern_of(b, key).is_some())
    }

    /// Formats `key` (`id` or `id.attribute`) in `lang`, falling back along its chain.
    pub fn tr(
        &self,
        lang: &str,
        key: &str,
        args: &[(String, Arg)],
    ) -> Result<Translation, TrError> {
        shown::note(lang, key);
        let chain = self.chain(lang);
        let fluent_args = |answering: &str| {
            let mut fluent_args = FluentArgs::new();
            for (name, value) in args {
                match value {
                    Arg::Str(s) => fluent_args.set(name.clone(), FluentValue::from(s.clone())),
                    Arg::Num(n) => fluent_args.set(name.clone(), FluentValue::from(*n)),
                    Arg::PerLanguage {
                        by_language,
                        otherwise,
                    } => fluent_args.set(
                        name.clone(),
                        FluentValue::from(by_language.get(answering).unwrap_or(otherwise).clone()),
                    ),
                }
            }
            fluent_args
        };
        for code in &chain {
            let Some(bundle) = self.bundles.get(code) else {
                continue;
            };
            let Some(pattern) = pattern_of(bundle, key) else {
                continue;
            };
            let (id, attribute) = split_key(key);
            if let Some(size) = self
                .expansions
                .get(code)
                .and_then(|sizes| sizes.get(&expansion::key(id, attribute)))
            {
                let longest = args.iter().map(|(_, a)| a.len()).max().unwrap_or(0);
                let bound = size.with_arguments_of(longest);
                let too_many = size.placeables > crate::limits::FLUENT_PLACEABLES;
                if too_many || bound > crate::limits::FLUENT_EXPANSION_BYTES {
                    let location = self.written_at(code, id, attribute);
                    return Err(TrError::Format {
                        key: key.to_string(),
                        lang: code.clone(),
                        location: Box::new(location),
                        problems: vec![if too_many {
                            format!(
                                "it resolves more than {} placeables; Fluent stops there",
                                crate::limits::FLUENT_PLACEABLES
                            )
                        } else {
                            format!(
                                "with an argument of {longest} bytes it could make {} MiB of text; zaklyk formats messages of up to {} MiB",
                                bound.div_ceil(1 << 20),
                                crate::limits::FLUENT_EXPANSION_BYTES >> 20
                            )
                        }],
                    });
                }
            }
            let fluent_args = fluent_args(code);
            let mut errors = Vec::new();
            // fluent-bundle panics in cases the check above refuses; should another one exist,
            // it fails this message, not the run.
            let formatted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                bundle
                    .format_pattern(pattern, Some(&fluent_args), &mut errors)
                    .into_owned()
            }));
            let Ok(text) = formatted else {
                let (id, attribute) = split_key(key);
                return Err(TrError::Format {
                    key: key.to_string(),
                    lang: code.clone(),
                    location: Box::new(
                        self.definition(code, id)
                            .map(|m| {
                                m.part(attribute)
                                    .map_or(m.location.clone(), |p| p.location.clone())
                            })
                            .unwrap_or_else(|| Location::file(format!("locales/{code}"))),
                    ),
                    problems: vec!["Fluent failed while formatting it".into()],
                });
            };
            if !errors.is_empty() {
                // A translation's unknown `$variable` or reference is the lint's finding
                // (`variable-unknown`, `reference-unknown`), reported once where it is written;
                // here the string falls back as if untranslated rather than be reported again.
                if *code != self.source && errors.iter().all(|e| self.linted(code, key, e)) {
                    continue;
                }
                let (id, attribute) = split_key(key);
                let location = self.written_at(code, id, attribute);
                return Err(TrError::Format {
                    key: key.to_string(),
                    lang: code.clone(),
                    location: Box::new(location),
                    problems: errors.iter().map(describe_fluent_error).collect(),
                });
            }
            return Ok(Translation {
                text,
                lang: code.clone(),
                built_in: false,
            });
        }
        let english = "en".to_string();
        for code in chain.iter().chain(std::iter::once(&english)) {
            let Some(bundle) = self.built_in.get(code) else {
                continue;
            };
            let Some(pattern) = pattern_of(bundle, key) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle
                .format_pattern(pattern, Some(&fluent_args(code)), &mut errors)
                .into_owned();
            if errors.is_empty() {
                return Ok(Translation {
                    text,
                    lang: code.clone(),
                    built_in: true,
                });
            }
        }
        Err(TrError::Missing {
            key: key.to_string(),
            tried: chain,
        })
    }
}

/// `id.attr` → (`id`, `Some("attr")`).
fn split_key(key: &str) -> (&str, Option<&str>) {
    match key.split_once('.') {
        Some((id, attr)) => (id, Some(attr)),
        None => (key, None),
    }
}

impl Locales {
    /// The definition Fluent uses (the first) of `id` in `lang`.
    pub(crate) fn definition(&self, lang: &str, id: &str) -> Option<&MessageInfo> {
        let at = *self.index.get(lang)?.get(id)?;
        self.messages.get(lang)?.get(at)
    }

    /// Whether a formatting error of `key` in the translation `lang` is one that lint reports
    /// where it is written: a variable its source text does not have, or a reference that the
    /// language does not define.
    fn linted(&self, lang: &str, key: &str, error: &FluentError) -> bool {
        use fluent_bundle::resolver::{errors::ReferenceKind, ResolverError};
        let FluentError::ResolverError(ResolverError::Reference(kind)) = error else {
            return false;
        };
        let (id, attribute) = split_key(key);
        match kind {
            ReferenceKind::Variable { id: var } => {
                let in_source = self
                    .definition(&self.source, id)
                    .and_then(|m| m.part(attribute))
                    .is_some_and(|p| p.variables.contains_key(var.as_str()));
                let in_translation = self
                    .definition(lang, id)
                    .and_then(|m| m.part(attribute))
                    .is_some_and(|p| p.variables.contains_key(var.as_str()));
                in_translation && !in_source
            }
            ReferenceKind::Message { .. } | ReferenceKind::Term { .. } => true,
            ReferenceKind::Function { .. } => false,
        }
    }
}

fn pattern_of<'b>(bundle: &'b Bundle, key: &str) -> Option<&'b ast::Pattern<&'b str>> {
    let (id, attr) = match key.split_once('.') {
        Some((id, attr)) => (id, Some(attr)),
        None => (key, None),
    };
    let message = bundle.get_message(id)?;
    match attr {
        Some(a) => message.get_attribute(a).map(|a| a.value()),
        None => message.value(),
    }
}

# Interface strings of the default theme.
# Translators: translate the text after "=". Keep the ids, the { $variables } and the
# structure of { $count -> … } blocks; see TRANSLATING.md.

skip-link = Skip to content
languages-label = Language
pages-label = Pages
statement-link = The statement
all-languages = All languages
choose-language = Choose a language
footer-privacy = This site loads nothing from other sites: no fonts, scripts, trackers or cookies.

# $language: the name of the language of the original, in this language (CLDR's: "English",
# "anglais", "англійська"); it stands in parentheses, so no grammatical case is needed.
draft-notice = This is an unofficial draft translation that has not yet been reviewed.
draft-notice-link = Read the original ({ $language }).

# $source: the name of the language the page is shown in instead, in this language (CLDR's:
# "Ukrainian", "anglais"). It stands alone after a colon, so that no language needs to inflect it.
fallback-notice = This page has not been translated yet. Language of this version: { $source }.

# $number: the demand's number, 1 to 10.
demand-link-label = Link to demand { $number }

# Beside a demand shown in another language, because this language does not have it yet.
demand-untranslated = This demand has not been translated yet.

signatories-heading = Signatories
# $count: the number of signatory organisations.
signatories-count = { $count ->
    [one] Signed by { $count } organisation
   *[other] Signed by { $count } organisations
}

not-found-title = Page not found
not-found-home = Go to the statement in English

# A date: $day (1–31), $month (1–12), $year.
date-long = { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }

# Shown when the original has changed since a translation was made.
outdated-notice = The original text has changed since this translation was made; it may be out of date.
outdated-notice-link = See the original ({ $language }).

## The translation status page.

translate-link = Help translate
translate-title = Translations of this site
translate-intro = Volunteers translate this statement. The table shows how complete each language is; a draft has not yet been reviewed by a person.
translate-howto = To add or improve a language, follow the guide TRANSLATING.md in the site's source files, then run “zaklyk check” to find what is missing.
translate-language = Language
translate-messages = Interface strings
translate-pages = Pages
translate-demands = Demands
translate-drafts = Drafts
translate-outdated = Out of date
translate-missing = Not translated

## Sharing and offline copies.
# $size: a size in kilobytes. offline-readme is the text file in the offline zip: $title is the
# statement's title, $url the site's address, $sums the address of the checksums.

share-heading = Share
share-email = Email
share-copy = Or copy the address:
download-heading = Download for offline reading
download-zip = The whole site, all languages (ZIP, { $size } KB)
download-page = This statement as a single file (HTML, { $size } KB)
download-sums = SHA-256 checksums, to verify a copy
offline-notice = This is an offline copy. The site is online at
offline-readme =
    This is an offline copy of the site “{ $title }”.
    To read it, unzip the archive and open the file index.html in a web browser; no internet connection is needed.
    The site is online at { $url }
    To check that this copy has not been altered, compare its SHA-256 checksum with the one published at { $sums }

## The preview's error page (zaklyk serve), shown to editors, not to readers.

serve-error-title = The site could not be rebuilt
serve-error-intro = Fix the problems below and save: this page reloads by itself. Other pages still show the last good version.

download-signature = Ed25519 signature of the checksums
download-key = public key, fingerprint
translate-guide = Read the translators' guide (in English).

## If this site is blocked: mirrors, the onion address, checksums.
# blocked-onion is followed by the address, as text to copy (Tor Browser only opens it).
# mirror-readme is the text file in the mirror kit: $title is the statement's title, $url the
# site's address, $sums the address of the checksums, $name the file name's start, $mirrors the
# known mirrors.

blocked-heading = If this site is blocked
blocked-mirrors = The same site at other addresses:
blocked-onion = In Tor Browser, at this address (copy it into the address bar):
download-checksum = SHA-256 checksum:
mirror-readme =
    This folder holds the site “{ $title }”, ready to be published at another address for readers who cannot reach { $url }
    To publish a copy, upload everything in the folder “site” to any web host. The pages work at any address and in any sub-folder; no database or program is needed. The file nginx.conf in it is a ready server configuration for nginx: change its root and server_name.
    Known copies: { $mirrors }
    To check that this copy has not been altered, compare the SHA-256 checksum of { $name }-mirror.zip with the one published at { $sums } (for example with the command: sha256sum { $name }-mirror.zip).

## Spreading the statement: share cards, the demands' own pages, the one-sheet, QR codes, updates.
# card-demand is written on a demand's share card (a picture); demand-page-title is the title of
# the demand's own page. $number: the demand's number, 1 to 10.

card-demand = Demand { $number }
demand-page-title = Demand { $number }
demand-page-link = This demand's own page
demand-in-statement = Read demand { $number } in the statement
card-download = The picture of this demand, to share (PNG)
sheet-link = The demands on one sheet, to print
sheet-intro = The demands of the statement on one sheet, to print and pass on.
sheet-read-all = Read the whole statement.
# $url: the address the QR code leads to (read out by screen readers).
qr-label = QR code of { $url }
qr-caption = Online:
updates-title = Updates
updates-feed = Updates (Atom feed)
updates-none = No updates yet.

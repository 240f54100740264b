skip-link = Zum Inhalt springen
languages-label = Sprache
pages-label = Seiten
statement-link = Die Erklärung
all-languages = Alle Sprachen
choose-language = Sprache wählen
footer-privacy = Diese Website lädt nichts von anderen Websites: keine Schriften, Skripte, Tracker oder Cookies.

draft-notice = Dies ist eine inoffizielle Übersetzung im Entwurf, die noch nicht geprüft wurde.
draft-notice-link = Original lesen ({ $language }).

fallback-notice = Diese Seite ist noch nicht auf { $language } übersetzt; Sie lesen die Fassung auf { $source }.

demand-link-label = Link zu Forderung { $number }

signatories-heading = Unterzeichnende
signatories-count = { $count ->
    [one] Unterzeichnet von { $count } Organisation
   *[other] Unterzeichnet von { $count } Organisationen
}

not-found-title = Seite nicht gefunden
not-found-home = Zur Erklärung auf Deutsch

date-long = { $day }. { $month ->
    [1] Januar
    [2] Februar
    [3] März
    [4] April
    [5] Mai
    [6] Juni
    [7] Juli
    [8] August
    [9] September
    [10] Oktober
    [11] November
   *[12] Dezember
} { $year }

outdated-notice = Der Originaltext hat sich geändert, seit diese Übersetzung erstellt wurde; sie ist möglicherweise nicht mehr aktuell.
outdated-notice-link = Zum Original ({ $language }).

translate-link = Beim Übersetzen helfen
translate-title = Übersetzungen dieser Website
translate-intro = Ehrenamtliche übersetzen diese Erklärung. Die Tabelle zeigt, wie vollständig jede Sprache ist; ein Entwurf wurde noch von niemandem geprüft.
translate-howto = Um eine Sprache hinzuzufügen oder zu verbessern, folgen Sie der Anleitung TRANSLATING.md in den Quelldateien der Website und führen Sie dann „zaklyk check“ aus, um zu sehen, was fehlt.
translate-language = Sprache
translate-messages = Oberflächentexte
translate-pages = Seiten
translate-drafts = Entwürfe
translate-outdated = Veraltet
translate-missing = Nicht übersetzt

## Sharing and offline copies.

share-heading = Teilen
share-email = E-Mail
share-copy = Oder die Adresse kopieren:
download-heading = Zum Offline-Lesen herunterladen
download-zip = Die ganze Website in allen Sprachen (ZIP, { $size } KB)
download-page = Diese Erklärung als eine Datei (HTML, { $size } KB)
download-sums = SHA-256-Prüfsummen zum Prüfen einer Kopie
offline-notice = Dies ist eine Offline-Kopie. Die Website ist online unter
offline-readme =
    Dies ist eine Offline-Kopie der Website „{ $title }“.
    Entpacken Sie das Archiv und öffnen Sie die Datei index.html in einem Webbrowser; eine Internetverbindung ist nicht nötig.
    Die Website ist online unter { $url }
    Um zu prüfen, dass diese Kopie nicht verändert wurde, vergleichen Sie ihre SHA-256-Prüfsumme mit der unter { $sums } veröffentlichten.

## The preview's error page (zaklyk serve).

serve-error-title = Die Website konnte nicht neu erstellt werden
serve-error-intro = Beheben Sie die Probleme unten und speichern Sie: Diese Seite lädt sich dann selbst neu. Andere Seiten zeigen weiter die letzte funktionierende Fassung.

download-signature = Ed25519-Signatur der Prüfsummen
download-key = öffentlicher Schlüssel, Fingerabdruck

# source: 7c49b318854cf5e5
skip-link = Zum Inhalt springen
# source: 8397fbbfb9ebad3a
languages-label = Sprache
# source: e238a18c6faa119d
pages-label = Seiten
# source: 2b591c7b6184623a
statement-link = Die Erklärung
# source: c5c39bd51cbe27f3
all-languages = Alle Sprachen
# source: 86fda7810a65bf5d
choose-language = Sprache wählen
# source: 6a0a3bf8b286464d
footer-privacy = Diese Website lädt nichts von anderen Websites: keine Schriften, Skripte, Tracker oder Cookies.

# source: 58e0e923734a0e1d
draft-notice = Dies ist eine inoffizielle Übersetzung im Entwurf, die noch nicht geprüft wurde.
# source: 785c06878fbac3c1
draft-notice-link = Original lesen ({ $language }).

# source: 207a480b54caecaf
fallback-notice = Diese Seite ist noch nicht übersetzt. Sprache dieser Fassung: { $source }.

# source: 00db0d599e2a2e9f
demand-link-label = Link zu Forderung { $number }
# source: 29343006a8994676
demand-untranslated = Diese Forderung ist noch nicht übersetzt.

# source: 9dc4cf20c50e7b19
signatories-heading = Unterzeichnende
# source: f4fd8e898fe6d504
signatories-count = { $count ->
    [one] Unterzeichnet von { $count } Organisation
   *[other] Unterzeichnet von { $count } Organisationen
}

# source: dde6f523cb192841
not-found-title = Seite nicht gefunden
# source: e5ec0bec52864e37
not-found-home = Zur Erklärung auf Deutsch

# source: 8611831968caba88
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

# source: 1a9014a2f1e3bc29
outdated-notice = Der Originaltext hat sich geändert, seit diese Übersetzung erstellt wurde; sie ist möglicherweise nicht mehr aktuell.
# source: 3e0e8142da31a03c
outdated-notice-link = Zum Original ({ $language }).

# source: f0f9e2d184d5bdb2
translate-link = Beim Übersetzen helfen
# source: 9d256ee8e5857f25
translate-title = Übersetzungen dieser Website
# source: f38fca80d8114ded
translate-intro = Ehrenamtliche übersetzen diese Erklärung. Die Tabelle zeigt, wie vollständig jede Sprache ist; ein Entwurf wurde noch von niemandem geprüft.
# source: 7f679c7a68b9e518
translate-howto = Um eine Sprache hinzuzufügen oder zu verbessern, folgen Sie der Anleitung TRANSLATING.md in den Quelldateien der Website und führen Sie dann „zaklyk check“ aus, um zu sehen, was fehlt.
# source: dad0a5c7d4050a78
translate-language = Sprache
# source: f98f09109f457213
translate-messages = Oberflächentexte
# source: 5f1ce0761da31fa5
translate-pages = Seiten
# source: c070b0c439dfeb4c
translate-demands = Forderungen
# source: 227ad3e407d5c204
translate-drafts = Entwürfe
# source: 857f780f831394c3
translate-outdated = Veraltet
# source: 7e2dbc67abff73c1
translate-missing = Nicht übersetzt

## Sharing and offline copies.

# source: b78003dbfac077c2
share-heading = Teilen
# source: 24481f34d0e07d73
share-email = E-Mail
# source: 00aa4c3b51c1b896
share-copy = Oder die Adresse kopieren:
# source: 1d4c64d886cf6123
download-heading = Zum Offline-Lesen herunterladen
# source: b6dd0caef838aac2
download-zip = Die ganze Website in allen Sprachen (ZIP, { $size } KB)
# source: 0cd2d70397e9a56e
download-page = Diese Erklärung als eine Datei (HTML, { $size } KB)
# source: 3f7ef7f5ba148949
download-sums = SHA-256-Prüfsummen zum Prüfen einer Kopie
# source: 787dc77a5abac65b
offline-notice = Dies ist eine Offline-Kopie. Die Website ist online unter
# source: ecc27b19f7de4271
offline-readme =
    Dies ist eine Offline-Kopie der Website „{ $title }“.
    Entpacken Sie das Archiv und öffnen Sie die Datei index.html in einem Webbrowser; eine Internetverbindung ist nicht nötig.
    Die Website ist online unter { $url }
    Um zu prüfen, dass diese Kopie nicht verändert wurde, vergleichen Sie ihre SHA-256-Prüfsumme mit der unter { $sums } veröffentlichten.

## The preview's error page (zaklyk serve).

# source: bbda93aa49ed5382
serve-error-title = Die Website konnte nicht neu erstellt werden
# source: 4278984596502543
serve-error-intro = Beheben Sie die Probleme unten und speichern Sie: Diese Seite lädt sich dann selbst neu. Andere Seiten zeigen weiter die letzte funktionierende Fassung.

# source: 8eb12e0c5c26162e
download-signature = Ed25519-Signatur der Prüfsummen
# source: 91eb825ad86bd1b2
download-key = öffentlicher Schlüssel, Fingerabdruck
# source: 65881fff1c066596
translate-guide = Zur Anleitung für Übersetzende (auf Englisch).

## If this site is blocked: mirrors, the onion address, checksums.

# source: 92d128ab3b9677c3
blocked-heading = Falls diese Website gesperrt ist
# source: 4071077d36694153
blocked-mirrors = Dieselbe Website unter anderen Adressen:
# source: a506542dcc22fb52
blocked-onion = Im Tor Browser unter dieser Adresse (kopieren Sie sie in die Adressleiste):
# source: 815334c0fd728bd0
download-checksum = SHA-256-Prüfsumme:
# source: 3bff44d71845390b
mirror-readme =
    Dieser Ordner enthält die Website „{ $title }“, bereit zur Veröffentlichung unter einer anderen Adresse für Leserinnen und Leser, die { $url } nicht erreichen.
    Um eine Kopie zu veröffentlichen, laden Sie den gesamten Inhalt des Ordners „site“ auf einen beliebigen Webspace hoch. Die Seiten funktionieren unter jeder Adresse und in jedem Unterordner; weder Datenbank noch Programme sind nötig. Die Datei nginx.conf darin ist eine fertige Serverkonfiguration für nginx: Ändern Sie darin root und server_name.
    Bekannte Kopien: { $mirrors }
    Um zu prüfen, dass diese Kopie nicht verändert wurde, vergleichen Sie die SHA-256-Prüfsumme von { $name }-mirror.zip mit der unter { $sums } veröffentlichten (zum Beispiel mit dem Befehl: sha256sum { $name }-mirror.zip).

# source: 85ed55ba0d7ab885
card-demand = Forderung { $number }
# source: 6318325bc7ed4cc7
demand-page-title = Forderung { $number }
# source: b09fe01581681dda
demand-page-link = Die eigene Seite dieser Forderung
# source: 1db8eb488d7db6e6
demand-in-statement = Forderung { $number } in der Erklärung lesen
# source: 7c35b729bbbe55c6
card-download = Das Bild dieser Forderung zum Teilen (PNG)
# source: 2c4cef24284d782a
sheet-link = Die Forderungen auf einem Blatt, zum Drucken
# source: 8be6c7851383b9ed
sheet-intro = Die Forderungen der Erklärung auf einem Blatt, zum Drucken und Weitergeben.
# source: d3fb34ad779b9f91
sheet-read-all = Die ganze Erklärung lesen.
# source: fd24712ab9b61b3c
qr-label = QR-Code von { $url }
# source: e71fa2125477f34f
qr-caption = Im Internet:
# source: dcd2e32f283c9c88
updates-title = Neuigkeiten
# source: 446095d3a249f7ea
updates-feed = Neuigkeiten (Atom-Feed)
# source: de4f25e5ed2dbd83
updates-none = Noch keine Neuigkeiten.

# source: 7c49b318854cf5e5
skip-link = Przejdź do treści
# source: 8397fbbfb9ebad3a
languages-label = Język
# source: e238a18c6faa119d
pages-label = Strony
# source: 2b591c7b6184623a
statement-link = Oświadczenie
# source: c5c39bd51cbe27f3
all-languages = Wszystkie języki
# source: 86fda7810a65bf5d
choose-language = Wybierz język
# source: 6a0a3bf8b286464d
footer-privacy = Ta strona niczego nie pobiera z innych witryn: żadnych czcionek, skryptów, trackerów ani plików cookie.

# source: 58e0e923734a0e1d
draft-notice = To nieoficjalny roboczy przekład, który nie został jeszcze sprawdzony.
# source: 785c06878fbac3c1
draft-notice-link = Przeczytaj oryginał ({ $language }).

# source: 207a480b54caecaf
fallback-notice = Ta strona nie została jeszcze przetłumaczona. Język tej wersji: { $source }.

# source: 00db0d599e2a2e9f
demand-link-label = Link do postulatu { $number }
# source: 29343006a8994676
demand-untranslated = Ten postulat nie został jeszcze przetłumaczony.

# source: 9dc4cf20c50e7b19
signatories-heading = Sygnatariusze
# Polski ma cztery formy: one (1), few (2–4, 22–24), many (5–21, 25), other (ułamki).
# source: f4fd8e898fe6d504
signatories-count = { $count ->
    [one] Podpisała { $count } organizacja
    [few] Podpisały { $count } organizacje
    [many] Podpisało { $count } organizacji
   *[other] Podpisało { $count } organizacji
}

# source: dde6f523cb192841
not-found-title = Nie znaleziono strony
# source: e5ec0bec52864e37
not-found-home = Przejdź do oświadczenia po polsku

# source: 8611831968caba88
date-long = { $day } { $month ->
    [1] stycznia
    [2] lutego
    [3] marca
    [4] kwietnia
    [5] maja
    [6] czerwca
    [7] lipca
    [8] sierpnia
    [9] września
    [10] października
    [11] listopada
   *[12] grudnia
} { $year }

# source: 1a9014a2f1e3bc29
outdated-notice = Tekst oryginału zmienił się od czasu powstania tego przekładu; przekład może być nieaktualny.
# source: 3e0e8142da31a03c
outdated-notice-link = Zobacz oryginał ({ $language }).

# source: f0f9e2d184d5bdb2
translate-link = Pomóż w tłumaczeniu
# source: 9d256ee8e5857f25
translate-title = Tłumaczenia tej strony
# source: f38fca80d8114ded
translate-intro = Tłumaczeniem tego oświadczenia zajmują się wolontariusze. Tabela pokazuje, na ile kompletny jest każdy język; wersji roboczej nikt jeszcze nie sprawdził.
# source: 7f679c7a68b9e518
translate-howto = Aby dodać lub poprawić język, skorzystaj z przewodnika TRANSLATING.md w plikach źródłowych strony, a potem uruchom „zaklyk check”, aby zobaczyć, czego brakuje.
# source: dad0a5c7d4050a78
translate-language = Język
# source: f98f09109f457213
translate-messages = Teksty interfejsu
# source: 5f1ce0761da31fa5
translate-pages = Strony
# source: c070b0c439dfeb4c
translate-demands = Postulaty
# source: 227ad3e407d5c204
translate-drafts = Wersje robocze
# source: 857f780f831394c3
translate-outdated = Nieaktualne
# source: 7e2dbc67abff73c1
translate-missing = Nieprzetłumaczone

## Sharing and offline copies.

# source: b78003dbfac077c2
share-heading = Udostępnij
# source: 24481f34d0e07d73
share-email = E-mail
# source: 00aa4c3b51c1b896
share-copy = Albo skopiuj adres:
# source: 1d4c64d886cf6123
download-heading = Pobierz do czytania offline
# source: b6dd0caef838aac2
download-zip = Cała strona we wszystkich językach (ZIP, { $size } KB)
# source: 0cd2d70397e9a56e
download-page = To oświadczenie jako jeden plik (HTML, { $size } KB)
# source: 3f7ef7f5ba148949
download-sums = Sumy kontrolne SHA-256 do sprawdzenia kopii
# source: 787dc77a5abac65b
offline-notice = To jest kopia offline. Strona jest dostępna pod adresem
# source: ecc27b19f7de4271
offline-readme =
    To jest kopia offline strony „{ $title }”.
    Aby ją przeczytać, rozpakuj archiwum i otwórz plik index.html w przeglądarce; połączenie z internetem nie jest potrzebne.
    Strona jest dostępna pod adresem { $url }
    Aby sprawdzić, czy ta kopia nie została zmieniona, porównaj jej sumę kontrolną SHA-256 z opublikowaną pod adresem { $sums }

## The preview's error page (zaklyk serve).

# source: bbda93aa49ed5382
serve-error-title = Nie udało się przebudować strony
# source: 4278984596502543
serve-error-intro = Popraw poniższe problemy i zapisz plik: ta strona odświeży się sama. Pozostałe strony pokazują ostatnią poprawną wersję.

# source: 8eb12e0c5c26162e
download-signature = Podpis Ed25519 sum kontrolnych
# source: 91eb825ad86bd1b2
download-key = klucz publiczny, odcisk
# source: 65881fff1c066596
translate-guide = Przewodnik dla tłumaczy (po angielsku).

## If this site is blocked: mirrors, the onion address, checksums.

# source: 92d128ab3b9677c3
blocked-heading = Jeśli ta strona jest zablokowana
# source: 4071077d36694153
blocked-mirrors = Ta sama strona pod innymi adresami:
# source: a506542dcc22fb52
blocked-onion = W przeglądarce Tor pod tym adresem (skopiuj go do paska adresu):
# source: 815334c0fd728bd0
download-checksum = Suma kontrolna SHA-256:
# source: 3bff44d71845390b
mirror-readme =
    Ten folder zawiera stronę „{ $title }”, gotową do opublikowania pod innym adresem dla czytelników, którzy nie mogą otworzyć { $url }
    Aby opublikować kopię, prześlij całą zawartość folderu „site” na dowolny hosting. Strony działają pod każdym adresem i w każdym podfolderze; nie potrzeba bazy danych ani programów. Plik nginx.conf w nim to gotowa konfiguracja serwera nginx: zmień w nim root i server_name.
    Znane kopie: { $mirrors }
    Aby sprawdzić, czy ta kopia nie została zmieniona, porównaj sumę kontrolną SHA-256 pliku { $name }-mirror.zip z opublikowaną pod adresem { $sums } (na przykład poleceniem: sha256sum { $name }-mirror.zip).

# source: 85ed55ba0d7ab885
card-demand = Postulat { $number }
# source: 6318325bc7ed4cc7
demand-page-title = Postulat { $number }
# source: b09fe01581681dda
demand-page-link = Osobna strona tego postulatu
# source: 1db8eb488d7db6e6
demand-in-statement = Przeczytaj postulat { $number } w oświadczeniu
# source: 7c35b729bbbe55c6
card-download = Obraz tego postulatu do udostępnienia (PNG)
# source: 2c4cef24284d782a
sheet-link = Postulaty na jednej kartce, do druku
# source: 8be6c7851383b9ed
sheet-intro = Postulaty oświadczenia na jednej kartce, do wydrukowania i przekazania dalej.
# source: d3fb34ad779b9f91
sheet-read-all = Przeczytaj całe oświadczenie.
# source: fd24712ab9b61b3c
qr-label = Kod QR adresu { $url }
# source: e71fa2125477f34f
qr-caption = W internecie:
# source: dcd2e32f283c9c88
updates-title = Aktualności
# source: 446095d3a249f7ea
updates-feed = Aktualności (kanał Atom)
# source: de4f25e5ed2dbd83
updates-none = Na razie brak aktualności.

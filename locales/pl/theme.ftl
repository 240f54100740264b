skip-link = Przejdź do treści
languages-label = Język
pages-label = Strony
statement-link = Oświadczenie
all-languages = Wszystkie języki
choose-language = Wybierz język
footer-privacy = Ta strona niczego nie pobiera z innych witryn: żadnych czcionek, skryptów, trackerów ani plików cookie.

draft-notice = To nieoficjalny roboczy przekład, który nie został jeszcze sprawdzony.
draft-notice-link = Przeczytaj oryginał ({ $language }).

fallback-notice = Ta strona nie została jeszcze przetłumaczona na język: { $language }; czytasz wersję w języku: { $source }.

demand-link-label = Link do postulatu { $number }

signatories-heading = Sygnatariusze
# Polski ma cztery formy: one (1), few (2–4, 22–24), many (5–21, 25), other (ułamki).
signatories-count = { $count ->
    [one] Podpisała { $count } organizacja
    [few] Podpisały { $count } organizacje
    [many] Podpisało { $count } organizacji
   *[other] Podpisało { $count } organizacji
}

not-found-title = Nie znaleziono strony
not-found-home = Przejdź do oświadczenia po polsku

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

outdated-notice = Tekst oryginału zmienił się od czasu powstania tego przekładu; przekład może być nieaktualny.
outdated-notice-link = Zobacz oryginał ({ $language }).

translate-link = Pomóż w tłumaczeniu
translate-title = Tłumaczenia tej strony
translate-intro = Tłumaczeniem tego oświadczenia zajmują się wolontariusze. Tabela pokazuje, na ile kompletny jest każdy język; wersji roboczej nikt jeszcze nie sprawdził.
translate-howto = Aby dodać lub poprawić język, skorzystaj z przewodnika TRANSLATING.md w plikach źródłowych strony, a potem uruchom „zaklyk check”, aby zobaczyć, czego brakuje.
translate-language = Język
translate-messages = Teksty interfejsu
translate-pages = Strony
translate-drafts = Wersje robocze
translate-outdated = Nieaktualne
translate-missing = Nieprzetłumaczone

## Sharing and offline copies.

share-heading = Udostępnij
share-email = E-mail
share-copy = Albo skopiuj adres:
download-heading = Pobierz do czytania offline
download-zip = Cała strona we wszystkich językach (ZIP, { $size } KB)
download-page = To oświadczenie jako jeden plik (HTML, { $size } KB)
download-sums = Sumy kontrolne SHA-256 do sprawdzenia kopii
offline-notice = To jest kopia offline. Strona jest dostępna pod adresem
offline-readme =
    To jest kopia offline strony „{ $title }”.
    Aby ją przeczytać, rozpakuj archiwum i otwórz plik index.html w przeglądarce; połączenie z internetem nie jest potrzebne.
    Strona jest dostępna pod adresem { $url }
    Aby sprawdzić, czy ta kopia nie została zmieniona, porównaj jej sumę kontrolną SHA-256 z opublikowaną pod adresem { $sums }

## The preview's error page (zaklyk serve).

serve-error-title = Nie udało się przebudować strony
serve-error-intro = Popraw poniższe problemy i zapisz plik: ta strona odświeży się sama. Pozostałe strony pokazują ostatnią poprawną wersję.

download-signature = Podpis Ed25519 sum kontrolnych
download-key = klucz publiczny, odcisk

# Qırımtatarca (latin yazısı). Tercimeciler içün: "=" işaretinden soñki metinni tercime etiñiz.
# İd-lerni, { $variable } ve { $count -> … } bloklarınıñ qurulışını deñiştirmeñiz; TRANSLATING.md-ge baqıñız.

# source: 7c49b318854cf5e5
skip-link = Mündericege keçmek
# source: 8397fbbfb9ebad3a
languages-label = Til
# source: e238a18c6faa119d
pages-label = Saifeler
# source: 2b591c7b6184623a
statement-link = Beyanat
# source: c5c39bd51cbe27f3
all-languages = Bütün tiller
# source: 86fda7810a65bf5d
choose-language = Tilni saylañız
# source: 6a0a3bf8b286464d
footer-privacy = Bu sayt başqa saytlardan iç bir şey yüklemey: şriftler, skriptler, izleyiciler ya da cookie yoq.

# source: 58e0e923734a0e1d
draft-notice = Bu, daa tekşirilmegen, resmiy olmağan qaralama tercimedir.
# source: 785c06878fbac3c1
draft-notice-link = Asıl metinni oquñız ({ $language }).

# source: 207a480b54caecaf
fallback-notice = Bu saife daa tercime etilmedi. Bu versiyanıñ tili: { $source }.

# source: 00db0d599e2a2e9f
demand-link-label = № { $number } talapqa bağlantı
# source: 29343006a8994676
demand-untranslated = Bu talap daa tercime etilmedi.

# source: 9dc4cf20c50e7b19
signatories-heading = İmzalağanlar
# CLDR-de qırımtatar tili içün çoqluq qaideleri yoq; site.toml türk qaidesini (one: 1; other) belgiley.
# Sayıdan soñ isim birlik şekilde qala: "1 teşkilât", "8 teşkilât".
# source: f4fd8e898fe6d504
signatories-count = { $count ->
    [one] { $count } teşkilât imzaladı
   *[other] { $count } teşkilât imzaladı
}

# source: dde6f523cb192841
not-found-title = Saife tapılmadı
# source: e5ec0bec52864e37
not-found-home = Qırımtatarca beyanatqa keçmek

# source: 8611831968caba88
date-long = { $day } { $month ->
    [1] yanvar
    [2] fevral
    [3] mart
    [4] aprel
    [5] mayıs
    [6] iyun
    [7] iyul
    [8] avgust
    [9] sentâbr
    [10] oktâbr
    [11] noyabr
   *[12] dekabr
} { $year }

# source: 1a9014a2f1e3bc29
outdated-notice = Bu tercime yapılğandan soñ asıl metin deñişti; tercime eskirgen olabilir.
# source: 3e0e8142da31a03c
outdated-notice-link = Asıl metinge baqıñız ({ $language }).

# source: f0f9e2d184d5bdb2
translate-link = Tercimede yardım etiñiz
# source: 9d256ee8e5857f25
translate-title = Bu saytnıñ tercimeleri
# source: f38fca80d8114ded
translate-intro = Bu beyanatnı ihtiyariy insanlar tercime ete. Cedvel er tilniñ ne qadar tamam olğanını köstere; qaralamanı daa insan tekşirmedi.
# source: 7f679c7a68b9e518
translate-howto = Til qoşmaq ya da tercimeni yahşılamaq içün saytnıñ menba fayllarındaki TRANSLATING.md qılavuzını oquñız, soñ neler eksik olğanını tapmaq içün «zaklyk check» işletiñiz.
# source: dad0a5c7d4050a78
translate-language = Til
# source: f98f09109f457213
translate-messages = İnterfeys satırları
# source: 5f1ce0761da31fa5
translate-pages = Saifeler
# source: c070b0c439dfeb4c
translate-demands = Talaplar
# source: 227ad3e407d5c204
translate-drafts = Qaralamalar
# source: 857f780f831394c3
translate-outdated = Eskirgen
# source: 7e2dbc67abff73c1
translate-missing = Tercime etilmegen

## Sharing and offline copies.

# source: b78003dbfac077c2
share-heading = Paylaşmaq
# source: 24481f34d0e07d73
share-email = E-poçta
# source: 00aa4c3b51c1b896
share-copy = Ya da adresni kopiyalañız:
# source: 1d4c64d886cf6123
download-heading = İnternetsiz oqumaq içün yüklemek
# source: b6dd0caef838aac2
download-zip = Bütün sayt, bütün tillerde (ZIP, { $size } KB)
# source: 0cd2d70397e9a56e
download-page = Bu beyanat bir fayl olaraq (HTML, { $size } KB)
# source: 3f7ef7f5ba148949
download-sums = Kopiyanı tekşirmek içün SHA-256 kontrol summaları
# source: 787dc77a5abac65b
offline-notice = Bu internetsiz kopiyadır. Sayt internette bu adreste:
# source: ecc27b19f7de4271
offline-readme =
    Bu, «{ $title }» saytınıñ internetsiz kopiyasıdır.
    Oqumaq içün arhivni açıñız ve index.html faylını brauzerde açıñız; internet kerek degil.
    Sayt internette: { $url }
    Bu kopiyanıñ deñiştirilmegenini tekşirmek içün onıñ SHA-256 kontrol summasını { $sums } adresinde derc etilgeni ile qıyaslañız.

## The preview's error page (zaklyk serve).

# source: bbda93aa49ed5382
serve-error-title = Saytnı yañıdan qurmaq mümkün olmadı
# source: 4278984596502543
serve-error-intro = Aşağıdaki problemlerni tüzetip faylnı saqlañız: bu saife özü yañılanır. Başqa saifeler soñki muvafaqiyetli versiyanı köstere.

# source: 8eb12e0c5c26162e
download-signature = Kontrol summalarınıñ Ed25519 imzası
# source: 91eb825ad86bd1b2
download-key = açıq anahtar, izi
# source: 65881fff1c066596
translate-guide = Tercimeciler içün qılavuz (ingliz tilinde).

## If this site is blocked: mirrors, the onion address, checksums.

# source: 92d128ab3b9677c3
blocked-heading = Eger bu sayt bloklanğan olsa
# source: 4071077d36694153
blocked-mirrors = Tap bu sayt başqa adreslerde:
# source: a506542dcc22fb52
blocked-onion = Tor Browser-de bu adreste (onı adres satırına kopiyalañız):
# source: 815334c0fd728bd0
download-checksum = SHA-256 kontrol summası:
# source: 3bff44d71845390b
mirror-readme =
    Bu papkada «{ $title }» saytı bar; o, { $url } adresini açıp olamağan oquyıcılar içün başqa adreste derc etilmege azır.
    Kopiyanı derc etmek içün «site» papkasındaki her şeyni er angi veb-hostingge yükleñiz. Saifeler er angi adreste ve er angi içki papkada çalışa; ne malümat bazası, ne programma kerek. İçindeki nginx.conf faylı nginx serveri içün azır konfiguratsiyadır: onda root ve server_name deñiştiriñiz.
    Belli kopiyalar: { $mirrors }
    Bu kopiyanıñ deñiştirilmegenini tekşirmek içün { $name }-mirror.zip faylınıñ SHA-256 kontrol summasını { $sums } adresinde derc etilgeni ile qıyaslañız (meselâ, bu emir ile: sha256sum { $name }-mirror.zip).

# source: 85ed55ba0d7ab885
card-demand = № { $number } talap
# source: 6318325bc7ed4cc7
demand-page-title = № { $number } talap
# source: b09fe01581681dda
demand-page-link = Bu talapnıñ ayrı saifesi
# source: 1db8eb488d7db6e6
demand-in-statement = № { $number } talapnı beyanatta oqumaq
# source: 7c35b729bbbe55c6
card-download = Bu talapnıñ resimi, paylaşmaq içün (PNG)
# source: 2c4cef24284d782a
sheet-link = Talaplar bir yapraqta, basmaq içün
# source: 8be6c7851383b9ed
sheet-intro = Beyanatnıñ talapları bir yapraqta: basıp, başqalarına berilmek içün.
# source: d3fb34ad779b9f91
sheet-read-all = Bütün beyanatnı oqumaq.
# source: fd24712ab9b61b3c
qr-label = { $url } adresiniñ QR-kodu
# source: e71fa2125477f34f
qr-caption = İnternette:
# source: dcd2e32f283c9c88
updates-title = Haberler
# source: 446095d3a249f7ea
updates-feed = Haberler (Atom lentası)
# source: de4f25e5ed2dbd83
updates-none = Şimdilik haber yoq.

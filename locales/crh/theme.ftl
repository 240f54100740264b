# Qırımtatarca (latin yazısı). Tercimeciler içün: "=" işaretinden soñki metinni tercime etiñiz.
# İd-lerni, { $variable } ve { $count -> … } bloklarınıñ qurulışını deñiştirmeñiz; TRANSLATING.md-ge baqıñız.

skip-link = Mündericege keçmek
languages-label = Til
pages-label = Saifeler
statement-link = Beyanat
all-languages = Bütün tiller
choose-language = Tilni saylañız
footer-privacy = Bu sayt başqa saytlardan iç bir şey yüklemey: şriftler, skriptler, izleyiciler ya da cookie yoq.

draft-notice = Bu, daa tekşirilmegen, resmiy olmağan qaralama tercimedir.
draft-notice-link = Asıl metinni oquñız ({ $language }).

fallback-notice = Bu saife daa { $language } tiline tercime etilmedi; siz { $source } versiyasını oquysıñız.

demand-link-label = { $number } talapqa bağlantı

signatories-heading = İmzalağanlar
# CLDR-de qırımtatar tili içün çoqluq qaideleri yoq; site.toml türk qaidesini (one: 1; other) belgiley.
# Sayıdan soñ isim birlik şekilde qala: "1 teşkilât", "8 teşkilât".
signatories-count = { $count ->
    [one] { $count } teşkilât imzaladı
   *[other] { $count } teşkilât imzaladı
}

not-found-title = Saife tapılmadı
not-found-home = Qırımtatarca beyanatqa keçmek

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

outdated-notice = Bu tercime yapılğandan soñ asıl metin deñişti; tercime eskirgen olabilir.
outdated-notice-link = Asıl metinge baqıñız ({ $language }).

translate-link = Tercimede yardım etiñiz
translate-title = Bu saytnıñ tercimeleri
translate-intro = Bu beyanatnı ihtiyariy insanlar tercime ete. Cedvel er tilniñ ne qadar tamam olğanını köstere; qaralamanı daa insan tekşirmedi.
translate-howto = Til qoşmaq ya da tercimeni yahşılamaq içün saytnıñ menba fayllarındaki TRANSLATING.md qılavuzını oquñız, soñ neler eksik olğanını tapmaq içün «zaklyk check» işletiñiz.
translate-language = Til
translate-messages = İnterfeys satırları
translate-pages = Saifeler
translate-drafts = Qaralamalar
translate-outdated = Eskirgen
translate-missing = Tercime etilmegen

## Sharing and offline copies.

share-heading = Paylaşmaq
share-email = E-poçta
share-copy = Ya da adresni kopiyalañız:
download-heading = İnternetsiz oqumaq içün yüklemek
download-zip = Bütün sayt, bütün tillerde (ZIP, { $size } KB)
download-page = Bu beyanat bir fayl olaraq (HTML, { $size } KB)
download-sums = Kopiyanı tekşirmek içün SHA-256 kontrol summaları
offline-notice = Bu internetsiz kopiyadır. Sayt internette bu adreste:
offline-readme =
    Bu, «{ $title }» saytınıñ internetsiz kopiyasıdır.
    Oqumaq içün arhivni açıñız ve index.html faylını brauzerde açıñız; internet kerek degil.
    Sayt internette: { $url }
    Bu kopiyanıñ deñiştirilmegenini tekşirmek içün onıñ SHA-256 kontrol summasını { $sums } adresinde derc etilgeni ile qıyaslañız.

## The preview's error page (zaklyk serve).

serve-error-title = Saytnı yañıdan qurmaq mümkün olmadı
serve-error-intro = Aşağıdaki problemlerni tüzetip faylnı saqlañız: bu saife özü yañılanır. Başqa saifeler soñki muvafaqiyetli versiyanı köstere.

download-signature = Kontrol summalarınıñ Ed25519 imzası
download-key = açıq anahtar, izi

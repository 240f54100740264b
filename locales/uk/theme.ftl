# Рядки інтерфейсу типової теми.

# source: 7c49b318854cf5e5
skip-link = Перейти до основного вмісту
# source: 8397fbbfb9ebad3a
languages-label = Мова
# source: e238a18c6faa119d
pages-label = Сторінки
# source: 2b591c7b6184623a
statement-link = Заява
# source: c5c39bd51cbe27f3
all-languages = Усі мови
# source: 86fda7810a65bf5d
choose-language = Оберіть мову
# source: 6a0a3bf8b286464d
footer-privacy = Цей сайт нічого не завантажує з інших сайтів: жодних шрифтів, скриптів, трекерів чи файлів cookie.

# source: 58e0e923734a0e1d
draft-notice = Це неофіційний чернетковий переклад, який ще не перевірено.
# source: 785c06878fbac3c1
draft-notice-link = Читати оригінал ({ $language }).

# source: 207a480b54caecaf
fallback-notice = Цю сторінку ще не перекладено. Мова цієї версії: { $source }.

# source: 00db0d599e2a2e9f
demand-link-label = Посилання на вимогу { $number }
# source: 29343006a8994676
demand-untranslated = Цю вимогу ще не перекладено.

# source: 9dc4cf20c50e7b19
signatories-heading = Підписанти
# Українська має чотири форми: one (1, 21), few (2–4, 22), many (5–20, 25), other (дроби).
# source: f4fd8e898fe6d504
signatories-count = { $count ->
    [one] Підписала { $count } організація
    [few] Підписали { $count } організації
    [many] Підписали { $count } організацій
   *[other] Підписали { $count } організації
}

# source: dde6f523cb192841
not-found-title = Сторінку не знайдено
# source: e5ec0bec52864e37
not-found-home = Перейти до заяви українською

# source: 8611831968caba88
date-long = { $day } { $month ->
    [1] січня
    [2] лютого
    [3] березня
    [4] квітня
    [5] травня
    [6] червня
    [7] липня
    [8] серпня
    [9] вересня
    [10] жовтня
    [11] листопада
   *[12] грудня
} { $year } року

# source: 1a9014a2f1e3bc29
outdated-notice = Оригінальний текст змінився після того, як зробили цей переклад; переклад може бути застарілим.
# source: 3e0e8142da31a03c
outdated-notice-link = Дивіться оригінал ({ $language }).

# source: f0f9e2d184d5bdb2
translate-link = Допомогти з перекладом
# source: 9d256ee8e5857f25
translate-title = Переклади цього сайту
# source: f38fca80d8114ded
translate-intro = Цю заяву перекладають волонтери. Таблиця показує, наскільки повний кожен переклад; чернетку ще не перевірила людина.
# source: 7f679c7a68b9e518
translate-howto = Щоб додати чи покращити переклад, скористайтеся посібником TRANSLATING.md у вихідних файлах сайту, а потім запустіть «zaklyk check», щоб знайти, чого бракує.
# source: dad0a5c7d4050a78
translate-language = Мова
# source: f98f09109f457213
translate-messages = Рядки інтерфейсу
# source: 5f1ce0761da31fa5
translate-pages = Сторінки
# source: c070b0c439dfeb4c
translate-demands = Вимоги
# source: 227ad3e407d5c204
translate-drafts = Чернетки
# source: 857f780f831394c3
translate-outdated = Застарілі
# source: 7e2dbc67abff73c1
translate-missing = Не перекладено

## Sharing and offline copies.

# source: b78003dbfac077c2
share-heading = Поширити
# source: 24481f34d0e07d73
share-email = Ел. пошта
# source: 00aa4c3b51c1b896
share-copy = Або скопіюйте адресу:
# source: 1d4c64d886cf6123
download-heading = Завантажити для читання офлайн
# source: b6dd0caef838aac2
download-zip = Увесь сайт усіма мовами (ZIP, { $size } КБ)
# source: 0cd2d70397e9a56e
download-page = Ця заява одним файлом (HTML, { $size } КБ)
# source: 3f7ef7f5ba148949
download-sums = Контрольні суми SHA-256 для перевірки копії
# source: 787dc77a5abac65b
offline-notice = Це офлайн-копія. Сайт доступний за адресою
# source: ecc27b19f7de4271
offline-readme =
    Це офлайн-копія сайту «{ $title }».
    Щоб прочитати її, розпакуйте архів і відкрийте файл index.html у браузері; інтернет не потрібен.
    Сайт доступний за адресою { $url }
    Щоб перевірити, що копію не змінено, порівняйте її контрольну суму SHA-256 з опублікованою за адресою { $sums }

## The preview's error page (zaklyk serve).

# source: bbda93aa49ed5382
serve-error-title = Не вдалося перебудувати сайт
# source: 4278984596502543
serve-error-intro = Виправте проблеми нижче й збережіть файл: ця сторінка оновиться сама. Інші сторінки показують останню вдалу версію.

# source: 8eb12e0c5c26162e
download-signature = Підпис Ed25519 контрольних сум
# source: 91eb825ad86bd1b2
download-key = відкритий ключ, відбиток
# source: 65881fff1c066596
translate-guide = Посібник для перекладачів (англійською).

## If this site is blocked: mirrors, the onion address, checksums.

# source: 92d128ab3b9677c3
blocked-heading = Якщо цей сайт заблоковано
# source: 4071077d36694153
blocked-mirrors = Той самий сайт за іншими адресами:
# source: a506542dcc22fb52
blocked-onion = У Tor Browser — за цією адресою (скопіюйте її в адресний рядок):
# source: 815334c0fd728bd0
download-checksum = Контрольна сума SHA-256:
# source: 3bff44d71845390b
mirror-readme =
    У цій теці — сайт «{ $title }», готовий до публікації за іншою адресою для читачів, які не можуть відкрити { $url }
    Щоб опублікувати копію, завантажте весь вміст теки «site» на будь-який вебхостинг. Сторінки працюють за будь-якою адресою і в будь-якій підтеці; не потрібні ні база даних, ні програми. Файл nginx.conf у ній — готова конфігурація сервера nginx: змініть у ній root і server_name.
    Відомі копії: { $mirrors }
    Щоб перевірити, що цю копію не змінено, порівняйте контрольну суму SHA-256 файлу { $name }-mirror.zip з опублікованою за адресою { $sums } (наприклад, командою: sha256sum { $name }-mirror.zip).

# source: 85ed55ba0d7ab885
card-demand = Вимога { $number }
# source: 6318325bc7ed4cc7
demand-page-title = Вимога { $number }
# source: b09fe01581681dda
demand-page-link = Окрема сторінка цієї вимоги
# source: 1db8eb488d7db6e6
demand-in-statement = Читати вимогу { $number } у заяві
# source: 7c35b729bbbe55c6
card-download = Зображення цієї вимоги, щоб поширити (PNG)
# source: 2c4cef24284d782a
sheet-link = Вимоги на одному аркуші, для друку
# source: 8be6c7851383b9ed
sheet-intro = Вимоги заяви на одному аркуші, щоб надрукувати й передати далі.
# source: d3fb34ad779b9f91
sheet-read-all = Читати всю заяву.
# source: fd24712ab9b61b3c
qr-label = QR-код адреси { $url }
# source: e71fa2125477f34f
qr-caption = Онлайн:
# source: dcd2e32f283c9c88
updates-title = Новини
# source: 446095d3a249f7ea
updates-feed = Новини (стрічка Atom)
# source: de4f25e5ed2dbd83
updates-none = Новин поки немає.

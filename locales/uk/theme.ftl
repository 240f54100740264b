# Рядки інтерфейсу типової теми.

skip-link = Перейти до змісту
languages-label = Мова
pages-label = Сторінки
statement-link = Заява
all-languages = Усі мови
choose-language = Оберіть мову
footer-privacy = Цей сайт нічого не завантажує з інших сайтів: жодних шрифтів, скриптів, трекерів чи куків.

draft-notice = Це неофіційний чернетковий переклад, який ще не перевірено.
draft-notice-link = Читати оригінал ({ $language }).

fallback-notice = Цю сторінку ще не перекладено мовою «{ $language }»; ви читаєте версію мовою «{ $source }».

demand-link-label = Посилання на вимогу { $number }

signatories-heading = Підписанти
# Українська має чотири форми: one (1, 21), few (2–4, 22), many (5–20, 25), other (дроби).
signatories-count = { $count ->
    [one] Підписала { $count } організація
    [few] Підписали { $count } організації
    [many] Підписали { $count } організацій
   *[other] Підписали { $count } організації
}

not-found-title = Сторінку не знайдено
not-found-home = Перейти до заяви українською

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

outdated-notice = Оригінальний текст змінився після того, як зробили цей переклад; він може бути застарілим.
outdated-notice-link = Дивіться оригінал ({ $language }).

translate-link = Допомогти з перекладом
translate-title = Переклади цього сайту
translate-intro = Цю заяву перекладають волонтери. Таблиця показує, наскільки повний кожен переклад; чернетку ще не перевірила людина.
translate-howto = Щоб додати чи покращити переклад, скористайтеся посібником TRANSLATING.md у вихідних файлах сайту, а потім запустіть «zaklyk check», щоб знайти, чого бракує.
translate-language = Мова
translate-messages = Рядки інтерфейсу
translate-pages = Сторінки
translate-drafts = Чернетки
translate-outdated = Застарілі
translate-missing = Не перекладено

## Sharing and offline copies.

share-heading = Поширити
share-email = Ел. пошта
share-copy = Або скопіюйте адресу:
download-heading = Завантажити для читання офлайн
download-zip = Увесь сайт усіма мовами (ZIP, { $size } КБ)
download-page = Ця заява одним файлом (HTML, { $size } КБ)
download-sums = Контрольні суми SHA-256 для перевірки копії
offline-notice = Це офлайн-копія. Сайт доступний за адресою
offline-readme =
    Це офлайн-копія сайту «{ $title }».
    Щоб прочитати її, розпакуйте архів і відкрийте файл index.html у браузері; інтернет не потрібен.
    Сайт доступний за адресою { $url }
    Щоб перевірити, що копію не змінено, порівняйте її контрольну суму SHA-256 з опублікованою за адресою { $sums }

## The preview's error page (zaklyk serve).

serve-error-title = Не вдалося перебудувати сайт
serve-error-intro = Виправте проблеми нижче й збережіть файл: ця сторінка оновиться сама. Інші сторінки показують останню вдалу версію.

download-signature = Підпис Ed25519 контрольних сум
download-key = відкритий ключ, відбиток
